// MemoriesPage: what other pages (the cluster map) ask of the browser.
#include "memories/memoriespage.h"

#include "memories/memoryfilterbar.h"
#include "memories/memorytablemodel.h"

#include <QItemSelectionModel>
#include <QTableView>

void MemoriesPage::showIds(const QList<QUuid> &ids, const QString &label)
{
    if (m_filterBar->searchMode() == MemoryFilterBar::SearchMode::Meaning)
        m_filterBar->setSearchText(QString());
    // Only the set: a filter left from earlier could hide part of what the operator picked on the map.
    MemoryFilter filter;
    filter.ids = ids;
    filter.idsLabel = label;
    filter.archived = TriState::Any;
    m_filterBar->setFilter(filter);
    m_model->setFilter(m_filterBar->filter());
    showAllMemories();
}

QStringList MemoriesPage::selectedIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &row : rows) {
        const QUuid id = m_model->idAt(row.row());
        if (!id.isNull())
            ids << id.toString(QUuid::WithoutBraces);
    }
    return ids;
}
