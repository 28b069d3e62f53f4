#pragma once

#include "matching/matchrecords.h"

#include <QCoreApplication>

class Repository;

// ai.model_versions: list, create (matching versions), activate, retire. Runs on the repository's thread;
// every write is one transaction with its audit-log entry (action model_version.create | .activate |
// .retire, entity model_version). The database itself refuses a second active version of a type (a
// partial unique index, migration 7 / SQLite 6) and a repeated version name within a type.
class ModelRegistry
{
    Q_DECLARE_TR_FUNCTIONS(ModelRegistry)

public:
    static inline const QString Matching = QStringLiteral("matching");

    // Versions of `modelType` (every type when empty): the active one first, then newest first.
    static Result<QList<RegistryVersion>> list(Repository &repository, const QString &modelType = {});
    static Result<RegistryVersion> version(Repository &repository, const QUuid &id);
    // The active matching version; Error::NotFound (with what to do) when none is active.
    static Result<RegistryVersion> activeMatching(Repository &repository);

    // A new inactive matching version. Error::InvalidInput, writing nothing, for an empty or too long name,
    // weights that are not ≥ 0 or do not sum to 1, a threshold outside 0..1 or top-k outside 1..50;
    // Error::Conflict when the name exists.
    static Result<RegistryVersion> createMatching(
        Repository &repository, const MatchingVersionDraft &draft, const QString &actor);
    // Makes `id` the active version of its type; the previous active one is deactivated (retired_at set)
    // in the same transaction. A retired version can be activated again (its retired_at is cleared).
    static Result<void> activate(Repository &repository, const QUuid &id, const QString &actor);
    // Retires an inactive version. The active version cannot be retired (Error::Conflict: activate another
    // first), so a type that has an active version keeps exactly one.
    static Result<void> retire(Repository &repository, const QUuid &id, const QString &actor);
};
