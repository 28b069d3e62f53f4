#pragma once

#include "core/memory.h"

#include <QWidget>

class QLabel;

// The top of the memory detail: the summary as a title, and a compact line of what is known about
// the memory (when, which session and user, tone, tags, flags, embedding model).
class MemoryHeader : public QWidget
{
    Q_OBJECT
public:
    explicit MemoryHeader(QWidget *parent = nullptr);

    void setMemory(const Memory &memory);
    void clear();

    QString summaryText() const;
    QString metaText() const;

private:
    static QString describe(const Memory &memory);

    QLabel *m_summary;
    QLabel *m_meta;
};
