#pragma once

#include "core/memory.h"
#include "db/sqldialect.h"

#include <QSqlRecord>

#include <array>

class QSqlQuery;

// The memory grid's row (MemoryRow): its SELECT list and its decoding, shared by the browser's pages, the
// searches and MemoryQuery, which add columns of their own after it. Every column of the list has a name,
// and the reader finds each by that name once per query, so neither a change to the list nor a caller's
// extra columns can shift a field: a column that went missing reads as null and fails the tests.
//
// Thread: the repository's. Build the reader after exec(), from query.record(), and keep it for the rows.
class MemoryRowReader
{
public:
    // "m.id AS id, m.created_at AS created_at, …, (SELECT …) AS top_archetype" over memories aliased "m".
    static QString columns(const SqlDialect &dialect);
    // How many characters of the prompt and the reply a row carries: a line's worth for the grid, so a
    // page of long replies costs no more than a page of summaries.
    static constexpr int PreviewLength = 240;

    MemoryRowReader(const SqlDialect &dialect, const QSqlRecord &record);
    MemoryRow read(const QSqlQuery &query) const;

private:
    enum Field {
        Id,
        CreatedAt,
        SessionId,
        UserId,
        ContextTags,
        Tone,
        Summary,
        Priority,
        PriorityOverride,
        LongTerm,
        Core,
        ArchivedAt,
        LastAccessed,
        PromptStart,
        ReplyStart,
        TopArchetype,
        FieldCount
    };
    QVariant value(const QSqlQuery &query, Field field) const;

    SqlDialect m_dialect;
    std::array<int, FieldCount> m_index {};
};
