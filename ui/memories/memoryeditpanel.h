#pragma once

#include "memories/memoryedit.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// The curation controls of one memory: summary, tags, long-term pin, core flag, priority override and
// the evaluators' annotations. Each control, when the operator commits it (Enter, leaving the field, a
// toggle, Save), reports one MemoryEdit with just that field; the owner saves it through the undo
// stack and calls setDetail() with the stored result.
class MemoryEditPanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit MemoryEditPanel(QWidget *parent = nullptr);

    void setDetail(const MemoryDetail &detail);
    void clear();
    void setEditable(bool editable, const QString &whyNot = QString());

    // Tags as typed: comma-separated, trimmed, duplicates and empties dropped.
    static QStringList parseTags(const QString &text);

    QLineEdit *summaryEdit() const { return m_summary; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QCheckBox *longTermBox() const { return m_longTerm; }
    QCheckBox *coreBox() const { return m_core; }
    QCheckBox *overrideBox() const { return m_override; }
    QDoubleSpinBox *overrideSpin() const { return m_overrideValue; }
    QComboBox *annotationArchetype() const { return m_annotationArchetype; }
    QPlainTextEdit *annotationEdit() const { return m_annotation; }
    QPushButton *saveAnnotationButton() const { return m_saveAnnotation; }

Q_SIGNALS:
    void editRequested(const MemoryEdit &edit);

private:
    void commitSummary();
    void commitTags();
    void commitOverride();
    void showAnnotation();

    MemoryDetail m_detail;
    bool m_filling = false;
    QLineEdit *m_summary;
    QLineEdit *m_tags;
    QCheckBox *m_longTerm;
    QCheckBox *m_core;
    QCheckBox *m_override;
    QDoubleSpinBox *m_overrideValue;
    QComboBox *m_annotationArchetype;
    QPlainTextEdit *m_annotation;
    QPushButton *m_saveAnnotation;
    QLabel *m_readOnly;
};
