#include "archetypes/evaluationmonitormodel.h"

#include "archetypes/archetypeformat.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

bool EvaluationMonitorModel::isArchetypeTotal(const EvaluationMonitorRow &row)
{
    return row.model.isEmpty() && row.promptVersion.isEmpty();
}

EvaluationMonitorModel::EvaluationMonitorModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvaluationMonitorModel::setRows(const QList<EvaluationMonitorRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

qint64 EvaluationMonitorModel::total(Column column) const
{
    qint64 sum = 0;
    for (const EvaluationMonitorRow &r : m_rows) {
        if (!isArchetypeTotal(r))
            continue; // the per-version rows are already in their archetype's total
        sum += column == Evaluated ? r.evaluated : column == Pending ? r.pending : column == Failed ? r.failed : 0;
    }
    return sum;
}

int EvaluationMonitorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvaluationMonitorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EvaluationMonitorModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const EvaluationMonitorRow &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Archetype:
            return r.archetype < 0 ? tr("all") : ArchetypeFormat::archetypeName(r.archetype);
        case Model:
            return isArchetypeTotal(r) ? tr("all models") : r.model.isEmpty() ? tr("(none)") : r.model;
        case PromptVersion:
            return isArchetypeTotal(r)      ? tr("all versions")
                : r.promptVersion.isEmpty() ? tr("(none)")
                                            : r.promptVersion;
        case Evaluated:
            return QLocale().toString(r.evaluated);
        case Pending:
            return QLocale().toString(r.pending);
        case Failed:
            return QLocale().toString(r.failed);
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Archetype:
            return r.archetype;
        case Evaluated:
            return r.evaluated;
        case Pending:
            return r.pending;
        case Failed:
            return r.failed;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == ArchetypeRole)
        return r.archetype;
    if (role == Qt::ToolTipRole && (index.column() == Model || index.column() == PromptVersion))
        return data(index, Qt::DisplayRole);
    if (role == Qt::FontRole && isArchetypeTotal(r)) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Evaluated)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Failed && r.failed > 0)
        return QBrush(QColor(0xb0, 0x00, 0x20));
    return {};
}

QVariant EvaluationMonitorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Archetype:
        return tr("Archetype");
    case Model:
        return tr("Model");
    case PromptVersion:
        return tr("Prompt version");
    case Evaluated:
        return tr("Evaluated");
    case Pending:
        return tr("Pending");
    case Failed:
        return tr("Failed");
    default:
        return {};
    }
}
