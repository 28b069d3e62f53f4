#include "ai/ssestream.h"

QList<QByteArray> SseParser::feed(const QByteArray &bytes)
{
    QList<QByteArray> out;
    m_buffer.append(bytes);
    qsizetype start = 0;
    while (true) {
        const qsizetype nl = m_buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray line = m_buffer.mid(start, nl - start);
        if (line.endsWith('\r'))
            line.chop(1);
        takeLine(std::move(line), out);
        start = nl + 1;
    }
    m_buffer.remove(0, start);
    return out;
}

void SseParser::takeLine(QByteArray line, QList<QByteArray> &out)
{
    if (line.isEmpty()) { // dispatch
        if (m_inEvent) {
            if (m_data == "[DONE]")
                m_done = true;
            else
                out.append(m_data);
        }
        m_data.clear();
        m_inEvent = false;
        return;
    }
    if (line.startsWith(':')) // a comment, sent as a keep-alive
        return;
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_inEvent)
            m_data.append('\n');
        m_data.append(value);
        m_inEvent = true;
    }
    // "event", "id" and "retry" carry nothing OpenAI's chat stream uses.
}

bool SseParser::hasPartialEvent() const
{
    return m_inEvent || !m_buffer.trimmed().isEmpty();
}
