#include "memories/memoryimportdialog.h"

#include "tasks/taskrunner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
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
    , m_gaps(new QGroupBox(tr("Values the file does not give"), this))
    , m_createdAtGap(new QLabel(m_gaps))
    , m_createdAtSource(new QComboBox(m_gaps))
    , m_idGap(new QLabel(m_gaps))
    , m_summaryGap(new QLabel(m_gaps))
    , m_problems(new QTableWidget(0, 3, this))
    , m_import(new QPushButton(tr("Import Valid Rows"), this))
    , m_cancel(new QPushButton(tr("Import Nothing"), this))
{
    setWindowTitle(tr("Import Memories — %1").arg(QFileInfo(m_path).fileName()));
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_gaps->setObjectName(QStringLiteral("importGaps"));
    m_createdAtGap->setObjectName(QStringLiteral("importCreatedAtGap"));
    m_createdAtSource->setObjectName(QStringLiteral("importCreatedAtSource"));
    m_createdAtSource->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_createdAtGap->setBuddy(m_createdAtSource);
    m_idGap->setObjectName(QStringLiteral("importIdGap"));
    m_summaryGap->setObjectName(QStringLiteral("importSummaryGap"));
    auto *gapsLayout = new QFormLayout(m_gaps);
    gapsLayout->addRow(m_createdAtGap, m_createdAtSource);
    gapsLayout->addRow(m_idGap);
    gapsLayout->addRow(m_summaryGap);
    m_gaps->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_gaps->hide();
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
    QPushButton *format = buttons->addButton(tr("Format…"), QDialogButtonBox::HelpRole);
    format->setObjectName(QStringLiteral("importFormat"));
    connect(format, &QPushButton::clicked, this, &MemoryImportDialog::showFormatHelp);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    connect(m_import, &QPushButton::clicked, this, &MemoryImportDialog::importValidRows);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_gaps);
    layout->addWidget(m_problems, 1);
    layout->addStretch(); // takes the room when there is no problem table, so the text stays at the top
    layout->addWidget(buttons);
    resize(760, 460);
    check();
}

QString MemoryImportDialog::summaryText() const
{
    return m_summary->text();
}

QString MemoryImportDialog::createdAtField() const
{
    return m_createdAtSource->currentData().toString();
}

QString MemoryImportDialog::formatHelp()
{
    return tr("<p>Sextant imports <b>JSONL</b> (one JSON object per line), <b>CSV</b> (a header row, then one "
              "memory per row) and <b>YAML</b> (one memory, a list of them, or a <tt>memories:</tt> list), "
              "in UTF-8.</p>"
              "<p><b>Required:</b> <tt>prompt</tt> or <tt>reply</tt> (at least one).<br>"
              "<b>Optional:</b> <tt>id</tt> (a new one when missing), <tt>created_at</tt> (ISO 8601; when "
              "missing, the import time or another field of the file that holds a time, as you choose), "
              "<tt>summary</tt> (empty when missing), <tt>session_id</tt>, <tt>user_id</tt>, <tt>tags</tt> "
              "(a list, or <tt>a;b</tt> in CSV), <tt>tone</tt>, <tt>priority</tt> (0–1), <tt>long_term</tt>, "
              "<tt>core</tt>, <tt>duration_s</tt>, <tt>decay_rate</tt>, <tt>embedding</tt> (1536 numbers), "
              "<tt>metadata</tt> (a JSON object), <tt>evaluations</tt>, <tt>links</tt>.<br>"
              "Any other field is kept in <tt>metadata</tt>.</p>"
              "<p>JSONL:<br><tt>{\"prompt\": \"How do I keep basil from flowering?\", \"reply\": \"Pinch off "
              "the buds.\", \"created_at\": \"2024-11-24T21:45:00Z\"}</tt></p>"
              "<p>CSV:<br><tt>prompt,reply,created_at<br>\"How do I keep basil from flowering?\",Pinch off the "
              "buds.,2024-11-24T21:45:00Z</tt></p>"
              "<p>YAML:<br><tt>- prompt: How do I keep basil from flowering?<br>&nbsp;&nbsp;reply: Pinch off the "
              "buds.<br>&nbsp;&nbsp;created_at: 2024-11-24T21:45:00Z</tt></p>");
}

void MemoryImportDialog::showFormatHelp()
{
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("Import Format"), formatHelp(), QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("importFormatHelp"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MemoryImportDialog::showGaps()
{
    const ImportGaps gaps = MemoryImport::gaps(m_plan);
    m_gaps->setVisible(!gaps.isEmpty());
    const int noTime = int(gaps.missingCreatedAt);
    m_createdAtGap->setText(tr("%Ln rows have no creation time. Use:", nullptr, noTime));
    m_createdAtSource->clear();
    m_createdAtSource->addItem(tr("The import time (%Ln rows)", nullptr, noTime), QString());
    for (const ImportGaps::TimeField &field : gaps.timeFields) {
        const QString text = field.rows == gaps.missingCreatedAt
            ? tr("The field “%1” (%Ln rows)", nullptr, int(field.rows)).arg(field.name)
            : tr("The field “%1” (%Ln rows; the import time for the other %2)", nullptr, int(field.rows))
                  .arg(field.name, QLocale().toString(gaps.missingCreatedAt - field.rows));
        m_createdAtSource->addItem(text, field.name);
    }
    m_createdAtGap->setVisible(noTime > 0);
    m_createdAtSource->setVisible(noTime > 0);
    m_idGap->setText(tr("%Ln rows have no id; each gets a new one.", nullptr, int(gaps.missingId)));
    m_idGap->setVisible(gaps.missingId > 0);
    m_summaryGap->setText(tr("%Ln rows have no summary; it stays empty.", nullptr, int(gaps.missingSummary)));
    m_summaryGap->setVisible(gaps.missingSummary > 0);
}

void MemoryImportDialog::check()
{
    m_batch.checkImport(this, m_path, [this](const Result<ImportPlan> &plan) {
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
    const int read = int(m_plan.rowsRead);
    if (read == 0 && m_plan.problems.isEmpty())
        m_summary->setText(tr("The file is empty: it holds no memories, so there is nothing to import."));
    else if (m_plan.problems.isEmpty())
        m_summary->setText(tr("%Ln rows read, all valid. Nothing is written until you import.", nullptr, read));
    else
        m_summary->setText(
            tr("%Ln rows read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.", nullptr,
                read)
                .arg(locale.toString(valid), locale.toString(m_plan.invalidRows)));
    const int shown = int(std::min<qsizetype>(m_plan.problems.size(), ProblemsShown));
    m_problems->setRowCount(shown);
    for (int i = 0; i < shown; ++i) {
        const ImportProblem &p = m_plan.problems.at(i);
        m_problems->setItem(i, 0, new QTableWidgetItem(p.row > 0 ? locale.toString(p.row) : tr("file")));
        m_problems->setItem(i, 1, new QTableWidgetItem(p.field));
        m_problems->setItem(i, 2, new QTableWidgetItem(p.reason));
    }
    m_problems->setVisible(!m_plan.problems.isEmpty());
    showGaps();
    m_import->setText(m_plan.problems.isEmpty() ? tr("Import %Ln Rows", nullptr, int(valid))
                                                : tr("Import %Ln Valid Rows", nullptr, int(valid)));
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
    options.createdAtField = createdAtField();
    options.progress = [control = task.control](qsizetype done, qsizetype total) {
        control->setProgress(total > 0 ? double(done) / double(total) : 0.0);
        return !control->isCancelled(); // a cancel rolls everything back
    };
    m_summary->setText(tr("Importing…"));
    m_batch.applyImport(this, m_plan, options, [this, id = task.id](const Result<ImportResult> &result) {
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
