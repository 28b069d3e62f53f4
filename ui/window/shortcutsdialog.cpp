#include "window/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QShortcut>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

// The widget whose window a key of this action reaches: a context menu stands for the widget it pops up on.
QWidget *ownerOf(const QAction *action)
{
    for (QObject *object : action->associatedObjects()) {
        auto *widget = qobject_cast<QWidget *>(object);
        while (qobject_cast<QMenu *>(widget))
            widget = widget->parentWidget();
        if (widget)
            return widget;
    }
    return nullptr;
}

QString groupOf(const QWidget *widget, const QList<ShortcutsDialog::Page> &pages)
{
    for (const ShortcutsDialog::Page &page : pages) {
        if (page.widget && (page.widget == widget || page.widget->isAncestorOf(widget)))
            return page.title;
    }
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (const auto *dock = qobject_cast<const QDockWidget *>(w))
            return ShortcutsDialog::plainText(dock->windowTitle());
    }
    return ShortcutsDialog::tr("Window");
}

void walkMenu(const QMenu *menu, const QString &group, QList<ShortcutsDialog::Entry> &entries, QSet<QObject *> &seen)
{
    for (QAction *action : menu->actions()) {
        if (action->menu()) {
            walkMenu(action->menu(), group, entries, seen);
            continue;
        }
        if (action->shortcuts().isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        entries.append({ group, ShortcutsDialog::plainText(action->text()), action->shortcuts(),
            action->shortcutContext(), action->isEnabled(), action });
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QMainWindow *window, QList<Page> pages, QWidget *parent)
    : QDialog(parent)
    , m_window(window)
    , m_pages(std::move(pages))
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_filter->setPlaceholderText(tr("Filter by action or key"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::applyFilter);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Action"), tr("Shortcut") });
    m_tree->setRootIsDecorated(false);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    auto *note = new QLabel(tr("Letter keys without a modifier work only while their page has the focus."), this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(560, 640);
    refresh();
}

QList<ShortcutsDialog::Entry> ShortcutsDialog::collect(QMainWindow *window, const QList<Page> &pages)
{
    QList<Entry> entries;
    QSet<QObject *> seen;
    for (QAction *top : window->menuBar()->actions()) {
        if (top->menu())
            walkMenu(top->menu(), plainText(top->text()), entries, seen);
    }
    for (QAction *action : window->findChildren<QAction *>()) {
        if (action->shortcuts().isEmpty() || seen.contains(action))
            continue;
        QWidget *owner = ownerOf(action);
        if (!owner || owner->window() != window) // a dialog's own keys, or reachable by no key at all
            continue;
        seen.insert(action);
        entries.append({ groupOf(owner, pages), plainText(action->text()), action->shortcuts(),
            action->shortcutContext(), action->isEnabled(), action });
    }
    for (QShortcut *shortcut : window->findChildren<QShortcut *>()) {
        QWidget *owner = qobject_cast<QWidget *>(shortcut->parent());
        if (shortcut->keys().isEmpty() || !owner || owner->window() != window)
            continue;
        // A QShortcut has no text of its own; its owners describe it in whatsThis.
        entries.append({ groupOf(owner, pages), shortcut->whatsThis(), shortcut->keys(), shortcut->context(),
            shortcut->isEnabled(), shortcut });
    }
    return entries;
}

QString ShortcutsDialog::plainText(const QString &text)
{
    QString plain;
    plain.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('&')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&'))
                plain += QLatin1Char('&');
            ++i; // "&&" is a literal ampersand; "&x" marks x as the mnemonic
            if (i < text.size() && text.at(i) != QLatin1Char('&'))
                plain += text.at(i);
            continue;
        }
        plain += text.at(i);
    }
    return plain;
}

QString ShortcutsDialog::keysText(const QList<QKeySequence> &keys)
{
    QStringList texts;
    for (const QKeySequence &key : keys)
        texts << key.toString(QKeySequence::NativeText);
    return texts.join(QStringLiteral(", "));
}

void ShortcutsDialog::refresh()
{
    m_tree->clear();
    m_entries = m_window ? collect(m_window, m_pages) : QList<Entry>();
    QHash<QString, QTreeWidgetItem *> groups;
    for (const Entry &entry : std::as_const(m_entries)) {
        QTreeWidgetItem *&group = groups[entry.group];
        if (!group) {
            group = new QTreeWidgetItem(m_tree, { entry.group });
            QFont font = group->font(0);
            font.setBold(true);
            group->setFont(0, font);
            group->setFirstColumnSpanned(true);
            group->setFlags(Qt::ItemIsEnabled);
        }
        auto *row = new QTreeWidgetItem(group, { entry.text, keysText(entry.keys) });
        row->setData(0, SourceRole, QVariant::fromValue<QObject *>(entry.source.data()));
        row->setFlags(Qt::ItemIsEnabled);
        if (!entry.enabled)
            row->setToolTip(0, tr("Not available at the moment"));
    }
    m_tree->expandAll();
    applyFilter();
}

void ShortcutsDialog::setFilter(const QString &text)
{
    m_filter->setText(text);
}

int ShortcutsDialog::visibleRowCount() const
{
    int count = 0;
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = m_tree->topLevelItem(g);
        for (int r = 0; r < group->childCount(); ++r)
            count += group->isHidden() || group->child(r)->isHidden() ? 0 : 1;
    }
    return count;
}

// A row stays when the filter is in its text, its keys or its group's name.
void ShortcutsDialog::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_tree->topLevelItem(g);
        const bool groupMatches = group->text(0).contains(needle, Qt::CaseInsensitive);
        int shown = 0;
        for (int r = 0; r < group->childCount(); ++r) {
            QTreeWidgetItem *row = group->child(r);
            const bool match = groupMatches || row->text(0).contains(needle, Qt::CaseInsensitive)
                || row->text(1).contains(needle, Qt::CaseInsensitive);
            row->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}
