#include "memories/filterchipeditor.h"

#include "core/archetypenames.h"
#include "core/archetypes.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
QDoubleSpinBox *unitSpin(double value, QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setRange(0.0, 1.0);
    spin->setSingleStep(0.05);
    spin->setDecimals(2);
    spin->setValue(value);
    return spin;
}
} // namespace

FilterChipEditor::FilterChipEditor(MemoryFilter::Field field, const MemoryFilter &filter, int index,
    const FilterSuggestions &suggestions, QWidget *parent)
    : QDialog(parent)
    , m_field(field)
    , m_filter(filter)
    , m_index(index)
{
    auto *form = new QFormLayout;
    using Field = MemoryFilter::Field;
    switch (field) {
    case Field::Created: {
        setWindowTitle(tr("Filter by creation date"));
        const QDate today = QDate::currentDate();
        m_fromOn = new QCheckBox(tr("From"), this);
        m_toOn = new QCheckBox(tr("Until"), this);
        m_from = new QDateEdit(
            filter.createdFrom.isValid() ? filter.createdFrom.toLocalTime().date() : today.addDays(-30), this);
        m_to = new QDateEdit(
            filter.createdTo.isValid() ? filter.createdTo.toLocalTime().addMSecs(-1).date() : today, this);
        for (QDateEdit *edit : { m_from, m_to })
            edit->setCalendarPopup(true);
        m_fromOn->setChecked(filter.createdFrom.isValid() || !filter.createdTo.isValid());
        m_toOn->setChecked(filter.createdTo.isValid());
        form->addRow(m_fromOn, m_from);
        form->addRow(m_toOn, m_to);
        break;
    }
    case Field::Tags:
    case Field::Tones: {
        const bool tags = field == Field::Tags;
        setWindowTitle(tags ? tr("Filter by tag") : tr("Filter by tone"));
        QStringList values = tags ? suggestions.tags : suggestions.tones;
        const QStringList &checked = tags ? filter.tags : filter.tones;
        for (const QString &v : checked) {
            if (!values.contains(v))
                values.prepend(v);
        }
        m_list = checkList(values, checked);
        m_line = new QLineEdit(this);
        m_line->setPlaceholderText(tags ? tr("Another tag…") : tr("Another tone…"));
        auto *add = new QPushButton(tr("Add"), this);
        connect(add, &QPushButton::clicked, this, [this] {
            const QString value = m_line->text().trimmed();
            if (value.isEmpty())
                return;
            auto *item = new QListWidgetItem(value, m_list);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
            m_list->scrollToItem(item);
            m_line->clear();
        });
        connect(m_line, &QLineEdit::returnPressed, add, &QPushButton::click);
        auto *row = new QHBoxLayout;
        row->addWidget(m_line);
        row->addWidget(add);
        form->addRow(
            new QLabel(tags ? tr("Memories with any of these tags:") : tr("Memories in any of these tones:"), this));
        form->addRow(m_list);
        form->addRow(row);
        break;
    }
    case Field::Session:
    case Field::User: {
        const bool session = field == Field::Session;
        setWindowTitle(session ? tr("Filter by session") : tr("Filter by user"));
        m_line = new QLineEdit(session ? filter.sessionId : filter.userId, this);
        m_line->setPlaceholderText(session ? tr("Session id, exactly") : tr("User id, exactly"));
        m_line->setMinimumWidth(260);
        form->addRow(session ? tr("Session:") : tr("User:"), m_line);
        break;
    }
    case Field::Priority:
        setWindowTitle(tr("Filter by priority"));
        m_minOn = new QCheckBox(tr("At least"), this);
        m_maxOn = new QCheckBox(tr("At most"), this);
        m_min = unitSpin(filter.minPriority.value_or(0.5), this);
        m_max = unitSpin(filter.maxPriority.value_or(1.0), this);
        m_minOn->setChecked(filter.minPriority || !filter.maxPriority);
        m_maxOn->setChecked(filter.maxPriority.has_value());
        form->addRow(new QLabel(tr("Stored priority, or its manual override:"), this));
        form->addRow(m_minOn, m_min);
        form->addRow(m_maxOn, m_max);
        break;
    case Field::Metric: {
        setWindowTitle(tr("Filter by archetype metric"));
        const MetricThreshold current = index >= 0 && index < filter.metrics.size()
            ? filter.metrics[index]
            : MetricThreshold { 0, Archetypes::metricNames(0).first(), 0.5 };
        m_archetype = new QComboBox(this);
        for (int a = 0; a < Archetypes::Count; ++a)
            m_archetype->addItem(QStringLiteral("%1 — %2").arg(Archetypes::name(a), Archetypes::title(a)), a);
        m_metric = new QComboBox(this);
        m_min = unitSpin(current.min, this);
        connect(m_archetype, &QComboBox::currentIndexChanged, this, [this](int i) { fillMetrics(i); });
        m_archetype->setCurrentIndex(current.archetype);
        fillMetrics(current.archetype);
        m_metric->setCurrentIndex(std::max(0, m_metric->findData(current.metric)));
        form->addRow(tr("Archetype:"), m_archetype);
        form->addRow(tr("Metric:"), m_metric);
        form->addRow(tr("At least:"), m_min);
        break;
    }
    case Field::Cluster: {
        setWindowTitle(tr("Filter by cluster"));
        m_run = new QComboBox(this);
        for (const ClusterCondition &run : suggestions.clusterRuns)
            m_run->addItem(run.runName.isEmpty() ? run.runId.toString(QUuid::WithoutBraces) : run.runName,
                run.runId.toString(QUuid::WithoutBraces));
        m_cluster = new QSpinBox(this);
        m_cluster->setRange(-1, 100000); // -1: noise of a density clustering
        if (filter.cluster) {
            const int at = m_run->findData(filter.cluster->runId.toString(QUuid::WithoutBraces));
            m_run->setCurrentIndex(std::max(0, at));
            m_cluster->setValue(filter.cluster->cluster);
        }
        form->addRow(tr("Cluster run:"), m_run);
        form->addRow(tr("Cluster:"), m_cluster);
        break;
    }
    default:
        break;
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QListWidget *FilterChipEditor::checkList(const QStringList &values, const QStringList &checked)
{
    auto *list = new QListWidget(this);
    for (const QString &value : values) {
        auto *item = new QListWidgetItem(value, list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(value) ? Qt::Checked : Qt::Unchecked);
    }
    list->setMinimumHeight(180);
    return list;
}

QStringList FilterChipEditor::checkedValues(const QListWidget *list)
{
    QStringList values;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            values << list->item(i)->text();
    }
    return values;
}

void FilterChipEditor::fillMetrics(int archetype)
{
    m_metric->clear();
    // The display name for people, the key the filter stores.
    for (const QString &key : Archetypes::metricNames(archetype))
        m_metric->addItem(ArchetypeNames::metricTitle(key), key);
}

MemoryFilter FilterChipEditor::result() const
{
    MemoryFilter f = m_filter;
    using Field = MemoryFilter::Field;
    switch (m_field) {
    case Field::Created:
        // Local calendar days: from the start of the first to the end of the last.
        f.createdFrom = m_fromOn->isChecked() ? m_from->date().startOfDay().toUTC() : QDateTime();
        f.createdTo = m_toOn->isChecked() ? m_to->date().addDays(1).startOfDay().toUTC() : QDateTime();
        break;
    case Field::Tags:
        f.tags = checkedValues(m_list);
        break;
    case Field::Tones:
        f.tones = checkedValues(m_list);
        break;
    case Field::Session:
        f.sessionId = m_line->text().trimmed();
        break;
    case Field::User:
        f.userId = m_line->text().trimmed();
        break;
    case Field::Priority:
        f.minPriority = m_minOn->isChecked() ? std::optional<double>(m_min->value()) : std::nullopt;
        f.maxPriority = m_maxOn->isChecked() ? std::optional<double>(m_max->value()) : std::nullopt;
        break;
    case Field::Metric: {
        const MetricThreshold t { m_archetype->currentData().toInt(), m_metric->currentData().toString(),
            m_min->value() };
        if (m_index >= 0 && m_index < f.metrics.size())
            f.metrics[m_index] = t;
        else
            f.metrics << t;
        break;
    }
    case Field::Cluster:
        if (m_run->count() > 0)
            f.cluster = ClusterCondition { QUuid::fromString(m_run->currentData().toString()), m_cluster->value(),
                m_run->currentText() };
        break;
    default:
        break;
    }
    return f;
}
