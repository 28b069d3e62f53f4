#include "memories/memoryheader.h"
#include "common/datalabel.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

MemoryHeader::MemoryHeader(QWidget *parent)
    : QWidget(parent)
    , m_summary(makeDataLabel(QStringLiteral("summaryText"), this))
    , m_meta(makeDataLabel(QStringLiteral("metaText"), this))
{
    QFont title = m_summary->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.15);
    m_summary->setFont(title);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_meta);
}

void MemoryHeader::setMemory(const Memory &memory)
{
    m_summary->setText(memory.summary.isEmpty() ? tr("(no summary)") : memory.summary);
    m_meta->setText(describe(memory));
}

void MemoryHeader::clear()
{
    m_summary->clear();
    m_meta->clear();
}

QString MemoryHeader::summaryText() const
{
    return m_summary->text();
}

QString MemoryHeader::metaText() const
{
    return m_meta->text();
}

QString MemoryHeader::describe(const Memory &memory)
{
    const QLocale locale;
    const QString separator = QStringLiteral(" · ");
    QStringList first;
    first << tr("Created %1").arg(locale.toString(memory.createdAt.toLocalTime(), QLocale::ShortFormat));
    if (!memory.sessionId.isEmpty())
        first << tr("Session %1").arg(memory.sessionId);
    if (!memory.userId.isEmpty())
        first << tr("User %1").arg(memory.userId);
    if (!memory.tone.isEmpty())
        first << tr("Tone: %1").arg(memory.tone);

    QStringList second;
    if (!memory.contextTags.isEmpty())
        second << tr("Tags: %1").arg(memory.contextTags.join(QStringLiteral(", ")));
    if (memory.longTerm)
        second << tr("Long-term");
    if (memory.core)
        second << tr("Core");
    if (memory.archivedAt.isValid())
        second
            << tr("Archived on %1").arg(locale.toString(memory.archivedAt.toLocalTime().date(), QLocale::ShortFormat));

    QString embedding;
    if (memory.embeddingModel.isEmpty())
        embedding = tr("No embedding");
    else if (memory.embeddingModel.startsWith(QLatin1String("sextant-offline")))
        embedding = tr("Embedding: %1 (lexical offline embedding)").arg(memory.embeddingModel);
    else
        embedding = tr("Embedding: %1").arg(memory.embeddingModel);
    second << embedding;

    return first.join(separator) + QLatin1Char('\n') + second.join(separator);
}
