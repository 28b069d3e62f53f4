#pragma once

#include "result.h"
#include "sqldialect.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class SqlRepository;

struct Migration
{
    int version = 0;
    QString name;
    QString sql;
};

// Applies the versioned SQL files under resources/migrations/<backend>/ in order, each in its own
// transaction, recording them in schema_migrations. Refuses a database newer than this build knows.
class Migrator
{
    Q_DECLARE_TR_FUNCTIONS(Migrator)

public:
    static QList<Migration> available(SqlDialect::Backend backend);
    static int latestVersion(SqlDialect::Backend backend);

    // Returns the schema version after migrating. Idempotent: a current database is left untouched.
    static Result<int> migrate(SqlRepository &repository);

    // Splits a script into statements, keeping CREATE TRIGGER … BEGIN … END; blocks whole.
    static QStringList splitStatements(const QString &script);
};
