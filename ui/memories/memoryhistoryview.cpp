#include "memories/memoryhistoryview.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QLocale>

namespace {
QString compact(const QJsonObject &object)
{
    QJsonObject shown = object;
    shown.remove(QStringLiteral("memory_ids"));
    shown.remove(QStringLiteral("version"));
    if (shown.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Compact));
}
} // namespace

MemoryHistoryView::MemoryHistoryView(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("memoryHistory"));
    setColumnCount(ColumnCount);
    setHeaderLabels({ tr("Time"), tr("Actor"), tr("Action"), tr("Details") });
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(Time, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(Actor, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(Action, QHeaderView::ResizeToContents);
}

QString MemoryHistoryView::actionText(const QString &action)
{
    static const QHash<QString, const char *> names {
        { QStringLiteral("edit_tags"), QT_TR_NOOP("Edited tags") },
        { QStringLiteral("edit_summary"), QT_TR_NOOP("Edited summary") },
        { QStringLiteral("set_long_term"), QT_TR_NOOP("Long-term pin") },
        { QStringLiteral("set_core"), QT_TR_NOOP("Core flag") },
        { QStringLiteral("set_priority_override"), QT_TR_NOOP("Priority override") },
        { QStringLiteral("edit_annotation"), QT_TR_NOOP("Edited annotation") },
        { QStringLiteral("edit_links"), QT_TR_NOOP("Manual links") },
        { QStringLiteral("batch_pin"), QT_TR_NOOP("Bulk pin") },
        { QStringLiteral("batch_unpin"), QT_TR_NOOP("Bulk unpin") },
        { QStringLiteral("batch_archive"), QT_TR_NOOP("Bulk archive") },
        { QStringLiteral("batch_restore"), QT_TR_NOOP("Bulk restore") },
        { QStringLiteral("batch_delete"), QT_TR_NOOP("Deleted (soft)") },
        { QStringLiteral("batch_tag_add"), QT_TR_NOOP("Bulk tag added") },
        { QStringLiteral("batch_tag_remove"), QT_TR_NOOP("Bulk tag removed") },
        { QStringLiteral("batch_prune"), QT_TR_NOOP("Pruned (archived)") },
        { QStringLiteral("batch_decay"), QT_TR_NOOP("Decay pass") },
        { QStringLiteral("batch_restored"), QT_TR_NOOP("Batch restored") },
    };
    const char *name = names.value(action);
    return name ? tr(name) : action;
}

void MemoryHistoryView::setEntries(const QList<AuditEntry> &entries)
{
    clear();
    QList<QTreeWidgetItem *> items;
    for (const AuditEntry &e : entries) {
        auto *item = new QTreeWidgetItem;
        item->setText(Time, QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat));
        item->setText(Actor, e.actor);
        item->setText(Action, actionText(e.action));
        const QString before = compact(e.before), after = compact(e.after);
        const QString details = before.isEmpty() ? after : tr("%1 → %2").arg(before, after);
        item->setText(Details, details);
        item->setToolTip(Details, details);
        item->setToolTip(Action, e.action);
        items << item;
    }
    addTopLevelItems(items);
}
