#pragma once

#include "review/reviewitemview.h"

#include <QHash>
#include <QWidget>

#include <functional>

class MatchService;

// Two ReviewItemViews, one shown and one filled ahead with the item the operator will most likely see
// next, so a key press only swaps them (the next item is on screen within a frame, not after a refill).
// The one filled ahead is a visible widget placed just outside this widget's rectangle, not a hidden one:
// it is laid out (word-wrapped labels measured) while the operator reads, and the swap only moves the two.
// The strips (the job's other candidates, the freelancer's other proposals) and the version's weights come
// from the MatchService when the page has one, cached per job and freelancer; otherwise from `neighbours`.
class ReviewItemStack : public QWidget
{
    Q_OBJECT
public:
    using Neighbours = std::function<QList<ReviewStripEntry>(const ReviewItem &item, bool sameJob)>;
    // The freelancer's strip shows this many of their best proposals (a sought-after freelancer may be proposed
    // for thousands of jobs; reading and laying out all of them stalled the key presses).
    static constexpr int ProposalStripLength = 12;

    explicit ReviewItemStack(QWidget *parent = nullptr);

    void setMatchService(MatchService *matches);
    void setNeighbours(Neighbours neighbours) { m_neighbours = std::move(neighbours); }
    void setReasons(const QHash<QString, QString> &reasons) { m_reasons = reasons; }

    void showItem(const ReviewItem &item); // swaps in the prepared view when it holds this item
    void prepare(const ReviewItem &item); // fills the hidden view
    void refresh(const ReviewItem &item); // the shown item changed (state, decisions): refill in place
    void clear(const QString &message);
    void forgetStrips(); // decisions changed: ask for the strips again

    ReviewItemView *current() const;
    ReviewItemView *prepared() const;
    int swaps() const { return m_swaps; } // how often showItem found the item prepared

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void place();
    void fill(ReviewItemView *view, const ReviewItem &item);
    void refreshView(ReviewItemView *view);
    void fillStrips(ReviewItemView *view, const ReviewItem &item);
    void loadWeights();
    std::optional<std::array<double, compute::MatchComponentCount>> weightsOf(const QString &version) const;

    MatchService *m_matches = nullptr;
    Neighbours m_neighbours;
    QHash<QString, QString> m_reasons;
    std::array<ReviewItemView *, 2> m_views {};
    int m_current = 0;
    QHash<QString, std::array<double, compute::MatchComponentCount>> m_weights;
    QHash<QUuid, QList<ReviewStripEntry>> m_jobStrips, m_freelancerStrips;
    int m_swaps = 0;
};
