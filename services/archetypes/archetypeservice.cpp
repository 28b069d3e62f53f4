#include "archetypes/archetypeservice.h"

#include "db/databaseworker.h"

void ArchetypeService::states(QObject *context, Reply<QList<ArchetypeState>> done) const
{
    m_db->call(context, [](Repository &repository) { return repository.archetypeStates(); }, std::move(done));
}

void ArchetypeService::history(QObject *context, int archetype, Reply<QList<ArchetypeState>> done) const
{
    m_db->call(
        context, [archetype](Repository &repository) { return repository.archetypeHistory(archetype); },
        std::move(done));
}
