#pragma once

#include "archetypes/archetypeservice.h"
#include "core/memory.h"

#include <QWidget>

class ArchetypeHistoryChart;
class DatabaseWorker;
class QComboBox;
class QLabel;
class QTableWidget;

// The current state of the eight archetypes and the recent history of one of them.
class ArchetypesPage : public QWidget
{
    Q_OBJECT
public:
    // Each archetype has its own four metrics, so one column names them beside their values.
    enum Column { ArchetypeColumn, Metrics, Influence, Updated, ColumnCount };

    explicit ArchetypesPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    // Loads the current states and the history of the chosen archetype.
    void load();

    int currentArchetype() const;
    void setCurrentArchetype(int archetype);

    QTableWidget *stateTable() const { return m_table; }
    ArchetypeHistoryChart *historyChart() const { return m_chart; }
    bool isLoading() const { return m_pending > 0; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void statesLoaded();
    void historyLoaded(int archetype);

private:
    void loadHistory();
    void fillStates(const QList<ArchetypeState> &states);
    void syncTableRow();
    void showError(const QString &message);
    void beginRequest();
    void endRequest();

    ArchetypeService m_archetypes;
    QTableWidget *m_table;
    QComboBox *m_archetype;
    ArchetypeHistoryChart *m_chart;
    QLabel *m_error;
    quint64 m_statesGeneration = 0;
    quint64 m_historyGeneration = 0;
    int m_pending = 0;
};
