#pragma once

#include "fairness/fairnessrecords.h"

#include <QAbstractTableModel>

// The worst jobs of a report's per-job ranking measures (PerJobRanking::worst): the job's title, its ranked
// proposals, NDKL, rND and skew@k of the protected group, and that group's exposure/merit ratio. Only the jobs the
// privacy rule lets the report name are there, and no group's count in a job. Values only (no service), reset by
// setRanking(); the headers' tooltips say what each measure means. Lives on the UI thread.
class JobRankingModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Job, Ranked, Ndkl, Rnd, Skew, ExposureToMerit, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // raw numbers; an undefined one sorts after every number
    };

    explicit JobRankingModel(QObject *parent = nullptr);

    void setRanking(const RankingSummary &ranking, int topK);
    void clear();
    JobRankingRow job(int row) const { return m_rows.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // What a measure means, for a header's or a label's tooltip ("ndkl", "rnd", "skew", "exposure_to_merit").
    static QString explanation(Column column, const QString &protectedGroup, int topK);

private:
    QList<JobRankingRow> m_rows;
    QString m_protected;
    int m_topK = 10;
};
