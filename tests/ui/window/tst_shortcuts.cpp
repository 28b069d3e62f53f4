#include "memories/memoriespage.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "window/shortcutsdialog.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QShortcut>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

// Help → Keyboard Shortcuts on a window with every page visited: no two window-wide keys collide, the
// dialog lists every key the window has, each with a text, and its filter narrows the list.
class TestShortcuts : public QObject
{
    Q_OBJECT
private:
    // One key holder found by the test's own walk, independent of the dialog's.
    struct Key
    {
        QObject *source;
        QString text;
        QList<QKeySequence> keys;
        Qt::ShortcutContext context;
        bool enabled;
    };

    static void walkMenu(const QMenu *menu, QSet<QAction *> &actions)
    {
        for (QAction *action : menu->actions()) {
            actions.insert(action);
            if (action->menu())
                walkMenu(action->menu(), actions);
        }
    }

    // Every action of the menu bar and of the window, and every QShortcut, that has a key and a widget
    // in this window to take it.
    static QList<Key> walk(MainWindow &window)
    {
        QSet<QAction *> actions;
        for (QAction *top : window.menuBar()->actions()) {
            if (top->menu())
                walkMenu(top->menu(), actions);
        }
        for (QAction *action : window.findChildren<QAction *>())
            actions.insert(action);
        QList<Key> keys;
        for (QAction *action : std::as_const(actions)) {
            if (action->shortcuts().isEmpty() || action->associatedObjects().isEmpty())
                continue;
            keys.append({ action, ShortcutsDialog::plainText(action->text()), action->shortcuts(),
                action->shortcutContext(), action->isEnabled() });
        }
        for (QShortcut *shortcut : window.findChildren<QShortcut *>()) {
            if (!shortcut->keys().isEmpty())
                keys.append(
                    { shortcut, shortcut->whatsThis(), shortcut->keys(), shortcut->context(), shortcut->isEnabled() });
        }
        return keys;
    }

    static QString describe(const Key &key)
    {
        return QStringLiteral("\"%1\" (%2)").arg(key.text, QString::fromLatin1(key.source->metaObject()->className()));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyKeyListedOnceWithoutCollisions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        DemoSpec spec;
        spec.memories = 40;
        spec.freelancers = 5;
        spec.jobs = 3;
        session.openDemo(dir.filePath(QStringLiteral("shortcuts.sqlite")), spec);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || failed.count() == 1, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(window.memoriesPage()->model()->rowCount() > 0, 15000);
        // Pages build some of their actions when first shown.
        for (int area = 0; area < MainWindow::AreaCount; ++area) {
            window.showArea(area);
            QCOMPARE(window.currentArea(), area);
            QTest::qWait(100);
        }
        window.showArea(MainWindow::MemoriesArea);

        const QList<Key> keys = walk(window);
        QVERIFY(keys.size() > 10);

        // (a) Window- and application-wide keys of enabled holders are unique.
        QHash<QKeySequence, QStringList> holders;
        for (const Key &key : keys) {
            if (!key.enabled || (key.context != Qt::WindowShortcut && key.context != Qt::ApplicationShortcut))
                continue;
            for (const QKeySequence &sequence : key.keys)
                holders[sequence] << describe(key);
        }
        QStringList collisions;
        for (auto it = holders.cbegin(); it != holders.cend(); ++it) {
            if (it.value().size() > 1)
                collisions << it.key().toString(QKeySequence::PortableText) + QStringLiteral(": ")
                        + it.value().join(QStringLiteral(", "));
        }
        QVERIFY2(collisions.isEmpty(), qPrintable(collisions.join(QStringLiteral("; "))));

        // (c) Every key says what it does.
        QStringList untitled;
        for (const Key &key : keys) {
            if (key.text.trimmed().isEmpty())
                untitled << QString::fromLatin1(key.source->metaObject()->className()) + QLatin1Char(' ')
                        + ShortcutsDialog::keysText(key.keys);
        }
        QVERIFY2(untitled.isEmpty(), qPrintable(untitled.join(QStringLiteral("; "))));

        // (b) The dialog, opened from the Help menu, lists every one of them with its native key text.
        auto *open = window.findChild<QAction *>(QStringLiteral("keyboardShortcutsAction"));
        QVERIFY(open);
        QVERIFY(!open->shortcut().isEmpty());
        open->trigger();
        auto *dialog = window.findChild<ShortcutsDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(!dialog->isModal());
        QHash<QObject *, QStringList> rows; // source → its row's action and key texts
        QTreeWidget *tree = dialog->tree();
        for (int g = 0; g < tree->topLevelItemCount(); ++g) {
            const QTreeWidgetItem *group = tree->topLevelItem(g);
            QVERIFY(!group->text(0).isEmpty());
            for (int r = 0; r < group->childCount(); ++r) {
                const QTreeWidgetItem *row = group->child(r);
                QObject *source = row->data(0, ShortcutsDialog::SourceRole).value<QObject *>();
                QVERIFY2(!rows.contains(source), qPrintable(row->text(0)));
                rows.insert(source, { row->text(0), row->text(1) });
            }
        }
        QStringList missing;
        for (const Key &key : keys) {
            const QStringList expected { key.text, ShortcutsDialog::keysText(key.keys) };
            if (rows.value(key.source) != expected)
                missing << describe(key) + QLatin1Char(' ') + expected.at(1);
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral("; "))));
        QCOMPARE(rows.size(), keys.size());
        QCOMPARE(dialog->visibleRowCount(), int(keys.size()));
        // Mnemonics are gone and keys are in their native form.
        QVERIFY(rows.value(open)
            == QStringList(
                { QStringLiteral("Keyboard Shortcuts…"), open->shortcut().toString(QKeySequence::NativeText) }));

        const QString dir2 = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir2);
        QVERIFY(dialog->grab().save(dir2 + QStringLiteral("/shortcuts-dialog.png")));

        // The filter keeps the rows whose text or keys match, and a group whose name matches.
        dialog->filterField()->setText(QStringLiteral("quit"));
        QCOMPARE(dialog->visibleRowCount(), 1);
        dialog->setFilter(QStringLiteral("no such action anywhere"));
        QCOMPARE(dialog->visibleRowCount(), 0);
        dialog->setFilter(QString());
        QCOMPARE(dialog->visibleRowCount(), int(keys.size()));

        // Opening it again reuses the one dialog.
        open->trigger();
        QCOMPARE(window.findChildren<ShortcutsDialog *>().size(), 1);
        dialog->close();
    }

    void mnemonicsRemoved_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("plain");
        QTest::newRow("mnemonic") << QStringLiteral("&Open Workspace…") << QStringLiteral("Open Workspace…");
        QTest::newRow("inside") << QStringLiteral("Ma&p") << QStringLiteral("Map");
        QTest::newRow("literal") << QStringLiteral("R&&D &Notes") << QStringLiteral("R&D Notes");
        QTest::newRow("trailing") << QStringLiteral("Odd&") << QStringLiteral("Odd");
        QTest::newRow("none") << QStringLiteral("Plain") << QStringLiteral("Plain");
    }
    void mnemonicsRemoved()
    {
        QFETCH(QString, text);
        QFETCH(QString, plain);
        QCOMPARE(ShortcutsDialog::plainText(text), plain);
    }
};

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
