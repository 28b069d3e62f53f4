#include "memories/memoryeditpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

MemoryEditPanel::MemoryEditPanel(QWidget *parent)
    : QGroupBox(tr("Curation"), parent)
    , m_summary(new QLineEdit(this))
    , m_tags(new QLineEdit(this))
    , m_longTerm(new QCheckBox(tr("Long-term (pinned, never decays or gets pruned)"), this))
    , m_core(new QCheckBox(tr("Core memory"), this))
    , m_override(new QCheckBox(tr("Override"), this))
    , m_overrideValue(new QDoubleSpinBox(this))
    , m_annotationArchetype(new QComboBox(this))
    , m_annotation(new QPlainTextEdit(this))
    , m_saveAnnotation(new QPushButton(tr("Save annotation"), this))
    , m_readOnly(new QLabel(this))
{
    setObjectName(QStringLiteral("memoryEditPanel"));
    m_summary->setObjectName(QStringLiteral("summaryEdit"));
    m_summary->setPlaceholderText(tr("One line that says what this memory is about"));
    m_tags->setObjectName(QStringLiteral("tagsEdit"));
    m_tags->setPlaceholderText(tr("Comma-separated, for example: garden, tomato"));
    m_tags->setToolTip(tr("Press Enter or leave the field to save the tags."));
    m_overrideValue->setRange(0.0, 1.0);
    m_overrideValue->setSingleStep(0.05);
    m_overrideValue->setDecimals(3);
    m_overrideValue->setObjectName(QStringLiteral("overrideSpin"));
    m_overrideValue->setToolTip(tr("An operator's priority, shown as an override; the computed priority is kept."));
    m_override->setObjectName(QStringLiteral("overrideBox"));
    // As wide as the longest archetype title: a cut "Ella-M · Emotional Dep" hides which one is chosen.
    m_annotationArchetype->setObjectName(QStringLiteral("annotationArchetypeCombo"));
    m_annotationArchetype->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_annotation->setObjectName(QStringLiteral("annotationEdit"));
    m_annotation->setPlaceholderText(tr("The evaluator's annotation"));
    m_annotation->setMaximumHeight(m_annotation->fontMetrics().lineSpacing() * 4 + 12);
    m_annotation->setTabChangesFocus(true);
    m_readOnly->setWordWrap(true);
    m_readOnly->setVisible(false);
    m_readOnly->setStyleSheet(QStringLiteral("color: palette(mid);"));

    // Stacked, and the form wraps long rows, so the panel fits a narrow detail pane beside the grid.
    auto *flags = new QVBoxLayout;
    flags->addWidget(m_longTerm);
    flags->addWidget(m_core);
    auto *priority = new QHBoxLayout;
    priority->addWidget(m_override);
    priority->addWidget(m_overrideValue);
    priority->addStretch(1);
    // The archetype has the row to itself and the button goes under the text: side by side they do not
    // fit the pane at the window's default size.
    auto *annotationRow = new QHBoxLayout;
    annotationRow->addWidget(m_annotationArchetype);
    annotationRow->addStretch(1);
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_saveAnnotation);

    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(m_readOnly);
    form->addRow(tr("Summary"), m_summary);
    form->addRow(tr("Tags"), m_tags);
    form->addRow(tr("Flags"), flags);
    form->addRow(tr("Priority"), priority);
    form->addRow(tr("Annotation"), annotationRow);
    form->addRow(QString(), m_annotation);
    form->addRow(QString(), saveRow);

    connect(m_summary, &QLineEdit::editingFinished, this, &MemoryEditPanel::commitSummary);
    connect(m_tags, &QLineEdit::editingFinished, this, &MemoryEditPanel::commitTags);
    connect(m_longTerm, &QCheckBox::toggled, this, [this](bool on) {
        if (m_filling || on == m_detail.memory.longTerm)
            return;
        MemoryEdit edit;
        edit.longTerm = on;
        Q_EMIT editRequested(edit);
    });
    connect(m_core, &QCheckBox::toggled, this, [this](bool on) {
        if (m_filling || on == m_detail.memory.core)
            return;
        MemoryEdit edit;
        edit.core = on;
        Q_EMIT editRequested(edit);
    });
    connect(m_override, &QCheckBox::toggled, this, [this](bool on) {
        m_overrideValue->setEnabled(on && isEnabled());
        if (!m_filling)
            commitOverride();
    });
    connect(m_overrideValue, &QDoubleSpinBox::editingFinished, this, &MemoryEditPanel::commitOverride);
    connect(m_annotationArchetype, &QComboBox::currentIndexChanged, this, &MemoryEditPanel::showAnnotation);
    connect(m_saveAnnotation, &QPushButton::clicked, this, [this] {
        const int archetype = m_annotationArchetype->currentData().toInt();
        if (m_annotationArchetype->currentIndex() < 0)
            return;
        MemoryEdit edit;
        edit.annotations.insert(archetype, m_annotation->toPlainText());
        Q_EMIT editRequested(edit);
    });
    clear();
}

void MemoryEditPanel::setDetail(const MemoryDetail &detail)
{
    m_filling = true;
    const int previousArchetype = m_annotationArchetype->currentData().toInt();
    const bool sameMemory = m_detail.memory.id == detail.memory.id;
    m_detail = detail;
    const Memory &m = detail.memory;
    m_summary->setText(m.summary);
    m_summary->setCursorPosition(0);
    m_tags->setText(m.contextTags.join(QLatin1String(", ")));
    m_tags->setCursorPosition(0);
    m_longTerm->setChecked(m.longTerm);
    m_core->setChecked(m.core);
    m_override->setChecked(m.priorityOverride.has_value());
    m_overrideValue->setValue(m.priorityOverride.value_or(m.priority));
    m_overrideValue->setEnabled(m.priorityOverride.has_value() && isEnabled());
    m_annotationArchetype->clear();
    for (const Evaluation &e : detail.evaluations)
        m_annotationArchetype->addItem(
            QStringLiteral("%1 · %2").arg(Archetypes::name(e.archetype), Archetypes::title(e.archetype)), e.archetype);
    const int keep = sameMemory ? m_annotationArchetype->findData(previousArchetype) : -1;
    m_annotationArchetype->setCurrentIndex(keep >= 0 ? keep : (detail.evaluations.isEmpty() ? -1 : 0));
    const bool evaluated = !detail.evaluations.isEmpty();
    m_annotationArchetype->setEnabled(evaluated);
    m_annotation->setEnabled(evaluated);
    m_saveAnnotation->setEnabled(evaluated);
    showAnnotation();
    m_filling = false;
}

void MemoryEditPanel::clear()
{
    setDetail(MemoryDetail {});
}

void MemoryEditPanel::setEditable(bool editable, const QString &whyNot)
{
    for (QWidget *w : { static_cast<QWidget *>(m_summary), static_cast<QWidget *>(m_tags),
             static_cast<QWidget *>(m_longTerm), static_cast<QWidget *>(m_core), static_cast<QWidget *>(m_override),
             static_cast<QWidget *>(m_annotation), static_cast<QWidget *>(m_saveAnnotation) })
        w->setEnabled(editable);
    m_overrideValue->setEnabled(editable && m_override->isChecked());
    m_readOnly->setText(whyNot);
    m_readOnly->setVisible(!editable && !whyNot.isEmpty());
}

QStringList MemoryEditPanel::parseTags(const QString &text)
{
    QStringList tags;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QString tag = part.trimmed();
        if (!tag.isEmpty() && !tags.contains(tag))
            tags << tag;
    }
    return tags;
}

void MemoryEditPanel::commitSummary()
{
    if (m_filling || m_detail.memory.id.isNull() || m_summary->text() == m_detail.memory.summary)
        return;
    MemoryEdit edit;
    edit.summary = m_summary->text();
    Q_EMIT editRequested(edit);
}

void MemoryEditPanel::commitTags()
{
    const QStringList tags = parseTags(m_tags->text());
    if (m_filling || m_detail.memory.id.isNull() || tags == m_detail.memory.contextTags)
        return;
    MemoryEdit edit;
    edit.tags = tags;
    Q_EMIT editRequested(edit);
}

void MemoryEditPanel::commitOverride()
{
    if (m_filling || m_detail.memory.id.isNull())
        return;
    const std::optional<double> wanted
        = m_override->isChecked() ? std::optional<double>(m_overrideValue->value()) : std::nullopt;
    if (wanted == m_detail.memory.priorityOverride)
        return;
    MemoryEdit edit;
    edit.priorityOverride = MemoryEdit::Override { wanted };
    Q_EMIT editRequested(edit);
}

void MemoryEditPanel::showAnnotation()
{
    const int archetype = m_annotationArchetype->currentData().toInt();
    QString text;
    for (const Evaluation &e : m_detail.evaluations) {
        if (e.archetype == archetype && m_annotationArchetype->currentIndex() >= 0)
            text = e.annotation;
    }
    m_annotation->setPlainText(text);
}
