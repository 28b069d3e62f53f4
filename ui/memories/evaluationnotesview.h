#pragma once

#include "core/memory.h"

#include <QTreeWidget>

// One compact row per archetype evaluation: who judged (model, prompt version), how sure it was, and
// its free-text annotation. The full annotation is in the row's tool tip when the column is narrow.
class EvaluationNotesView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { ArchetypeColumn, Confidence, Model, PromptVersion, Annotation, ColumnCount };

    explicit EvaluationNotesView(QWidget *parent = nullptr);

    void setEvaluations(const QList<Evaluation> &evaluations);
};
