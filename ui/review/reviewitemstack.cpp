#include "review/reviewitemstack.h"

#include "matching/matchservice.h"

ReviewItemStack::ReviewItemStack(QWidget *parent)
    : QStackedWidget(parent)
{
    for (auto &view : m_views) {
        view = new ReviewItemView(this);
        addWidget(view);
    }
    setCurrentWidget(m_views[0]);
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
    return static_cast<ReviewItemView *>(currentWidget());
}

ReviewItemView *ReviewItemStack::prepared() const
{
    return current() == m_views[0] ? m_views[1] : m_views[0];
}

void ReviewItemStack::showItem(const ReviewItem &item)
{
    if (current()->matchId() == item.matchId && !item.matchId.isNull())
        return;
    ReviewItemView *next = prepared();
    if (next->matchId() == item.matchId && !item.matchId.isNull()) {
        ++m_swaps;
        setCurrentWidget(next);
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
            if (!rows)
                return;
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
    if (const auto it = m_freelancerStrips.constFind(item.freelancerId); it != m_freelancerStrips.constEnd()) {
        view->setFreelancerProposals(*it);
    } else {
        const QUuid freelancerId = item.freelancerId;
        m_matches->freelancerProposals(
            this, freelancerId, [this, freelancerId](const Result<QList<MatchCandidateRow>> &rows) {
                if (!rows)
                    return;
                QList<ReviewStripEntry> entries;
                for (const MatchCandidateRow &row : *rows)
                    entries << ReviewStripEntry { row.matchId, row.ranking, row.jobTitle, row.score,
                        row.latestDecision };
                m_freelancerStrips.insert(freelancerId, entries);
                for (ReviewItemView *each : m_views) {
                    if (each->item().freelancerId == freelancerId && !each->matchId().isNull())
                        each->setFreelancerProposals(entries);
                }
            });
    }
}
