#include "matching/matchdetailpanel.h"

#include "matching/matchcandidatemodel.h"
#include "matching/matchfactors.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <cmath>

namespace {
QString bulletList(const QStringList &items, const QString &none)
{
    if (items.isEmpty())
        return QStringLiteral("<i>%1</i>").arg(none.toHtmlEscaped());
    QString html = QStringLiteral("<ul style=\"margin-left:-20px\">");
    for (const QString &item : items)
        html += QStringLiteral("<li>%1</li>").arg(item.toHtmlEscaped());
    return html + QStringLiteral("</ul>");
}
} // namespace

MatchDetailPanel::MatchDetailPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_components(new QGridLayout)
    , m_strengths(new QLabel(this))
    , m_gaps(new QLabel(this))
    , m_other(new QPushButton(this))
{
    m_heading->setObjectName(QStringLiteral("matchHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    m_heading->setFont(headingFont);
    m_heading->setWordWrap(true);
    m_summary->setWordWrap(true);
    for (QLabel *label : { m_strengths, m_gaps }) {
        label->setTextFormat(Qt::RichText);
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    }
    m_other->setObjectName(QStringLiteral("otherProposals"));

    // The numbers on the left, what they mean in words on the right.
    auto *lists = new QVBoxLayout;
    lists->addWidget(new QLabel(tr("<b>Strengths</b>"), this));
    lists->addWidget(m_strengths);
    lists->addWidget(new QLabel(tr("<b>Gaps</b>"), this));
    lists->addWidget(m_gaps);
    lists->addStretch(1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(m_components, 3);
    columns->addSpacing(16);
    columns->addLayout(lists, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_summary);
    layout->addLayout(columns);
    layout->addWidget(m_other, 0, Qt::AlignLeft);
    layout->addStretch(1);

    connect(m_other, &QPushButton::clicked, this, [this] {
        if (m_jobView)
            Q_EMIT otherProposalsRequested(m_row.freelancerId);
        else
            Q_EMIT jobCandidatesRequested(m_row.jobId);
    });
    clear();
}

void MatchDetailPanel::clear()
{
    m_heading->setText(tr("Select a candidate to see why it ranks where it does."));
    m_summary->clear();
    m_strengths->clear();
    m_gaps->clear();
    m_strengthItems.clear();
    m_gapItems.clear();
    m_other->hide();
    while (QLayoutItem *item = m_components->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

QString MatchDetailPanel::headingText() const
{
    return m_heading->text();
}

void MatchDetailPanel::show(const MatchCandidateRow &row, bool jobView, const std::optional<compute::MatchParams> &params)
{
    clear();
    m_row = row;
    m_jobView = jobView;
    const QLocale locale;
    m_heading->setText(jobView ? tr("#%1 %2 — %3").arg(row.ranking).arg(row.freelancerName, row.freelancerTitle)
                               : tr("#%1 %2").arg(row.ranking).arg(row.jobTitle));
    QStringList facts;
    facts << tr("Score %1").arg(locale.toString(row.score, 'f', 3))
          << tr("confidence %1").arg(locale.toString(row.confidence, 'f', 2))
          << tr("version %1").arg(row.modelVersion)
          << tr("rate %1 against a budget of %2").arg(locale.toString(row.hourlyRate, 'f', 0), locale.toString(row.budget, 'f', 0));
    if (row.wasHired)
        facts << tr("hired");
    else if (row.wasApplied)
        facts << tr("applied");
    else if (row.wasViewed)
        facts << tr("viewed");
    if (!row.latestDecision.isEmpty())
        facts << tr("reviewed: %1").arg(row.latestDecision);
    m_summary->setText(facts.join(QStringLiteral(" · ")));

    // Value × weight = contribution; the contributions add up to the score.
    m_components->addWidget(new QLabel(tr("<b>Component</b>"), this), 0, 0);
    m_components->addWidget(new QLabel(tr("<b>Value</b>"), this), 0, 1);
    m_components->addWidget(new QLabel(tr("<b>Weight</b>"), this), 0, 2);
    m_components->addWidget(new QLabel(tr("<b>Adds</b>"), this), 0, 3);
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        const double value = row.components[std::size_t(c)];
        auto *bar = new QProgressBar(this);
        bar->setRange(0, 100);
        bar->setValue(std::isnan(value) ? 0 : int(std::lround(value * 100)));
        bar->setFormat(std::isnan(value) ? tr("not stored") : locale.toString(value, 'f', 2));
        bar->setTextVisible(true);
        bar->setMaximumHeight(18);
        m_components->addWidget(new QLabel(MatchCandidateModel::componentName(c), this), c + 1, 0);
        m_components->addWidget(bar, c + 1, 1);
        if (params) {
            const double weight = params->weights[std::size_t(c)];
            m_components->addWidget(new QLabel(locale.toString(weight, 'f', 2), this), c + 1, 2);
            m_components->addWidget(
                new QLabel(std::isnan(value) ? QString() : locale.toString(value * weight, 'f', 3), this), c + 1, 3);
        }
    }
    m_components->setColumnStretch(1, 1);

    const MatchFactors::Sentences sentences = MatchFactors::sentences(row.factors);
    m_strengthItems = sentences.strengths;
    m_gapItems = sentences.gaps;
    m_strengths->setText(bulletList(m_strengthItems, tr("none recorded")));
    m_gaps->setText(bulletList(m_gapItems, tr("none recorded")));
    m_other->setText(jobView ? tr("This freelancer's other proposals") : tr("This job's candidates"));
    m_other->show();
}
