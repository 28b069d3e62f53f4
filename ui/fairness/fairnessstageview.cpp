#include "fairness/fairnessstageview.h"

#include "common/taborder.h"
#include "common/viewsizing.h"
#include "fairness/fairnessformat.h"
#include "fairness/fairnessfunnelchart.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

FairnessStageView::FairnessStageView(QWidget *parent)
    : QWidget(parent)
    , m_note(new QLabel(this))
    , m_table(new QTableWidget(this))
    , m_chart(new FairnessFunnelChart(this))
{
    m_note->setWordWrap(true);
    m_note->setText(tr("Each stage compares the groups among the people who reached it. A ratio that is fair at the "
                       "engine's proposals and falls below 0.8 at an approval shows the gap enters with the "
                       "decisions, not with the model."));
    m_table->setObjectName(QStringLiteral("fairnessStages"));
    m_table->setAccessibleName(tr("Stages"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setWordWrap(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_note);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_table);
    TabOrder::chain({ m_chart, m_table }); // the chart above was made after the table
}

void FairnessStageView::clear()
{
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_chart->clear();
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), 0, 12);
}

void FairnessStageView::setReport(const FairnessReport &report)
{
    clear();
    const QList<FairnessReport> stages = report.stages.isEmpty() ? QList<FairnessReport> { report } : report.stages;
    QStringList groups;
    for (const FairnessReport &stage : stages) {
        for (const GroupOutcome &g : stage.groups) {
            if (!groups.contains(g.group))
                groups << g.group;
        }
    }
    m_table->setColumnCount(int(stages.size()));
    m_table->setRowCount(int(groups.size()));
    m_table->setVerticalHeaderLabels(groups);
    for (int column = 0; column < stages.size(); ++column) {
        const FairnessReport &stage = stages.at(column);
        m_table->setHorizontalHeaderItem(column, new QTableWidgetItem(stageLabel(stage.request.stage)));
        for (const GroupOutcome &g : stage.groups) {
            auto *item = new QTableWidgetItem;
            if (g.suppressed) {
                item->setText(FairnessFormat::suppressed(stage.request.minGroupSize));
                item->setForeground(QColor(0x6b, 0x6b, 0x6b));
            } else if (g.isReference) {
                item->setText(tr("rate %1 · reference").arg(FairnessFormat::number(g.rate)));
            } else {
                item->setText(tr("rate %1 · ratio %2")
                                  .arg(FairnessFormat::number(g.rate), FairnessFormat::number(g.impactRatio)));
                item->setToolTip(tr("Impact ratio %1, p (Holm) %2")
                                     .arg(FairnessFormat::withInterval(g.impactRatio, g.impactLow, g.impactHigh),
                                         FairnessFormat::pValue(g.pAdjusted)));
                if (g.fourFifthsFlag) {
                    item->setBackground(QColor(0xfb, 0xe3, 0xe0));
                    item->setForeground(QColor(0xa0, 0x1e, 0x1e));
                }
            }
            item->setData(Qt::UserRole, int(stage.request.stage));
            m_table->setItem(int(groups.indexOf(g.group)), column, item);
        }
    }
    m_chart->setReport(report);
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), m_table->rowCount(), 12);
}

QString FairnessStageView::cellText(const QString &group, FairnessStage stage) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->verticalHeaderItem(row) == nullptr || m_table->verticalHeaderItem(row)->text() != group)
            continue;
        for (int column = 0; column < m_table->columnCount(); ++column) {
            const QTableWidgetItem *item = m_table->item(row, column);
            if (item != nullptr && item->data(Qt::UserRole).toInt() == int(stage))
                return item->text();
        }
    }
    return QString();
}
