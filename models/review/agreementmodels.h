#pragma once

#include "review/reviewrecords.h"

#include <QAbstractTableModel>

// The Agreement view's two tables over one AgreementReport (a value struct; the models only format it).
// Numbers that are undefined (NaN: one category only, nothing to compare) show as "—".

// Cohen's κ per pair of level-1 reviewers, with its 95 % interval.
class PairAgreementModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ReviewerA, ReviewerB, Items, Kappa, Interval, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;
    void setReport(const AgreementReport &report);
    const PairAgreement &pair(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<PairAgreement> m_rows;
};

// Per reviewer: decisions, throughput, approval rate, agreement with level 2.
class ReviewerStatsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Reviewer, Decisions, PerHour, ApprovalRate, Level2Compared, Level2Agreement, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;
    void setReport(const AgreementReport &report);
    const ReviewerStats &reviewer(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ReviewerStats> m_rows;
};

// "0.62", or "—" when undefined; "[0.41, 0.83]" for an interval.
QString formatAgreement(double value, int decimals = 2);
QString formatInterval(double low, double high);
