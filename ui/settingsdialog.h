#pragma once

#include <QDialog>

class QComboBox;
class QSpinBox;

// Preferences: interface language and workspace options. Values are written when the dialog is
// accepted; Cancel leaves every setting as it was.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `workspacePath` is shown read-only, with a button that opens its folder.
    explicit SettingsDialog(const QString &workspacePath, QWidget *parent = nullptr);

    void accept() override;

private:
    QWidget *createGeneralTab();
    QWidget *createWorkspaceTab();

    QString m_workspacePath;
    QComboBox *m_language = nullptr;
    QSpinBox *m_pageSize = nullptr;
};
