#pragma once

#include <QByteArray>
#include <QWidget>

class DatabaseWorker;
class MemoryDetailPane;
class MemoryTableModel;
class QLabel;
class QModelIndex;
class QSplitter;
class QTableView;

// The memory browser: the paged grid of memories, newest first, beside the detail of the selected one.
class MemoriesPage : public QWidget
{
    Q_OBJECT
public:
    explicit MemoriesPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    // (Re)loads the grid from its first page, with the page size from the settings.
    void load();

    MemoryTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    MemoryDetailPane *detailPane() const { return m_detail; }

    // Makes `row` the current row, which shows its memory in the detail pane.
    void selectRow(int row);

    bool isBusy() const { return m_busy; }
    QString errorText() const; // the visible load error, empty when there is none

    QByteArray saveSplitterState() const;
    void restoreSplitterState(const QByteArray &state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    // True while the grid or the detail pane waits for the database.
    void busyChanged(bool busy);

private:
    void onCurrentRowChanged(const QModelIndex &current);
    void onPageLoaded(int rowsAdded);
    void onLinkActivated(const QUuid &id);
    void fitSummaryColumn();
    void updateLoadedText();
    void updateBusy();

    MemoryTableModel *m_model;
    QTableView *m_table;
    MemoryDetailPane *m_detail;
    QSplitter *m_splitter;
    QLabel *m_loaded;
    QLabel *m_error;
    bool m_columnsSized = false;
    bool m_busy = false;
};
