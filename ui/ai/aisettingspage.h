#pragma once

#include "ai/aiendpoint.h"

#include <QCoroTask>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class SecretStore;

// The "AI endpoint" tab of the preferences: offline embedder or an OpenAI-compatible endpoint (base URL,
// API key in the keychain, masked; organisation and project; models and dimensions; timeout and circuit
// breaker), with a Test button that reports latency, the models the key can use and the embedding
// dimension the endpoint returns. apply() saves (the key to the keychain only) and reconfigures.
class AiSettingsPage : public QWidget
{
    Q_OBJECT
public:
    AiSettingsPage(AiEndpoint *endpoint, SecretStore *secrets, QWidget *parent = nullptr);

    AiEndpoint::Config config() const; // as the form says
    void apply();
    QString testReport() const; // the text under the Test button

Q_SIGNALS:
    void testFinished(bool ok);

private:
    QCoro::Task<> loadStoredKey();
    QCoro::Task<> test();
    void updateEnabled();

    AiEndpoint *m_endpoint;
    SecretStore *m_secrets;
    QComboBox *m_provider;
    QLineEdit *m_baseUrl;
    QLineEdit *m_apiKey;
    QLineEdit *m_organization;
    QLineEdit *m_project;
    QLineEdit *m_embeddingModel;
    QSpinBox *m_dimensions;
    QLineEdit *m_chatModel;
    QSpinBox *m_timeout;
    QSpinBox *m_breakerThreshold;
    QSpinBox *m_breakerCooldown;
    QPushButton *m_test;
    QLabel *m_report;
    QLabel *m_keyNote;
    QString m_storedKey; // what the keychain held when the page opened
};
