#pragma once

#include "db/postgresworkspace.h"

#include <QString>

// Turns what libpq says about a failed connection into one plain sentence an operator can act on
// ("Nothing answers at db.example.com:5432 …"). Unknown failures keep the server's own words.
QString describeConnectionError(const Error &error, const PostgresSettings &settings);
