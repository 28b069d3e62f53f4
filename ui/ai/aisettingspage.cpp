#include "ai/aisettingspage.h"

#include "ai/openaiclient.h"
#include "core/secretstore.h"

#include <QComboBox>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

AiSettingsPage::AiSettingsPage(AiEndpoint *endpoint, SecretStore *secrets, QWidget *parent)
    : QWidget(parent)
    , m_endpoint(endpoint)
    , m_secrets(secrets)
    , m_provider(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_apiKey(new QLineEdit(this))
    , m_organization(new QLineEdit(this))
    , m_project(new QLineEdit(this))
    , m_embeddingModel(new QLineEdit(this))
    , m_dimensions(new QSpinBox(this))
    , m_chatModel(new QLineEdit(this))
    , m_timeout(new QSpinBox(this))
    , m_breakerThreshold(new QSpinBox(this))
    , m_breakerCooldown(new QSpinBox(this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_report(new QLabel(this))
    , m_keyNote(new QLabel(this))
{
    const AiEndpoint::Config c = endpoint->config();
    m_provider->setObjectName(QStringLiteral("aiProvider"));
    m_provider->addItem(tr("Offline embedder (no network, lexical similarity)"));
    m_provider->addItem(tr("OpenAI or a compatible endpoint"));
    m_provider->setCurrentIndex(c.provider == AiEndpoint::Provider::OpenAi ? 1 : 0);
    m_baseUrl->setObjectName(QStringLiteral("aiBaseUrl"));
    m_baseUrl->setText(c.openai.baseUrl);
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.openai.com/v1"));
    m_apiKey->setObjectName(QStringLiteral("aiApiKey"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(tr("not set"));
    m_organization->setText(c.openai.organization);
    m_organization->setPlaceholderText(tr("optional"));
    m_project->setText(c.openai.project);
    m_project->setPlaceholderText(tr("optional"));
    m_embeddingModel->setText(c.openai.embeddingModel);
    m_dimensions->setRange(0, 8192);
    m_dimensions->setValue(c.openai.embeddingDimensions);
    m_dimensions->setSpecialValueText(tr("model's own"));
    m_dimensions->setToolTip(tr("Memories hold %1-dimension vectors; text-embedding-3 models can be asked for that size.")
                                 .arg(EmbeddingDimensions));
    m_chatModel->setText(c.openai.chatModel);
    m_timeout->setRange(1, 600);
    m_timeout->setValue(c.openai.timeoutMs / 1000);
    m_timeout->setSuffix(tr(" s"));
    m_breakerThreshold->setRange(1, 100);
    m_breakerThreshold->setValue(c.openai.breakerThreshold);
    m_breakerThreshold->setSuffix(tr(" failures"));
    m_breakerCooldown->setRange(1, 3600);
    m_breakerCooldown->setValue(int(c.openai.breakerCooldownMs / 1000));
    m_breakerCooldown->setSuffix(tr(" s"));
    m_keyNote->setWordWrap(true);
    m_keyNote->setEnabled(false);
    m_report->setObjectName(QStringLiteral("aiTestReport"));
    m_report->setWordWrap(true);
    m_report->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_test->setObjectName(QStringLiteral("aiTestButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Provider:"), m_provider);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    form->addRow(tr("API &key:"), m_apiKey);
    form->addRow(QString(), m_keyNote);
    form->addRow(tr("&Organisation:"), m_organization);
    form->addRow(tr("P&roject:"), m_project);
    form->addRow(tr("&Embedding model:"), m_embeddingModel);
    form->addRow(tr("&Dimensions:"), m_dimensions);
    form->addRow(tr("&Chat model:"), m_chatModel);
    form->addRow(tr("T&imeout per request:"), m_timeout);
    form->addRow(tr("Pause after:"), m_breakerThreshold);
    form->addRow(tr("Pause for:"), m_breakerCooldown);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_test, 0, Qt::AlignLeft);
    layout->addWidget(m_report);
    layout->addStretch(1);

    connect(m_provider, &QComboBox::currentIndexChanged, this, &AiSettingsPage::updateEnabled);
    connect(m_test, &QPushButton::clicked, this, [this] { test(); });
    updateEnabled();
    loadStoredKey();
}

AiEndpoint::Config AiSettingsPage::config() const
{
    AiEndpoint::Config c = m_endpoint->config();
    c.provider = m_provider->currentIndex() == 1 ? AiEndpoint::Provider::OpenAi : AiEndpoint::Provider::Offline;
    c.openai.baseUrl = m_baseUrl->text().trimmed();
    c.openai.organization = m_organization->text().trimmed();
    c.openai.project = m_project->text().trimmed();
    c.openai.embeddingModel = m_embeddingModel->text().trimmed();
    c.openai.embeddingDimensions = m_dimensions->value();
    c.openai.chatModel = m_chatModel->text().trimmed();
    c.openai.timeoutMs = m_timeout->value() * 1000;
    c.openai.breakerThreshold = m_breakerThreshold->value();
    c.openai.breakerCooldownMs = m_breakerCooldown->value() * 1000;
    return c;
}

QString AiSettingsPage::testReport() const
{
    return m_report->text();
}

void AiSettingsPage::updateEnabled()
{
    const bool online = m_provider->currentIndex() == 1;
    for (QWidget *w : std::initializer_list<QWidget *> { m_baseUrl, m_apiKey, m_organization, m_project,
             m_embeddingModel, m_dimensions, m_chatModel, m_timeout, m_breakerThreshold, m_breakerCooldown, m_test })
        w->setEnabled(online);
}

QCoro::Task<> AiSettingsPage::loadStoredKey()
{
    if (!m_secrets)
        co_return;
    QPointer<AiSettingsPage> self(this);
    const QString account = config().openai.secretKey();
    Result<QString> stored = co_await m_secrets->read(account);
    if (!self)
        co_return;
    m_storedKey = stored ? *stored : QString();
    if (!m_storedKey.isEmpty())
        m_apiKey->setPlaceholderText(tr("stored (type to replace)"));
    m_keyNote->setText(m_secrets->isPersistent() ? tr("The key is kept in the system keychain, never in the settings file.")
                                                 : tr("No keychain is running: the key is kept for this session only."));
}
