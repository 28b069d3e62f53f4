#include "db/privileges.h"

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Privileges", text);
}
} // namespace

Privileges Privileges::owner(const QString &user)
{
    Privileges p;
    p.user = user;
    return p;
}

QString Privileges::roleName() const
{
    if (superuser)
        return tr("superuser");
    if (canMigrate)
        return tr("owner");
    for (const char *role : { "sextant_admin", "sextant_reviewer_l2", "sextant_reviewer", "sextant_viewer" }) {
        if (sextantRoles.contains(QLatin1String(role)))
            return QString::fromLatin1(role);
    }
    return canRead ? tr("custom grants") : tr("no access");
}

QStringList Privileges::describe() const
{
    const auto line = [](bool allowed, const QString &what) -> QString {
        return (allowed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + what;
    };
    return { line(canRead, tr("read memories and marketplace data")), line(canReview, tr("review matches and bias reports")),
        line(canAnnotate, tr("edit annotations")), line(canEditMemories, tr("edit memories and links")),
        line(canDeleteMemories, tr("purge memories")), line(canReadAuditAttributes, tr("read audit attributes")),
        line(canMigrate, tr("apply migrations")) };
}
