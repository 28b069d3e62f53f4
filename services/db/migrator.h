#pragma once

#include "core/result.h"
#include "db/sqldialect.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class Repository;

struct Migration
{
    int version = 0; // 0 for preparatory steps (enable pgvector, adopt a seed-plan database)
    QString name;
    QString sql; // a template for available(); expanded (ready to run) inside a MigrationPlan
};

// What migrating a database would do, computed without changing it, so the SQL can be shown first.
struct MigrationPlan
{
    int currentVersion = 0;
    int targetVersion = 0;
    bool adoptsSeedPlan = false; // auth.users / core.jobs / ai.embeddings from the seed DDL, upgraded in place
    bool enablesPgvector = false; // the server offers pgvector and the schema is new: CREATE EXTENSION first
    QList<Migration> steps;

    bool isEmpty() const { return steps.isEmpty(); }
    QString script() const; // every step, with a comment header each, as the preview shows it
};

// Applies the versioned SQL files under resources/migrations/<backend>/ in order, recording them in
// schema_migrations. All pending steps run in ONE transaction: a failure leaves the database as it was.
// Refuses a database newer than this build knows.
class Migrator
{
    Q_DECLARE_TR_FUNCTIONS(Migrator)

public:
    static QList<Migration> available(SqlDialect::Backend backend);
    static int latestVersion(SqlDialect::Backend backend);

    // Reads the database (never writes) and lists what migrate() would run.
    static Result<MigrationPlan> plan(Repository &repository);
    // Runs a plan made by plan() on the same repository. Returns the schema version afterwards.
    static Result<int> apply(Repository &repository, const MigrationPlan &plan);
    // plan() + apply(). Idempotent: a current database is left untouched.
    static Result<int> migrate(Repository &repository);

    // Splits a script into statements, keeping CREATE TRIGGER … BEGIN … END; blocks and $$ bodies whole.
    static QStringList splitStatements(const QString &script);
};
