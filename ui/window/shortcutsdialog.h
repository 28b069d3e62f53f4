#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QPointer>

class QLineEdit;
class QMainWindow;
class QTreeWidget;

// Help → Keyboard Shortcuts: every key of a main window as it is when the dialog opens (menus, the pages'
// own actions, QShortcut objects), grouped by menu or page, with a filter. Non-modal; it reads the window
// again on refresh(), so keys that pages add later show up the next time it is opened.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    // A page of the window, by the title its navigation shows: keys living on it are grouped under it.
    struct Page
    {
        QWidget *widget = nullptr;
        QString title;
    };
    // One action or QShortcut with at least one key sequence.
    struct Entry
    {
        QString group; // the menu or page it belongs to
        QString text; // without mnemonic ampersands
        QList<QKeySequence> keys;
        Qt::ShortcutContext context = Qt::WindowShortcut;
        bool enabled = true;
        QPointer<QObject> source; // the QAction or QShortcut
    };

    ShortcutsDialog(QMainWindow *window, QList<Page> pages, QWidget *parent = nullptr);

    // The walk the dialog shows: menu bar menus first (in menu order), then the window's remaining actions
    // and shortcuts. Actions reachable by no widget are left out: their keys do nothing.
    static QList<Entry> collect(QMainWindow *window, const QList<Page> &pages);
    static QString plainText(const QString &text); // "&Open…" → "Open…", "R&&D" → "R&D"
    static QString keysText(const QList<QKeySequence> &keys); // native text, several joined by ", "

    void refresh();
    void setFilter(const QString &text);
    const QList<Entry> &entries() const { return m_entries; }
    QTreeWidget *tree() const { return m_tree; }
    QLineEdit *filterField() const { return m_filter; }
    int visibleRowCount() const; // rows (not groups) the filter leaves

    enum { SourceRole = Qt::UserRole + 1 }; // on each row's first column: the QObject it lists

private:
    void applyFilter();

    QPointer<QMainWindow> m_window;
    QList<Page> m_pages;
    QList<Entry> m_entries;
    QLineEdit *m_filter;
    QTreeWidget *m_tree;
};
