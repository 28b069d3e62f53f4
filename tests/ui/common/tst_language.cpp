#include "common/language.h"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>
#include <QTest>
#include <QTranslator>

// The interface language as the app sets it up, in a process started the way a minimal container or a
// cron job starts it: LANG=C, LC_ALL=C. Plurals come out of the English catalogue whatever the system
// locale ("1 row", not "1 row(s)"), the chosen language's catalogue goes over it, and numbers and dates
// follow the chosen language.
class TestLanguage : public QObject
{
    Q_OBJECT
private:
    static QString translated(const char *context, const char *source, int n)
    {
        return QCoreApplication::translate(context, source, nullptr, n);
    }

private Q_SLOTS:
    void init() { removeTranslators(); }
    void cleanupTestCase() { removeTranslators(); }

    void cLocaleStillGetsEnglishPlurals()
    {
        QCOMPARE(QLocale::system().language(), QLocale::C); // what main() below arranged
        const QLocale chosen = Language::install(QCoreApplication::instance(), QString());
        QCOMPARE(chosen.language(), QLocale::English);
        QCOMPARE(QLocale().language(), QLocale::English);
        QCOMPARE(QLocale().toString(6000), QStringLiteral("6,000"));
        QCOMPARE(translated("WorkspaceStatusBar", "%n task(s) running", 1), QStringLiteral("1 task running"));
        QCOMPARE(translated("WorkspaceStatusBar", "%n task(s) running", 2), QStringLiteral("2 tasks running"));
        QCOMPARE(translated("MemoryImportDialog", "Import %Ln Rows", 1), QStringLiteral("Import 1 Row"));
        QCOMPARE(translated("MemoryImportDialog", "Import %Ln Rows", 0), QStringLiteral("Import 0 Rows"));
        QCOMPARE(
            translated("MemoryExportDialog", "The %n selected memory(s)", 1), QStringLiteral("The 1 selected memory"));
    }

    // Every plural message issue #15 (item 11) added: the singular must come from the catalogue's
    // English forms (the source text is the plural).
    void newPluralsHaveEnglishForms_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("one");
        QTest::addColumn<QString>("many");
        const auto row = [](const char *context, const char *source, const char *one, const char *many) {
            QTest::addRow("%s: %s", context, source) << QString::fromUtf8(context) << QString::fromUtf8(source)
                                                     << QString::fromUtf8(one) << QString::fromUtf8(many);
        };
        row("MemoriesCuration", "%Ln memories", "1 memory", "1,234 memories");
        row("MemoriesCuration", "%Ln evaluations", "1 evaluation", "1,234 evaluations");
        row("MemoriesCuration", "%Ln links", "1 link", "1,234 links");
        row("MemoryExportDialog", "Exported %Ln memories to %1.", "Exported 1 memory to %1.",
            "Exported 1,234 memories to %1.");
        row("MemoryImportDialog", "%Ln rows read, all valid. Nothing is written until you import.",
            "1 row read, all valid. Nothing is written until you import.",
            "1,234 rows read, all valid. Nothing is written until you import.");
        row("AiMenu", "Embedding stopped after %Ln memories: %1", "Embedding stopped after 1 memory: %1",
            "Embedding stopped after 1,234 memories: %1");
        row("AiMenu", "Embedding cancelled after %1 of %Ln memories; run it again to continue.",
            "Embedding cancelled after %1 of 1 memory; run it again to continue.",
            "Embedding cancelled after %1 of 1,234 memories; run it again to continue.");
        row("AiMenu", "Embedded %Ln memories in %1 s.", "Embedded 1 memory in %1 s.",
            "Embedded 1,234 memories in %1 s.");
        row("AiMenu", "Evaluation stopped after %Ln memories: %1", "Evaluation stopped after 1 memory: %1",
            "Evaluation stopped after 1,234 memories: %1");
        row("AiMenu", "Evaluation cancelled after %1 of %Ln memories; run it again to continue.",
            "Evaluation cancelled after %1 of 1 memory; run it again to continue.",
            "Evaluation cancelled after %1 of 1,234 memories; run it again to continue.");
        row("AiMenu", "Evaluated %Ln memories in %1 s; %2 failed validation and were kept for inspection.",
            "Evaluated 1 memory in %1 s; %2 failed validation and were kept for inspection.",
            "Evaluated 1,234 memories in %1 s; %2 failed validation and were kept for inspection.");
        row("AiMenu", "Evaluated %Ln memories in %1 s.", "Evaluated 1 memory in %1 s.",
            "Evaluated 1,234 memories in %1 s.");
        row("UsageDock", "Today: %Ln tokens, %1", "Today: 1 token, %1", "Today: 1,234 tokens, %1");
        row("UsageDock", "Embedding cache: %1% hits (%2 of %Ln texts)", "Embedding cache: %1% hits (%2 of 1 text)",
            "Embedding cache: %1% hits (%2 of 1,234 texts)");
        row("PointMapView", "%Ln points", "1 point", "1,234 points");
        row("MapPage", "%1 — %Ln points, %2", "%1 — 1 point, %2", "%1 — 1,234 points, %2");
        row("MapPage", "Adjusted Rand index %1 against “%2” (%Ln shared points); matched clusters share colours.",
            "Adjusted Rand index %1 against “%2” (1 shared point); matched clusters share colours.",
            "Adjusted Rand index %1 against “%2” (1,234 shared points); matched clusters share colours.");
        row("MapPage",
            "Link every clustered memory to its cluster's most central memory (%Ln links)? Links an earlier "
            "write-back made are replaced; other links are left alone.",
            "Link every clustered memory to its cluster's most central memory (1 link)? Links an earlier "
            "write-back made are replaced; other links are left alone.",
            "Link every clustered memory to its cluster's most central memory (1,234 links)? Links an earlier "
            "write-back made are replaced; other links are left alone.");
        row("MapPage", "Wrote %Ln semantic_cluster links.", "Wrote 1 semantic_cluster link.",
            "Wrote 1,234 semantic_cluster links.");
        row("BulkEmbedding", "%1 of %Ln memories embedded", "%1 of 1 memory embedded", "%1 of 1,234 memories embedded");
        row("BulkEvaluation", "%1 of %Ln memories evaluated, %2 failed validation",
            "%1 of 1 memory evaluated, %2 failed validation", "%1 of 1,234 memories evaluated, %2 failed validation");
        // The command line prints plain digits (%n): scripts read them.
        row("main", "%n memories", "1 memory", "1234 memories");
        row("main", "%n evaluations", "1 evaluation", "1234 evaluations");
        row("main", "%n jobs", "1 job", "1234 jobs");
        row("main", "%n freelancers", "1 freelancer", "1234 freelancers");
        row("MemoryImportDialog", "The field “%1” (%Ln rows; the import time for the other %2)",
            "The field “%1” (1 row; the import time for the other %2)",
            "The field “%1” (1,234 rows; the import time for the other %2)");
        row("MemoryImportDialog",
            "%Ln rows read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.",
            "1 row read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.",
            "1,234 rows read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.");
    }
    void newPluralsHaveEnglishForms()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(QString, one);
        QFETCH(QString, many);
        Language::install(QCoreApplication::instance(), QString());
        const QByteArray c = context.toUtf8();
        const QByteArray s = source.toUtf8();
        QCOMPARE(translated(c.constData(), s.constData(), 1234), many);
        QCOMPARE(translated(c.constData(), s.constData(), 1), one);
    }

    // French has no catalogue: English text with French numbers and dates.
    void languageWithoutCatalogueFallsBackToEnglish()
    {
        const QLocale chosen = Language::install(QCoreApplication::instance(), QStringLiteral("fr"));
        QCOMPARE(chosen.language(), QLocale::French);
        QCOMPARE(QLocale().toString(6000), QLocale(QLocale::French).toString(6000));
        QCOMPARE(translated("WorkspaceStatusBar", "%n task(s) running", 1), QStringLiteral("1 task running"));
    }

    // German was chosen but the system spoke English: "6 Dec 2026" and "6,000" showed. The default locale
    // follows the chosen language, so every QLocale() in the views formats the German way.
    void chosenLanguageFormatsNumbersAndDates()
    {
        const QLocale chosen = Language::install(QCoreApplication::instance(), QStringLiteral("de"));
        QCOMPARE(chosen.language(), QLocale::German);
        QCOMPARE(QLocale().toString(6000), QStringLiteral("6.000"));
        QCOMPARE(
            QLocale().toString(QDate(2026, 12, 6), QStringLiteral("d. MMMM yyyy")), QStringLiteral("6. Dezember 2026"));
        QCOMPARE(QLocale().toString(QDate(2026, 12, 6), QLocale::ShortFormat), QStringLiteral("06.12.26"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(translated("WorkspaceStatusBar", "%n task(s) running", 1), QStringLiteral("1 Aufgabe läuft"));
    }

private:
    static void removeTranslators()
    {
        for (QTranslator *translator : QCoreApplication::instance()->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
        QLocale::setDefault(QLocale::c());
    }
};

int main(int argc, char *argv[])
{
    // Before QCoreApplication: the system locale is read from the environment once.
    qputenv("LC_ALL", "C");
    qputenv("LANG", "C");
    qunsetenv("LANGUAGE");
    QCoreApplication app(argc, argv);
    TestLanguage test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_language.moc"
