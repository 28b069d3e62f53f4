#include "review/reviewkeys.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QShortcut>
#include <QVBoxLayout>

ReviewKeys::ReviewKeys(QWidget *area)
    : QObject(area)
    , m_area(area)
{
    connect(add(Qt::Key_A, tr("Approve the match")), &QShortcut::activated, this,
        [this] { Q_EMIT decisionChosen(ReviewDecision::Approve); });
    connect(add(Qt::Key_R, tr("Reject the match")), &QShortcut::activated, this,
        [this] { Q_EMIT decisionChosen(ReviewDecision::Reject); });
    connect(add(Qt::Key_F, tr("Flag it for level 2")), &QShortcut::activated, this,
        [this] { Q_EMIT decisionChosen(ReviewDecision::Flag); });
    for (int number = 1; number <= 9; ++number) {
        connect(add(Qt::Key(Qt::Key_0 + number), tr("Reason %1 for the chosen decision").arg(number)),
            &QShortcut::activated, this, [this, number] { Q_EMIT reasonChosen(number); });
    }
    connect(add(Qt::Key_J, tr("Next item")), &QShortcut::activated, this, &ReviewKeys::next);
    connect(add(Qt::Key_K, tr("Previous item")), &QShortcut::activated, this, &ReviewKeys::previous);
    connect(add(Qt::Key_U, tr("Undo your last decision (a new record supersedes it)")), &QShortcut::activated, this,
        &ReviewKeys::undo);
    connect(add(Qt::Key_C, tr("Claim the next batch of items")), &QShortcut::activated, this, &ReviewKeys::claim);
    connect(
        add(Qt::Key_N, tr("Write a note (Enter saves, Esc returns)")), &QShortcut::activated, this, &ReviewKeys::note);
    connect(add(Qt::Key_Escape, tr("Clear the chosen decision")), &QShortcut::activated, this, &ReviewKeys::cleared);
    connect(add(Qt::Key_Question, tr("Show or hide the sheet of review keys")), &QShortcut::activated, this,
        &ReviewKeys::cheatSheet);
}

void ReviewKeys::watch(QWidget *widget)
{
    widget->installEventFilter(this);
}

bool ReviewKeys::eventFilter(QObject *watched, QEvent *event)
{
    // Enter reaches an item view as a key press (the view claims it before the shortcut map sees it), so
    // it is taken here rather than as a shortcut.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !key->isAutoRepeat()
            && (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier && m_enabled) {
            Q_EMIT confirmed();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

QShortcut *ReviewKeys::add(const QKeySequence &keys, const QString &description)
{
    auto *shortcut = new QShortcut(keys, m_area);
    shortcut->setWhatsThis(description); // the Keyboard Shortcuts dialog lists it by this
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    shortcut->setAutoRepeat(false); // a held key must not decide a row of items
    m_shortcuts << shortcut;

    return shortcut;
}

void ReviewKeys::setEnabled(bool enabled)
{
    m_enabled = enabled;
    for (QShortcut *shortcut : std::as_const(m_shortcuts))
        shortcut->setEnabled(enabled);
}

QList<ReviewKeys::Binding> ReviewKeys::bindings()
{
    return {
        { tr("A"), tr("Approve the match") },
        { tr("R"), tr("Reject the match") },
        { tr("F"), tr("Flag it for level 2") },
        { tr("1 – 9"), tr("Reason for the chosen decision") },
        { tr("N"), tr("Write a note (Enter saves, Esc returns)") },
        { tr("Enter"), tr("Confirm: save the decision and go to the next item") },
        { tr("J / K"), tr("Next / previous item") },
        { tr("Shift+↓ / Shift+↑"), tr("Extend the selection: Enter then decides every selected item") },
        { tr("U"), tr("Undo your last decision (a new record supersedes it)") },
        { tr("C"), tr("Claim the next batch of items") },
        { tr("Esc"), tr("Clear the chosen decision") },
        { tr("?"), tr("Show or hide this sheet") },
    };
}

ReviewCheatSheet::ReviewCheatSheet(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Review Keys"));
    auto *grid = new QGridLayout;
    int row = 0;
    for (const ReviewKeys::Binding &binding : ReviewKeys::bindings()) {
        auto *key = new QLabel(QStringLiteral("<b>%1</b>").arg(binding.keys.toHtmlEscaped()), this);
        grid->addWidget(key, row, 0, Qt::AlignRight);
        grid->addWidget(new QLabel(binding.action, this), row, 1);
        ++row;
    }
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(16);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(buttons);
}

void ReviewCheatSheet::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Question) {
        reject();
        return;
    }
    QDialog::keyPressEvent(event);
}
