#pragma once

#include "review/reviewrecords.h"

#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QToolButton;

// The queue's filters: region, category, score band, model version and "has bias flag" as combos and a
// check box; the state as a row of chips, each with its count (ReviewService::counts under the same filter).
// Categories and versions are learnt from the items the queue shows, so the combos offer what exists.
class ReviewFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewFilterBar(QWidget *parent = nullptr);

    ReviewQueueFilter filter(int level) const;
    void setCounts(const ReviewCounts &counts);
    void learn(const QList<ReviewItem> &items); // adds unseen categories and versions to the combos
    // Shows the given state (nullopt: every state) without a changed() round trip of its own.
    void setState(std::optional<ReviewState> state);
    std::optional<ReviewState> state() const;
    QString chipText(std::optional<ReviewState> state) const; // as shown, with the count

Q_SIGNALS:
    void changed();

private:
    QToolButton *chip(std::optional<ReviewState> state) const;
    static void addSorted(QComboBox *combo, const QString &value);

    QComboBox *m_region;
    QComboBox *m_category;
    QComboBox *m_scoreBand;
    QComboBox *m_version;
    QCheckBox *m_biasOnly;
    QButtonGroup *m_states;
    ReviewCounts m_counts;
};
