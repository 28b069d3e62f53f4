#pragma once

#include "db/connectionprofile.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class SchemaNamesEdit;

// The right-hand side of the connection dialog: one profile's fields, its password (kept apart from
// the profile) and a box that fills them from a pasted connection string.
class ConnectionForm : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionForm(QWidget *parent = nullptr);

    // Shows `profile` and clears the password field; emits no edited().
    void setProfile(const ConnectionProfile &profile);
    ConnectionProfile profile() const; // what the fields say, never a password
    QString password() const;
    void setPassword(const QString &password); // emits no edited()
    PostgresSettings settings() const; // profile().settings with the password

    // Fills host, port, database, user, SSL and password from a libpq string or a postgresql:// URI.
    // Returns the parser's message when the text cannot be read (the fields are left alone).
    QString fillFromConnectionString(const QString &text);

Q_SIGNALS:
    void edited(); // the operator changed a field (typing, a pasted string, a chosen file)

private:
    QWidget *createPasteRow();
    void onPaste();
    void onBrowse();
    void updateSslFields();
    void updateSupabase();
    void notifyEdited();

    QLineEdit *m_name;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QComboBox *m_sslMode;
    QLineEdit *m_rootCert;
    QPushButton *m_browse;
    SchemaNamesEdit *m_schemas;
    QLineEdit *m_connectionString = nullptr;
    QLabel *m_pasteError = nullptr;
    QString m_suggestedName; // the name a pasted string gave the profile, replaced by the next paste
    bool m_loading = false; // set while the code fills the fields, so edited() means the operator
};
