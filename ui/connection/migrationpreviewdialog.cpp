#include "connection/migrationpreviewdialog.h"

#include "common/datalabel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
// Runs on a pool thread: the connection is gone again before this returns.
Result<void> applyMigrations(const PostgresSettings &settings, const QString &connection)
{
    Result<MigrationPlan> applied = PostgresWorkspace::migrate(settings, connection);
    if (!applied)
        return applied.error();
    return {};
}
} // namespace

MigrationPreviewDialog::MigrationPreviewDialog(
    const PostgresSettings &settings, const ConnectionReport &report, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_report(report)
    , m_script(new QPlainTextEdit(this))
    , m_permission(makeDataLabel(QStringLiteral("applyPermission"), this))
    , m_error(makeErrorLabel(QStringLiteral("applyError"), this))
    , m_busy(new QProgressBar(this))
    , m_apply(new QPushButton(tr("&Apply"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Review migrations"));
    auto *summaryLabel = makeDataLabel(QStringLiteral("migrationSummary"), this);
    summaryLabel->setText(summary());

    m_script->setObjectName(QStringLiteral("migrationScript"));
    m_script->setReadOnly(true);
    m_script->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_script->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_script->setPlainText(report.plan.script());

    const bool allowed = report.privileges.canMigrate;
    m_permission->setVisible(!allowed);
    m_permission->setText(tr("%1 (%2) may not change this schema, so Sextant cannot apply the migrations. Ask "
                             "the schema owner to apply them (Copy SQL gives the script), or connect as the owner.")
                              .arg(report.privileges.user, report.privileges.roleName()));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(10);
    m_busy->hide();

    m_apply->setObjectName(QStringLiteral("applyMigrations"));
    m_apply->setAutoDefault(false); // Enter must not change a database
    m_close->setDefault(true);
    m_apply->setEnabled(allowed && !report.plan.isEmpty());
    if (!allowed)
        m_apply->setToolTip(m_permission->text());
    auto *copy = new QPushButton(tr("&Copy SQL"), this);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(copy, QDialogButtonBox::ActionRole);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summaryLabel);
    layout->addWidget(m_script, 1);
    layout->addWidget(m_permission);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);

    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(scriptText()); });
    connect(m_apply, &QPushButton::clicked, this, &MigrationPreviewDialog::apply);
    connect(m_close, &QPushButton::clicked, this, &MigrationPreviewDialog::reject);
    resize(900, 640);
}

QString MigrationPreviewDialog::summary() const
{
    const MigrationPlan &plan = m_report.plan;
    QStringList sentences;
    const int steps = int(plan.steps.size());
    sentences << (plan.currentVersion == 0
            ? tr("%n step(s) create the Sextant schema, version %2, in %1.", nullptr, steps)
                  .arg(m_settings.displayName())
                  .arg(plan.targetVersion)
            : tr("%n step(s) take %1 from schema version %2 to %3.", nullptr, steps)
                  .arg(m_settings.displayName())
                  .arg(plan.currentVersion)
                  .arg(plan.targetVersion));
    sentences << tr("They run in one transaction: if any statement fails, the database is left as it was.");
    if (plan.adoptsSeedPlan)
        sentences << tr("The 8thDegree tables that already exist (users, jobs, embeddings from the seed plan) are "
                        "adopted and upgraded in place; their rows are kept.");
    if (plan.enablesPgvector)
        sentences << tr("The pgvector extension is enabled first, so embeddings are stored as vector(1536).");
    return sentences.join(QLatin1Char(' '));
}

QString MigrationPreviewDialog::scriptText() const
{
    return m_script->toPlainText();
}

void MigrationPreviewDialog::reject()
{
    if (!m_applying)
        QDialog::reject();
}

void MigrationPreviewDialog::apply()
{
    m_applying = true;
    m_apply->setEnabled(false);
    m_close->setEnabled(false);
    m_error->hide();
    m_busy->show();
    const QString connection = QStringLiteral("sextant-migrate-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    QtConcurrent::run(&applyMigrations, m_settings, connection).then(this, [this](const Result<void> &result) {
        onApplied(result);
    });
}

void MigrationPreviewDialog::onApplied(const Result<void> &result)
{
    m_applying = false;
    m_busy->hide();
    m_close->setEnabled(true);
    if (result) {
        accept();
        return;
    }
    m_apply->setEnabled(true);
    m_error->setText(
        tr("The migrations were not applied, and the database is unchanged: %1").arg(result.error().message));
    m_error->show();
}
