#include "archetypes/archetypepriorityview.h"

#include "archetypes/archetypeformat.h"
#include "common/taborder.h"
#include "archetypes/priorityrowmodel.h"
#include "archetypes/rankmovemodel.h"
#include "archetypes/strategyeditor.h"
#include "archetypes/strategylistmodel.h"
#include "archetypes/strategyservice.h"
#include "archetypes/strategysimulator.h"
#include "fairness/taskprogressrow.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <tuple>

namespace {
constexpr int MovesTab = 2;

QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    return table;
}

QTableView *makeMoveTable(RankMoveModel *model, const QString &name, QWidget *parent)
{
    QTableView *table = makeTable(model, name, parent);
    QHeaderView *header = table->horizontalHeader();
    const QFontMetrics fm = table->fontMetrics();
    header->setSectionResizeMode(RankMoveModel::Summary, QHeaderView::Stretch);
    const int padding = 2 * table->style()->pixelMetric(QStyle::PM_HeaderMargin) + 12;
    header->resizeSection(RankMoveModel::Ranks, fm.horizontalAdvance(QStringLiteral("1,000 → 1,000")) + padding);
    header->resizeSection(RankMoveModel::Priorities, fm.horizontalAdvance(QStringLiteral("0.000 → 0.000")) + padding);
    header->resizeSection(RankMoveModel::Why, fm.horizontalAdvance(QStringLiteral("Ella-M")) + padding);
    return table;
}

QLabel *boldLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}
} // namespace

ArchetypePriorityView::ArchetypePriorityView(StrategyService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_strategies(new StrategyListModel(this))
    , m_editor(new StrategyEditor(this))
    , m_progress(new TaskProgressRow(tasks, this))
    , m_message(new QLabel(this))
    , m_previewSummary(new QLabel(this))
    , m_up(new RankMoveModel(this))
    , m_down(new RankMoveModel(this))
    , m_floor(new QDoubleSpinBox(this))
    , m_days(new QSpinBox(this))
    , m_counts(new QLabel(this))
    , m_top(new PriorityRowModel(this))
    , m_atRisk(new PriorityRowModel(this))
    , m_simulator(new StrategySimulator(
          service, [this] { return m_editor->strategy(); }, this))
    , m_lists(new QTabWidget(this))
    , m_reprioritize(new QTimer(this))
{
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split->addWidget(createStrategyPanel());
    split->addWidget(createListsPanel());
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({ 420, 800 });
    // The lists' widgets are members made before the strategy panel: Tab still reads left, then right.
    TabOrder::chain({ split->widget(0), split->widget(1) });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);

    // Editing a weight re-ranks once the typing pauses.
    m_reprioritize->setSingleShot(true);
    m_reprioritize->setInterval(400);
    connect(m_reprioritize, &QTimer::timeout, this, [this] { loadPriorities(m_top->limit()); });
    connect(m_editor, &StrategyEditor::edited, this, [this] {
        m_edited = true;
        updateActions();
        if (m_editor->isValid())
            m_reprioritize->start();
    });
    connect(m_strategyTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (!current.isValid() || m_listing)
                return;
            m_edited = false;
            m_editor->setStrategy(m_strategies->strategyAt(current.row()));
            updateActions();
            loadPriorities(m_top->limit());
        });
    connect(m_top, &PriorityRowModel::moreWanted, this, &ArchetypePriorityView::loadPriorities);
    connect(m_floor, &QDoubleSpinBox::valueChanged, m_reprioritize, qOverload<>(&QTimer::start));
    connect(m_days, &QSpinBox::valueChanged, m_reprioritize, qOverload<>(&QTimer::start));
    connect(m_simulator, &StrategySimulator::busyChanged, this, [this](bool busy) { setPending(busy ? 1 : -1); });
    connect(m_progress, &TaskProgressRow::busyChanged, this, [this](bool busy) {
        if (!busy && m_running) { // cancelled: the reply may never come
            m_running = false;
            setPending(-1);
        }
        updateActions();
    });
    if (m_service) {
        connect(m_service, &StrategyService::strategiesChanged, this, [this] {
            const WeightingStrategy s = m_editor->strategy();
            loadStrategies(s.id, s.name);
        });
    }
    updateActions();
}

QWidget *ArchetypePriorityView::createStrategyPanel()
{
    auto *panel = new QWidget(this);
    m_strategyTable = makeTable(m_strategies, QStringLiteral("strategyTable"), panel);
    m_strategyTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_strategyTable->setAccessibleName(tr("Strategies"));
    QHeaderView *header = m_strategyTable->horizontalHeader();
    // The editor below shows the chosen strategy's weights; the list names them in each row's tooltip.
    header->setSectionHidden(StrategyListModel::Weights, true);
    header->setSectionResizeMode(StrategyListModel::Name, QHeaderView::Stretch);
    QFont bold = m_strategyTable->font(); // the strategy in use is bold
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    header->resizeSection(StrategyListModel::Applied, boldMetrics.horizontalAdvance(QStringLiteral("applied")) + 16);
    header->setSectionHidden(StrategyListModel::CreatedBy, true);

    const auto button = [panel](const QString &name, const QString &text, const QString &tip) {
        auto *b = new QPushButton(text, panel);
        b->setObjectName(name);
        b->setToolTip(tip);
        return b;
    };
    m_new = button(QStringLiteral("newStrategy"), tr("New"), tr("Start a new strategy from the weights shown"));
    m_save = button(QStringLiteral("saveStrategy"), tr("Save"), tr("Save the strategy (the weights must add up to 1)"));
    m_delete = button(QStringLiteral("deleteStrategy"), tr("Delete"), tr("Delete the chosen strategy"));
    m_preview = button(QStringLiteral("previewStrategy"), tr("Preview"),
        tr("What the strategy would change in the ranking; writes nothing (a task)"));
    m_apply = button(QStringLiteral("applyStrategy"), tr("Apply"),
        tr("Recompute every stored priority under the strategy, as one batch that can be undone (a task)"));
    m_undo = button(QStringLiteral("undoApply"), tr("Undo Apply"), tr("Restore the priorities the last apply changed"));
    connect(m_new, &QPushButton::clicked, this, &ArchetypePriorityView::newStrategy);
    connect(m_save, &QPushButton::clicked, this, &ArchetypePriorityView::save);
    connect(m_delete, &QPushButton::clicked, this, &ArchetypePriorityView::removeSelected);
    connect(m_preview, &QPushButton::clicked, this, &ArchetypePriorityView::preview);
    connect(m_apply, &QPushButton::clicked, this, &ArchetypePriorityView::apply);
    connect(m_undo, &QPushButton::clicked, this, &ArchetypePriorityView::undoLastApply);

    auto *edit = new QHBoxLayout;
    edit->addWidget(m_new);
    edit->addWidget(m_save);
    edit->addWidget(m_delete);
    edit->addStretch(1);
    auto *run = new QHBoxLayout;
    run->addWidget(m_preview);
    run->addWidget(m_apply);
    run->addWidget(m_undo);
    run->addStretch(1);

    m_message->setObjectName(QStringLiteral("strategyMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_previewSummary->setObjectName(QStringLiteral("previewSummary"));
    m_previewSummary->setWordWrap(true);
    m_previewSummary->setTextFormat(Qt::PlainText);
    m_previewSummary->setText(tr("Preview a strategy to see how the top 1,000 would reorder."));

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(boldLabel(tr("Weighting strategies"), panel));
    layout->addWidget(m_strategyTable, 1);
    layout->addWidget(m_editor);
    layout->addLayout(edit);
    layout->addLayout(run);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(boldLabel(tr("Preview"), panel));
    layout->addWidget(m_previewSummary);
    return panel;
}

QWidget *ArchetypePriorityView::createListsPanel()
{
    auto *panel = new QWidget(this);
    m_floor->setObjectName(QStringLiteral("priorityFloor"));
    m_floor->setAccessibleName(tr("Priority floor"));
    m_floor->setRange(0.0, 1.0);
    m_floor->setDecimals(2);
    m_floor->setSingleStep(0.05);
    m_floor->setValue(0.1);
    m_floor->setToolTip(tr("The pruning floor: memories under it are candidates for pruning"));
    m_days->setObjectName(QStringLiteral("priorityDays"));
    m_days->setAccessibleName(tr("Within days"));
    m_days->setRange(1, 365);
    m_days->setValue(30);
    m_days->setSuffix(tr(" days"));
    m_counts->setObjectName(QStringLiteral("priorityCounts"));
    m_counts->setTextFormat(Qt::PlainText);
    m_counts->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Floor"), panel));
    bar->addWidget(m_floor);
    bar->addWidget(new QLabel(tr("within"), panel));
    bar->addWidget(m_days);
    bar->addSpacing(12);
    bar->addWidget(m_counts, 1);

    m_lists->setObjectName(QStringLiteral("priorityLists"));
    QTableView *top = makePriorityTable(m_top, QStringLiteral("topMemories"), panel);
    top->setAccessibleName(tr("Top Memories"));
    m_lists->addTab(top, top->accessibleName());
    QTableView *atRisk = makePriorityTable(m_atRisk, QStringLiteral("atRiskMemories"), panel);
    atRisk->setAccessibleName(tr("Falling Under the Floor"));
    m_lists->addTab(atRisk, atRisk->accessibleName());
    auto *moves = new QWidget(panel);
    auto *movesLayout = new QGridLayout(moves);
    // One above the other: the memories' summaries need the width.
    // Each table is named by its label's text, so a screen reader says which list it is in.
    for (auto [model, name, title, row] : { std::tuple(m_up, QStringLiteral("movesUp"), tr("Move up most"), 0),
             std::tuple(m_down, QStringLiteral("movesDown"), tr("Move down most"), 2) }) {
        auto *label = new QLabel(title, moves);
        QTableView *table = makeMoveTable(model, name, moves);
        label->setBuddy(table);
        table->setAccessibleName(title);
        movesLayout->addWidget(label, row, 0);
        movesLayout->addWidget(table, row + 1, 0);
    }
    movesLayout->setRowStretch(1, 1);
    movesLayout->setRowStretch(3, 1);
    m_lists->addTab(moves, tr("Preview Moves"));
    m_lists->addTab(m_simulator, tr("Simulator"));

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_lists, 1);
    return panel;
}

QString ArchetypePriorityView::actor()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("operator") : user;
}

void ArchetypePriorityView::setPending(int delta)
{
    const bool was = m_pending > 0;
    m_pending = std::max(0, m_pending + delta);
    if (was != (m_pending > 0))
        Q_EMIT busyChanged(m_pending > 0);
}

void ArchetypePriorityView::say(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

QString ArchetypePriorityView::previewText() const
{
    return m_previewSummary->text();
}

QString ArchetypePriorityView::countsText() const
{
    return m_counts->text();
}

QString ArchetypePriorityView::message() const
{
    return m_message->text();
}

bool ArchetypePriorityView::isTaskRunning() const
{
    return m_running;
}

void ArchetypePriorityView::updateActions()
{
    const WeightingStrategy s = m_editor->strategy();
    const bool valid = m_editor->isValid();
    m_save->setEnabled(valid && !s.builtIn);
    m_delete->setEnabled(!s.builtIn && !s.id.isNull() && !m_running);
    m_preview->setEnabled(valid && !m_running);
    m_apply->setEnabled(valid && !m_running);
    m_undo->setEnabled(!m_lastBatch.isNull() && !m_running);
    m_undo->setToolTip(m_lastBatch.isNull()
            ? tr("No apply to undo")
            : tr("Restore the priorities as they were before “%1” was applied").arg(m_lastBatchName));
}

void ArchetypePriorityView::load()
{
    const WeightingStrategy s = m_editor->strategy();
    loadStrategies(s.id, s.name);
    loadApplications();
}

void ArchetypePriorityView::loadStrategies(const QUuid &select, const QString &name)
{
    if (!m_service)
        return;
    setPending(1);
    m_service->strategies(this, [this, select, name](const Result<QList<WeightingStrategy>> &list) {
        setPending(-1);
        if (!list) {
            say(tr("Could not load the strategies: %1").arg(list.error().message), true);
            return;
        }
        m_strategies->setStrategies(*list);
        int row = m_strategies->rowOf(select, name);
        if (row < 0) // a new, unsaved strategy stays in the editor; otherwise the one in use
            row = select.isNull() && !name.isEmpty() && !m_editor->strategy().builtIn ? -1 : 0;
        if (row >= 0) {
            m_listing = true;
            m_strategyTable->selectionModel()->setCurrentIndex(
                m_strategies->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_listing = false;
            // A refresh (new evaluations, another window's save) keeps what the operator is typing.
            if (!m_edited)
                m_editor->setStrategy(m_strategies->strategyAt(row));
        }
        updateActions();
        loadPriorities(m_top->limit());
        Q_EMIT strategiesLoaded();
    });
}

void ArchetypePriorityView::loadApplications()
{
    if (!m_service)
        return;
    m_service->applications(this, [this](const Result<QList<StrategyApplication>> &list) {
        if (!list)
            return; // the Undo button stays as it was; applying says its own errors
        m_lastBatch = {};
        for (const StrategyApplication &a : *list) {
            if (!a.undoneAt.isValid()) {
                m_lastBatch = a.batchId;
                m_lastBatchName = a.strategyName;
                break;
            }
        }
        updateActions();
    });
}

void ArchetypePriorityView::loadPriorities(int limit)
{
    if (!m_service)
        return;
    const WeightingStrategy s = m_editor->strategy();
    if (!WeightingStrategy::validate(s))
        return; // the editor says why
    const quint64 generation = ++m_priorityGeneration;
    const int top = std::max(limit, int(PriorityRowModel::PageSize));
    setPending(1);
    m_service->priorities(this, s, top, m_floor->value(), m_days->value(),
        [this, generation, top](const Result<PriorityOverview> &overview) {
            setPending(-1);
            if (generation != m_priorityGeneration)
                return;
            if (!overview) {
                say(tr("Could not rank the memories: %1").arg(overview.error().message), true);
                Q_EMIT prioritiesLoaded(false);
                return;
            }
            m_top->setRows(overview->top, top);
            m_atRisk->setRows(overview->atRisk);
            const QLocale locale;
            const double total = std::max<double>(1.0, double(overview->total));
            m_counts->setText(
                tr("%1 memories: %2 long-term (%3), %4 core (%5); %6 fall under %7 within %n days.", nullptr,
                    m_days->value())
                    .arg(locale.toString(overview->total), locale.toString(overview->longTerm),
                        ArchetypeFormat::share(double(overview->longTerm) / total), locale.toString(overview->core),
                        ArchetypeFormat::share(double(overview->core) / total),
                        locale.toString(overview->atRisk.size()), ArchetypeFormat::score(m_floor->value())));
            m_lists->setTabText(1, tr("Falling Under the Floor (%1)").arg(locale.toString(overview->atRisk.size())));
            Q_EMIT prioritiesLoaded(true);
        });
}

void ArchetypePriorityView::selectStrategy(int row)
{
    m_strategyTable->selectionModel()->setCurrentIndex(
        m_strategies->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ArchetypePriorityView::newStrategy()
{
    WeightingStrategy s = m_editor->strategy();
    s.id = {};
    s.builtIn = false;
    s.applied = false;
    s.name = tr("%1 (copy)").arg(s.name);
    m_strategyTable->selectionModel()->clearSelection();
    m_editor->setStrategy(s);
    m_edited = true; // not saved yet
    say(tr("Change the weights and the name, then Save."));
    updateActions();
}

void ArchetypePriorityView::save()
{
    if (!m_service)
        return;
    const WeightingStrategy s = m_editor->strategy();
    const Result<void> valid = WeightingStrategy::validate(s);
    if (!valid) {
        say(valid.errorMessage(), true);
        Q_EMIT saved(false);
        return;
    }
    setPending(1);
    m_service->save(this, s, actor(), [this](const Result<WeightingStrategy> &stored) {
        setPending(-1);
        if (!stored) {
            say(tr("Could not save the strategy: %1").arg(stored.error().message), true);
            Q_EMIT saved(false);
            return;
        }
        say(tr("Saved “%1”.").arg(stored->name));
        m_edited = false;
        m_editor->setStrategy(*stored);
        loadStrategies(stored->id, stored->name);
        Q_EMIT saved(true);
    });
}

void ArchetypePriorityView::removeSelected()
{
    const WeightingStrategy s = m_editor->strategy();
    if (!m_service || s.builtIn || s.id.isNull())
        return;
    setPending(1);
    m_service->remove(this, s.id, actor(), [this, name = s.name](const Result<void> &removed) {
        setPending(-1);
        if (!removed) {
            say(tr("Could not delete the strategy: %1").arg(removed.error().message), true);
            return;
        }
        say(tr("Deleted “%1”.").arg(name));
        m_edited = false;
        loadStrategies();
    });
}

void ArchetypePriorityView::preview()
{
    if (!m_service || m_running)
        return;
    const WeightingStrategy s = m_editor->strategy();
    m_running = true;
    setPending(1);
    updateActions();
    m_previewSummary->setText(tr("Previewing “%1”…").arg(s.name));
    const quint64 task = m_service->startPreview(
        s, m_floor->value(), this, [this, name = s.name](const Result<StrategyPreview> &p) {
            if (m_running) {
                m_running = false;
                setPending(-1);
            }
            updateActions();
            if (!p) {
                m_previewSummary->setText(tr("Could not preview: %1").arg(p.error().message));
                Q_EMIT previewed(false);
                return;
            }
            const QLocale locale;
            m_previewSummary->setText(
                tr("“%1” against today's ranking of the top %2: Kendall's τ %3. %4 memories would fall under the "
                   "floor of %5, %6 would rise above it.")
                    .arg(name, locale.toString(p->compared), locale.toString(p->kendallTau, 'f', 3),
                        locale.toString(p->crossDown), ArchetypeFormat::score(p->floor), locale.toString(p->crossUp)));
            m_up->setMoves(p->up);
            m_down->setMoves(p->down);
            m_lists->setCurrentIndex(MovesTab);
            Q_EMIT previewed(true);
        });
    m_progress->track(task);
}

void ArchetypePriorityView::apply()
{
    if (!m_service || m_running)
        return;
    const WeightingStrategy s = m_editor->strategy();
    m_running = true;
    setPending(1);
    updateActions();
    const quint64 task = m_service->startApply(s, actor(), this, [this, name = s.name](const Result<QUuid> &batch) {
        if (m_running) {
            m_running = false;
            setPending(-1);
        }
        if (!batch) {
            say(tr("Could not apply “%1”: %2").arg(name, batch.error().message), true);
            loadApplications(); // a cancelled apply leaves an undoable partial batch
            updateActions();
            Q_EMIT applied(false);
            return;
        }
        m_lastBatch = *batch;
        m_lastBatchName = name;
        say(tr("Applied “%1”: the stored priorities are recomputed. Undo Apply restores them.").arg(name));
        updateActions();
        const WeightingStrategy shown = m_editor->strategy();
        loadStrategies(shown.id, shown.name);
        Q_EMIT applied(true);
    });
    m_progress->track(task);
}

void ArchetypePriorityView::undoLastApply()
{
    if (!m_service || m_running || m_lastBatch.isNull())
        return;
    m_running = true;
    setPending(1);
    updateActions();
    const quint64 task = m_service->startUndo(m_lastBatch, actor(), this, [this](const Result<qint64> &restored) {
        if (m_running) {
            m_running = false;
            setPending(-1);
        }
        if (!restored) {
            say(tr("Could not undo: %1").arg(restored.error().message), true);
            updateActions();
            Q_EMIT undone(false);
            return;
        }
        say(tr("Restored %Ln priorities as they were before “%1”.", nullptr, int(*restored)).arg(m_lastBatchName));
        m_lastBatch = {};
        loadApplications();
        const WeightingStrategy shown = m_editor->strategy();
        loadStrategies(shown.id, shown.name);
        Q_EMIT undone(true);
    });
    m_progress->track(task);
}
