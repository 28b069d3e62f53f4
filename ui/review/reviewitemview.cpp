#include "review/reviewitemview.h"

#include "matching/matchcandidatemodel.h"
#include "matching/matchfactors.h"
#include "review/reviewqueuemodel.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSet>
#include <QVBoxLayout>

#include <cmath>

namespace {
QLabel *wrapped(QWidget *parent, Qt::TextFormat format = Qt::PlainText)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(format);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString reviewBulletList(const QStringList &items, const QString &none)
{
    if (items.isEmpty())
        return QStringLiteral("<i>%1</i>").arg(none.toHtmlEscaped());
    QString html = QStringLiteral("<ul style=\"margin-left:-20px\">");
    for (const QString &item : items)
        html += QStringLiteral("<li>%1</li>").arg(item.toHtmlEscaped());
    return html + QStringLiteral("</ul>");
}

QString elided(const QString &text, int length)
{
    return text.size() <= length ? text : text.left(length).trimmed() + QStringLiteral("…");
}

QString decisionColour(ReviewDecision decision)
{
    switch (decision) {
    case ReviewDecision::Approve:
        return QStringLiteral("#2e7d32");
    case ReviewDecision::Reject:
        return QStringLiteral("#c62828");
    case ReviewDecision::Flag:
        return QStringLiteral("#b26a00");
    }
    return {};
}
} // namespace

ReviewItemView::ReviewItemView(QWidget *parent)
    : QWidget(parent)
    , m_heading(wrapped(this))
    , m_strengths(wrapped(this, Qt::RichText))
    , m_gaps(wrapped(this, Qt::RichText))
    , m_candidates(wrapped(this, Qt::RichText))
    , m_proposals(wrapped(this, Qt::RichText))
    , m_decisionsTitle(new QLabel(this))
    , m_decisions(wrapped(this, Qt::RichText))
    , m_body(new QWidget(this))
{
    m_heading->setObjectName(QStringLiteral("reviewHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.1);
    m_heading->setFont(headingFont);

    auto *sides = new QHBoxLayout;
    sides->addWidget(createJobPanel(), 1);
    sides->addWidget(createFreelancerPanel(), 1);

    m_decisionsTitle->setText(tr("<b>Decisions so far</b>"));
    auto *strips = new QGridLayout;
    strips->addWidget(new QLabel(tr("<b>The job's other candidates</b>"), this), 0, 0, Qt::AlignTop);
    strips->addWidget(m_candidates, 0, 1);
    strips->addWidget(new QLabel(tr("<b>The freelancer's other proposals</b>"), this), 1, 0, Qt::AlignTop);
    strips->addWidget(m_proposals, 1, 1);
    strips->addWidget(m_decisionsTitle, 2, 0, Qt::AlignTop);
    strips->addWidget(m_decisions, 2, 1);
    strips->setColumnStretch(1, 1);
    m_candidates->setObjectName(QStringLiteral("jobCandidatesStrip"));
    m_proposals->setObjectName(QStringLiteral("freelancerProposalsStrip"));
    m_decisions->setObjectName(QStringLiteral("decisionsSoFar"));

    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->addLayout(sides);
    body->addWidget(createExplanation());
    body->addLayout(strips);
    body->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_body, 1);
    clear(tr("Claim a batch (C) or pick an item in the queue."));
}

QWidget *ReviewItemView::createJobPanel()
{
    auto *box = new QGroupBox(tr("Job"), this);
    m_jobTitle = wrapped(box);
    QFont bold = m_jobTitle->font();
    bold.setBold(true);
    m_jobTitle->setFont(bold);
    m_jobBadge = new QLabel(tr("Bias review pending"), box);
    m_jobBadge->setObjectName(QStringLiteral("biasBadge"));
    m_jobBadge->setStyleSheet(
        QStringLiteral("QLabel { background: #fce8d0; color: #5a3000; border-radius: 3px; padding: 1px 6px; }"));
    m_jobFacts = wrapped(box);
    m_jobSkills = wrapped(box, Qt::RichText);
    m_jobDescription = wrapped(box);
    auto *title = new QHBoxLayout;
    title->addWidget(m_jobTitle, 1);
    title->addWidget(m_jobBadge, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(title);
    layout->addWidget(m_jobFacts);
    layout->addWidget(m_jobSkills);
    layout->addWidget(m_jobDescription);
    layout->addStretch(1);
    return box;
}

QWidget *ReviewItemView::createFreelancerPanel()
{
    auto *box = new QGroupBox(tr("Freelancer"), this);
    m_freelancerName = wrapped(box);
    QFont bold = m_freelancerName->font();
    bold.setBold(true);
    m_freelancerName->setFont(bold);
    m_freelancerFacts = wrapped(box);
    m_freelancerSkills = wrapped(box, Qt::RichText);
    m_freelancerSkills->setObjectName(QStringLiteral("freelancerSkills"));
    m_freelancerBio = wrapped(box);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_freelancerName);
    layout->addWidget(m_freelancerFacts);
    layout->addWidget(m_freelancerSkills);
    layout->addWidget(m_freelancerBio);
    layout->addStretch(1);
    return box;
}

QWidget *ReviewItemView::createExplanation()
{
    // Value × weight = what the component adds; the additions make the score.
    auto *panel = new QWidget(this);
    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Component</b>"), panel), 0, 0);
    grid->addWidget(new QLabel(tr("<b>Value</b>"), panel), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Weight</b>"), panel), 0, 2);
    grid->addWidget(new QLabel(tr("<b>Adds</b>"), panel), 0, 3);
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        auto *bar = new QProgressBar(panel);
        bar->setRange(0, 100);
        bar->setTextVisible(true);
        bar->setMaximumHeight(18);
        m_bars[std::size_t(c)] = bar;
        m_weights[std::size_t(c)] = new QLabel(panel);
        m_adds[std::size_t(c)] = new QLabel(panel);
        grid->addWidget(new QLabel(MatchCandidateModel::componentName(c), panel), c + 1, 0);
        grid->addWidget(bar, c + 1, 1);
        grid->addWidget(m_weights[std::size_t(c)], c + 1, 2, Qt::AlignRight);
        grid->addWidget(m_adds[std::size_t(c)], c + 1, 3, Qt::AlignRight);
    }
    grid->setColumnStretch(1, 1);
    auto *lists = new QVBoxLayout;
    lists->addWidget(new QLabel(tr("<b>Strengths</b>"), panel));
    lists->addWidget(m_strengths);
    lists->addWidget(new QLabel(tr("<b>Gaps</b>"), panel));
    lists->addWidget(m_gaps);
    lists->addStretch(1);
    auto *layout = new QHBoxLayout(panel);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addLayout(grid, 3);
    layout->addSpacing(16);
    layout->addLayout(lists, 2);
    return panel;
}

void ReviewItemView::clear(const QString &message)
{
    m_item = {};
    m_heading->setText(message);
    m_body->hide();
}

void ReviewItemView::setItem(const ReviewItem &item,
    const std::optional<std::array<double, compute::MatchComponentCount>> &weights,
    const QHash<QString, QString> &reasons)
{
    m_item = item;
    const QLocale locale;
    m_heading->setText(tr("#%1 for this job · score %2 · confidence %3 · version %4 · %5")
                           .arg(item.ranking)
                           .arg(locale.toString(item.score, 'f', 3), locale.toString(item.confidence, 'f', 2),
                               item.modelVersion, ReviewQueueModel::stateName(item.state)));

    m_jobTitle->setText(item.jobTitle);
    m_jobBadge->setVisible(item.jobBiasPending);
    QStringList jobFacts { item.jobCategory, item.jobRegion,
        item.jobExperienceLevel.isEmpty() ? tr("no stated level") : item.jobExperienceLevel,
        tr("budget %1").arg(locale.toString(item.jobBudget, 'f', 0)) };
    jobFacts.removeAll(QString());
    m_jobFacts->setText(jobFacts.join(QStringLiteral(" · ")));
    m_jobSkills->setText(item.jobSkills.isEmpty()
            ? tr("<i>No required skills stated</i>")
            : tr("<b>Needs:</b> %1").arg(item.jobSkills.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_jobDescription->setText(elided(item.jobDescription, 600));

    m_freelancerName->setText(item.freelancerTitle.isEmpty()
            ? item.freelancerName
            : tr("%1 — %2").arg(item.freelancerName, item.freelancerTitle));
    QStringList facts { tr("%1 per hour").arg(locale.toString(item.hourlyRate, 'f', 0)),
        tr("%n years of experience", nullptr, item.experienceYears),
        tr("%1 % success").arg(locale.toString(item.successRate * 100, 'f', 0)), item.freelancerLocation,
        item.freelancerTimezone };
    facts.removeAll(QString());
    m_freelancerFacts->setText(facts.join(QStringLiteral(" · ")));

    // The job's skills decide the marks: what the freelancer has of them ✓, what they lack ✗, the rest plain.
    QSet<QString> has;
    for (const QString &skill : item.freelancerSkills)
        has.insert(skill.toCaseFolded());
    QSet<QString> needed;
    for (const QString &skill : item.jobSkills)
        needed.insert(skill.toCaseFolded());
    QStringList matched, missing, other;
    for (const QString &skill : item.freelancerSkills) {
        if (needed.contains(skill.toCaseFolded()))
            matched << QStringLiteral("<span style=\"color:#2e7d32\">✓ %1</span>").arg(skill.toHtmlEscaped());
        else
            other << skill.toHtmlEscaped();
    }
    for (const QString &skill : item.jobSkills) {
        if (!has.contains(skill.toCaseFolded()))
            missing << QStringLiteral("<span style=\"color:#c62828\">✗ %1</span>").arg(skill.toHtmlEscaped());
    }
    m_freelancerSkills->setText(tr("<b>Skills:</b> %1").arg((matched + missing + other).join(QStringLiteral(", "))));
    m_freelancerBio->setText(elided(item.freelancerBio, 500));

    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        const auto i = std::size_t(c);
        const double value = item.components[i];
        m_bars[i]->setValue(std::isnan(value) ? 0 : int(std::lround(value * 100)));
        m_bars[i]->setFormat(std::isnan(value) ? tr("not stored") : locale.toString(value, 'f', 2));
        m_weights[i]->setText(weights ? QStringLiteral("×%1").arg(locale.toString((*weights)[i], 'f', 2)) : QString());
        m_adds[i]->setText(weights && !std::isnan(value) ? locale.toString(value * (*weights)[i], 'f', 3) : QString());
    }
    const MatchFactors::Sentences sentences = MatchFactors::sentences(item.factors);
    m_strengths->setText(reviewBulletList(sentences.strengths, tr("none recorded")));
    m_gaps->setText(reviewBulletList(sentences.gaps, tr("none recorded")));

    QStringList decisions;
    for (const ReviewRecord &record : item.decisions) {
        QString line = tr("Level %1 · %2: <b style=\"color:%3\">%4</b>")
                           .arg(record.level)
                           .arg(record.reviewer.toHtmlEscaped(), decisionColour(record.decision),
                               ReviewQueueModel::decisionName(record.decision));
        if (!record.reasonCode.isEmpty())
            line += QStringLiteral(" — ") + reasons.value(record.reasonCode, record.reasonCode).toHtmlEscaped();
        if (!record.note.isEmpty())
            line += QStringLiteral(" · <i>%1</i>").arg(record.note.toHtmlEscaped());
        decisions << line;
    }
    m_decisions->setText(decisions.join(QStringLiteral("<br>")));
    m_decisionsTitle->setVisible(!decisions.isEmpty());
    m_decisions->setVisible(!decisions.isEmpty());
    m_candidates->setText(tr("<i>loading…</i>"));
    m_proposals->setText(tr("<i>loading…</i>"));
    m_body->show();
}

QString ReviewItemView::stripHtml(const QList<ReviewStripEntry> &entries, const QString &none) const
{
    if (entries.isEmpty())
        return QStringLiteral("<i>%1</i>").arg(none.toHtmlEscaped());
    const QLocale locale;
    QStringList parts;
    for (const ReviewStripEntry &entry : entries) {
        QString part = QStringLiteral("#%1 %2 %3")
                           .arg(entry.ranking)
                           .arg(entry.who.toHtmlEscaped(), locale.toString(entry.score, 'f', 2));
        if (const auto decision = decisionFromKey(entry.decision))
            part += QStringLiteral(" <span style=\"color:%1\">%2</span>")
                        .arg(decisionColour(*decision), ReviewQueueModel::decisionName(*decision));
        if (entry.matchId == m_item.matchId)
            part = QStringLiteral("<b>%1</b>").arg(part);
        parts << part;
    }
    return parts.join(QStringLiteral(" &nbsp;·&nbsp; "));
}

void ReviewItemView::setJobCandidates(const QList<ReviewStripEntry> &entries)
{
    m_candidates->setText(stripHtml(entries, tr("no other candidates")));
}

void ReviewItemView::setFreelancerProposals(const QList<ReviewStripEntry> &entries, bool more)
{
    QString html = stripHtml(entries, tr("no other proposals"));
    if (more)
        html += QStringLiteral(" &nbsp;·&nbsp; <i>%1</i>").arg(tr("and more").toHtmlEscaped());
    m_proposals->setText(html);
}

void ReviewItemView::setJobCandidatesUnavailable(const QString &reason)
{
    m_candidates->setText(unavailableHtml(reason));
}

void ReviewItemView::setFreelancerProposalsUnavailable(const QString &reason)
{
    m_proposals->setText(unavailableHtml(reason));
}

QString ReviewItemView::unavailableHtml(const QString &reason) const
{
    return QStringLiteral("<i style=\"color:%1\">%2</i>")
        .arg(palette().color(QPalette::PlaceholderText).name(), tr("not available: %1").arg(reason).toHtmlEscaped());
}

QString ReviewItemView::jobText() const
{
    return QStringList { m_jobTitle->text(), m_jobFacts->text(), m_jobSkills->text() }.join(QLatin1Char('\n'));
}

QString ReviewItemView::freelancerText() const
{
    return QStringList { m_freelancerName->text(), m_freelancerFacts->text(), m_freelancerSkills->text() }.join(
        QLatin1Char('\n'));
}

QString ReviewItemView::decisionsText() const
{
    return m_decisions->isVisible() || !m_decisions->text().isEmpty() ? m_decisions->text() : QString();
}

QString ReviewItemView::jobCandidatesText() const
{
    return m_candidates->text();
}
