#include "review/reviewconflictdialog.h"

#include "review/reviewqueuemodel.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {
QString recordCell(const ReviewRecord &record)
{
    const QLocale locale;
    QString html = QStringLiteral("<b>%1</b>").arg(ReviewQueueModel::decisionName(record.decision).toHtmlEscaped());
    if (!record.reasonCode.isEmpty())
        html += QStringLiteral(" (%1)").arg(record.reasonCode.toHtmlEscaped());
    html += QStringLiteral("<br>%1 · %2 · %3")
                .arg(record.reviewer.toHtmlEscaped(), ReviewConflictDialog::tr("level %1").arg(record.level),
                    locale.toString(record.decidedAt.toLocalTime(), QLocale::ShortFormat));
    if (!record.note.isEmpty())
        html += QStringLiteral("<br><i>%1</i>").arg(record.note.toHtmlEscaped());
    return html;
}
} // namespace

ReviewConflictDialog::ReviewConflictDialog(QWidget *parent)
    : QDialog(parent)
    , m_heading(new QLabel(this))
    , m_list(new QTextBrowser(this))
{
    setWindowTitle(tr("Decisions That No Longer Apply"));
    setModal(false);
    m_heading->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("conflicts"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::hide);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(720, 360);
}

void ReviewConflictDialog::addConflict(const ReviewConflict &conflict)
{
    m_conflicts << conflict;
    m_heading->setText(tr("%n of your decisions could not be saved as made. Both decisions are shown; "
                          "yours stays in the journal, nothing was dropped.",
        nullptr, int(m_conflicts.size())));
    QString html
        = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" border=\"1\">"
                         "<tr><th align=\"left\">%1</th><th align=\"left\">%2</th><th align=\"left\">%3</th></tr>")
              .arg(tr("Why").toHtmlEscaped(), tr("Your decision").toHtmlEscaped(),
                  tr("The decision that stands").toHtmlEscaped());
    for (const ReviewConflict &entry : std::as_const(m_conflicts)) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(entry.reason.toHtmlEscaped(), recordCell(entry.mine),
                        entry.theirs ? recordCell(*entry.theirs) : tr("<i>not known</i>"));
    }
    m_list->setHtml(html + QStringLiteral("</table>"));
}

QString ReviewConflictDialog::text() const
{
    return m_list->toPlainText();
}
