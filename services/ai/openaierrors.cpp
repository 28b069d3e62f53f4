#include "ai/openaiclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrl>

std::pair<QString, QString> OpenAiClient::serverError(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    return { error.value(QLatin1String("message")).toString().left(300),
        error.value(QLatin1String("code")).toString() };
}

namespace {
bool isTlsError(int error)
{
    return error == QNetworkReply::SslHandshakeFailedError;
}
} // namespace

OpenAiClient::Outcome OpenAiClient::classify(const OpenAiRawReply &raw, const ApiCall &call) const
{
    const QString host = QUrl(m_settings.baseUrl).host();
    const auto fail = [](OpenAiFault fault, Error::Code code, QString message, bool retry, bool breaker) {
        return Outcome { fault, makeError(code, std::move(message)), retry, breaker };
    };
    if (raw.cancelled)
        return fail(OpenAiFault::Cancelled, Error::Cancelled, tr("The OpenAI request was cancelled."), false, false);
    if (raw.timedOut)
        return fail(OpenAiFault::Timeout, Error::Network,
            tr("%1 did not answer within %n second(s).", nullptr, std::max(1, m_settings.timeoutMs / 1000)).arg(host),
            true, true);
    if (raw.status == 0) {
        if (isTlsError(raw.networkError))
            return fail(OpenAiFault::Connection, Error::Network,
                tr("The secure connection to %1 failed: %2").arg(host, raw.errorString), false, true);
        if (raw.networkError == QNetworkReply::RemoteHostClosedError)
            return fail(OpenAiFault::Connection, Error::Network,
                tr("The connection to %1 dropped before the answer was complete.").arg(host), true, true);
        // Qt has no name for a connection reset once it was open (TCP RST from the network or a proxy): its text
        // would be only "Unknown error".
        if (raw.networkError == QNetworkReply::UnknownNetworkError)
            return fail(OpenAiFault::Connection, Error::Network,
                tr("The connection to %1 was cut off before the answer came.").arg(host), true, true);
        return fail(OpenAiFault::Connection, Error::Network, tr("Could not reach %1: %2").arg(host, raw.errorString),
            true, true);
    }
    const auto [serverMessage, serverCode] = serverError(raw.body);
    const QString detail = serverMessage.isEmpty() ? QString() : QLatin1Char(' ') + serverMessage;
    switch (raw.status) {
    case 401:
        // OpenAI's own text quotes part of the key; leave it out.
        return fail(OpenAiFault::Unauthorized, Error::InvalidInput,
            tr("The API key was refused by %1 (401). Check the key in the OpenAI settings.").arg(host), false, false);
    case 403:
        return fail(OpenAiFault::Forbidden, Error::InvalidInput,
            tr("This API key has no access here (403): the organisation, project or region does not allow it.")
                + detail,
            false, false);
    case 404:
        if (!call.model.isEmpty())
            return fail(OpenAiFault::NotFound, Error::NotFound,
                tr("OpenAI does not know the model \"%1\", or this key cannot use it (404).").arg(call.model), false,
                false);
        return fail(OpenAiFault::NotFound, Error::NotFound,
            tr("%1 has no endpoint \"%2\" (404). Check the base URL.").arg(host, call.path), false, false);
    case 429:
        if (serverCode == QLatin1String("insufficient_quota"))
            return fail(OpenAiFault::RateLimited, Error::Network,
                tr("The OpenAI account has used up its quota (429). Check the plan and billing."), false, false);
        return fail(
            OpenAiFault::RateLimited, Error::Network, tr("OpenAI is limiting the request rate (429)."), true, false);
    case 408:
        return fail(OpenAiFault::Timeout, Error::Network, tr("%1 timed out waiting for the request (408).").arg(host),
            true, true);
    default:
        break;
    }
    if (raw.status >= 500)
        return fail(OpenAiFault::ServerError, Error::Network,
            tr("%1 answered with a server error (HTTP %2).").arg(host).arg(raw.status), true, true);
    if (raw.status >= 300 || raw.status < 200)
        return fail(OpenAiFault::BadRequest, Error::InvalidInput,
            tr("OpenAI rejected the request (HTTP %1).").arg(raw.status) + detail, false, false);
    if (!call.stream) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(raw.body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return fail(OpenAiFault::Malformed, Error::Io, tr("%1 sent an answer that is not valid JSON.").arg(host),
                true, true);
    }
    return {};
}
