#include "memories/memoryquery.h"
#include "support/testutil.h"

#include "compute/vectorops.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlQuery>

#include <functional>
#include <random>

// The grid's filters, sorts, keyset paging, full text and semantic search, on SQLite and on the
// PostgreSQL test server. Expectations are computed here in C++ from the generated memories, never by
// the SQL under test.
class TestMemoryQuery : public QObject
{
    Q_OBJECT
public:
    explicit TestMemoryQuery(SqlDialect::Backend backend, std::optional<PostgresSettings> pgvector = std::nullopt)
        : m_backend(backend)
        , m_pgvector(std::move(pgvector))
    {
    }

private:
    using Predicate = std::function<bool(const Memory &)>;

    SqlDialect::Backend m_backend;
    std::optional<PostgresSettings> m_pgvector; // a pgvector server (PGlite): similarity runs in the database
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    QList<Memory> m_memories;
    QList<QUuid> m_chosen; // every third memory, as a map selection would give
    QHash<QUuid, std::array<double, Archetypes::Count * Archetypes::MetricsPerArchetype>> m_metrics;
    QSet<QUuid> m_clusterThree; // members of cluster 3 of m_run
    const QUuid m_run = QUuid::fromString(QStringLiteral("{6b1f2c9e-0000-4000-8000-000000000001}"));
    const QDateTime m_base = QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);

    static QStringList vocabulary()
    {
        return { QStringLiteral("tomato"), QStringLiteral("sailing"), QStringLiteral("orbit"), QStringLiteral("bread"),
            QStringLiteral("knots"), QStringLiteral("violin"), QStringLiteral("glacier"), QStringLiteral("compost"),
            QStringLiteral("telescope"), QStringLiteral("sourdough"), QStringLiteral("harbor"),
            QStringLiteral("nearby") };
    }

    QSet<QUuid> expected(const Predicate &p) const
    {
        QSet<QUuid> ids;
        for (const Memory &m : m_memories) {
            if (p(m))
                ids.insert(m.id);
        }
        return ids;
    }

    // Every query word but the stop words must start some word of the memory's prompt, reply, summary or tags.
    static bool textMatches(const Memory &m, const QString &query)
    {
        const QStringList words = MemoryFilter::queryWords(query);
        if (words.isEmpty())
            return false;
        static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
        const QStringList tokens
            = (m.userPrompt + u' ' + m.agentReply + u' ' + m.summary + u' ' + m.contextTags.join(u' '))
                  .toLower()
                  .split(separators, Qt::SkipEmptyParts);
        return std::all_of(words.cbegin(), words.cend(), [&](const QString &w) {
            return std::any_of(tokens.cbegin(), tokens.cend(), [&](const QString &t) { return t.startsWith(w); });
        });
    }

    QSet<QUuid> actual(const MemoryFilter &filter)
    {
        MemoryQuery query(*m_repo);
        const Result<QList<QUuid>> ids = query.filteredIds(filter);
        if (!ids) {
            qWarning("%s", qPrintable(ids.errorMessage()));
            return { QUuid() };
        }
        return QSet<QUuid>(ids->cbegin(), ids->cend());
    }

    void generate()
    {
        std::mt19937 random(20260601);
        const QStringList words = vocabulary();
        const QStringList tones { QStringLiteral("calm"), QStringLiteral("curious"), QStringLiteral("urgent") };
        const QStringList tags { QStringLiteral("garden"), QStringLiteral("sea"), QStringLiteral("space"),
            QStringLiteral("kitchen") };
        const auto pick = [&](const QStringList &list) { return list[int(random() % list.size())]; };
        const auto unit = [&] { return std::uniform_real_distribution<double>(0.0, 1.0)(random); };
        std::normal_distribution<float> normal;
        m_memories.clear();
        for (int i = 0; i < 240; ++i) {
            Memory m;
            m.id = QUuid::createUuid();
            m.userPrompt = QStringLiteral("Tell me about %1 and %2").arg(pick(words), pick(words));
            m.agentReply = QStringLiteral("Here is what I know of %1.").arg(pick(words));
            m.summary = QStringLiteral("%1 %2 %3").arg(pick(words), pick(words)).arg(i, 3, 10, QLatin1Char('0'));
            m.sessionId = QStringLiteral("session-%1").arg(int(random() % 12), 3, 10, QLatin1Char('0'));
            m.userId = QStringLiteral("user-%1").arg(int(random() % 5));
            m.contextTags = { pick(tags) };
            if (random() % 3 == 0)
                m.contextTags << pick(tags);
            m.contextTags.removeDuplicates();
            m.tone = pick(tones);
            m.createdAt = m_base.addSecs(qint64(i) * 3600 + int(random() % 3000)).addMSecs(int(random() % 1000));
            if (random() % 4 != 0)
                m.lastAccessed = m.createdAt.addSecs(int(random() % 200000));
            m.priority = std::round(unit() * 1000.0) / 1000.0;
            if (random() % 10 == 0)
                m.priorityOverride = std::round(unit() * 1000.0) / 1000.0;
            m.longTerm = random() % 5 == 0;
            m.core = random() % 7 == 0;
            if (random() % 8 == 0)
                m.archivedAt = m.createdAt.addDays(3);
            if (random() % 10 != 0) {
                m.embedding = Embedding(EmbeddingDimensions);
                for (float &x : m.embedding)
                    x = normal(random);
                compute::normalize(m.embedding.data(), std::size_t(m.embedding.size()));
                m.embeddingModel = QStringLiteral("test");
            }
            m.updatedAt = m.createdAt;
            m_memories << m;
        }
        // Marker words in exactly one field each, for full text.
        m_memories[3].userPrompt += QStringLiteral(" zephyrprompt");
        m_chosen.clear();
        for (qsizetype i = 0; i < m_memories.size(); i += 3)
            m_chosen << m_memories[i].id;
        m_memories[5].agentReply += QStringLiteral(" quasarreply");
        m_memories[7].summary += QStringLiteral(" nebulasummary");
        m_memories[9].contextTags << QStringLiteral("pulsartag");
        m_memories[11].userPrompt += QStringLiteral(" 'DROP TABLE memories; --");
        QVERIFY2(m_repo->insertMemories(m_memories), "insert memories");

        QList<Evaluation> evaluations;
        for (const Memory &m : std::as_const(m_memories)) {
            auto &scores = m_metrics[m.id];
            for (int a : { int(Archetypes::M), int(Archetypes::R) }) {
                Evaluation e;
                e.memoryId = m.id;
                e.archetype = a;
                for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k) {
                    e.metrics[k] = std::round(unit() * 100.0) / 100.0;
                    scores[a * Archetypes::MetricsPerArchetype + k] = e.metrics[k];
                }
                e.archetypePriority = 0.5;
                e.confidence = 0.9;
                e.createdAt = m.createdAt;
                evaluations << e;
            }
        }
        QVERIFY2(m_repo->insertEvaluations(evaluations), "insert evaluations");

        const SqlDialect &d = m_repo->dialect();
        QSqlQuery q(m_repo->database());
        q.prepare(QLatin1String("INSERT INTO ") + d.table(Table::ClusterRuns)
            + QLatin1String(" (id, name, algorithm, created_at) VALUES (")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(", 'run', 'kmeans', ")
            + d.placeholder(QStringLiteral("at"), SqlDialect::Time) + QLatin1Char(')'));
        q.bindValue(QStringLiteral(":id"), d.uuid(m_run));
        q.bindValue(QStringLiteral(":at"), d.time(m_base));
        QVERIFY(q.exec());
        m_clusterThree.clear();
        for (int i = 0; i < m_memories.size(); ++i) {
            q.prepare(QLatin1String("INSERT INTO ") + d.table(Table::ClusterMembers)
                + QLatin1String(" (run_id, memory_id, cluster, x, y) VALUES (")
                + d.placeholder(QStringLiteral("run"), SqlDialect::Uuid) + QLatin1String(", ")
                + d.placeholder(QStringLiteral("m"), SqlDialect::Uuid) + QLatin1String(", :c, 0, 0)"));
            q.bindValue(QStringLiteral(":run"), d.uuid(m_run));
            q.bindValue(QStringLiteral(":m"), d.uuid(m_memories[i].id));
            q.bindValue(QStringLiteral(":c"), i % 5);
            QVERIFY(q.exec());
            if (i % 5 == 3)
                m_clusterThree.insert(m_memories[i].id);
        }
    }

    double metric(const Memory &m, int archetype, int k) const
    {
        return m_metrics.value(m.id)[archetype * Archetypes::MetricsPerArchetype + k];
    }

    static double effective(const Memory &m) { return m.priorityOverride.value_or(m.priority); }

private Q_SLOTS:
    void initTestCase()
    {
        if (m_pgvector) {
            // PGlite has one database and serves one session at a time: empty it, then retry the open.
            QVERIFY(runSql(*m_pgvector,
                { QStringLiteral("DROP SCHEMA IF EXISTS public, auth, core, ai CASCADE"),
                    QStringLiteral("CREATE SCHEMA public") }));
            for (int attempt = 0; attempt < 20 && !m_repo; ++attempt) {
                if (attempt)
                    QTest::qWait(150);
                Result<std::unique_ptr<Repository>> repo
                    = PostgresWorkspace::open(*m_pgvector, QStringLiteral("pgv-query"));
                if (repo)
                    m_repo = std::move(repo.value());
            }
            QVERIFY(m_repo && m_repo->hasNativeVectors());
        } else if (m_backend == SqlDialect::Postgres) {
            m_repo = openFreshPostgres(QStringLiteral("sextant_memoryquery_test"), QStringLiteral("pg-query"));
        } else {
            QVERIFY(m_dir.isValid());
            m_repo = openTempWorkspace(m_dir, QStringLiteral("query"));
        }
        QVERIFY(m_repo);
        generate();
    }
    void cleanupTestCase() { m_repo.reset(); }

    void eachFilterAloneAndCombined()
    {
        const auto notArchived = [](const Memory &m) { return !m.archivedAt.isValid(); };
        const QString metricName = Archetypes::metricNames(Archetypes::R).at(2);
        struct Case
        {
            const char *name;
            std::function<void(MemoryFilter &)> set;
            Predicate expect;
        };
        const QDateTime from = m_base.addDays(2), to = m_base.addDays(5);
        const QList<Case> cases {
            { "default hides archived", [](MemoryFilter &) {}, notArchived },
            { "archived only", [](MemoryFilter &f) { f.archived = TriState::Yes; },
                [](const Memory &m) { return m.archivedAt.isValid(); } },
            { "all", [](MemoryFilter &f) { f.archived = TriState::Any; }, [](const Memory &) { return true; } },
            { "created range",
                [&](MemoryFilter &f) {
                    f.createdFrom = from;
                    f.createdTo = to;
                },
                [&](const Memory &m) { return notArchived(m) && m.createdAt >= from && m.createdAt < to; } },
            { "tags any",
                [](MemoryFilter &f) {
                    f.tags = { QStringLiteral("sea"), QStringLiteral("space") };
                },
                [&](const Memory &m) {
                    return notArchived(m)
                        && (m.contextTags.contains(QStringLiteral("sea"))
                            || m.contextTags.contains(QStringLiteral("space")));
                } },
            { "tones", [](MemoryFilter &f) { f.tones = { QStringLiteral("urgent") }; },
                [&](const Memory &m) { return notArchived(m) && m.tone == QLatin1String("urgent"); } },
            { "session", [](MemoryFilter &f) { f.sessionId = QStringLiteral("session-004"); },
                [&](const Memory &m) { return notArchived(m) && m.sessionId == QLatin1String("session-004"); } },
            { "user", [](MemoryFilter &f) { f.userId = QStringLiteral("user-2"); },
                [&](const Memory &m) { return notArchived(m) && m.userId == QLatin1String("user-2"); } },
            { "min priority", [](MemoryFilter &f) { f.minPriority = 0.7; },
                [&](const Memory &m) { return notArchived(m) && effective(m) >= 0.7; } },
            { "priority range",
                [](MemoryFilter &f) {
                    f.minPriority = 0.2;
                    f.maxPriority = 0.4;
                },
                [&](const Memory &m) { return notArchived(m) && effective(m) >= 0.2 && effective(m) <= 0.4; } },
            { "long-term", [](MemoryFilter &f) { f.longTerm = TriState::Yes; },
                [&](const Memory &m) { return notArchived(m) && m.longTerm; } },
            { "not core", [](MemoryFilter &f) { f.core = TriState::No; },
                [&](const Memory &m) { return notArchived(m) && !m.core; } },
            { "metric threshold",
                [&](MemoryFilter &f) {
                    f.metrics = { MetricThreshold { Archetypes::R, metricName, 0.6 } };
                },
                [&](const Memory &m) { return notArchived(m) && metric(m, Archetypes::R, 2) >= 0.6; } },
            { "cluster",
                [&](MemoryFilter &f) {
                    f.cluster = ClusterCondition { m_run, 3, {} };
                },
                [&](const Memory &m) { return notArchived(m) && m_clusterThree.contains(m.id); } },
            { "ids (a map selection), archived among them",
                [&](MemoryFilter &f) {
                    f.ids = m_chosen;
                    f.idsLabel = QStringLiteral("Map selection");
                    f.archived = TriState::Any;
                },
                [&](const Memory &m) { return m_chosen.contains(m.id); } },
            { "ids and a tone",
                [&](MemoryFilter &f) {
                    f.ids = m_chosen;
                    f.tones = { QStringLiteral("calm") };
                },
                [&](const Memory &m) {
                    return notArchived(m) && m_chosen.contains(m.id) && m.tone == QLatin1String("calm");
                } },
            { "text", [](MemoryFilter &f) { f.text = QStringLiteral("Tomato, bread!"); },
                [&](const Memory &m) { return notArchived(m) && textMatches(m, QStringLiteral("tomato bread")); } },
            { "combined",
                [&](MemoryFilter &f) {
                    f.text = QStringLiteral("orb");
                    f.tones = { QStringLiteral("calm"), QStringLiteral("curious") };
                    f.minPriority = 0.3;
                    f.core = TriState::No;
                    f.archived = TriState::Any;
                    f.metrics
                        = { MetricThreshold { Archetypes::M, Archetypes::metricNames(Archetypes::M).at(0), 0.3 } };
                },
                [&](const Memory &m) {
                    return textMatches(m, QStringLiteral("orb")) && m.tone != QLatin1String("urgent")
                        && effective(m) >= 0.3 && !m.core && metric(m, Archetypes::M, 0) >= 0.3;
                } },
        };
        MemoryQuery query(*m_repo);
        for (const Case &c : cases) {
            MemoryFilter filter;
            c.set(filter);
            const QSet<QUuid> want = expected(c.expect);
            QVERIFY2(!want.isEmpty() || QByteArray(c.name) == "none", c.name); // each case selects something
            QVERIFY2(want.size() < m_memories.size() || QByteArray(c.name) == "all", c.name);
            const QSet<QUuid> got = actual(filter);
            QVERIFY2(got == want,
                qPrintable(QStringLiteral("%1: %2 rows, expected %3")
                               .arg(QLatin1String(c.name))
                               .arg(got.size())
                               .arg(want.size())));
            QCOMPARE(query.count(filter).value(), qint64(want.size()));
            // The same filter survives its JSON round trip (what the settings store).
            QCOMPARE(MemoryFilter::fromJson(filter.toJson()), filter);
        }
    }

    void sortAndKeysetPagingReturnEveryRowOnceInOrder_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("descending");
        const char *names[] = { "created", "priority", "lastAccessed", "session", "user", "tone", "summary" };
        for (int key = 0; key <= int(MemorySortKey::Summary); ++key) {
            QTest::addRow("%s desc", names[key]) << key << true;
            QTest::addRow("%s asc", names[key]) << key << false;
        }
        // Without search words, relevance (the default) is newest first.
        QTest::addRow("relevance without words") << int(MemorySortKey::Relevance) << true;
    }
    void sortAndKeysetPagingReturnEveryRowOnceInOrder()
    {
        QFETCH(int, key);
        QFETCH(bool, descending);
        const MemorySort sort { MemorySortKey(key), descending };
        // The sort value as the database orders it, computed from the structs; ties go by id.
        const auto value = [&](const Memory &m) -> QVariant {
            switch (sort.key) {
            case MemorySortKey::Created:
            case MemorySortKey::Relevance:
                return m.createdAt;
            case MemorySortKey::Priority:
                return effective(m);
            case MemorySortKey::LastAccessed:
                return m.lastAccessed.isValid() ? m.lastAccessed : QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
            case MemorySortKey::Session:
                return m.sessionId;
            case MemorySortKey::User:
                return m.userId;
            case MemorySortKey::Tone:
                return m.tone;
            case MemorySortKey::Summary:
                return m.summary;
            }
            return {};
        };
        QList<Memory> want = m_memories;
        std::sort(want.begin(), want.end(), [&](const Memory &a, const Memory &b) {
            const QPartialOrdering order = QVariant::compare(value(a), value(b));
            if (order != QPartialOrdering::Equivalent)
                return descending ? order == QPartialOrdering::Greater : order == QPartialOrdering::Less;
            const QString ia = a.id.toString(QUuid::WithoutBraces), ib = b.id.toString(QUuid::WithoutBraces);
            return descending ? ia > ib : ia < ib;
        });
        MemoryFilter all;
        all.archived = TriState::Any;
        MemoryQuery query(*m_repo);
        QList<QUuid> got;
        MemoryQueryCursor cursor;
        for (int pages = 0; pages < 100; ++pages) {
            const Result<MemoryQueryPage> page = query.page(all, sort, cursor, 17);
            QVERIFY2(page, qPrintable(page.errorMessage()));
            for (const MemoryRow &row : page->rows)
                got << row.id;
            if (page->next.isNull())
                break;
            cursor = page->next;
        }
        QList<QUuid> wantIds;
        for (const Memory &m : want)
            wantIds << m.id;
        QCOMPARE(got.size(), m_memories.size());
        QCOMPARE(got, wantIds);
    }

    void fullTextFindsWordsInEveryField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("memory");
        QTest::newRow("prompt") << QStringLiteral("zephyrprompt") << 3;
        QTest::newRow("reply") << QStringLiteral("QuasarReply") << 5;
        QTest::newRow("summary") << QStringLiteral("nebulasum") << 7; // a word's start
        QTest::newRow("tag") << QStringLiteral("pulsartag") << 9;
    }
    void fullTextFindsWordsInEveryField()
    {
        QFETCH(QString, text);
        QFETCH(int, memory);
        MemoryFilter filter;
        filter.text = text;
        filter.archived = TriState::Any;
        QCOMPARE(actual(filter), QSet<QUuid> { m_memories[memory].id });
    }

    void injectionStringsHaveNoEffect_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *s : { "'; DROP TABLE memories; --", "%", "_", "\"", "*", "NEAR(", "tomato\" OR \"bread",
                 "orbit*)", "a:* | b", "!tomato", "\\", "'", "NOT tomato", "tomato AND" })
            QTest::newRow(s) << QString::fromUtf8(s);
    }
    void injectionStringsHaveNoEffect()
    {
        QFETCH(QString, text);
        MemoryQuery query(*m_repo);
        const qint64 before = m_repo->counts()->memories;
        const std::array<std::function<void(MemoryFilter &)>, 5> fields { [&](MemoryFilter &f) { f.text = text; },
            [&](MemoryFilter &f) { f.sessionId = text; }, [&](MemoryFilter &f) { f.userId = text; },
            [&](MemoryFilter &f) { f.tones = { text }; }, [&](MemoryFilter &f) { f.tags = { text }; } };
        for (std::size_t i = 0; i < fields.size(); ++i) {
            MemoryFilter filter;
            filter.archived = TriState::Any;
            fields[i](filter);
            const Result<MemoryQueryPage> page = query.page(filter, {}, {}, 500);
            QVERIFY2(page, qPrintable(page.errorMessage()));
            QSet<QUuid> got;
            for (const MemoryRow &row : page->rows)
                got.insert(row.id);
            // Text matches the words alone; every other field is an exact value nobody has.
            const QSet<QUuid> want
                = i == 0 ? expected([&](const Memory &m) { return textMatches(m, text); }) : QSet<QUuid>();
            QVERIFY2(got == want,
                qPrintable(QStringLiteral("field %1: %2 rows, expected %3").arg(i).arg(got.size()).arg(want.size())));
            QVERIFY(query.count(filter));
        }
        QCOMPARE(m_repo->counts()->memories, before);
    }

    void textIndexFollowsEdits()
    {
        const SqlDialect &d = m_repo->dialect();
        const Memory &m = m_memories[20];
        QSqlQuery q(m_repo->database());
        q.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories)
            + QLatin1String(" SET summary = 'freshword' WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":id"), d.uuid(m.id));
        QVERIFY(q.exec());
        MemoryFilter filter;
        filter.archived = TriState::Any;
        filter.text = QStringLiteral("freshword");
        QCOMPARE(actual(filter), QSet<QUuid> { m.id });
        filter.text = m.summary; // the old summary's words no longer lead to it
        QVERIFY(!actual(filter).contains(m.id));
        // Restore, so other cases see the generated data.
        q.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories) + QLatin1String(" SET summary = :s WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":s"), m.summary);
        q.bindValue(QStringLiteral(":id"), d.uuid(m.id));
        QVERIFY(q.exec());
        QVERIFY(actual(filter).contains(m.id));
    }

    void stopWordsAreDroppedUnlessAlone()
    {
        QCOMPARE(MemoryFilter::queryWords(QStringLiteral("Love and the Marriage")),
            (QStringList { QStringLiteral("love"), QStringLiteral("marriage") }));
        QCOMPARE(MemoryFilter::queryWords(QStringLiteral("to be or not")), QStringList { QStringLiteral("not") });
        QCOMPARE(MemoryFilter::queryWords(QStringLiteral("the")), QStringList { QStringLiteral("the") });
    }

    // "love and marriage" finds the memory that never says "and"; relevance puts the memory that is most
    // about both words first, "newest first" the newest; keyset paging keeps either order whole.
    void wordSearchRanksByRelevanceWithoutStopWords()
    {
        const QDateTime at = m_base.addYears(1);
        QList<Memory> added;
        const auto add = [&](const QString &summary, const QString &reply, int minutes) {
            Memory m = sampleMemory(900 + int(added.size()), at.addSecs(minutes * 60));
            m.userPrompt = QStringLiteral("Notes");
            m.summary = summary;
            m.agentReply = reply;
            m.contextTags.clear();
            added << m;
        };
        add(QStringLiteral("Love, marriage, love, marriage"), QStringLiteral("Love endures; marriage endures; love."),
            0);
        add(QStringLiteral("Harbor notes"),
            QStringLiteral("I love the harbor at dusk, and my marriage began there, "
                           "among boats, ropes, gulls, nets and tide tables."),
            30);
        add(QStringLiteral("Love, marriage"), QStringLiteral("Vows."), 10);
        add(QStringLiteral("Love alone"), QStringLiteral("Only one of the words."), 20);
        QVERIFY(m_repo->insertMemories(added));
        const auto cleanUp = qScopeGuard([&] {
            QSqlQuery q(m_repo->database());
            for (const Memory &m : std::as_const(added)) {
                q.prepare(QLatin1String("DELETE FROM ") + m_repo->dialect().table(Table::Memories)
                    + QLatin1String(" WHERE id = ")
                    + m_repo->dialect().placeholder(QStringLiteral("id"), SqlDialect::Uuid));
                q.bindValue(QStringLiteral(":id"), m_repo->dialect().uuid(m.id));
                q.exec();
            }
        });

        MemoryFilter filter;
        filter.text = QStringLiteral("love and marriage");
        MemoryQuery query(*m_repo);
        const auto ids = [&](const MemorySort &sort, int pageSize) {
            QList<QUuid> got;
            MemoryQueryCursor after;
            do {
                const Result<MemoryQueryPage> page = query.page(filter, sort, after, pageSize);
                if (!page) {
                    qWarning("%s", qPrintable(page.errorMessage()));
                    return QList<QUuid> {};
                }
                for (const MemoryRow &row : page->rows)
                    got << row.id;
                after = page->next;
            } while (!after.isNull());
            return got;
        };
        const QList<QUuid> ranked = ids(MemorySort { MemorySortKey::Relevance, true }, 1);
        QCOMPARE(QSet<QUuid>(ranked.cbegin(), ranked.cend()),
            (QSet<QUuid> { added[0].id, added[1].id, added[2].id })); // the third has no "and"
        QCOMPARE(ranked.size(), 3);
        QCOMPARE(ranked.first(), added[0].id);
        QCOMPARE(ranked.last(), added[1].id); // one mention each in a long reply
        QCOMPARE(ids(MemorySort { MemorySortKey::Relevance, true }, 10), ranked);
        QCOMPARE(ids(MemorySort { MemorySortKey::Created, true }, 2),
            (QList<QUuid> { added[1].id, added[2].id, added[0].id }));
        const Result<qint64> count = query.count(filter);
        QVERIFY(count);
        QCOMPARE(*count, qint64(3));

        // The grid's row carries the start of the prompt and the reply for memories without a summary.
        const Result<MemoryQueryPage> page = query.page(filter, {}, {}, 10);
        QVERIFY(page);
        QCOMPARE(page->rows.first().replyStart, added[0].agentReply);
        QCOMPARE(page->rows.first().promptStart, QStringLiteral("Notes"));
    }

    void similarRanksWithinTheFilter()
    {
        MemoryFilter filter;
        filter.tones = { QStringLiteral("calm") };
        const Memory &probe = m_memories[1];
        MemoryQuery query(*m_repo);
        const Result<Embedding> embedding = query.embeddingOf(probe.id);
        QVERIFY2(embedding, qPrintable(embedding.errorMessage()));
        const Result<QList<SimilarMemory>> found = query.similar(filter, *embedding, 5, probe.id);
        QVERIFY2(found, qPrintable(found.errorMessage()));
        QList<std::pair<double, QUuid>> ranked;
        for (const Memory &m : std::as_const(m_memories)) {
            if (m.id == probe.id || m.embedding.isEmpty() || m.archivedAt.isValid() || m.tone != QLatin1String("calm"))
                continue;
            ranked.append(
                { compute::cosine(probe.embedding.constData(), m.embedding.constData(), EmbeddingDimensions), m.id });
        }
        std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        QCOMPARE(found->size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(found->at(i).row.id, ranked[i].second);
            QVERIFY(std::abs(found->at(i).similarity - ranked[i].first) < 1e-4);
            QCOMPARE(found->at(i).row.tone, QStringLiteral("calm"));
        }
    }

    void unknownMetricIsRefused()
    {
        MemoryFilter filter;
        filter.metrics = { MetricThreshold { Archetypes::M, QStringLiteral("x') OR 1=1 --"), 0.1 } };
        const Result<qint64> count = MemoryQuery(*m_repo).count(filter);
        QVERIFY(!count);
        QCOMPARE(count.error().code, Error::InvalidInput);
    }

    void filterLabelsAndRemoval()
    {
        MemoryFilter filter;
        filter.tones = { QStringLiteral("calm"), QStringLiteral("urgent") };
        filter.minPriority = 0.5;
        filter.archived = TriState::Any;
        filter.metrics = { MetricThreshold { Archetypes::R, Archetypes::metricNames(Archetypes::R).at(0), 0.4 } };
        const QList<MemoryFilter::Condition> conditions = filter.conditions();
        QCOMPARE(conditions.size(), 4);
        QVERIFY(conditions[0].label.contains(QLatin1String("calm")));
        QVERIFY(conditions[0].label.contains(QLatin1String("urgent")));
        for (const auto &c : conditions)
            filter.remove(c.field, c.index);
        QVERIFY(filter.isDefault());
        // A saved filter from elsewhere with junk in it loads as much as makes sense.
        const QJsonObject junk = QJsonDocument::fromJson(R"({"tones":["calm",3],"minPriority":7,"archived":"maybe",
            "metrics":[{"archetype":"Ella-Q","metric":"x","min":0.5}],"cluster":{"run":"nope"}})")
                                     .object();
        const MemoryFilter loaded = MemoryFilter::fromJson(junk);
        QCOMPARE(loaded.tones, QStringList { QStringLiteral("calm") });
        QVERIFY(!loaded.minPriority);
        QCOMPARE(loaded.archived, TriState::No);
        QVERIFY(loaded.metrics.isEmpty());
        QVERIFY(!loaded.cluster);
    }
};

int main(int argc, char *argv[])
{
    int status = runOnBothBackends<TestMemoryQuery>(argc, argv);
    // The same cases on a pgvector server, where similarity search ranks in the database.
    if (const QString text = qEnvironmentVariable("SEXTANT_TEST_PGVECTOR"); !text.isEmpty()) {
        if (Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(text)) {
            TestMemoryQuery pgvector(SqlDialect::Postgres, *settings);
            status |= QTest::qExec(&pgvector, argc, argv);
        }
    }
    return status;
}
#include "tst_memoryquery.moc"
