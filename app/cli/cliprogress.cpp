#include "cli/cliprogress.h"

#include "cli/clicommand.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include <cmath>

namespace {
constexpr int BarCells = 24;

QString clock(qint64 ms)
{
    const qint64 seconds = (ms + 999) / 1000;
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// Time left from the rate so far; -1 while too little is done to tell.
qint64 remainingMs(const TaskInfo &info)
{
    if (info.progress < 0.01 || info.progress >= 1.0 || info.elapsedMs <= 0)
        return -1;
    return qint64(double(info.elapsedMs) * (1.0 - info.progress) / info.progress);
}
} // namespace

CliProgress::CliProgress(Style style, QTextStream &err)
    : m_style(style)
    , m_err(err)
{
}

void CliProgress::setUnits(qint64 total, const QString &unitsPerSecond)
{
    m_units = total;
    m_rateFormat = unitsPerSecond;
}

void CliProgress::update(const TaskInfo &info)
{
    const int percent = info.progress < 0 ? -1 : int(std::floor(info.progress * 100.0));
    if (m_style == Style::JsonLines) {
        if (percent == m_lastPercent && info.status == m_lastStatus)
            return;
        m_lastPercent = percent;
        m_lastStatus = info.status;
        writeJson(info, QStringLiteral("progress"));
        return;
    }
    drawBar(info);
}

void CliProgress::finish(const TaskInfo &info)
{
    if (m_style == Style::JsonLines) {
        static const char *const states[] = { "queued", "running", "finished", "failed", "cancelled", "superseded" };
        writeJson(info, QLatin1String(states[info.state]));
        return;
    }
    if (m_barWidth > 0)
        m_err << '\r' << QString(m_barWidth, QLatin1Char(' ')) << '\r';
    m_err.flush();
    m_barWidth = 0;
}

void CliProgress::drawBar(const TaskInfo &info)
{
    const double fraction = std::clamp(info.progress, 0.0, 1.0);
    const int filled = info.progress < 0 ? 0 : int(fraction * BarCells);
    QString line = info.name + QLatin1String("  [") + QString(filled, QLatin1Char('#'))
        + QString(BarCells - filled, QLatin1Char('-')) + QLatin1String("] ");
    line += info.progress < 0 ? QStringLiteral("  …") : QStringLiteral("%1%").arg(int(fraction * 100), 3);
    if (m_units > 0 && info.progress > 0 && info.elapsedMs > 0) {
        const double perSecond = double(m_units) * fraction * 1000.0 / double(info.elapsedMs);
        line += QLatin1String("  ") + m_rateFormat.arg(QLocale().toString(qint64(perSecond)));
    }
    const qint64 left = remainingMs(info);
    if (left >= 0)
        line += QLatin1String("  ") + Cli::tr("%1 left").arg(clock(left));
    if (!info.status.isEmpty())
        line += QLatin1String("  ") + info.status;
    constexpr int MaxWidth = 118; // stays on one line of a 120-column terminal
    if (line.size() > MaxWidth)
        line = line.left(MaxWidth - 1) + QChar(0x2026);
    const int pad = std::max(0, m_barWidth - int(line.size()));
    m_err << '\r' << line << QString(pad, QLatin1Char(' '));
    m_err.flush();
    m_barWidth = int(line.size());
}

void CliProgress::writeJson(const TaskInfo &info, const QString &event)
{
    QJsonObject line { { QStringLiteral("event"), event }, { QStringLiteral("task"), info.name },
        { QStringLiteral("elapsed_ms"), info.elapsedMs } };
    if (info.progress >= 0) {
        line.insert(QStringLiteral("fraction"), info.progress);
        line.insert(QStringLiteral("percent"), int(std::floor(info.progress * 100.0)));
    }
    if (!info.status.isEmpty())
        line.insert(QStringLiteral("status"), info.status);
    const qint64 left = remainingMs(info);
    if (left >= 0 && event == QLatin1String("progress"))
        line.insert(QStringLiteral("eta_ms"), left);
    if (m_units > 0)
        line.insert(QStringLiteral("units"), m_units);
    if (!info.errorMessage.isEmpty())
        line.insert(QStringLiteral("error"), info.errorMessage);
    m_err << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << '\n';
    m_err.flush();
}
