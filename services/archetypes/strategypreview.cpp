#include "archetypes/strategypreview.h"

#include "compute/rankchange.h"

#include <QCoreApplication>

#include <algorithm>
#include <numeric>

namespace StrategyPreviewer {

namespace {

double decayed(double priority, double sinceDays, bool noDecay)
{
    if (noDecay || sinceDays < 0)
        return priority;
    return priority * Archetypes::decayFactor(priority, sinceDays * 86400.0, false, false);
}

// 1-based rank of every memory by `score` descending, ties by id (as the Priority view lists them).
std::vector<int> ranks(const std::vector<double> &score, const std::vector<QUuid> &ids)
{
    std::vector<int> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return score[size_t(a)] != score[size_t(b)] ? score[size_t(a)] > score[size_t(b)]
                                                    : ids[size_t(a)] < ids[size_t(b)];
    });
    std::vector<int> rank(score.size());
    for (size_t i = 0; i < order.size(); ++i)
        rank[size_t(order[i])] = int(i) + 1;
    return rank;
}

Error cancelledError()
{
    return makeError(Error::Cancelled, QCoreApplication::translate("StrategyPreviewer", "The preview was cancelled."));
}

} // namespace

Result<StrategyPreview> compare(
    const PriorityQueries::RankingSnapshot &s, double floor, int top, int shown, const std::function<bool()> &cancelled)
{
    const auto stop = [&] { return cancelled && cancelled(); };
    const size_t n = s.ids.size();
    std::vector<double> before(n), after(n);
    StrategyPreview preview;
    preview.floor = floor;
    for (size_t i = 0; i < n; ++i) {
        before[i] = decayed(s.today[i], s.sinceDays[i], s.noDecay[i] != 0);
        after[i] = decayed(s.proposed[i], s.sinceDays[i], s.noDecay[i] != 0);
        if (before[i] >= floor && after[i] < floor)
            ++preview.crossDown;
        else if (before[i] < floor && after[i] >= floor)
            ++preview.crossUp;
    }
    if (stop())
        return cancelledError();
    const std::vector<int> rankBefore = ranks(before, s.ids);
    if (stop())
        return cancelledError();
    const std::vector<int> rankAfter = ranks(after, s.ids);
    if (stop())
        return cancelledError();

    std::vector<size_t> compared;
    std::vector<double> x, y;
    for (size_t i = 0; i < n; ++i) {
        if (rankBefore[i] > top && rankAfter[i] > top)
            continue;
        compared.push_back(i);
        x.push_back(before[i]);
        y.push_back(after[i]);
    }
    preview.compared = int(compared.size());
    preview.kendallTau = compute::kendallTauB(x, y);

    const auto move = [&](size_t i) {
        RankMove m;
        m.memoryId = s.ids[i];
        m.rankBefore = rankBefore[i];
        m.rankAfter = rankAfter[i];
        m.before = before[i];
        m.after = after[i];
        return m;
    };
    std::vector<size_t> byGain = compared;
    const auto gain = [&](size_t i) { return qint64(rankBefore[i]) - qint64(rankAfter[i]); };
    std::sort(byGain.begin(), byGain.end(),
        [&](size_t a, size_t b) { return gain(a) != gain(b) ? gain(a) > gain(b) : rankAfter[a] < rankAfter[b]; });
    for (size_t k = 0; k < byGain.size() && preview.up.size() < shown && gain(byGain[k]) > 0; ++k)
        preview.up << move(byGain[k]);
    for (size_t k = byGain.size(); k-- > 0 && preview.down.size() < shown && gain(byGain[k]) < 0;)
        preview.down << move(byGain[k]);
    return preview;
}

int mainArchetype(const PriorityQueries::MemoryPriorities &m, const std::array<double, Archetypes::Count> &before,
    const std::array<double, Archetypes::Count> &after, bool up)
{
    const std::array<double, Archetypes::Count> a = m.contributions(before), b = m.contributions(after);
    int best = 0;
    for (int i = 1; i < Archetypes::Count; ++i) {
        const double di = b[size_t(i)] - a[size_t(i)], db = b[size_t(best)] - a[size_t(best)];
        if (up ? di > db : di < db)
            best = i;
    }
    return best;
}

} // namespace StrategyPreviewer
