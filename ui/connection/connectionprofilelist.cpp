#include "connection/connectionprofilelist.h"

#include "core/secretstore.h"

#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

ConnectionProfileList::ConnectionProfileList(SecretStore *secrets, QWidget *parent)
    : QGroupBox(tr("Profiles"), parent)
    , m_secrets(secrets)
    , m_list(new QListWidget(this))
{
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // a long name is cut, and shown in full as a tooltip
    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("addProfile"));
    auto *duplicate = new QPushButton(tr("D&uplicate"), this);
    duplicate->setObjectName(QStringLiteral("duplicateProfile"));
    auto *remove = new QPushButton(tr("De&lete"), this);
    remove->setObjectName(QStringLiteral("deleteProfile"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    for (QPushButton *button : { add, duplicate, remove })
        layout->addWidget(button);

    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectionProfileList::select);
    connect(add, &QPushButton::clicked, this, [this] {
        ConnectionProfile profile;
        profile.name = uniqueName(tr("New connection"));
        this->add(profile, QString());
    });
    connect(duplicate, &QPushButton::clicked, this, &ConnectionProfileList::duplicate);
    connect(remove, &QPushButton::clicked, this, &ConnectionProfileList::removeCurrent);
    load();
}

ConnectionProfile ConnectionProfileList::currentProfile() const
{
    return m_current < 0 ? ConnectionProfile() : m_profiles[m_current];
}

QString ConnectionProfileList::currentPassword() const
{
    return m_current < 0 ? QString() : m_passwords[m_current];
}

void ConnectionProfileList::updateCurrent(const ConnectionProfile &profile, const QString &password)
{
    if (m_current < 0)
        return;
    m_profiles[m_current] = profile;
    m_passwords[m_current] = password;
    m_list->item(m_current)->setText(profile.name);
    m_list->item(m_current)->setToolTip(profile.name);
}

Result<void> ConnectionProfileList::save()
{
    if (m_current < 0)
        return makeError(Error::InvalidInput, tr("No profile is selected."));
    ConnectionProfile &current = m_profiles[m_current];
    if (current.name.isEmpty()) {
        current.name = uniqueName(current.settings.displayName());
        m_list->item(m_current)->setText(current.name);
        m_list->item(m_current)->setToolTip(current.name);
    }
    for (int i = 0; i < int(m_profiles.size()); ++i) {
        if (i != m_current && m_profiles[i].name == current.name)
            return makeError(Error::Conflict,
                tr("Another profile is already called %1: rename this one to connect.").arg(current.name));
    }
    m_store.save(m_profiles);
    m_store.setLastUsed(current.name);
    return {};
}

QString ConnectionProfileList::uniqueName(const QString &base) const
{
    const auto taken = [this](const QString &name) {
        return std::any_of(
            m_profiles.cbegin(), m_profiles.cend(), [&name](const ConnectionProfile &p) { return p.name == name; });
    };
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

void ConnectionProfileList::load()
{
    const QString last = m_store.lastUsed();
    int row = 0;
    for (const ConnectionProfile &profile : m_store.load()) {
        if (profile.name == last)
            row = int(m_profiles.size());
        m_profiles << profile;
        m_passwords << QString();
        m_list->addItem(profile.name);
        m_list->item(m_list->count() - 1)->setToolTip(profile.name);
    }
    if (m_profiles.isEmpty()) {
        ConnectionProfile profile;
        profile.name = tr("New connection");
        add(profile, QString());
        return;
    }
    m_list->setCurrentRow(row);
}

void ConnectionProfileList::select(int row)
{
    m_current = row < int(m_profiles.size()) ? row : -1;
    if (m_current >= 0 && m_passwords[m_current].isEmpty())
        readPassword(m_current);
    Q_EMIT currentChanged();
}

void ConnectionProfileList::readPassword(int row)
{
    const QString key = m_profiles[row].secretKey();
    QCoro::connect(m_secrets->read(key), this, [this, row, key](const Result<QString> &secret) {
        // The operator may have moved on, typed a password or deleted the profile meanwhile.
        if (!secret || row != m_current || m_profiles[row].secretKey() != key || !m_passwords[row].isEmpty())
            return;
        m_passwords[row] = *secret;
        Q_EMIT passwordRead(*secret);
    });
}

void ConnectionProfileList::add(const ConnectionProfile &profile, const QString &password)
{
    m_profiles << profile;
    m_passwords << password;
    m_list->addItem(profile.name);
    m_list->item(m_list->count() - 1)->setToolTip(profile.name);
    m_list->setCurrentRow(int(m_profiles.size()) - 1);
}

void ConnectionProfileList::duplicate()
{
    if (m_current < 0)
        return;
    ConnectionProfile copy = m_profiles[m_current];
    copy.name = uniqueName(tr("%1 (copy)").arg(copy.name));
    add(copy, m_passwords[m_current]);
}

void ConnectionProfileList::removeCurrent()
{
    if (m_current < 0)
        return;
    const int row = m_current;
    const ConnectionProfile gone = m_profiles.takeAt(row);
    m_passwords.removeAt(row);
    m_store.remove(gone.name);
    // Profiles that reach the same role share the keychain entry: keep it while one still does.
    const bool shared = std::any_of(m_profiles.cbegin(), m_profiles.cend(),
        [&gone](const ConnectionProfile &p) { return p.secretKey() == gone.secretKey(); });
    if (!shared)
        QCoro::connect(m_secrets->remove(gone.secretKey()), m_secrets, [] {});
    m_current = -1;
    delete m_list->takeItem(row); // selects a neighbour, through select()
    if (m_profiles.isEmpty()) {
        ConnectionProfile profile;
        profile.name = tr("New connection");
        add(profile, QString());
    }
}
