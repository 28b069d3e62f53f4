#include "memories/memoryexportdialog.h"

#include "memories/memorybatchservice.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

MemoryExportDialog::MemoryExportDialog(
    DatabaseWorker *worker, TaskRunner *runner, QList<QUuid> selection, QWidget *parent)
    : QDialog(parent)
    , m_batch(worker)
    , m_runner(runner)
    , m_selection(std::move(selection))
    , m_selected(new QRadioButton(tr("The %n selected memory(s)", nullptr, int(m_selection.size())), this))
    , m_filtered(new QRadioButton(tr("The memories matching the filter"), this))
    , m_all(new QRadioButton(tr("All memories"), this))
    , m_format(new QComboBox(this))
    , m_embeddings(new QCheckBox(tr("Include embeddings (about 15 KB per memory)"), this))
    , m_archived(new QCheckBox(tr("Include archived memories"), this))
    , m_path(new QLineEdit(QDir::home().filePath(QStringLiteral("memories.jsonl")), this))
    , m_status(new QLabel(this))
    , m_export(new QPushButton(tr("&Export"), this))
{
    setWindowTitle(tr("Export Memories"));
    m_selected->setEnabled(!m_selection.isEmpty());
    m_filtered->setEnabled(false);
    m_filtered->setToolTip(tr("The filter decides about archived memories, too."));
    (m_selection.isEmpty() ? m_all : m_selected)->setChecked(true);
    m_archived->setChecked(true);
    m_format->addItem(tr("JSON Lines (memories with evaluations and links)"));
    m_format->addItem(tr("CSV (memory columns)"));
    connect(m_format, &QComboBox::currentIndexChanged, this, [this](int index) {
        QString path = m_path->text();
        const int dot = path.lastIndexOf(QLatin1Char('.'));
        if (dot > path.lastIndexOf(QLatin1Char('/')))
            path.truncate(dot);
        m_path->setText(path + (index == 1 ? QStringLiteral(".csv") : QStringLiteral(".jsonl")));
    });
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &MemoryExportDialog::browse);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *scope = new QVBoxLayout;
    scope->addWidget(m_selected);
    scope->addWidget(m_filtered);
    scope->addWidget(m_all);
    // "Include archived" belongs to "All memories"; the filter has its own archived condition.
    connect(m_filtered, &QRadioButton::toggled, m_archived, &QWidget::setDisabled);
    scope->addWidget(m_archived);
    auto *form = new QFormLayout;
    form->addRow(tr("Memories:"), scope);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(QString(), m_embeddings);
    auto *fileLabel = new QLabel(tr("&File:"), this); // a row of two widgets gets no buddy by itself
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, pathRow);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    connect(m_export, &QPushButton::clicked, this, &MemoryExportDialog::exportNow);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(620, 260);
}

void MemoryExportDialog::setFilterScope(const MemoryFilter &filter, qint64 count)
{
    m_filter = filter;
    m_filtered->setEnabled(count != 0);
    if (count >= 0)
        m_filtered->setText(tr("The %Ln memories matching the filter", nullptr, int(count)));
    if (m_selection.isEmpty() && count != 0)
        m_filtered->setChecked(true);
}

void MemoryExportDialog::setScopeFiltered()
{
    if (m_filtered->isEnabled())
        m_filtered->setChecked(true);
}

void MemoryExportDialog::setPath(const QString &path) { m_path->setText(path); }
void MemoryExportDialog::setFormatCsv(bool csv) { m_format->setCurrentIndex(csv ? 1 : 0); }
void MemoryExportDialog::setWithEmbeddings(bool with) { m_embeddings->setChecked(with); }
QString MemoryExportDialog::statusText() const { return m_status->text(); }

void MemoryExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Memories"), m_path->text(),
        m_format->currentIndex() == 1 ? tr("CSV files (*.csv)") : tr("JSON Lines files (*.jsonl)"));
    if (!path.isEmpty())
        m_path->setText(path);
}

void MemoryExportDialog::exportNow()
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty())
        return;
    ExportOptions options;
    options.format = m_format->currentIndex() == 1 ? ExportFormat::Csv : ExportFormat::Jsonl;
    options.withEmbeddings = m_embeddings->isChecked();
    options.includeArchived = m_archived->isChecked();
    if (m_selected->isChecked())
        options.ids = m_selection;
    std::optional<MemoryFilter> matching;
    if (m_filtered->isChecked() && m_filter)
        matching = m_filter;
    const TaskRunner::ExternalTask task = m_runner->begin(tr("Export memories"));
    m_export->setEnabled(false);
    m_status->setText(tr("Exporting…"));
    m_batch.exportTo(this, path, options, matching, task.control,
        [this, path, id = task.id](const Result<ExportResult> &result) {
            m_runner->end(id, result ? std::nullopt : std::optional<Error>(result.error()));
            m_export->setEnabled(true);
            if (!result) {
                m_status->setText(tr("Nothing was exported: %1").arg(result.errorMessage()));
                Q_EMIT exportFailed(result.errorMessage());
                return;
            }
            m_status->setText(tr("Exported %Ln memories to %1.", nullptr, int(result->memories)).arg(path));
            Q_EMIT exported(result->memories, path);
        });
}
