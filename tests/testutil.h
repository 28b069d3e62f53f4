#pragma once

#include "sqliteworkspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Opens a fresh SQLite workspace in a temporary folder on the calling thread.
inline std::unique_ptr<SqlRepository> openTempWorkspace(const QTemporaryDir &dir, const QString &name = QStringLiteral("ws"))
{
    Result<std::unique_ptr<SqlRepository>> repo = SqliteWorkspace::open(dir.filePath(name + QLatin1String(".sqlite")), name);
    if (!repo) {
        qWarning("%s", qPrintable(repo.error().message));
        return {};
    }
    return std::move(repo.value());
}

inline Memory sampleMemory(int n, const QDateTime &created)
{
    Memory m;
    m.id = QUuid::createUuid();
    m.userPrompt = QStringLiteral("How do I prune tomato plant number %1?").arg(n);
    m.agentReply = QStringLiteral("Pinch the suckers above the leaf node.");
    m.summary = QStringLiteral("Pruning tomatoes %1").arg(n);
    m.sessionId = QStringLiteral("session-1");
    m.userId = QStringLiteral("user-1");
    m.contextTags = { QStringLiteral("garden"), QStringLiteral("tomato, \"cherry\"") };
    m.tone = QStringLiteral("practical");
    m.createdAt = created;
    m.lastAccessed = created.addSecs(60);
    m.priority = 0.5;
    m.embedding = Embedding(EmbeddingDimensions, 0.0f);
    m.embedding[n % EmbeddingDimensions] = 1.0f;
    m.embeddingModel = QStringLiteral("test");
    m.metadata.insert(QStringLiteral("n"), n);
    return m;
}
