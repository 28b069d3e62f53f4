#include "memories/memoriespage.h"
#include "common/datalabel.h"

#include "memories/memoryservice.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryfilterbar.h"
#include "memories/memorytablemodel.h"
#include "ai/offlineembedder.h"
#include "window/uisettings.h"

#include <QCoroTask>
#include <QEvent>
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
    , m_loaded(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("memoryError"), this))
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

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addSpacing(12);
    header->addWidget(m_filterBar, 1);

    m_table->setObjectName(QStringLiteral("memoryTable"));
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
    m_table->setColumnHidden(MemoryTableModel::Similarity, true);
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
        saveSettings();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reload replaces every row; the detail of a row that is no longer selected would mislead.
        m_detail->clear();
        m_error->hide();
        updateLoadedText();
    });
    connect(m_filterBar, &MemoryFilterBar::filterChanged, this, [this](const MemoryFilter &filter) {
        m_model->setFilter(filter);
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
    const MemoryFilter filter = MemoryFilter::fromJson(QJsonDocument::fromJson(UiSettings::memoriesFilter()).object());
    const MemorySort sort = MemorySort::fromJson(QJsonDocument::fromJson(UiSettings::memoriesSort()).object());
    const bool meaning = UiSettings::memoriesSearchMode() == QLatin1String("meaning");
    m_filterBar->setSearchMode(meaning ? MemoryFilterBar::SearchMode::Meaning : MemoryFilterBar::SearchMode::Text);
    m_filterBar->setFilter(filter);
    if (meaning)
        m_filterBar->setSearchText(UiSettings::memoriesMeaningQuery());
    // Not loaded yet: these only set what the first load() will ask for.
    m_model->setFilter(m_filterBar->filter());
    m_model->setServerSort(sort);
}

void MemoriesPage::saveSettings() const
{
    MemoryFilter filter = m_filterBar->filter();
    UiSettings::setMemoriesFilter(QJsonDocument(filter.toJson()).toJson(QJsonDocument::Compact));
    UiSettings::setMemoriesSort(QJsonDocument(m_model->serverSort().toJson()).toJson(QJsonDocument::Compact));
    const bool meaning = m_filterBar->searchMode() == MemoryFilterBar::SearchMode::Meaning;
    UiSettings::setMemoriesSearchMode(meaning ? QStringLiteral("meaning") : QStringLiteral("text"));
    UiSettings::setMemoriesMeaningQuery(meaning && m_model->isSimilarityMode() ? m_filterBar->searchText() : QString());
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
    if (!current.isValid() || id.isNull() || id == m_detail->currentId())
        return;
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
}

void MemoriesPage::updateBusy()
{
    const bool busy = m_model->isLoading() || m_detail->isLoading() || m_embedding;
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}
