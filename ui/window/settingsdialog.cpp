#include "window/settingsdialog.h"

#include "ai/aisettingspage.h"
#include "window/uisettings.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

SettingsDialog::SettingsDialog(const QString &workspacePath, AiEndpoint *ai, SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_workspacePath(workspacePath)
{
    setWindowTitle(tr("Preferences"));
    auto *tabs = new QTabWidget(this);
    m_tabs = tabs;
    tabs->addTab(createGeneralTab(), tr("General"));
    tabs->addTab(createWorkspaceTab(), tr("Workspace"));
    if (ai) {
        m_ai = new AiSettingsPage(ai, secrets, tabs);
        tabs->addTab(m_ai, tr("AI Endpoint"));
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(600, ai ? 560 : 300);
}

QWidget *SettingsDialog::createGeneralTab()
{
    auto *page = new QWidget;
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("System default"), QString());
    //: Language names are shown in their own language so that people can find theirs in any UI language.
    m_language->addItem(tr("English"), QStringLiteral("en"));
    //: Language names are shown in their own language so that people can find theirs in any UI language.
    m_language->addItem(tr("Deutsch"), QStringLiteral("de"));
    const int current = m_language->findData(UiSettings::language());
    m_language->setCurrentIndex(std::max(0, current));

    auto *note = new QLabel(tr("Takes effect after restart."), page);
    note->setEnabled(false); // drawn in the dimmed text colour of the style, as a hint

    auto *layout = new QFormLayout(page);
    layout->addRow(tr("&Language:"), m_language);
    layout->addRow(QString(), note);
    return page;
}

QWidget *SettingsDialog::createWorkspaceTab()
{
    auto *page = new QWidget;
    auto *path = new QLineEdit(m_workspacePath, page);
    path->setObjectName(QStringLiteral("workspacePath"));
    path->setReadOnly(true);
    path->setCursorPosition(0);
    auto *openFolder = new QPushButton(tr("Open folder"), page);
    openFolder->setEnabled(!m_workspacePath.isEmpty());
    connect(openFolder, &QPushButton::clicked, this,
        [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_workspacePath).absolutePath())); });
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(path, 1);
    pathRow->addWidget(openFolder);

    m_pageSize = new QSpinBox(page);
    m_pageSize->setObjectName(QStringLiteral("pageSizeSpin"));
    m_pageSize->setRange(UiSettings::MinimumPageSize, UiSettings::MaximumPageSize);
    m_pageSize->setSingleStep(50);
    m_pageSize->setValue(UiSettings::pageSize());
    m_pageSize->setSuffix(tr(" rows"));
    m_pageSize->setToolTip(tr("How many memories the grid loads at a time while you scroll."));

    auto *layout = new QFormLayout(page);
    layout->addRow(tr("Demo workspace file:"), pathRow);
    layout->addRow(tr("Memories &page size:"), m_pageSize);
    return page;
}

void SettingsDialog::showAiTab()
{
    if (m_ai)
        m_tabs->setCurrentWidget(m_ai);
}

void SettingsDialog::accept()
{
    UiSettings::setLanguage(m_language->currentData().toString());
    UiSettings::setPageSize(m_pageSize->value());
    if (m_ai)
        m_ai->apply();
    QDialog::accept();
}
