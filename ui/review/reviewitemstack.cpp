#include "review/reviewitemstack.h"

#include "matching/matchservice.h"

#include <QResizeEvent>

ReviewItemStack::ReviewItemStack(QWidget *parent)
    : QWidget(parent)
{
    for (auto &view : m_views)
        view = new ReviewItemView(this);
    place();
}

QSize ReviewItemStack::sizeHint() const
{
    return m_views[0]->sizeHint();
}

QSize ReviewItemStack::minimumSizeHint() const
{
    return m_views[0]->minimumSizeHint();
}

void ReviewItemStack::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    place();
}

void ReviewItemStack::place()
{
    // Same size for both, so the swap is a move and never a relayout; the prepared one sits past the
    // right edge, where the parent's clip keeps it from being painted.
    const QRect shown(QPoint(0, 0), size());
    current()->setGeometry(shown);
    prepared()->setGeometry(shown.translated(width() + 16, 0));
}

void ReviewItemStack::setMatchService(MatchService *matches)
{
    m_matches = matches;
    forgetStrips();
    if (!m_matches)
        return;
    connect(m_matches, &MatchService::versionsChanged, this, &ReviewItemStack::loadWeights);
    loadWeights();
}

void ReviewItemStack::loadWeights()
{
    m_matches->versions(this, QStringLiteral("matching"), [this](const Result<QList<RegistryVersion>> &versions) {
        if (!versions)
            return;
        m_weights.clear();
        for (const RegistryVersion &version : *versions) {
            if (Result<compute::MatchParams> params = paramsFromJson(version.parameters))
                m_weights.insert(version.version, params->weights);
        }
        for (ReviewItemView *view : m_views) {
            if (!view->matchId().isNull())
                refreshView(view);
        }
    });
}

void ReviewItemStack::refreshView(ReviewItemView *view)
{
    const ReviewItem item = view->item();
    fill(view, item);
}

std::optional<std::array<double, compute::MatchComponentCount>> ReviewItemStack::weightsOf(const QString &version) const
{
    const auto it = m_weights.constFind(version);
    if (it == m_weights.constEnd())
        return std::nullopt;
    return *it;
}

ReviewItemView *ReviewItemStack::current() const
{
    return m_views[std::size_t(m_current)];
}

ReviewItemView *ReviewItemStack::prepared() const
{
    return m_views[std::size_t(1 - m_current)];
}

void ReviewItemStack::showItem(const ReviewItem &item)
{
    if (current()->matchId() == item.matchId && !item.matchId.isNull())
        return;
    if (prepared()->matchId() == item.matchId && !item.matchId.isNull()) {
        ++m_swaps;
        m_current = 1 - m_current;
        place();
        return;
    }
    fill(current(), item);
}

void ReviewItemStack::prepare(const ReviewItem &item)
{
    if (prepared()->matchId() == item.matchId || current()->matchId() == item.matchId)
        return;
    fill(prepared(), item);
}

void ReviewItemStack::refresh(const ReviewItem &item)
{
    if (current()->matchId() == item.matchId)
        fill(current(), item);
    else if (prepared()->matchId() == item.matchId)
        fill(prepared(), item);
}

void ReviewItemStack::clear(const QString &message)
{
    for (ReviewItemView *view : m_views)
        view->clear(message);
}

void ReviewItemStack::forgetStrips()
{
    m_jobStrips.clear();
    m_freelancerStrips.clear();
}

void ReviewItemStack::fill(ReviewItemView *view, const ReviewItem &item)
{
    view->setItem(item, weightsOf(item.modelVersion), m_reasons);
    fillStrips(view, item);
}

void ReviewItemStack::fillStrips(ReviewItemView *view, const ReviewItem &item)
{
    if (!m_matches) {
        if (m_neighbours) {
            view->setJobCandidates(m_neighbours(item, true));
            view->setFreelancerProposals(m_neighbours(item, false));
        }
        return;
    }
    // Cached answers fill at once; missing ones are asked for and land in whichever view still holds a
    // matching item when they arrive.
    if (const auto it = m_jobStrips.constFind(item.jobId); it != m_jobStrips.constEnd()) {
        view->setJobCandidates(*it);
    } else {
        const QUuid jobId = item.jobId;
        m_matches->candidates(this, jobId, [this, jobId](const Result<QList<MatchCandidateRow>> &rows) {
            if (!rows) { // not cached: the next time the item is shown asks again
                for (ReviewItemView *each : m_views) {
                    if (each->item().jobId == jobId && !each->matchId().isNull())
                        each->setJobCandidatesUnavailable(rows.error().message);
                }
                return;
            }
            QList<ReviewStripEntry> entries;
            for (const MatchCandidateRow &row : *rows)
                entries << ReviewStripEntry { row.matchId, row.ranking, row.freelancerName, row.score,
                    row.latestDecision };
            m_jobStrips.insert(jobId, entries);
            for (ReviewItemView *each : m_views) {
                if (each->item().jobId == jobId && !each->matchId().isNull())
                    each->setJobCandidates(entries);
            }
        });
    }
    // The best few of the freelancer's proposals: one more is asked for, to know whether to say "and more".
    const auto showProposals = [](ReviewItemView *target, const QList<ReviewStripEntry> &entries) {
        target->setFreelancerProposals(entries.mid(0, ProposalStripLength), entries.size() > ProposalStripLength);
    };
    if (const auto it = m_freelancerStrips.constFind(item.freelancerId); it != m_freelancerStrips.constEnd()) {
        showProposals(view, *it);
    } else {
        const QUuid freelancerId = item.freelancerId;
        m_matches->freelancerProposals(
            this, freelancerId,
            [this, freelancerId, showProposals](const Result<QList<MatchCandidateRow>> &rows) {
                if (!rows) {
                    for (ReviewItemView *each : m_views) {
                        if (each->item().freelancerId == freelancerId && !each->matchId().isNull())
                            each->setFreelancerProposalsUnavailable(rows.error().message);
                    }
                    return;
                }
                QList<ReviewStripEntry> entries;
                for (const MatchCandidateRow &row : *rows)
                    entries << ReviewStripEntry { row.matchId, row.ranking, row.jobTitle, row.score,
                        row.latestDecision };
                m_freelancerStrips.insert(freelancerId, entries);
                for (ReviewItemView *each : m_views) {
                    if (each->item().freelancerId == freelancerId && !each->matchId().isNull())
                        showProposals(each, entries);
                }
            },
            ProposalStripLength + 1);
    }
}
