#include "demo/demogenerator.h"
#include "demo/demomarketplace.h"
#include "support/testutil.h"

#include "compute/vectorops.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlRecord>

#include <map>

namespace {
const QDateTime fixedNow(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);

// Hash of every content table, row by row in a fixed order (schema_migrations holds apply times).
QByteArray contentChecksum(Repository &repo)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QSqlQuery tables(repo.database());
    tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "AND name != 'schema_migrations' ORDER BY name"));
    while (tables.next()) {
        const QString table = tables.value(0).toString();
        QSqlQuery rows(repo.database());
        rows.setForwardOnly(true);
        rows.exec(QLatin1String("SELECT * FROM ") + table + QLatin1String(" ORDER BY 1, 2"));
        hash.addData(table.toUtf8());
        while (rows.next()) {
            for (int c = 0; c < rows.record().count(); ++c) {
                // The seed model versions a migration adds carry the time the schema was made, not the demo's.
                const QString column = rows.record().fieldName(c);
                if (table == QLatin1String("ai_model_versions")
                    && (column == QLatin1String("created_at") || column == QLatin1String("deployed_at")))
                    continue;
                const QVariant v = rows.value(c);
                hash.addData(v.typeId() == QMetaType::QByteArray ? v.toByteArray() : v.toString().toUtf8());
                hash.addData("|");
            }
        }
    }
    return hash.result().toHex();
}

qint64 scalar(Repository &repo, const QString &sql)
{
    QSqlQuery q(repo.database());
    if (!q.exec(sql) || !q.next())
        qWarning("query failed: %s", qPrintable(sql));
    return q.value(0).toLongLong();
}
} // namespace

class TestDemoGenerator : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_full; // the default-size workspace, generated once

private Q_SLOTS:
    void initTestCase()
    {
        m_full = openTempWorkspace(m_dir, QStringLiteral("full"));
        QVERIFY(m_full);
        DemoSpec spec;
        spec.now = fixedNow;
        QElapsedTimer timer;
        timer.start();
        const Result<DemoSummary> summary = DemoGenerator::generate(*m_full, spec);
        QVERIFY2(summary, qPrintable(summary.errorMessage()));
        qInfo("default demo workspace generated in %lld ms", timer.elapsed());
    }

    void sameSeedSameContent()
    {
        DemoSpec spec;
        spec.now = fixedNow;
        spec.memories = 700;
        spec.freelancers = 300;
        spec.jobs = 60;
        QByteArray sums[3];
        for (int i = 0; i < 3; ++i) {
            auto repo = openTempWorkspace(m_dir, QStringLiteral("det%1").arg(i));
            spec.seed = i < 2 ? 42 : 43;
            spec.batchSize = i == 1 ? 128 : 2000; // batching must not change the content
            QVERIFY(DemoGenerator::generate(*repo, spec));
            sums[i] = contentChecksum(*repo);
        }
        QCOMPARE(sums[0], sums[1]);
        QVERIFY(sums[0] != sums[2]);
    }

    void sizesAndCoverage()
    {
        const WorkspaceCounts c = m_full->counts().value();
        QVERIFY(c.memories >= 5000);
        QCOMPARE(c.evaluations, c.memories * Archetypes::Count);
        QVERIFY(c.freelancers >= 2000);
        QVERIFY(c.jobs >= 400);
        QVERIFY(c.links > c.memories / 2);
        QVERIFY(c.biasReports >= 3);
        QVERIFY(
            scalar(*m_full, QStringLiteral("SELECT COUNT(DISTINCT json_extract(metadata, '$.topic')) FROM memories"))
            >= 20);
        QCOMPARE(
            scalar(*m_full,
                QStringLiteral("SELECT COUNT(DISTINCT shard_region) FROM auth_users WHERE role = 'user_freelancer'")),
            7);
        // Every open job has proposed matches with component scores.
        QCOMPARE(scalar(*m_full,
                     QStringLiteral("SELECT COUNT(*) FROM core_jobs j WHERE status = 'open' AND NOT EXISTS "
                                    "(SELECT 1 FROM ai_match_results m WHERE m.job_id = j.id)")),
            0);
        QCOMPARE(scalar(*m_full,
                     QStringLiteral("SELECT COUNT(*) FROM ai_match_results WHERE skill_match IS NULL "
                                    "OR region_match IS NULL")),
            0);
        // 90 days of history for each of the 8 archetypes, and a current state.
        QCOMPARE(scalar(*m_full, QStringLiteral("SELECT COUNT(DISTINCT at) FROM archetype_state_history")), 90);
        QCOMPARE(
            scalar(*m_full, QStringLiteral("SELECT COUNT(*) FROM archetype_state_history")), 90 * Archetypes::Count);
        QCOMPARE(m_full->archetypeStates()->size(), Archetypes::Count);
        // Link types come from the archetypes' vocabulary.
        QCOMPARE(scalar(*m_full, QStringLiteral("SELECT COUNT(DISTINCT link_type) FROM links")), 7);
    }

    void evaluationsComplete()
    {
        QCOMPARE(scalar(*m_full,
                     QStringLiteral("SELECT COUNT(*) FROM memories m WHERE (SELECT COUNT(*) FROM evaluations e "
                                    "WHERE e.memory_id = m.id) != 8")),
            0);
        QSqlQuery q(m_full->database());
        q.setForwardOnly(true);
        QVERIFY(q.exec(QStringLiteral("SELECT archetype, metrics FROM evaluations")));
        int checked = 0;
        while (q.next()) {
            const int archetype = Archetypes::fromName(q.value(0).toString()).value();
            const QJsonObject metrics = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
            QCOMPARE(metrics.size(), 4);
            for (const QString &name : Archetypes::metricNames(archetype)) {
                const double v = metrics.value(name).toDouble(-1.0);
                QVERIFY2(v >= 0.0 && v <= 1.0, qPrintable(name));
            }
            ++checked;
        }
        QVERIFY(checked >= 40000);
        // The stored priority is the weighted formula over the archetype priorities.
        QSqlQuery p(m_full->database());
        QVERIFY(p.exec(
            QStringLiteral("SELECT m.priority, e.archetype, e.archetype_priority FROM memories m JOIN evaluations e "
                           "ON e.memory_id = m.id WHERE m.id = (SELECT id FROM memories ORDER BY id LIMIT 1)")));
        std::array<double, Archetypes::Count> priorities {};
        double stored = 0;
        while (p.next()) {
            stored = p.value(0).toDouble();
            priorities[Archetypes::fromName(p.value(1).toString()).value()] = p.value(2).toDouble();
        }
        QVERIFY(std::abs(stored - Archetypes::memoryPriority(priorities)) < 1e-3);
    }

    void topicsClusterInEmbeddingSpace()
    {
        QSqlQuery q(m_full->database());
        q.setForwardOnly(true);
        QVERIFY(q.exec(QStringLiteral(
            "SELECT json_extract(metadata, '$.topic'), embedding FROM memories ORDER BY id LIMIT 3000")));
        QList<QString> topics;
        QList<Embedding> vectors;
        while (q.next()) {
            topics << q.value(0).toString();
            const QByteArray blob = q.value(1).toByteArray();
            Embedding e(EmbeddingDimensions);
            memcpy(e.data(), blob.constData(), blob.size());
            vectors << e;
        }
        double intra = 0, inter = 0;
        int intraCount = 0, interCount = 0;
        for (qsizetype i = 0; i < vectors.size(); i += 3) {
            for (qsizetype j = i + 1; j < vectors.size(); j += 7) {
                const double s = compute::dot(vectors[i].constData(), vectors[j].constData(), EmbeddingDimensions);
                if (topics[i] == topics[j]) {
                    intra += s;
                    ++intraCount;
                } else {
                    inter += s;
                    ++interCount;
                }
            }
        }
        intra /= intraCount;
        inter /= interCount;
        qInfo("mean cosine: same topic %.3f, different topics %.3f", intra, inter);
        QVERIFY(intraCount > 1000 && interCount > 1000);
        QVERIFY2(
            intra > inter + 0.1 && intra > 4 * inter, qPrintable(QStringLiteral("%1 vs %2").arg(intra).arg(inter)));

        // What clustering needs: a memory's nearest neighbours are mostly of its own topic.
        int same = 0, total = 0;
        for (qsizetype i = 0; i < vectors.size(); i += 10) {
            std::vector<std::pair<float, qsizetype>> scored;
            for (qsizetype j = 0; j < vectors.size(); ++j) {
                if (j != i)
                    scored.emplace_back(
                        compute::dot(vectors[i].constData(), vectors[j].constData(), EmbeddingDimensions), j);
            }
            std::partial_sort(scored.begin(), scored.begin() + 10, scored.end(), std::greater<>());
            for (int k = 0; k < 10; ++k) {
                same += topics[scored[k].second] == topics[i];
                ++total;
            }
        }
        const double purity = double(same) / total;
        qInfo("10-NN topic purity %.3f (chance %.3f)", purity, 1.0 / 24);
        // The README's figure: a memory's 10 nearest neighbours share its topic 99.9 % of the time (measured 0.999
        // over these 3,000 memories, whose neighbours are sparser than the full set's).
        QVERIFY2(purity >= 0.99, qPrintable(QString::number(purity)));
    }

    void plantedDisparityIsPresent()
    {
        QSqlQuery q(m_full->database());
        QVERIFY(q.exec(QStringLiteral("SELECT a.value, SUM(r.decision = 'approve'), COUNT(*) FROM ai_match_reviews r "
                                      "JOIN ai_match_results m ON m.id = r.match_id "
                                      "JOIN ai_audit_attributes a ON a.user_id = m.freelancer_id AND a.attribute = "
                                      "'age_band' GROUP BY a.value")));
        std::map<QString, double> rates;
        while (q.next()) {
            QVERIFY2(q.value(2).toInt() >= 30, "every band must be large enough to report");
            rates[q.value(0).toString()] = q.value(1).toDouble() / q.value(2).toDouble();
        }
        QCOMPARE(int(rates.size()), 4);
        double best = 0;
        for (const auto &[band, rate] : rates)
            best = std::max(best, rate);
        const double planted = rates.at(DemoMarketplace::disadvantagedBand());
        qInfo("approval: 60+ %.2f, best %.2f, ratio %.2f", planted, best, planted / best);
        QVERIFY(planted / best < 0.8); // the four-fifths rule flags it
        for (const auto &[band, rate] : rates) {
            if (band != DemoMarketplace::disadvantagedBand())
                QVERIFY2(rate / best >= 0.8, qPrintable(band)); // and only it
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
