#include "ai/openaiclient.h"

#include <QCoroNetworkReply>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

// One HTTP exchange: no retries, no limits (call() does those). The watchdog restarts whenever bytes
// arrive, so a long stream that keeps talking is never cut, while a server that goes silent is.
QCoro::Task<OpenAiRawReply> OpenAiClient::exchange(
    const ApiCall &call, const OpenAiSettings &settings, CancelToken cancel, CancelToken all)
{
    QNetworkRequest request(settings.endpoint(call.path));
    if (!m_apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    if (!settings.organization.isEmpty())
        request.setRawHeader("OpenAI-Organization", settings.organization.toUtf8());
    if (!settings.project.isEmpty())
        request.setRawHeader("OpenAI-Project", settings.project.toUtf8());
    request.setRawHeader("Accept", call.stream ? "text/event-stream" : "application/json");
    request.setRawHeader("User-Agent", "Sextant/" SEXTANT_VERSION);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // A redirect would carry the Authorization header to wherever it points.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    QNetworkReply *reply = call.verb == "GET" ? m_nam->get(request) : m_nam->post(request, call.body);
    const std::unique_ptr<QNetworkReply, void (*)(QNetworkReply *)> owner(
        reply, [](QNetworkReply *r) { r->deleteLater(); });

    OpenAiRawReply out;
    QObject context; // drops the connections below when this frame ends
    QTimer watchdog;
    watchdog.setSingleShot(true);
    watchdog.setInterval(settings.timeoutMs);
    QTimer poll;
    poll.setInterval(50);
    // abort() finishes the reply, which resumes this coroutine; queue it so the resume never runs inside
    // the timer's own signal.
    const auto abortLater = [reply] { QMetaObject::invokeMethod(reply, &QNetworkReply::abort, Qt::QueuedConnection); };
    QObject::connect(&watchdog, &QTimer::timeout, &context, [&out, abortLater] {
        out.timedOut = true;
        abortLater();
    });
    QObject::connect(&poll, &QTimer::timeout, &context, [&out, abortLater, &cancel, &all] {
        if (!out.cancelled && (cancel.isCancelled() || all.isCancelled())) {
            out.cancelled = true;
            abortLater();
        }
    });
    QObject::connect(reply, &QNetworkReply::readyRead, &context, [&watchdog, reply, &call] {
        watchdog.start();
        if (call.stream && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100 == 2)
            call.stream->chunk(reply->readAll());
    });
    watchdog.start();
    poll.start();
    if (!reply->isFinished())
        co_await qCoro(*reply).waitForFinished();
    watchdog.stop();
    poll.stop();

    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray rest = reply->isOpen() ? reply->readAll() : QByteArray(); // closed after abort()
    if (call.stream && out.status / 100 == 2)
        call.stream->chunk(rest);
    else
        out.body = rest;
    for (const auto &[name, value] : reply->rawHeaderPairs())
        out.headers.insert(name.toLower(), value);
    out.networkError = reply->error();
    if (reply->error() != QNetworkReply::NoError && out.status == 0)
        out.errorString = reply->errorString();
    co_return out;
}
