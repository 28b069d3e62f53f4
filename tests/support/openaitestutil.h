#pragma once

#include "ai/openaiclient.h"
#include "support/openaitestserver.h"
#include "support/testclocks.h"

#include <memory>

// A key that must never appear in a log line or an error message.
inline QString testApiKey()
{
    return QStringLiteral("sk-test-S3CR3T-4f9a1c77e2b04d1d");
}

// Settings that point at `server` with short backoff, so retries finish quickly even in real time.
inline OpenAiSettings mockSettings(const OpenAiTestServer &server)
{
    OpenAiSettings s;
    s.baseUrl = server.baseUrl().toString();
    s.organization = QStringLiteral("org-test");
    s.project = QStringLiteral("proj-test");
    s.backoffBaseMs = 100;
    s.backoffMaxMs = 1000;
    s.timeoutMs = 3000 * testTimeScale();
    s.maxRetries = 3;
    return s;
}
