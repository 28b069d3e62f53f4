#pragma once

#include "db/connectionprofile.h"

#include <QGroupBox>

class QListWidget;
class SecretStore;

// The connection dialog's profile column: the saved profiles plus any added in this dialog, with
// Add / Duplicate / Delete. Holds each profile's password in memory beside it (typed, or read from
// the SecretStore when the profile is first selected). Delete is saved at once; the rest by save().
class ConnectionProfileList : public QGroupBox
{
    Q_OBJECT
public:
    // `secrets` must outlive the list.
    explicit ConnectionProfileList(SecretStore *secrets, QWidget *parent = nullptr);

    int currentRow() const { return m_current; }
    ConnectionProfile currentProfile() const;
    QString currentPassword() const;
    // The form changed: keep its fields for the current profile and show its name.
    void updateCurrent(const ConnectionProfile &profile, const QString &password);
    // Saves every profile (never a password) and remembers the current one as last used. Fails,
    // with a sentence, when another profile has the current one's name.
    Result<void> save();

    QString uniqueName(const QString &base) const;

Q_SIGNALS:
    void currentChanged(); // another profile is selected (or the list was refilled)
    void passwordRead(const QString &password); // the keychain answered for the current profile

private:
    void load();
    void select(int row);
    void add(const ConnectionProfile &profile, const QString &password);
    void duplicate();
    void removeCurrent();
    void readPassword(int row);

    SecretStore *m_secrets;
    ConnectionProfileStore m_store;
    QList<ConnectionProfile> m_profiles;
    QStringList m_passwords; // beside m_profiles
    int m_current = -1;
    QListWidget *m_list;
};
