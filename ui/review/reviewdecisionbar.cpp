#include "review/reviewdecisionbar.h"

#include "review/reviewqueuemodel.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>

#include <algorithm>

ReviewDecisionBar::ReviewDecisionBar(QWidget *parent)
    : QWidget(parent)
    , m_choice(new QLabel(this))
    , m_reasonList(new QLabel(this))
    , m_note(new QLineEdit(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("decisionBar"));
    m_choice->setObjectName(QStringLiteral("decisionChoice"));
    m_note->setAccessibleName(tr("Decision note"));
    m_choice->setTextFormat(Qt::RichText);
    m_reasonList->setTextFormat(Qt::RichText);
    m_reasonList->setWordWrap(true);
    m_note->setPlaceholderText(tr("Note (N to write, Enter to save)"));
    m_note->setFocusPolicy(Qt::ClickFocus); // J/K and the digits stay with the queue until N
    m_note->installEventFilter(this);
    m_message->setObjectName(QStringLiteral("decisionMessage"));
    m_message->setWordWrap(true);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addWidget(m_choice, 0, 0);
    layout->addWidget(m_note, 0, 1);
    layout->addWidget(m_reasonList, 1, 0, 1, 2);
    layout->addWidget(m_message, 2, 0, 1, 2);
    layout->setColumnStretch(1, 1);
    refresh();
}

bool ReviewDecisionBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_note && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Escape) {
            Q_EMIT noteDone(key != Qt::Key_Escape);
            return true;
        }
    }
    // Enter and Esc in the note belong to the note (save / return), not to the page's review keys; its
    // letters are text already (QLineEdit overrides shortcuts for printable keys).
    if (watched == m_note && event->type() == QEvent::ShortcutOverride) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Escape) {
            event->accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ReviewDecisionBar::setReasons(const QList<ReasonCode> &reasons)
{
    m_reasons = reasons;
    std::stable_sort(m_reasons.begin(), m_reasons.end(),
        [](const ReasonCode &a, const ReasonCode &b) { return a.position < b.position; });
    refresh();
}

QList<ReasonCode> ReviewDecisionBar::reasonsFor(ReviewDecision decision) const
{
    QList<ReasonCode> list;
    for (const ReasonCode &reason : m_reasons) {
        if (reason.appliesTo == decision)
            list << reason;
    }
    return list;
}

void ReviewDecisionBar::choose(ReviewDecision decision)
{
    if (m_decision != decision)
        m_reason.clear();
    m_decision = decision;
    refresh();
}

bool ReviewDecisionBar::chooseReason(int number)
{
    if (!m_decision)
        return false;
    const QList<ReasonCode> reasons = reasonsFor(*m_decision);
    if (number < 1 || number > reasons.size() || number > 9)
        return false;
    m_reason = reasons.at(number - 1).code;
    refresh();
    return true;
}

void ReviewDecisionBar::reset()
{
    m_decision.reset();
    m_reason.clear();
    m_note->clear();
    refresh();
}

void ReviewDecisionBar::setMessage(const QString &message)
{
    m_message->setText(message);
}

QString ReviewDecisionBar::note() const
{
    return m_note->text().trimmed();
}

bool ReviewDecisionBar::needsReason() const
{
    return m_decision && m_reason.isEmpty() && !reasonsFor(*m_decision).isEmpty();
}

QString ReviewDecisionBar::choiceText() const
{
    return m_choice->text();
}

void ReviewDecisionBar::refresh()
{
    QStringList options;
    const QList<std::pair<ReviewDecision, QString>> keys { { ReviewDecision::Approve, tr("A") },
        { ReviewDecision::Reject, tr("R") }, { ReviewDecision::Flag, tr("F") } };
    for (const auto &[decision, key] : keys) {
        const QString text = tr("%1 %2").arg(key, ReviewQueueModel::decisionName(decision)).toHtmlEscaped();
        options << (m_decision == decision
                ? QStringLiteral("<span style=\"background:#1e5aa0;color:white\">&nbsp;%1&nbsp;</span>").arg(text)
                : QStringLiteral("&nbsp;%1&nbsp;").arg(text));
    }
    m_choice->setText(options.join(QStringLiteral(" ")));

    if (!m_decision) {
        m_reasonList->setText(tr("<i>Choose a decision: A approve, R reject, F flag. ? shows every key.</i>"));
        return;
    }
    const QList<ReasonCode> reasons = reasonsFor(*m_decision);
    QStringList items;
    for (int i = 0; i < reasons.size() && i < 9; ++i) {
        const QString item = QStringLiteral("%1 %2").arg(i + 1).arg(reasons.at(i).label).toHtmlEscaped();
        items << (reasons.at(i).code == m_reason ? QStringLiteral("<b><u>%1</u></b>").arg(item) : item);
    }
    QString text = items.isEmpty() ? tr("<i>No reasons configured for this decision.</i>")
                                   : items.join(QStringLiteral(" &nbsp;·&nbsp; "));
    text += QStringLiteral("<br>")
        + (needsReason() ? tr("<i>Press the reason's digit, then Enter.</i>") : tr("<i>Enter saves the decision.</i>"));
    m_reasonList->setText(text);
}
