#pragma once

#include "support/testservers.h"

#include <QSqlDatabase>
#include <QSqlQuery>

// Another client's connection, on the calling thread, in a transaction: it takes a row lock that a drilled step
// will wait for, and watches for that wait.
class RowLocker
{
public:
    explicit RowLocker(QString name = QStringLiteral("drill-locker"))
        : m_name(std::move(name))
    {
    }
    ~RowLocker()
    {
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool open(const PostgresSettings &settings)
    {
        m_db = TestServers::addConnection(settings, m_name);
        return m_db.open() && m_db.transaction();
    }
    bool lock(const QString &selectForUpdate)
    {
        QSqlQuery q(m_db);
        return q.exec(selectForUpdate) && q.next();
    }
    // How many backends of this database wait for a lock, as pg_stat_activity shows them.
    int waiting()
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                                   "wait_event_type = 'Lock'"))
            || !q.next())
            return 0;
        return q.value(0).toInt();
    }
    bool release() { return m_db.commit(); }

private:
    QString m_name;
    QSqlDatabase m_db;
};
