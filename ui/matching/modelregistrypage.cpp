#include "matching/modelregistrypage.h"

#include "common/taborder.h"

#include "common/datalabel.h"
#include "matching/learningchart.h"
#include "matching/modelversionmodel.h"
#include "matching/replaycomparison.h"
#include "matching/suggestionview.h"
#include "matching/versioneditor.h"
#include "tasks/taskrunner.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace {
const QString Matching = QStringLiteral("matching");

bool hasMatchingParams(const RegistryVersion &v)
{
    return paramsFromJson(v.parameters).ok();
}
} // namespace

ModelRegistryPage::ModelRegistryPage(MatchService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_tasks(tasks)
    , m_model(new ModelVersionModel(service, this))
    , m_type(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_editorBox(new QGroupBox(tr("New matching version"), this))
    , m_editor(new VersionEditor(m_editorBox))
    , m_results(new QTabWidget(this))
    , m_replays(new ReplayComparison(this))
    , m_suggestion(new SuggestionView(this))
    , m_chart(new LearningChart(this))
    , m_error(makeErrorLabel(QStringLiteral("registryError"), this))
    , m_message(makeDataLabel(QStringLiteral("registryMessage"), this))
{
    m_type->setObjectName(QStringLiteral("modelTypeCombo"));
    m_type->addItem(tr("Embedding"), QStringLiteral("embedding"));
    m_type->addItem(tr("Matching"), Matching);
    m_type->addItem(tr("Bias"), QStringLiteral("bias"));
    m_type->addItem(tr("Learning"), QStringLiteral("learning"));
    m_type->setCurrentIndex(m_type->findData(Matching));

    m_table->setObjectName(QStringLiteral("versionTable"));
    m_table->setAccessibleName(tr("Model versions"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Dates, names, weights and numbers at their text's width (the version's name capped in
    // onVersionsLoaded); the notes take what is left.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ModelVersionModel::Version, QHeaderView::Interactive);
    header->setStretchLastSection(true);
    m_table->setToolTip(tr("Select one version to edit, replay or activate it; select two to compare them"));

    auto *editorLayout = new QVBoxLayout(m_editorBox);
    editorLayout->addWidget(m_editor);

    m_results->setObjectName(QStringLiteral("learningTabs"));
    m_results->addTab(m_replays, tr("Replay against the reviews"));
    m_results->addTab(m_suggestion, tr("Suggested weights"));

    // The versions table takes the full width (the weights summary is long); below it the replay results
    // over the learning chart on the left, and the editor on the right.
    auto *results = new QSplitter(Qt::Vertical, this);
    results->addWidget(m_results);
    results->addWidget(m_chart);
    results->setChildrenCollapsible(false);
    results->setStretchFactor(0, 1);
    results->setStretchFactor(1, 1);
    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(results);
    bottom->addWidget(m_editorBox);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 0);
    bottom->setChildrenCollapsible(false);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    // About eight versions in view at first; the splitter scales these to the page's height.
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    split->setSizes({ rowHeight * 10, rowHeight * 20 });
    split->setChildrenCollapsible(false);

    m_message->hide();
    auto *layout = new QVBoxLayout(this);
    QWidget *actions = createActions();
    layout->addWidget(actions);
    layout->addWidget(m_error);
    layout->addWidget(m_message);
    QWidget *taskRow = createTaskRow();
    layout->addWidget(taskRow);
    layout->addWidget(split, 1);
    // Tab reads the page top to bottom and each row left to right; the parts below were made before the bars.
    TabOrder::chain({ actions, m_error, m_message, taskRow, m_table, m_results, m_chart, m_editorBox });

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        m_keepSelection.clear();
        m_model->setModelType(modelType());
        m_chart->clear();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        if (m_keepSelection.isEmpty()) {
            for (const RegistryVersion &v : selectedVersions())
                m_keepSelection << v.id;
        }
    });
    connect(m_model, &ModelVersionModel::loaded, this, &ModelRegistryPage::onVersionsLoaded);
    connect(m_model, &ModelVersionModel::loadFailed, this, &ModelRegistryPage::showError);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        loadHistory();
    });
    connect(m_editor, &VersionEditor::saveRequested, this, &ModelRegistryPage::saveDraft);
    connect(m_tasks, &TaskRunner::taskChanged, this, &ModelRegistryPage::onTaskChanged);
    // A cancelled or superseded task never calls back: the runner's record says when it ended.
    connect(m_tasks, &TaskRunner::taskFinished, this, [this](const TaskInfo &task) { untrackTask(task.id); });
    updateActions();
}

QWidget *ModelRegistryPage::createActions()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    const auto button = [this, row](QPushButton *&slot, const QString &name, const QString &text, const QString &tip,
                            void (ModelRegistryPage::*action)()) {
        slot = new QPushButton(text, this);
        slot->setObjectName(name);
        slot->setToolTip(tip);
        connect(slot, &QPushButton::clicked, this, action);
        row->addWidget(slot);
    };
    row->addWidget(new QLabel(tr("Model type:"), bar));
    row->addWidget(m_type);
    row->addSpacing(12);
    button(m_newFromSelected, QStringLiteral("newFromSelectedButton"), tr("New from selected"),
        tr("Start a new matching version from the selected one's weights"), &ModelRegistryPage::newFromSelected);
    button(m_newFromScratch, QStringLiteral("newFromScratchButton"), tr("New from scratch"),
        tr("Start a new matching version with every weight at 0"), &ModelRegistryPage::newFromScratch);
    button(m_activate, QStringLiteral("activateButton"), tr("Activate…"),
        tr("Make the selected version the active one of its type (new match runs use it)"),
        &ModelRegistryPage::confirmActivate);
    button(m_retire, QStringLiteral("retireButton"), tr("Retire…"), tr("Retire the selected inactive version"),
        &ModelRegistryPage::confirmRetire);
    row->addSpacing(12);
    button(m_replay, QStringLiteral("replayButton"), tr("Replay"),
        tr("Measure the selected version against the operators' reviews (a task)"), &ModelRegistryPage::replaySelected);
    button(m_compare, QStringLiteral("compareButton"), tr("Compare"),
        tr("Replay the two selected versions and show them side by side"), &ModelRegistryPage::compareSelected);
    button(m_suggest, QStringLiteral("suggestButton"), tr("Suggest weights"),
        tr("Fit approve against reject on the reviews and save the weights as a draft version (a task)"),
        &ModelRegistryPage::suggestWeights);
    row->addStretch(1);
    return bar;
}

QString ModelRegistryPage::actor()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("operator") : user;
}

void ModelRegistryPage::load()
{
    m_error->hide();
    m_model->reload();
}

QString ModelRegistryPage::modelType() const
{
    return m_type->currentData().toString();
}

void ModelRegistryPage::setModelType(const QString &modelType)
{
    const int index = m_type->findData(modelType);
    if (index >= 0)
        m_type->setCurrentIndex(index);
}

QList<RegistryVersion> ModelRegistryPage::selectedVersions() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QList<RegistryVersion> versions;
    for (int row : std::as_const(rows))
        versions << m_model->versionAt(row);
    return versions;
}

void ModelRegistryPage::selectVersions(const QList<QUuid> &ids)
{
    QItemSelection selection;
    int first = -1;
    for (const QUuid &id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        selection.select(m_model->index(row, 0), m_model->index(row, ModelVersionModel::ColumnCount - 1));
        first = first < 0 ? row : first;
    }
    if (first >= 0)
        m_table->selectionModel()->setCurrentIndex(m_model->index(first, 0), QItemSelectionModel::NoUpdate);
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void ModelRegistryPage::onVersionsLoaded()
{
    // A suggested version's name is long ("sextant-1-suggested-20261207-043403"): capped, with a tool tip.
    m_table->resizeColumnToContents(ModelVersionModel::Version);
    m_table->setColumnWidth(
        ModelVersionModel::Version, std::min(m_table->columnWidth(ModelVersionModel::Version), 180));
    const QList<QUuid> keep = std::exchange(m_keepSelection, {});
    if (!keep.isEmpty())
        selectVersions(keep);
    else if (m_model->rowCount() > 0)
        selectVersions({ m_model->versionAt(0).id }); // the active one comes first
    updateActions();
    Q_EMIT versionsLoaded();
}

RegistryVersion ModelRegistryPage::activeVersion() const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->versionAt(row).isActive)
            return m_model->versionAt(row);
    }
    return {};
}

void ModelRegistryPage::updateActions()
{
    const bool matching = modelType() == Matching;
    const QList<RegistryVersion> selected = selectedVersions();
    const bool one = selected.size() == 1;
    const bool oneMatching = matching && one && hasMatchingParams(selected.first());
    m_editorBox->setVisible(matching);
    m_newFromSelected->setEnabled(oneMatching);
    m_newFromScratch->setEnabled(matching);
    m_activate->setEnabled(one && !selected.first().isActive);
    m_retire->setEnabled(one && !selected.first().isActive && !selected.first().retiredAt.isValid());
    m_replay->setEnabled(oneMatching);
    m_compare->setEnabled(
        matching && selected.size() == 2 && hasMatchingParams(selected.at(0)) && hasMatchingParams(selected.at(1)));
    m_suggest->setEnabled(oneMatching);
    m_results->setEnabled(matching);
}

void ModelRegistryPage::newFromSelected()
{
    const QList<RegistryVersion> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    m_editor->startFrom(selected.first());
    m_editorBox->setTitle(tr("New matching version from %1").arg(selected.first().version));
    m_editor->nameEdit()->setFocus();
}

void ModelRegistryPage::newFromScratch()
{
    m_editor->startFromScratch();
    m_editorBox->setTitle(tr("New matching version from scratch"));
    m_editor->nameEdit()->setFocus();
}

void ModelRegistryPage::saveDraft(const MatchingVersionDraft &draft)
{
    m_error->hide();
    m_service->createVersion(this, draft, actor(), [this](const Result<RegistryVersion> &created) {
        if (!created) {
            showError(tr("The version was not saved: %1").arg(created.errorMessage()));
            return;
        }
        m_keepSelection = { created->id }; // the reload the service triggers selects it
        showMessage(tr("Saved %1 as an inactive draft. Replay or compare it, then activate it.").arg(created->version));
        Q_EMIT versionCreated(*created);
    });
}

void ModelRegistryPage::confirmActivate()
{
    const QList<RegistryVersion> selected = selectedVersions();
    if (selected.size() != 1 || selected.first().isActive)
        return;
    const RegistryVersion version = selected.first();
    const RegistryVersion active = activeVersion();
    const QString now = active.id.isNull()
        ? tr("No %1 version is active now.").arg(version.modelType)
        : tr("The active %1 version now is %2; it will be deactivated.").arg(version.modelType, active.version);
    askThenDo(QStringLiteral("activateConfirmation"), tr("Activate %1?").arg(version.version),
        tr("Activate %1?\n\n%2 New match runs will use %1; proposals made earlier keep the version that made them.")
            .arg(version.version, now),
        tr("Activate %1").arg(version.version), [this, version] { activate(version); });
}

void ModelRegistryPage::confirmRetire()
{
    const QList<RegistryVersion> selected = selectedVersions();
    if (selected.size() != 1 || selected.first().isActive)
        return;
    const RegistryVersion version = selected.first();
    const RegistryVersion active = activeVersion();
    const QString now = active.id.isNull()
        ? tr("No %1 version is active now.").arg(version.modelType)
        : tr("The active %1 version now is %2 and stays active.").arg(version.modelType, active.version);
    askThenDo(QStringLiteral("retireConfirmation"), tr("Retire %1?").arg(version.version),
        tr("Retire %1?\n\n%2 A retired version stays listed and can be activated again later.")
            .arg(version.version, now),
        tr("Retire %1").arg(version.version), [this, version] { retire(version); });
}

void ModelRegistryPage::askThenDo(const QString &objectName, const QString &title, const QString &text,
    const QString &confirmText, const std::function<void()> &action)
{
    // open(), not exec(): Cancel is the default, and only the named button acts.
    auto *box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Cancel, this);
    box->setObjectName(objectName);
    QPushButton *ok = box->addButton(confirmText, QMessageBox::AcceptRole);
    ok->setObjectName(QStringLiteral("confirmButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [ok, action](QAbstractButton *clicked) {
        if (clicked == ok)
            action();
    });
    box->open();
}

void ModelRegistryPage::activate(const RegistryVersion &version)
{
    m_error->hide();
    m_keepSelection = { version.id };
    m_service->activateVersion(this, version.id, actor(), [this, version](const Result<void> &done) {
        if (!done) {
            showError(tr("%1 was not activated: %2").arg(version.version, done.errorMessage()));
            return;
        }
        showMessage(tr("%1 is now the active %2 version.").arg(version.version, version.modelType));
        Q_EMIT versionActivated(version.id);
    });
}

void ModelRegistryPage::retire(const RegistryVersion &version)
{
    m_error->hide();
    m_keepSelection = { version.id };
    m_service->retireVersion(this, version.id, actor(), [this, version](const Result<void> &done) {
        if (!done) {
            showError(tr("%1 was not retired: %2").arg(version.version, done.errorMessage()));
            return;
        }
        showMessage(tr("%1 is retired.").arg(version.version));
        Q_EMIT versionRetired(version.id);
    });
}

void ModelRegistryPage::showError(const QString &message)
{
    m_message->hide();
    m_error->setText(message);
    m_error->show();
    Q_EMIT actionFailed(message);
}

void ModelRegistryPage::showMessage(const QString &message)
{
    m_error->hide();
    m_message->setText(message);
    m_message->show();
}
