#include "fairness/perjobrankingview.h"

#include "common/viewsizing.h"
#include "fairness/fairnessformat.h"
#include "fairness/jobrankingmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace {

QString shown(double x, int decimals)
{
    if (std::isinf(x))
        return x < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
    return FairnessFormat::number(x, decimals);
}

enum FigureColumn { Pooled, Mean, Median, Worst, Jobs, FigureColumns };

} // namespace

PerJobRankingView::PerJobRankingView(QWidget *parent)
    : QWidget(parent)
    , m_counts(new QLabel(this))
    , m_figures(new QTableWidget(this))
    , m_worstTitle(new QLabel(tr("Worst jobs"), this))
    , m_model(new JobRankingModel(this))
    , m_worst(new QTableView(this))
    , m_withheld(new QLabel(this))
{
    m_counts->setObjectName(QStringLiteral("perJobCounts"));
    m_counts->setWordWrap(true);

    m_figures->setObjectName(QStringLiteral("perJobFigures"));
    m_figures->setAccessibleName(tr("Per-job ranking measures"));
    m_figures->setColumnCount(FigureColumns);
    m_figures->setHorizontalHeaderLabels({ tr("Pooled"), tr("Mean"), tr("Median"), tr("Worst"), tr("Jobs") });
    const QStringList columnTips { tr("Over all jobs' positions pooled (position j = the j-th proposal of every job)"),
        tr("The mean over the measured jobs (a skew of −∞ is left out of it and counted below)"),
        tr("The median over the measured jobs"),
        tr("The worst measured job: the largest NDKL or rND, the most negative skew, the lowest ratio"),
        tr("How many jobs the measure was taken on") };
    for (int c = 0; c < FigureColumns; ++c)
        m_figures->horizontalHeaderItem(c)->setToolTip(columnTips[c]);
    m_figures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_figures->setSelectionMode(QAbstractItemView::NoSelection);
    m_figures->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    QFont bold = m_worstTitle->font();
    bold.setBold(true);
    m_worstTitle->setFont(bold);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(JobRankingModel::SortRole);
    m_worst->setObjectName(QStringLiteral("perJobWorst"));
    m_worst->setAccessibleName(tr("Worst jobs"));
    m_worst->setModel(proxy);
    m_worst->setSortingEnabled(true);
    m_worst->sortByColumn(JobRankingModel::Ndkl, Qt::DescendingOrder);
    m_worst->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_worst->verticalHeader()->hide();
    m_worst->setAlternatingRowColors(true);
    m_worst->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_worst->horizontalHeader()->setSectionResizeMode(JobRankingModel::Job, QHeaderView::Stretch);

    m_withheld->setObjectName(QStringLiteral("perJobWithheld"));
    m_withheld->setWordWrap(true);
    m_withheld->setStyleSheet(QStringLiteral("color: #555;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_counts);
    layout->addWidget(m_figures);
    layout->addWidget(m_worstTitle);
    layout->addWidget(m_worst, 1);
    layout->addWidget(m_withheld);
    clear();
}

void PerJobRankingView::clear()
{
    m_counts->setText(tr("Build a report to measure each job's own ranking"));
    m_figures->setRowCount(0);
    m_model->clear();
    m_withheld->clear();
    m_withheld->hide();
    ViewSizing::fitHeightToRows(m_figures, m_figures->horizontalHeader(), 0, 8);
}

void PerJobRankingView::setReport(const FairnessReport &report)
{
    const RankingSummary &r = report.ranking;
    const PerJobRanking &p = r.perJob;
    const int k = report.request.topK;
    m_counts->setText(tr("Each job's own ranking, measured on its own: %n job(s) measured.", nullptr, p.measured)
        + QLatin1Char(' ')
        + tr("Not measured: %1 with fewer than %2 ranked proposals, %3 without a proposal of %4, %5 with nothing "
             "but %4.")
              .arg(p.fewerThanK)
              .arg(k)
              .arg(p.noProtected)
              .arg(r.protectedGroup)
              .arg(p.onlyProtected));
    m_counts->setToolTip(tr("A job needs at least k ranked proposals for skew@k, and proposals of the protected group "
                            "and of another group for any comparison; the others are counted here, not dropped."));

    // The pooled counterparts: NDKL and rND over the pooled positions, the protected group's pooled row.
    double pooledSkew = std::nan(""), pooledRatio = std::nan("");
    for (const RankingFairness &g : r.groups)
        if (g.group == r.protectedGroup) {
            pooledSkew = g.skewAtK;
            pooledRatio = g.exposureToMerit;
        }
    struct Row
    {
        QString label;
        QString tip;
        double pooled;
        JobSpread spread;
        int decimals;
    };
    QList<Row> rows {
        { tr("NDKL"), JobRankingModel::explanation(JobRankingModel::Ndkl, r.protectedGroup, k), r.ndkl, p.ndkl, 3 },
        { tr("rND of %1").arg(r.protectedGroup),
            JobRankingModel::explanation(JobRankingModel::Rnd, r.protectedGroup, k), r.rnd, p.rnd, 3 },
        { tr("skew@%1 of %2").arg(k).arg(r.protectedGroup),
            JobRankingModel::explanation(JobRankingModel::Skew, r.protectedGroup, k), pooledSkew, p.protectedSkew, 2 },
        { tr("Exposure/merit of %1").arg(r.protectedGroup),
            JobRankingModel::explanation(JobRankingModel::ExposureToMerit, r.protectedGroup, k), pooledRatio,
            p.protectedExposureToMerit, 2 },
    };
    for (const GroupJobSpread &g : p.groups) {
        if (g.group == r.protectedGroup)
            continue;
        double pooled = std::nan("");
        for (const RankingFairness &x : r.groups)
            if (x.group == g.group)
                pooled = x.skewAtK;
        rows << Row { tr("skew@%1 of %2").arg(k).arg(g.group),
            JobRankingModel::explanation(JobRankingModel::Skew, g.group, k), pooled, g.skewAtK, 2 };
    }
    m_figures->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const Row &row = rows[i];
        auto *header = new QTableWidgetItem(row.label);
        header->setToolTip(row.tip);
        m_figures->setVerticalHeaderItem(i, header);
        const QStringList cells { shown(row.pooled, row.decimals), shown(row.spread.mean, row.decimals),
            shown(row.spread.median, row.decimals), shown(row.spread.worst, row.decimals),
            QString::number(row.spread.jobs) };
        for (int c = 0; c < FigureColumns; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(row.tip);
            m_figures->setItem(i, c, item);
        }
        if (row.spread.infinite > 0)
            m_figures->item(i, Mean)->setToolTip(
                tr("%n job(s) with −∞ (the group absent from the top k) are left out of the mean", nullptr,
                    row.spread.infinite));
    }
    ViewSizing::fitHeightToRows(m_figures, m_figures->horizontalHeader(), int(rows.size()), 12);

    m_model->setRanking(r, k);
    m_worstTitle->setText(p.worst.isEmpty() ? tr("Worst jobs: none can be named") : tr("Worst jobs"));
    if (p.withheld > 0) {
        m_withheld->setText(tr("%n measured job(s) are not named: a group in them has fewer than %1 ranked proposals "
                               "there, and beside the job's ranking its measures would tell those people's attributes. "
                               "They are in the mean, median and worst above.",
            nullptr, p.withheld)
                                .arg(report.request.minGroupSize));
        m_withheld->show();
    } else {
        m_withheld->clear();
        m_withheld->hide();
    }
}

QString PerJobRankingView::countsText() const
{
    return m_counts->text();
}

QString PerJobRankingView::withheldText() const
{
    return m_withheld->isHidden() ? QString() : m_withheld->text();
}
