// Issue 20: in German, no menu entry of the main window is left in English. The window is built twice in
// one process, in English and in German (translations/sextant_de.qm, as the app loads it), and each entry's
// German text is compared with its English one at the same place in the menus.
#include "common/language.h"
#include "window/mainwindow.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>
#include <QTranslator>

class TestMenuTranslations : public QObject
{
    Q_OBJECT
private:
    struct Entry
    {
        QString place; // "File > Open Recent" in the window's own language
        QString text;
    };

    static QString plain(QString text)
    {
        text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
        text.remove(QLatin1Char('&'));
        text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
        text.remove(QChar(u'…'));
        return text.trimmed();
    }

    static void walk(QMenu *menu, const QString &place, QList<Entry> &entries)
    {
        Q_EMIT menu->aboutToShow(); // menus that fill themselves when opened (Open Recent)
        for (QAction *action : menu->actions()) {
            if (action->isSeparator() || action->text().isEmpty())
                continue;
            const QString here = place + QLatin1String(" > ") + plain(action->text());
            entries.append({ here, plain(action->text()) });
            if (action->menu())
                walk(action->menu(), here, entries);
        }
    }

    static QList<Entry> menuEntries()
    {
        WorkspaceSession session;
        MainWindow window(&session);
        QList<Entry> entries;
        for (QAction *top : window.menuBar()->actions()) {
            entries.append({ plain(top->text()), plain(top->text()) });
            if (top->menu())
                walk(top->menu(), plain(top->text()), entries);
        }
        return entries;
    }

    static void removeTranslators()
    {
        for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyMenuEntryTranslated()
    {
        removeTranslators();
        Language::install(qApp, QStringLiteral("en"));
        const QList<Entry> english = menuEntries();
        removeTranslators();
        Language::install(qApp, QStringLiteral("de"));
        const QList<Entry> german = menuEntries();
        removeTranslators();
        QCOMPARE(german.size(), english.size());
        QVERIFY(english.size() > 40);

        // Words that German spells the same, and names.
        const QStringList same { QStringLiteral("Status"), QStringLiteral("Export"), QStringLiteral("Import"),
            QStringLiteral("Filter"), QStringLiteral("Start"), QStringLiteral("Details"), QStringLiteral("Name"),
            QStringLiteral("Tags"), QStringLiteral("Links"), QStringLiteral("Sextant"), QStringLiteral("PostgreSQL"),
            QStringLiteral("Fairness") };
        QStringList untranslated;
        for (qsizetype i = 0; i < english.size(); ++i) {
            const QString &text = english[i].text;
            const bool hasWords = std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isLetter(); });
            if (german[i].text == text && hasWords && !same.contains(text))
                untranslated << english[i].place + QLatin1String(" (") + german[i].place + QLatin1Char(')');
        }
        for (const QString &line : std::as_const(untranslated))
            qWarning("untranslated: %s", qUtf8Printable(line));
        QVERIFY2(untranslated.isEmpty(),
            qPrintable(QStringLiteral("%1 menu entries in English in the German menus, first: %2")
                           .arg(untranslated.size())
                           .arg(untranslated.value(0))));
    }
};

QTEST_MAIN(TestMenuTranslations)
#include "tst_menutranslations.moc"
