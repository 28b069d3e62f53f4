// Issue 20: every interactive widget of every page (and of every tab on it) has a name a screen reader can
// say, and Tab moves through a page in reading order. Fails listing the offenders.
#include "common/language.h"
#include "ui/window/demowindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTextEdit>

class TestAccessibilityWalk : public QObject
{
    Q_OBJECT
private:
    // Widgets a user operates, as opposed to labels, frames and the parts other widgets are made of.
    static bool isInteractive(const QWidget *widget)
    {
        if (widget->objectName().startsWith(QLatin1String("qt_")) && !qobject_cast<const QTabBar *>(widget))
            return false; // Qt's own parts: dock title buttons, scroll areas' viewports, menu bar extension
        if (qobject_cast<const QScrollBar *>(widget) || qobject_cast<const QHeaderView *>(widget))
            return false;
        for (const QWidget *up = widget->parentWidget(); up; up = up->parentWidget()) {
            if (qobject_cast<const QComboBox *>(up) || qobject_cast<const QAbstractSpinBox *>(up)
                || qobject_cast<const QAbstractItemView *>(up) || qobject_cast<const QTabBar *>(up))
                return false; // a line edit inside a combo, an item editor, a tab bar's scroll buttons
        }
        return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QLineEdit *>(widget)
            || qobject_cast<const QComboBox *>(widget) || qobject_cast<const QAbstractSpinBox *>(widget)
            || qobject_cast<const QAbstractItemView *>(widget) || qobject_cast<const QAbstractSlider *>(widget)
            || qobject_cast<const QTabBar *>(widget) || qobject_cast<const QTextEdit *>(widget)
            || qobject_cast<const QPlainTextEdit *>(widget);
    }

    // What a screen reader announces as the widget's name: its accessible name, a buddy label's text, a
    // button's text.
    static QString spokenName(QWidget *widget)
    {
        // A tab bar is spoken tab by tab: each tab needs a text or a tooltip.
        if (auto *bar = qobject_cast<QTabBar *>(widget)) {
            for (int i = 0; i < bar->count(); ++i) {
                if (bar->tabText(i).trimmed().isEmpty() && bar->tabToolTip(i).trimmed().isEmpty())
                    return {};
            }
            return bar->count() > 0 ? bar->tabText(0) : QString();
        }
        QAccessibleInterface *face = QAccessible::queryAccessibleInterface(widget);
        return face ? face->text(QAccessible::Name).trimmed() : QString();
    }

    static QString describe(const QWidget *widget, const QWidget *page)
    {
        const QPoint at = widget->mapTo(page->window(), QPoint(0, 0));
        QStringList path;
        for (const QWidget *up = widget; up && up != page; up = up->parentWidget()) {
            if (!up->objectName().isEmpty()) {
                path.prepend(up->objectName());
                break;
            }
        }
        return QStringLiteral("%1 %2 at %3,%4")
            .arg(QString::fromLatin1(widget->metaObject()->className()), path.join(QLatin1Char('/')))
            .arg(at.x())
            .arg(at.y());
    }

    // Nameless interactive widgets on screen under `root`, then the same on each tab of its tab widgets.
    void collectNameless(QWidget *root, const QString &where, QSet<QWidget *> &seen)
    {
        for (QWidget *widget : root->findChildren<QWidget *>()) {
            if (!widget->isVisible() || widget->visibleRegion().isEmpty() || seen.contains(widget)
                || !isInteractive(widget))
                continue;
            seen.insert(widget);
            ++m_checked;
            if (spokenName(widget).isEmpty())
                m_nameless << where + QStringLiteral(": ") + describe(widget, root);
        }
        for (QTabWidget *tabs : root->findChildren<QTabWidget *>()) {
            if (!tabs->isVisible())
                continue;
            const int current = tabs->currentIndex();
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QTest::qWait(50);
                const QString tab
                    = where + QLatin1String(" > ") + tabs->tabText(i).replace(QLatin1String("&&"), QLatin1String("&"));
                collectNameless(tabs->widget(i), tab, seen);
                checkTabOrder(tabs->widget(i), tab);
            }
            tabs->setCurrentIndex(current);
        }
    }

    // Reading order of two siblings: top to bottom, and left to right within a row (boxes that share most of
    // the smaller one's height are one row).
    static bool readsBefore(const QWidget *a, const QWidget *b)
    {
        const QRect ra = a->geometry();
        const QRect rb = b->geometry();
        const int overlap = std::min(ra.bottom(), rb.bottom()) - std::max(ra.top(), rb.top());
        if (overlap * 2 > std::min(ra.height(), rb.height()))
            return ra.left() < rb.left();
        return ra.top() < rb.top();
    }

    static const QWidget *childOn(const QWidget *ancestor, const QWidget *widget)
    {
        while (widget && widget->parentWidget() != ancestor)
            widget = widget->parentWidget();
        return widget;
    }

    // Tab from one widget to the next under `root`, entering it from before as a user does, never goes back up
    // or to the left: for each step, the two widgets' branches under their closest common container are in
    // reading order. So a container's widgets may come as a block, wherever they sit inside it.
    void checkTabOrder(QWidget *root, const QString &where)
    {
        QList<QWidget *> chain;
        QWidget *first = nullptr;
        for (QWidget *widget = root->nextInFocusChain(); widget != first && chain.size() < 2000;
             widget = widget->nextInFocusChain()) {
            if (!first)
                first = widget;
            if (widget->isVisible() && widget->isEnabled() && (widget->focusPolicy() & Qt::TabFocus)
                && root->isAncestorOf(widget) && !widget->focusProxy())
                chain << widget;
        }
        for (qsizetype i = 0; i + 1 < chain.size(); ++i) {
            const QWidget *a = chain[i];
            const QWidget *b = chain[i + 1];
            const QWidget *common = a->parentWidget();
            while (common && !common->isAncestorOf(b))
                common = common->parentWidget();
            if (!common || a->isAncestorOf(b) || b->isAncestorOf(a))
                continue;
            if (readsBefore(childOn(common, b), childOn(common, a)))
                m_disordered << where + QStringLiteral(": ") + describe(a, root) + QStringLiteral(" → ")
                        + describe(b, root);
        }
    }

    int m_checked = 0;
    QStringList m_nameless;
    QStringList m_disordered;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test-accessibilitywalk"));
        QSettings().clear(); // no splitter sizes from an earlier run move widgets between rows
    }

    void everyPageNamedAndInReadingOrder()
    {
        DemoWindow demo;
        demo.open(QStringLiteral("accessibility.sqlite"));
        if (QTest::currentTestFailed())
            return;
        MainWindow &window = *demo.window;
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QSet<QWidget *> seen;
        for (int area = 0; area < MainWindow::AreaCount; ++area) {
            window.showArea(area);
            QTest::qWait(150); // pages lay out (and some build their parts) when first shown
            auto *pages = qobject_cast<QStackedWidget *>(navigation->parentWidget()->findChild<QStackedWidget *>());
            QVERIFY(pages);
            QWidget *page = pages->currentWidget();
            const QString name = navigation->item(area)->text();
            collectNameless(page, name, seen);
            checkTabOrder(page, name);
        }
        // The window's own parts: the navigation list and the status bar.
        window.showArea(MainWindow::MemoriesArea);
        collectNameless(&window, QStringLiteral("window"), seen);
        qInfo("%d interactive widgets checked", m_checked);
        QVERIFY(m_checked > 50);
        m_disordered.removeDuplicates();
        // QVERIFY2 cuts a long message short: the whole lists go to the log, one offender a line.
        for (const QString &line : std::as_const(m_nameless))
            qWarning("nameless: %s", qUtf8Printable(line));
        for (const QString &line : std::as_const(m_disordered))
            qWarning("tab order: %s", qUtf8Printable(line));
        QVERIFY2(m_nameless.isEmpty(),
            qPrintable(QStringLiteral("%1 widgets without an accessible name:\n  ").arg(m_nameless.size())
                + m_nameless.join(QStringLiteral("\n  "))));
        QVERIFY2(m_disordered.isEmpty(),
            qPrintable(QStringLiteral("%1 Tab steps against reading order:\n  ").arg(m_disordered.size())
                + m_disordered.join(QStringLiteral("\n  "))));
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestAccessibilityWalk test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_accessibilitywalk.moc"
