#pragma once

#include <QByteArray>
#include <QList>

// Incremental parser for server-sent events (WHATWG HTML §9.2) as OpenAI streams them: "data:" lines,
// events separated by a blank line, the stream closed by "data: [DONE]". Bytes arrive in whatever pieces
// TCP delivers; an event split across reads is held until its blank line arrives.
// Pure value type; any thread.
class SseParser
{
public:
    // Returns the data payloads of the events completed by `bytes` (multi-line data joined with '\n').
    QList<QByteArray> feed(const QByteArray &bytes);

    bool sawDone() const { return m_done; }
    // True when bytes of an unfinished event are held: the stream was cut mid-event if it ends now.
    bool hasPartialEvent() const;

private:
    void takeLine(QByteArray line, QList<QByteArray> &out);

    QByteArray m_buffer; // bytes after the last complete line
    QByteArray m_data; // data lines of the event being read
    bool m_inEvent = false;
    bool m_done = false;
};
