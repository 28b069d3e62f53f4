// CopyWriter: every column type it encodes reads back as written (unicode, tabs, newlines, backslashes, NULLs,
// empty arrays, numeric rounding, vectors to the bit); a value that does not fit its column or a row with the
// wrong number of values is refused with a message and writes nothing, and the connection stays usable.
// Runs against the PostgreSQL test server (SEXTANT_TEST_PG) and, for pgvector's vector type, against PGlite
// (SEXTANT_TEST_PGVECTOR).
#include "db/copywriter.h"
#include "support/testutil.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

namespace {
const QString Scratch = QStringLiteral("copy_scratch.everything");

QString tricky()
{
    return QString::fromUtf8(
        "tab\there, new\nline, CR\r, back\\slash \\N \\., quote \" ' and \xF0\x9F\x8C\xB1 \xC3\xA9");
}

QStringList everyColumn()
{
    return { QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("note"), QStringLiteral("tags"),
        QStringLiteral("small"), QStringLiteral("medium"), QStringLiteral("big"), QStringLiteral("single"),
        QStringLiteral("score"), QStringLiteral("budget"), QStringLiteral("free"), QStringLiteral("flag"),
        QStringLiteral("at"), QStringLiteral("doc"), QStringLiteral("plain"), QStringLiteral("floats") };
}
} // namespace

class TestCopyWriter : public QObject
{
    Q_OBJECT

    std::unique_ptr<Repository> m_repo;

    QSqlQuery select(const QString &sql)
    {
        QSqlQuery q(m_repo->database());
        if (!q.exec(sql))
            qWarning("%s", qPrintable(Repository::queryError(q, sql).message));
        return q;
    }

    qint64 count()
    {
        QSqlQuery q = select(QLatin1String("SELECT count(*) FROM ") + Scratch);
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    CopyWriter writer() { return CopyWriter(*m_repo, Scratch, QStringLiteral("everything"), everyColumn()); }

private Q_SLOTS:
    void initTestCase()
    {
        const std::optional<PostgresSettings> settings
            = recreatePostgresDatabase(QStringLiteral("sextant_copywriter_test"));
        QVERIFY(settings);
        QVERIFY(TestServers::addConnection(*settings, QStringLiteral("copywriter")).open());
        m_repo = std::make_unique<Repository>(
            QStringLiteral("copywriter"), SqlDialect(SqlDialect::Postgres, false), settings->displayName());
    }

    void init()
    {
        QVERIFY(select(QStringLiteral("DROP SCHEMA IF EXISTS copy_scratch CASCADE")).isActive());
        QVERIFY(select(QStringLiteral("CREATE SCHEMA copy_scratch")).isActive());
        QVERIFY(select(QLatin1String("CREATE TABLE ") + Scratch
            + QLatin1String(" (id uuid PRIMARY KEY, name text NOT NULL, note text, tags text[] NOT NULL, "
                            "small smallint, medium integer, big bigint, single real, score double precision, "
                            "budget numeric(10,2), free numeric, flag boolean, at timestamptz, doc jsonb, plain json, "
                            "floats real[], serial bigserial)"))
                    .isActive());
    }

    void everyTypeReadsBackAsWritten()
    {
        const QUuid first = QUuid::fromString(QStringLiteral("6f1c2a9e-0d3b-4c5a-9e7f-112233445566"));
        const QUuid second = QUuid::fromString(QStringLiteral("00000000-0000-4000-8000-000000000001"));
        const QDateTime at(QDate(2026, 12, 7), QTime(4, 5, 6, 789), Qt::UTC);
        QJsonObject doc;
        doc.insert(QStringLiteral("text"), tricky());
        doc.insert(QStringLiteral("n"), 0.125);
        const Embedding floats { 0.1f, -2.5e-7f, 1.5e30f, 1.0f / 3.0f };
        CopyWriter w = writer();
        const Result<void> started = w.start();
        QVERIFY2(started, qPrintable(started.errorMessage()));
        w.uuid(first).text(tricky()).optionalText(QStringLiteral("a note"));
        w.tags({ QStringLiteral("a,b"), QStringLiteral("{braces}"), QStringLiteral("\"q\""), QString(), tricky() });
        w.integer(-32768).integer(2147483647).integer(Q_INT64_C(9007199254740993)).real(0.1).real(-1.0 / 3.0);
        w.real(12345678.125).real(-0.000123).boolean(true).time(at).json(doc).json(doc).vector(floats);
        QVERIFY(w.endRow());
        // NULLs wherever the type allows one, an empty array, a zero and a negative numeric.
        w.uuid(second).text(QString()).optionalText(QString()).tags({}).null().null().null().null().real(0.0);
        w.real(-50.0).integer(7).boolean(false).time(QDateTime()).null().null().vector(Embedding());
        QVERIFY(w.endRow());
        const Result<qint64> rows = w.finish();
        QVERIFY2(rows, qPrintable(rows.errorMessage()));
        QCOMPARE(*rows, 2);

        QSqlQuery q
            = select(QLatin1String("SELECT id::text, name, note, tags, small, medium, big, single::float8, score, "
                                   "budget::text, free::text, flag, at, doc::text, plain::text, floats, "
                                   "cardinality(tags), array_length(floats, 1), note IS NULL, floats IS NULL "
                                   "FROM ")
                + Scratch + QLatin1String(" ORDER BY id DESC"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), first.toString(QUuid::WithoutBraces));
        QCOMPARE(q.value(1).toString(), tricky());
        QCOMPARE(q.value(2).toString(), QStringLiteral("a note"));
        QCOMPARE(m_repo->dialect().toTags(q.value(3)),
            QStringList(
                { QStringLiteral("a,b"), QStringLiteral("{braces}"), QStringLiteral("\"q\""), QString(), tricky() }));
        QCOMPARE(q.value(4).toInt(), -32768);
        QCOMPARE(q.value(5).toInt(), 2147483647);
        QCOMPARE(q.value(6).toLongLong(), Q_INT64_C(9007199254740993));
        QCOMPARE(q.value(7).toDouble(), double(0.1f));
        QCOMPARE(q.value(8).toDouble(), -1.0 / 3.0);
        QCOMPARE(q.value(9).toString(), QStringLiteral("12345678.13")); // numeric(10,2) rounds half away from zero
        QCOMPARE(q.value(10).toString(), QStringLiteral("-0.000123"));
        QCOMPARE(q.value(11).toBool(), true);
        QCOMPARE(m_repo->dialect().toTime(q.value(12)), at);
        QCOMPARE(QJsonDocument::fromJson(q.value(13).toString().toUtf8()).object(), doc);
        QCOMPARE(QJsonDocument::fromJson(q.value(14).toString().toUtf8()).object(), doc);
        QCOMPARE(m_repo->dialect().toVector(q.value(15)), floats); // every bit of every float
        QCOMPARE(q.value(16).toInt(), 5);
        QCOMPARE(q.value(17).toInt(), 4);

        QVERIFY(q.next());
        QCOMPARE(q.value(1).toString(), QString()); // a null QString is '', as SqlDialect::text binds it
        QVERIFY(!q.value(1).isNull());
        QVERIFY(q.value(18).toBool()); // optionalText of nothing: NULL
        QCOMPARE(q.value(16).toInt(), 0); // an empty array, not NULL
        QVERIFY(q.value(4).isNull());
        QVERIFY(q.value(7).isNull());
        QCOMPARE(q.value(9).toString(), QStringLiteral("-50.00"));
        QCOMPARE(q.value(10).toString(), QStringLiteral("7"));
        QCOMPARE(q.value(11).toBool(), false);
        QVERIFY(q.value(12).isNull());
        QVERIFY(q.value(19).toBool());
    }

    void manyRowsCrossTheSendBuffer()
    {
        // Several megabytes: the writer sends in pieces and the server gets every row once.
        const Embedding floats(1536, 0.25f);
        CopyWriter w = writer();
        QVERIFY(w.start());
        for (int i = 0; i < 1500; ++i) {
            w.uuid(QUuid::createUuid()).text(QString::number(i)).null().tags({}).null().integer(i).null().null();
            w.null().null().null().null().null().null().null().vector(floats);
            QVERIFY(w.endRow());
        }
        const Result<qint64> rows = w.finish();
        QVERIFY2(rows, qPrintable(rows.errorMessage()));
        QCOMPARE(*rows, 1500);
        QSqlQuery q = select(QLatin1String("SELECT count(*), sum(medium), sum(floats[1536]) FROM ") + Scratch);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1500);
        QCOMPARE(q.value(1).toLongLong(), 1499LL * 1500 / 2);
        QCOMPARE(q.value(2).toDouble(), 375.0);
    }

    void refusals_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("text into uuid") << 0 << QStringLiteral("column id does not take text");
        QTest::newRow("out of smallint") << 1 << QStringLiteral("40000 is out of range for column small");
        QTest::newRow("too few values") << 2 << QStringLiteral("the row has 2 of 16 values");
        QTest::newRow("too many values") << 3 << QStringLiteral("the row has more values than columns");
    }

    void refusals()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        CopyWriter w = writer();
        QVERIFY(w.start());
        // A good row first: the refusal must take it back too.
        w.uuid(QUuid::createUuid()).text(QStringLiteral("fine")).null().tags({}).null().null().null().null();
        w.null().null().null().null().null().null().null().null();
        QVERIFY(w.endRow());
        if (kind == 0)
            w.text(QStringLiteral("not a uuid"));
        else
            w.uuid(QUuid::createUuid());
        if (kind == 1)
            w.text(QString()).null().tags({}).integer(40000);
        if (kind == 1 || kind == 3)
            w.null().null().null().null().null().null().null().null().null().null().null();
        if (kind == 3)
            w.null().null().null().null().null().null(); // 18 values for 16 columns
        if (kind == 0 || kind == 2)
            w.null();
        const Result<void> row = w.endRow();
        QVERIFY(!row);
        QCOMPARE(row.error().code, Error::InvalidInput);
        QVERIFY2(row.errorMessage().contains(message), qPrintable(row.errorMessage()));
        QVERIFY2(row.errorMessage().contains(QStringLiteral("Row 2")), qPrintable(row.errorMessage()));
        QVERIFY(!w.finish());
        QCOMPARE(count(), 0); // the server discarded the whole COPY
    }

    void refusedTableOrColumn()
    {
        CopyWriter missing(
            *m_repo, QStringLiteral("copy_scratch.nothing"), QStringLiteral("nothing"), { QStringLiteral("id") });
        const Result<void> noTable = missing.start();
        QVERIFY(!noTable);
        QCOMPARE(noTable.error().code, Error::InvalidInput);
        CopyWriter typo(
            *m_repo, Scratch, QStringLiteral("everything"), { QStringLiteral("id"), QStringLiteral("nmae") });
        const Result<void> noColumn = typo.start();
        QVERIFY(!noColumn);
        QVERIFY2(noColumn.errorMessage().contains(QStringLiteral("nmae")), qPrintable(noColumn.errorMessage()));
        QCOMPARE(count(), 0);
    }

    void aServerRefusalRollsBackTheTransaction()
    {
        const QUuid id = QUuid::createUuid();
        const Result<void> done = m_repo->inTransaction([&]() -> Result<void> {
            CopyWriter w = writer();
            if (Result<void> started = w.start(); !started)
                return started;
            for (int i = 0; i < 2; ++i) { // the same primary key twice: the server refuses at the end
                w.uuid(id).text(QString()).null().tags({}).null().null().null().null();
                w.null().null().null().null().null().null().null().null();
                if (Result<void> ended = w.endRow(); !ended)
                    return ended;
            }
            const Result<qint64> finished = w.finish();
            return finished ? Result<void>() : Result<void>(finished.error());
        });
        QVERIFY(!done);
        QCOMPARE(done.error().code, Error::Database);
        QVERIFY2(done.errorMessage().contains(QStringLiteral("duplicate key")), qPrintable(done.errorMessage()));
        QCOMPARE(count(), 0); // and the connection still answers
    }

    void cleanupTestCase() { m_repo.reset(); }
};

// pgvector's binary vector format, checked on PGlite (one connection at a time; see tests/CMakeLists.txt)
// against the server's own vector_send. PGlite's socket server cannot take COPY FROM STDIN and stops answering
// every client when it is tried, so the writer must refuse it there, and the connection must still answer.
class TestCopyWriterPgvector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectorBytesAreVectorSendsAndPgliteIsSpared()
    {
        const std::optional<PostgresSettings> settings = testPgvector();
        if (!settings)
            QSKIP("SEXTANT_TEST_PGVECTOR is not set (a developer run)");
        QVERIFY(runSql(*settings, { QStringLiteral("CREATE EXTENSION IF NOT EXISTS vector") }));
        const Embedding a { 0.1f, -2.5e-7f, 1.5e30f, 1.0f / 3.0f };
        {
            // PGlite may turn a connection away right after the last one closed: a few tries.
            QSqlDatabase db = TestServers::addConnection(*settings, QStringLiteral("copywriter-pgvector"));
            for (int attempt = 0; attempt < 20 && !db.open(); ++attempt)
                QTest::qWait(150);
            QVERIFY(db.isOpen());
            db = QSqlDatabase();
            Repository repo(
                QStringLiteral("copywriter-pgvector"), SqlDialect(SqlDialect::Postgres, true), settings->displayName());
            QByteArray mine;
            CopyWriter::appendPgvector(mine, a);
            QSqlQuery q(repo.database());
            QVERIFY(q.exec(QStringLiteral("SELECT vector_send('[0.1,-2.5e-07,1.5e+30,0.33333334]'::vector)")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toByteArray().toHex(), mine.toHex());
            q = QSqlQuery();

            QVERIFY(!CopyWriter::takesCopy(repo));
            CopyWriter w(
                repo, QStringLiteral("pg_catalog.pg_am"), QStringLiteral("pg_am"), { QStringLiteral("amname") });
            const Result<void> started = w.start();
            QVERIFY(!started);
            QVERIFY2(started.errorMessage().contains(QStringLiteral("cannot take COPY")),
                qPrintable(started.errorMessage()));
            QSqlQuery still(repo.database());
            QVERIFY(still.exec(QStringLiteral("SELECT 1")) && still.next());
        }
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestCopyWriter postgres;
    int status = QTest::qExec(&postgres, argc, argv);
    TestCopyWriterPgvector pgvector;
    status |= QTest::qExec(&pgvector, argc, argv);
    return status;
}
#include "tst_copywriter.moc"
