// Repository: 8thDegree batch inserts (users, profiles, jobs, embeddings, matches, reviews, bias reports).
#include "db/sqlbatch.h"
#include "db/repository.h"
#include "core/validation.h"

#include <QCoreApplication>
#include <QSqlQuery>

using K = SqlDialect::Kind;
using Columns = QList<std::pair<QString, SqlDialect::Kind>>;

namespace {
QString s(const char *latin1)
{
    return QString::fromLatin1(latin1);
}
QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}
} // namespace

Result<void> Repository::insertUsers(const QList<User> &users)
{
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::Users,
        Columns { { s("id"), K::Uuid }, { s("email"), K::Text }, { s("full_name"), K::Text }, { s("role"), K::Text },
            { s("is_active"), K::Bool }, { s("created_at"), K::Time }, { s("shard_region"), K::Text },
            { s("shard_key"), K::Text } });
    return runBatch(*this, tr("Saving users"), sql, users, [&d](QSqlQuery &q, const User &u) {
        q.bindValue(0, d.uuid(u.id));
        q.bindValue(1, d.text(u.email));
        q.bindValue(2, d.text(u.fullName));
        q.bindValue(3, d.text(u.role));
        q.bindValue(4, d.boolean(u.isActive));
        q.bindValue(5, d.time(u.createdAt));
        q.bindValue(6, d.text(u.shardRegion));
        q.bindValue(7, u.shardKey());
    });
}

Result<void> Repository::insertFreelancerProfiles(const QList<FreelancerProfile> &profiles)
{
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::FreelancerProfiles,
        Columns { { s("user_id"), K::Uuid }, { s("title"), K::Text }, { s("bio"), K::Text }, { s("skills"), K::Tags },
            { s("hourly_rate"), K::Real }, { s("experience_years"), K::Integer }, { s("success_rate"), K::Real },
            { s("location"), K::Text }, { s("timezone"), K::Text } });
    return runBatch(
        *this, tr("Saving freelancer profiles"), sql, profiles, [&d](QSqlQuery &q, const FreelancerProfile &p) {
            q.bindValue(0, d.uuid(p.userId));
            q.bindValue(1, d.text(p.title));
            q.bindValue(2, d.text(p.bio));
            q.bindValue(3, d.tags(p.skills));
            q.bindValue(4, p.hourlyRate);
            q.bindValue(5, p.experienceYears);
            q.bindValue(6, p.successRate);
            q.bindValue(7, d.text(p.location));
            q.bindValue(8, d.text(p.timezone));
        });
}

Result<void> Repository::insertJobs(const QList<Job> &jobs)
{
    if (auto r = Validation::checkAll(jobs, Validation::checkJob); !r)
        return r;
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::Jobs,
        Columns { { s("id"), K::Uuid }, { s("title"), K::Text }, { s("description"), K::Text },
            { s("budget"), K::Real }, { s("category"), K::Text }, { s("required_skills"), K::Tags },
            { s("status"), K::Text }, { s("client_id"), K::Uuid }, { s("region"), K::Text },
            { s("created_at"), K::Time }, { s("experience_level"), K::Text } });
    return runBatch(*this, tr("Saving jobs"), sql, jobs, [&d](QSqlQuery &q, const Job &j) {
        q.bindValue(0, d.uuid(j.id));
        q.bindValue(1, d.text(j.title));
        q.bindValue(2, d.text(j.description));
        q.bindValue(3, j.budget);
        q.bindValue(4, d.text(j.category));
        q.bindValue(5, d.tags(j.requiredSkills));
        q.bindValue(6, d.text(j.status));
        q.bindValue(7, d.uuid(j.clientId));
        q.bindValue(8, d.text(j.region));
        q.bindValue(9, d.time(j.createdAt));
        q.bindValue(10, j.experienceLevel.isEmpty() ? nullText() : QVariant(j.experienceLevel));
    });
}

Result<void> Repository::insertEntityEmbeddings(const QList<EntityEmbedding> &embeddings)
{
    for (qsizetype i = 0; i < embeddings.size(); ++i) {
        if (embeddings[i].vector.isEmpty())
            return makeError(Error::InvalidInput, tr("Row %1: the embedding is empty.").arg(i + 1));
        if (auto r = Validation::checkEmbedding(embeddings[i].vector, tr("The embedding")); !r)
            return makeError(r.error().code, tr("Row %1: %2").arg(i + 1).arg(r.error().message));
    }
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::Embeddings,
        Columns { { s("entity_type"), K::Text }, { s("entity_id"), K::Uuid }, { s("vector"), K::Vector },
            { s("model"), K::Text }, { s("created_at"), K::Time } });
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return runBatch(*this, tr("Saving embeddings"), sql, embeddings, [&d, now](QSqlQuery &q, const EntityEmbedding &e) {
        q.bindValue(0, d.text(e.entityType));
        q.bindValue(1, d.uuid(e.entityId));
        q.bindValue(2, d.vector(e.vector));
        q.bindValue(3, d.text(e.model));
        q.bindValue(4, d.time(e.createdAt.isValid() ? e.createdAt : now));
    });
}

Result<void> Repository::insertMatches(const QList<MatchResult> &matches)
{
    if (auto r = Validation::checkAll(matches, Validation::checkMatch); !r)
        return r;
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::MatchResults,
        Columns { { s("id"), K::Uuid }, { s("job_id"), K::Uuid }, { s("freelancer_id"), K::Uuid },
            { s("score"), K::Real }, { s("confidence"), K::Real }, { s("ranking"), K::Integer },
            { s("skill_match"), K::Real }, { s("experience_match"), K::Real }, { s("success_rate_match"), K::Real },
            { s("region_match"), K::Real }, { s("match_factors"), K::Json }, { s("model_version"), K::Text },
            { s("created_at"), K::Time }, { s("was_viewed"), K::Bool }, { s("was_applied"), K::Bool },
            { s("was_hired"), K::Bool } });
    return runBatch(*this, tr("Saving matches"), sql, matches, [&d](QSqlQuery &q, const MatchResult &m) {
        q.bindValue(0, d.uuid(m.id));
        q.bindValue(1, d.uuid(m.jobId));
        q.bindValue(2, d.uuid(m.freelancerId));
        q.bindValue(3, m.score);
        q.bindValue(4, m.confidence);
        q.bindValue(5, m.ranking);
        q.bindValue(6, m.skillMatch);
        q.bindValue(7, m.experienceMatch);
        q.bindValue(8, m.successRateMatch);
        q.bindValue(9, m.regionMatch);
        q.bindValue(10, d.json(m.matchFactors));
        q.bindValue(11, d.text(m.modelVersion));
        q.bindValue(12, d.time(m.createdAt));
        q.bindValue(13, d.boolean(m.wasViewed));
        q.bindValue(14, d.boolean(m.wasApplied));
        q.bindValue(15, d.boolean(m.wasHired));
    });
}

Result<void> Repository::insertMatchReviews(const QList<MatchReview> &reviews)
{
    if (auto r = Validation::checkAll(reviews, Validation::checkMatchReview); !r)
        return r;
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::MatchReviews,
        Columns { { s("id"), K::Uuid }, { s("match_id"), K::Uuid }, { s("reviewer"), K::Text },
            { s("decision"), K::Text }, { s("reason_code"), K::Text }, { s("note"), K::Text },
            { s("decided_at"), K::Time }, { s("level"), K::Integer } });
    return runBatch(*this, tr("Saving match reviews"), sql, reviews, [&d](QSqlQuery &q, const MatchReview &r) {
        q.bindValue(0, d.uuid(r.id.isNull() ? QUuid::createUuid() : r.id));
        q.bindValue(1, d.uuid(r.matchId));
        q.bindValue(2, d.text(r.reviewer));
        q.bindValue(3, d.text(r.decision));
        q.bindValue(4, d.text(r.reasonCode));
        q.bindValue(5, d.text(r.note));
        q.bindValue(6, d.time(r.decidedAt));
        q.bindValue(7, r.level);
    });
}

Result<void> Repository::insertBiasReports(const QList<BiasReport> &reports)
{
    if (auto r = Validation::checkAll(reports, Validation::checkBiasReport); !r)
        return r;
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::BiasReports,
        Columns { { s("id"), K::Uuid }, { s("entity_type"), K::Text }, { s("entity_id"), K::Uuid },
            { s("bias_score"), K::Real }, { s("confidence"), K::Real }, { s("categories"), K::Tags },
            { s("findings"), K::Json }, { s("recommendations"), K::Json }, { s("requires_review"), K::Bool },
            { s("reviewed_by"), K::Text }, { s("review_notes"), K::Text }, { s("decision"), K::Text },
            { s("decided_at"), K::Time }, { s("created_at"), K::Time } });
    return runBatch(*this, tr("Saving bias reports"), sql, reports, [&d](QSqlQuery &q, const BiasReport &b) {
        q.bindValue(0, d.uuid(b.id));
        q.bindValue(1, d.text(b.entityType));
        q.bindValue(2, d.uuid(b.entityId));
        q.bindValue(3, b.biasScore);
        q.bindValue(4, b.confidence);
        q.bindValue(5, d.tags(b.categories));
        q.bindValue(6, d.json(b.findings));
        q.bindValue(7, d.json(b.recommendations));
        q.bindValue(8, d.boolean(b.requiresReview));
        q.bindValue(9, b.reviewedBy.isEmpty() ? nullText() : QVariant(b.reviewedBy));
        q.bindValue(10, b.reviewNotes.isEmpty() ? nullText() : QVariant(b.reviewNotes));
        q.bindValue(11, b.decision.isEmpty() ? nullText() : QVariant(b.decision));
        q.bindValue(12, d.time(b.decidedAt));
        q.bindValue(13, d.time(b.createdAt));
    });
}

Result<void> Repository::insertAuditAttributes(const QList<AuditAttribute> &attributes)
{
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::AuditAttributes,
        Columns { { s("user_id"), K::Uuid }, { s("attribute"), K::Text }, { s("value"), K::Text } });
    return runBatch(*this, tr("Saving audit attributes"), sql, attributes, [&d](QSqlQuery &q, const AuditAttribute &a) {
        q.bindValue(0, d.uuid(a.userId));
        q.bindValue(1, d.text(a.attribute));
        q.bindValue(2, d.text(a.value));
    });
}

Result<void> Repository::insertModelVersions(const QList<ModelVersion> &versions)
{
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::ModelVersions,
        Columns { { s("id"), K::Uuid }, { s("model_type"), K::Text }, { s("version"), K::Text },
            { s("accuracy"), K::Real }, { s("is_active"), K::Bool }, { s("deployed_at"), K::Time } });
    return runBatch(*this, tr("Saving model versions"), sql, versions, [&d](QSqlQuery &q, const ModelVersion &v) {
        q.bindValue(0, d.uuid(v.id));
        q.bindValue(1, d.text(v.modelType));
        q.bindValue(2, d.text(v.version));
        q.bindValue(3, v.accuracy);
        q.bindValue(4, d.boolean(v.isActive));
        q.bindValue(5, d.time(v.deployedAt));
    });
}
