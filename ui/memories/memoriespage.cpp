#include "memories/memoriespage.h"
#include "common/datalabel.h"

#include "memories/memoryservice.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryfilterbar.h"
#include "memories/memorytablemodel.h"
#include "ai/offlineembedder.h"
#include "window/uisettings.h"

#include <QComboBox>
#include <QCoroTask>
#include <QEvent>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace {
constexpr int MinimumSummaryWidth = 280;
constexpr int MaximumColumnWidth = 180;
} // namespace

MemoriesPage::MemoriesPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
    , m_ownEmbedder(std::make_unique<OfflineEmbedder>())
    , m_embedder(m_ownEmbedder.get())
    , m_model(new MemoryTableModel(worker, this))
    , m_filterBar(new MemoryFilterBar(this))
    , m_table(new QTableView(this))
    , m_detail(new MemoryDetailPane(worker, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_order(new QComboBox(this))
    , m_loaded(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("memoryError"), this))
    , m_emptyBanner(new QWidget(this))
    , m_emptyText(new QLabel(m_emptyBanner))
    , m_similarBanner(new QWidget(this))
    , m_similarText(new QLabel(m_similarBanner))
    , m_showAll(new QToolButton(m_similarBanner))
{
    auto *title = new QLabel(tr("Memories"), this);
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    title->setFont(bold);
    m_loaded->setObjectName(QStringLiteral("loadedText"));
    m_loaded->setForegroundRole(QPalette::PlaceholderText);
    m_filterBar->setSemantic(m_embedder->isSemantic(), m_embedder->modelName());

    m_similarBanner->setObjectName(QStringLiteral("similarityBanner"));
    m_similarText->setObjectName(QStringLiteral("similarityText"));
    m_similarText->setTextFormat(Qt::PlainText);
    m_similarText->setWordWrap(true);
    m_showAll->setObjectName(QStringLiteral("showAllMemories"));
    m_showAll->setText(tr("Back to all memories"));
    auto *banner = new QHBoxLayout(m_similarBanner);
    banner->setContentsMargins(0, 0, 0, 0);
    banner->addWidget(m_similarText, 1);
    banner->addWidget(m_showAll);
    m_similarBanner->hide();

    m_order->setObjectName(QStringLiteral("searchOrder"));
    m_order->addItem(tr("Best match first"), QVariant::fromValue(int(MemorySortKey::Relevance)));
    m_order->addItem(tr("Newest first"), QVariant::fromValue(int(MemorySortKey::Created)));
    m_order->setToolTip(tr("Order of a word search: by how well a memory matches the words, or by date. "
                           "A click on a column header sorts by that column."));
    m_order->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_order->hide();

    m_emptyBanner->setObjectName(QStringLiteral("emptyBanner"));
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setWordWrap(true);
    m_clearEmpty = new QToolButton(m_emptyBanner);
    m_clearEmpty->setObjectName(QStringLiteral("clearEmptyFilter"));
    m_clearEmpty->setText(tr("Clear"));
    m_clearEmpty->setToolTip(tr("Drop the search and every filter condition"));
    m_importEmpty = new QToolButton(m_emptyBanner);
    m_importEmpty->setObjectName(QStringLiteral("importIntoEmpty"));
    m_importEmpty->setText(tr("Import Memories…"));
    m_importEmpty->setToolTip(tr("JSONL, CSV or the EUMAS YAML memory shape"));
    connect(m_importEmpty, &QToolButton::clicked, this, &MemoriesPage::importRequested);
    auto *empty = new QHBoxLayout(m_emptyBanner);
    empty->setContentsMargins(0, 0, 0, 0);
    empty->addWidget(m_emptyText, 1);
    empty->addWidget(m_clearEmpty);
    empty->addWidget(m_importEmpty);
    m_emptyBanner->hide();
    connect(m_clearEmpty, &QToolButton::clicked, this, [this] {
        if (m_model->isSimilarityMode())
            showAllMemories();
        m_filterBar->clearAll();
    });

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addSpacing(12);
    header->addWidget(m_filterBar, 1);
    header->addWidget(m_order, 0, Qt::AlignTop);

    // A refresh that drops the memory on screen (deleted, archived, filtered out) must not leave it there
    // as if the grid still listed it, nor silently swap in the next row: the pane says what happened.
    // Connected before the view's selection model, which would move the current row first.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex &, int first, int last) {
        const QUuid shown = m_detail->currentId();
        for (int row = first; row <= last && m_leaving.isNull(); ++row) {
            if (m_model->idAt(row) != shown)
                continue;
            m_leaving = shown;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    const QUuid gone = std::exchange(m_leaving, QUuid());
                    m_table->selectionModel()->clear();
                    m_detail->noteLeftGrid(gone);
                },
                Qt::QueuedConnection);
        }
    });
    m_table->setObjectName(QStringLiteral("memoryTable"));
    m_table->setAccessibleName(tr("Memories"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // bulk actions act on the selection
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    // Widths from the font, not the header's 100 px default: a whole date, a readable first line, narrow
    // columns for the short values (a page's rows are not measured: that costs a pass over every row).
    {
        const QFontMetrics metrics = m_table->fontMetrics();
        const int pad = 3 * metrics.averageCharWidth();
        QHeaderView *header = m_table->horizontalHeader();
        const QString sampleDate = QLocale().toString(QDateTime(QDate(2026, 12, 30), QTime(23, 59)), QLocale::ShortFormat);
        header->resizeSection(MemoryTableModel::Created, metrics.horizontalAdvance(sampleDate) + pad);
        header->resizeSection(MemoryTableModel::Summary, 46 * metrics.averageCharWidth());
        header->resizeSection(MemoryTableModel::Prompt, 30 * metrics.averageCharWidth());
        for (int column : { int(MemoryTableModel::Session), int(MemoryTableModel::User), int(MemoryTableModel::Tone) })
            header->resizeSection(column, 11 * metrics.averageCharWidth());
        header->resizeSection(MemoryTableModel::Tags, 16 * metrics.averageCharWidth());
    }
    m_table->setColumnHidden(MemoryTableModel::Similarity, true);
    m_table->setColumnHidden(MemoryTableModel::Prompt, !UiSettings::memoriesPromptColumn());
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this, &MemoriesPage::showHeaderMenu);
    // Similarity leads when it is shown: it is why the rows are in that order.
    m_table->horizontalHeader()->moveSection(MemoryTableModel::Similarity, 0);
    // Summary takes the width the other columns leave, like QHeaderView::Stretch, but never less than
    // a readable minimum: with twelve columns, Stretch would squeeze it to a few letters (see fitSummaryColumn).
    m_table->viewport()->installEventFilter(this);
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column != MemoryTableModel::Summary)
            fitSummaryColumn();
    });

    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(header);
    leftLayout->addWidget(m_similarBanner);
    leftLayout->addWidget(m_emptyBanner);
    leftLayout->addWidget(m_error);
    leftLayout->addWidget(m_table);
    leftLayout->addWidget(m_loaded, 0, Qt::AlignRight);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    restoreSettings();
    // The header sorts through the model (on the server); set the indicator first so that enabling
    // sorting does not ask for a different order.
    syncSortIndicator();
    syncOrderBox();
    m_table->setSortingEnabled(true);

    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MemoriesPage::onCurrentRowChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { Q_EMIT selectedIdsChanged(selectedIds()); });
    connect(m_table, &QWidget::customContextMenuRequested, this, &MemoriesPage::showContextMenu);
    connect(m_model, &MemoryTableModel::pageLoaded, this, &MemoriesPage::onPageLoaded);
    connect(m_model, &MemoryTableModel::loadingChanged, this, &MemoriesPage::updateBusy);
    connect(m_model, &MemoryTableModel::loadFailed, this, &MemoriesPage::showError);
    connect(m_model, &MemoryTableModel::matchCountChanged, this, &MemoriesPage::updateLoadedText);
    connect(m_model, &MemoryTableModel::similarityModeChanged, this, &MemoriesPage::onSimilarityModeChanged);
    connect(m_model, &MemoryTableModel::sortChanged, this, [this] {
        syncSortIndicator();
        syncOrderBox();
        saveSettings();
    });
    connect(m_order, &QComboBox::activated, this, [this](int index) {
        const auto key = MemorySortKey(m_order->itemData(index).toInt());
        m_model->setServerSort(MemorySort { key, true });
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reload replaces every row; the detail of a row that is no longer selected would mislead.
        m_detail->clear();
        m_error->hide();
        updateLoadedText();
    });
    connect(m_filterBar, &MemoryFilterBar::filterChanged, this, [this](const MemoryFilter &filter) {
        m_model->setFilter(filter);
        syncOrderBox();
        saveSettings();
    });
    connect(m_filterBar, &MemoryFilterBar::meaningSearchRequested, this, &MemoriesPage::searchByMeaning);
    connect(m_filterBar, &MemoryFilterBar::meaningSearchCleared, this, &MemoriesPage::showAllMemories);
    connect(m_filterBar, &MemoryFilterBar::searchModeChanged, this, [this](MemoryFilterBar::SearchMode mode) {
        // The words in the field now mean the other thing: run them the new way.
        const QString text = m_filterBar->searchText();
        m_model->setFilter(m_filterBar->filter());
        if (mode == MemoryFilterBar::SearchMode::Meaning && !text.isEmpty())
            searchByMeaning(text);
        else if (mode == MemoryFilterBar::SearchMode::Text)
            showAllMemories();
        saveSettings();
    });
    connect(m_filterBar, &MemoryFilterBar::suggestionsWanted, this, &MemoriesPage::loadSuggestions);
    connect(m_showAll, &QToolButton::clicked, this, [this] {
        if (m_filterBar->searchMode() == MemoryFilterBar::SearchMode::Meaning)
            m_filterBar->setSearchText(QString());
        showAllMemories();
    });
    connect(m_model, &MemoryTableModel::similarityModeChanged, this, &MemoriesPage::syncOrderBox);
    connect(m_detail, &MemoryDetailPane::restored, m_model, &MemoryTableModel::refresh);
    connect(m_detail, &MemoryDetailPane::loadingChanged, this, &MemoriesPage::updateBusy);
    connect(m_detail, &MemoryDetailPane::linkActivated, this, &MemoriesPage::onLinkActivated);
    updateLoadedText();
}

MemoriesPage::~MemoriesPage() = default;

void MemoriesPage::setEmbedder(Embedder *embedder)
{
    m_embedder = embedder ? embedder : m_ownEmbedder.get();
    m_filterBar->setSemantic(m_embedder->isSemantic(), m_embedder->modelName());
}

void MemoriesPage::restoreSettings()
{
    const QString &ws = m_workspace;
    const MemoryFilter filter
        = MemoryFilter::fromJson(QJsonDocument::fromJson(UiSettings::memoriesFilter(ws)).object());
    const MemorySort sort = MemorySort::fromJson(QJsonDocument::fromJson(UiSettings::memoriesSort(ws)).object());
    const bool meaning = UiSettings::memoriesSearchMode(ws) == QLatin1String("meaning");
    m_filterBar->setSearchMode(meaning ? MemoryFilterBar::SearchMode::Meaning : MemoryFilterBar::SearchMode::Text);
    m_filterBar->setFilter(filter);
    m_filterBar->setSearchText(meaning ? UiSettings::memoriesMeaningQuery(ws) : filter.text);
    // Before the first load() these only set what it will ask for.
    m_model->setFilter(m_filterBar->filter());
    m_model->setServerSort(sort);
}

void MemoriesPage::setWorkspace(const QString &key)
{
    if (key == m_workspace)
        return;
    m_workspace = key;
    // The other workspace's search by meaning ranked its own memories; load() reruns this one's.
    ++m_embedGeneration;
    m_embedding = false;
    m_similarBanner->hide();
    if (m_model->isSimilarityMode())
        m_model->showAll();
    restoreSettings();
    syncSortIndicator();
    syncOrderBox();
}

void MemoriesPage::saveSettings() const
{
    const QString &ws = m_workspace;
    MemoryFilter filter = m_filterBar->filter();
    UiSettings::setMemoriesFilter(QJsonDocument(filter.toJson()).toJson(QJsonDocument::Compact), ws);
    UiSettings::setMemoriesSort(QJsonDocument(m_model->serverSort().toJson()).toJson(QJsonDocument::Compact), ws);
    const bool meaning = m_filterBar->searchMode() == MemoryFilterBar::SearchMode::Meaning;
    UiSettings::setMemoriesSearchMode(meaning ? QStringLiteral("meaning") : QStringLiteral("text"), ws);
    UiSettings::setMemoriesMeaningQuery(
        meaning && m_model->isSimilarityMode() ? m_filterBar->searchText() : QString(), ws);
}

void MemoriesPage::load()
{
    m_error->clear();
    m_error->hide();
    m_columnsSized = false;
    m_model->setPageSize(UiSettings::pageSize());
    const QString meaning
        = m_filterBar->searchMode() == MemoryFilterBar::SearchMode::Meaning ? m_filterBar->searchText() : QString();
    if (!meaning.isEmpty())
        searchByMeaning(meaning);
    else
        m_model->reload();
}

void MemoriesPage::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const QUuid id = m_model->idAt(index.row());
    QMenu menu(this);
    menu.addAction(tr("More like this"), this, [this, id] { showMoreLike(id); });
    if (m_model->isSimilarityMode())
        menu.addAction(tr("Back to all memories"), this, [this] { m_showAll->click(); });
    if (!m_contextActions.isEmpty()) {
        menu.addSeparator();
        menu.addActions(m_contextActions);
    }
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void MemoriesPage::loadSuggestions()
{
    MemoryService(m_worker).filterSuggestions(this,
        [this](const Result<FilterSuggestions> &suggestions) {
            if (suggestions)
                m_filterBar->setSuggestions(*suggestions);
        });
}

void MemoriesPage::syncSortIndicator()
{
    m_table->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
}

void MemoriesPage::syncOrderBox()
{
    // Only a word search has a best match; once a column is chosen the header says the order.
    const bool words = !MemoryFilter::queryWords(m_model->filter().text).isEmpty() && !m_model->isSimilarityMode();
    const MemorySort sort = m_model->serverSort();
    int index = -1;
    if (sort.key == MemorySortKey::Relevance)
        index = 0;
    else if (sort == MemorySort { MemorySortKey::Created, true })
        index = 1;
    m_order->setCurrentIndex(index);
    m_order->setVisible(words);
}

void MemoriesPage::setPromptColumnShown(bool shown)
{
    m_table->setColumnHidden(MemoryTableModel::Prompt, !shown);
    UiSettings::setMemoriesPromptColumn(shown);
    if (shown && m_table->columnWidth(MemoryTableModel::Prompt) < 40)
        m_table->setColumnWidth(MemoryTableModel::Prompt, MaximumColumnWidth);
    fitSummaryColumn();
}

void MemoriesPage::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    QAction *prompt = menu.addAction(tr("Show the Prompt column"));
    prompt->setCheckable(true);
    prompt->setChecked(!m_table->isColumnHidden(MemoryTableModel::Prompt));
    connect(prompt, &QAction::toggled, this, &MemoriesPage::setPromptColumnShown);
    menu.exec(m_table->horizontalHeader()->viewport()->mapToGlobal(pos));
}

void MemoriesPage::selectRow(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    if (!index.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

QString MemoriesPage::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void MemoriesPage::showError(const QString &message)
{
    m_error->setText(tr("Could not load memories: %1").arg(message));
    m_error->show();
}

QByteArray MemoriesPage::saveSplitterState() const
{
    return m_splitter->saveState();
}

void MemoriesPage::restoreSplitterState(const QByteArray &state)
{
    if (!state.isEmpty())
        m_splitter->restoreState(state);
}

void MemoriesPage::onCurrentRowChanged(const QModelIndex &current)
{
    // An invalid index means the selection was cleared; keep showing what the user navigated to.
    const QUuid id = m_model->idAt(current.row());
    if (!current.isValid() || id.isNull() || id == m_detail->currentId() || !m_leaving.isNull())
        return; // (while the memory on screen leaves the grid, the row that moves up is not a choice)
    m_detail->showMemory(id);
}

void MemoriesPage::onPageLoaded(int rowsAdded)
{
    updateLoadedText();
    if (!m_columnsSized && rowsAdded > 0) {
        // Sized once from the first page: resizing on every page would make columns jump while scrolling.
        m_columnsSized = true;
        for (int column = 0; column < MemoryTableModel::ColumnCount; ++column) {
            if (column == MemoryTableModel::Summary || m_table->isColumnHidden(column))
                continue;
            m_table->resizeColumnToContents(column);
            // A long tag list must not push the summary out of sight.
            if (m_table->columnWidth(column) > MaximumColumnWidth)
                m_table->setColumnWidth(column, MaximumColumnWidth);
        }
        fitSummaryColumn();
    }
}

void MemoriesPage::fitSummaryColumn()
{
    const QHeaderView *header = m_table->horizontalHeader();
    int others = 0;
    for (int column = 0; column < MemoryTableModel::ColumnCount; ++column) {
        if (column != MemoryTableModel::Summary && !header->isSectionHidden(column))
            others += header->sectionSize(column);
    }
    const int width = std::max(MinimumSummaryWidth, m_table->viewport()->width() - others);
    if (header->sectionSize(MemoryTableModel::Summary) != width)
        m_table->setColumnWidth(MemoryTableModel::Summary, width);
}

bool MemoriesPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitSummaryColumn();
    return QWidget::eventFilter(watched, event);
}

void MemoriesPage::onLinkActivated(const QUuid &id)
{
    // Follow the link in the grid too when the target is among the loaded rows; otherwise drop the
    // grid selection so it does not claim the pane shows a different memory.
    const int row = m_model->rowOf(id);
    if (row >= 0) {
        selectRow(row);
    } else {
        m_table->selectionModel()->clear();
    }
}

void MemoriesPage::updateLoadedText()
{
    const int rows = m_model->rowCount();
    const qint64 matches = m_model->matchCount();
    const QLocale locale;
    if (m_model->isSimilarityMode())
        m_filterBar->setMatchText(matches < 0 ? tr("searching…") : tr("%Ln similar", nullptr, int(matches)));
    else
        m_filterBar->setMatchText(matches < 0 ? tr("counting…") : tr("%1 matching").arg(locale.toString(matches)));
    if (m_model->atEnd())
        m_loaded->setText(tr("all %Ln loaded", nullptr, rows));
    else
        m_loaded->setText(tr("%Ln loaded", nullptr, rows));
    updateEmptyBanner();
}

void MemoriesPage::updateEmptyBanner()
{
    // An empty grid under a filter looks like an empty workspace unless it says why; an empty workspace
    // says how to fill it.
    const bool filtered = !m_model->filter().isDefault() || m_model->isSimilarityMode();
    const bool empty = m_model->matchCount() == 0 && m_model->rowCount() == 0;
    if (empty && filtered) {
        const QString search = m_filterBar->searchText().trimmed();
        m_emptyText->setText(search.isEmpty() ? tr("No memory matches the filters.")
                                              : tr("No memory matches “%1” with these filters.").arg(search));
    } else if (empty) {
        m_emptyText->setText(tr("This workspace has no memories yet. Import a JSONL, CSV or YAML file to fill it."));
    }
    m_clearEmpty->setVisible(filtered);
    m_importEmpty->setVisible(!filtered);
    m_emptyBanner->setVisible(empty);
}

void MemoriesPage::updateBusy()
{
    const bool busy = m_model->isLoading() || m_detail->isLoading() || m_embedding;
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}
