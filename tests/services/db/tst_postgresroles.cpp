// The three Sextant roles on a real server: what each may do, what the database refuses (grants and
// row-level security), how the refusal reads, and what Sextant reads back as the role's privileges.
#include "demo/demogenerator.h"
#include "support/testutil.h"

#include <QSqlQuery>
#include <QTest>

class TestPostgresRoles : public QObject
{
    Q_OBJECT

    std::optional<PostgresSettings> m_settings;

    std::unique_ptr<Repository> openAs(const QString &user)
    {
        PostgresSettings s = *m_settings;
        s.user = user;
        Result<std::unique_ptr<Repository>> repo
            = PostgresWorkspace::open(s, QLatin1String("roles-") + user, PostgresWorkspace::Migrations::RequireCurrent);
        if (!repo)
            qWarning("%s", qPrintable(repo.error().message));
        return repo ? std::move(repo.value()) : nullptr;
    }

    static QUuid anyMatch(Repository &repo)
    {
        QSqlQuery q(repo.database());
        return q.exec(QStringLiteral("SELECT id FROM ai.match_results LIMIT 1")) && q.next() ? q.value(0).toUuid() : QUuid();
    }

    static MatchReview review(const QUuid &match, const QString &reviewer)
    {
        return { QUuid::createUuid(), match, reviewer, QStringLiteral("approve"), QStringLiteral("fit"), QString(),
            QDateTime::currentDateTimeUtc(), 1 };
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!testPostgres())
            QSKIP("SEXTANT_TEST_PG is not set (packaging/scripts/test.sh sets it)");
        m_settings = recreatePostgresDatabase(QStringLiteral("sextant_roles_test"));
        QVERIFY(m_settings);
        {
            Result<std::unique_ptr<Repository>> owner = PostgresWorkspace::open(*m_settings, QStringLiteral("roles-owner"));
            QVERIFY2(owner, owner ? "" : qPrintable(owner.error().message));
            DemoSpec spec;
            spec.memories = 40;
            spec.freelancers = 30;
            spec.jobs = 6;
            QVERIFY(DemoGenerator::generate(**owner, spec));
            const Result<Privileges> p = (*owner)->privileges();
            QVERIFY(p);
            QVERIFY(p->canMigrate);
        }
        QStringList ddl;
        for (const char *role : { "viewer", "reviewer", "admin" })
            ddl << QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sx_%1') THEN "
                                  "CREATE ROLE sx_%1 LOGIN IN ROLE sextant_%1; END IF; END $$")
                       .arg(QLatin1String(role));
        QVERIFY(runSql(*m_settings, ddl));
    }

    void viewerReadsButCannotWrite()
    {
        auto repo = openAs(QStringLiteral("sx_viewer"));
        QVERIFY(repo);
        const Result<Privileges> p = repo->privileges();
        QVERIFY(p);
        QCOMPARE(p->roleName(), QStringLiteral("sextant_viewer"));
        QVERIFY(p->canRead);
        QVERIFY(!p->canReview && !p->canAnnotate && !p->canEditMemories && !p->canDeleteMemories);
        QVERIFY(!p->canReadAuditAttributes && !p->canMigrate);
        QCOMPARE(repo->counts()->memories, 40);
        QVERIFY(repo->memoryPage({})->rows.size() > 0);

        const Result<void> write = repo->insertMemories({ sampleMemory(1, QDateTime::currentDateTimeUtc()) });
        QVERIFY(!write);
        QVERIFY2(write.error().message.contains(QLatin1String("not allowed")), qPrintable(write.error().message));
        QCOMPARE(repo->counts()->memories, 40);
        const Result<void> reviewed = repo->insertMatchReviews({ review(anyMatch(*repo), QStringLiteral("sx_viewer")) });
        QVERIFY(!reviewed);
        QSqlQuery q(repo->database());
        QVERIFY(!q.exec(QStringLiteral("SELECT count(*) FROM ai.audit_attributes"))); // protected attributes
    }

    void reviewerReviewsOnlyInOwnName()
    {
        auto repo = openAs(QStringLiteral("sx_reviewer"));
        QVERIFY(repo);
        const Result<Privileges> p = repo->privileges();
        QVERIFY(p);
        QCOMPARE(p->roleName(), QStringLiteral("sextant_reviewer"));
        QVERIFY(p->canReview && p->canAnnotate && p->canReadAuditAttributes);
        QVERIFY(!p->canEditMemories && !p->canMigrate);

        const qint64 before = repo->counts()->matchReviews;
        const QUuid match = anyMatch(*repo);
        QVERIFY(!match.isNull());
        QVERIFY(repo->insertMatchReviews({ review(match, QStringLiteral("sx_reviewer")) }));
        const Result<void> forged = repo->insertMatchReviews({ review(match, QStringLiteral("someone_else")) });
        QVERIFY(!forged); // row-level security: not in another reviewer's name
        QVERIFY2(forged.error().message.contains(QLatin1String("row-level security")), qPrintable(forged.error().message));
        QCOMPARE(repo->counts()->matchReviews, before + 1);

        QVERIFY(repo->appendAudit({ {}, QStringLiteral("sx_reviewer"), QStringLiteral("review"), QStringLiteral("match"),
            match.toString(QUuid::WithoutBraces), {}, {} }));
        QVERIFY(!repo->appendAudit({ {}, QStringLiteral("admin"), QStringLiteral("review"), QStringLiteral("match"),
            match.toString(QUuid::WithoutBraces), {}, {} }));
        QVERIFY(!repo->insertMemories({ sampleMemory(2, QDateTime::currentDateTimeUtc()) }));
        QSqlQuery q(repo->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM ai.audit_attributes")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE public.memories SET summary = 'x'")));
    }

    void adminCurates()
    {
        auto repo = openAs(QStringLiteral("sx_admin"));
        QVERIFY(repo);
        const Result<Privileges> p = repo->privileges();
        QVERIFY(p);
        QCOMPARE(p->roleName(), QStringLiteral("sextant_admin"));
        QVERIFY(p->canEditMemories && p->canDeleteMemories && p->canReview);
        QVERIFY(!p->canMigrate); // migrations stay with the schema's owner
        QVERIFY(repo->insertMemories({ sampleMemory(3, QDateTime::currentDateTimeUtc()) }));
        QCOMPARE(repo->counts()->memories, 41);
        QVERIFY(repo->insertMatchReviews({ review(anyMatch(*repo), QStringLiteral("on behalf of a reviewer")) }));
    }
};

QTEST_GUILESS_MAIN(TestPostgresRoles)
#include "tst_postgresroles.moc"
