#include "review/decisionjournal.h"

#include <QDir>
#include <QJsonObject>

DecisionJournal::DecisionJournal(const QString &directory)
    : m_directory(directory)
{
}

Result<void> DecisionJournal::open()
{
    return makeError(Error::Internal, QStringLiteral("Not implemented yet."));
}

Result<void> DecisionJournal::append(const ReviewRecord &)
{
    return makeError(Error::Internal, QStringLiteral("Not implemented yet."));
}

Result<void> DecisionJournal::markSent(const QList<QUuid> &)
{
    return makeError(Error::Internal, QStringLiteral("Not implemented yet."));
}

Result<void> DecisionJournal::markConflict(const QUuid &)
{
    return makeError(Error::Internal, QStringLiteral("Not implemented yet."));
}

Result<void> DecisionJournal::compact()
{
    return {};
}

QList<ReviewRecord> DecisionJournal::pending() const
{
    return {};
}

std::optional<ReviewRecord> DecisionJournal::record(const QUuid &) const
{
    return std::nullopt;
}

QString DecisionJournal::path() const
{
    return QDir(m_directory).filePath(FileName);
}

QJsonObject DecisionJournal::toJson(const ReviewRecord &)
{
    return {};
}

std::optional<ReviewRecord> DecisionJournal::fromJson(const QJsonObject &)
{
    return std::nullopt;
}

Result<void> DecisionJournal::writeLine(const QByteArray &)
{
    return {};
}
