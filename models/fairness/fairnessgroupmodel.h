#pragma once

#include "fairness/fairnessrecords.h"

#include <QAbstractTableModel>

// One report's groups at one stage, as FairnessService computed them: n, selection rate with its Wilson
// interval, impact ratio to the reference with its Katz interval, the four-fifths flag, parity difference
// and the p-values. A suppressed group shows "suppressed (n < m)" and no number at all: not its rate, not its
// exact n. The model holds values only (no service), so a saved report and a fresh one read the same; it is
// reset by setReport(). Lives on the UI thread.
class FairnessGroupModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Group,
        Count,
        Selected,
        Rate,
        ImpactRatio,
        FourFifths,
        ParityDifference,
        PValue,
        PAdjusted,
        EqualOpportunity,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // raw numbers; suppressed groups sort after every number
        SuppressedRole, // bool
        FlaggedRole, // bool: outside the fair band 0.8–1.25
        ReferenceRole, // bool
    };

    explicit FairnessGroupModel(QObject *parent = nullptr);

    void setReport(const FairnessReport &report); // its groups at its own stage
    void clear();
    const FairnessReport &report() const { return m_report; }
    GroupOutcome group(int row) const { return m_report.groups.value(row); }
    bool hasEqualOpportunity() const; // any group carries an equal-opportunity difference (Hired)

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const GroupOutcome &g, int column) const;
    QVariant sortValue(const GroupOutcome &g, int column) const;
    QString toolTip(const GroupOutcome &g, int column) const;

    FairnessReport m_report;
};
