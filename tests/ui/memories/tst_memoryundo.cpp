#include "db/databaseworker.h"
#include "support/importtestutil.h"
#include "memories/memoryeditcommand.h"
#include "memories/memoryeditstack.h"

#include <QSignalSpy>
#include <QUndoStack>

// Undo and redo of each edit kind through MemoryEditStack and the database thread: undo puts back the
// exact previous values, redo the edited ones, each as a versioned save; an undo after another client
// changed the memory is a conflict that writes nothing. SQLite, then PostgreSQL.
class TestMemoryUndo : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryUndo(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    QList<QUuid> m_ids;

    MemoryDetail read(const QUuid &id)
    {
        Result<MemoryDetail> d = m_worker->run([id](Repository &r) { return r.memoryDetail(id); }).result();
        return d ? *d : MemoryDetail {};
    }
    static QStringList values(const MemoryDetail &d)
    {
        QStringList all;
        for (int f = 0; f < MemoryEdit::FieldCount; ++f)
            all << MemoryEdit::valueText(MemoryEdit::Field(f), d);
        return all;
    }
    static bool waitIdle(MemoryEditStack &stack, QSignalSpy &idle, int expected)
    {
        return QTest::qWaitFor([&] { return idle.count() >= expected && !stack.isBusy(); }, 10000);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const SqlDialect::Backend backend = m_backend;
        const QString path = m_dir.filePath(QStringLiteral("undo-%1.sqlite").arg(QUuid::createUuid().toString(QUuid::Id128)));
        std::optional<PostgresSettings> pg;
        if (backend == SqlDialect::Postgres) {
            pg = recreatePostgresDatabase(QStringLiteral("sextant_undo_test"));
            QVERIFY(pg);
        }
        Result<void> opened = m_worker->open([backend, path, pg]() -> Result<std::unique_ptr<Repository>> {
            if (backend == SqlDialect::Postgres)
                return PostgresWorkspace::open(*pg, QStringLiteral("pg-undo"));
            return SqliteWorkspace::open(path, QStringLiteral("undo"));
        }).result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const QDateTime base(QDate(2026, 2, 1), QTime(10, 0), Qt::UTC);
        QList<Memory> memories { sampleMemory(1, base), sampleMemory(2, base.addSecs(5)), sampleMemory(3, base.addSecs(9)) };
        m_ids = { memories[0].id, memories[1].id, memories[2].id };
        Evaluation e;
        e.memoryId = memories[0].id;
        e.archetype = Archetypes::A;
        e.metrics = { 0.5, 0.5, 0.5, 0.5 };
        e.annotation = QStringLiteral("original annotation");
        e.archetypePriority = 0.4;
        e.confidence = 0.7;
        e.createdAt = base;
        Result<void> inserted = m_worker->run([memories, e](Repository &r) -> Result<void> {
            if (auto w = r.insertMemories(memories); !w)
                return w;
            if (auto w = r.insertEvaluations({ e }); !w)
                return w;
            MemoryLink manual; // an existing manual link, for the undo of a removal
            manual.sourceId = memories[0].id;
            manual.targetId = memories[2].id;
            manual.linkType = QStringLiteral("manual");
            manual.origin = QStringLiteral("manual");
            manual.strength = 1.0;
            return r.insertLinks({ manual });
        }).result();
        QVERIFY2(inserted, qPrintable(inserted.errorMessage()));
    }
    void cleanup() { m_worker.reset(); }

    void undoRedoEachKind_data()
    {
        QTest::addColumn<int>("field");
        QTest::newRow("tags") << int(MemoryEdit::Tags);
        QTest::newRow("summary") << int(MemoryEdit::Summary);
        QTest::newRow("long-term") << int(MemoryEdit::LongTerm);
        QTest::newRow("core") << int(MemoryEdit::Core);
        QTest::newRow("override set") << int(MemoryEdit::PriorityOverride);
        QTest::newRow("annotation") << int(MemoryEdit::Annotation);
        QTest::newRow("link add") << int(MemoryEdit::Links);
        QTest::newRow("link remove") << int(MemoryEdit::FieldCount); // marker: remove the existing link
    }
    void undoRedoEachKind()
    {
        QFETCH(int, field);
        const QUuid id = m_ids[0];
        MemoryEditStack stack(m_worker.get());
        QSignalSpy idle(&stack, &MemoryEditStack::idle);
        QSignalSpy conflicts(&stack, &MemoryEditStack::conflicted);
        const MemoryDetail original = read(id);
        stack.noteLoaded(original);

        MemoryEdit edit;
        switch (field) {
        case MemoryEdit::Tags:
            edit.tags = QStringList { QStringLiteral("new"), QStringLiteral("tags") };
            break;
        case MemoryEdit::Summary:
            edit.summary = QStringLiteral("a better summary");
            break;
        case MemoryEdit::LongTerm:
            edit.longTerm = true;
            break;
        case MemoryEdit::Core:
            edit.core = true;
            break;
        case MemoryEdit::PriorityOverride:
            edit.priorityOverride = MemoryEdit::Override { 0.66 };
            break;
        case MemoryEdit::Annotation:
            edit.annotations.insert(Archetypes::A, QStringLiteral("operator's annotation"));
            break;
        case MemoryEdit::Links:
            edit.addLinks = { m_ids[1] };
            break;
        default:
            edit.removeLinks = { m_ids[2] };
        }
        stack.submit(edit, original);
        QVERIFY(waitIdle(stack, idle, 1));
        const MemoryDetail edited = read(id);
        QVERIFY(values(edited) != values(original));
        QCOMPARE(edited.memory.version, original.memory.version + 1);
        QCOMPARE(stack.undoStack()->count(), 1);
        QCOMPARE(stack.undoStack()->undoText(), edit.describe());

        stack.undoStack()->undo();
        QVERIFY(waitIdle(stack, idle, 2));
        const MemoryDetail undone = read(id);
        QCOMPARE(values(undone), values(original));
        QCOMPARE(undone.memory.version, original.memory.version + 2); // an undo is a save too

        stack.undoStack()->redo();
        QVERIFY(waitIdle(stack, idle, 3));
        const MemoryDetail redone = read(id);
        QCOMPARE(values(redone), values(edited));
        QCOMPARE(redone.memory.version, original.memory.version + 3);
        QCOMPARE(conflicts.count(), 0);
    }

    void undoAfterAnotherClientSavedIsAConflict()
    {
        const QUuid id = m_ids[1];
        MemoryEditStack stack(m_worker.get());
        QSignalSpy idle(&stack, &MemoryEditStack::idle);
        QSignalSpy conflicts(&stack, &MemoryEditStack::conflicted);
        const MemoryDetail original = read(id);
        stack.noteLoaded(original);
        MemoryEdit edit;
        edit.summary = QStringLiteral("mine");
        stack.submit(edit, original);
        QVERIFY(waitIdle(stack, idle, 1));

        // Another client changes the summary meanwhile (it knows the current version).
        Result<MemorySaveResult> other = m_worker->run([id](Repository &r) -> Result<MemorySaveResult> {
            MemoryEdit theirs;
            theirs.memoryId = id;
            theirs.baseVersion = r.memoryDetail(id)->memory.version;
            theirs.summary = QStringLiteral("theirs");
            return MemoryEditor(r, QStringLiteral("someone-else")).save(theirs);
        }).result();
        QVERIFY(other && !other->isConflict());

        stack.undoStack()->undo();
        QVERIFY(waitIdle(stack, idle, 2));
        QCOMPARE(conflicts.count(), 1);
        const MemoryEdit mine = conflicts.first().at(0).value<MemoryEdit>();
        const MemoryDetail theirs = conflicts.first().at(1).value<MemoryDetail>();
        QCOMPARE(*mine.summary, original.memory.summary);
        QCOMPARE(theirs.memory.summary, QStringLiteral("theirs"));
        QCOMPARE(read(id).memory.summary, QStringLiteral("theirs")); // nothing silently overwritten

        // Keep mine: the undo's value goes on top of theirs.
        MemoryEdit resolved = mine;
        resolved.baseVersion = theirs.memory.version;
        stack.resolve(resolved, theirs);
        QVERIFY(waitIdle(stack, idle, 3));
        QCOMPARE(read(id).memory.summary, original.memory.summary);
    }
};

int main(int argc, char *argv[])
{
    qRegisterMetaType<MemoryEdit>();
    qRegisterMetaType<MemoryDetail>();
    return runOnBothBackends<TestMemoryUndo>(argc, argv);
}

#include "tst_memoryundo.moc"
