// OpenAI's JSON answers: an /embeddings body (numbers or base64 floats), a /chat/completions body and an
// error body, each read from the same bytes as the client reads them.
#include "ai/openaiclient.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    for (const int dimensions : { 0, 3 }) {
        for (const qsizetype texts : { 1, 2 })
            (void)OpenAiClient::readEmbeddings(object, texts, dimensions);
    }
    (void)OpenAiClient::readChat(object);
    (void)OpenAiClient::serverError(body);
    return 0;
}
