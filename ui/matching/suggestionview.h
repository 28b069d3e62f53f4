#pragma once

#include "matching/matchservice.h"

#include <QWidget>

class QLabel;
class QTableWidget;

// What Suggest weights found: each component's logistic coefficient with its standard error (a
// coefficient within two standard errors of 0 is not told apart from no effect), the weight the draft
// version got from it, and the draft's name with the fit's cross-validated figures.
class SuggestionView : public QWidget
{
    Q_OBJECT
public:
    enum Column { Component, Coefficient, StandardError, Weight, ColumnCount };

    explicit SuggestionView(QWidget *parent = nullptr);

    void setSuggestion(const WeightSuggestion &suggestion);
    void clear();

    QTableWidget *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }

private:
    QLabel *m_summary;
    QTableWidget *m_table;
};
