#pragma once

#include "fairness/fairnessrecords.h"

#include <QAbstractTableModel>

// The text bias queue as FairnessService::biasQueue() lists it: one row per job, freelancer profile or
// review with its report's state, categories, score and detector. Values only: the page asks the service
// and hands the rows over with setItems(), which resets the model; update() replaces one row in place after
// a decision so the selection survives. Lives on the UI thread.
class BiasQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Entity, Title, State, Categories, Flags, Score, Confidence, Detector, Decided, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        StateRole, // the state key: not_checked | clean | flagged | accepted | dismissed | edit_requested
        ReportIdRole, // QUuid; null when the entity was never scanned
    };

    explicit BiasQueueModel(QObject *parent = nullptr);

    void setItems(const QList<BiasScanItem> &items);
    void update(const BiasScanItem &item); // by report id, else by entity; ignored when not listed
    BiasScanItem item(int row) const { return m_items.value(row); }
    int rowOfReport(const QUuid &reportId) const; // -1 when not listed

    static QString entityLabel(const QString &entityType); // "Job", "Freelancer profile", "Review"
    static QString stateLabel(const QString &state); // "Flagged", "Not checked", …
    static QString categoryLabel(const QString &category); // "Masculine-coded", "Age-coded", …

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<BiasScanItem> m_items;
};
