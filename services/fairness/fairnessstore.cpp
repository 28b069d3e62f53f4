#include "fairness/fairnessstore.h"

#include "db/repository.h"
#include "fairness/fairnessjson.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FairnessStore", text);
}

QString columns()
{
    return QStringLiteral("SELECT id, parameters, result, data_fingerprint, created_by, created_at FROM ");
}

Result<FairnessReport> read(const SqlDialect &d, const QSqlQuery &q)
{
    Result<FairnessRequest> request = FairnessJson::requestFromJson(d.toJson(q.value(1)));
    if (!request)
        return request.error();
    FairnessReport report = FairnessJson::resultFromJson(d.toJson(q.value(2)), *request);
    report.id = d.toUuid(q.value(0));
    report.dataFingerprint = q.value(3).toString();
    report.createdBy = q.value(4).toString();
    report.createdAt = d.toTime(q.value(5));
    return report;
}

} // namespace

namespace FairnessStore {

Result<void> save(Repository &repository, const FairnessReport &report)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = QLatin1String("INSERT INTO ") + d.eumasObject(QStringLiteral("fairness_reports"))
        + QLatin1String(" (id, parameters, result, data_fingerprint, created_by, created_at) VALUES (")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(", ")
        + d.placeholder(QStringLiteral("parameters"), SqlDialect::Json) + QLatin1String(", ")
        + d.placeholder(QStringLiteral("result"), SqlDialect::Json) + QLatin1String(", :fingerprint, :by, ")
        + d.placeholder(QStringLiteral("at"), SqlDialect::Time) + QLatin1Char(')');
    if (!q.prepare(sql))
        return Repository::queryError(q, tr("Saving the fairness report"));
    q.bindValue(QStringLiteral(":id"), d.uuid(report.id));
    q.bindValue(QStringLiteral(":parameters"), d.json(FairnessJson::requestToJson(report.request)));
    q.bindValue(QStringLiteral(":result"), d.json(FairnessJson::resultToJson(report)));
    q.bindValue(QStringLiteral(":fingerprint"), d.text(report.dataFingerprint));
    q.bindValue(QStringLiteral(":by"), d.text(report.createdBy));
    q.bindValue(QStringLiteral(":at"), d.time(report.createdAt));
    if (!q.exec())
        return Repository::queryError(q, tr("Saving the fairness report"));
    return {};
}

Result<QList<FairnessReport>> list(Repository &repository, int limit)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = columns() + d.eumasObject(QStringLiteral("fairness_reports"))
        + QLatin1String(" ORDER BY created_at DESC, id LIMIT ") + QString::number(std::max(1, limit));
    if (!q.exec(sql))
        return Repository::queryError(q, tr("Listing the saved fairness reports"));
    QList<FairnessReport> reports;
    while (q.next()) {
        Result<FairnessReport> report = read(d, q);
        if (!report)
            return report.error();
        report->groups.clear();
        report->stages.clear();
        reports << *report;
    }
    return reports;
}

Result<FairnessReport> load(Repository &repository, const QUuid &id)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = columns() + d.eumasObject(QStringLiteral("fairness_reports")) + QLatin1String(" WHERE id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid);
    if (!q.prepare(sql))
        return Repository::queryError(q, tr("Reading the fairness report"));
    q.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the fairness report"));
    if (!q.next())
        return makeError(Error::NotFound, tr("There is no saved fairness report with this id."));
    return read(d, q);
}

} // namespace FairnessStore
