#pragma once

#include "core/memory.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

// 8thDegree value structs (schemas auth, core, ai in PostgreSQL; prefixed tables in SQLite).

namespace Regions {
QStringList all(); // na-east, na-west, eu-west, eu-central, asia-east, asia-south, oceania
}

struct User
{
    QUuid id;
    QString email;
    QString fullName;
    QString role; // user_freelancer | user_client | admin | superadmin
    bool isActive = true;
    QDateTime createdAt;
    QString shardRegion;
    QString shardKey() const { return shardRegion + QLatin1Char('_') + id.toString(QUuid::WithoutBraces); }
};

struct FreelancerProfile
{
    QUuid userId;
    QString title;
    QString bio;
    QStringList skills;
    double hourlyRate = 0.0;
    int experienceYears = 0;
    double successRate = 0.0;
    QString location;
    QString timezone;
};

struct Job
{
    QUuid id;
    QString title;
    QString description;
    double budget = 0.0;
    QString category;
    QStringList requiredSkills;
    QString status; // draft | open | in_progress | completed | cancelled | dispute
    QUuid clientId;
    QString region;
    QDateTime createdAt;
    QString experienceLevel; // entry | intermediate | expert; empty: not stated
};

struct EntityEmbedding
{
    QString entityType; // job | user
    QUuid entityId;
    Embedding vector;
    QString model;
    QDateTime createdAt; // invalid = now
};

struct MatchResult
{
    QUuid id;
    QUuid jobId;
    QUuid freelancerId;
    double score = 0.0;
    double confidence = 0.0;
    int ranking = 0;
    double skillMatch = 0.0;
    double experienceMatch = 0.0;
    double successRateMatch = 0.0;
    double regionMatch = 0.0;
    QJsonObject matchFactors;
    QString modelVersion;
    QDateTime createdAt;
    bool wasViewed = false;
    bool wasApplied = false;
    bool wasHired = false;
};

struct MatchReview
{
    QUuid id;
    QUuid matchId;
    QString reviewer;
    QString decision; // approve | reject | flag
    QString reasonCode;
    QString note;
    QDateTime decidedAt;
    int level = 1;
};

struct BiasReport
{
    QUuid id;
    QString entityType; // job | user | review
    QUuid entityId;
    double biasScore = 0.0;
    double confidence = 0.0;
    QStringList categories;
    QJsonObject findings;
    QJsonObject recommendations;
    bool requiresReview = false;
    QString reviewedBy;
    QString reviewNotes;
    QString decision;
    QDateTime decidedAt;
    QDateTime createdAt;
};

struct AuditAttribute
{
    QUuid userId;
    QString attribute;
    QString value;
};

struct ModelVersion
{
    QUuid id;
    QString modelType; // embedding | matching | bias | learning
    QString version;
    double accuracy = 0.0;
    bool isActive = false;
    QDateTime deployedAt;
};
