#pragma once

#include "db/postgresworkspace.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

// What "Test connection" found, laid out for reading: server, pgvector, schema version, row counts,
// the role's privileges and the migration status. Or, when the test failed, one plain sentence.
class ConnectionReportView : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionReportView(QWidget *parent = nullptr);

    void clear(); // before the first test
    void showReport(const ConnectionReport &report);
    void showError(const QString &sentence);

    QString migrationStatusText() const;
    QString errorText() const; // the failed test's sentence, or the reason migrations cannot be planned

Q_SIGNALS:
    void reviewRequested();

private:
    QLabel *addValue(const QString &objectName);
    void showRowCounts(const ConnectionReport &report);
    void showMigrationStatus(const ConnectionReport &report);

    QWidget *m_details;
    QLabel *m_placeholder;
    QLabel *m_latency = nullptr;
    QLabel *m_server = nullptr;
    QLabel *m_pgvector = nullptr;
    QLabel *m_vectors = nullptr;
    QLabel *m_schema = nullptr;
    QLabel *m_role = nullptr;
    QLabel *m_privileges = nullptr;
    QTableWidget *m_rowCounts;
    QLabel *m_migrationStatus;
    QPushButton *m_review;
    QLabel *m_error;
};
