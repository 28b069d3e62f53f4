#pragma once

#include "core/result.h"
#include "review/reviewrecords.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QSet>

// The local durable journal of review decisions: an append-only file of JSON lines in the data folder, so
// a decision survives a dropped connection, a crash or a quit. Each append is fsync'd before it returns.
// Lines: {"t":"decision", …record…} when a decision is made, {"t":"sent","id":…} once the database holds it,
// {"t":"conflict","id":…} once it was shown as a conflict. Replaying the file on open() gives the records
// still to send, in the order they were made. A torn last line (a crash mid-write) is ignored.
// Not thread-safe: one owner (ReviewService, on the UI thread).
class DecisionJournal
{
    Q_DECLARE_TR_FUNCTIONS(DecisionJournal)

public:
    static inline const QString FileName = QStringLiteral("review-journal.jsonl");

    explicit DecisionJournal(const QString &directory);

    // Reads the file (creating the directory and file if missing). Error::Io when it cannot be opened.
    Result<void> open();
    Result<void> append(const ReviewRecord &record);
    Result<void> markSent(const QList<QUuid> &ids);
    Result<void> markConflict(const QUuid &id);
    // Rewrites the file with only the unsent records (atomically), when most of it is history.
    Result<void> compact();

    QList<ReviewRecord> pending() const; // unsent, in the order they were made
    std::optional<ReviewRecord> record(const QUuid &id) const; // any record this journal holds
    int pendingCount() const { return int(m_order.size()); }
    QString path() const;

    static QJsonObject toJson(const ReviewRecord &record);
    static std::optional<ReviewRecord> fromJson(const QJsonObject &json);

private:
    Result<void> writeLine(const QByteArray &line);

    QString m_directory;
    QFile m_file;
    QList<QUuid> m_order; // unsent ids in order
    QHash<QUuid, ReviewRecord> m_records; // every decision read or appended
    int m_lines = 0;
};
