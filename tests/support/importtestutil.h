#pragma once

#include "db/databaseworker.h"
#include "support/testutil.h"

#include <QFile>
#include <QSqlQuery>

// Shared by tst_memoryimport and tst_memoryexport: a fresh workspace per backend, and row checks.

inline std::unique_ptr<Repository> openFreshWorkspace(
    SqlDialect::Backend backend, const QTemporaryDir &dir, const QString &name)
{
    if (backend == SqlDialect::Postgres)
        return openFreshPostgres(QStringLiteral("sextant_%1_test").arg(name), QStringLiteral("pg-") + name);
    QFile::remove(dir.filePath(name + QLatin1String(".sqlite")));
    QFile::remove(dir.filePath(name + QLatin1String(".sqlite-wal")));
    QFile::remove(dir.filePath(name + QLatin1String(".sqlite-shm")));
    return openTempWorkspace(dir, name);
}

// Opens `worker` on a fresh workspace of `backend` (both lanes), as the services tests use it; the
// returned error says why when the workspace could not be made.
inline Result<void> openWorkerOnFreshWorkspace(
    DatabaseWorker &worker, SqlDialect::Backend backend, const QTemporaryDir &dir, const QString &name)
{
    return worker
        .open([backend, &dir, name]() -> Result<std::unique_ptr<Repository>> {
            auto repo = openFreshWorkspace(backend, dir, name);
            if (!repo)
                return makeError(Error::Database, QStringLiteral("no workspace %1").arg(name));
            return repo;
        })
        .result();
}

inline qint64 auditCount(Repository &repo, const QString &action)
{
    QSqlQuery q(repo.database());
    q.prepare(QLatin1String("SELECT COUNT(*) FROM ") + repo.dialect().table(Table::AuditLog)
        + QLatin1String(" WHERE action = ") + repo.dialect().placeholder(QStringLiteral("a"), SqlDialect::Text));
    q.bindValue(QStringLiteral(":a"), action);
    if (!q.exec() || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

// Texts that must survive every format and backend byte for byte.
inline QStringList awkwardTexts()
{
    return { QStringLiteral("'); DROP TABLE memories; --"), QStringLiteral("100% of _all_ rows"),
        QStringLiteral("C:\\temp\\new \\\\ share"), QStringLiteral("she said \"hi\", then 'bye'"),
        QStringLiteral("multi\nline,\r\nwith \"quotes\""), QString::fromUtf8("emoji \xF0\x9F\x8C\xB1 and \xC3\xA9"),
        QStringLiteral("=SUM(A1:A9)"), QStringLiteral("  padded  "), QStringLiteral("# not a comment: really") };
}

#define COMPARE_MEMORY(a, b, withEmbedding)                                                                            \
    do {                                                                                                               \
        QCOMPARE((a).id, (b).id);                                                                                      \
        QCOMPARE((a).userPrompt, (b).userPrompt);                                                                      \
        QCOMPARE((a).agentReply, (b).agentReply);                                                                      \
        QCOMPARE((a).summary, (b).summary);                                                                            \
        QCOMPARE((a).sessionId, (b).sessionId);                                                                        \
        QCOMPARE((a).userId, (b).userId);                                                                              \
        QCOMPARE((a).contextTags, (b).contextTags);                                                                    \
        QCOMPARE((a).tone, (b).tone);                                                                                  \
        QCOMPARE((a).createdAt, (b).createdAt);                                                                        \
        QCOMPARE((a).durationSeconds, (b).durationSeconds);                                                            \
        QCOMPARE((a).lastAccessed, (b).lastAccessed);                                                                  \
        QCOMPARE((a).priority, (b).priority);                                                                          \
        QCOMPARE((a).priorityOverride, (b).priorityOverride);                                                          \
        QCOMPARE((a).decayRate, (b).decayRate);                                                                        \
        QCOMPARE((a).longTerm, (b).longTerm);                                                                          \
        QCOMPARE((a).core, (b).core);                                                                                  \
        QCOMPARE((a).archivedAt, (b).archivedAt);                                                                      \
        QCOMPARE((a).embeddingModel, (b).embeddingModel);                                                              \
        QCOMPARE((a).metadata, (b).metadata);                                                                          \
        QCOMPARE((a).version, (b).version);                                                                            \
        QCOMPARE((a).updatedAt, (b).updatedAt);                                                                        \
        if (withEmbedding)                                                                                             \
            QCOMPARE((a).embedding, (b).embedding);                                                                    \
        else                                                                                                           \
            QVERIFY((b).embedding.isEmpty());                                                                          \
    } while (false)
