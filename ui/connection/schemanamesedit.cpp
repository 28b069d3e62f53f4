#include "connection/schemanamesedit.h"

#include "common/datalabel.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace {
QLineEdit *makeSchemaLineEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    return edit;
}

QString nameOr(const QLineEdit *edit, const QString &fallback)
{
    const QString name = edit->text().trimmed();
    return name.isEmpty() ? fallback : name;
}
} // namespace

SchemaNamesEdit::SchemaNamesEdit(QWidget *parent)
    : QWidget(parent)
    , m_eumas(makeSchemaLineEdit(QStringLiteral("eumasSchemaEdit"), this))
    , m_auth(makeSchemaLineEdit(QStringLiteral("authSchemaEdit"), this))
    , m_core(makeSchemaLineEdit(QStringLiteral("coreSchemaEdit"), this))
    , m_ai(makeSchemaLineEdit(QStringLiteral("aiSchemaEdit"), this))
    , m_hint(makeDataLabel(QStringLiteral("supabaseHint"), this))
    , m_problems(makeErrorLabel(QStringLiteral("schemaNameProblems"), this))
{
    const SqlSchemas defaults;
    m_eumas->setPlaceholderText(defaults.eumas);
    m_auth->setPlaceholderText(defaults.auth);
    m_core->setPlaceholderText(defaults.core);
    m_ai->setPlaceholderText(defaults.ai);
    const QString rule = tr("Lower-case letters a-z, digits and _, starting with a letter or _, at most 63 "
                            "characters; empty for the default name.");
    for (QLineEdit *edit : { m_eumas, m_auth, m_core, m_ai })
        edit->setToolTip(rule);

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("EUMAS:"), this), 0, 0);
    grid->addWidget(m_eumas, 0, 1);
    grid->addWidget(new QLabel(tr("8thDegree auth:"), this), 0, 2);
    grid->addWidget(m_auth, 0, 3);
    grid->addWidget(new QLabel(tr("8thDegree core:"), this), 1, 0);
    grid->addWidget(m_core, 1, 1);
    grid->addWidget(new QLabel(tr("8thDegree AI:"), this), 1, 2);
    grid->addWidget(m_ai, 1, 3);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);

    auto *title = new QLabel(tr("Schemas"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(title);
    layout->addLayout(grid);
    layout->addWidget(m_problems);
    layout->addWidget(m_hint);

    for (QLineEdit *edit : { m_eumas, m_auth, m_core, m_ai }) {
        connect(edit, &QLineEdit::textEdited, this, &SchemaNamesEdit::edited);
        connect(edit, &QLineEdit::textChanged, this, &SchemaNamesEdit::updateProblems);
    }
    connect(m_auth, &QLineEdit::textChanged, this, &SchemaNamesEdit::updateHint);
    updateHint();
}

void SchemaNamesEdit::setSchemas(const SqlSchemas &schemas)
{
    m_eumas->setText(schemas.eumas);
    m_auth->setText(schemas.auth);
    m_core->setText(schemas.core);
    m_ai->setText(schemas.ai);
}

SqlSchemas SchemaNamesEdit::schemas() const
{
    const SqlSchemas defaults;
    SqlSchemas schemas;
    schemas.eumas = nameOr(m_eumas, defaults.eumas);
    schemas.auth = nameOr(m_auth, defaults.auth);
    schemas.core = nameOr(m_core, defaults.core);
    schemas.ai = nameOr(m_ai, defaults.ai);
    return schemas;
}

void SchemaNamesEdit::setSupabase(bool supabase)
{
    m_supabase = supabase;
    updateHint();
}

void SchemaNamesEdit::updateHint()
{
    const bool clash = m_supabase && schemas().auth == QLatin1String("auth");
    m_hint->setText(clash ? tr("This is a Supabase project and the 8thDegree auth schema is still called auth, which "
                               "Supabase uses itself: rename it, for example to app_auth.")
                          : tr("On Supabase, the project already has its own auth.users table: give the 8thDegree "
                               "auth schema another name, such as app_auth."));
    m_hint->setEnabled(clash); // dimmed while it is only a hint
}

QString SchemaNamesEdit::problems() const
{
    const SqlSchemas names = schemas();
    const std::pair<QString, QString> fields[] = { { tr("EUMAS"), names.eumas }, { tr("8thDegree auth"), names.auth },
        { tr("8thDegree core"), names.core }, { tr("8thDegree AI"), names.ai } };
    QStringList lines;
    for (const auto &[field, name] : fields) {
        if (const QString why = SqlSchemas::problem(name); !why.isEmpty())
            lines << tr("%1: %2").arg(field, why);
    }
    return lines.join(QLatin1Char('\n'));
}

void SchemaNamesEdit::updateProblems()
{
    const QString text = problems();
    m_problems->setText(text);
    m_problems->setVisible(!text.isEmpty());
}
