// Input at and past the limits (issue 21, item 7): deep JSON, a file of a million lines, NUL bytes and
// right-to-left controls, a vector of the wrong length put into the database by someone else. Each gets a clear
// message, memory stays bounded, and nothing is written that should not be. SQLite and the PostgreSQL server.
#include "memories/memoryimport.h"
#include "memories/memoryrecord.h"
#include "support/importtestutil.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <sys/resource.h>

class TestInputLimits : public QObject
{
    Q_OBJECT
public:
    explicit TestInputLimits(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    const QDateTime m_base = QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);

    qint64 memories() { return m_repo->counts()->memories; }

    QByteArray line(int n, const std::function<void(Memory &)> &edit = {})
    {
        Memory m = sampleMemory(n, m_base.addSecs(n));
        m.id = QUuid::createUuid();
        m.updatedAt = m.createdAt;
        if (edit)
            edit(m);
        return QJsonDocument(MemoryRecord::toJson(m, {}, {}, true)).toJson(QJsonDocument::Compact) + '\n';
    }

    static qint64 peakKiB()
    {
        rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        return usage.ru_maxrss;
    }

    static ImportOptions validRowsOnly()
    {
        ImportOptions options;
        options.mode = ImportMode::ValidRowsOnly;
        return options;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("inputlimits"));
        QVERIFY(m_repo);
    }
    void cleanup() { m_repo.reset(); }

    // JSON nested 100,000 deep on one line: that line is a problem with a sentence, the lines around it import.
    void deeplyNestedJsonIsOneBadRow()
    {
        const QByteArray data = line(1) + QByteArray(100000, '[') + QByteArray(100000, ']') + '\n' + line(2);
        const Result<ImportPlan> plan = MemoryImport::readMemoryData(data, ImportFormat::Jsonl, QStringLiteral("deep"));
        QVERIFY2(plan, qPrintable(plan.errorMessage()));
        QCOMPARE(plan->valid.size(), 2);
        QCOMPARE(plan->problems.size(), 1);
        QCOMPARE(plan->problems.first().row, 2);
        QVERIFY2(!plan->problems.first().reason.isEmpty(), "a bad row needs a reason");
        QVERIFY(MemoryImport::applyImport(*m_repo, *plan, validRowsOnly()));
        QCOMPARE(memories(), 2);
    }

    // A million and one lines: refused with a sentence that says to split the file, in bounded memory (every
    // line is a bad row here, the most a reader has to remember per line), and nothing written.
    void aMillionLinesAreRefusedInBoundedMemory()
    {
        QByteArray data;
        data.reserve(3 * 1'000'001);
        for (int i = 0; i < 1'000'001; ++i)
            data += "{}\n";
        const qint64 before = peakKiB();
        const Result<ImportPlan> plan = MemoryImport::readMemoryData(data, ImportFormat::Jsonl, QStringLiteral("big"));
        const qint64 grown = peakKiB() - before;
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, Error::InvalidInput);
        QVERIFY2(plan.errorMessage().contains(QStringLiteral("split it")), qPrintable(plan.errorMessage()));
        qInfo("peak memory grew by %lld KiB reading 1,000,001 bad lines", grown);
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer pads every allocation with red zones and keeps 256 MiB of freed blocks in quarantine.
        constexpr qint64 bound = 900 * 1024;
#else
        constexpr qint64 bound = 400 * 1024;
#endif
        QVERIFY2(grown < bound, qPrintable(QStringLiteral("%1 KiB").arg(grown)));
        QCOMPARE(memories(), 0);
    }

    // NUL can be stored by SQLite but not by PostgreSQL's text: refused on both, as a row problem that names
    // the field, never a half-written import or a text cut at the NUL.
    void nulBytesAreARowProblem()
    {
        const QByteArray data = line(1) + line(2, [](Memory &m) {
            m.userPrompt = QStringLiteral("before") + QChar(0) + QStringLiteral("after");
        }) + line(3, [](Memory &m) { m.contextTags = { QStringLiteral("a") + QChar(0) }; });
        const Result<ImportPlan> plan = MemoryImport::readMemoryData(data, ImportFormat::Jsonl, QStringLiteral("nul"));
        QVERIFY2(plan, qPrintable(plan.errorMessage()));
        QCOMPARE(plan->valid.size(), 1);
        QCOMPARE(plan->problems.size(), 2);
        QCOMPARE(plan->problems.at(0).row, 2);
        QCOMPARE(plan->problems.at(0).field, QStringLiteral("prompt"));
        QVERIFY2(plan->problems.at(0).reason.contains(QStringLiteral("NUL")), qPrintable(plan->problems.at(0).reason));
        QCOMPARE(plan->problems.at(1).row, 3);
        QVERIFY(MemoryImport::applyImport(*m_repo, *plan, validRowsOnly()));
        QCOMPARE(memories(), 1);
    }

    // Right-to-left marks and overrides are text a person may write: they are kept byte for byte.
    void rightToLeftMarksSurvive()
    {
        const QString text = QString::fromUtf8("\u202Egnp.exe \u200F\u05E9\u05DC\u05D5\u05DD\u200E end \u2067x\u2069");
        Memory kept;
        const QByteArray data = line(1, [&](Memory &m) {
            m.userPrompt = m.sessionId = text;
            m.contextTags = { text };
            kept = m;
        });
        const Result<ImportPlan> plan = MemoryImport::readMemoryData(data, ImportFormat::Jsonl, QStringLiteral("rtl"));
        QVERIFY2(plan && plan->problems.isEmpty(), plan ? "" : qPrintable(plan.errorMessage()));
        QVERIFY(MemoryImport::applyImport(*m_repo, *plan));
        const Result<MemoryDetail> detail = m_repo->memoryDetail(kept.id);
        QVERIFY(detail);
        QCOMPARE(detail->memory.userPrompt, text);
        QCOMPARE(detail->memory.sessionId, text);
        QCOMPARE(detail->memory.contextTags, QStringList { text });
    }

    // A vector of the wrong length written into the database by another program. SQLite's table refuses it
    // itself; PostgreSQL's real[] column cannot, so Sextant's readers must: the map and search leave that memory
    // out and its detail still opens. (And a NUL written through the repository is refused before any SQL runs.)
    void aWrongLengthVectorInTheDatabase()
    {
        QList<Memory> rows;
        for (int i = 0; i < 3; ++i) {
            Memory m = sampleMemory(i, m_base.addSecs(i));
            m.embedding = Embedding(EmbeddingDimensions, 0.0f);
            m.embedding[std::size_t(i)] = 1.0f;
            rows << m;
        }
        QVERIFY(m_repo->insertMemories(rows));
        Memory nul = sampleMemory(9, m_base);
        nul.contextTags = { QStringLiteral("x") + QChar(0) };
        const Result<void> refused = m_repo->insertMemories({ nul });
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::InvalidInput);
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("NUL")), qPrintable(refused.errorMessage()));
        QCOMPARE(memories(), 3);

        const QString id = rows[1].id.toString(QUuid::WithoutBraces);
        QSqlQuery q(m_repo->database());
        const QString table = m_repo->dialect().table(Table::Memories);
        if (m_backend == SqlDialect::Sqlite) {
            QVERIFY(!q.exec(QStringLiteral("UPDATE %1 SET embedding = x'0000803f0000803f0000803f' WHERE id = '%2'")
                                .arg(table, id)));
            QVERIFY2(q.lastError().text().contains(QStringLiteral("CHECK")), qPrintable(q.lastError().text()));
            return;
        }
        if (!q.exec(QStringLiteral("UPDATE %1 SET embedding = '{1,2,3}' WHERE id = '%2'").arg(table, id))) {
            // A server with pgvector keeps vector(1536), which refuses the wrong length itself.
            QVERIFY2(q.lastError().text().contains(QStringLiteral("dimensions")), qPrintable(q.lastError().text()));
            return;
        }
        const Result<EmbeddingBlock> block = m_repo->loadEmbeddings(VectorSource::Memories);
        QVERIFY2(block, qPrintable(block.errorMessage()));
        QCOMPARE(block->rows(), 2);
        QVERIFY(!block->ids.contains(rows[1].id));
        QCOMPARE(block->values.size(), std::size_t(2 * EmbeddingDimensions));
        const Result<QList<SimilarMemory>> similar
            = m_repo->similarMemories(Embedding(EmbeddingDimensions, 1.0f), 10);
        QVERIFY2(similar, qPrintable(similar.errorMessage()));
        QCOMPARE(similar->size(), 2);
        const Result<MemoryDetail> detail = m_repo->memoryDetail(rows[1].id);
        QVERIFY2(detail, qPrintable(detail.errorMessage()));
        QCOMPARE(detail->memory.userPrompt, rows[1].userPrompt);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestInputLimits>(argc, argv);
}
#include "tst_inputlimits.moc"
