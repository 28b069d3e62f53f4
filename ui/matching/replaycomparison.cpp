#include "matching/replaycomparison.h"

#include "common/datalabel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace {
constexpr int Rows = 1 + compute::MatchComponentCount; // overall, then each component alone

double figure(const compute::ReplayMetrics &m, int which)
{
    switch (which) {
    case ReplayComparison::PrecisionAtK:
        return m.precisionAtK;
    case ReplayComparison::NdcgAtK:
        return m.ndcgAtK;
    case ReplayComparison::RocAuc:
        return m.rocAuc;
    }
    return std::nan("");
}

const compute::ReplayMetrics &metricsOf(const ReplayReport &report, int row)
{
    return row == 0 ? report.overall : report.perComponent[std::size_t(row - 1)];
}
} // namespace

ReplayComparison::ReplayComparison(QWidget *parent)
    : QWidget(parent)
    , m_summary(makeDataLabel(QStringLiteral("replaySummary"), this))
    , m_table(new QTableWidget(this))
{
    m_table->setObjectName(QStringLiteral("replayTable"));
    m_table->setAccessibleName(tr("Replay comparison"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    clear();
}

void ReplayComparison::clear()
{
    m_reports.clear();
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_summary->setText(tr("Select a matching version and press Replay, or select two and press Compare, to measure "
                          "them against the operators' reviews."));
}

void ReplayComparison::setReports(const QList<ReplayReport> &reports)
{
    m_reports = reports.mid(0, 2);
    const QLocale locale;
    const QStringList rowTitles { tr("Overall score"), tr("Semantic alone"), tr("Skills alone"), tr("Experience alone"),
        tr("Success rate alone"), tr("Region alone"), tr("Budget alone") };
    m_table->clear();
    m_table->setRowCount(Rows);
    m_table->setColumnCount(int(m_reports.size()) * MetricCount);
    m_table->setVerticalHeaderLabels(rowTitles);
    QStringList headers, summary;
    for (const ReplayReport &r : std::as_const(m_reports)) {
        headers << tr("%1\nPrecision@%2").arg(r.version.version).arg(r.k)
                << tr("%1\nNDCG@%2").arg(r.version.version).arg(r.k) << tr("%1\nROC AUC").arg(r.version.version);
        // One count per phrase: a catalogue has plural forms for one number in a message.
        summary << tr("%1: %2, %3, k = %4")
                       .arg(r.version.version, tr("%n reviewed pairs", nullptr, int(r.reviewedPairs)),
                           tr("%n jobs with a decision", nullptr, int(r.overall.queries)))
                       .arg(r.k);
    }
    m_table->setHorizontalHeaderLabels(headers);
    m_summary->setText(summary.join(QLatin1Char('\n')));
    for (int row = 0; row < Rows; ++row) {
        for (int v = 0; v < m_reports.size(); ++v) {
            for (int m = 0; m < MetricCount; ++m) {
                const double value = figure(metricsOf(m_reports.at(v), row), m);
                auto *item = new QTableWidgetItem(std::isfinite(value) ? locale.toString(value, 'f', 3) : tr("—"));
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                if (!std::isfinite(value))
                    item->setToolTip(
                        tr("Not enough reviews to measure this (no approval, or only one kind of decision)"));
                if (m_reports.size() == 2 && std::isfinite(value)) {
                    const double other = figure(metricsOf(m_reports.at(1 - v), row), m);
                    if (!std::isfinite(other) || value > other + 1e-12) {
                        QFont bold = item->font();
                        bold.setBold(true);
                        item->setFont(bold);
                    }
                }
                m_table->setItem(row, v * MetricCount + m, item);
            }
        }
    }
}
