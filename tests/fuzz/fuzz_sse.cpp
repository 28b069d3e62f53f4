// OpenAI's streamed chat answer: server-sent events cut into arbitrary TCP pieces, each event read as a
// chat chunk, as OpenAiClient::chatStream does.
#include "ai/openaiclient.h"
#include "ai/ssestream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte sets the piece size, so events split at every kind of boundary get tried.
    const qsizetype piece = 1 + data[0] % 64;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    SseParser parser;
    ChatReply reply;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        for (const QByteArray &event : parser.feed(bytes.mid(at, piece)))
            (void)OpenAiClient::readStreamEvent(event, reply);
    }
    (void)parser.sawDone();
    (void)parser.hasPartialEvent();
    return 0;
}
