#pragma once

#include "matching/matchrecords.h"

#include <QAbstractTableModel>
#include <QHash>

class MatchService;

// The current proposals of one job (its ranked candidates) or, in the reverse view, of one freelancer
// (the jobs proposed to them). Component columns hold the value in 0..1 under ComponentRole and the
// weight of the version that produced the row under WeightRole, for the bar delegate.
class MatchCandidateModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Rank,
        Who, // the freelancer (job view) or the job (freelancer view)
        Score,
        Confidence,
        FirstComponent, // then one column per compute::MatchComponent, in its order
        Outcome = FirstComponent + compute::MatchComponentCount,
        Decision,
        Version,
        ColumnCount
    };
    enum Role { ComponentRole = Qt::UserRole + 1, WeightRole, MatchIdRole, SortRole };
    enum class View { None, Job, Freelancer };

    explicit MatchCandidateModel(MatchService *service, QObject *parent = nullptr);

    void showJob(const QUuid &jobId);
    void showFreelancer(const QUuid &freelancerId);
    void clear();
    void reload();
    View view() const { return m_view; }
    QUuid subject() const { return m_subject; }
    bool isLoading() const { return m_loading; }

    // The weights of each matching version by name, so a row's bars show the weights that scored it.
    void setVersionParams(const QHash<QString, compute::MatchParams> &params);
    std::optional<compute::MatchParams> paramsOf(const QString &version) const;

    const MatchCandidateRow &candidate(int row) const { return m_rows.at(row); }
    static QString componentName(int component); // translated: "Semantic", "Skills", …

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);

private:
    void show(View view, const QUuid &id);
    QString outcomeText(const MatchCandidateRow &row) const;

    MatchService *m_service;
    View m_view = View::None;
    QUuid m_subject;
    QList<MatchCandidateRow> m_rows;
    QHash<QString, compute::MatchParams> m_params;
    bool m_loading = false;
    quint64 m_generation = 0;
};
