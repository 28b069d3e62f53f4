#include "memories/memoryconflictdialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled);
    item->setToolTip(text);
    item->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
    return item;
}
} // namespace

MemoryConflictDialog::MemoryConflictDialog(const MemoryEdit &mine, const MemoryDetail &theirs, QWidget *parent)
    : QDialog(parent)
    , m_mine(mine)
    , m_theirs(theirs)
    , m_table(new QTableWidget(0, ColumnCount, this))
{
    setWindowTitle(tr("This memory was changed by someone else"));
    setObjectName(QStringLiteral("memoryConflictDialog"));
    const MemoryDetail mineApplied = mine.appliedTo(theirs);
    for (MemoryEdit::Field field : mine.fields()) {
        if (MemoryEdit::valueText(field, mineApplied) != MemoryEdit::valueText(field, theirs))
            m_fields << field;
        else
            m_sameFields << field;
    }

    const Memory &t = theirs.memory;
    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    intro->setText(
        tr("While you edited \"%1\", it was saved again (version %2, %3). Your change was not saved. "
           "Compare the fields below and choose what to keep.")
            .arg(t.summary.isEmpty() ? t.id.toString(QUuid::WithoutBraces) : t.summary)
            .arg(t.version)
            .arg(QLocale().toString(t.updatedAt.toLocalTime(), QLocale::ShortFormat)));

    m_table->setObjectName(QStringLiteral("conflictTable"));
    m_table->setHorizontalHeaderLabels({ tr("Field"), tr("Mine"), tr("Theirs (stored)"), tr("Keep") });
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(FieldColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(MineColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(TheirsColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ChoiceColumn, QHeaderView::ResizeToContents);
    for (MemoryEdit::Field field : m_fields) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, FieldColumn, cell(MemoryEdit::fieldName(field)));
        m_table->setItem(row, MineColumn, cell(MemoryEdit::valueText(field, mineApplied)));
        m_table->setItem(row, TheirsColumn, cell(MemoryEdit::valueText(field, theirs)));
        auto *choice = new QWidget(m_table);
        auto *choiceLayout = new QHBoxLayout(choice);
        choiceLayout->setContentsMargins(6, 0, 6, 0);
        auto *group = new QButtonGroup(choice);
        auto *useMine = new QRadioButton(tr("Mine"), choice);
        auto *useTheirs = new QRadioButton(tr("Theirs"), choice);
        group->addButton(useMine, 1);
        group->addButton(useTheirs, 0);
        useMine->setChecked(true);
        choiceLayout->addWidget(useMine);
        choiceLayout->addWidget(useTheirs);
        m_table->setCellWidget(row, ChoiceColumn, choice);
        m_choices << group;
    }
    m_table->resizeRowsToContents();

    auto *same = new QLabel(this);
    same->setWordWrap(true);
    QStringList sameNames;
    for (MemoryEdit::Field field : m_sameFields)
        sameNames << MemoryEdit::fieldName(field);
    same->setText(sameNames.isEmpty() ? QString()
                                      : tr("Already the same in both: %1.").arg(sameNames.join(QLatin1String(", "))));
    same->setVisible(!sameNames.isEmpty());

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *keep = buttons->addButton(tr("Keep mine"), QDialogButtonBox::AcceptRole);
    keep->setToolTip(tr("Save all of your change on top of the stored version."));
    QPushButton *merge = buttons->addButton(tr("Merge selected"), QDialogButtonBox::AcceptRole);
    merge->setToolTip(tr("Save only the fields marked Mine; keep theirs for the others."));
    QPushButton *take = buttons->addButton(tr("Take theirs"), QDialogButtonBox::RejectRole);
    take->setToolTip(tr("Discard your change and show the stored version."));
    keep->setObjectName(QStringLiteral("keepMine"));
    merge->setObjectName(QStringLiteral("merge"));
    take->setObjectName(QStringLiteral("takeTheirs"));
    connect(keep, &QPushButton::clicked, this, [this] { choose(KeepMine); });
    connect(merge, &QPushButton::clicked, this, [this] { choose(Merge); });
    connect(take, &QPushButton::clicked, this, [this] { choose(TakeTheirs); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(same);
    layout->addWidget(buttons);
    resize(760, 300);
}

void MemoryConflictDialog::setUseMine(MemoryEdit::Field field, bool mine)
{
    const int row = int(m_fields.indexOf(field));
    if (row >= 0)
        m_choices[row]->button(mine ? 1 : 0)->setChecked(true);
}

bool MemoryConflictDialog::usesMine(MemoryEdit::Field field) const
{
    const int row = int(m_fields.indexOf(field));
    return row >= 0 && m_choices[row]->checkedId() == 1;
}

void MemoryConflictDialog::choose(Resolution resolution)
{
    m_resolution = resolution;
    if (resolution == TakeTheirs)
        reject();
    else
        accept();
}

MemoryEdit MemoryConflictDialog::resolvedEdit() const
{
    MemoryEdit edit;
    switch (m_resolution) {
    case TakeTheirs:
        break;
    case KeepMine:
        edit = m_mine;
        break;
    case Merge: {
        QList<MemoryEdit::Field> keep;
        for (MemoryEdit::Field field : m_fields) {
            if (usesMine(field))
                keep << field;
        }
        edit = m_mine.only(keep);
        break;
    }
    }
    edit.memoryId = m_theirs.memory.id;
    edit.baseVersion = m_theirs.memory.version;
    return edit;
}
