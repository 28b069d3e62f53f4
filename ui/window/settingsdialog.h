#pragma once

#include <QDialog>

class AiEndpoint;
class AiSettingsPage;
class QComboBox;
class QSpinBox;
class QTabWidget;
class SecretStore;

// Preferences: interface language and workspace options. Values are written when the dialog is
// accepted; Cancel leaves every setting as it was.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `workspacePath` is shown read-only, with a button that opens its folder.
    // With an endpoint, an "AI endpoint" tab configures it (its key goes to `secrets`).
    explicit SettingsDialog(const QString &workspacePath, AiEndpoint *ai = nullptr, SecretStore *secrets = nullptr,
        QWidget *parent = nullptr);

    void showAiTab();
    AiSettingsPage *aiPage() const { return m_ai; }
    void accept() override;

private:
    QWidget *createGeneralTab();
    QWidget *createWorkspaceTab();

    QString m_workspacePath;
    QComboBox *m_language = nullptr;
    QSpinBox *m_pageSize = nullptr;
    QTabWidget *m_tabs = nullptr;
    AiSettingsPage *m_ai = nullptr;
};
