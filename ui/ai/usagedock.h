#pragma once

#include <QDockWidget>
#include <QTimer>

class AiEndpoint;
class DatabaseWorker;
class QLabel;
class QTableView;
class UsageTableModel;

// View → Usage and Cost: tokens per request summed per day, task and model over the last 30 days, the
// cost estimate from the editable price table, and the embedding cache's hit ratio. Reloads (coalesced)
// whenever the usage ledger has written.
class UsageDock : public QDockWidget
{
    Q_OBJECT
public:
    UsageDock(AiEndpoint *endpoint, DatabaseWorker *worker, QWidget *parent = nullptr);

    UsageTableModel *model() const { return m_model; }
    void reload();
    QString summaryText() const;

Q_SIGNALS:
    void reloaded();

private:
    void editPrices();
    void updateSummary();

    AiEndpoint *m_endpoint;
    DatabaseWorker *m_worker;
    UsageTableModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
    QTimer m_reload;
    quint64 m_generation = 0;
};
