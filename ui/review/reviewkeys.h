#pragma once

#include "review/reviewrecords.h"

#include <QDialog>
#include <QObject>

class QShortcut;
class QWidget;

// The review console's keys, in one place so the cheat sheet and the handling cannot drift apart:
// A / R / F choose the decision, 1–9 the reason, Enter confirms, J / K next and previous, U undo,
// C claims the next batch, N writes a note, Esc clears the choice, ? shows the cheat sheet.
// Shortcuts live on `area` and its children, so a focused note field still takes its own letters.
class ReviewKeys : public QObject
{
    Q_OBJECT
public:
    explicit ReviewKeys(QWidget *area);

    struct Binding
    {
        QString keys;
        QString action;
    };
    static QList<Binding> bindings(); // translated, in cheat-sheet order
    void setEnabled(bool enabled); // off while another tab of the page is shown
    void watch(QWidget *widget); // takes Enter from this widget (the queue) to confirm

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void decisionChosen(ReviewDecision decision);
    void reasonChosen(int number); // 1..9
    void confirmed();
    void next();
    void previous();
    void undo();
    void claim();
    void note();
    void cleared();
    void cheatSheet();

private:
    QShortcut *add(const QKeySequence &keys, const QString &description);
    QWidget *m_area;
    QList<QShortcut *> m_shortcuts;
    bool m_enabled = true;
};

// The cheat sheet: every binding with its key. Non-modal; Esc or ? closes it.
class ReviewCheatSheet : public QDialog
{
    Q_OBJECT
public:
    explicit ReviewCheatSheet(QWidget *parent = nullptr);

protected:
    void keyPressEvent(QKeyEvent *event) override;
};
