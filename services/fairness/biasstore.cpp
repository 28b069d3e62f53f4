#include "fairness/biasstore.h"

#include "db/records.h"
#include "db/repository.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlQuery>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BiasStore", text);
}

QString latestReport(const SqlDialect &d, const QString &type, const QString &idColumn)
{
    return QLatin1String(" LEFT JOIN ") + d.table(Table::BiasReports) + QLatin1String(" b ON b.id = (SELECT b2.id FROM ")
        + d.table(Table::BiasReports) + QLatin1String(" b2 WHERE b2.entity_type = '") + type
        + QLatin1String("' AND b2.entity_id = ") + idColumn
        + QLatin1String(" ORDER BY b2.created_at DESC, b2.id DESC LIMIT 1)");
}

QString reportColumns()
{
    return QStringLiteral("b.id, b.bias_score, b.confidence, b.categories, b.findings, b.recommendations, "
                          "b.requires_review, b.reviewed_by, b.review_notes, b.decision, b.decided_at, b.created_at");
}

// SELECT id, title, text, <report columns> for one entity type.
QString itemSql(const SqlDialect &d, const QString &type)
{
    if (type == QLatin1String("job"))
        return QLatin1String("SELECT j.id, j.title, j.description, ") + reportColumns() + QLatin1String(" FROM ")
            + d.table(Table::Jobs) + QLatin1String(" j") + latestReport(d, type, QStringLiteral("j.id"));
    if (type == QLatin1String("user"))
        return QLatin1String("SELECT u.id, u.full_name, ") + (d.backend() == SqlDialect::Sqlite
                   ? QLatin1String("p.title || '\n\n' || p.bio")
                   : QLatin1String("concat(p.title, E'\\n\\n', p.bio)"))
            + QLatin1String(", ") + reportColumns() + QLatin1String(" FROM ") + d.table(Table::FreelancerProfiles)
            + QLatin1String(" p JOIN ") + d.table(Table::Users) + QLatin1String(" u ON u.id = p.user_id")
            + latestReport(d, type, QStringLiteral("u.id"));
    return QLatin1String("SELECT r.id, j.title, r.note, ") + reportColumns() + QLatin1String(" FROM ")
        + d.table(Table::MatchReviews) + QLatin1String(" r JOIN ") + d.table(Table::MatchResults)
        + QLatin1String(" m ON m.id = r.match_id JOIN ") + d.table(Table::Jobs) + QLatin1String(" j ON j.id = m.job_id")
        + latestReport(d, type, QStringLiteral("r.id")) + QLatin1String(" WHERE r.note <> ''");
}

QString decidedState(const QString &decision)
{
    if (decision == QLatin1String("accept"))
        return QStringLiteral("accepted");
    if (decision == QLatin1String("dismiss"))
        return QStringLiteral("dismissed");
    if (decision == QLatin1String("request_edit"))
        return QStringLiteral("edit_requested");
    return QString();
}

BiasScanItem readItem(const SqlDialect &d, const QSqlQuery &q, const QString &type)
{
    BiasScanItem item;
    item.entityType = type;
    item.entityId = d.toUuid(q.value(0));
    item.title = q.value(1).toString();
    item.text = q.value(2).toString();
    item.state = QStringLiteral("not_checked");
    item.reportId = d.toUuid(q.value(3));
    if (item.reportId.isNull())
        return item;
    item.score = q.value(4).toDouble();
    item.confidence = q.value(5).toDouble();
    item.categories = d.toTags(q.value(6));
    const QJsonObject findings = d.toJson(q.value(7));
    const QJsonObject recommendations = d.toJson(q.value(8));
    const bool requiresReview = q.value(9).toBool();
    item.decidedBy = q.value(10).toString();
    item.note = q.value(11).toString();
    const QString decision = q.value(12).toString();
    item.decidedAt = d.toTime(q.value(13));
    item.createdAt = d.toTime(q.value(14));
    if (findings.contains(QStringLiteral("state"))) {
        item.state = findings.value(QStringLiteral("state")).toString();
        item.detector = findings.value(QStringLiteral("detector")).toString();
        item.error = findings.value(QStringLiteral("error")).toString();
        item.recommendation = recommendations.value(QStringLiteral("text")).toString();
        for (const QJsonValue &v : findings.value(QStringLiteral("spans")).toArray()) {
            const QJsonObject s = v.toObject();
            item.spans << BiasSpan { s.value(QStringLiteral("start")).toInt(), s.value(QStringLiteral("length")).toInt(),
                s.value(QStringLiteral("category")).toString(), s.value(QStringLiteral("term")).toString(),
                s.value(QStringLiteral("source")).toString() };
        }
    } else {
        // A report from before Sextant (8thDegree's detector, the demo): findings and recommendations by category.
        item.state = requiresReview || !item.categories.isEmpty() ? QStringLiteral("flagged") : QStringLiteral("clean");
        item.detector = QStringLiteral("external");
        QStringList lines;
        for (auto it = recommendations.begin(); it != recommendations.end(); ++it)
            lines << it.value().toString();
        item.recommendation = lines.join(QLatin1Char('\n'));
    }
    if (const QString decided = decidedState(decision); !decided.isEmpty())
        item.state = decided;
    return item;
}

} // namespace

namespace BiasStore {

QStringList entityTypes()
{
    return { QStringLiteral("job"), QStringLiteral("user"), QStringLiteral("review") };
}

Result<void> checkEntityType(const QString &entityType)
{
    if (!entityType.isEmpty() && !entityTypes().contains(entityType))
        return makeError(Error::InvalidInput, tr("\"%1\" is not an entity type (job, user or review).").arg(entityType));
    return {};
}

Result<QList<BiasScanItem>> queue(
    Repository &repository, const QString &entityType, const QString &category, const QString &state, int limit)
{
    if (Result<void> ok = checkEntityType(entityType); !ok)
        return ok.error();
    const SqlDialect &d = repository.dialect();
    QList<BiasScanItem> items;
    for (const QString &type : entityTypes()) {
        if (!entityType.isEmpty() && type != entityType)
            continue;
        QSqlQuery q(repository.database());
        q.setForwardOnly(true);
        if (!q.exec(itemSql(d, type)))
            return Repository::queryError(q, tr("Reading the bias queue"));
        while (q.next() && items.size() < limit) {
            BiasScanItem item = readItem(d, q, type);
            if (!state.isEmpty() && item.state != state)
                continue;
            if (!category.isEmpty() && !item.categories.contains(category))
                continue;
            items << item;
        }
    }
    return items;
}

Result<void> write(Repository &repository, const QList<BiasScanItem> &items)
{
    const SqlDialect &d = repository.dialect();
    return repository.inTransaction([&]() -> Result<void> {
        QSqlQuery q(repository.database());
        const QString sql = d.insertSql(Table::BiasReports,
            { { QStringLiteral("id"), SqlDialect::Uuid }, { QStringLiteral("entity_type"), SqlDialect::Text },
                { QStringLiteral("entity_id"), SqlDialect::Uuid }, { QStringLiteral("bias_score"), SqlDialect::Real },
                { QStringLiteral("confidence"), SqlDialect::Real }, { QStringLiteral("categories"), SqlDialect::Tags },
                { QStringLiteral("findings"), SqlDialect::Json }, { QStringLiteral("recommendations"), SqlDialect::Json },
                { QStringLiteral("requires_review"), SqlDialect::Bool }, { QStringLiteral("created_at"), SqlDialect::Time } });
        if (!q.prepare(sql))
            return Repository::queryError(q, tr("Writing bias reports"));
        for (const BiasScanItem &item : items) {
            QJsonArray spans;
            for (const BiasSpan &s : item.spans)
                spans.append(QJsonObject { { QStringLiteral("start"), s.start }, { QStringLiteral("length"), s.length },
                    { QStringLiteral("category"), s.category }, { QStringLiteral("term"), s.term },
                    { QStringLiteral("source"), s.source } });
            QJsonObject findings { { QStringLiteral("state"), item.state }, { QStringLiteral("detector"), item.detector },
                { QStringLiteral("spans"), spans } };
            if (!item.error.isEmpty())
                findings.insert(QStringLiteral("error"), item.error);
            q.bindValue(QStringLiteral(":id"), d.uuid(item.reportId.isNull() ? QUuid::createUuid() : item.reportId));
            q.bindValue(QStringLiteral(":entity_type"), d.text(item.entityType));
            q.bindValue(QStringLiteral(":entity_id"), d.uuid(item.entityId));
            q.bindValue(QStringLiteral(":bias_score"), item.score);
            q.bindValue(QStringLiteral(":confidence"), item.confidence);
            q.bindValue(QStringLiteral(":categories"), d.tags(item.categories));
            q.bindValue(QStringLiteral(":findings"), d.json(findings));
            q.bindValue(QStringLiteral(":recommendations"),
                d.json(QJsonObject { { QStringLiteral("text"), item.recommendation } }));
            q.bindValue(QStringLiteral(":requires_review"), d.boolean(item.state == QLatin1String("flagged")));
            q.bindValue(QStringLiteral(":created_at"), d.time(item.createdAt.isValid() ? item.createdAt : QDateTime::currentDateTimeUtc()));
            if (!q.exec())
                return Repository::queryError(q, tr("Writing bias reports"));
        }
        return {};
    });
}

Result<void> decide(
    Repository &repository, const QUuid &reportId, const QString &decision, const QString &note, const QString &actor)
{
    const QString after = decidedState(decision);
    if (after.isEmpty())
        return makeError(Error::InvalidInput, tr("A bias report is accepted, dismissed or sent back for an edit, not \"%1\".").arg(decision));
    if (decision == QLatin1String("request_edit") && note.trimmed().isEmpty())
        return makeError(Error::InvalidInput, tr("Say in the note what should be changed when asking for an edit."));
    if (actor.trimmed().isEmpty())
        return makeError(Error::InvalidInput, tr("A decision needs the name of who made it."));
    const SqlDialect &d = repository.dialect();
    return repository.inTransaction([&]() -> Result<void> {
        QSqlQuery read(repository.database());
        read.prepare(QLatin1String("SELECT decision, reviewed_by, review_notes, entity_type, entity_id FROM ")
            + d.table(Table::BiasReports) + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        read.bindValue(QStringLiteral(":id"), d.uuid(reportId));
        if (!read.exec())
            return Repository::queryError(read, tr("Reading the bias report"));
        if (!read.next())
            return makeError(Error::NotFound, tr("There is no bias report with this id."));
        const QJsonObject before { { QStringLiteral("decision"), read.value(0).toString() },
            { QStringLiteral("reviewed_by"), read.value(1).toString() }, { QStringLiteral("review_notes"), read.value(2).toString() },
            { QStringLiteral("entity_type"), read.value(3).toString() },
            { QStringLiteral("entity_id"), d.toUuid(read.value(4)).toString(QUuid::WithoutBraces) } };
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QSqlQuery update(repository.database());
        update.prepare(QLatin1String("UPDATE ") + d.table(Table::BiasReports)
            + QLatin1String(" SET decision = :decision, decided_at = ") + d.placeholder(QStringLiteral("at"), SqlDialect::Time)
            + QLatin1String(", reviewed_by = :by, review_notes = :note, requires_review = ")
            + d.placeholder(QStringLiteral("review"), SqlDialect::Bool) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        update.bindValue(QStringLiteral(":decision"), decision);
        update.bindValue(QStringLiteral(":at"), d.time(now));
        update.bindValue(QStringLiteral(":by"), actor);
        update.bindValue(QStringLiteral(":note"), d.text(note));
        update.bindValue(QStringLiteral(":review"), d.boolean(false));
        update.bindValue(QStringLiteral(":id"), d.uuid(reportId));
        if (!update.exec())
            return Repository::queryError(update, tr("Recording the bias decision"));
        AuditEntry entry;
        entry.at = now;
        entry.actor = actor;
        entry.action = QStringLiteral("bias_report.") + decision;
        entry.entity = QStringLiteral("bias_report");
        entry.entityId = reportId.toString(QUuid::WithoutBraces);
        entry.before = before;
        entry.after = QJsonObject { { QStringLiteral("decision"), decision }, { QStringLiteral("state"), after },
            { QStringLiteral("reviewed_by"), actor }, { QStringLiteral("review_notes"), note } };
        return repository.appendAudit(entry);
    });
}

} // namespace BiasStore
