#include "fairness/fairnessrecords.h"

#include <QCoreApplication>

#include <array>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FairnessRecords", text);
}

struct StageName
{
    FairnessStage stage;
    QLatin1String key;
};

constexpr std::array<StageName, 6> StageNames { {
    { FairnessStage::Proposed, QLatin1String("proposed") },
    { FairnessStage::ShownTopK, QLatin1String("shown_top_k") },
    { FairnessStage::ApprovedL1, QLatin1String("approved_l1") },
    { FairnessStage::FinalDecision, QLatin1String("final_decision") },
    { FairnessStage::Applied, QLatin1String("applied") },
    { FairnessStage::Hired, QLatin1String("hired") },
} };

} // namespace

QString stageKey(FairnessStage stage)
{
    for (const StageName &s : StageNames)
        if (s.stage == stage)
            return s.key;
    return QString();
}

std::optional<FairnessStage> stageFromKey(const QString &key)
{
    for (const StageName &s : StageNames)
        if (key == s.key)
            return s.stage;
    return std::nullopt;
}

QString stageLabel(FairnessStage stage)
{
    switch (stage) {
    case FairnessStage::Proposed:
        return tr("Proposed by the engine");
    case FairnessStage::ShownTopK:
        return tr("Shown in the top k");
    case FairnessStage::ApprovedL1:
        return tr("Approved at level 1");
    case FairnessStage::FinalDecision:
        return tr("Final decision: approved");
    case FairnessStage::Applied:
        return tr("Applied");
    case FairnessStage::Hired:
        return tr("Hired");
    }
    return QString();
}

QString referenceKey(ReferenceGroup reference)
{
    switch (reference) {
    case ReferenceGroup::HighestRate:
        return QStringLiteral("highest_rate");
    case ReferenceGroup::Largest:
        return QStringLiteral("largest");
    case ReferenceGroup::Chosen:
        return QStringLiteral("chosen");
    }
    return QString();
}

std::optional<ReferenceGroup> referenceFromKey(const QString &key)
{
    for (ReferenceGroup r : { ReferenceGroup::HighestRate, ReferenceGroup::Largest, ReferenceGroup::Chosen })
        if (referenceKey(r) == key)
            return r;
    return std::nullopt;
}
