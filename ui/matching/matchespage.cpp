#include "matching/matchespage.h"

#include "common/taborder.h"

#include "core/marketplace.h"
#include "matching/componentbardelegate.h"
#include "matching/matchcandidatemodel.h"
#include "matching/matchdetailpanel.h"
#include "matching/matchjoblistmodel.h"
#include "matching/matchservice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

MatchesPage::MatchesPage(MatchService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_tasks(tasks)
    , m_jobs(new MatchJobListModel(service, this))
    , m_candidates(new MatchCandidateModel(service, this))
    , m_search(new QLineEdit(this))
    , m_status(new QComboBox(this))
    , m_region(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_biasOnly(new QCheckBox(tr("Bias review pending"), this))
    , m_run(new QToolButton(this))
    , m_alert(new QWidget(this))
    , m_alertText(new QLabel(m_alert))
    , m_jobView(new QTableView(this))
    , m_candidateTitle(new QLabel(this))
    , m_back(new QPushButton(tr("← Back to the job"), this))
    , m_candidateView(new QTableView(this))
    , m_detail(new MatchDetailPanel(this))
    , m_runStatus(new QLabel(this))
{
    auto *title = new QLabel(tr("Matches"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);

    // The alert: 8thDegree sends proposals even while a job's bias review is pending; here it shows.
    m_alert->setObjectName(QStringLiteral("biasAlert"));
    m_alert->setAutoFillBackground(true);
    QPalette alertPalette = m_alert->palette();
    alertPalette.setColor(QPalette::Window, QColor(0xfc, 0xe8, 0xd0));
    alertPalette.setColor(QPalette::WindowText, QColor(0x5a, 0x30, 0x00));
    m_alert->setPalette(alertPalette);
    m_alertText->setWordWrap(true);
    auto *showAlerted = new QToolButton(m_alert);
    showAlerted->setText(tr("Show these jobs"));
    connect(showAlerted, &QToolButton::clicked, this, [this] { m_biasOnly->setChecked(true); });
    auto *alertLayout = new QHBoxLayout(m_alert);
    alertLayout->setContentsMargins(8, 4, 8, 4);
    alertLayout->addWidget(m_alertText, 1);
    alertLayout->addWidget(showAlerted);
    m_alert->hide();

    auto *jobProxy = new QSortFilterProxyModel(this);
    jobProxy->setSourceModel(m_jobs);
    jobProxy->setSortRole(MatchJobListModel::SortRole);
    m_jobView->setObjectName(QStringLiteral("matchJobs"));
    m_jobView->setAccessibleName(tr("Jobs"));
    m_jobView->setModel(jobProxy);
    m_jobView->setSortingEnabled(true);
    m_jobView->sortByColumn(-1, Qt::AscendingOrder); // the service's order (newest first) until a click
    m_jobView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_jobView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_jobView->verticalHeader()->hide();
    // The title takes what the short columns leave.
    m_jobView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_jobView->horizontalHeader()->setSectionResizeMode(MatchJobListModel::Title, QHeaderView::Stretch);
    m_jobView->horizontalHeader()->setStretchLastSection(false);
    m_jobView->horizontalHeader()->setSectionResizeMode(MatchJobListModel::Category, QHeaderView::Interactive);
    m_jobView->horizontalHeader()->resizeSection(MatchJobListModel::Category, 110);
    m_jobView->setColumnHidden(MatchJobListModel::Status, true); // the status filter says it; shown when "Any status"
    m_jobView->setColumnHidden(MatchJobListModel::Level, true); // in the job's line above its candidates
    m_jobView->setAlternatingRowColors(true);
    m_jobView->setWordWrap(false);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    QWidget *filterBar = createFilterBar();
    leftLayout->addWidget(filterBar);
    leftLayout->addWidget(m_jobView, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(createCandidateArea());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({ 600, 800 });

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_runStatus);
    header->addWidget(m_run);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_alert);
    layout->addWidget(splitter, 1);
    // Tab reads the page as it is laid out; the views are members made before the bars around them.
    TabOrder::chain({ m_run, m_alert, filterBar, m_jobView, splitter->widget(1) });

    m_run->setObjectName(QStringLiteral("runMatching"));
    m_run->setText(tr("Run Matching"));
    m_run->setPopupMode(QToolButton::MenuButtonPopup);
    auto *runMenu = new QMenu(m_run);
    QAction *all = runMenu->addAction(tr("All Open Jobs"));
    QAction *current = runMenu->addAction(tr("This Job"));
    QAction *selected = runMenu->addAction(tr("Selected Jobs"));
    connect(all, &QAction::triggered, this, [this] { runMatching(RunScope::OpenJobs); });
    connect(current, &QAction::triggered, this, [this] { runMatching(RunScope::CurrentJob); });
    connect(selected, &QAction::triggered, this, [this] { runMatching(RunScope::SelectedJobs); });
    m_run->setMenu(runMenu);
    m_run->setToolTip(tr("Propose freelancers for every open job with the active matching version"));
    connect(m_run, &QToolButton::clicked, this, [this] { runMatching(RunScope::OpenJobs); });

    connect(m_jobs, &MatchJobListModel::loaded, this, [this] {
        // Keep the job the operator was reading; otherwise start at the top.
        const int row = m_jobs->rowOf(m_lastJob);
        selectJob(row >= 0 ? row : 0);
    });
    connect(m_jobs, &MatchJobListModel::loadFailed, m_runStatus, &QLabel::setText);
    connect(m_candidates, &MatchCandidateModel::loadFailed, m_runStatus, &QLabel::setText);
    connect(m_jobView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MatchesPage::onJobChanged);
    connect(m_candidateView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MatchesPage::onCandidateChanged);
    connect(m_candidates, &MatchCandidateModel::loaded, this, [this] {
        m_back->setVisible(m_candidates->view() == MatchCandidateModel::View::Freelancer);
        if (m_candidates->rowCount() > 0)
            selectCandidate(0);
        else
            m_detail->clear();
    });
    connect(m_detail, &MatchDetailPanel::otherProposalsRequested, this, &MatchesPage::showFreelancer);
    connect(m_detail, &MatchDetailPanel::jobCandidatesRequested, this, [this](const QUuid &jobId) {
        m_lastJob = jobId;
        const int row = m_jobs->rowOf(jobId);
        if (row >= 0)
            selectJob(row);
        else
            m_candidates->showJob(jobId);
    });
    connect(m_back, &QPushButton::clicked, this, &MatchesPage::backToJob);
    connect(m_service, &MatchService::versionsChanged, this, &MatchesPage::loadVersions);
}

QWidget *MatchesPage::createFilterBar()
{
    auto *bar = new QWidget(this);
    m_search->setPlaceholderText(tr("Search jobs by words"));
    m_search->setAccessibleName(tr("Search jobs"));
    m_search->setClearButtonEnabled(true);
    m_status->addItem(tr("Any status"), QString());
    const QList<std::pair<QString, QString>> statuses { { QStringLiteral("open"), tr("Open") },
        { QStringLiteral("in_progress"), tr("In progress") }, { QStringLiteral("completed"), tr("Completed") },
        { QStringLiteral("draft"), tr("Draft") }, { QStringLiteral("cancelled"), tr("Cancelled") },
        { QStringLiteral("dispute"), tr("Dispute") } };
    for (const auto &[key, label] : statuses)
        m_status->addItem(label, key);
    m_status->setCurrentIndex(1); // open jobs are the ones matching is for
    m_region->addItem(tr("Any region"), QString());
    for (const QString &region : Regions::all())
        m_region->addItem(region, region);
    m_category->addItem(tr("Any category"), QString());
    for (QComboBox *combo : { m_status, m_region, m_category })
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto *typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(300);
    connect(m_search, &QLineEdit::textChanged, typing, qOverload<>(&QTimer::start));
    connect(typing, &QTimer::timeout, this, &MatchesPage::applyFilter);
    for (QComboBox *combo : { m_status, m_region, m_category })
        connect(combo, &QComboBox::currentIndexChanged, this, &MatchesPage::applyFilter);
    connect(m_biasOnly, &QCheckBox::toggled, this, &MatchesPage::applyFilter);

    auto *layout = new QGridLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 0, 0, 1, 4);
    layout->addWidget(m_status, 1, 0);
    layout->addWidget(m_region, 1, 1);
    layout->addWidget(m_category, 1, 2);
    layout->addWidget(m_biasOnly, 1, 3);
    layout->setColumnStretch(2, 1);
    return bar;
}

QWidget *MatchesPage::createCandidateArea()
{
    m_candidateTitle->setObjectName(QStringLiteral("candidateTitle"));
    m_candidateTitle->setWordWrap(true);
    m_back->hide();
    m_candidateView->setObjectName(QStringLiteral("matchCandidates"));
    m_candidateView->setAccessibleName(tr("Candidates"));
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_candidates);
    proxy->setSortRole(MatchCandidateModel::SortRole);
    m_candidateView->setModel(proxy);
    m_candidateView->setSortingEnabled(true);
    m_candidateView->sortByColumn(-1, Qt::AscendingOrder);
    m_candidateView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_candidateView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_candidateView->verticalHeader()->hide();
    m_candidateView->setWordWrap(false);
    auto *bars = new ComponentBarDelegate(m_candidateView);
    for (int c = 0; c < compute::MatchComponentCount; ++c)
        m_candidateView->setItemDelegateForColumn(MatchCandidateModel::FirstComponent + c, bars);
    QHeaderView *header = m_candidateView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(MatchCandidateModel::Who, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    for (int column : { int(MatchCandidateModel::Rank), int(MatchCandidateModel::Score),
             int(MatchCandidateModel::Confidence), int(MatchCandidateModel::Outcome), int(MatchCandidateModel::Decision),
             int(MatchCandidateModel::Version) })
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    for (int c = 0; c < compute::MatchComponentCount; ++c)
        header->resizeSection(MatchCandidateModel::FirstComponent + c, 92);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_detail);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_candidateView);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *area = new QWidget(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_candidateTitle, 1);
    top->addWidget(m_back);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    return area;
}

QString MatchesPage::actor() const
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("operator") : user;
}

void MatchesPage::load()
{
    loadVersions();
    loadAlerts();
    applyFilter();
}

void MatchesPage::applyFilter()
{
    MatchJobFilter filter;
    filter.words = m_search->text().trimmed();
    filter.status = m_status->currentData().toString();
    m_jobView->setColumnHidden(MatchJobListModel::Status, !filter.status.isEmpty());
    filter.region = m_region->currentData().toString();
    filter.category = m_category->currentData().toString();
    filter.biasPendingOnly = m_biasOnly->isChecked();
    m_jobs->setFilter(filter);
}

void MatchesPage::loadVersions()
{
    m_service->versions(this, QStringLiteral("matching"), [this](const Result<QList<RegistryVersion>> &versions) {
        if (!versions)
            return;
        QHash<QString, compute::MatchParams> params;
        for (const RegistryVersion &version : *versions) {
            if (Result<compute::MatchParams> p = paramsFromJson(version.parameters))
                params.insert(version.version, *p);
        }
        m_candidates->setVersionParams(params);
        onCandidateChanged(); // the detail shows weights too
    });
}

void MatchesPage::loadAlerts()
{
    m_service->alerts(this, [this](const Result<QList<MatchAlert>> &alerts) {
        if (!alerts || alerts->isEmpty()) {
            m_alert->hide();
            m_alertText->clear();
            return;
        }
        int proposals = 0;
        for (const MatchAlert &alert : *alerts)
            proposals += alert.proposals;
        m_alertText->setText(tr("%n jobs have proposals out while their bias review is still pending", nullptr,
                                 int(alerts->size()))
            + QStringLiteral(" — ") + tr("%n proposals in all.", nullptr, proposals));
        m_alert->show();
    });
    // The categories come from the jobs themselves: fill the combo once, keeping the choice.
    if (m_category->count() <= 1) {
        MatchJobFilter all;
        all.limit = 5000;
        m_service->jobs(this, all, [this](const Result<QList<MatchJobRow>> &rows) {
            if (!rows || m_category->count() > 1)
                return;
            QStringList categories;
            for (const MatchJobRow &row : *rows) {
                if (!row.category.isEmpty() && !categories.contains(row.category))
                    categories << row.category;
            }
            categories.sort(Qt::CaseInsensitive);
            const QSignalBlocker blocker(m_category);
            for (const QString &category : categories)
                m_category->addItem(category, category);
        });
    }
}

void MatchesPage::selectJob(int row)
{
    if (row < 0 || row >= m_jobs->rowCount()) {
        m_candidates->clear();
        m_candidateTitle->setText(m_jobs->rowCount() == 0 ? tr("No job matches the filters.") : QString());
        m_detail->clear();
        return;
    }
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_jobView->model());
    const QModelIndex index = proxy->mapFromSource(m_jobs->index(row, 0));
    m_jobView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_jobView->scrollTo(index);
    onJobChanged();
}

void MatchesPage::onJobChanged()
{
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_jobView->model());
    const QModelIndex current = proxy->mapToSource(m_jobView->selectionModel()->currentIndex());
    if (!current.isValid())
        return;
    const MatchJobRow &job = m_jobs->job(current.row());
    if (m_candidates->view() == MatchCandidateModel::View::Job && m_candidates->subject() == job.id
        && m_lastJob == job.id)
        return;
    m_lastJob = job.id;
    const QLocale locale;
    QString text = tr("<b>%1</b><br>%2 · %3 · %4 · budget %5 · needs %6")
                       .arg(job.title.toHtmlEscaped(), job.category.toHtmlEscaped(), job.region.toHtmlEscaped(),
                           job.experienceLevel.isEmpty() ? tr("no stated level") : job.experienceLevel.toHtmlEscaped(),
                           locale.toString(job.budget, 'f', 0),
                           job.requiredSkills.isEmpty() ? tr("no stated skills")
                                                        : job.requiredSkills.join(QStringLiteral(", ")).toHtmlEscaped());
    if (job.biasPending)
        text += QStringLiteral("<br><span style=\"color:#a0501e\">%1</span>")
                    .arg(tr("A bias report on this job is waiting for review.").toHtmlEscaped());
    m_candidateTitle->setText(text);
    m_candidates->showJob(job.id);
}

void MatchesPage::selectCandidate(int row)
{
    if (row < 0 || row >= m_candidates->rowCount())
        return;
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_candidateView->model());
    const QModelIndex index = proxy->mapFromSource(m_candidates->index(row, 0));
    m_candidateView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    onCandidateChanged();
}

void MatchesPage::onCandidateChanged()
{
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_candidateView->model());
    const QModelIndex current = proxy->mapToSource(m_candidateView->selectionModel()->currentIndex());
    if (!current.isValid() || current.row() >= m_candidates->rowCount()) {
        m_detail->clear();
        return;
    }
    const MatchCandidateRow &row = m_candidates->candidate(current.row());
    m_detail->show(row, m_candidates->view() == MatchCandidateModel::View::Job, m_candidates->paramsOf(row.modelVersion));
}

void MatchesPage::showFreelancer(const QUuid &freelancerId)
{
    QString name;
    for (int row = 0; row < m_candidates->rowCount(); ++row) {
        if (m_candidates->candidate(row).freelancerId == freelancerId)
            name = m_candidates->candidate(row).freelancerName;
    }
    m_candidateTitle->setText(tr("<b>Jobs proposed to %1</b>").arg(name.toHtmlEscaped()));
    m_candidates->showFreelancer(freelancerId);
}

void MatchesPage::backToJob()
{
    const int row = m_jobs->rowOf(m_lastJob);
    m_lastJob = {};
    selectJob(row >= 0 ? row : 0);
}

quint64 MatchesPage::runMatching(RunScope scope)
{
    MatchRunRequest request;
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_jobView->model());
    if (scope == RunScope::CurrentJob) {
        const QModelIndex current = proxy->mapToSource(m_jobView->selectionModel()->currentIndex());
        if (!current.isValid())
            return 0;
        request.scope = MatchScope::Job;
        request.ids = { m_jobs->job(current.row()).id };
    } else if (scope == RunScope::SelectedJobs) {
        request.scope = MatchScope::Jobs;
        for (const QModelIndex &index : m_jobView->selectionModel()->selectedRows())
            request.ids << m_jobs->job(proxy->mapToSource(index).row()).id;
        if (request.ids.isEmpty())
            return 0;
    }
    m_runStatus->setText(tr("Matching…"));
    m_run->setEnabled(false);
    Q_EMIT busyChanged(true);
    m_runTask = m_service->startRun(request, actor(), this,
        [this](const Result<MatchRunRecord> &result) { onRunDone(result); });
    return m_runTask;
}

void MatchesPage::onRunDone(const Result<MatchRunRecord> &result)
{
    m_runTask = 0;
    m_run->setEnabled(true);
    Q_EMIT busyChanged(false);
    if (!result) {
        m_runStatus->setText(result.error().code == Error::Cancelled
                ? tr("Matching cancelled; the earlier proposals stay current.")
                : tr("Matching failed: %1").arg(result.error().message));
        Q_EMIT runFinished(false);
        return;
    }
    const QLocale locale;
    m_runStatus->setText(tr("Run of %1 · proposals: %2 · queries: %3 · pairs scored: %4 · version %5")
                             .arg(locale.toString(result->finishedAt.toLocalTime(), QLocale::ShortFormat),
                                 locale.toString(result->proposals), locale.toString(result->queries),
                                 locale.toString(result->pairsScored), result->modelVersion));
    m_jobs->reload();
    m_candidates->reload();
    loadAlerts();
    Q_EMIT runFinished(true);
}

QString MatchesPage::alertText() const
{
    return m_alert->isHidden() ? QString() : m_alertText->text();
}

QString MatchesPage::runStatusText() const
{
    return m_runStatus->text();
}
