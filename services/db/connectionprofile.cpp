#include "db/connectionprofile.h"

#include <QSettings>

namespace {
const QString GroupKey = QStringLiteral("connections");
const QString LastUsedKey = QStringLiteral("ConnectionDialog/lastProfile");
} // namespace

QString ConnectionProfile::secretKey() const
{
    return QLatin1String("postgresql://") + settings.displayName();
}

QList<ConnectionProfile> ConnectionProfileStore::load() const
{
    QSettings store;
    QList<ConnectionProfile> profiles;
    const PostgresSettings defaults;
    const int count = store.beginReadArray(GroupKey);
    for (int i = 0; i < count; ++i) {
        store.setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = store.value(QStringLiteral("name")).toString();
        if (profile.name.isEmpty())
            continue; // a hand-edited entry without a name cannot be selected or removed
        PostgresSettings &s = profile.settings;
        s.host = store.value(QStringLiteral("host"), defaults.host).toString();
        s.port = store.value(QStringLiteral("port"), defaults.port).toInt();
        s.database = store.value(QStringLiteral("database"), defaults.database).toString();
        s.user = store.value(QStringLiteral("user"), defaults.user).toString();
        s.sslMode = store.value(QStringLiteral("sslmode"), defaults.sslMode).toString();
        s.sslRootCert = store.value(QStringLiteral("sslrootcert")).toString();
        s.schemas.eumas = store.value(QStringLiteral("schemas/eumas"), defaults.schemas.eumas).toString();
        s.schemas.auth = store.value(QStringLiteral("schemas/auth"), defaults.schemas.auth).toString();
        s.schemas.core = store.value(QStringLiteral("schemas/core"), defaults.schemas.core).toString();
        s.schemas.ai = store.value(QStringLiteral("schemas/ai"), defaults.schemas.ai).toString();
        profiles << profile;
    }
    store.endArray();
    return profiles;
}

void ConnectionProfileStore::save(const QList<ConnectionProfile> &profiles)
{
    QSettings store;
    store.remove(GroupKey); // a shorter list must not leave old entries behind
    store.beginWriteArray(GroupKey, int(profiles.size()));
    for (int i = 0; i < int(profiles.size()); ++i) {
        store.setArrayIndex(i);
        // Field by field from the settings, never the whole struct: the password has no key here.
        const PostgresSettings &s = profiles[i].settings;
        store.setValue(QStringLiteral("name"), profiles[i].name);
        store.setValue(QStringLiteral("host"), s.host);
        store.setValue(QStringLiteral("port"), s.port);
        store.setValue(QStringLiteral("database"), s.database);
        store.setValue(QStringLiteral("user"), s.user);
        store.setValue(QStringLiteral("sslmode"), s.sslMode);
        store.setValue(QStringLiteral("sslrootcert"), s.sslRootCert);
        store.setValue(QStringLiteral("schemas/eumas"), s.schemas.eumas);
        store.setValue(QStringLiteral("schemas/auth"), s.schemas.auth);
        store.setValue(QStringLiteral("schemas/core"), s.schemas.core);
        store.setValue(QStringLiteral("schemas/ai"), s.schemas.ai);
    }
    store.endArray();
}

void ConnectionProfileStore::remove(const QString &name)
{
    QList<ConnectionProfile> profiles = load();
    const qsizetype removed = profiles.removeIf([&name](const ConnectionProfile &p) { return p.name == name; });
    if (removed > 0)
        save(profiles);
    if (lastUsed() == name)
        QSettings().remove(LastUsedKey);
}

QString ConnectionProfileStore::lastUsed() const
{
    return QSettings().value(LastUsedKey).toString();
}

void ConnectionProfileStore::setLastUsed(const QString &name)
{
    QSettings().setValue(LastUsedKey, name);
}
