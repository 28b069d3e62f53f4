#include "fairness/fairnessreportview.h"

#include "common/viewsizing.h"
#include "fairness/fairnessformat.h"
#include "fairness/fairnessgroupmodel.h"
#include "fairness/fairnessratechart.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

FairnessReportView::FairnessReportView(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_groups(new FairnessGroupModel(this))
    , m_table(new QTableView(this))
    , m_chart(new FairnessRateChart(this))
{
    m_heading->setObjectName(QStringLiteral("fairnessReportHeading"));
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::RichText);
    m_summary->setObjectName(QStringLiteral("fairnessSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setContentsMargins(0, 2, 0, 4);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_groups);
    proxy->setSortRole(FairnessGroupModel::SortRole);
    m_table->setObjectName(QStringLiteral("fairnessGroups"));
    m_table->setAccessibleName(tr("Groups"));
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the service's order until a click
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(FairnessGroupModel::Group, QHeaderView::Stretch);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    layout->addWidget(m_chart, 1);
    clear();
}

QString FairnessReportView::parametersText(const FairnessReport &report)
{
    const FairnessRequest &r = report.request;
    QString reference;
    switch (r.reference) {
    case ReferenceGroup::HighestRate:
        reference = tr("reference: highest rate (%1)").arg(report.referenceGroup);
        break;
    case ReferenceGroup::Largest:
        reference = tr("reference: largest group (%1)").arg(report.referenceGroup);
        break;
    case ReferenceGroup::Chosen:
        reference = tr("reference: %1").arg(report.referenceGroup.isEmpty() ? r.chosenGroup : report.referenceGroup);
        break;
    }
    QStringList parts { stageLabel(r.stage), FairnessFormat::attributesText(r.attributes), reference,
        FairnessFormat::periodText(r.from, r.to), tr("groups under %1 suppressed").arg(r.minGroupSize) };
    if (!r.reviewer.isEmpty())
        parts << tr("decisions of %1").arg(r.reviewer);
    return parts.join(QStringLiteral(" · "));
}

void FairnessReportView::setReport(const FairnessReport &report)
{
    const QLocale locale;
    QString heading = QStringLiteral("<b>%1</b>").arg(parametersText(report).toHtmlEscaped());
    if (report.createdAt.isValid()) {
        heading += QStringLiteral("<br><span style=\"color:#555\">%1</span>")
                       .arg(tr("Built %1 by %2 from %n people at this stage; data fingerprint %3", nullptr,
                           int(report.total))
                                .arg(locale.toString(report.createdAt.toLocalTime(), QLocale::ShortFormat),
                                    report.createdBy, report.dataFingerprint.left(12))
                                .toHtmlEscaped());
    }
    m_heading->setText(heading);
    QString summary;
    for (const QString &sentence : report.summary)
        summary += QStringLiteral("<li>%1</li>").arg(sentence.toHtmlEscaped());
    m_summary->setText(
        summary.isEmpty() ? QString() : QStringLiteral("<ul style=\"margin-left:-20px\">%1</ul>").arg(summary));
    m_summary->setVisible(!summary.isEmpty());
    m_groups->setReport(report);
    m_table->setColumnHidden(FairnessGroupModel::EqualOpportunity, m_compact || !m_groups->hasEqualOpportunity());
    m_chart->setReport(report);
    // A report has a handful of groups (an intersection a few dozen): the table is as tall as its rows and
    // the chart takes the rest.
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), m_groups->rowCount(), 8);
}

void FairnessReportView::clear(const QString &placeholder)
{
    m_heading->setText(placeholder.isEmpty() ? tr("No report yet: choose a stage and an attribute, then Build.")
                                             : placeholder.toHtmlEscaped());
    m_summary->clear();
    m_summary->hide();
    m_groups->clear();
    m_chart->clear();
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), 0, 8);
}

void FairnessReportView::setCompact(bool compact)
{
    m_compact = compact;
    for (int column : { int(FairnessGroupModel::Selected), int(FairnessGroupModel::ParityDifference),
             int(FairnessGroupModel::PValue), int(FairnessGroupModel::EqualOpportunity) })
        m_table->setColumnHidden(column, compact);
}

QString FairnessReportView::headingText() const
{
    return m_heading->text();
}

QString FairnessReportView::summaryText() const
{
    return m_groups->report().summary.join(QLatin1Char('\n'));
}
