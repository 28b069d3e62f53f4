#include "memories/memoryimportdialog.h"

#include "tasks/taskrunner.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
constexpr int ProblemsShown = 5000; // the table is a report, not a data grid
}

MemoryImportDialog::MemoryImportDialog(DatabaseWorker *worker, TaskRunner *runner, QString path, QWidget *parent)
    : QDialog(parent)
    , m_batch(worker)
    , m_runner(runner)
    , m_path(std::move(path))
    , m_summary(new QLabel(tr("Reading and checking every row…"), this))
    , m_problems(new QTableWidget(0, 3, this))
    , m_import(new QPushButton(tr("Import Valid Rows"), this))
    , m_cancel(new QPushButton(tr("Import Nothing"), this))
{
    setWindowTitle(tr("Import Memories — %1").arg(QFileInfo(m_path).fileName()));
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_problems->setHorizontalHeaderLabels({ tr("Row"), tr("Field"), tr("Reason") });
    m_problems->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_problems->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_problems->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_problems->setWordWrap(true);
    m_problems->verticalHeader()->hide();
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_import->setEnabled(false);
    m_import->setDefault(true);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    connect(m_import, &QPushButton::clicked, this, &MemoryImportDialog::importValidRows);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_problems, 1);
    layout->addWidget(buttons);
    resize(760, 460);
    check();
}

QString MemoryImportDialog::summaryText() const
{
    return m_summary->text();
}

void MemoryImportDialog::check()
{
    m_batch.checkImport(this, m_path,
        [this](const Result<ImportPlan> &plan) {
            if (!plan) {
                m_summary->setText(tr("This file cannot be imported: %1 Nothing was written.").arg(plan.errorMessage()));
                Q_EMIT checked();
                return;
            }
            m_plan = *plan;
            showPlan();
        });
}

void MemoryImportDialog::showPlan()
{
    const QLocale locale;
    m_checked = true;
    const qsizetype valid = m_plan.valid.size();
    m_summary->setText(m_plan.problems.isEmpty()
            ? tr("%1 rows read, all valid. Nothing is written until you import.").arg(locale.toString(m_plan.rowsRead))
            : tr("%1 rows read: %2 valid, %3 with problems (listed below). Import the valid rows, or nothing.")
                  .arg(locale.toString(m_plan.rowsRead), locale.toString(valid), locale.toString(m_plan.invalidRows)));
    const int shown = int(std::min<qsizetype>(m_plan.problems.size(), ProblemsShown));
    m_problems->setRowCount(shown);
    for (int i = 0; i < shown; ++i) {
        const ImportProblem &p = m_plan.problems.at(i);
        m_problems->setItem(i, 0, new QTableWidgetItem(p.row > 0 ? locale.toString(p.row) : tr("file")));
        m_problems->setItem(i, 1, new QTableWidgetItem(p.field));
        m_problems->setItem(i, 2, new QTableWidgetItem(p.reason));
    }
    m_problems->setVisible(!m_plan.problems.isEmpty());
    m_import->setText(m_plan.problems.isEmpty() ? tr("Import %n Row(s)", nullptr, int(valid))
                                                : tr("Import %n Valid Row(s)", nullptr, int(valid)));
    m_import->setEnabled(valid > 0);
    Q_EMIT checked();
}

void MemoryImportDialog::importValidRows()
{
    if (!m_checked || m_plan.valid.isEmpty())
        return;
    m_import->setEnabled(false);
    const TaskRunner::ExternalTask task = m_runner->begin(tr("Import %1").arg(QFileInfo(m_path).fileName()));
    ImportOptions options;
    options.mode = ImportMode::ValidRowsOnly;
    options.progress = [control = task.control](qsizetype done, qsizetype total) {
        control->setProgress(total > 0 ? double(done) / double(total) : 0.0);
        return !control->isCancelled(); // a cancel rolls everything back
    };
    m_summary->setText(tr("Importing…"));
    m_batch.applyImport(this, m_plan, options,
        [this, id = task.id](const Result<ImportResult> &result) {
            m_runner->end(id, result ? std::nullopt : std::optional<Error>(result.error()));
            if (!result) {
                m_summary->setText(tr("Nothing was imported: %1").arg(result.errorMessage()));
                m_import->setEnabled(true);
                Q_EMIT importFailed(result.errorMessage());
                return;
            }
            Q_EMIT imported(*result);
            accept();
        });
}
