#pragma once

#include "core/result.h"
#include "db/postgresworkspace.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <optional>

class QCommandLineParser;

// Which workspace a subcommand works on: --workspace FILE (SQLite), --profile NAME (a connection the window
// saved), --connect CONNECTION (PostgreSQL), or by default the demo workspace the window opens.
struct CliWorkspace
{
    QString file; // SQLite; empty for a server
    std::optional<PostgresSettings> postgres;
    QString secretKey; // where the keychain keeps this server role's password
    bool isDefaultDemo = false;

    QString displayName() const; // never with a password

    static QList<QCommandLineOption> options();
    // Error::InvalidInput (a usage error) for two ways at once, an unknown profile, a connection string that
    // does not parse or that holds a password.
    static Result<CliWorkspace> fromOptions(const QCommandLineParser &parser);
};

// The password of a server workspace, never from the command line: the keychain entry the connection dialog
// saved, then PGPASSWORD. Empty when neither has one (the server may not ask; otherwise promptPassword).
QString storedPassword(const CliWorkspace &workspace);
// Asks on the terminal without echo; empty (and no question) when stdin is not a terminal.
QString promptPassword(const QString &displayName);
