#include "memories/evaluationnotesview.h"

#include "archetypes/archetypepalette.h"
#include "common/viewsizing.h"

#include <QHeaderView>
#include <QLocale>

#include <algorithm>

EvaluationNotesView::EvaluationNotesView(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("evaluationNotes"));
    setColumnCount(ColumnCount);
    setHeaderLabels({ tr("Archetype"), tr("Confidence"), tr("Model"), tr("Prompt version"), tr("Annotation") });
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setWordWrap(false);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    header()->setStretchLastSection(true);
    ViewSizing::fitHeightToRows(this, header(), Archetypes::Count, Archetypes::Count);
}

void EvaluationNotesView::setEvaluations(const QList<Evaluation> &evaluations)
{
    clear();
    const QLocale locale;
    for (const Evaluation &evaluation : evaluations) {
        if (evaluation.archetype < 0 || evaluation.archetype >= Archetypes::Count)
            continue; // the database validates archetypes; never let a bad row throw from Archetypes::name
        auto *item = new QTreeWidgetItem(this);
        item->setText(ArchetypeColumn, Archetypes::name(evaluation.archetype));
        item->setForeground(ArchetypeColumn, ArchetypePalette::color(evaluation.archetype));
        item->setToolTip(ArchetypeColumn, Archetypes::title(evaluation.archetype));
        item->setText(Confidence, locale.toString(evaluation.confidence, 'f', 2));
        item->setTextAlignment(Confidence, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(Model, evaluation.model);
        item->setText(PromptVersion, evaluation.promptVersion);
        item->setText(Annotation, evaluation.annotation);
        item->setToolTip(Annotation, evaluation.annotation);
    }
    for (int column = 0; column < Annotation; ++column)
        resizeColumnToContents(column);
    ViewSizing::fitHeightToRows(this, header(), std::max(1, topLevelItemCount()), Archetypes::Count);
}
