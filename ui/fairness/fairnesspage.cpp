#include "fairness/fairnesspage.h"

#include "fairness/biasqueuepage.h"
#include "fairness/exposurechart.h"
#include "fairness/fairnessexport.h"
#include "fairness/fairnessformat.h"
#include "fairness/fairnesshistoryview.h"
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessreportview.h"
#include "fairness/fairnessservice.h"
#include "fairness/fairnessstageview.h"
#include "fairness/perjobrankingview.h"
#include "fairness/taskprogressrow.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
const QDate OpenDate(2000, 1, 1); // the date edits' minimum, shown as "open"

QDate dateOf(const QDateEdit *edit)
{
    return edit->date() == OpenDate ? QDate() : edit->date();
}
} // namespace

FairnessPage::FairnessPage(FairnessService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_tasks(tasks)
    , m_stage(new QComboBox(this))
    , m_attribute(new QComboBox(this))
    , m_second(new QComboBox(this))
    , m_reference(new QComboBox(this))
    , m_chosen(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_minSize(new QSpinBox(this))
    , m_topK(new QSpinBox(this))
    , m_build(new QPushButton(tr("Build Report"), this))
    , m_export(new QToolButton(this))
    , m_taskRow(new TaskProgressRow(tasks, this))
    , m_error(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_reportStack(new QStackedWidget(this))
    , m_access(new QLabel(this))
    , m_reportView(new FairnessReportView(this))
    , m_stageView(new FairnessStageView(this))
    , m_exposure(new ExposureChart(this))
    , m_perJob(new PerJobRankingView(this))
    , m_rankingText(new QLabel(this))
    , m_history(new FairnessHistoryView(service, this))
    , m_biasQueue(new BiasQueuePage(service, tasks, this))
{
    auto *title = new QLabel(tr("Fairness"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_export);

    m_error->setObjectName(QStringLiteral("fairnessError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    // The refusal: shown in place of the report, never as an empty table.
    m_access->setObjectName(QStringLiteral("fairnessAccess"));
    m_access->setWordWrap(true);
    m_access->setTextFormat(Qt::RichText);
    m_access->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_access->setMargin(16);
    m_access->setAutoFillBackground(true);
    QPalette accessPalette = m_access->palette();
    accessPalette.setColor(QPalette::Window, QColor(0xfc, 0xe8, 0xd0));
    accessPalette.setColor(QPalette::WindowText, QColor(0x5a, 0x30, 0x00));
    m_access->setPalette(accessPalette);
    m_reportStack->addWidget(m_reportView);
    m_reportStack->addWidget(m_access);

    m_tabs->setObjectName(QStringLiteral("fairnessTabs"));
    m_tabs->addTab(m_reportStack, tr("Report"));
    m_tabs->addTab(m_stageView, tr("Where It Enters"));
    m_tabs->addTab(createRankingTab(), tr("Ranking"));
    m_tabs->addTab(m_history, tr("History"));
    m_tabs->addTab(m_biasQueue, tr("Text Bias Queue"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(createControls());
    layout->addWidget(m_taskRow);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);

    m_export->setObjectName(QStringLiteral("fairnessExport"));
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_export);
    connect(exportMenu->addAction(tr("PDF…")), &QAction::triggered, this, [this] { exportAs(QStringLiteral("pdf")); });
    connect(
        exportMenu->addAction(tr("HTML…")), &QAction::triggered, this, [this] { exportAs(QStringLiteral("html")); });
    connect(exportMenu->addAction(tr("CSV…")), &QAction::triggered, this, [this] { exportAs(QStringLiteral("csv")); });
    m_export->setMenu(exportMenu);

    connect(m_build, &QPushButton::clicked, this, &FairnessPage::buildReport);
    connect(m_taskRow, &TaskProgressRow::busyChanged, this, [this](bool busy) {
        updateActions();
        Q_EMIT busyChanged(busy);
    });
    connect(m_biasQueue, &BiasQueuePage::busyChanged, this, &FairnessPage::busyChanged);
    connect(m_history, &FairnessHistoryView::openRequested, this, &FairnessPage::openReport);
    connect(m_history, &FairnessHistoryView::failed, this, &FairnessPage::showError);
    connect(m_reference, &QComboBox::currentIndexChanged, this, &FairnessPage::updateActions);
    updateActions();
}

QWidget *FairnessPage::createControls()
{
    for (FairnessStage stage : { FairnessStage::Proposed, FairnessStage::ShownTopK, FairnessStage::ApprovedL1,
             FairnessStage::FinalDecision, FairnessStage::Applied, FairnessStage::Hired })
        m_stage->addItem(stageLabel(stage), int(stage));
    m_stage->setCurrentIndex(m_stage->findData(int(FairnessStage::ApprovedL1)));
    m_stage->setObjectName(QStringLiteral("fairnessStage"));
    m_attribute->setObjectName(QStringLiteral("fairnessAttribute"));
    m_second->setObjectName(QStringLiteral("fairnessSecondAttribute"));
    m_second->setToolTip(tr("A second attribute makes the groups their intersection (\"60+ × female\"); "
                            "each cell is suppressed on its own"));
    m_reference->addItem(tr("Highest rate"), int(ReferenceGroup::HighestRate));
    m_reference->addItem(tr("Largest group"), int(ReferenceGroup::Largest));
    m_reference->addItem(tr("Chosen group"), int(ReferenceGroup::Chosen));
    m_chosen->setEditable(true);
    m_chosen->setObjectName(QStringLiteral("fairnessChosenGroup"));
    m_chosen->setAccessibleName(tr("Chosen group"));
    m_chosen->setToolTip(tr("The reference group's label as the table spells it"));
    for (QDateEdit *edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setMinimumDate(OpenDate);
        edit->setSpecialValueText(tr("open"));
        edit->setDate(OpenDate);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    m_minSize->setRange(1, 100000);
    m_minSize->setValue(30);
    m_minSize->setToolTip(tr("Groups with fewer people are shown as suppressed, never as a rate"));
    m_topK->setObjectName(QStringLiteral("fairnessTopK"));
    m_topK->setRange(1, 50);
    m_topK->setValue(10);
    m_topK->setToolTip(tr("The first k positions of a ranking: the Shown stage and skew@k count them. A job with fewer "
                          "ranked proposals than k is not measured on its own"));
    m_build->setObjectName(QStringLiteral("fairnessBuild"));
    m_build->setDefault(true);
    for (QComboBox *combo : { m_stage, m_attribute, m_second, m_reference })
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto *controls = new QWidget(this);
    auto *grid = new QGridLayout(controls);
    grid->setContentsMargins(0, 0, 0, 0);
    int column = 0;
    const auto add = [&](const QString &label, QWidget *field, QWidget *extra = nullptr) {
        auto *caption = new QLabel(label, controls);
        caption->setBuddy(field);
        grid->addWidget(caption, 0, column, 1, extra ? 2 : 1);
        grid->addWidget(field, 1, column++);
        if (extra)
            grid->addWidget(extra, 1, column++);
    };
    add(tr("&Stage"), m_stage);
    add(tr("&Attribute"), m_attribute, m_second);
    add(tr("&Reference"), m_reference, m_chosen);
    add(tr("&From"), m_from);
    add(tr("&To"), m_to);
    add(tr("&Min. group"), m_minSize);
    add(tr("&k"), m_topK);
    grid->setColumnStretch(column++, 1);
    grid->addWidget(m_build, 1, column);
    return controls;
}

QWidget *FairnessPage::createRankingTab()
{
    m_rankingText->setObjectName(QStringLiteral("fairnessRankingText"));
    m_rankingText->setWordWrap(true);
    m_rankingText->setText(tr("Exposure is the position weight 1/log2(1 + rank) averaged over a group's current "
                              "proposals, merit their mean score (Singh & Joachims 2018). The ratio under each group "
                              "is its exposure per merit against the reference group's: below 1, the group is ranked "
                              "lower than its scores warrant. NDKL (Geyik et al. 2019) is 0 when every prefix of the "
                              "rankings has the groups' overall shares; rND (Yang & Stoyanovich 2017) is 0 when the "
                              "protected group is spread evenly. On the right, the same measures on each job's own "
                              "ranking: their mean, median and worst over the jobs, and the worst jobs."));
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_rankingText);
    // Pooled beside per job: the chart reads the pooled positions, the view each job's own ranking.
    auto *row = new QHBoxLayout;
    row->addWidget(m_exposure, 1);
    row->addWidget(m_perJob, 1);
    layout->addLayout(row, 1);
    return tab;
}

QString FairnessPage::actor() const
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("operator") : user;
}

void FairnessPage::load()
{
    loadAttributes();
    m_history->reload();
    m_biasQueue->load();
}

void FairnessPage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void FairnessPage::loadAttributes()
{
    m_service->attributes(this, [this](const Result<QStringList> &attributes) {
        if (!attributes) {
            if (attributes.errorMessage() == FairnessQueries::refusedSentence())
                showRefusal(attributes.errorMessage());
            else
                showError(tr("Could not list the attributes: %1").arg(attributes.errorMessage()));
            Q_EMIT attributesLoaded(false);
            return;
        }
        m_refused = false;
        m_reportStack->setCurrentWidget(m_reportView);
        const QString first = m_attribute->currentData().toString();
        const QString second = m_second->currentData().toString();
        const QSignalBlocker a(m_attribute), b(m_second);
        m_attribute->clear();
        m_second->clear();
        m_second->addItem(tr("no intersection"), QString());
        for (const QString &attribute : *attributes) {
            m_attribute->addItem(FairnessFormat::attributeLabel(attribute), attribute);
            m_second->addItem(tr("× %1").arg(FairnessFormat::attributeLabel(attribute)), attribute);
        }
        m_attribute->setCurrentIndex(std::max(0, m_attribute->findData(first)));
        m_second->setCurrentIndex(std::max(0, m_second->findData(second)));
        updateActions();
        Q_EMIT attributesLoaded(true);
    });
}

QStringList FairnessPage::attributeNames() const
{
    QStringList names;
    for (int i = 0; i < m_attribute->count(); ++i)
        names << m_attribute->itemData(i).toString();
    return names;
}

void FairnessPage::setRequest(const FairnessRequest &request)
{
    m_stage->setCurrentIndex(std::max(0, m_stage->findData(int(request.stage))));
    const auto choose = [](QComboBox *combo, const QString &value, const QString &label) {
        int index = combo->findData(value);
        if (index < 0) { // a saved report's attribute this workspace no longer lists
            combo->addItem(label, value);
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(index);
    };
    choose(m_attribute, request.attributes.value(0), FairnessFormat::attributeLabel(request.attributes.value(0)));
    const QString second = request.attributes.value(1);
    choose(m_second, second,
        second.isEmpty() ? tr("no intersection") : tr("× %1").arg(FairnessFormat::attributeLabel(second)));
    m_reference->setCurrentIndex(std::max(0, m_reference->findData(int(request.reference))));
    m_chosen->setCurrentText(request.chosenGroup);
    m_from->setDate(request.from.isValid() ? request.from : OpenDate);
    m_to->setDate(request.to.isValid() ? request.to : OpenDate);
    m_minSize->setValue(request.minGroupSize);
    m_topK->setValue(request.topK);
    updateActions();
}

FairnessRequest FairnessPage::request() const
{
    FairnessRequest request;
    request.stage = FairnessStage(m_stage->currentData().toInt());
    if (!m_attribute->currentData().toString().isEmpty())
        request.attributes << m_attribute->currentData().toString();
    const QString second = m_second->currentData().toString();
    if (!second.isEmpty() && !request.attributes.contains(second))
        request.attributes << second;
    request.reference = ReferenceGroup(m_reference->currentData().toInt());
    if (request.reference == ReferenceGroup::Chosen)
        request.chosenGroup = m_chosen->currentText().trimmed();
    request.from = dateOf(m_from);
    request.to = dateOf(m_to);
    request.minGroupSize = m_minSize->value();
    request.topK = m_topK->value();
    return request;
}

quint64 FairnessPage::buildReport()
{
    m_error->hide();
    const FairnessRequest r = request();
    if (r.attributes.isEmpty()) {
        showError(tr("Choose an attribute first."));
        Q_EMIT reportBuilt(false);
        return 0;
    }
    if (r.reference == ReferenceGroup::Chosen && r.chosenGroup.isEmpty()) {
        showError(tr("Name the reference group, or choose the highest rate or the largest group."));
        Q_EMIT reportBuilt(false);
        return 0;
    }
    if (r.from.isValid() && r.to.isValid() && r.from > r.to) {
        showError(tr("The period ends before it starts."));
        Q_EMIT reportBuilt(false);
        return 0;
    }
    const quint64 id = m_service->startReport(
        r, actor(), this, [this](const Result<FairnessReport> &report) { onReportDone(report); });
    m_taskRow->track(id);
    return id;
}

void FairnessPage::onReportDone(const Result<FairnessReport> &report)
{
    if (!report) {
        if (report.errorMessage() == FairnessQueries::refusedSentence())
            showRefusal(report.errorMessage());
        else if (report.error().code != Error::Cancelled)
            showError(tr("The report was not built: %1").arg(report.errorMessage()));
        Q_EMIT reportBuilt(false);
        return;
    }
    showReport(*report);
    showTab(Tab::Report);
    Q_EMIT reportBuilt(true);
}

void FairnessPage::showReport(const FairnessReport &report)
{
    m_report = report;
    m_reportStack->setCurrentWidget(m_reportView);
    m_reportView->setReport(report);
    m_stageView->setReport(report);
    m_exposure->setRanking(report.ranking, FairnessFormat::attributesText(report.request.attributes));
    m_perJob->setReport(report);
    // The groups of this report are the choices for a chosen reference next time.
    const QString typed = m_chosen->currentText();
    m_chosen->clear();
    for (const GroupOutcome &g : report.groups) {
        if (!g.suppressed)
            m_chosen->addItem(g.group);
    }
    m_chosen->setCurrentText(typed);
    updateActions();
}

void FairnessPage::openReport(const QUuid &id)
{
    m_service->report(this, id, [this, id](const Result<FairnessReport> &report) {
        if (!report) {
            showError(tr("Could not open the report: %1").arg(report.errorMessage()));
            return;
        }
        setRequest(report->request);
        showReport(*report);
        showTab(Tab::Report);
        Q_EMIT reportOpened(id);
    });
}

void FairnessPage::showRefusal(const QString &message)
{
    m_refused = true;
    m_access->setText(
        QStringLiteral("<p><b>%1</b></p><p>%2</p><p>%3</p>")
            .arg(tr("No report on protected attributes for this connection").toHtmlEscaped(), message.toHtmlEscaped(),
                tr("Reports count people by group on the database server; even the roles that may "
                   "build them never see a person's attribute here. The region stays available below, "
                   "and the text bias queue does not need the attributes.")
                    .toHtmlEscaped()));
    m_reportStack->setCurrentWidget(m_access);
    showTab(Tab::Report);
    // The region is not protected: offer it alone.
    const QSignalBlocker a(m_attribute), b(m_second);
    m_attribute->clear();
    m_second->clear();
    m_second->addItem(tr("no intersection"), QString());
    m_attribute->addItem(FairnessFormat::attributeLabel(regionAttribute()), regionAttribute());
    updateActions();
}

void FairnessPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

QString FairnessPage::accessText() const
{
    return m_refused ? m_access->text() : QString();
}

QString FairnessPage::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void FairnessPage::updateActions()
{
    m_chosen->setEnabled(ReferenceGroup(m_reference->currentData().toInt()) == ReferenceGroup::Chosen);
    m_build->setEnabled(!m_taskRow->isBusy() && m_attribute->count() > 0);
    m_export->setEnabled(!m_report.groups.isEmpty());
}

Result<void> FairnessPage::exportPdf(const QString &path) const
{
    return FairnessExport::writePdf(m_report, path);
}

Result<void> FairnessPage::exportHtml(const QString &path) const
{
    return FairnessExport::writeHtml(m_report, path);
}

Result<void> FairnessPage::exportCsv(const QString &path) const
{
    return FairnessExport::writeCsv(m_report, path);
}

void FairnessPage::exportAs(const QString &format)
{
    const QString filter = format == QLatin1String("pdf") ? tr("PDF documents (*.pdf)")
        : format == QLatin1String("html")                 ? tr("HTML documents (*.html)")
                                                          : tr("CSV tables (*.csv)");
    const QString suggested
        = QStringLiteral("fairness-%1-%2.%3")
              .arg(stageKey(m_report.request.stage), m_report.request.attributes.join(QLatin1Char('-')), format);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the Fairness Report"), suggested, filter);
    if (path.isEmpty())
        return;
    const Result<void> written = format == QLatin1String("pdf") ? exportPdf(path)
        : format == QLatin1String("html")                       ? exportHtml(path)
                                                                : exportCsv(path);
    if (!written)
        showError(tr("The report was not exported: %1").arg(written.errorMessage()));
}
