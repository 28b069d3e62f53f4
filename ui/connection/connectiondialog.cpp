#include "connection/connectiondialog.h"

#include "connection/connectionerror.h"
#include "connection/connectionform.h"
#include "connection/connectionprofilelist.h"
#include "connection/connectionreportview.h"
#include "connection/connectiontester.h"
#include "common/datalabel.h"
#include "connection/migrationpreviewdialog.h"
#include "core/secretstore.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcConnectionUi, "sextant.ui")

ConnectionDialog::ConnectionDialog(SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_profiles(new ConnectionProfileList(secrets, this))
    , m_form(new ConnectionForm(this))
    , m_report(new ConnectionReportView(this))
    , m_tester(new ConnectionTester(this))
    , m_keychainNotice(makeDataLabel(QStringLiteral("keychainNotice"), this))
    , m_connect(new QPushButton(tr("&Connect"), this))
{
    setWindowTitle(tr("Connect to PostgreSQL"));
    m_profiles->setFixedWidth(190);
    auto *formBox = new QGroupBox(tr("Connection"), this);
    auto *formLayout = new QVBoxLayout(formBox);
    formLayout->addWidget(m_form);

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_profiles);
    columns->addWidget(formBox, 5);
    columns->addWidget(createTestColumn(), 6);

    m_keychainNotice->setText(tr("No keychain is available: the password is kept for this session only."));
    m_keychainNotice->setVisible(!m_secrets->isPersistent());
    m_connect->setObjectName(QStringLiteral("connectButton"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_keychainNotice, 1);
    bottom->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addLayout(bottom);

    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    connect(m_profiles, &ConnectionProfileList::currentChanged, this, &ConnectionDialog::onProfileChanged);
    connect(m_profiles, &ConnectionProfileList::passwordRead, this, &ConnectionDialog::onPasswordRead);
    connect(m_form, &ConnectionForm::edited, this, &ConnectionDialog::onFormEdited);
    connect(m_report, &ConnectionReportView::reviewRequested, this, &ConnectionDialog::reviewMigrations);
    connect(m_tester, &ConnectionTester::runningChanged, this, &ConnectionDialog::onTestRunning);
    connect(m_tester, &ConnectionTester::succeeded, this, &ConnectionDialog::onTestSucceeded);
    connect(m_tester, &ConnectionTester::failed, this, &ConnectionDialog::onTestFailed);
    connect(m_secrets, &SecretStore::persistenceChanged, this,
        [this](bool persistent) { m_keychainNotice->setVisible(!persistent); });
    QCoro::connect(m_secrets->detect(), this, [] {});

    onProfileChanged();
    resize(1180, 700);
}

QWidget *ConnectionDialog::createTestColumn()
{
    auto *box = new QGroupBox(tr("Test"), this);
    m_test = new QPushButton(tr("&Test connection"), box);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_cancelTest = new QPushButton(tr("Cancel test"), box);
    m_cancelTest->setObjectName(QStringLiteral("cancelTestButton"));
    m_cancelTest->hide();
    m_busy = new QProgressBar(box);
    m_busy->setObjectName(QStringLiteral("testBusy"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_status = makeDataLabel(QStringLiteral("testStatus"), box);

    m_test->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    auto *row = new QHBoxLayout;
    row->addWidget(m_test);
    row->addWidget(m_cancelTest);
    row->addWidget(m_busy, 1);
    row->addStretch(0); // keeps the button at the left while the busy bar is hidden
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addWidget(m_report, 1);

    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_cancelTest, &QPushButton::clicked, this, &ConnectionDialog::cancelTest);
    return box;
}

void ConnectionDialog::onProfileChanged()
{
    m_lastReport.reset();
    m_report->clear();
    m_status->clear();
    m_form->setProfile(m_profiles->currentProfile());
    m_form->setPassword(m_profiles->currentPassword());
    m_form->setEnabled(m_profiles->currentRow() >= 0);
    updateConnectState();
}

void ConnectionDialog::onPasswordRead(const QString &password)
{
    if (m_form->password().isEmpty())
        m_form->setPassword(password);
}

void ConnectionDialog::onFormEdited()
{
    m_profiles->updateCurrent(m_form->profile(), m_form->password());
    if (m_lastReport) {
        m_lastReport.reset();
        m_status->setText(tr("The settings changed since the last test: test again to connect."));
    }
    updateConnectState();
}

void ConnectionDialog::testConnection()
{
    m_report->clear();
    m_lastReport.reset();
    m_status->setText(tr("Connecting to %1…").arg(m_form->settings().displayName()));
    updateConnectState();
    m_tester->start(m_form->settings());
}

void ConnectionDialog::cancelTest()
{
    m_tester->cancel();
    m_status->setText(tr("The test was cancelled."));
}

void ConnectionDialog::onTestRunning(bool running)
{
    // The fields stay as they were tested: a report always describes what the form shows.
    m_form->setEnabled(!running);
    m_profiles->setEnabled(!running);
    m_test->setEnabled(!running);
    m_cancelTest->setVisible(running);
    m_busy->setVisible(running);
}

void ConnectionDialog::onTestSucceeded(const ConnectionReport &report)
{
    m_lastReport = report;
    m_report->showReport(report);
    if (!report.planError.isEmpty())
        m_status->setText(tr("Connected, but Sextant cannot use this database as it is."));
    else if (!report.plan.isEmpty())
        m_status->setText(tr("Connected. Review and apply the pending migrations before connecting."));
    else
        m_status->setText(tr("Connected. Sextant can use this database."));
    updateConnectState();
    Q_EMIT testFinished();
}

void ConnectionDialog::onTestFailed(const Error &error)
{
    m_status->setText(tr("The test failed."));
    m_report->showError(describeConnectionError(error, m_form->settings()));
    updateConnectState();
    Q_EMIT testFinished();
}

void ConnectionDialog::reviewMigrations()
{
    if (!m_lastReport)
        return;
    m_preview = new MigrationPreviewDialog(m_form->settings(), *m_lastReport, this);
    m_preview->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_preview, &QDialog::accepted, this, &ConnectionDialog::testConnection);
    m_preview->open();
}

MigrationPreviewDialog *ConnectionDialog::migrationPreview() const
{
    return m_preview;
}

bool ConnectionDialog::isTesting() const
{
    return m_tester->isRunning();
}

bool ConnectionDialog::canConnect() const
{
    return m_lastReport && m_lastReport->planError.isEmpty() && m_lastReport->plan.isEmpty();
}

QString ConnectionDialog::statusText() const
{
    return m_status->text();
}

void ConnectionDialog::updateConnectState()
{
    m_connect->setEnabled(canConnect());
    m_connect->setToolTip(
        canConnect() ? QString() : tr("Test the connection first: Sextant connects to an up-to-date schema only."));
}

PostgresSettings ConnectionDialog::settings() const
{
    return m_form->settings();
}

void ConnectionDialog::accept()
{
    if (!canConnect())
        return;
    if (Result<void> saved = m_profiles->save(); !saved) {
        m_status->setText(saved.error().message);
        return;
    }
    const QString key = m_profiles->currentProfile().secretKey();
    const QString password = m_form->password();
    // The store outlives the dialog and finishes the write after it has closed.
    QCoro::connect(password.isEmpty() ? m_secrets->remove(key) : m_secrets->write(key, password), m_secrets,
        [](const Result<void> &result) {
            if (!result)
                qCWarning(lcConnectionUi, "%s", qPrintable(result.error().message));
        });
    QDialog::accept();
}
