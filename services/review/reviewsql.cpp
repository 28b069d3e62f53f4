#include "review/reviewsql.h"

#include "matching/matchsql.h"

namespace ReviewSql {

QString table(const SqlDialect &d, const char *name)
{
    if (d.backend() == SqlDialect::Postgres)
        return SqlDialect::quoteIdentifier(d.schemas().ai) + QLatin1Char('.') + QLatin1String(name);
    return QLatin1String("ai_") + QLatin1String(name);
}

QString now(const SqlDialect &d)
{
    return d.backend() == SqlDialect::Postgres ? QStringLiteral("now()")
                                               : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
}

QString nowPlus(const SqlDialect &d, const QString &minutesPlaceholder)
{
    if (d.backend() == SqlDialect::Postgres)
        return QLatin1String("now() + make_interval(mins => ") + minutesPlaceholder + QLatin1String("::integer)");
    return QLatin1String("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ") + minutesPlaceholder
        + QLatin1String(" || ' minutes')");
}

QString currentProposal(const SqlDialect &d, const QString &alias)
{
    return alias + QLatin1String(".superseded_at IS NULL AND ")
        + MatchSql::jobRanked(d, alias + QLatin1String(".run_id"));
}

double stableFraction(const QUuid &id, const char *salt)
{
    quint64 h = 1469598103934665603ULL;
    const auto mix = [&h](unsigned char byte) {
        h ^= byte;
        h *= 1099511628211ULL;
    };
    for (const char *s = salt; *s; ++s)
        mix(static_cast<unsigned char>(*s));
    const QByteArray bytes = id.toRfc4122();
    for (char c : bytes)
        mix(static_cast<unsigned char>(c));
    // FNV's low bits mix poorly: fold the high half in before taking 53 bits.
    h ^= h >> 29;
    return double(h >> 11) / double(1ULL << 53);
}

Result<QSqlQuery *> StatementCache::run(
    const QString &sql, const QString &what, const std::function<void(QSqlQuery &)> &bind)
{
    std::shared_ptr<QSqlQuery> &slot = m_queries[sql];
    if (!slot) {
        auto query = std::make_shared<QSqlQuery>(m_repository.database());
        if (!query->prepare(sql))
            return Repository::queryError(*query, what);
        slot = query;
    }
    slot->finish(); // rows of its previous run, if any were left unread
    if (bind)
        bind(*slot);
    if (!slot->exec())
        return Repository::queryError(*slot, what);
    return slot.get();
}

} // namespace ReviewSql
