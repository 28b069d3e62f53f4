#include "db/auditlog.h"
#include "support/importtestutil.h"
#include "memories/memorybulk.h"

#include <QSqlQuery>

// Bulk actions on lists of ids: exact counts, transactions of bounded size, a cancel between chunks
// keeps whole chunks, and a soft delete restores as a batch. SQLite, then PostgreSQL.
class TestMemoryBulk : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryBulk(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    QList<QUuid> m_ids;
    const QDateTime m_base = QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC);

    qint64 countWhere(const QString &condition)
    {
        QSqlQuery q(m_repo->database());
        if (!q.exec(QLatin1String("SELECT COUNT(*) FROM ") + m_repo->dialect().table(Table::Memories)
                + QLatin1String(" WHERE ") + condition)
            || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    qint64 pinned() { return countWhere(QStringLiteral("long_term = ") + (m_backend == SqlDialect::Sqlite ? QStringLiteral("1") : QStringLiteral("true"))); }
    qint64 archived() { return countWhere(QStringLiteral("archived_at IS NOT NULL")); }

    BulkReport run(BulkRequest request, const std::function<bool(qint64, qint64)> &progress = {})
    {
        request.actor = QStringLiteral("bulk-tester");
        Result<BulkReport> report = MemoryBulk(*m_repo).run(request, progress);
        if (!report)
            qWarning("%s", qPrintable(report.errorMessage()));
        return report ? *report : BulkReport {};
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("bulk"));
        QVERIFY(m_repo);
        QList<Memory> memories;
        m_ids.clear();
        for (int i = 0; i < 1200; ++i) {
            Memory m = sampleMemory(i, m_base.addSecs(i));
            m.embedding.clear();
            m.longTerm = i < 100; // the first 100 are pinned already
            memories << m;
            m_ids << m.id;
        }
        QVERIFY(m_repo->insertMemories(memories));
    }
    void cleanup() { m_repo.reset(); }

    void pinCountsWhatChanged()
    {
        BulkRequest request;
        request.action = BulkRequest::Pin;
        request.ids = m_ids.mid(0, 300);
        request.ids << QUuid::createUuid(); // no such memory
        const BulkReport report = run(request);
        QCOMPARE(report.requested, 301);
        QCOMPARE(report.changed, 200);
        QCOMPARE(report.unchanged, 100);
        QCOMPARE(report.missing, 1);
        QCOMPARE(report.chunks, 1);
        QCOMPARE(pinned(), 300);
        QVERIFY(!report.describe().isEmpty());
        // Each changed memory's version moved on, so an editor holding the old one gets a conflict.
        QCOMPARE(m_repo->memoryDetail(m_ids[150])->memory.version, 2);
        QCOMPARE(m_repo->memoryDetail(m_ids[50])->memory.version, 1);
        // Its history names the batch.
        Result<QList<AuditEntry>> history = AuditLog(*m_repo).memoryHistory(m_ids[150]);
        QVERIFY(history);
        QCOMPARE(history->size(), 1);
        QCOMPARE(history->first().action, QStringLiteral("batch_pin"));
        QCOMPARE(history->first().actor, QStringLiteral("bulk-tester"));

        request.action = BulkRequest::Unpin;
        request.ids = m_ids;
        QCOMPARE(run(request).changed, 300);
        QCOMPARE(pinned(), 0);
    }

    void chunksAreSeparateTransactionsAndAuditedEach()
    {
        BulkRequest request;
        request.action = BulkRequest::Archive;
        request.ids = m_ids;
        request.chunkSize = 500;
        QList<qint64> seen;
        const BulkReport report = run(request, [&seen](qint64 done, qint64) {
            seen << done;
            return true;
        });
        QCOMPARE(report.chunks, 3);
        QCOMPARE(seen, (QList<qint64> { 500, 1000, 1200 }));
        QCOMPARE(report.changed, 1200);
        QCOMPARE(archived(), 1200);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("bulk_archive")), 3);
    }

    void cancelStopsBetweenChunks()
    {
        BulkRequest request;
        request.action = BulkRequest::AddTag;
        request.tag = QStringLiteral("reviewed");
        request.ids = m_ids;
        request.chunkSize = 500;
        const BulkReport report = run(request, [](qint64 done, qint64) { return done < 500; });
        QVERIFY(report.cancelled);
        QCOMPARE(report.chunks, 1);
        QCOMPARE(report.changed, 500);
        // Exactly the first chunk is tagged, the rest untouched.
        QVERIFY(m_repo->memoryDetail(m_ids[499])->memory.contextTags.contains(QStringLiteral("reviewed")));
        QVERIFY(!m_repo->memoryDetail(m_ids[500])->memory.contextTags.contains(QStringLiteral("reviewed")));
        QCOMPARE(auditCount(*m_repo, QStringLiteral("bulk_tag_add")), 1);
        // Removing the tag touches only the tagged ones, and keeps the other tags.
        request.action = BulkRequest::RemoveTag;
        const BulkReport removed = run(request);
        QCOMPARE(removed.changed, 500);
        QCOMPARE(removed.unchanged, 700);
        QCOMPARE(m_repo->memoryDetail(m_ids[10])->memory.contextTags, sampleMemory(0, m_base).contextTags);
    }

    void softDeleteRestoresAsABatch()
    {
        BulkRequest archiveOthers;
        archiveOthers.action = BulkRequest::Archive;
        archiveOthers.ids = m_ids.mid(1000, 10);
        run(archiveOthers);

        BulkRequest request;
        request.action = BulkRequest::SoftDelete;
        request.reason = QStringLiteral("spam");
        request.ids = m_ids.mid(0, 600);
        request.chunkSize = 250;
        const BulkReport report = run(request);
        QCOMPARE(report.changed, 600);
        QCOMPARE(archived(), 610);
        Result<qint64> restored = MemoryBulk(*m_repo).restoreBatch(report.batchId, QStringLiteral("bulk-tester"));
        QVERIFY2(restored, qPrintable(restored.errorMessage()));
        QCOMPARE(*restored, 600);
        QCOMPARE(archived(), 10); // the other batch stays archived
        QCOMPARE(*MemoryBulk(*m_repo).restoreBatch(report.batchId), 0); // a second click does nothing
        QVERIFY(!MemoryBulk(*m_repo).restoreBatch(QUuid::createUuid()));
    }

    void purgeDeletesForGood()
    {
        BulkRequest request;
        request.action = BulkRequest::Purge;
        request.ids = m_ids.mid(0, 20);
        const BulkReport report = run(request);
        QCOMPARE(report.changed, 20);
        QCOMPARE(m_repo->counts()->memories, 1180);
        QCOMPARE(m_repo->memoryDetail(m_ids[0]).error().code, Error::NotFound);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("bulk_purge")), 1);
    }

    void tagNeedsAName()
    {
        BulkRequest request;
        request.action = BulkRequest::AddTag;
        request.tag = QStringLiteral("  ");
        request.ids = m_ids.mid(0, 5);
        QVERIFY(!MemoryBulk(*m_repo).run(request));
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestMemoryBulk>(argc, argv);
}

#include "tst_memorybulk.moc"
