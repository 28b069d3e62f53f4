#pragma once

#include "ai/pricetable.h"

#include <QDialog>

class QTableWidget;

// Edits the per-model price table (US dollars per million prompt and completion tokens).
class PriceTableDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PriceTableDialog(const PriceTable &prices, QWidget *parent = nullptr);
    PriceTable prices() const; // as the table says; rows without a model name are dropped

private:
    void fill(const PriceTable &prices);
    QTableWidget *m_table;
};
