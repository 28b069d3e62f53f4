#include "ai/openaisettings.h"

#include <QCoreApplication>
#include <QSettings>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("OpenAiSettings", text);
}

// One table drives load and save, so a new field cannot be saved under one name and read under another.
template<typename F> void forEachField(OpenAiSettings &s, F &&f)
{
    f("baseUrl", s.baseUrl);
    f("organization", s.organization);
    f("project", s.project);
    f("embeddingModel", s.embeddingModel);
    f("chatModel", s.chatModel);
    f("embeddingDimensions", s.embeddingDimensions);
    f("timeoutMs", s.timeoutMs);
    f("maxRetries", s.maxRetries);
    f("backoffBaseMs", s.backoffBaseMs);
    f("backoffMaxMs", s.backoffMaxMs);
    f("maxRetryAfterMs", s.maxRetryAfterMs);
    f("breakerThreshold", s.breakerThreshold);
    f("breakerCooldownMs", s.breakerCooldownMs);
    f("requestsPerMinute", s.requestsPerMinute);
    f("tokensPerMinute", s.tokensPerMinute);
    f("batchMaxInputs", s.batchMaxInputs);
    f("batchMaxTokens", s.batchMaxTokens);
    f("embeddingConcurrency", s.embeddingConcurrency);
}
} // namespace

QUrl OpenAiSettings::endpoint(const QString &path) const
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + QLatin1Char('/') + path);
}

Result<void> OpenAiSettings::validate() const
{
    const QUrl url(baseUrl.trimmed());
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return makeError(Error::InvalidInput, tr("The OpenAI base URL \"%1\" is not an http(s) address.").arg(baseUrl));
    if (embeddingModel.trimmed().isEmpty() || chatModel.trimmed().isEmpty())
        return makeError(Error::InvalidInput, tr("Both an embedding model and a chat model must be named."));
    if (embeddingDimensions < 0 || timeoutMs <= 0 || maxRetries < 0 || breakerThreshold < 1 || breakerCooldownMs < 0
        || requestsPerMinute < 1 || tokensPerMinute < 1 || batchMaxInputs < 1 || batchMaxTokens < 1
        || embeddingConcurrency < 1 || backoffBaseMs < 0 || backoffMaxMs < backoffBaseMs)
        return makeError(Error::InvalidInput, tr("An OpenAI limit or timeout is out of range."));
    return {};
}

OpenAiSettings OpenAiSettings::load(QSettings &settings)
{
    OpenAiSettings s;
    settings.beginGroup(QStringLiteral("openai"));
    forEachField(s, [&](const char *name, auto &field) {
        const QString key = QLatin1String(name);
        if (settings.contains(key))
            field = settings.value(key).template value<std::decay_t<decltype(field)>>();
    });
    settings.endGroup();
    return s;
}

void OpenAiSettings::save(QSettings &settings) const
{
    OpenAiSettings copy = *this;
    settings.beginGroup(QStringLiteral("openai"));
    forEachField(copy, [&](const char *name, auto &field) { settings.setValue(QLatin1String(name), field); });
    settings.endGroup();
}

QString OpenAiSettings::secretKey() const
{
    const QUrl url(baseUrl.trimmed());
    return QStringLiteral("openai:") + url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString();
}
