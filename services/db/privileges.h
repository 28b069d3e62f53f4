#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// What the connected database role may do, read from the server on connect (has_table_privilege and
// friends), so the UI can disable what would be refused instead of failing after the operator's work.
struct Privileges
{
    QString user; // current_user
    QStringList sextantRoles; // sextant_viewer / sextant_reviewer / sextant_admin the user belongs to
    bool superuser = false;
    bool canRead = true; // memories and the 8thDegree tables
    bool canReview = true; // insert match reviews, decide bias reports
    bool canAnnotate = true; // change evaluation annotations
    bool canEditMemories = true; // update memories, links
    bool canDeleteMemories = true; // purge (hard delete)
    bool canReadAuditAttributes = true; // the protected attributes behind fairness audits
    bool canMigrate = true; // owns the schema (or is superuser)

    // Everything allowed: the local SQLite workspace.
    static Privileges owner(const QString &user);
    // "sextant_reviewer", "owner", … : the most capable role, for the status bar.
    QString roleName() const;
    // One line per ability, for the connection test ("✓ read memories", "✗ delete memories").
    QStringList describe() const;
};
