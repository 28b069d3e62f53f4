#include "ai/promptsdialog.h"

#include "archetypes/promptlibrary.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

PromptsDialog::PromptsDialog(QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_title(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Evaluation Prompts"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_title->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("promptList"));

    const Result<QList<PromptTemplate>> prompts = PromptLibrary().all();
    if (!prompts) {
        m_title->setText(tr("The prompts could not be read: %1").arg(prompts.errorMessage()));
    } else {
        for (const PromptTemplate &p : *prompts) {
            auto *item = new QListWidgetItem(p.fullVersion(), m_list);
            item->setData(Qt::UserRole, p.text());
            item->setData(Qt::UserRole + 1, QStringLiteral("<b>%1</b><br>%2").arg(p.title.toHtmlEscaped(), p.description.toHtmlEscaped()));
        }
    }
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        m_text->setPlainText(item ? item->data(Qt::UserRole).toString() : QString());
        m_title->setText(item ? item->data(Qt::UserRole + 1).toString() : QString());
    });
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_title);
    rightLayout->addWidget(m_text, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_list);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 260, 640 });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(960, 620);
}

int PromptsDialog::promptCount() const
{
    return m_list->count();
}

QString PromptsDialog::shownText() const
{
    return m_text->toPlainText();
}
