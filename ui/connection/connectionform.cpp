#include "connection/connectionform.h"

#include "common/datalabel.h"
#include "connection/schemanamesedit.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
const QStringList SslModes { QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
    QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full") };

bool isSupabaseHost(const QString &host)
{
    return host.endsWith(QLatin1String(".supabase.co")) || host.endsWith(QLatin1String(".supabase.com"));
}

// "Supabase abcdefghijkl" from db.abcdefghijkl.supabase.co or the pooler's postgres.abcdefghijkl; else the host.
QString suggestedName(const PostgresSettings &s)
{
    if (isSupabaseHost(s.host)) {
        QString project = s.user.section(QLatin1Char('.'), 1);
        if (project.isEmpty() && s.host.startsWith(QLatin1String("db.")))
            project = s.host.section(QLatin1Char('.'), 1, 1);
        if (!project.isEmpty())
            return QCoreApplication::translate("ConnectionForm", "Supabase %1").arg(project);
    }
    return s.host;
}

QLineEdit *makeLineEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    return edit;
}
} // namespace

ConnectionForm::ConnectionForm(QWidget *parent)
    : QWidget(parent)
    , m_name(makeLineEdit(QStringLiteral("nameEdit"), this))
    , m_host(makeLineEdit(QStringLiteral("hostEdit"), this))
    , m_port(new QSpinBox(this))
    , m_database(makeLineEdit(QStringLiteral("databaseEdit"), this))
    , m_user(makeLineEdit(QStringLiteral("userEdit"), this))
    , m_password(makeLineEdit(QStringLiteral("passwordEdit"), this))
    , m_sslMode(new QComboBox(this))
    , m_rootCert(makeLineEdit(QStringLiteral("rootCertEdit"), this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_schemas(new SchemaNamesEdit(this))
{
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_port->setRange(1, 65535);
    m_port->setGroupSeparatorShown(false);
    m_password->setEchoMode(QLineEdit::Password);
    m_sslMode->setObjectName(QStringLiteral("sslModeCombo"));
    m_sslMode->addItems(SslModes);
    m_rootCert->setPlaceholderText(tr("Needed for verify-ca and verify-full"));
    m_browse->setObjectName(QStringLiteral("browseRootCert"));

    auto *certRow = new QHBoxLayout;
    certRow->setContentsMargins(0, 0, 0, 0);
    certRow->addWidget(m_rootCert, 1);
    certRow->addWidget(m_browse);

    auto *fields = new QFormLayout;
    fields->addRow(tr("&Name:"), m_name);
    fields->addRow(tr("&Host:"), m_host);
    fields->addRow(tr("&Port:"), m_port);
    fields->addRow(tr("&Database:"), m_database);
    fields->addRow(tr("&User:"), m_user);
    fields->addRow(tr("Pass&word:"), m_password);
    fields->addRow(tr("&SSL mode:"), m_sslMode);
    auto *certLabel = new QLabel(tr("&Root certificate:"), this);
    certLabel->setBuddy(m_rootCert);
    fields->addRow(certLabel, certRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createPasteRow());
    layout->addLayout(fields);
    layout->addWidget(m_schemas);
    layout->addStretch(1);

    for (QLineEdit *edit : { m_name, m_host, m_database, m_user, m_password, m_rootCert })
        connect(edit, &QLineEdit::textEdited, this, &ConnectionForm::notifyEdited);
    connect(m_host, &QLineEdit::textChanged, this, &ConnectionForm::updateSupabase);
    connect(m_schemas, &SchemaNamesEdit::edited, this, &ConnectionForm::notifyEdited);
    connect(m_port, &QSpinBox::valueChanged, this, &ConnectionForm::notifyEdited);
    connect(m_sslMode, &QComboBox::currentIndexChanged, this, [this] {
        updateSslFields();
        notifyEdited();
    });
    connect(m_browse, &QPushButton::clicked, this, &ConnectionForm::onBrowse);
    setProfile(ConnectionProfile());
}

QWidget *ConnectionForm::createPasteRow()
{
    auto *box = new QWidget(this);
    m_connectionString = makeLineEdit(QStringLiteral("connectionStringEdit"), box);
    m_connectionString->setPlaceholderText(tr("postgresql://user:password@host:5432/database"));
    // The string usually carries a password: masked except while it is being edited.
    m_connectionString->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    auto *paste = new QPushButton(tr("Fill &in"), box);
    paste->setObjectName(QStringLiteral("pasteConnectionString"));
    paste->setToolTip(tr("Fill the fields below from a connection string, such as the one Supabase shows "
                         "under Connect (direct connection or session pooler)."));
    m_pasteError = makeErrorLabel(QStringLiteral("pasteError"), box);

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_connectionString, 1);
    row->addWidget(paste);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addWidget(new QLabel(tr("Paste a connection string:"), box));
    layout->addLayout(row);
    layout->addWidget(m_pasteError);

    connect(paste, &QPushButton::clicked, this, &ConnectionForm::onPaste);
    connect(m_connectionString, &QLineEdit::returnPressed, this, &ConnectionForm::onPaste);
    return box;
}

void ConnectionForm::setProfile(const ConnectionProfile &profile)
{
    QScopedValueRollback<bool> loading(m_loading, true);
    const PostgresSettings &s = profile.settings;
    m_name->setText(profile.name);
    m_host->setText(s.host);
    m_port->setValue(s.port);
    m_database->setText(s.database);
    m_user->setText(s.user);
    m_password->clear();
    m_sslMode->setCurrentIndex(std::max(0, int(SslModes.indexOf(s.sslMode))));
    m_rootCert->setText(s.sslRootCert);
    m_schemas->setSchemas(s.schemas);
    m_pasteError->hide();
    updateSslFields();
    updateSupabase();
}

ConnectionProfile ConnectionForm::profile() const
{
    ConnectionProfile profile;
    profile.name = m_name->text().trimmed();
    PostgresSettings &s = profile.settings;
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    s.database = m_database->text().trimmed();
    s.user = m_user->text().trimmed();
    s.sslMode = m_sslMode->currentText();
    s.sslRootCert = m_rootCert->text().trimmed();
    s.schemas = m_schemas->schemas();
    return profile;
}

QString ConnectionForm::password() const
{
    return m_password->text();
}

void ConnectionForm::setPassword(const QString &password)
{
    QScopedValueRollback<bool> loading(m_loading, true);
    m_password->setText(password);
}

PostgresSettings ConnectionForm::settings() const
{
    PostgresSettings settings = profile().settings;
    settings.password = password();
    return settings;
}

QString ConnectionForm::fillFromConnectionString(const QString &text)
{
    const Result<PostgresSettings> parsed = PostgresSettings::fromConnectionString(text);
    if (!parsed)
        return parsed.error().message;
    {
        QScopedValueRollback<bool> loading(m_loading, true);
        const PostgresSettings &s = *parsed;
        m_host->setText(s.host);
        m_port->setValue(s.port);
        m_database->setText(s.database);
        m_user->setText(s.user);
        m_password->setText(s.password);
        // Supabase accepts encrypted connections only: require it rather than rely on prefer's negotiation.
        const bool supabase = isSupabaseHost(s.host) && s.sslMode == QLatin1String("prefer");
        m_sslMode->setCurrentIndex(
            std::max(0, int(SslModes.indexOf(supabase ? QStringLiteral("require") : s.sslMode))));
        m_rootCert->setText(s.sslRootCert);
        // Names the profile unless the operator has named it.
        const QString name = m_name->text().trimmed();
        if (name.isEmpty() || name == m_suggestedName || name.startsWith(tr("New connection"))) {
            m_suggestedName = suggestedName(s);
            m_name->setText(m_suggestedName);
        }
        updateSslFields();
    }
    notifyEdited();
    return {};
}

void ConnectionForm::onPaste()
{
    const QString error = fillFromConnectionString(m_connectionString->text());
    m_pasteError->setText(error);
    m_pasteError->setVisible(!error.isEmpty());
    if (error.isEmpty())
        m_connectionString->clear(); // it held the password in clear text
}

void ConnectionForm::onBrowse()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Root certificate"), m_rootCert->text(), tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
    if (file.isEmpty())
        return;
    m_rootCert->setText(file);
    notifyEdited();
}

void ConnectionForm::updateSslFields()
{
    const QString mode = m_sslMode->currentText();
    const bool verifies = mode == QLatin1String("verify-ca") || mode == QLatin1String("verify-full");
    m_rootCert->setEnabled(verifies);
    m_browse->setEnabled(verifies);
}

void ConnectionForm::updateSupabase()
{
    m_schemas->setSupabase(isSupabaseHost(m_host->text().trimmed()));
}

void ConnectionForm::notifyEdited()
{
    if (!m_loading)
        Q_EMIT edited();
}
