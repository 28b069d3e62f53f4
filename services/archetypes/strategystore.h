#pragma once

#include "archetypes/strategyrecords.h"

#include <QCoreApplication>

class Repository;

// The saved weighting strategies and the record of their applications (migration 0011 PostgreSQL / 0010
// SQLite), on the repository's own connection: use it on the repository's thread. Every change writes the
// audit log in its transaction (entity "weighting_strategy"). On PostgreSQL only admins may write; the
// database refuses anyone else (Error::Database, a sentence).
namespace StrategyStore {

inline const QString AuditEntity = QStringLiteral("weighting_strategy");

// Built-in default first, then the saved ones by name; `applied` set on the one the stored priorities follow.
Result<QList<WeightingStrategy>> list(Repository &r);
// Validates (nothing written when refused); a null id inserts with a new id, another updates. Error::Conflict
// for a name another strategy has; the built-in default cannot be saved over.
Result<WeightingStrategy> save(Repository &r, const WeightingStrategy &s, const QString &actor);
Result<void> remove(Repository &r, const QUuid &id, const QString &actor);

// Newest first.
Result<QList<StrategyApplication>> applications(Repository &r);
// The newest finished application not undone, if any (otherwise the default weights apply).
Result<std::optional<StrategyApplication>> applied(Repository &r);
// The weights the stored priorities follow: the applied strategy's, or the default.
Result<std::array<double, Archetypes::Count>> appliedWeights(Repository &r);

// "[0.2,0.18,…]": the JSON the tables keep, exact for every double.
QString weightsJson(const std::array<double, Archetypes::Count> &weights);
std::optional<std::array<double, Archetypes::Count>> weightsFromJson(const QString &json);

} // namespace StrategyStore
