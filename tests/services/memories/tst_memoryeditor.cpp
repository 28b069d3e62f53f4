#include "db/auditlog.h"
#include "support/importtestutil.h"
#include "memories/memoryeditor.h"

#include <QJsonArray>

// Saving operators' edits: each edit kind is written and audited; a save against an older version is a
// conflict that writes nothing and hands back the newer memory. SQLite, then PostgreSQL.
class TestMemoryEditor : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryEditor(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    std::unique_ptr<Repository> m_other; // a second connection to the same database
    QList<Memory> m_memories;
    const QDateTime m_base = QDateTime(QDate(2026, 4, 1), QTime(9, 0), Qt::UTC);

    MemoryDetail detail(const QUuid &id, Repository *repo = nullptr)
    {
        Result<MemoryDetail> d = (repo ? repo : m_repo.get())->memoryDetail(id);
        if (!d)
            qWarning("%s", qPrintable(d.errorMessage()));
        return d ? *d : MemoryDetail {};
    }

    MemoryEdit editOf(const QUuid &id)
    {
        MemoryEdit edit;
        edit.memoryId = id;
        edit.baseVersion = detail(id).memory.version;
        return edit;
    }

    MemorySaveResult save(const MemoryEdit &edit, Repository *repo = nullptr)
    {
        MemoryEditor editor(repo ? *repo : *m_repo, QStringLiteral("tester"));
        Result<MemorySaveResult> saved = editor.save(edit);
        if (!saved)
            qWarning("%s", qPrintable(saved.errorMessage()));
        return saved ? *saved : MemorySaveResult {};
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        if (m_backend == SqlDialect::Postgres) {
            const auto settings = recreatePostgresDatabase(QStringLiteral("sextant_editor_test"));
            QVERIFY(settings);
            auto a = PostgresWorkspace::open(*settings, QStringLiteral("pg-editor-a"));
            QVERIFY2(a, qPrintable(a.errorMessage()));
            auto b = PostgresWorkspace::open(*settings, QStringLiteral("pg-editor-b"));
            QVERIFY2(b, qPrintable(b.errorMessage()));
            m_repo = std::move(*a);
            m_other = std::move(*b);
        } else {
            m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("editor"));
            QVERIFY(m_repo);
            auto b = SqliteWorkspace::open(m_dir.filePath(QStringLiteral("editor.sqlite")), QStringLiteral("editor-b"));
            QVERIFY2(b, qPrintable(b.errorMessage()));
            m_other = std::move(*b);
        }
        m_memories = { sampleMemory(1, m_base), sampleMemory(2, m_base.addSecs(10)), sampleMemory(3, m_base.addSecs(20)) };
        QVERIFY(m_repo->insertMemories(m_memories));
        Evaluation e;
        e.memoryId = m_memories[0].id;
        e.archetype = Archetypes::H;
        e.metrics = { 0.2, 0.4, 0.6, 0.8 };
        e.annotation = QStringLiteral("first look");
        e.archetypePriority = 0.5;
        e.confidence = 0.8;
        e.createdAt = m_base;
        QVERIFY(m_repo->insertEvaluations({ e }));
    }
    void cleanup()
    {
        m_other.reset();
        m_repo.reset();
    }

    void eachEditKindIsSavedAndAudited_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("action");
        QTest::newRow("tags") << int(MemoryEdit::Tags) << QStringLiteral("edit_tags");
        QTest::newRow("summary") << int(MemoryEdit::Summary) << QStringLiteral("edit_summary");
        QTest::newRow("long-term") << int(MemoryEdit::LongTerm) << QStringLiteral("set_long_term");
        QTest::newRow("core") << int(MemoryEdit::Core) << QStringLiteral("set_core");
        QTest::newRow("override") << int(MemoryEdit::PriorityOverride) << QStringLiteral("set_priority_override");
        QTest::newRow("annotation") << int(MemoryEdit::Annotation) << QStringLiteral("edit_annotation");
        QTest::newRow("links") << int(MemoryEdit::Links) << QStringLiteral("edit_links");
    }
    void eachEditKindIsSavedAndAudited()
    {
        QFETCH(int, field);
        QFETCH(QString, action);
        const QUuid id = m_memories[0].id;
        const MemoryDetail before = detail(id);
        MemoryEdit edit = editOf(id);
        switch (MemoryEdit::Field(field)) {
        case MemoryEdit::Tags:
            edit.tags = QStringList { QStringLiteral("kitchen"), QStringLiteral("it's \"quoted\""), QStringLiteral("{braces}") };
            break;
        case MemoryEdit::Summary:
            edit.summary = QStringLiteral("'); DROP TABLE memories; --");
            break;
        case MemoryEdit::LongTerm:
            edit.longTerm = true;
            break;
        case MemoryEdit::Core:
            edit.core = true;
            break;
        case MemoryEdit::PriorityOverride:
            edit.priorityOverride = MemoryEdit::Override { 0.875 };
            break;
        case MemoryEdit::Annotation:
            edit.annotations.insert(Archetypes::H, QStringLiteral("second look"));
            break;
        case MemoryEdit::Links:
            edit.addLinks = { m_memories[1].id, m_memories[2].id };
            break;
        default:
            QFAIL("unknown field");
        }
        const MemorySaveResult saved = save(edit);
        QCOMPARE(saved.status, MemorySaveResult::Saved);
        const MemoryDetail after = detail(id);
        QCOMPARE(after.memory.version, before.memory.version + 1);
        QVERIFY(after.memory.updatedAt >= before.memory.updatedAt);
        QCOMPARE(saved.current.memory.version, after.memory.version);
        // The stored memory is exactly the edit applied to what was there: nothing else moved.
        const MemoryDetail expected = edit.appliedTo(before);
        for (int f = 0; f < MemoryEdit::FieldCount; ++f)
            QCOMPARE(MemoryEdit::valueText(MemoryEdit::Field(f), after),
                MemoryEdit::valueText(MemoryEdit::Field(f), expected));
        QCOMPARE(after.memory.userPrompt, before.memory.userPrompt);
        QCOMPARE(after.memory.priority, before.memory.priority);

        QCOMPARE(auditCount(*m_repo, action), 1);
        Result<QList<AuditEntry>> history = MemoryEditor(*m_repo).history(id);
        QVERIFY(history);
        QCOMPARE(history->size(), 1);
        const AuditEntry &entry = history->first();
        QCOMPARE(entry.actor, QStringLiteral("tester"));
        QCOMPARE(entry.action, action);
        QCOMPARE(entry.before.value(QStringLiteral("version")).toInt(), before.memory.version);
        QCOMPARE(entry.after.value(QStringLiteral("version")).toInt(), before.memory.version + 1);
        QVERIFY(entry.before != entry.after);
    }

    void removingALinkAndClearingAnOverride()
    {
        const QUuid id = m_memories[0].id;
        MemoryEdit add = editOf(id);
        add.addLinks = { m_memories[1].id };
        add.priorityOverride = MemoryEdit::Override { 0.3 };
        QCOMPARE(save(add).status, MemorySaveResult::Saved);
        QCOMPARE(manualLinkTargets(detail(id)), QList<QUuid> { m_memories[1].id });
        MemoryEdit remove = editOf(id);
        remove.removeLinks = { m_memories[1].id };
        remove.priorityOverride = MemoryEdit::Override { std::nullopt };
        QCOMPARE(save(remove).status, MemorySaveResult::Saved);
        QVERIFY(manualLinkTargets(detail(id)).isEmpty());
        QVERIFY(!detail(id).memory.priorityOverride);
        QCOMPARE(detail(m_memories[1].id).incoming.size(), 0);
    }

    void invalidEditsWriteNothing()
    {
        const QUuid id = m_memories[0].id;
        MemoryEdit edit = editOf(id);
        edit.summary = QStringLiteral("should not stay");
        edit.annotations.insert(Archetypes::M, QStringLiteral("M never evaluated it"));
        MemoryEditor editor(*m_repo, QStringLiteral("tester"));
        Result<MemorySaveResult> saved = editor.save(edit);
        QVERIFY(!saved);
        QCOMPARE(saved.error().code, Error::InvalidInput);
        QCOMPARE(detail(id).memory.summary, m_memories[0].summary);
        QCOMPARE(detail(id).memory.version, 1);
        MemoryEdit self = editOf(id);
        self.addLinks = { id };
        QVERIFY(!editor.save(self));
        MemoryEdit range = editOf(id);
        range.priorityOverride = MemoryEdit::Override { 1.5 };
        QVERIFY(!editor.save(range));
        QCOMPARE(auditCount(*m_repo, QStringLiteral("edit_summary")), 0);
    }

    // Two operators open the same memory; the first saves; the second's save finds a newer version.
    void secondConnectionGetsAConflict()
    {
        const QUuid id = m_memories[0].id;
        MemoryEdit first = editOf(id);
        MemoryEdit second = first; // same base version, another connection
        first.summary = QStringLiteral("first operator's summary");
        first.tags = QStringList { QStringLiteral("first") };
        second.summary = QStringLiteral("second operator's summary");
        second.core = true;

        const MemorySaveResult a = save(first, m_repo.get());
        QCOMPARE(a.status, MemorySaveResult::Saved);
        const MemorySaveResult b = save(second, m_other.get());
        QCOMPARE(b.status, MemorySaveResult::Conflict);
        // The conflict carries the first operator's values, so the dialog can show them.
        QCOMPARE(b.current.memory.summary, QStringLiteral("first operator's summary"));
        QCOMPARE(b.current.memory.contextTags, QStringList { QStringLiteral("first") });
        QCOMPARE(b.current.memory.version, 2);
        // Nothing of the second save was written.
        const MemoryDetail stored = detail(id, m_other.get());
        QCOMPARE(stored.memory.summary, QStringLiteral("first operator's summary"));
        QVERIFY(!stored.memory.core);
        QCOMPARE(stored.memory.version, 2);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("set_core")), 0);

        // "Keep mine": the same change on top of theirs saves, and the first operator's tags survive.
        second.baseVersion = b.current.memory.version;
        QCOMPARE(save(second, m_other.get()).status, MemorySaveResult::Saved);
        const MemoryDetail merged = detail(id);
        QCOMPARE(merged.memory.summary, QStringLiteral("second operator's summary"));
        QVERIFY(merged.memory.core);
        QCOMPARE(merged.memory.contextTags, QStringList { QStringLiteral("first") });
        QCOMPARE(merged.memory.version, 3);
        QCOMPARE(MemoryEditor(*m_repo).history(id)->size(), 4); // summary+tags, then summary+core
    }

    void inverseRestoresThePreviousValues()
    {
        const QUuid id = m_memories[0].id;
        MemoryEdit edit = editOf(id);
        edit.tags = QStringList { QStringLiteral("x") };
        edit.summary = QStringLiteral("changed");
        edit.longTerm = true;
        edit.core = true;
        edit.priorityOverride = MemoryEdit::Override { 0.9 };
        edit.annotations.insert(Archetypes::H, QStringLiteral("changed"));
        edit.addLinks = { m_memories[2].id };
        const MemoryDetail before = detail(id);
        const MemoryEdit undo = edit.inverse(before);
        QCOMPARE(save(edit).status, MemorySaveResult::Saved);
        MemoryEdit undoNow = undo;
        undoNow.baseVersion = detail(id).memory.version;
        QCOMPARE(save(undoNow).status, MemorySaveResult::Saved);
        const MemoryDetail after = detail(id);
        for (int f = 0; f < MemoryEdit::FieldCount; ++f)
            QCOMPARE(MemoryEdit::valueText(MemoryEdit::Field(f), after),
                MemoryEdit::valueText(MemoryEdit::Field(f), before));
        QCOMPARE(after.memory.version, before.memory.version + 2);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestMemoryEditor>(argc, argv);
}

#include "tst_memoryeditor.moc"
