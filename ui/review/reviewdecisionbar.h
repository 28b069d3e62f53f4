#pragma once

#include "review/reviewrecords.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;

// The decision being made: which of approve / reject / flag is chosen, the reasons that apply to it
// numbered 1–9 (the configured order), the chosen one, and an optional note. It holds the choice until
// the page confirms or clears it; it writes nothing itself.
class ReviewDecisionBar : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewDecisionBar(QWidget *parent = nullptr);

    void setReasons(const QList<ReasonCode> &reasons);
    QList<ReasonCode> reasonsFor(ReviewDecision decision) const; // in their configured order
    void choose(ReviewDecision decision);
    bool chooseReason(int number); // 1..9 among the chosen decision's reasons; false when there is none
    void reset();
    void setMessage(const QString &message); // a hint or the last action, beside the choice

    std::optional<ReviewDecision> decision() const { return m_decision; }
    QString reasonCode() const { return m_reason; }
    QString note() const;
    bool needsReason() const; // a decision is chosen, it has reasons, none is chosen yet
    QLineEdit *noteEdit() const { return m_note; }
    QString choiceText() const;

Q_SIGNALS:
    void noteDone(bool confirm); // Enter (true) or Esc (false) in the note field

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();

    QList<ReasonCode> m_reasons;
    std::optional<ReviewDecision> m_decision;
    QString m_reason;
    QLabel *m_choice;
    QLabel *m_reasonList;
    QLineEdit *m_note;
    QLabel *m_message;
};
