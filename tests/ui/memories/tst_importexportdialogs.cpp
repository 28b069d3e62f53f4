// File → Export Memories… and File → Import Memories… as an operator uses them: export a selection and
// everything, then import the export plus a broken line into another workspace: the report lists the
// problem with its row, "Import Valid Rows" writes exactly the valid ones, a file with no valid row
// cannot be imported at all.
#include "common/language.h"
#include "db/databaseworker.h"
#include "memories/memoryexportdialog.h"
#include "memories/memoryimportdialog.h"
#include "support/testutil.h"
#include "tasks/taskrunner.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableWidget>

class TestImportExportDialogs : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DatabaseWorker> openWorker(const QString &name)
    {
        auto worker = std::make_unique<DatabaseWorker>();
        const QString path = m_dir.filePath(name + QLatin1String(".sqlite"));
        auto opened = worker->open([path, name] { return SqliteWorkspace::open(path, name); });
        opened.waitForFinished();
        return opened.result().ok() ? std::move(worker) : nullptr;
    }
    static int memoryCount(DatabaseWorker &worker)
    {
        auto future = worker.run([](Repository &r) -> Result<int> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT count(*) FROM memories")) || !q.next())
                return makeError(Error::Database, QStringLiteral("count"));
            return q.value(0).toInt();
        });
        future.waitForFinished();
        return future.result().ok() ? future.result().value() : -1;
    }
    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    QTemporaryDir m_dir;
    TaskRunner m_runner;

private Q_SLOTS:
    void exportThenImportWithABadRow()
    {
        auto source = openWorker(QStringLiteral("source"));
        QVERIFY(source);
        QList<Memory> memories;
        for (int i = 0; i < 6; ++i)
            memories << sampleMemory(i, QDateTime::currentDateTimeUtc().addSecs(-i * 60));
        auto inserted = source->run([memories](Repository &r) { return r.insertMemories(memories); });
        inserted.waitForFinished();
        QVERIFY(inserted.result().ok());

        // The selection: two memories.
        const QString selectionPath = m_dir.filePath(QStringLiteral("two.jsonl"));
        {
            MemoryExportDialog dialog(source.get(), &m_runner, { memories[0].id, memories[3].id });
            dialog.setPath(selectionPath);
            QSignalSpy exported(&dialog, &MemoryExportDialog::exported);
            dialog.exportNow();
            QVERIFY(exported.wait(10000));
            QCOMPARE(exported.first().first().toLongLong(), 2);
        }
        QCOMPARE(readAll(selectionPath).count('\n'), 2);
        QVERIFY(readAll(selectionPath).contains(memories[3].id.toString(QUuid::WithoutBraces).toUtf8()));

        // Everything, plus a broken line appended by hand.
        const QString allPath = m_dir.filePath(QStringLiteral("all.jsonl"));
        {
            MemoryExportDialog dialog(source.get(), &m_runner, {});
            dialog.setPath(allPath);
            QSignalSpy exported(&dialog, &MemoryExportDialog::exported);
            dialog.exportNow();
            QVERIFY(exported.wait(10000));
            QCOMPARE(exported.first().first().toLongLong(), 6);
            QVERIFY(dialog.statusText().contains(QStringLiteral("Exported 6 memories")));
        }
        {
            QFile f(allPath);
            QVERIFY(f.open(QIODevice::Append));
            f.write("{\"id\": \"not-a-uuid\", \"prompt\": \"p\", \"priority\": \"high\"}\n");
        }

        auto target = openWorker(QStringLiteral("target"));
        QVERIFY(target);
        MemoryImportDialog dialog(target.get(), &m_runner, allPath);
        dialog.resize(760, 420);
        dialog.show();
        QSignalSpy checked(&dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(dialog.plan().valid.size(), 6);
        QCOMPARE(dialog.plan().invalidRows, 1);
        auto *problems = dialog.findChild<QTableWidget *>(QStringLiteral("importProblems"));
        QVERIFY(problems->rowCount() >= 1);
        QCOMPARE(problems->item(0, 0)->text(), QStringLiteral("7")); // the appended line
        QCOMPARE(memoryCount(*target), 0); // nothing written before the operator decides
        QTest::qWait(100); // let the layout settle before the screenshot
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("import-report.png"))));

        QSignalSpy imported(&dialog, &MemoryImportDialog::imported);
        dialog.importValidRows();
        QVERIFY(imported.wait(10000));
        QCOMPARE(imported.first().first().value<ImportResult>().memories, 6);
        QCOMPARE(memoryCount(*target), 6);
    }

    // A file of prompts and replies with no id, no creation time and only some summaries: the dialog says
    // how many rows lack each, offers the import time or the file's "date" field, and imports the choice.
    void missingValuesAreOffered()
    {
        auto target = openWorker(QStringLiteral("gaps"));
        QVERIFY(target);
        const QString path = m_dir.filePath(QStringLiteral("prompts.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"prompt\": \"a\", \"reply\": \"b\", \"date\": \"2025-03-01T10:00:00Z\"}\n"
                "{\"prompt\": \"c\", \"reply\": \"d\", \"date\": \"2025-03-02T10:00:00Z\", \"summary\": \"s\"}\n"
                "{\"prompt\": \"e\", \"reply\": \"f\", \"date\": \"2025-03-03T10:00:00Z\"}\n"
                "{\"prompt\": \"g\", \"reply\": \"h\", \"summary\": \"t\"}\n");
        f.close();
        MemoryImportDialog dialog(target.get(), &m_runner, path);
        dialog.resize(760, 420);
        dialog.show();
        QSignalSpy checked(&dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(dialog.plan().valid.size(), 4);
        auto label = [&](const char *name) {
            auto *l = dialog.findChild<QLabel *>(QLatin1String(name));
            return l && l->isVisible() ? l->text() : QString();
        };
        // The plural forms of the English catalogue, as the app loads it.
        QCOMPARE(label("importCreatedAtGap"), QStringLiteral("4 rows have no creation time. Use:"));
        QCOMPARE(label("importIdGap"), QStringLiteral("4 rows have no id; each gets a new one."));
        QCOMPARE(label("importSummaryGap"), QStringLiteral("2 rows have no summary; it stays empty."));
        auto *source = dialog.findChild<QComboBox *>(QStringLiteral("importCreatedAtSource"));
        QVERIFY(source);
        QCOMPARE(source->count(), 2);
        QCOMPARE(source->itemText(0), QStringLiteral("The import time (4 rows)"));
        QCOMPARE(source->itemText(1), QStringLiteral("The field “date” (3 rows; the import time for the other 1)"));
        source->setCurrentIndex(1);
        QCOMPARE(dialog.createdAtField(), QStringLiteral("date"));
        auto *format = dialog.findChild<QPushButton *>(QStringLiteral("importFormat"));
        QVERIFY(format && format->isVisible());
        QVERIFY(MemoryImportDialog::formatHelp().contains(QStringLiteral("prompt")));
        QTest::qWait(100);
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("import-missing-values.png"))));

        QSignalSpy imported(&dialog, &MemoryImportDialog::imported);
        dialog.importValidRows();
        QVERIFY(imported.wait(10000));
        QCOMPARE(memoryCount(*target), 4);
        auto dates = target->run([](Repository &r) -> Result<int> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT count(*) FROM memories WHERE created_at LIKE '2025-03-0%'"))
                || !q.next())
                return makeError(Error::Database, q.lastError().text());
            return q.value(0).toInt();
        });
        dates.waitForFinished();
        QVERIFY2(dates.result().ok(), qPrintable(dates.result().errorMessage()));
        QCOMPARE(dates.result().value(), 3);
    }

    // A file without a single row says so, instead of "0 rows read, all valid".
    void emptyFileSaysSo_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("no bytes") << QByteArray();
        QTest::newRow("blank lines") << QByteArray("\n\n  \n");
    }
    void emptyFileSaysSo()
    {
        QFETCH(QByteArray, content);
        auto target = openWorker(
            QStringLiteral("nothing-%1")
                .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
        QVERIFY(target);
        const QString path = m_dir.filePath(QStringLiteral("empty.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        MemoryImportDialog dialog(target.get(), &m_runner, path);
        dialog.resize(760, 420);
        dialog.show();
        QSignalSpy checked(&dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(dialog.summaryText(),
            QStringLiteral("The file is empty: it holds no memories, so there is nothing to import."));
        auto *problems = dialog.findChild<QTableWidget *>(QStringLiteral("importProblems"));
        QVERIFY(problems && !problems->isVisible());
        QPushButton *import = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>())
            if (b->text().startsWith(QStringLiteral("Import")) && b->text() != QStringLiteral("Import Nothing"))
                import = b;
        QVERIFY(import && !import->isEnabled());
        QCOMPARE(import->text(), QStringLiteral("Import 0 Rows"));
        QTest::qWait(100);
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("import-empty-file.png"))));
    }

    // Plural forms where only one row is read: "1 row read", "Import 1 Row".
    void oneRowReadsSingular()
    {
        auto target = openWorker(QStringLiteral("one"));
        QVERIFY(target);
        const QString path = m_dir.filePath(QStringLiteral("one.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"prompt\": \"a\", \"reply\": \"b\", \"created_at\": \"2025-03-01T10:00:00Z\", \"id\": "
                "\"7b0c6b8e-6f1f-4a35-9a57-8f7c5a8f4d01\", \"summary\": \"s\"}\n");
        f.close();
        MemoryImportDialog dialog(target.get(), &m_runner, path);
        dialog.resize(760, 420);
        dialog.show();
        QSignalSpy checked(&dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(dialog.summaryText(), QStringLiteral("1 row read, all valid. Nothing is written until you import."));
        QPushButton *import = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>())
            if (b->text().startsWith(QStringLiteral("Import")) && b->text() != QStringLiteral("Import Nothing"))
                import = b;
        QVERIFY(import && import->isEnabled());
        QCOMPARE(import->text(), QStringLiteral("Import 1 Row"));
        QTest::qWait(100);
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("import-one-row.png"))));
    }

    void fileWithoutValidRowsCannotBeImported()
    {
        auto target = openWorker(QStringLiteral("empty"));
        QVERIFY(target);
        const QString path = m_dir.filePath(QStringLiteral("bad.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"id\": 1}\n[1, 2, 3]\n");
        f.close();
        MemoryImportDialog dialog(target.get(), &m_runner, path);
        QSignalSpy checked(&dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(dialog.plan().valid.size(), 0);
        QVERIFY(dialog.plan().invalidRows >= 2);
        QPushButton *import = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>())
            if (b->text().startsWith(QStringLiteral("Import")) && b->text() != QStringLiteral("Import Nothing"))
                import = b;
        QVERIFY(import);
        QVERIFY(!import->isEnabled());
        QCOMPARE(memoryCount(*target), 0);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en")); // as the app does: plural forms from the catalogue
    TestImportExportDialogs test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_importexportdialogs.moc"
