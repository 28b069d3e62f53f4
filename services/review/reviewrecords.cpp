#include "review/reviewrecords.h"

QString decisionKey(ReviewDecision decision)
{
    switch (decision) {
    case ReviewDecision::Approve:
        return QStringLiteral("approve");
    case ReviewDecision::Reject:
        return QStringLiteral("reject");
    case ReviewDecision::Flag:
        return QStringLiteral("flag");
    }
    return {};
}

std::optional<ReviewDecision> decisionFromKey(const QString &key)
{
    for (ReviewDecision d : { ReviewDecision::Approve, ReviewDecision::Reject, ReviewDecision::Flag })
        if (decisionKey(d) == key)
            return d;
    return std::nullopt;
}

QString stateKey(ReviewState state)
{
    switch (state) {
    case ReviewState::Unreviewed:
        return QStringLiteral("unreviewed");
    case ReviewState::Mine:
        return QStringLiteral("mine");
    case ReviewState::Flagged:
        return QStringLiteral("flagged");
    case ReviewState::WaitingLevel2:
        return QStringLiteral("waiting_level2");
    case ReviewState::Decided:
        return QStringLiteral("decided");
    }
    return {};
}

std::optional<ReviewState> stateFromKey(const QString &key)
{
    for (ReviewState s : { ReviewState::Unreviewed, ReviewState::Mine, ReviewState::Flagged, ReviewState::WaitingLevel2,
             ReviewState::Decided })
        if (stateKey(s) == key)
            return s;
    return std::nullopt;
}
