#pragma once

#include "fairness/fairnessrecords.h"

#include <QAbstractTableModel>

// The saved fairness reports as FairnessService::reports() lists them (newest first; parameters, summary and
// creation only). Values only, reset by setReports(). Lives on the UI thread.
class FairnessHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Created, Stage, Attributes, Reference, Period, MinSize, CreatedBy, Fingerprint, ColumnCount };
    enum Role { SortRole = Qt::UserRole, IdRole };

    explicit FairnessHistoryModel(QObject *parent = nullptr);

    void setReports(const QList<FairnessReport> &reports);
    FairnessReport reportAt(int row) const { return m_reports.value(row); }
    int rowOf(const QUuid &id) const; // -1 when not listed

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<FairnessReport> m_reports;
};
