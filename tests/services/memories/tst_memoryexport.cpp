#include "support/importtestutil.h"
#include "memories/memoryexport.h"
#include "memories/memoryimport.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QProcessEnvironment>

#include <utility>

// Export → import into an empty workspace gives the same rows, on SQLite and PostgreSQL.
class TestMemoryExport : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryExport(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_source;
    std::unique_ptr<Repository> m_target;
    QList<Memory> m_memories;
    const QDateTime m_base = QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);

    // RFC 4180 rows as cells, so the test looks at the bytes a spreadsheet would see.
    static QList<QStringList> splitCsv(const QString &text)
    {
        QList<QStringList> rows;
        QStringList row;
        QString cell;
        bool quoted = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (quoted && c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                cell += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = !quoted;
            } else if (!quoted && c == QLatin1Char(',')) {
                row << std::exchange(cell, {});
            } else if (!quoted && c == QLatin1Char('\n')) {
                row << std::exchange(cell, {});
                rows << std::exchange(row, {});
            } else if (quoted || c != QLatin1Char('\r')) {
                cell += c;
            }
        }
        return rows;
    }

    void fill(int count)
    {
        m_memories.clear();
        const QStringList texts = awkwardTexts();
        QList<Evaluation> evaluations;
        QList<MemoryLink> links;
        for (int i = 0; i < count; ++i) {
            Memory m = sampleMemory(i, m_base.addMSecs(i * 1500));
            m.userPrompt = texts.at(i % texts.size());
            m.contextTags << texts.at((i + 1) % texts.size());
            m.priority = 1.0 / (i + 3);
            if (i % 3 == 0)
                m.priorityOverride = 0.125;
            if (i % 4 == 0)
                m.archivedAt = m_base.addDays(1);
            m.core = i % 5 == 0;
            m.embedding[(i + 7) % EmbeddingDimensions] = 0.333333343f;
            m_memories << m;
            Evaluation e;
            e.memoryId = m.id;
            e.archetype = i % Archetypes::Count;
            e.metrics = { 0.1, 0.2, 0.3, 1.0 / 3.0 };
            e.annotation = texts.at(i % texts.size());
            e.confidence = 0.75;
            e.createdAt = m_base;
            evaluations << e;
            if (i > 0)
                links << MemoryLink { m.id, m_memories.first().id, QStringLiteral("semantic_cluster"), 0.5,
                    std::nullopt, QStringLiteral("cluster"), m_base, {} };
        }
        QVERIFY(m_source->insertMemories(m_memories));
        QVERIFY(m_source->insertEvaluations(evaluations));
        QVERIFY(m_source->insertLinks(links));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_source = openFreshWorkspace(m_backend, m_dir, QStringLiteral("export_a"));
        m_target = openFreshWorkspace(m_backend, m_dir, QStringLiteral("export_b"));
        QVERIFY(m_source && m_target);
    }
    void cleanup()
    {
        m_source.reset();
        m_target.reset();
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("withEmbeddings");
        QTest::newRow("jsonl with vectors") << int(ExportFormat::Jsonl) << true;
        QTest::newRow("jsonl without vectors") << int(ExportFormat::Jsonl) << false;
        QTest::newRow("csv with vectors") << int(ExportFormat::Csv) << true;
        QTest::newRow("csv without vectors") << int(ExportFormat::Csv) << false;
    }

    void roundTrip()
    {
        QFETCH(int, format);
        QFETCH(bool, withEmbeddings);
        fill(23);
        const bool csv = format == int(ExportFormat::Csv);
        const QString path = m_dir.filePath(csv ? QStringLiteral("out.csv") : QStringLiteral("out.jsonl"));
        ExportOptions options;
        options.format = ExportFormat(format);
        options.withEmbeddings = withEmbeddings;
        options.pageSize = 5; // several keyset pages
        const Result<ExportResult> exported = MemoryExport::exportToFile(*m_source, path, options);
        QVERIFY2(exported, qPrintable(exported.errorMessage()));
        QCOMPARE(exported->memories, m_memories.size());

        const Result<ImportPlan> plan = MemoryImport::readMemoryFile(path);
        QVERIFY2(plan, qPrintable(plan.errorMessage()));
        QCOMPARE(plan->problems.size(), 0);
        const Result<ImportResult> imported = MemoryImport::applyImport(*m_target, *plan);
        QVERIFY2(imported, qPrintable(imported.errorMessage()));
        QCOMPARE(m_target->counts()->memories, m_memories.size());
        for (const Memory &m : std::as_const(m_memories)) {
            const Result<MemoryDetail> a = m_source->memoryDetail(m.id);
            const Result<MemoryDetail> b = m_target->memoryDetail(m.id);
            QVERIFY(a && b);
            COMPARE_MEMORY(a->memory, b->memory, withEmbeddings);
            if (csv)
                continue; // CSV carries the memory columns only
            QCOMPARE(b->evaluations.size(), a->evaluations.size());
            QCOMPARE(b->evaluations[0].metrics, a->evaluations[0].metrics);
            QCOMPARE(b->evaluations[0].annotation, a->evaluations[0].annotation);
            QCOMPARE(b->outgoing.size(), a->outgoing.size());
        }
        QCOMPARE(m_target->counts()->links, csv ? 0 : m_memories.size() - 1);
    }

    // Cells a spreadsheet would run as formulas are written with a leading apostrophe, and Sextant's own
    // import takes exactly that apostrophe off again; number columns such as the vector are left alone.
    void formulaCellsAreNeutralised()
    {
        const QStringList hostile { QStringLiteral("=SUM(A1)"), QStringLiteral("+1"), QStringLiteral("-2"),
            QStringLiteral("@x"), QStringLiteral("\tx"), QStringLiteral("\rx"), QStringLiteral("'=x"),
            QStringLiteral("''-x"), QStringLiteral("plain text") };
        QList<Memory> originals;
        for (const QString &text : hostile) {
            Memory m = sampleMemory(int(originals.size()) + 1, m_base.addSecs(originals.size()));
            m.userPrompt = m.agentReply = m.summary = m.sessionId = m.userId = m.tone = text;
            m.contextTags = { text, QStringLiteral("t") };
            m.embedding[0] = -0.5f; // the vector cell starts with "-": a number, not a formula
            originals << m;
        }
        QVERIFY(m_source->insertMemories(originals));
        const QString path = m_dir.filePath(QStringLiteral("formulas.csv"));
        ExportOptions options;
        options.format = ExportFormat::Csv;
        options.withEmbeddings = true;
        QVERIFY(MemoryExport::exportToFile(*m_source, path, options));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = splitCsv(QString::fromUtf8(file.readAll()));
        QCOMPARE(rows.size(), originals.size() + 1);
        const QStringList header = rows.first();
        const QStringList textColumns { QStringLiteral("session_id"), QStringLiteral("user_id"),
            QStringLiteral("prompt"), QStringLiteral("reply"), QStringLiteral("summary"), QStringLiteral("tags"),
            QStringLiteral("tone") };
        const QString formulaStarts = QStringLiteral("=+-@\t\r");
        for (qsizetype r = 1; r < rows.size(); ++r) {
            const QStringList &row = rows.at(r);
            QCOMPARE(row.size(), header.size());
            const QString prompt = row.at(header.indexOf(QStringLiteral("prompt")));
            for (const QString &column : textColumns) {
                const QString cell = row.at(header.indexOf(column));
                QVERIFY2(!formulaStarts.contains(cell.at(0)), qPrintable(column + QLatin1String(": ") + cell));
                if (column == QLatin1String("tags"))
                    continue; // a tag list with a tab or CR in a tag is written as JSON: "[…"
                QVERIFY2(cell.startsWith(QLatin1Char('\'')) == (prompt != QLatin1String("plain text")),
                    qPrintable(column + QLatin1String(": ") + cell));
            }
            QVERIFY(row.at(header.indexOf(QStringLiteral("embedding"))).startsWith(QLatin1String("-0.5 ")));
        }

        const Result<ImportPlan> plan = MemoryImport::readMemoryFile(path);
        QVERIFY2(plan, qPrintable(plan.errorMessage()));
        QCOMPARE(plan->problems.size(), 0);
        QVERIFY(MemoryImport::applyImport(*m_target, *plan));
        for (const Memory &m : std::as_const(originals)) {
            const Result<MemoryDetail> a = m_source->memoryDetail(m.id);
            const Result<MemoryDetail> b = m_target->memoryDetail(m.id);
            QVERIFY(a && b);
            QCOMPARE(b->memory.userPrompt, m.userPrompt);
            COMPARE_MEMORY(a->memory, b->memory, true);
        }
    }

    void selectionAndFilter()
    {
        fill(12);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        ExportOptions options;
        options.ids = { m_memories[2].id, m_memories[5].id };
        QVERIFY(MemoryExport::exportMemories(*m_source, buffer, options));
        QCOMPARE(buffer.data().count('\n'), 2);

        options.ids.clear();
        options.includeArchived = false;
        const Result<ExportResult> unarchived
            = MemoryExport::exportToFile(*m_source, m_dir.filePath(QStringLiteral("f.jsonl")), options);
        QVERIFY(unarchived);
        QCOMPARE(unarchived->memories, 9); // every fourth is archived
    }

    void cancelLeavesNoFile()
    {
        fill(6);
        ExportOptions options;
        options.progress = [](qsizetype done) { return done < 3; };
        const QString path = m_dir.filePath(QStringLiteral("cancelled.jsonl"));
        const Result<ExportResult> result = MemoryExport::exportToFile(*m_source, path, options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::Cancelled);
        QVERIFY(!QFile::exists(path));
    }

    // Rows per second through export and import; SEXTANT_IO_BENCH_ROWS raises the count (e.g. 10000).
    void throughput()
    {
        const int rows = QProcessEnvironment::systemEnvironment()
                             .value(QStringLiteral("SEXTANT_IO_BENCH_ROWS"), QStringLiteral("1000"))
                             .toInt();
        QList<Memory> memories;
        for (int i = 0; i < rows; ++i)
            memories << sampleMemory(i, m_base.addSecs(i));
        QVERIFY(m_source->insertMemories(memories));
        for (int format : { int(ExportFormat::Jsonl), int(ExportFormat::Csv) }) {
            m_target.reset(); // the same connection name and file are reused
            m_target = openFreshWorkspace(m_backend, m_dir, QStringLiteral("export_b"));
            QVERIFY(m_target);
            const QString path = m_dir.filePath(
                format == int(ExportFormat::Csv) ? QStringLiteral("b.csv") : QStringLiteral("b.jsonl"));
            ExportOptions options;
            options.format = ExportFormat(format);
            options.withEmbeddings = true;
            QElapsedTimer timer;
            timer.start();
            QVERIFY(MemoryExport::exportToFile(*m_source, path, options));
            const double exportS = timer.nsecsElapsed() / 1e9;
            timer.restart();
            const Result<ImportPlan> plan = MemoryImport::readMemoryFile(path);
            QVERIFY(plan);
            const double readS = timer.nsecsElapsed() / 1e9;
            timer.restart();
            const Result<ImportResult> applied = MemoryImport::applyImport(*m_target, *plan);
            QVERIFY2(applied, qPrintable(applied.errorMessage()));
            const double applyS = timer.nsecsElapsed() / 1e9;
            QCOMPARE(m_target->counts()->memories, rows);
            qInfo("%s %s, %d rows with vectors: export %.0f rows/s, read+validate %.0f rows/s, write %.0f rows/s",
                qPrintable(m_source->backendName()), format == int(ExportFormat::Csv) ? "CSV" : "JSONL", rows,
                rows / exportS, rows / readS, rows / applyS);
        }
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestMemoryExport>(argc, argv);
}
#include "tst_memoryexport.moc"
