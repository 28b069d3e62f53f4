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
        QCOMPARE(translated("MemoryImportDialog", "Import %n Row(s)", 1), QStringLiteral("Import 1 Row"));
        QCOMPARE(translated("MemoryImportDialog", "Import %n Row(s)", 0), QStringLiteral("Import 0 Rows"));
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
