#pragma once

#include "db/postgresworkspace.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

// Shows the SQL that migrating a PostgreSQL workspace would run, read-only, and applies it on a pool
// thread when asked. Accepted once the migrations are applied; the caller then tests the connection
// again. While they run the dialog cannot be closed: the transaction finishes either way.
class MigrationPreviewDialog : public QDialog
{
    Q_OBJECT
public:
    MigrationPreviewDialog(const PostgresSettings &settings, const ConnectionReport &report, QWidget *parent = nullptr);

    QString scriptText() const;
    bool isApplying() const { return m_applying; }

public Q_SLOTS:
    void reject() override;

private:
    QString summary() const;
    void apply();
    void onApplied(const Result<void> &result);

    PostgresSettings m_settings; // carries the password: never shown or logged
    ConnectionReport m_report;
    QPlainTextEdit *m_script;
    QLabel *m_permission;
    QLabel *m_error;
    QProgressBar *m_busy;
    QPushButton *m_apply;
    QPushButton *m_close;
    bool m_applying = false;
};
