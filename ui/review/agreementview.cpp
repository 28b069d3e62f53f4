#include "review/agreementview.h"

#include "review/agreementmodels.h"
#include "review/reviewservice.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace {
QTableView *table(QAbstractItemModel *model, int sortRole, QWidget *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    auto *view = new QTableView(parent);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(-1, Qt::AscendingOrder);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}
} // namespace

AgreementView::AgreementView(ReviewService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_pairs(new PairAgreementModel(this))
    , m_reviewers(new ReviewerStatsModel(this))
    , m_summary(new QLabel(this))
    , m_pairView(table(m_pairs, PairAgreementModel::SortRole, this))
    , m_reviewerView(table(m_reviewers, ReviewerStatsModel::SortRole, this))
    , m_chart(new QChartView(this))
    , m_pairAxis(new QBarCategoryAxis)
    , m_kappaAxis(new QValueAxis)
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_status(new QLabel(this))
{
    m_summary->setObjectName(QStringLiteral("agreementSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_pairView->setObjectName(QStringLiteral("pairAgreement"));
    m_reviewerView->setObjectName(QStringLiteral("reviewerStats"));

    // The view's own chart: QChartView(parent) makes one, and setChart() would let go of it undeleted.
    QChart *chart = m_chart->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->legend()->hide();
    chart->setLocale(QLocale());
    // κ runs from −1 to 1; below 0 is worse than chance, which is worth seeing as a bar below the axis.
    m_kappaAxis->setRange(-0.2, 1.0);
    m_kappaAxis->setTickCount(7);
    m_kappaAxis->setLabelFormat(QStringLiteral("%.1f"));
    m_kappaAxis->setTitleText(tr("κ"));
    chart->addAxis(m_pairAxis, Qt::AlignBottom);
    chart->addAxis(m_kappaAxis, Qt::AlignLeft);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);

    auto *refresh = new QPushButton(tr("Refresh"), this);
    connect(refresh, &QPushButton::clicked, this, &AgreementView::refresh);
    connect(m_export, &QPushButton::clicked, this, &AgreementView::chooseExportFile);
    m_export->setEnabled(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(refresh, 0, Qt::AlignTop);
    top->addWidget(m_export, 0, Qt::AlignTop);

    auto *tables = new QVBoxLayout;
    tables->addWidget(new QLabel(tr("<b>Pairs of level-1 reviewers</b>"), this));
    tables->addWidget(m_pairView, 1);
    tables->addWidget(new QLabel(tr("<b>Reviewers</b>"), this));
    tables->addWidget(m_reviewerView, 1);
    auto *tablePane = new QWidget(this);
    tablePane->setLayout(tables);
    tables->setContentsMargins(0, 0, 0, 0);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(tablePane);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({ 820, 620 });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
    showReport({});
}

void AgreementView::refresh()
{
    m_status->setText(tr("Computing agreement…"));
    m_service->agreement(this, [this](const Result<AgreementReport> &report) {
        if (!report) {
            m_status->setText(tr("Agreement could not be computed: %1").arg(report.error().message));
            Q_EMIT refreshed(false);
            return;
        }
        m_status->clear();
        showReport(*report);
        Q_EMIT refreshed(true);
    });
}

void AgreementView::showReport(const AgreementReport &report)
{
    m_report = report;
    m_pairs->setReport(report);
    m_reviewers->setReport(report);
    m_export->setEnabled(report.items > 0 || !report.reviewers.isEmpty());
    m_summary->setText(report.items == 0
            ? tr("No item has two level-1 decisions yet: agreement needs the double-review sample.")
            : tr("<b>Overall</b> over %n items reviewed twice or more: Fleiss' κ <b>%1</b> %2 · Krippendorff's α "
                 "<b>%3</b> %4",
                nullptr, report.items)
                  .arg(formatAgreement(report.fleissKappa), formatInterval(report.fleissLow, report.fleissHigh),
                      formatAgreement(report.alpha), formatInterval(report.alphaLow, report.alphaHigh)));

    QChart *chart = m_chart->chart();
    chart->removeAllSeries();
    auto *kappas = new QBarSet(tr("Cohen's κ"));
    QStringList categories;
    for (const PairAgreement &pair : report.pairs) {
        categories << tr("%1 / %2").arg(pair.reviewerA, pair.reviewerB);
        *kappas << (std::isnan(pair.kappa) ? 0.0 : pair.kappa);
    }
    if (!report.pairs.isEmpty()) {
        categories << tr("All (Fleiss)");
        *kappas << (std::isnan(report.fleissKappa) ? 0.0 : report.fleissKappa);
    }
    auto *series = new QBarSeries;
    series->append(kappas);
    chart->addSeries(series);
    m_pairAxis->clear();
    m_pairAxis->append(categories);
    series->attachAxis(m_pairAxis);
    series->attachAxis(m_kappaAxis);
    chart->setTitle(
        report.pairs.isEmpty() ? tr("No two reviewers share items yet") : tr("Agreement per pair of reviewers"));
}

void AgreementView::chooseExportFile()
{
    auto *dialog = new QFileDialog(this, tr("Export Agreement"), QString(), tr("CSV files (*.csv)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->selectFile(QStringLiteral("agreement.csv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &AgreementView::exportCsv);
    dialog->open();
}

bool AgreementView::exportCsv(const QString &path)
{
    QSaveFile file(path);
    const QByteArray csv = ReviewService::agreementCsv(m_report).toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        m_status->setText(tr("Could not write %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_status->setText(tr("Agreement written to %1").arg(path));
    return true;
}

QString AgreementView::summaryText() const
{
    return m_summary->text();
}

QString AgreementView::statusText() const
{
    return m_status->text();
}
