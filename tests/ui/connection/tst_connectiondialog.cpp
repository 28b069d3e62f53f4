#include "connection/connectiondialog.h"
#include "connection/connectionform.h"
#include "connection/connectionprofilelist.h"
#include "connection/connectionreportview.h"
#include "window/mainwindow.h"
#include "connection/migrationpreviewdialog.h"
#include "core/secretstore.h"
#include "support/testutil.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCoroTask>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

// The connection dialog against the real test server: paste, test, review, apply, connect. Saves
// screenshots of the report and of the migration preview for a person to look at.
class TestConnectionDialog : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        QString dir = qEnvironmentVariable("SEXTANT_TEST_OUTPUT");
        if (dir.isEmpty())
            dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    template<typename T> static T *child(QWidget *parent, const char *name)
    {
        T *widget = parent->findChild<T *>(QLatin1String(name));
        if (!widget)
            qWarning("no child %s", name);
        return widget;
    }

    static QString labelText(QWidget *parent, const char *name) { return child<QLabel>(parent, name)->text(); }

    // Pastes `text` into the dialog's connection-string box and fills the form from it.
    static void paste(ConnectionDialog &dialog, const QString &text)
    {
        child<QLineEdit>(&dialog, "connectionStringEdit")->setText(text);
        QTest::mouseClick(child<QPushButton>(&dialog, "pasteConnectionString"), Qt::LeftButton);
    }

    static void rename(ConnectionDialog &dialog, const QString &name)
    {
        auto *edit = child<QLineEdit>(&dialog, "nameEdit");
        edit->selectAll();
        QTest::keyClicks(edit, name);
    }

    static QString uri(const PostgresSettings &s, const QString &password)
    {
        return QStringLiteral("postgresql://%1:%2@%3:%4/%5").arg(s.user, password, s.host).arg(s.port).arg(s.database);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_connectiondialog"));
    }

    void init() { QSettings().clear(); }

    void pastesSupabaseStrings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("user");
        QTest::newRow("direct") << QStringLiteral(
            "postgresql://postgres:PW-1@db.abcdefghijkl.supabase.co:5432/postgres")
                                << QStringLiteral("db.abcdefghijkl.supabase.co") << QStringLiteral("postgres");
        QTest::newRow("session pooler") << QStringLiteral(
            "postgresql://postgres.abcdefghijkl:PW-1@aws-0-eu-central-1.pooler.supabase.com:5432/postgres")
                                        << QStringLiteral("aws-0-eu-central-1.pooler.supabase.com")
                                        << QStringLiteral("postgres.abcdefghijkl");
    }

    void pastesSupabaseStrings()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(QString, user);
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        paste(dialog, text);
        QCOMPARE(child<QLineEdit>(&dialog, "hostEdit")->text(), host);
        QCOMPARE(child<QLineEdit>(&dialog, "userEdit")->text(), user);
        QCOMPARE(child<QSpinBox>(&dialog, "portSpin")->value(), 5432);
        QCOMPARE(child<QLineEdit>(&dialog, "databaseEdit")->text(), QStringLiteral("postgres"));
        QCOMPARE(child<QLineEdit>(&dialog, "passwordEdit")->text(), QStringLiteral("PW-1"));
        QCOMPARE(child<QLineEdit>(&dialog, "passwordEdit")->echoMode(), QLineEdit::Password);
        QVERIFY(child<QLineEdit>(&dialog, "connectionStringEdit")->text().isEmpty()); // it held the password
        QCOMPARE(child<QComboBox>(&dialog, "sslModeCombo")->currentText(), QStringLiteral("require"));
        QVERIFY(labelText(&dialog, "supabaseHint").contains(QLatin1String("app_auth")));
        // The profile takes everything but the password.
        const ConnectionProfile profile = dialog.profileList()->currentProfile();
        QCOMPARE(profile.settings.host, host);
        QCOMPARE(profile.name, QStringLiteral("Supabase abcdefghijkl"));
        QVERIFY(profile.settings.password.isEmpty());
        QCOMPARE(dialog.settings().password, QStringLiteral("PW-1"));
        if (QByteArray(QTest::currentDataTag()) == "session pooler") {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("connectiondialog-supabase.png"))));
        }
    }

    void badConnectionStringIsExplained()
    {
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        paste(dialog, QStringLiteral("host127.0.0.1"));
        QVERIFY(!labelText(&dialog, "pasteError").isEmpty());
    }

    void badSchemaNameIsExplainedAndRefused()
    {
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        auto *problems = child<QLabel>(&dialog, "schemaNameProblems");
        QVERIFY(problems->isHidden());
        auto *core = child<QLineEdit>(&dialog, "coreSchemaEdit");
        QTest::keyClicks(core, QStringLiteral("x\"; DROP TABLE t; --"));
        QVERIFY(!problems->isHidden());
        QVERIFY2(problems->text().startsWith(QLatin1String("8thDegree core:")), qPrintable(problems->text()));
        QVERIFY(problems->text().contains(QLatin1String("a-z"))); // says what is allowed
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("connectiondialog-badschema.png"))));
        // The services refuse the name too, before connecting anywhere.
        dialog.testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY2(dialog.reportView()->errorText().contains(QLatin1String("core schema")),
            qPrintable(dialog.reportView()->errorText()));
        QVERIFY(!child<QPushButton>(&dialog, "connectButton")->isEnabled());

        core->clear(); // empty: the default name
        QVERIFY(problems->isHidden());
        QTest::keyClicks(core, QStringLiteral("app_core"));
        QVERIFY(problems->isHidden());
        QCOMPARE(dialog.settings().schemas.core, QStringLiteral("app_core"));
    }

    void rootCertificateOnlyForVerifyModes()
    {
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        auto *mode = child<QComboBox>(&dialog, "sslModeCombo");
        auto *browse = child<QPushButton>(&dialog, "browseRootCert");
        for (const char *name : { "disable", "allow", "prefer", "require" }) {
            mode->setCurrentText(QLatin1String(name));
            QVERIFY2(!browse->isEnabled(), name);
        }
        for (const char *name : { "verify-ca", "verify-full" }) {
            mode->setCurrentText(QLatin1String(name));
            QVERIFY2(browse->isEnabled(), name);
        }
        QCOMPARE(mode->count(), 6);
    }

    void addDuplicateDelete()
    {
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        auto *list = child<QListWidget>(&dialog, "profileList");
        QCOMPARE(list->count(), 1); // a first, unsaved profile to fill in
        rename(dialog, QStringLiteral("Alpha"));
        QCOMPARE(list->item(0)->text(), QStringLiteral("Alpha"));
        QTest::mouseClick(child<QPushButton>(&dialog, "duplicateProfile"), Qt::LeftButton);
        QCOMPARE(list->count(), 2);
        QCOMPARE(list->currentItem()->text(), QStringLiteral("Alpha (copy)"));
        QTest::mouseClick(child<QPushButton>(&dialog, "addProfile"), Qt::LeftButton);
        QCOMPARE(list->count(), 3);
        QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), list->currentItem()->text());
        QTest::mouseClick(child<QPushButton>(&dialog, "deleteProfile"), Qt::LeftButton);
        QCOMPARE(list->count(), 2);
        QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), list->currentItem()->text());
        QVERIFY(!child<QPushButton>(&dialog, "connectButton")->isEnabled());
    }

    void applyPreviewNeedsPrivilege()
    {
        ConnectionReport report;
        report.privileges.user = QStringLiteral("viewer");
        report.privileges.canMigrate = false;
        report.privileges.sextantRoles = { QStringLiteral("sextant_viewer") };
        report.plan.targetVersion = 2;
        report.plan.steps << Migration { 1, QStringLiteral("canonical schema"),
            QStringLiteral("CREATE TABLE x (id int);") };
        MigrationPreviewDialog preview(PostgresSettings(), report);
        QVERIFY(!child<QPushButton>(&preview, "applyMigrations")->isEnabled());
        QVERIFY(labelText(&preview, "applyPermission").contains(QLatin1String("viewer")));
        QVERIFY(preview.scriptText().contains(QLatin1String("CREATE TABLE x")));
    }

    void testReviewApplyConnect()
    {
        const std::optional<PostgresSettings> server = recreatePostgresDatabase(QStringLiteral("dlg_fresh"));
        if (!server)
            QSKIP("SEXTANT_TEST_PG is not set (or its server cannot create databases)");
        const QString password = QStringLiteral("dialog-pw-%1").arg(QCoreApplication::applicationPid());
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        paste(dialog, uri(*server, password)); // the test server trusts every password
        rename(dialog, QStringLiteral("Test server"));
        QTRY_VERIFY(child<QLabel>(&dialog, "keychainNotice")->isVisible()); // no keychain in this test

        QTest::mouseClick(child<QPushButton>(&dialog, "testButton"), Qt::LeftButton);
        QVERIFY(dialog.isTesting());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY2(dialog.reportView()->errorText().isEmpty(), qPrintable(dialog.reportView()->errorText()));
        QVERIFY(labelText(&dialog, "reportServer").startsWith(QLatin1String("PostgreSQL")));
        QVERIFY2(dialog.reportView()->migrationStatusText().contains(QLatin1String("pending")),
            qPrintable(dialog.reportView()->migrationStatusText()));
        QVERIFY(!child<QPushButton>(&dialog, "connectButton")->isEnabled());
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("connectiondialog-pending.png"))));

        QTest::mouseClick(child<QPushButton>(&dialog, "reviewMigrations"), Qt::LeftButton);
        QPointer<MigrationPreviewDialog> preview = dialog.migrationPreview();
        QVERIFY(preview);
        QTRY_VERIFY(preview->isVisible());
        QVERIFY(preview->scriptText().contains(QLatin1String("CREATE TABLE")));
        QVERIFY(child<QPushButton>(preview, "applyMigrations")->isEnabled());
        QVERIFY(preview->grab().save(screenshotPath(QStringLiteral("migrationpreview.png"))));

        QTest::mouseClick(child<QPushButton>(preview, "applyMigrations"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!preview, 60000); // accepted and gone
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000); // tested again
        QVERIFY2(dialog.reportView()->migrationStatusText().contains(QLatin1String("up to date")),
            qPrintable(dialog.reportView()->migrationStatusText() + dialog.reportView()->errorText()));
        QVERIFY(child<QTableWidget>(&dialog, "rowCountTable")->rowCount() > 0);
        auto *connectButton = child<QPushButton>(&dialog, "connectButton");
        QVERIFY(connectButton->isEnabled());
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("connectiondialog-uptodate.png"))));

        QTest::mouseClick(connectButton, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.settings().database, QStringLiteral("dlg_fresh"));
        QCOMPARE(dialog.settings().password, password);

        // Saved: the profile without its password, the password in the (session-only) secret store.
        const QList<ConnectionProfile> saved = ConnectionProfileStore().load();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().name, QStringLiteral("Test server"));
        QCOMPARE(saved.first().settings.database, QStringLiteral("dlg_fresh"));
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(password.toUtf8()));
        QTRY_VERIFY(QCoro::waitFor(secrets.read(saved.first().secretKey())).ok());
        QCOMPARE(*QCoro::waitFor(secrets.read(saved.first().secretKey())), password);

        // A new dialog selects the saved profile and fills in its password from the store.
        ConnectionDialog again(&secrets);
        QCOMPARE(child<QLineEdit>(&again, "nameEdit")->text(), QStringLiteral("Test server"));
        QTRY_COMPARE(child<QLineEdit>(&again, "passwordEdit")->text(), password);
    }

    void badPortIsAPlainSentence()
    {
        std::optional<PostgresSettings> server = testPostgres();
        if (!server)
            QSKIP("SEXTANT_TEST_PG is not set");
        server->port = 1;
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        paste(dialog, uri(*server, QStringLiteral("x")));
        QTest::mouseClick(child<QPushButton>(&dialog, "testButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        const QString error = dialog.reportView()->errorText();
        QVERIFY2(error.startsWith(QLatin1String("Nothing answers at")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("%1:1").arg(server->host)));
        QVERIFY(!error.contains(QLatin1String("QPSQL")));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(child<QLabel>(&dialog, "connectionError")->isVisibleTo(&dialog));
        QVERIFY(!child<QPushButton>(&dialog, "connectButton")->isEnabled());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("connectiondialog-error.png"))));
    }

    void cancelledTestIsIgnored()
    {
        const std::optional<PostgresSettings> server = testPostgres();
        if (!server)
            QSKIP("SEXTANT_TEST_PG is not set");
        SecretStore secrets;
        ConnectionDialog dialog(&secrets);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        paste(dialog, uri(*server, QStringLiteral("x")));
        dialog.testConnection();
        QVERIFY(dialog.isTesting());
        QVERIFY(!child<QLineEdit>(&dialog, "hostEdit")->isEnabled()); // the tested fields stay as they are
        QTest::mouseClick(child<QPushButton>(&dialog, "cancelTestButton"), Qt::LeftButton);
        QVERIFY(!dialog.isTesting());
        QVERIFY(child<QLineEdit>(&dialog, "hostEdit")->isEnabled());
        QTest::qWait(1500); // the probe finishes on its thread; its report must not appear
        QCOMPARE(finished.count(), 0);
        QVERIFY(!child<QPushButton>(&dialog, "connectButton")->isEnabled());
        QVERIFY(dialog.statusText().contains(QLatin1String("cancelled")));
    }

    void sessionRefusesPendingMigrations()
    {
        const std::optional<PostgresSettings> server = recreatePostgresDatabase(QStringLiteral("dlg_pending"));
        if (!server)
            QSKIP("SEXTANT_TEST_PG is not set");
        WorkspaceSession session;
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        session.openPostgres(*server);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QVERIFY(opened.isEmpty());
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("--migrate")), qPrintable(message));
        QVERIFY(!session.isOpen());

        // What --connect … --migrate runs; a second run finds nothing to do.
        const Result<MigrationPlan> applied = WorkspaceSession::migratePostgres(*server);
        QVERIFY2(applied.ok(), qPrintable(applied.errorMessage()));
        QVERIFY(!applied->isEmpty());
        const Result<MigrationPlan> again = WorkspaceSession::migratePostgres(*server);
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QVERIFY(again->isEmpty());
    }

    void mainWindowConnectsThroughTheDialog()
    {
        const std::optional<PostgresSettings> server = recreatePostgresDatabase(QStringLiteral("dlg_window"));
        if (!server)
            QSKIP("SEXTANT_TEST_PG is not set");
        QVERIFY(WorkspaceSession::migratePostgres(*server).ok());
        WorkspaceSession session;
        MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction *action = nullptr;
        for (QAction *candidate : window.menuBar()->actions().first()->menu()->actions()) {
            if (candidate->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O))
                action = candidate;
        }
        QVERIFY(action);
        QCOMPARE(action->text(), QStringLiteral("Connect to &PostgreSQL…"));
        action->trigger();
        auto *dialog = window.findChild<ConnectionDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QSignalSpy finished(dialog, &ConnectionDialog::testFinished);
        paste(*dialog, uri(*server, QStringLiteral("pw")));
        dialog->testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY2(dialog->canConnect(), qPrintable(dialog->reportView()->errorText() + dialog->statusText()));

        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
        QVERIFY(window.isWorkspaceShown());
        QCOMPARE(session.name(), server->displayName());
        QVERIFY(window.windowTitle().contains(server->displayName()));
    }
};

int main(int argc, char *argv[])
{
    // No keychain may answer, whatever desktop the test runs on: the session-only store is used.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sextant-test-bus");
    QApplication app(argc, argv);
    TestConnectionDialog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connectiondialog.moc"
