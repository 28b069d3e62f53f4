// Who may do what, checked against the database itself: every table and view in Sextant's schemas × the three
// roles × select / insert / update / delete. Each cell is tried as the role (SET LOCAL ROLE inside a transaction
// that is rolled back) and compared with the intended policy written out below. Only SQLSTATE 42501
// (insufficient_privilege, which row-level security also raises) counts as refused: a statement that passes the
// permission checks and then trips a constraint was allowed. SEXTANT_ROLES_MARKDOWN=1 prints the observed matrix
// as the Markdown table README.md shows under "Who may do what".
#include "support/testutil.h"

#include <QSqlQuery>
#include <QTest>

#include <array>
#include <functional>
#include <map>

namespace {

// A cell: "yes"; "no"; "own" (row-level security admits only rows in the role's own name); "only a, b" (only
// those columns); "own: a, b" (both).
constexpr const char *Y = "yes";
constexpr const char *N = "no";
constexpr const char *Own = "own";

constexpr std::array<const char *, 3> Roles { "viewer", "reviewer", "admin" };
constexpr std::array<const char *, 4> Verbs { "select", "insert", "update", "delete" };
using RoleCells = std::array<const char *, 4>; // select, insert, update, delete

struct Policy
{
    const char *table;
    std::array<RoleCells, 3> cells; // viewer, reviewer, admin
};

// The intended policy. A table Sextant adds later fails the test until it has a row here.
const Policy Intended[] = {
    // Content: memories, their evaluations and links, archetype state, clusters, the market data and the AI
    // bookkeeping. Everyone reads it; only admins curate it (imports, edits, deletes, demo data, model registry).
    { "public.memories", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.links", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.archetype_states", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.archetype_state_history", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.cluster_runs", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.cluster_members", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.cluster_run_keys", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.cluster_run_chunks", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.memory_batches", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.embedding_cache", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    // The AI ledger: whoever makes a request books its cost (in their own name, see migration 0016); only admins
    // correct or prune it.
    { "public.api_usage", { { { Y, Y, N, N }, { Y, Y, N, N }, { Y, Y, Y, Y } } } },
    { "public.evaluation_failures", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.weighting_strategies", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "public.strategy_applications", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "auth.users", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "core.freelancer_profiles", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "core.jobs", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "ai.embeddings", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "ai.match_results", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "ai.match_runs", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "ai.model_versions", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "ai.learning_metrics", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    // Evaluations: a reviewer writes the annotation and nothing else of them.
    { "public.evaluations", { { { Y, N, N, N }, { Y, N, "only annotation", N }, { Y, Y, Y, Y } } } },
    // Derived and bookkeeping tables: the rollup, its totals and the memory counts are kept by SECURITY DEFINER
    // triggers, the metric names and the migration record by migrations, which stay with the schema's owner.
    // Nobody writes them directly.
    { "public.evaluation_rollup", { { { Y, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "public.archetype_metric_names", { { { Y, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "public.evaluation_totals", { { { Y, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "public.memory_counts", { { { Y, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "public.schema_migrations", { { { Y, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    // The audit log is append-only and in one's own name, for admins too: nobody edits or deletes history.
    { "public.audit_log", { { { Y, N, N, N }, { Y, Own, N, N }, { Y, Own, N, N } } } },
    // Protected attributes (fairness audits): hidden from viewers, read by reviewers, kept by admins.
    { "ai.audit_attributes", { { { N, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    // The fairness report's pre-aggregated counts (migration 0013) hold counts by the protected attributes, and
    // fairness_people links a person to their attributes' combination: read like ai.audit_attributes (the viewer
    // is refused). SECURITY DEFINER triggers keep them, so nobody writes them directly; the list of freelancer
    // runs is the triggers' own bookkeeping and no role reads it.
    { "ai.fairness_classes", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_people", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_class_people", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_jobs", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_match_cells", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_review_cells", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_ranked_jobs", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_job_rankings", { { { N, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    { "ai.fairness_freelancer_runs", { { { N, N, N, N }, { N, N, N, N }, { N, N, N, N } } } },
    // Review decisions are evidence: a reviewer decides in their own name, an admin may record one on a
    // reviewer's behalf; a decision is superseded by a new row, never changed or deleted (not even by admins).
    { "ai.match_reviews", { { { Y, N, N, N }, { Y, Own, N, N }, { Y, Y, N, N } } } },
    { "ai.review_current", { { { Y, N, N, N }, { Y, N, N, N }, { Y, N, N, N } } } },
    // Leases: a reviewer claims, renews and releases their own (or takes over an expired one); admins manage all.
    { "ai.review_leases", { { { Y, N, N, N }, { Y, Own, Own, Own }, { Y, Y, Y, Y } } } },
    // Double-review assignments and routes are the review queue's working state, kept by reviewers.
    { "ai.review_assignments", { { { Y, N, N, N }, { Y, Y, Y, Y }, { Y, Y, Y, Y } } } },
    { "ai.review_routes", { { { Y, N, N, N }, { Y, Y, Y, Y }, { Y, Y, Y, Y } } } },
    // Review configuration: reason codes and sampling settings are an admin's.
    { "ai.review_reason_codes", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    { "ai.review_settings", { { { Y, N, N, N }, { Y, N, N, N }, { Y, Y, Y, Y } } } },
    // Bias reports: a reviewer's scan inserts them (with no reviewer's name yet) and a reviewer decides them: the
    // decision columns only, and in their own name (migration 0014).
    { "ai.bias_reports",
        { { { Y, N, N, N }, { Y, Own, "own: decided_at, decision, requires_review, review_notes, reviewed_by", N },
            { Y, Y, Y, Y } } } },
    // Fairness reports are evidence too: reviewers save them in their own name; only an admin may delete one
    // and nobody changes one.
    { "public.fairness_reports", { { { Y, N, N, N }, { Y, Own, N, N }, { Y, Y, N, Y } } } },
};

// Rows in someone else's name and in the role's own (%1), written by the owner inside the probe's transaction,
// for the tables whose row-level security decides by name: the probes count which of them a role may touch. They
// are written with triggers and foreign keys off (session_replication_role), so they need no other rows.
struct OwnedRows
{
    const char *table;
    const char *ownerColumn;
    const char *fixture;
};
const OwnedRows Owned[] = {
    { "ai.match_reviews", "reviewer",
        "INSERT INTO ai.match_reviews (id, match_id, reviewer, decision) SELECT gen_random_uuid(), gen_random_uuid(), "
        "r, "
        "'approve' FROM unnest(ARRAY['someone_else', '%1']) r" },
    { "public.audit_log", "actor",
        "INSERT INTO public.audit_log (actor, action, entity, entity_id) VALUES ('someone_else', 'probe', 'probe', "
        "'1'), ('%1', 'probe', 'probe', '2')" },
    { "ai.review_leases", "reviewer",
        "INSERT INTO ai.review_leases (match_id, reviewer, level, expires_at) SELECT gen_random_uuid(), r, 1, "
        "now() + interval '1 hour' FROM unnest(ARRAY['someone_else', '%1']) r" },
    { "ai.bias_reports", "reviewed_by",
        "INSERT INTO ai.bias_reports (id, entity_type, entity_id, bias_score, confidence, reviewed_by) SELECT "
        "gen_random_uuid(), 'job', gen_random_uuid(), 0.5, 0.5, r FROM unnest(ARRAY['someone_else', '%1']) r" },
    { "public.fairness_reports", "created_by",
        "INSERT INTO public.fairness_reports (id, parameters, result, data_fingerprint, created_by) VALUES "
        "(gen_random_uuid(), '{}', '{}', 'probe', 'someone_else'), (gen_random_uuid(), '{}', '{}', 'probe', '%1')" },
};

const OwnedRows *ownedRowsOf(const QString &table)
{
    for (const OwnedRows &o : Owned)
        if (table == QLatin1String(o.table))
            return &o;
    return nullptr;
}

QString roleName(int role)
{
    return QStringLiteral("sextant_%1").arg(QLatin1String(Roles[size_t(role)]));
}

// What one statement did as one role.
struct Attempt
{
    bool allowed = false;
    int rows = 0; // rows it changed, when allowed without an error
    QString error; // the server's text when refused or broken
    bool broken = false; // a probe that cannot be judged (a fixture failed, or a syntax error): the test fails
};

} // namespace

class TestRolesMatrix : public QObject
{
    Q_OBJECT

    std::unique_ptr<Repository> m_repo;
    QStringList m_tables; // schema.table of every table and view in Sextant's schemas, as the database lists them
    std::map<QString, std::array<RoleCells, 3>> m_expected;
    std::map<QString, std::array<std::array<QString, 4>, 3>> m_observed;

    Attempt attempt(int role, const QString &fixture, const QString &statement)
    {
        QSqlDatabase db = m_repo->database();
        Attempt a;
        if (!db.transaction()) {
            a.broken = true;
            a.error = db.lastError().text();
            return a;
        }
        QSqlQuery q(db);
        if (!fixture.isEmpty()
            && !(q.exec(QStringLiteral("SET LOCAL session_replication_role = replica"))
                && q.exec(fixture.arg(roleName(role)))
                && q.exec(QStringLiteral("SET LOCAL session_replication_role = origin")))) {
            a.broken = true;
            a.error = QStringLiteral("fixture: %1").arg(q.lastError().databaseText());
        } else if (!q.exec(QStringLiteral("SET LOCAL ROLE %1").arg(roleName(role)))) {
            a.broken = true;
            a.error = q.lastError().databaseText();
        } else if (q.exec(statement)) {
            a.allowed = true;
            a.rows = q.numRowsAffected();
        } else {
            const QString state = q.lastError().nativeErrorCode();
            a.error = q.lastError().databaseText();
            // Class 42 is also a syntax error or an unknown name: a probe that says nothing about permissions.
            a.allowed = state != QLatin1String("42501");
            a.broken = a.allowed && state.startsWith(QLatin1String("42"));
            a.rows = -1;
        }
        q = QSqlQuery();
        db.rollback();
        return a;
    }

    QStringList columnsOf(const QString &table)
    {
        QSqlQuery q(m_repo->database());
        q.prepare(QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND "
                                 "NOT attisdropped ORDER BY attname"));
        q.addBindValue(table);
        QStringList columns;
        if (q.exec())
            while (q.next())
                columns << q.value(0).toString();
        return columns;
    }

    // Whether a write may reach a row in someone else's name ("yes"), only one in the role's own ("own") or
    // neither ("no"). `statement` has %1 for the name; a row the policy hides is not reached, so is not counted.
    QString reach(
        int role, const OwnedRows &owned, const QString &statement, const std::function<Attempt(Attempt)> &judged)
    {
        const auto reached = [&](const QString &name) {
            const Attempt a = judged(attempt(role, QLatin1String(owned.fixture), statement.arg(name)));
            return a.allowed && a.rows != 0;
        };
        if (reached(QStringLiteral("someone_else")))
            return QLatin1String(Y);
        return reached(roleName(role)) ? QLatin1String(Own) : QLatin1String(N);
    }

    std::array<QString, 4> probe(int role, const QString &table, QStringList &problems)
    {
        const OwnedRows *owned = ownedRowsOf(table);
        const auto judged = [&](const QString &verb, Attempt a) {
            if (a.broken)
                problems << QStringLiteral("%1 as %2: the probe failed: %3").arg(verb, roleName(role), a.error);
            return a;
        };
        const auto judgedAs = [&](const char *verb) {
            return std::function<Attempt(Attempt)>(
                [&judged, verb](Attempt a) { return judged(QLatin1String(verb), a); });
        };
        std::array<QString, 4> cells;

        const Attempt select = judged(
            QStringLiteral("select"), attempt(role, {}, QStringLiteral("SELECT * FROM %1 LIMIT 0").arg(table)));
        cells[0] = QLatin1String(select.allowed ? Y : N);

        if (!owned) {
            const Attempt insert = judged(QStringLiteral("insert"),
                attempt(role, {}, QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(table)));
            cells[1] = QLatin1String(insert.allowed ? Y : N);
        } else {
            // A copy of an existing row passes or fails row-level security on its name, then its primary key.
            cells[1] = reach(role, *owned,
                QStringLiteral("INSERT INTO %1 SELECT * FROM %1 WHERE %2 = '%3'")
                    .arg(table, QLatin1String(owned->ownerColumn), QStringLiteral("%1")),
                judgedAs("insert"));
        }

        const QStringList columns = columnsOf(table);
        QStringList writable;
        for (const QString &column : columns)
            if (judged(QStringLiteral("update"),
                    attempt(role, {}, QStringLiteral("UPDATE %1 SET %2 = DEFAULT WHERE false").arg(table, column)))
                    .allowed)
                writable << column;
        QString rows = writable.isEmpty() ? QLatin1String(N) : QLatin1String(Y);
        if (owned && !writable.isEmpty())
            rows = reach(role, *owned,
                QStringLiteral("UPDATE %1 SET %2 = %2 WHERE %3 = '%4'")
                    .arg(table, writable.first(), QLatin1String(owned->ownerColumn), QStringLiteral("%1")),
                judgedAs("update"));
        if (rows == QLatin1String(N) || writable.size() == columns.size())
            cells[2] = rows;
        else
            cells[2] = (rows == QLatin1String(Own) ? QStringLiteral("own: ") : QStringLiteral("only "))
                + writable.join(QLatin1String(", "));

        if (owned)
            cells[3] = reach(role, *owned,
                QStringLiteral("DELETE FROM %1 WHERE %2 = '%3'")
                    .arg(table, QLatin1String(owned->ownerColumn), QStringLiteral("%1")),
                judgedAs("delete"));
        else
            cells[3] = QLatin1String(judged(QStringLiteral("delete"),
                                         attempt(role, {}, QStringLiteral("DELETE FROM %1 WHERE false").arg(table)))
                                         .allowed
                    ? Y
                    : N);
        return cells;
    }

    // One role's four cells in a few words, for the Markdown table: "all", "none", or the verbs it may use.
    static QString summary(const std::array<QString, 4> &cells)
    {
        QStringList verbs;
        bool all = true;
        for (size_t v = 0; v < Verbs.size(); ++v) {
            const QString &cell = cells[v];
            all = all && cell == QLatin1String(Y);
            if (cell == QLatin1String(Y))
                verbs << QLatin1String(Verbs[v]);
            else if (cell == QLatin1String(Own))
                verbs << QStringLiteral("%1 (own rows)").arg(QLatin1String(Verbs[v]));
            else if (cell.startsWith(QLatin1String("own: ")))
                verbs << QStringLiteral("%1 (own rows; %2)").arg(QLatin1String(Verbs[v]), cell.mid(5));
            else if (cell.startsWith(QLatin1String("only ")))
                verbs << QStringLiteral("%1 (%2)").arg(QLatin1String(Verbs[v]), cell.mid(5));
        }
        if (all)
            return QStringLiteral("all");
        return verbs.isEmpty() ? QStringLiteral("none") : verbs.join(QLatin1String(", "));
    }

    // The plain matrix, one line per table and role; with SEXTANT_ROLES_MARKDOWN=1 the README's table instead,
    // where tables with the same rights share a row.
    void printMatrix() const
    {
        QStringList lines;
        if (qEnvironmentVariableIntValue("SEXTANT_ROLES_MARKDOWN") != 0) {
            std::map<QStringList, QStringList> grouped; // viewer, reviewer, admin summaries → tables
            for (const auto &[table, roles] : m_observed)
                grouped[{ summary(roles[0]), summary(roles[1]), summary(roles[2]) }]
                    << QStringLiteral("`%1`").arg(table);
            lines << QStringLiteral("| tables | viewer | reviewer | admin |") << QStringLiteral("|---|---|---|---|");
            for (const auto &[rights, tables] : grouped)
                lines << QStringLiteral("| %1 | %2 | %3 | %4 |")
                             .arg(tables.join(QLatin1String(", ")), rights[0], rights[1], rights[2]);
        } else {
            for (const auto &[table, roles] : m_observed)
                for (size_t r = 0; r < Roles.size(); ++r)
                    lines << QStringLiteral("%1 %2 %3 %4 %5 %6")
                                 .arg(table, -30)
                                 .arg(QLatin1String(Roles[r]), -9)
                                 .arg(roles[r][0], -4)
                                 .arg(roles[r][1], -4)
                                 .arg(roles[r][2], -5)
                                 .arg(roles[r][3]);
        }
        std::printf("%s\n", qPrintable(lines.join(QLatin1Char('\n'))));
        std::fflush(stdout);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const Policy &p : Intended)
            m_expected[QLatin1String(p.table)] = p.cells;
        m_repo = openFreshPostgres(QStringLiteral("sextant_rolesmatrix_test"), QStringLiteral("rolesmatrix"));
        QVERIFY(m_repo);
        QSqlQuery q(m_repo->database());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', 'auth', 'core', 'ai') AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1")));
        while (q.next())
            m_tables << q.value(0).toString();
        QVERIFY(m_tables.size() > 20);
    }

    void everyTableHasAPolicy()
    {
        QStringList unknown;
        for (const QString &table : std::as_const(m_tables))
            if (!m_expected.count(table))
                unknown << table;
        QStringList gone;
        for (const auto &[table, cells] : m_expected)
            if (!m_tables.contains(table))
                gone << table;
        QVERIFY2(unknown.isEmpty(),
            qPrintable(QStringLiteral("no intended policy for: %1 (add a row to Intended)")
                           .arg(unknown.join(QLatin1String(", ")))));
        QVERIFY2(
            gone.isEmpty(), qPrintable(QStringLiteral("not in the database: %1").arg(gone.join(QLatin1String(", ")))));
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("table");
        for (const QString &table : std::as_const(m_tables))
            QTest::newRow(qPrintable(table)) << table;
    }

    void matrix()
    {
        QFETCH(QString, table);
        QStringList problems;
        std::array<std::array<QString, 4>, 3> &observed = m_observed[table];
        for (int role = 0; role < int(Roles.size()); ++role)
            observed[size_t(role)] = probe(role, table, problems);
        const auto expected = m_expected.find(table);
        if (expected != m_expected.end()) {
            for (size_t r = 0; r < Roles.size(); ++r)
                for (size_t v = 0; v < Verbs.size(); ++v)
                    if (observed[r][v] != QLatin1String(expected->second[r][v]))
                        problems << QStringLiteral("%1 / %2 / %3: the database says \"%4\", the policy \"%5\"")
                                        .arg(table, QLatin1String(Roles[r]), QLatin1String(Verbs[v]), observed[r][v],
                                            QLatin1String(expected->second[r][v]));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("\n   "))));
    }

    // A viewer's semantic search and a reviewer's bias scan pay for AI requests: the ledger takes their rows, each in
    // the booker's own name, and nobody but an admin can book in someone else's.
    void usageIsBookedInTheBookersName()
    {
        for (int role = 0; role < 2; ++role) {
            const Attempt own = attempt(role, {},
                QStringLiteral("INSERT INTO public.api_usage (day, endpoint, model) VALUES (current_date, 'probe', "
                               "'probe')"));
            QVERIFY2(own.allowed && !own.broken && own.rows == 1, qPrintable(own.error));
            const Attempt spoofed = attempt(role, {},
                QStringLiteral("INSERT INTO public.api_usage (day, endpoint, model, booked_by) VALUES (current_date, "
                               "'probe', 'probe', 'someone_else')"));
            QVERIFY2(!spoofed.allowed, qPrintable(roleName(role)));
        }
        QSqlDatabase db = m_repo->database();
        QVERIFY(db.transaction());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SET LOCAL ROLE sextant_reviewer")));
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO public.api_usage (day, endpoint, model) VALUES (current_date, 'probe', 'probe') RETURNING "
            "booked_by")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("sextant_reviewer"));
        QVERIFY(db.rollback());
    }

    void cleanupTestCase()
    {
        printMatrix();
        std::printf("ROLES-MATRIX tables=%lld cells=%lld\n", qlonglong(m_observed.size()),
            qlonglong(m_observed.size() * Roles.size() * Verbs.size()));
    }
};

QTEST_GUILESS_MAIN(TestRolesMatrix)
#include "tst_rolesmatrix.moc"
