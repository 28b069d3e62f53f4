// The Archetypes page as a user reads it: each archetype's four metrics by name ("Emotional depth 0.73",
// not "Metric 1"), the history chart's legend in words ("Emotional depth", not emotionalDepth), headers
// and the archetype combo box whole, and dates and numbers in the chosen language's locale.
#include "archetypes/archetypehistorychart.h"
#include "core/archetypenames.h"
#include "archetypes/archetypespage.h"
#include "common/language.h"
#include "core/archetypes.h"
#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"

#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStyleOptionComboBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

class TestArchetypesPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    QDateTime m_updated;

    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    // Shows a page at the size it has in the main window's default 1400 × 900 and waits for its data.
    std::unique_ptr<ArchetypesPage> showPage()
    {
        auto page = std::make_unique<ArchetypesPage>(m_worker.get());
        page->resize(1220, 820);
        page->show();
        if (!QTest::qWaitForWindowExposed(page.get()))
            return {};
        QSignalSpy states(page.get(), &ArchetypesPage::statesLoaded);
        QSignalSpy history(page.get(), &ArchetypesPage::historyLoaded);
        page->load();
        if (!QTest::qWaitFor([&] { return states.count() > 0 && history.count() > 0 && !page->isLoading(); }, 10000))
            return {};
        QTest::qWait(50); // the header resizes to its contents on the next layout pass
        return page;
    }

    // The width a header section needs for its text, with the style's margins.
    static int headerTextWidth(const QHeaderView *header, int section)
    {
        const QString text = header->model()->headerData(section, header->orientation()).toString();
        const int margin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
        return header->fontMetrics().horizontalAdvance(text) + 2 * margin;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const QString path = m_dir.filePath(QStringLiteral("archetypes.sqlite"));
        QVERIFY(m_worker->open([path] { return SqliteWorkspace::open(path, QStringLiteral("archetypes")); }).result());
        m_updated = QDateTime(QDate(2026, 12, 6), QTime(14, 30), Qt::UTC);
        const QDateTime updated = m_updated;
        const Result<void> written = m_worker
                                         ->run([updated](Repository &r) -> Result<void> {
                                             QList<ArchetypeState> states;
                                             QList<ArchetypeState> history;
                                             for (int a = 0; a < Archetypes::Count; ++a) {
                                                 ArchetypeState s;
                                                 s.archetype = a;
                                                 s.state = { 0.731, 0.612 - a * 0.01, 0.554, 0.4 + a * 0.05 };
                                                 s.influence = 0.125 * (a + 1);
                                                 s.at = updated;
                                                 states << s;
                                                 for (int day = 0; day < 30; ++day) {
                                                     ArchetypeState h = s;
                                                     h.state[0] = 0.5 + 0.01 * day;
                                                     h.at = updated.addDays(day - 29);
                                                     history << h;
                                                 }
                                             }
                                             if (Result<void> ok = r.upsertArchetypeStates(states); !ok)
                                                 return ok;
                                             return r.insertArchetypeHistory(history);
                                         })
                                         .result();
        QVERIFY2(written, qPrintable(written.errorMessage()));
    }
    void cleanupTestCase() { m_worker.reset(); }

    void namesItsMetrics()
    {
        const std::unique_ptr<ArchetypesPage> page = showPage();
        QVERIFY(page);
        QTableWidget *table = page->stateTable();
        QCOMPARE(table->rowCount(), Archetypes::Count);
        QStringList headers;
        for (int column = 0; column < table->columnCount(); ++column)
            headers << table->horizontalHeaderItem(column)->text();
        QCOMPARE(headers,
            QStringList({ QStringLiteral("Archetype"), QStringLiteral("Metrics"), QStringLiteral("Influence"),
                QStringLiteral("Updated") }));
        QCOMPARE(table->item(Archetypes::M, ArchetypesPage::Metrics)->text(),
            QStringLiteral("Emotional depth 0.73 · Empathy level 0.61 · Emotional clarity 0.55 · "
                           "Internal emotional state 0.40"));
        QCOMPARE(table->item(Archetypes::F, ArchetypesPage::Metrics)->text(),
            QStringLiteral("Risk awareness 0.73 · Caution level 0.54 · Safety consideration 0.55 · "
                           "Mitigation strategy 0.75"));
        QVERIFY(table->item(Archetypes::M, ArchetypesPage::Metrics)
                    ->toolTip()
                    .contains(QStringLiteral("Internal emotional state: 0.400")));

        // Nothing cut off: every header reads whole, and so does every metrics cell.
        const QHeaderView *header = table->horizontalHeader();
        for (int column = 0; column < table->columnCount(); ++column)
            QVERIFY2(headerTextWidth(header, column) <= header->sectionSize(column), qPrintable(headers.at(column)));
        for (int row = 0; row < table->rowCount(); ++row) {
            const QString text = table->item(row, ArchetypesPage::Metrics)->text();
            QVERIFY2(table->fontMetrics().horizontalAdvance(text) < table->columnWidth(ArchetypesPage::Metrics),
                qPrintable(text));
        }

        // The chart's legend names the metrics in words.
        const QList<QLegendMarker *> markers = page->historyChart()->chart()->legend()->markers();
        QStringList legend;
        for (const QLegendMarker *marker : markers)
            legend << marker->label();
        QCOMPARE(legend, ArchetypeNames::metricTitles(Archetypes::M));
        QCOMPARE(legend.first(), QStringLiteral("Emotional depth"));
        QCOMPARE(page->historyChart()->pointCount(), 30);

        QVERIFY(page->grab().save(screenshotPath(QStringLiteral("archetypes-page.png"))));
        // The combo box shows "Ella-M — Emotional Depth" whole.
        auto *combo = page->findChild<QComboBox *>(QStringLiteral("archetypeCombo"));
        QVERIFY(combo);
        QStyleOptionComboBox option;
        option.initFrom(combo);
        option.editable = false;
        const QRect field
            = combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
        for (int i = 0; i < combo->count(); ++i) {
            // A colour decoration is no icon: the field draws only the text.
            const int icon = combo->itemIcon(i).isNull() ? 0 : combo->iconSize().width() + 4;
            const int needed = combo->fontMetrics().horizontalAdvance(combo->itemText(i)) + icon;
            QVERIFY2(needed <= field.width(),
                qPrintable(QStringLiteral("%1: %2 > %3").arg(combo->itemText(i)).arg(needed).arg(field.width())));
        }
    }

    // German chosen: "06.12.26, 15:30" and "0,73", whatever the system's locale.
    void formatsInTheChosenLocale()
    {
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const std::unique_ptr<ArchetypesPage> page = showPage();
        QLocale::setDefault(Language::chosenLocale(QStringLiteral("en")));
        QVERIFY(page);
        const QLocale german(QLocale::German, QLocale::Germany);
        QTableWidget *table = page->stateTable();
        QCOMPARE(table->item(0, ArchetypesPage::Updated)->text(),
            german.toString(m_updated.toLocalTime(), QLocale::ShortFormat));
        QVERIFY2(table->item(0, ArchetypesPage::Metrics)->text().contains(QStringLiteral("0,73")),
            qPrintable(table->item(0, ArchetypesPage::Metrics)->text()));
        QCOMPARE(table->item(0, ArchetypesPage::Influence)->text(), QStringLiteral("0,125"));
        QCOMPARE(page->historyChart()->chart()->locale().language(), QLocale::German);
        QVERIFY(page->grab().save(screenshotPath(QStringLiteral("archetypes-page-de.png"))));
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestArchetypesPage test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_archetypespage.moc"
