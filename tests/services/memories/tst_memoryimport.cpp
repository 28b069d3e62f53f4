#include "memories/memoryimport.h"
#include "memories/memoryrecord.h"
#include "support/importtestutil.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

// Import of JSONL, CSV and YAML: a report for every bad row, nothing written unless asked, and one
// transaction. Runs against SQLite and the PostgreSQL server given by SEXTANT_TEST_PG.
class TestMemoryImport : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryImport(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    const QDateTime m_base = QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);

    qint64 memories() { return m_repo->counts()->memories; }

    QJsonObject record(int n, const QUuid &id = QUuid::createUuid())
    {
        Memory m = sampleMemory(n, m_base.addSecs(n));
        m.id = id;
        m.updatedAt = m.createdAt; // what the database fills in when absent
        Evaluation e;
        e.memoryId = id;
        e.archetype = Archetypes::R;
        e.metrics = { 0.1, 0.2, 0.3, 0.4 };
        e.archetypePriority = 0.5;
        e.confidence = 0.9;
        e.createdAt = m_base;
        return MemoryRecord::toJson(m, { e }, {}, true);
    }

    static QByteArray jsonl(const QList<QJsonObject> &records)
    {
        QByteArray out;
        for (const QJsonObject &r : records)
            out += QJsonDocument(r).toJson(QJsonDocument::Compact) + '\n';
        return out;
    }

    static ImportOptions validRowsOnlyOptions()
    {
        ImportOptions options;
        options.mode = ImportMode::ValidRowsOnly;
        return options;
    }

    ImportPlan read(const QByteArray &data, ImportFormat format)
    {
        Result<ImportPlan> plan = MemoryImport::readMemoryData(data, format, QStringLiteral("test"));
        if (!plan)
            qWarning("%s", qPrintable(plan.errorMessage()));
        return plan ? *plan : ImportPlan {};
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("import"));
        QVERIFY(m_repo);
    }
    void cleanup() { m_repo.reset(); }

    void validJsonl()
    {
        const QUuid a = QUuid::createUuid(), b = QUuid::createUuid();
        QJsonObject first = record(1, a);
        first.insert(QStringLiteral("links"),
            QJsonArray { QJsonObject { { QStringLiteral("target"), b.toString(QUuid::WithoutBraces) },
                { QStringLiteral("type"), QStringLiteral("research_link") }, { QStringLiteral("strength"), 0.7 } } });
        const ImportPlan plan = read(jsonl({ first, record(2, b), record(3) }), ImportFormat::Jsonl);
        QCOMPARE(plan.problems.size(), 0);
        QCOMPARE(plan.valid.size(), 3);
        const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, plan);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QCOMPARE(result->memories, 3);
        QCOMPARE(m_repo->counts()->evaluations, 3);
        QCOMPARE(m_repo->counts()->links, 1);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("import")), 1);
        const Result<MemoryDetail> detail = m_repo->memoryDetail(a);
        QVERIFY(detail);
        COMPARE_MEMORY(plan.valid[0].memory, detail->memory, true);
        QCOMPARE(detail->outgoing.size(), 1);
    }

    void validCsv()
    {
        const QByteArray csv
            = "\xEF\xBB\xBFid,created_at,prompt,reply,summary,tags,priority,long_term,embedding\r\n"
              "7b0c8e8e-1c1a-4c36-9d43-2f4f2a9c0001,2024-11-24T21:45:00Z,\"line one\nline \"\"two\"\"\","
              "ok,s,a;b,0.86,true,\r\n"
              "7b0c8e8e-1c1a-4c36-9d43-2f4f2a9c0002,2024-11-24T21:46:00.250Z,p,r,s,,,,\r\n";
        const ImportPlan plan = read(csv, ImportFormat::Csv);
        QCOMPARE(plan.problems.size(), 0);
        QCOMPARE(plan.valid.size(), 2);
        QCOMPARE(plan.valid[0].memory.userPrompt, QStringLiteral("line one\nline \"two\""));
        QCOMPARE(plan.valid[0].memory.contextTags, (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(plan.valid[0].memory.priority, 0.86);
        QVERIFY(plan.valid[0].memory.longTerm);
        QCOMPARE(plan.valid[1].row, 4); // the first record spans lines 2 and 3
        QVERIFY(MemoryImport::applyImport(*m_repo, plan));
        QCOMPARE(memories(), 2);
    }

    void validYaml()
    {
        const QString path = QStringLiteral(SEXTANT_TEST_DATA "/import/sample_memory.yaml");
        QVERIFY(QFileInfo::exists(path));
        Result<ImportPlan> plan = MemoryImport::readMemoryFile(path);
        QVERIFY2(plan, qPrintable(plan.errorMessage()));
        QCOMPARE(plan->problems.size(), 0);
        QCOMPARE(plan->valid.size(), 2);
        const ImportedMemory &m = plan->valid[0];
        QCOMPARE(m.memory.sessionId, QStringLiteral("abcd1234"));
        QCOMPARE(m.memory.tone, QStringLiteral("intimate"));
        QCOMPARE(m.memory.priority, 0.86);
        QCOMPARE(m.memory.durationSeconds, 35.0);
        QVERIFY(m.memory.longTerm);
        QCOMPARE(m.memory.createdAt, QDateTime(QDate(2024, 11, 24), QTime(21, 45), Qt::UTC));
        QCOMPARE(m.memory.metadata.value(QStringLiteral("source_id")).toString(), QStringLiteral("memory_00042"));
        QCOMPARE(m.memory.agentReply, QStringLiteral("First line of the reply.\nSecond line: with a colon.\n"));
        QCOMPARE(m.evaluations.size(), Archetypes::Count);
        QCOMPARE(m.evaluations[0].metrics[1], 0.8);
        QCOMPARE(m.links.size(), 2);
        QCOMPARE(m.links[0].targetId, plan->valid[1].memory.id); // "memory_00123" names the second memory
        const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, *plan);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QCOMPARE(m_repo->counts()->evaluations, Archetypes::Count);
        QCOMPARE(m_repo->counts()->links, 2);
    }

    // The reading half of CSV formula neutralisation: one apostrophe comes off a text cell that is
    // apostrophes followed by = + - @ tab or CR; any other cell is read as written.
    void csvFormulaApostrophe_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("prompt");
        QTest::newRow("neutralised formula") << QStringLiteral("'=SUM(A1)") << QStringLiteral("=SUM(A1)");
        QTest::newRow("neutralised minus") << QStringLiteral("'-2") << QStringLiteral("-2");
        QTest::newRow("neutralised tab") << QStringLiteral("'\tx") << QStringLiteral("\tx");
        QTest::newRow("apostrophe before formula") << QStringLiteral("''=x") << QStringLiteral("'=x");
        QTest::newRow("apostrophe before text") << QStringLiteral("'quoted'") << QStringLiteral("'quoted'");
        QTest::newRow("lone apostrophe") << QStringLiteral("'") << QStringLiteral("'");
        QTest::newRow("formula from another tool") << QStringLiteral("@x") << QStringLiteral("@x");
    }

    void csvFormulaApostrophe()
    {
        QFETCH(QString, cell);
        QFETCH(QString, prompt);
        const QByteArray csv = "id,created_at,prompt\r\n"
                               "7b0c8e8e-1c1a-4c36-9d43-2f4f2a9c0001,2024-11-24T21:45:00Z,\""
            + cell.toUtf8() + "\"\r\n";
        const ImportPlan plan = read(csv, ImportFormat::Csv);
        QCOMPARE(plan.problems.size(), 0);
        QCOMPARE(plan.valid.size(), 1);
        QCOMPARE(plan.valid.first().memory.userPrompt, prompt);
    }

    // Each refusal of the YAML reader names its reason and the line to look at.
    void yamlRefusals_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("maxDepth");
        QTest::addColumn<qsizetype>("maxNodes");
        QTest::addColumn<QString>("message"); // the error starts with this
        const ImportLimits defaults;
        const int depth = defaults.maxYamlDepth;
        const qsizetype nodes = defaults.maxYamlNodes;
        QTest::newRow("anchor") << QByteArray("id: x\nprompt: &p hello\n") << depth << nodes
                                << QStringLiteral("YAML line 2: anchors (&) are not supported.");
        QTest::newRow("anchor on a mapping") << QByteArray("- id: x\n- &m\n  id: y\n") << depth << nodes
                                             << QStringLiteral("YAML line 2: anchors (&) are not supported.");
        QTest::newRow("alias") << QByteArray("id: x\nsummary: s\nprompt: *p\n") << depth << nodes
                               << QStringLiteral("YAML line 3: aliases (*) are not supported.");
        QTest::newRow("tag") << QByteArray("id: x\n\nprompt: !!str hello\n") << depth << nodes
                             << QStringLiteral("YAML line 3: tags (!) are not supported.");
        QTest::newRow("tag on a mapping")
            << QByteArray("memories:\n  - !!python/object:os.system\n    id: x\n") << depth << nodes
            << QStringLiteral("YAML line 2: tags (!) are not supported.");
        QTest::newRow("merge key") << QByteArray("- id: x\n  <<: {a: 1}\n") << depth << nodes
                                   << QStringLiteral("YAML line 2: merge keys (<<) are not supported.");
        QTest::newRow("too deep") << QByteArray("a:\n  b:\n    c:\n      d: 1\n") << 2 << nodes
                                  << QStringLiteral("YAML line 4: values are nested deeper than 2 levels.");
        QTest::newRow("too deep in flow")
            << QByteArray("id: x\nprompt: ") + QByteArray(40, '[') + QByteArray(40, ']') << depth << nodes
            << QStringLiteral("YAML line 2: values are nested deeper than 32 levels.");
        QTest::newRow("too large") << QByteArray("- a: 1\n  b: 2\n- c: [1, 2, 3]\n") << depth << qsizetype(10)
                                   << QStringLiteral("YAML line 3: the document has more than 10 values.");
        QTest::newRow("second document") << QByteArray("id: x\n---\nid: y\n") << depth << nodes
                                         << QStringLiteral("YAML line 2: only one document per file is supported.");
        QTest::newRow("repeated key") << QByteArray("id: x\nprompt: a\nid: y\n") << depth << nodes
                                      << QStringLiteral("YAML line 3: the key \"id\" appears twice.");
        QTest::newRow("complex key") << QByteArray("id: x\n? [a, b]\n: c\n") << depth << nodes
                                     << QStringLiteral("YAML line 2: complex mapping keys");
        QTest::newRow("tab indentation") << QByteArray("id: x\nprompt:\n\tvalue: 1\n") << depth << nodes
                                         << QStringLiteral("YAML line 3, column 1: ");
    }

    void yamlRefusals()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, maxDepth);
        QFETCH(qsizetype, maxNodes);
        QFETCH(QString, message);
        ImportLimits limits;
        limits.maxYamlDepth = maxDepth;
        limits.maxYamlNodes = maxNodes;
        const Result<ImportPlan> plan
            = MemoryImport::readMemoryData(data, ImportFormat::Yaml, QStringLiteral("bad.yaml"), limits);
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, Error::InvalidInput);
        QVERIFY2(plan.errorMessage().startsWith(message), qPrintable(plan.errorMessage()));
    }

    // PyYAML's output reads as the same memories as the JSON of the same records. The fixtures were made
    // by tests/data/import/make_pyyaml_memories.py (python3-yaml 6.0): yaml.dump with its defaults, and with
    // default_flow_style=None (the default before PyYAML 5.1, which writes short lists as [a, b]).
    void pyyamlDocuments_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qsizetype>("secondRow"); // where the second memory's first key is
        QTest::newRow("yaml.dump defaults")
            << QStringLiteral(SEXTANT_TEST_DATA "/import/pyyaml_default.yaml") << qsizetype(40);
        QTest::newRow("flow lists") << QStringLiteral(SEXTANT_TEST_DATA "/import/pyyaml_flow.yaml") << qsizetype(32);
    }

    void pyyamlDocuments()
    {
        QFETCH(QString, file);
        QFETCH(qsizetype, secondRow);
        const Result<ImportPlan> yaml = MemoryImport::readMemoryFile(file);
        QVERIFY2(yaml, qPrintable(yaml.errorMessage()));
        const Result<ImportPlan> json
            = MemoryImport::readMemoryFile(QStringLiteral(SEXTANT_TEST_DATA "/import/pyyaml_memories.jsonl"));
        QVERIFY2(json, qPrintable(json.errorMessage()));
        QCOMPARE(yaml->problems.size(), 0);
        QCOMPARE(json->problems.size(), 0);
        QCOMPARE(yaml->valid.size(), 2);
        QCOMPARE(json->valid.size(), 2);
        QCOMPARE(yaml->valid[0].row, 1);
        QCOMPARE(yaml->valid[1].row, secondRow);
        for (qsizetype i = 0; i < json->valid.size(); ++i) {
            COMPARE_MEMORY(json->valid[i].memory, yaml->valid[i].memory, false);
            QCOMPARE(yaml->valid[i].evaluations.size(), json->valid[i].evaluations.size());
        }
        const ImportedMemory &first = yaml->valid[0];
        QCOMPARE(first.evaluations[0].metrics, json->valid[0].evaluations[0].metrics);
        QCOMPARE(first.evaluations[0].annotation,
            QStringLiteral("A note: the reply is kind, # not a comment, and it's long enough to be folded over two "
                           "lines by the emitter")); // single-quoted over two lines
        QCOMPARE(first.memory.sessionId, QStringLiteral("7e123456")); // plain, and not a number
        QCOMPARE(first.memory.userId, QStringLiteral("019"));
        QCOMPARE(first.memory.contextTags,
            (QStringList { QStringLiteral("garden"), QStringLiteral("herbs, kitchen"), QStringLiteral("019"),
                QStringLiteral("yes") }));
        QCOMPARE(first.memory.userPrompt,
            QStringLiteral("How do I keep basil from flowering when the summer gets hot and the plant starts to bolt "
                           "in the middle of July every single year without fail")); // plain over two lines
        QCOMPARE(first.memory.agentReply,
            QStringLiteral("First line of the reply.\nSecond line: with a colon.\n\n  Indented line.\n")); // |
        QCOMPARE(first.memory.summary,
            QStringLiteral("Keeping basil leafy means pinching the tips early and often, before the flower spikes "
                           "form, and watering in the morning.\n\nA second paragraph stays a paragraph.")); // >-
        QCOMPARE(first.memory.decayRate, 1e-05);
        QCOMPARE(first.memory.priorityOverride, std::nullopt);
        const ImportedMemory &second = yaml->valid[1];
        QCOMPARE(second.memory.userPrompt,
            QString::fromUtf8("Caf\xC3\xA9 owners asked: \xE2\x80\x9Chow many basil pots fit on a sill?\xE2\x80\x9D "
                              "\xE2\x80\x94 and then they asked again\twith a tab, because the first answer was lost"));
        QCOMPARE(second.memory.agentReply,
            QStringLiteral("Line one of a reply without a block style.\nLine two, after a single break.\n\n"
                           "Line four, after an empty line."));
    }

    void malformed_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<qsizetype>("row"); // -1: the whole file is refused
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        const auto J = int(ImportFormat::Jsonl), C = int(ImportFormat::Csv), Y = int(ImportFormat::Yaml);
        const QByteArray good = jsonl({ record(1) });
        QJsonObject o = record(2);

        QTest::newRow("invalid UTF-8") << J << good + "{\"id\": \"\xC3\x28\"}\n"
                                       << qsizetype(-1) << QString() << QStringLiteral("line 2");
        QTest::newRow("not an object") << J << good + "[1, 2]\n"
                                       << qsizetype(2) << QString() << QStringLiteral("one JSON object");
        QTest::newRow("broken JSON") << J << good + "{\"id\": \n"
                                     << qsizetype(2) << QString() << QStringLiteral("Not valid JSON");
        o.insert(QStringLiteral("embedding"), QJsonArray { 0.1, 0.2, 0.3 });
        QTest::newRow("wrong dimension") << J << good + jsonl({ o }) << qsizetype(2) << QStringLiteral("embedding")
                                         << QStringLiteral("3 dimensions");
        o = record(3);
        o.insert(QStringLiteral("prompt"), QString(10 * 1024 * 1024, QLatin1Char('x')));
        QTest::newRow("10 MB text") << J << good + jsonl({ o }) << qsizetype(2) << QStringLiteral("prompt")
                                    << QStringLiteral("too long");
        o = record(4);
        o.insert(QStringLiteral("priority"), 1.5);
        QTest::newRow("priority out of range") << J << jsonl({ o }) + good << qsizetype(1) << QStringLiteral("priority")
                                               << QStringLiteral("between 0 and 1");
        o = record(5);
        QJsonObject e = o.value(QStringLiteral("evaluations")).toArray().first().toObject();
        e.insert(QStringLiteral("archetype"), QStringLiteral("Ella-Z"));
        o.insert(QStringLiteral("evaluations"), QJsonArray { e });
        QTest::newRow("unknown archetype") << J << good + jsonl({ o }) << qsizetype(2)
                                           << QStringLiteral("evaluations[0].archetype") << QStringLiteral("Ella-Z");
        QTest::newRow("duplicate id") << J << good + good << qsizetype(2) << QStringLiteral("id")
                                      << QStringLiteral("repeats");

        const QByteArray header = "id,created_at,prompt,embedding\n";
        const QByteArray row = "7b0c8e8e-1c1a-4c36-9d43-2f4f2a9c0001,2024-11-24T21:45:00Z,p,\n";
        QTest::newRow("repeated columns") << C << QByteArray("id,prompt,prompt\n1,2,3\n") << qsizetype(-1) << QString()
                                          << QStringLiteral("repeated columns: prompt");
        QTest::newRow("no text column") << C << QByteArray("id,question\n1,2\n") << qsizetype(-1) << QString()
                                        << QStringLiteral("no prompt or reply column");
        QTest::newRow("no prompt nor reply")
            << J << good + "{\"summary\": \"s\"}\n"
            << qsizetype(2) << QStringLiteral("prompt") << QStringLiteral("neither a prompt");
        QTest::newRow("unterminated quote")
            << C << header + row + "x,2024-11-24T21:45:00Z,\"open,\n"
            << qsizetype(-1) << QString() << QStringLiteral("Line 3: a quoted field is never closed");
        QTest::newRow("cell count") << C << header + row + "a,b\n"
                                    << qsizetype(3) << QString() << QStringLiteral("2 cells");
        QByteArray nan = "nan";
        for (int i = 1; i < EmbeddingDimensions; ++i)
            nan += " 0.5";
        QTest::newRow("NaN in vector") << C
                                       << header + row + "7b0c8e8e-1c1a-4c36-9d43-2f4f2a9c0002,2024-11-24T21:45:00Z,p,"
                + nan + "\n" << qsizetype(3)
                                       << QStringLiteral("embedding") << QStringLiteral("non-finite");
        QTest::newRow("bad time") << C << header + "7b0c8e8e-1c1a-4c36-9d43-2f4f2a9c0002,yesterday,p,\n"
                                  << qsizetype(2) << QStringLiteral("created_at") << QStringLiteral("ISO 8601");

        QByteArray bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (char c = 'b'; c <= 'i'; ++c)
            bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [*" + QByteArray(1, char(c - 1)) + ",*"
                + QByteArray(1, char(c - 1)) + ",*" + QByteArray(1, char(c - 1)) + "]\n";
        QTest::newRow("YAML bomb") << Y << bomb << qsizetype(-1) << QString() << QStringLiteral("not supported");
        QByteArray deep = "id: x\n";
        for (int i = 0; i < 40; ++i)
            deep += QByteArray(2 * i, ' ') + "k:\n";
        deep += QByteArray(80, ' ') + "v: 1\n";
        QTest::newRow("YAML deep nesting") << Y << deep << qsizetype(-1) << QString() << QStringLiteral("deeper than");
        QTest::newRow("YAML flow nesting") << Y << QByteArray("id: ") + QByteArray(100, '[') + QByteArray(100, ']')
                                           << qsizetype(-1) << QString() << QStringLiteral("deeper than");
        QTest::newRow("YAML tag") << Y << QByteArray("id: !!python/object x\n") << qsizetype(-1) << QString()
                                  << QStringLiteral("tags");
        QTest::newRow("YAML merge key") << Y << QByteArray("id: x\n<<: {a: 1}\n") << qsizetype(-1) << QString()
                                        << QStringLiteral("merge keys");
    }

    void malformed()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, data);
        QFETCH(qsizetype, row);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        const Result<ImportPlan> plan = MemoryImport::readMemoryData(data, ImportFormat(format), QStringLiteral("bad"));
        if (row < 0) {
            QVERIFY(!plan);
            QVERIFY2(plan.errorMessage().contains(reason), qPrintable(plan.errorMessage()));
        } else {
            QVERIFY2(plan, qPrintable(plan.errorMessage()));
            QCOMPARE(plan->problems.size(), 1);
            const ImportProblem &p = plan->problems.first();
            QCOMPARE(p.row, row);
            QCOMPARE(p.field, field);
            QVERIFY2(p.reason.contains(reason), qPrintable(p.reason));
            QCOMPARE(plan->invalidRows, 1);
            const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, *plan);
            QVERIFY(!result);
            QCOMPARE(result.error().code, Error::InvalidInput);
        }
        QCOMPARE(memories(), 0);
        QCOMPARE(m_repo->counts()->evaluations, 0);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("import")), 0);
    }

    void validRowsOnly()
    {
        QJsonObject bad = record(9);
        bad.insert(QStringLiteral("priority"), QStringLiteral("high"));
        const ImportPlan plan
            = read(jsonl({ record(1), bad, record(2), QJsonObject {}, record(3) }), ImportFormat::Jsonl);
        QCOMPARE(plan.valid.size(), 3);
        QCOMPARE(plan.invalidRows, 2);
        QVERIFY(!MemoryImport::applyImport(*m_repo, plan)); // AllOrNothing is the default
        QCOMPARE(memories(), 0);
        const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, plan, validRowsOnlyOptions());
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QCOMPARE(result->memories, 3);
        QCOMPARE(result->skippedRows, 2);
        QCOMPARE(memories(), 3);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("import")), 1);
    }

    void existingIdsAreReported()
    {
        const Memory existing = sampleMemory(1, m_base);
        QVERIFY(m_repo->insertMemories({ existing }));
        ImportPlan plan = read(jsonl({ record(1, existing.id), record(2) }), ImportFormat::Jsonl);
        QCOMPARE(plan.valid.size(), 2);
        QVERIFY(MemoryImport::checkAgainstWorkspace(*m_repo, plan));
        QCOMPARE(plan.valid.size(), 1);
        QCOMPARE(plan.problems.size(), 1);
        QCOMPARE(plan.problems[0].row, 1);
        QVERIFY(plan.problems[0].reason.contains(QStringLiteral("already exists")));
        QVERIFY(MemoryImport::applyImport(*m_repo, plan, validRowsOnlyOptions()));
        QCOMPARE(memories(), 2);
    }

    // The workspace is asked about many ids per query: rows and link targets past the first few hundred are
    // checked as well as the first.
    void existingIdsAreFoundAmongMany()
    {
        const Memory first = sampleMemory(1, m_base), late = sampleMemory(2, m_base), target = sampleMemory(3, m_base);
        QVERIFY(m_repo->insertMemories({ first, late, target }));
        QList<QJsonObject> records;
        for (int i = 0; i < 1201; ++i)
            records << record(i, i == 0 ? first.id : i == 1100 ? late.id : QUuid::createUuid());
        const auto linkTo = [](const QUuid &id) {
            return QJsonArray { QJsonObject { { QStringLiteral("target"), id.toString(QUuid::WithoutBraces) },
                { QStringLiteral("type"), QStringLiteral("manual") }, { QStringLiteral("strength"), 0.5 } } };
        };
        records[900].insert(QStringLiteral("links"), linkTo(target.id));
        records[1150].insert(QStringLiteral("links"), linkTo(QUuid::createUuid()));
        ImportPlan plan = read(jsonl(records), ImportFormat::Jsonl);
        QCOMPARE(plan.valid.size(), 1201);
        QVERIFY(MemoryImport::checkAgainstWorkspace(*m_repo, plan));
        QCOMPARE(plan.problems.size(), 3);
        QCOMPARE(plan.problems[0].row, 1);
        QVERIFY(plan.problems[0].reason.contains(QStringLiteral("already exists")));
        QCOMPARE(plan.problems[1].row, 1101);
        QVERIFY(plan.problems[1].reason.contains(QStringLiteral("already exists")));
        QCOMPARE(plan.problems[2].row, 1151);
        QCOMPARE(plan.problems[2].field, QStringLiteral("links[0].target"));
        QCOMPARE(plan.valid.size(), 1198);
    }

    void danglingLinkIsReported()
    {
        QJsonObject o = record(1);
        o.insert(QStringLiteral("links"),
            QJsonArray { QJsonObject { { QStringLiteral("target"), QStringLiteral("memory_nowhere") },
                { QStringLiteral("type"), QStringLiteral("manual") }, { QStringLiteral("strength"), 0.5 } } });
        ImportPlan plan = read(jsonl({ o, record(2) }), ImportFormat::Jsonl);
        QVERIFY(MemoryImport::checkAgainstWorkspace(*m_repo, plan));
        QCOMPARE(plan.problems.size(), 1);
        QCOMPARE(plan.problems[0].field, QStringLiteral("links[0].target"));
        QVERIFY(!MemoryImport::applyImport(*m_repo, plan));
        QCOMPARE(memories(), 0);
    }

    void failureMidwayRollsBack()
    {
        QList<QJsonObject> records;
        for (int i = 0; i < 6; ++i)
            records << record(i);
        const ImportPlan plan = read(jsonl(records), ImportFormat::Jsonl);
        QCOMPARE(plan.valid.size(), 6);
        // Another writer takes the id of a row in the second batch after the check: the insert collides.
        ImportOptions options;
        options.batchSize = 2;
        options.progress = [&](qsizetype done, qsizetype) {
            if (done == 2) {
                Memory collider = sampleMemory(99, m_base);
                collider.id = plan.valid[3].memory.id;
                if (!m_repo->insertMemories({ collider }))
                    qWarning("the collider was not written");
            }
            return true;
        };
        const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, plan, options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::Database);
        QCOMPARE(memories(), 0);
        QCOMPARE(m_repo->counts()->evaluations, 0);
        QCOMPARE(auditCount(*m_repo, QStringLiteral("import")), 0);
        // The connection is usable afterwards.
        QVERIFY(MemoryImport::applyImport(*m_repo, plan));
        QCOMPARE(memories(), 6);
    }

    // PostgreSQL writes an import's rows 500 to a statement (so its statement triggers run once per chunk, not once
    // per row); a call of 1,201 rows is two full chunks and a short one. Every row lands, with its evaluation, its
    // link and the count the triggers keep.
    void largeBatchLandsWhole()
    {
        constexpr int Rows = 1201;
        QList<QJsonObject> records;
        QList<QUuid> ids;
        for (int i = 0; i < Rows; ++i) {
            ids << QUuid::createUuid();
            records << record(i, ids.last());
        }
        records[700].insert(QStringLiteral("links"),
            QJsonArray { QJsonObject { { QStringLiteral("target"), ids[1200].toString(QUuid::WithoutBraces) },
                { QStringLiteral("type"), QStringLiteral("research_link") }, { QStringLiteral("strength"), 0.7 } } });
        const ImportPlan plan = read(jsonl(records), ImportFormat::Jsonl);
        QCOMPARE(plan.valid.size(), Rows);
        ImportOptions options;
        options.batchSize = Rows;
        const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, plan, options);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QCOMPARE(memories(), Rows);
        QCOMPARE(m_repo->counts()->evaluations, Rows);
        QCOMPARE(m_repo->counts()->links, 1);
        for (const int row : { 0, 499, 500, 999, 1000, 1200 }) {
            const Result<MemoryDetail> detail = m_repo->memoryDetail(ids[row]);
            QVERIFY2(detail, qPrintable(detail.errorMessage()));
            COMPARE_MEMORY(plan.valid[row].memory, detail->memory, true);
            QCOMPARE(detail->evaluations.size(), 1);
            QCOMPARE(detail->evaluations[0].metrics, plan.valid[row].evaluations[0].metrics);
        }
        QCOMPARE(m_repo->memoryDetail(ids[700])->outgoing.size(), 1);
    }

    // A chunk the database refuses is written again row by row, so the error names the row at fault (its place in
    // the call) with the database's own sentence, and nothing of the call stays.
    void aRefusedRowInALargeBatchIsNamed()
    {
        const Memory existing = sampleMemory(0, m_base);
        QVERIFY(m_repo->insertMemories({ existing }));
        QList<Memory> rows;
        for (int i = 1; i <= 1200; ++i)
            rows << sampleMemory(i, m_base);
        rows[502].id = existing.id; // row 503: the second chunk
        const Result<void> memoriesWritten = m_repo->insertMemories(rows);
        QVERIFY(!memoriesWritten);
        QCOMPARE(memoriesWritten.error().code, Error::Database);
        QVERIFY2(memoriesWritten.errorMessage().startsWith(QStringLiteral("Row 503: Saving memories failed:")),
            qPrintable(memoriesWritten.errorMessage()));
        QCOMPARE(memories(), 1);

        rows[502].id = QUuid::createUuid();
        QVERIFY(m_repo->insertMemories(rows));
        QList<Evaluation> evaluations;
        for (const Memory &m : std::as_const(rows)) {
            Evaluation e;
            e.memoryId = m.id;
            e.archetype = Archetypes::R;
            e.metrics = { 0.1, 0.2, 0.3, 0.4 };
            e.createdAt = m_base;
            evaluations << e;
        }
        evaluations[1100].memoryId = QUuid::createUuid(); // row 1101: no such memory, in the last, short chunk
        const Result<void> evaluationsWritten = m_repo->insertEvaluations(evaluations);
        QVERIFY(!evaluationsWritten);
        QVERIFY2(evaluationsWritten.errorMessage().startsWith(QStringLiteral("Row 1101: Saving evaluations failed:")),
            qPrintable(evaluationsWritten.errorMessage()));
        QCOMPARE(m_repo->counts()->evaluations, 0);
        QCOMPARE(memories(), 1201);
    }

    void cancelRollsBack()
    {
        QList<QJsonObject> records;
        for (int i = 0; i < 5; ++i)
            records << record(i);
        ImportOptions options;
        options.batchSize = 2;
        options.progress = [](qsizetype done, qsizetype) { return done < 4; };
        const Result<ImportResult> result
            = MemoryImport::applyImport(*m_repo, read(jsonl(records), ImportFormat::Jsonl), options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::Cancelled);
        QCOMPARE(memories(), 0);
    }

    // A file with only prompt and reply (and fields Sextant does not know) imports: new ids, an empty
    // summary, and the creation time from the field the operator picks or the import time.
    void missingValuesAreFilled_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("createdAtField");
        const QByteArray jsonlData
            = "{\"prompt\": \"p1\", \"reply\": \"r1\", \"when\": \"2025-03-01T10:00:00Z\", \"mood\": \"calm\"}\n"
              "{\"prompt\": \"p2\", \"when\": 1740823200, \"mood\": \"lost\", \"metadata\": {\"mood\": \"kept\", "
              "\"x\": 1}}\n"
              "{\"reply\": \"r3\", \"mood\": \"calm\"}\n";
        const QByteArray csvData = "prompt,reply,when,mood,metadata\n"
                                   "p1,r1,2025-03-01T10:00:00Z,calm,\n"
                                   "p2,,1740823200,lost,\"{\"\"mood\"\": \"\"kept\"\", \"\"x\"\": 1}\"\n"
                                   ",r3,,calm,\n";
        const auto J = int(ImportFormat::Jsonl), C = int(ImportFormat::Csv);
        QTest::newRow("jsonl, import time") << J << jsonlData << QString();
        QTest::newRow("jsonl, field") << J << jsonlData << QStringLiteral("when");
        QTest::newRow("csv, import time") << C << csvData << QString();
        QTest::newRow("csv, field") << C << csvData << QStringLiteral("when");
    }

    void missingValuesAreFilled()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, data);
        QFETCH(QString, createdAtField);
        const ImportPlan plan = read(data, ImportFormat(format));
        for (const ImportProblem &p : plan.problems)
            qWarning("row %lld %s: %s", qlonglong(p.row), qPrintable(p.field), qPrintable(p.reason));
        QCOMPARE(plan.problems.size(), 0);
        QCOMPARE(plan.valid.size(), 3);
        const ImportGaps gaps = MemoryImport::gaps(plan);
        QCOMPARE(gaps.missingId, 3);
        QCOMPARE(gaps.missingCreatedAt, 3);
        QCOMPARE(gaps.missingSummary, 3);
        QCOMPARE(gaps.timeFields.size(), 1);
        QCOMPARE(gaps.timeFields[0].name, QStringLiteral("when"));
        QCOMPARE(gaps.timeFields[0].rows, 2);

        ImportOptions options;
        options.createdAtField = createdAtField;
        options.importTime = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        const Result<ImportResult> result = MemoryImport::applyImport(*m_repo, plan, options);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QCOMPARE(memories(), 3);
        const QDateTime when(QDate(2025, 3, 1), QTime(10, 0), Qt::UTC);
        const QList<QDateTime> expected = createdAtField.isEmpty()
            ? QList<QDateTime> { options.importTime, options.importTime, options.importTime }
            : QList<QDateTime> { when, when, options.importTime }; // the third row has no "when"
        QSet<QUuid> ids;
        for (int i = 0; i < 3; ++i) {
            const Result<MemoryDetail> detail = m_repo->memoryDetail(plan.valid[i].memory.id);
            QVERIFY2(detail, qPrintable(detail.errorMessage()));
            const Memory &m = detail->memory;
            ids.insert(m.id);
            QVERIFY(!m.id.isNull());
            QCOMPARE(m.createdAt, expected[i]);
            QCOMPARE(m.summary, QString());
            QCOMPARE(m.metadata.value(QStringLiteral("mood")).toString(),
                i == 1 ? QStringLiteral("kept") : QStringLiteral("calm")); // the row's own metadata wins
        }
        QCOMPARE(ids.size(), 3);
        const Result<MemoryDetail> second = m_repo->memoryDetail(plan.valid[1].memory.id);
        QCOMPARE(second->memory.metadata.value(QStringLiteral("x")).toInt(), 1);
        QVERIFY(second->memory.metadata.contains(QStringLiteral("when")));
        QCOMPARE(second->memory.userPrompt, QStringLiteral("p2"));
        QCOMPARE(m_repo->memoryDetail(plan.valid[2].memory.id)->memory.agentReply, QStringLiteral("r3"));
    }

    void importTimeIsNow()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const ImportPlan plan = read("{\"prompt\": \"only a prompt\"}\n", ImportFormat::Jsonl);
        QCOMPARE(plan.valid.size(), 1);
        QVERIFY(MemoryImport::applyImport(*m_repo, plan));
        const QDateTime created = m_repo->memoryDetail(plan.valid[0].memory.id)->memory.createdAt;
        QVERIFY(created >= before && created <= QDateTime::currentDateTimeUtc().addSecs(1));
    }

    // The one-line examples of README's "Import format" section import as written.
    void readmeExamples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("jsonl") << QStringLiteral("readme_example.jsonl");
        QTest::newRow("csv") << QStringLiteral("readme_example.csv");
        QTest::newRow("yaml") << QStringLiteral("readme_example.yaml");
    }

    void readmeExamples()
    {
        QFETCH(QString, file);
        const Result<ImportPlan> plan
            = MemoryImport::readMemoryFile(QStringLiteral(SEXTANT_TEST_DATA "/import/") + file);
        QVERIFY2(plan, qPrintable(plan.errorMessage()));
        QCOMPARE(plan->problems.size(), 0);
        QCOMPARE(plan->valid.size(), 1);
        const Memory &m = plan->valid[0].memory;
        QCOMPARE(m.userPrompt, QStringLiteral("How do I keep basil from flowering?"));
        QCOMPARE(m.agentReply, QStringLiteral("Pinch off the buds."));
        QCOMPARE(m.createdAt, QDateTime(QDate(2024, 11, 24), QTime(21, 45), Qt::UTC));
        QVERIFY(plan->valid[0].idGenerated);
        QVERIFY(MemoryImport::applyImport(*m_repo, *plan));
        QCOMPARE(memories(), 1);
    }

    void awkwardTextsRoundTrip_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("jsonl") << int(ImportFormat::Jsonl);
        QTest::newRow("csv") << int(ImportFormat::Csv);
    }

    void awkwardTextsRoundTrip()
    {
        QFETCH(int, format);
        QList<Memory> originals;
        QByteArray data = format == int(ImportFormat::Csv)
            ? MemoryRecord::csvColumns().join(QLatin1Char(',')).toUtf8() + '\n'
            : QByteArray();
        for (const QString &text : awkwardTexts()) {
            Memory m = sampleMemory(int(originals.size()), m_base);
            m.updatedAt = m.createdAt;
            m.userPrompt = m.agentReply = m.summary = m.sessionId = m.tone = text;
            m.contextTags = { text, QStringLiteral("x;y") };
            originals << m;
            if (format == int(ImportFormat::Jsonl)) {
                data += jsonl({ MemoryRecord::toJson(m, {}, {}, true) });
            } else {
                QStringList cells;
                for (QString c : MemoryRecord::toCsvCells(m, true))
                    cells << QLatin1Char('"') + c.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
                data += cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
            }
        }
        const ImportPlan plan = read(data, ImportFormat(format));
        QCOMPARE(plan.problems.size(), 0);
        QVERIFY(MemoryImport::applyImport(*m_repo, plan));
        QCOMPARE(memories(), originals.size());
        for (const Memory &m : std::as_const(originals)) {
            const Result<MemoryDetail> detail = m_repo->memoryDetail(m.id);
            QVERIFY(detail);
            COMPARE_MEMORY(m, detail->memory, true);
        }
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestMemoryImport>(argc, argv);
}
#include "tst_memoryimport.moc"
