#pragma once

#include "db/postgresworkspace.h"

#include <QString>
#include <QStringList>

#include <optional>

// What the command line asked for. Parsing exits with a message on bad input.
struct CommandLine
{
    QString workspace; // an SQLite workspace file; empty = the demo workspace in the data folder
    bool resetDemo = false; // regenerate the demo workspace before opening it
    int generateMemories = 0; // > 0: write a demo workspace of this size to `output` and exit
    QString output;
    quint64 seed = 20261121;
    QString screenshot; // save the main window here once a memory is shown, then exit
    std::optional<PostgresSettings> postgres; // --connect: open this PostgreSQL workspace instead of the demo
    bool migrate = false; // with --connect: apply pending migrations without the window, then exit
    bool publishDemo = false; // with --connect: write the demo data set into the (empty) database, then exit

    static CommandLine parse(const QStringList &arguments);
};
