#include "memoriespage.h"
#include "datalabel.h"

#include "memorydetailpane.h"
#include "memorytablemodel.h"
#include "uisettings.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int MinimumSummaryWidth = 280;
constexpr int MaximumColumnWidth = 180;
} // namespace

MemoriesPage::MemoriesPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_model(new MemoryTableModel(worker, this))
    , m_table(new QTableView(this))
    , m_detail(new MemoryDetailPane(worker, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_loaded(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("memoryError"), this))
{
    auto *title = new QLabel(tr("Memories — newest first"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_loaded->setObjectName(QStringLiteral("loadedText"));
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_loaded);

    m_table->setObjectName(QStringLiteral("memoryTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // The model pages in server order (newest first); sorting the loaded rows would only sort a prefix.
    m_table->setSortingEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(false);
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
    leftLayout->addWidget(m_error);
    leftLayout->addWidget(m_table);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MemoriesPage::onCurrentRowChanged);
    connect(m_model, &MemoryTableModel::pageLoaded, this, &MemoriesPage::onPageLoaded);
    connect(m_model, &MemoryTableModel::loadingChanged, this, &MemoriesPage::updateBusy);
    connect(m_model, &MemoryTableModel::loadFailed, this, [this](const QString &message) {
        m_error->setText(tr("Could not load memories: %1").arg(message));
        m_error->show();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reload replaces every row; the detail of a row that is no longer selected would mislead.
        m_detail->clear();
        updateLoadedText();
    });
    connect(m_detail, &MemoryDetailPane::loadingChanged, this, &MemoriesPage::updateBusy);
    connect(m_detail, &MemoryDetailPane::linkActivated, this, &MemoriesPage::onLinkActivated);
    updateLoadedText();
}

void MemoriesPage::load()
{
    m_error->clear();
    m_error->hide();
    m_columnsSized = false;
    m_model->setPageSize(UiSettings::pageSize());
    m_model->reload();
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
            if (column == MemoryTableModel::Summary)
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
    if (m_model->atEnd())
        m_loaded->setText(tr("all %Ln loaded", nullptr, rows));
    else
        m_loaded->setText(tr("%Ln loaded", nullptr, rows));
}

void MemoriesPage::updateBusy()
{
    const bool busy = m_model->isLoading() || m_detail->isLoading();
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}
