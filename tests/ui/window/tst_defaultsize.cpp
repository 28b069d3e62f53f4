// The main window at its default size (1400 × 900, what a first start shows) on a small demo, with a
// memory selected: no header, combo box or column title is cut off ("chetype prior", "Ella-M · Emotional
// Dep" were), and the grid's dates and numbers follow the chosen language. Saves a screenshot.
#include "archetypes/archetypespage.h"
#include "common/language.h"
#include "memories/memoriespage.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryeditpanel.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "workspace/workspacesession.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleOptionComboBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

class TestDefaultSize : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    // Every visible section of `header` is at least as wide as its title with the style's margins.
    static void checkHeaderWhole(const QHeaderView *header, const char *what)
    {
        const int margin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
        for (int section = 0; section < header->count(); ++section) {
            if (header->isSectionHidden(section))
                continue;
            const QString title = header->model()->headerData(section, header->orientation()).toString();
            const int needed = header->fontMetrics().horizontalAdvance(title) + 2 * margin;
            QVERIFY2(needed <= header->sectionSize(section),
                qPrintable(QStringLiteral("%1: “%2” needs %3 px, has %4")
                               .arg(QLatin1String(what), title)
                               .arg(needed)
                               .arg(header->sectionSize(section))));
        }
    }

    // Every visible combo box under `root` shows its current text whole.
    static void checkCombosWhole(QWidget *root, const char *what)
    {
        for (QComboBox *combo : root->findChildren<QComboBox *>()) {
            if (!combo->isVisible() || combo->currentText().isEmpty() || combo->isEditable())
                continue;
            QStyleOptionComboBox option;
            option.initFrom(combo);
            const QRect field
                = combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
            const int icon = combo->itemIcon(combo->currentIndex()).isNull() ? 0 : combo->iconSize().width() + 4;
            const int needed = combo->fontMetrics().horizontalAdvance(combo->currentText()) + icon;
            QVERIFY2(needed <= field.width(),
                qPrintable(QStringLiteral("%1, %2: “%3” needs %4 px, has %5")
                               .arg(QLatin1String(what), combo->objectName(), combo->currentText())
                               .arg(needed)
                               .arg(field.width())));
        }
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Its own settings: no saved geometry or splitter from another test changes the default layout.
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test-defaultsize"));
        QVERIFY(m_dir.isValid());
    }

    void nothingCutOffAtDefaultSize()
    {
        WorkspaceSession session;
        MainWindow window(&session);
        QCOMPARE(window.size(), QSize(1400, 900)); // what a first start shows
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        DemoSpec spec;
        spec.memories = 120;
        spec.freelancers = 5;
        spec.jobs = 3;
        session.openDemo(m_dir.filePath(QStringLiteral("demo.sqlite")), spec);
        MemoriesPage *page = window.memoriesPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->rowCount() > 0 && !page->model()->isLoading(), 60000);
        QSignalSpy detail(page->detailPane(), &MemoryDetailPane::detailLoaded);
        page->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(detail.count() >= 1, 15000);
        QTest::qWait(200); // the pane's layout settles
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("default-size-memories.png"))));

        checkHeaderWhole(page->table()->horizontalHeader(), "memory grid");
        auto *priority = page->detailPane()->findChild<QTableWidget *>(QStringLiteral("priorityTable"));
        QVERIFY(priority && priority->isVisible());
        checkHeaderWhole(priority->horizontalHeader(), "priority table");
        QVERIFY(priority->horizontalHeader()->length() <= priority->viewport()->width());

        // The annotation's archetype reads whole: "Ella-M · Emotional Depth".
        auto *combo
            = page->detailPane()->editPanel()->findChild<QComboBox *>(QStringLiteral("annotationArchetypeCombo"));
        QVERIFY(combo && combo->isVisible() && combo->count() == 8);
        QStyleOptionComboBox option;
        option.initFrom(combo);
        const QRect field
            = combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
        for (int i = 0; i < combo->count(); ++i) {
            const int needed = combo->fontMetrics().horizontalAdvance(combo->itemText(i));
            QVERIFY2(needed <= field.width(),
                qPrintable(
                    QStringLiteral("“%1” needs %2 px, has %3").arg(combo->itemText(i)).arg(needed).arg(field.width())));
        }
        QCOMPARE(combo->itemText(0), QStringLiteral("Ella-M · Emotional Depth"));
        // And the combo box ends inside the pane, not under its edge.
        const QPoint right = combo->mapTo(page->detailPane(), QPoint(combo->width(), 0));
        QVERIFY(right.x() <= page->detailPane()->width());
        checkCombosWhole(&window, "memories");

        // The other pages at the same size.
        window.showArea(MainWindow::ArchetypesArea);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.archetypesPage()->stateTable()->rowCount() > 0 && !window.archetypesPage()->isLoading(), 15000);
        QTest::qWait(200);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("default-size-archetypes.png"))));
        checkHeaderWhole(window.archetypesPage()->stateTable()->horizontalHeader(), "archetype states");
        checkCombosWhole(&window, "archetypes");
        window.showArea(MainWindow::MapArea);
        QTest::qWait(300);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("default-size-map.png"))));
        checkCombosWhole(&window, "map");
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestDefaultSize test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_defaultsize.moc"
