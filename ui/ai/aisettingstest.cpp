// AiSettingsPage: saving, and the Test button.
#include "ai/aisettingspage.h"

#include "ai/openaiclient.h"
#include "core/secretstore.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSettings>

void AiSettingsPage::apply()
{
    const AiEndpoint::Config c = config();
    QSettings settings;
    c.save(settings);
    const QString typed = m_apiKey->text();
    if (!typed.isEmpty() && m_secrets) {
        // Written first, then read back by configure(): the endpoint never holds a key the keychain lacks.
        QPointer<AiEndpoint> endpoint(m_endpoint);
        auto write = [](SecretStore *secrets, QString account, QString key, QPointer<AiEndpoint> endpoint,
                         AiEndpoint::Config config) -> QCoro::Task<> {
            co_await secrets->write(account, key);
            if (endpoint)
                co_await endpoint->configure(config);
        };
        write(m_secrets, c.openai.secretKey(), typed, endpoint, c);
        m_apiKey->clear();
        return;
    }
    if (!typed.isEmpty())
        m_endpoint->configure(c, typed);
    else
        m_endpoint->configure(c);
}

QCoro::Task<> AiSettingsPage::test()
{
    QPointer<AiSettingsPage> self(this);
    const AiEndpoint::Config c = config();
    if (Result<void> valid = c.openai.validate(); !valid) {
        m_report->setText(valid.errorMessage());
        Q_EMIT testFinished(false);
        co_return;
    }
    const QString key = m_apiKey->text().isEmpty() ? m_storedKey : m_apiKey->text();
    m_test->setEnabled(false);
    m_report->setText(tr("Testing %1…").arg(c.openai.baseUrl));
    OpenAiSettings quick = c.openai;
    quick.maxRetries = 0; // a test reports what happens, it does not wait out an outage
    auto *client = new OpenAiClient(quick, key, nullptr, this);

    QElapsedTimer timer;
    timer.start();
    Result<QStringList> models = co_await client->models();
    const qint64 latency = timer.elapsed();
    Result<QList<Embedding>> vectors = QList<Embedding>();
    if (models) {
        QStringList probe;
        probe << QStringLiteral("Sextant connection test");
        vectors = co_await client->embed(probe);
    }
    if (!self)
        co_return;
    client->deleteLater();
    m_test->setEnabled(true);
    if (!models) {
        m_report->setText(tr("✗ %1").arg(models.errorMessage()));
        Q_EMIT testFinished(false);
        co_return;
    }
    QStringList lines;
    lines << tr("✓ Reached %1 in %2 ms.").arg(c.openai.baseUrl).arg(latency);
    lines << tr("%n model(s) available.", nullptr, int(models->size()));
    if (!models->contains(c.openai.chatModel))
        lines << tr("The chat model %1 is not among them.").arg(c.openai.chatModel);
    bool ok = true;
    if (!vectors) {
        lines << tr("✗ Embedding failed: %1").arg(vectors.errorMessage());
        ok = false;
    } else {
        const int dims = int(vectors->first().size());
        lines << tr("The embedding model %1 returned %2 dimensions.").arg(c.openai.embeddingModel).arg(dims);
        if (dims != EmbeddingDimensions) {
            lines << tr("Memories hold %1 dimensions: set Dimensions to %1 (if the model supports it) or use another model.")
                         .arg(EmbeddingDimensions);
            ok = false;
        }
    }
    m_report->setText(lines.join(QLatin1Char('\n')));
    Q_EMIT testFinished(ok);
}
