#pragma once

#include "db/connectionprofile.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class ConnectionForm;
class ConnectionProfileList;
class ConnectionReportView;
class ConnectionTester;
class MigrationPreviewDialog;
class QLabel;
class QProgressBar;
class QPushButton;
class SecretStore;

// "Connect to PostgreSQL": saved profiles on the left, the selected one's fields, a connection test
// with its report, and the migration preview. Connect is offered once a test of the current fields
// found an up-to-date schema; it saves the profiles (without passwords) and puts the password in the
// SecretStore. Deleting a profile takes effect at once; other profile edits are saved on Connect.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    // `secrets` must outlive the dialog (it finishes writing the password after the dialog has gone).
    explicit ConnectionDialog(SecretStore *secrets, QWidget *parent = nullptr);

    // The accepted connection, password included: hand it on, do not keep it.
    PostgresSettings settings() const;

    ConnectionProfileList *profileList() const { return m_profiles; }
    ConnectionForm *form() const { return m_form; }
    ConnectionReportView *reportView() const { return m_report; }
    MigrationPreviewDialog *migrationPreview() const; // while it is open
    bool isTesting() const;
    bool canConnect() const;
    QString statusText() const;

public Q_SLOTS:
    void accept() override;
    void testConnection();
    void cancelTest();
    void reviewMigrations();

Q_SIGNALS:
    void testFinished(); // a report or an error is on screen

private:
    QWidget *createTestColumn();
    void onProfileChanged();
    void onPasswordRead(const QString &password);
    void onFormEdited();
    void onTestRunning(bool running);
    void onTestSucceeded(const ConnectionReport &report);
    void onTestFailed(const Error &error);
    void updateConnectState();

    SecretStore *m_secrets;
    std::optional<ConnectionReport> m_lastReport; // of the fields as they are now; reset by any edit

    ConnectionProfileList *m_profiles;
    ConnectionForm *m_form;
    ConnectionReportView *m_report;
    ConnectionTester *m_tester;
    QPushButton *m_test = nullptr;
    QPushButton *m_cancelTest = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_keychainNotice;
    QPushButton *m_connect;
    QPointer<MigrationPreviewDialog> m_preview;
};
