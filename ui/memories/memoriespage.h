#pragma once

#include <QByteArray>
#include <QUuid>
#include <QWidget>

#include <memory>

class DatabaseWorker;
class QAction;
class Embedder;
class MemoryDetailPane;
class MemoryFilterBar;
class MemoryTableModel;
class QComboBox;
class QLabel;
class QModelIndex;
class QSplitter;
class QTableView;
class QToolButton;

// The memory browser: a search and filter bar over the paged grid of memories, beside the detail of
// the selected one. Searching by meaning embeds the query with the page's embedder and shows the
// nearest memories within the filter; "More like this" does the same from a memory. The filter, the
// sort and the search mode are saved in the settings and restored at start.
class MemoriesPage : public QWidget
{
    Q_OBJECT
public:
    explicit MemoriesPage(DatabaseWorker *worker, QWidget *parent = nullptr);
    ~MemoriesPage() override;

    // The embedder for searches by meaning; not owned, must outlive the page. Without one the page
    // uses the offline embedder (the demo workspace's).
    void setEmbedder(Embedder *embedder);
    // Shown in the grid's context menu after the page's own entries (bulk actions on the selection).
    void setContextActions(const QList<QAction *> &actions) { m_contextActions = actions; }

    // (Re)loads the grid from its first page, with the page size from the settings (and reruns a
    // restored search by meaning).
    void load();
    // The workspace the page shows (its file path or server name): its own search, filter and sort are
    // restored, and saved under it from now on. Call before load().
    void setWorkspace(const QString &key);
    QString workspace() const { return m_workspace; }
    // Shown when the filter hides every memory: says so and offers to clear it.
    QWidget *emptyBanner() const { return m_emptyBanner; }

    MemoryTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    MemoryDetailPane *detailPane() const { return m_detail; }
    MemoryFilterBar *filterBar() const { return m_filterBar; }
    // "Best match first" / "Newest first", shown while a word search is on.
    QComboBox *orderBox() const { return m_order; }
    // Shows or hides the grid's Prompt column (also from the header's context menu); remembered.
    void setPromptColumnShown(bool shown);

    // Makes `row` the current row, which shows its memory in the detail pane.
    void selectRow(int row);

    // Searches by meaning for `text` within the current filter (the grid shows the nearest memories).
    void searchByMeaning(const QString &text);
    // Shows the memories nearest to memory `id` within the current filter.
    void showMoreLike(const QUuid &id);
    void showAllMemories(); // leaves a similarity search
    // Shows exactly these memories (a map selection, a cluster): the filter becomes one removable chip
    // named `label`, any search is left.
    void showIds(const QList<QUuid> &ids, const QString &label);
    QStringList selectedIds() const; // the grid's selected rows' memory ids

    bool isBusy() const { return m_busy; }
    QString errorText() const; // the visible load error, empty when there is none

    QByteArray saveSplitterState() const;
    void restoreSplitterState(const QByteArray &state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    // True while the grid or the detail pane waits for the database.
    void busyChanged(bool busy);
    // The grid's selection changed (ids of the selected rows), for views that highlight it.
    void selectedIdsChanged(const QStringList &ids);
    // The empty workspace's "Import Memories…" button.
    void importRequested();

private:
    void restoreSettings();
    void saveSettings() const;
    void onCurrentRowChanged(const QModelIndex &current);
    void onPageLoaded(int rowsAdded);
    void onLinkActivated(const QUuid &id);
    void onSimilarityModeChanged(bool similar);
    void showContextMenu(const QPoint &pos);
    void loadSuggestions();
    void syncSortIndicator();
    void syncOrderBox();
    void showHeaderMenu(const QPoint &pos);
    void fitSummaryColumn();
    void updateLoadedText();
    void updateEmptyBanner();
    void updateBusy();
    void showError(const QString &message);

    DatabaseWorker *m_worker;
    std::unique_ptr<Embedder> m_ownEmbedder;
    Embedder *m_embedder;
    MemoryTableModel *m_model;
    MemoryFilterBar *m_filterBar;
    QTableView *m_table;
    MemoryDetailPane *m_detail;
    QSplitter *m_splitter;
    QComboBox *m_order;
    QLabel *m_loaded;
    QLabel *m_error;
    QString m_workspace;
    QUuid m_leaving; // the memory on screen, while a refresh removes it from the grid
    QWidget *m_emptyBanner;
    QLabel *m_emptyText;
    QToolButton *m_clearEmpty;
    QToolButton *m_importEmpty;
    QWidget *m_similarBanner;
    QLabel *m_similarText;
    QToolButton *m_showAll;
    quint64 m_embedGeneration = 0;
    bool m_embedding = false;
    bool m_columnsSized = false;
    bool m_busy = false;
    QList<QAction *> m_contextActions;
};
