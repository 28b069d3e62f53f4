// What an operator pastes as an address: a PostgreSQL connection string (libpq keywords or a
// postgresql:// URI) and an OpenAI-compatible base URL, read as the connection dialog and the AI settings do.
#include "ai/openaisettings.h"
#include "db/postgresworkspace.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(text))
        (void)settings->displayName();
    OpenAiSettings openai;
    openai.baseUrl = text;
    (void)openai.validate();
    (void)openai.endpoint(QStringLiteral("embeddings"));
    (void)openai.secretKey();
    return 0;
}
