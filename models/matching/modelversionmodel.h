#pragma once

#include "matching/matchrecords.h"

#include <QAbstractTableModel>

class MatchService;

// The ai.model_versions rows of one model type (embedding, matching, bias, learning), the active one first,
// as MatchService::versions() lists them. A registry holds a handful of versions per type, so the model
// loads them all at once (canFetchMore() stays false) and reloads whenever the service says the versions
// changed (created, activated, retired). A reload resets the model; views keep their selection by id()
// (rowOf). Lives on the UI thread; the service is not owned and must outlive the model.
class ModelVersionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Version, Active, Deployed, Retired, CreatedBy, Weights, Threshold, TopK, Notes, ColumnCount };
    enum Role { SortRole = Qt::UserRole, IdRole };

    explicit ModelVersionModel(MatchService *service, QObject *parent = nullptr);

    QString modelType() const { return m_modelType; }
    // Chooses the type and reloads; the same type again does nothing.
    void setModelType(const QString &modelType);
    // Asks the service again; an answer to an older request is dropped.
    void reload();
    bool isLoading() const { return m_loading; }

    RegistryVersion versionAt(int row) const { return m_rows.value(row); }
    int rowOf(const QUuid &id) const; // -1 when not listed
    // "semantic 0.25 · skills 0.35 · …" to two significant digits (the tool tip has four decimals), or empty
    // when the version holds no matching parameters.
    static QString weightsSummary(const RegistryVersion &version);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded(); // after the rows were replaced by a fresh answer
    void loadFailed(const QString &message); // translated; the rows held stay

private:
    MatchService *m_service;
    QString m_modelType = QStringLiteral("matching");
    QList<RegistryVersion> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
};
