#pragma once

#include "core/memory.h"
#include "core/reply.h"

#include <QList>

class DatabaseWorker;
class QObject;

// What the Archetypes page asks of the workspace: the current state of the eight archetypes and one
// archetype's history, on the database worker's interactive lane; replies come on `context`'s thread.
class ArchetypeService
{
public:
    explicit ArchetypeService(DatabaseWorker *db = nullptr)
        : m_db(db)
    {
    }

    void states(QObject *context, Reply<QList<ArchetypeState>> done) const;
    void history(QObject *context, int archetype, Reply<QList<ArchetypeState>> done) const;

private:
    DatabaseWorker *m_db;
};
