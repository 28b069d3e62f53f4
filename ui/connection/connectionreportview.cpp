#include "connection/connectionreportview.h"

#include "common/datalabel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

ConnectionReportView::ConnectionReportView(QWidget *parent)
    : QWidget(parent)
    , m_details(new QWidget(this))
    , m_placeholder(
          new QLabel(tr("Test the connection to see the server, its schema and what this role may do."), this))
    , m_rowCounts(new QTableWidget(0, 2, m_details))
    , m_migrationStatus(makeDataLabel(QStringLiteral("migrationStatus"), m_details))
    , m_review(new QPushButton(tr("Review migrations…"), m_details))
    , m_error(makeErrorLabel(QStringLiteral("connectionError"), this))
{
    m_placeholder->setObjectName(QStringLiteral("reportPlaceholder"));
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_review->setObjectName(QStringLiteral("reviewMigrations"));
    auto *migrations = new QHBoxLayout;
    migrations->setContentsMargins(0, 0, 0, 0);
    migrations->addWidget(m_migrationStatus, 1);
    migrations->addWidget(m_review, 0, Qt::AlignTop);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Latency:"), m_latency = addValue(QStringLiteral("reportLatency")));
    form->addRow(tr("Server:"), m_server = addValue(QStringLiteral("reportServer")));
    form->addRow(tr("pgvector:"), m_pgvector = addValue(QStringLiteral("reportPgvector")));
    form->addRow(tr("Embeddings:"), m_vectors = addValue(QStringLiteral("reportVectors")));
    form->addRow(tr("Schema:"), m_schema = addValue(QStringLiteral("reportSchema")));
    form->addRow(tr("Migrations:"), migrations);
    form->addRow(tr("Role:"), m_role = addValue(QStringLiteral("reportRole")));
    form->addRow(tr("Privileges:"), m_privileges = addValue(QStringLiteral("reportPrivileges")));

    m_rowCounts->setObjectName(QStringLiteral("rowCountTable"));
    m_rowCounts->setHorizontalHeaderLabels({ tr("Table"), tr("Rows") });
    m_rowCounts->verticalHeader()->hide();
    m_rowCounts->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_rowCounts->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_rowCounts->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_rowCounts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rowCounts->setSelectionMode(QAbstractItemView::NoSelection);
    m_rowCounts->setMinimumHeight(120);

    auto *details = new QVBoxLayout(m_details);
    details->setContentsMargins(0, 0, 0, 0);
    details->addLayout(form);
    details->addWidget(m_rowCounts, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_details, 1);
    layout->addWidget(m_error);
    layout->addStretch(0); // takes the height while the table is hidden, so the rows stay together at the top

    connect(m_review, &QPushButton::clicked, this, &ConnectionReportView::reviewRequested);
    clear();
}

QLabel *ConnectionReportView::addValue(const QString &objectName)
{
    return makeDataLabel(objectName, m_details);
}

void ConnectionReportView::clear()
{
    m_details->hide();
    m_error->hide();
    m_error->clear();
    m_placeholder->show();
}

void ConnectionReportView::showError(const QString &sentence)
{
    m_details->hide();
    m_placeholder->hide();
    m_error->setText(sentence);
    m_error->show();
}

void ConnectionReportView::showReport(const ConnectionReport &report)
{
    m_placeholder->hide();
    m_error->hide();
    m_error->clear();
    m_latency->setText(tr("%1 ms").arg(report.latencyMs));
    // "PostgreSQL 15.5 on x86_64-pc-linux-gnu, compiled by …": the compiler is noise here.
    m_server->setText(report.serverVersion.section(QLatin1Char(','), 0, 0));
    m_server->setToolTip(report.serverVersion);
    if (!report.pgvectorVersion.isEmpty())
        m_pgvector->setText(tr("version %1 installed").arg(report.pgvectorVersion));
    else if (report.pgvectorAvailable)
        m_pgvector->setText(tr("available, not installed yet"));
    else
        m_pgvector->setText(tr("not available on this server"));
    m_vectors->setText(
        report.nativeVectors ? tr("vector(1536) columns (pgvector)") : tr("real[] arrays (without pgvector)"));
    if (report.schemaVersion == 0)
        m_schema->setText(tr("no Sextant schema yet (this build knows version %1)").arg(report.latestVersion));
    else
        m_schema->setText(
            tr("version %1 (this build knows version %2)").arg(report.schemaVersion).arg(report.latestVersion));
    const Privileges &p = report.privileges;
    if (p.user.isEmpty()) {
        // Read from the grants on Sextant's tables: a database without them has nothing to read yet.
        const QString unknown
            = report.schemaVersion == 0 ? tr("known once the Sextant schema exists") : tr("could not be read");
        m_role->setText(unknown);
        m_privileges->setText(unknown);
    } else {
        m_role->setText(tr("%1 (%2)").arg(p.user, p.roleName()));
        m_privileges->setText(p.describe().join(QLatin1Char('\n')));
    }
    showRowCounts(report);
    showMigrationStatus(report);
    m_details->show();
}

void ConnectionReportView::showRowCounts(const ConnectionReport &report)
{
    m_rowCounts->setRowCount(int(report.rowCounts.size()));
    const QLocale locale;
    for (int row = 0; row < int(report.rowCounts.size()); ++row) {
        const auto &[table, count] = report.rowCounts[row];
        m_rowCounts->setItem(row, 0, new QTableWidgetItem(table));
        auto *rows = new QTableWidgetItem(count < 0 ? tr("not readable") : locale.toString(count));
        rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_rowCounts->setItem(row, 1, rows);
    }
    m_rowCounts->setVisible(!report.rowCounts.isEmpty());
}

void ConnectionReportView::showMigrationStatus(const ConnectionReport &report)
{
    if (!report.planError.isEmpty()) {
        m_migrationStatus->setText(tr("Sextant cannot use this schema."));
        m_error->setText(report.planError);
        m_error->show();
        m_review->hide();
    } else if (report.plan.isEmpty()) {
        m_migrationStatus->setText(tr("The schema is up to date."));
        m_review->hide();
    } else {
        const int steps = int(report.plan.steps.size());
        m_migrationStatus->setText(report.plan.currentVersion == 0
                ? tr("%n migration step(s) pending: they create the schema at version %1.", nullptr, steps)
                      .arg(report.plan.targetVersion)
                : tr("%n migration step(s) pending: from version %1 to %2.", nullptr, steps)
                      .arg(report.plan.currentVersion)
                      .arg(report.plan.targetVersion));
        m_review->show();
    }
}

QString ConnectionReportView::migrationStatusText() const
{
    return m_migrationStatus->text();
}

QString ConnectionReportView::errorText() const
{
    return m_error->text();
}
