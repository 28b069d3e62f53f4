#pragma once

#include "tasks/taskinfo.h"

#include <QString>

class QTextStream;

// Shows a task's progress on stderr, so stdout carries only the result. On a terminal: one line redrawn in
// place, with a bar, the rate (when the task's size in units is known) and the time left. Otherwise, or
// with --json: one JSON object per line and step, e.g.
//   {"event":"progress","task":"Import","percent":42,"fraction":0.42,"status":"…","elapsed_ms":812,"eta_ms":1121}
// A step is a change of the whole percent or of the status line.
class CliProgress
{
public:
    enum class Style { Bar, JsonLines };

    CliProgress(Style style, QTextStream &err);
    // Units of work the task handles in all (rows, pairs), for the rate; 0 = unknown (no rate shown).
    void setUnits(qint64 total, const QString &unitsPerSecond);

    void update(const TaskInfo &info);
    void finish(const TaskInfo &info); // clears the bar; a JSON line with the final state

private:
    void drawBar(const TaskInfo &info);
    void writeJson(const TaskInfo &info, const QString &event);

    Style m_style;
    QTextStream &m_err;
    qint64 m_units = 0;
    QString m_rateFormat; // "%1 rows/s"
    int m_lastPercent = -1;
    QString m_lastStatus;
    int m_barWidth = 0; // characters of the last line drawn
};
