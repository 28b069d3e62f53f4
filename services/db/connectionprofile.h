#pragma once

#include "db/postgresworkspace.h"

#include <QList>
#include <QString>

// A named PostgreSQL connection the operator saved. The password is never part of it: it lives in
// the SecretStore under secretKey().
struct ConnectionProfile
{
    QString name;
    PostgresSettings settings; // settings.password is always empty here

    // "postgresql://user@host:port/database": profiles that reach the same role on the same database
    // share one keychain entry, and renaming a profile keeps its password.
    QString secretKey() const;
};

// Saved connection profiles in QSettings (group "connections"). Plain settings only: a password
// handed in with a profile is dropped before anything is written. Use on one thread at a time.
class ConnectionProfileStore
{
public:
    QList<ConnectionProfile> load() const;
    // Replaces every saved profile with `profiles`, in this order.
    void save(const QList<ConnectionProfile> &profiles);
    // Removes the profile called `name`; unknown names are ignored.
    void remove(const QString &name);

    // The profile the dialog selects first: the one last connected to.
    QString lastUsed() const;
    void setLastUsed(const QString &name);
};
