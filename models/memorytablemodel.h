#pragma once

#include "memory.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

class DatabaseWorker;

// The memories grid: pages through the workspace with keyset cursors (created_at DESC, id DESC) via
// canFetchMore/fetchMore. Pages are loaded on the database thread; the model itself lives on the UI
// thread and only appends rows when a page arrives. reload() bumps a generation id so that a page
// still in flight from before is dropped.
class MemoryTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Created,
        Summary,
        Session,
        User,
        Tags,
        Tone,
        Priority,
        LongTerm,
        Core,
        Archived,
        TopArchetype,
        LastAccessed,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, IdRole, RawPriorityRole };

    explicit MemoryTableModel(DatabaseWorker *worker, QObject *parent = nullptr);

    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }
    int pageSize() const { return m_pageSize; }
    bool isLoading() const { return m_fetching; }
    bool atEnd() const { return m_atEnd; }
    QUuid idAt(int row) const;
    int rowOf(const QUuid &id) const;

    void reload();
    // Re-reads the rows on screen (as many as are loaded) and merges them in place: inserted rows
    // appear, deleted ones go, changed ones update, and the view keeps its selection and scroll.
    // Runs by itself, coalesced, when the database announces a change to memories or their
    // evaluations and links, and after a lost connection comes back.
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message);
    void refreshed();

private:
    double effectivePriority(const MemoryRow &row) const;
    void applyFresh(const QList<MemoryRow> &fresh);

    DatabaseWorker *m_worker;
    QList<MemoryRow> m_rows;
    MemoryCursor m_next;
    bool m_atEnd = false;
    bool m_fetching = false;
    quint64 m_generation = 0;
    int m_pageSize = 200;
    QDateTime m_now; // "now" for the decay in the Priority column, fixed per reload so rows agree
    QTimer m_refreshTimer; // coalesces bursts of change notices into one refresh
};
