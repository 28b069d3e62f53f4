#include "support/importtestutil.h"
#include "memories/memorybulk.h"
#include "memories/memorymaintenance.h"

#include <QSet>
#include <QSqlQuery>

// The decay pass and the pruning policy: the preview is exactly what gets written, long-term and core
// memories are never touched, and restoring a batch brings back exactly that batch. Both backends.
class TestMemoryMaintenance : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryMaintenance(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    QHash<QString, QUuid> m_id; // by letter
    const QDateTime m_now = QDateTime::currentDateTimeUtc();
    int m_n = 0;

    void add(const QString &name, int ageDays, double priority, double accessedDaysAgo, bool longTerm = false,
        bool core = false, int embeddingSlot = -1)
    {
        Memory m = sampleMemory(++m_n, m_now.addDays(-ageDays));
        m.summary = name;
        m.priority = priority;
        m.lastAccessed = m_now.addSecs(qint64(-accessedDaysAgo * 86400));
        m.longTerm = longTerm;
        m.core = core;
        m.embedding = Embedding(EmbeddingDimensions, 0.0f);
        m.embedding[embeddingSlot >= 0 ? embeddingSlot : 100 + m_n] = 1.0f;
        m.embedding[1000] = embeddingSlot >= 0 ? 0.05f : 0.0f; // twins: nearly, not exactly, the same
        if (embeddingSlot >= 0 && priority < 0.5)
            m.embedding[1001] = 0.05f;
        m_id.insert(name, m.id);
        QVERIFY(m_repo->insertMemories({ m }));
    }

    QSet<QUuid> archivedIds()
    {
        QSqlQuery q(m_repo->database());
        q.exec(QLatin1String("SELECT id FROM ") + m_repo->dialect().table(Table::Memories)
            + QLatin1String(" WHERE archived_at IS NOT NULL"));
        QSet<QUuid> ids;
        while (q.next())
            ids << m_repo->dialect().toUuid(q.value(0));
        return ids;
    }

    PrunePreview preview(const PrunePolicy &policy)
    {
        Result<MaintenanceSnapshot> snapshot = MemoryMaintenance::loadSnapshot(*m_repo, true);
        if (!snapshot)
            qWarning("%s", qPrintable(snapshot.errorMessage()));
        Result<PrunePreview> p = MemoryMaintenance::previewPrune(*snapshot, policy);
        if (!p)
            qWarning("%s", qPrintable(p.errorMessage()));
        return p ? *p : PrunePreview {};
    }

    static PrunePolicy policy()
    {
        PrunePolicy p;
        p.olderThanDays = 90;
        p.belowPriority = 0.3;
        p.duplicateCosine = 0.95;
        return p;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("maintenance"));
        QVERIFY(m_repo);
        m_id.clear();
        add(QStringLiteral("old-low"), 200, 0.05, 200);
        add(QStringLiteral("old-high"), 200, 0.9, 0.04);
        add(QStringLiteral("old-low-longterm"), 200, 0.05, 200, true);
        add(QStringLiteral("old-low-core"), 200, 0.05, 200, false, true);
        add(QStringLiteral("new-low"), 1, 0.05, 1);
        add(QStringLiteral("twin-keep"), 5, 0.8, 0.1, false, false, 7);
        add(QStringLiteral("twin-go"), 4, 0.4, 0.1, false, false, 7);
        add(QStringLiteral("twin-protected-low"), 5, 0.2, 0.1, true, false, 9);
        add(QStringLiteral("twin-protected-high"), 4, 0.7, 0.1, false, false, 9);
        add(QStringLiteral("archived-before"), 300, 0.01, 300);
        BulkRequest archive;
        archive.action = BulkRequest::Archive;
        archive.ids = { m_id.value(QStringLiteral("archived-before")) };
        QVERIFY(MemoryBulk(*m_repo).run(archive));
    }
    void cleanup() { m_repo.reset(); }

    void previewListsExactlyTheCandidates()
    {
        const PrunePreview p = preview(policy());
        QCOMPARE(p.scanned, 9); // archived memories are not scanned
        const QList<QUuid> list = p.ids();
        const QSet<QUuid> ids(list.cbegin(), list.cend());
        QCOMPARE(ids, (QSet<QUuid> { m_id.value(QStringLiteral("old-low")), m_id.value(QStringLiteral("twin-go")) }));
        QCOMPARE(p.count(PruneCandidate::Old), 1);
        QCOMPARE(p.count(PruneCandidate::LowPriority), 1);
        QCOMPARE(p.count(PruneCandidate::Duplicate), 1);
        QVERIFY(p.protectedKept >= 3); // old-low-longterm, old-low-core, twin-protected-low
        for (const PruneCandidate &c : p.candidates) {
            if (c.reasons & PruneCandidate::Duplicate) {
                QCOMPARE(c.twinId, m_id.value(QStringLiteral("twin-keep")));
                QVERIFY(c.similarity >= 0.95);
            }
        }
    }

    void eachRuleAlone()
    {
        PrunePolicy age;
        age.olderThanDays = 90;
        QCOMPARE(preview(age).candidates.size(), 2); // old-low, old-high; never the protected ones
        PrunePolicy low;
        low.belowPriority = 0.3;
        QCOMPARE(preview(low).candidates.size(), 2); // old-low, new-low
        PrunePolicy none;
        QCOMPARE(preview(none).candidates.size(), 0);
    }

    void archiveEqualsPreviewAndRestoresExactly()
    {
        const PrunePreview p = preview(policy());
        const QSet<QUuid> before = archivedIds();
        Result<MaintenanceBatch> batch = MemoryMaintenance::archive(*m_repo, p, QStringLiteral("tester"));
        QVERIFY2(batch, qPrintable(batch.errorMessage()));
        QCOMPARE(batch->written, p.candidates.size());
        QCOMPARE(batch->skipped, 0);
        const QList<QUuid> list = p.ids();
        const QSet<QUuid> previewed(list.cbegin(), list.cend());
        QCOMPARE(archivedIds() - before, previewed);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("prune")), 1);

        Result<qint64> restored = MemoryBulk(*m_repo).restoreBatch(batch->batchId, QStringLiteral("tester"));
        QVERIFY2(restored, qPrintable(restored.errorMessage()));
        QCOMPARE(*restored, p.candidates.size());
        QCOMPARE(archivedIds(), before); // the memory archived earlier stays archived
    }

    void changedSincePreviewIsLeftAlone()
    {
        const PrunePreview p = preview(policy());
        BulkRequest pin; // an operator pins one candidate after the preview
        pin.action = BulkRequest::Pin;
        pin.ids = { m_id.value(QStringLiteral("old-low")) };
        QVERIFY(MemoryBulk(*m_repo).run(pin));
        Result<MaintenanceBatch> batch = MemoryMaintenance::archive(*m_repo, p);
        QVERIFY(batch);
        QCOMPARE(batch->written, 1);
        QCOMPARE(batch->skipped, 1);
        QVERIFY(!archivedIds().contains(m_id.value(QStringLiteral("old-low"))));
    }

    void decayPassSkipsProtectedAndRestores()
    {
        Result<MaintenanceSnapshot> snapshot = MemoryMaintenance::loadSnapshot(*m_repo, false);
        QVERIFY(snapshot);
        QVERIFY(snapshot->embeddings.ids.isEmpty());
        const DecayPreview p = MemoryMaintenance::previewDecay(*snapshot);
        QSet<QUuid> changed;
        for (const DecayChange &c : p.changes) {
            changed << c.id;
            QVERIFY(c.after < c.before);
        }
        QVERIFY(changed.contains(m_id.value(QStringLiteral("old-low"))));
        QVERIFY(!changed.contains(m_id.value(QStringLiteral("old-low-longterm"))));
        QVERIFY(!changed.contains(m_id.value(QStringLiteral("old-low-core"))));
        QVERIFY(!changed.contains(m_id.value(QStringLiteral("twin-protected-low"))));
        QVERIFY(!changed.contains(m_id.value(QStringLiteral("archived-before"))));

        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1); // stored to the millisecond
        Result<MaintenanceBatch> batch = MemoryMaintenance::applyDecay(*m_repo, p, QStringLiteral("tester"));
        const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
        QVERIFY2(batch, qPrintable(batch.errorMessage()));
        QCOMPARE(batch->written, p.changes.size());
        for (const DecayChange &c : p.changes)
            QCOMPARE(m_repo->memoryDetail(c.id)->memory.priority, c.after);
        QCOMPARE(m_repo->memoryDetail(m_id.value(QStringLiteral("old-low-core")))->memory.priority, 0.05);
        // Decay is measured from the last pass: running it again right away changes nothing.
        QVERIFY(MemoryMaintenance::previewDecay(*MemoryMaintenance::loadSnapshot(*m_repo, false)).changes.isEmpty());

        // What the grid and the detail pane decay from: the pass for the decayed rows, nothing for others.
        const QUuid decayed = m_id.value(QStringLiteral("old-low"));
        const QUuid core = m_id.value(QStringLiteral("old-low-core"));
        Result<QHash<QUuid, QDateTime>> passes = MemoryMaintenance::lastDecayPasses(*m_repo, { decayed, core });
        QVERIFY2(passes, qPrintable(passes.errorMessage()));
        QCOMPARE(passes->size(), 1);
        const QDateTime pass = passes->value(decayed);
        // Stamped with the time the pass ran, not the preview's or the memory's.
        QVERIFY2(pass >= before && pass <= after, qPrintable(pass.toString(Qt::ISODateWithMs)));
        const QDateTime accessed = m_repo->memoryDetail(decayed)->memory.lastAccessed;
        QCOMPARE(MemoryMaintenance::decayedSince(accessed, pass), pass);
        QCOMPARE(MemoryMaintenance::decayedSince(pass.addSecs(5), pass), pass.addSecs(5)); // accessed since
        QCOMPARE(MemoryMaintenance::decayedSince(accessed, {}), accessed);

        Result<qint64> restored = MemoryBulk(*m_repo).restoreBatch(batch->batchId);
        QVERIFY(restored);
        QCOMPARE(*restored, p.changes.size());
        for (const DecayChange &c : p.changes)
            QCOMPARE(m_repo->memoryDetail(c.id)->memory.priority, c.before);
        // A restored pass no longer counts.
        QVERIFY(MemoryMaintenance::lastDecayPasses(*m_repo, { decayed })->isEmpty());
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestMemoryMaintenance>(argc, argv);
}

#include "tst_memorymaintenance.moc"
