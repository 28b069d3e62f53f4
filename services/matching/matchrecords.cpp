#include "matching/matchrecords.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("MatchRecords", text);
}
} // namespace

QString scopeKey(MatchScope scope)
{
    switch (scope) {
    case MatchScope::OpenJobs:
        return QStringLiteral("open_jobs");
    case MatchScope::Job:
        return QStringLiteral("job");
    case MatchScope::Jobs:
        return QStringLiteral("jobs");
    case MatchScope::Freelancer:
        return QStringLiteral("freelancer");
    }
    return {};
}

std::optional<MatchScope> scopeFromKey(const QString &key)
{
    for (MatchScope s : { MatchScope::OpenJobs, MatchScope::Job, MatchScope::Jobs, MatchScope::Freelancer }) {
        if (scopeKey(s) == key)
            return s;
    }
    return std::nullopt;
}

const std::array<QString, compute::MatchComponentCount> &componentKeys()
{
    static const std::array<QString, compute::MatchComponentCount> keys { QStringLiteral("semantic"),
        QStringLiteral("skills"), QStringLiteral("experience"), QStringLiteral("success_rate"),
        QStringLiteral("region"), QStringLiteral("budget") };
    return keys;
}

QJsonObject paramsToJson(const compute::MatchParams &params)
{
    QJsonObject weights;
    for (int c = 0; c < compute::MatchComponentCount; ++c)
        weights.insert(componentKeys()[std::size_t(c)], params.weights[std::size_t(c)]);
    return QJsonObject { { QStringLiteral("weights"), weights }, { QStringLiteral("threshold"), params.threshold },
        { QStringLiteral("top_k"), params.topK } };
}

Result<compute::MatchParams> paramsFromJson(const QJsonObject &json)
{
    compute::MatchParams params;
    if (!json.contains(QStringLiteral("weights")))
        return makeError(Error::InvalidInput,
            tr("The version stores no matching parameters (weights, threshold, top-k); it cannot be run or replayed."));
    const QJsonObject weights = json.value(QStringLiteral("weights")).toObject();
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        const QJsonValue w = weights.value(componentKeys()[std::size_t(c)]);
        if (!w.isDouble())
            return makeError(Error::InvalidInput,
                tr("The version has no %1 weight.").arg(componentKeys()[std::size_t(c)]));
        params.weights[std::size_t(c)] = w.toDouble();
    }
    const QJsonValue threshold = json.value(QStringLiteral("threshold"));
    const QJsonValue topK = json.value(QStringLiteral("top_k"));
    if (!threshold.isDouble())
        return makeError(Error::InvalidInput, tr("The version has no threshold."));
    if (!topK.isDouble())
        return makeError(Error::InvalidInput, tr("The version has no top-k."));
    params.threshold = threshold.toDouble();
    params.topK = topK.toInt();
    if (const std::string why = compute::validateMatchParams(params); !why.empty())
        return makeError(Error::InvalidInput,
            tr("The matching parameters are not valid: %1.").arg(QString::fromStdString(why)));
    return params;
}
