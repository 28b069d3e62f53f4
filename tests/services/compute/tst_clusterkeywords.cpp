// Cluster keywords by class-based TF-IDF: tokenisation (case, Unicode punctuation, numbers, stop
// words), the c-TF-IDF weights against a hand computation, topic separation, ranking rules and
// determinism.
#include "compute/clusterkeywords.h"
#include "compute/clusterkeywordstokens.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using compute::ClusterKeywords;
using Strings = std::vector<std::string>;

class TestClusterKeywords : public QObject
{
    Q_OBJECT

    static Strings words(const ClusterKeywords &c)
    {
        Strings out;
        for (const compute::Keyword &k : c.keywords)
            out.push_back(k.word);
        return out;
    }

    static QString show(const Strings &s)
    {
        QStringList list;
        for (const std::string &w : s)
            list << QString::fromStdString(w);
        return list.join(QLatin1Char(' '));
    }

private Q_SLOTS:
    void tokenises_data()
    {
        QTest::addColumn<std::string>("text");
        QTest::addColumn<Strings>("tokens");
        QTest::newRow("case and punctuation") << std::string("Hello, World! PostgreSQL's INDEX-scan.")
                                              << Strings { "hello", "world", "postgresql", "index", "scan" };
        QTest::newRow("numbers and short words") << std::string("In 2024 we ran 3 x86 jobs on k8s, v2 abc123")
                                                 << Strings { "ran", "x86", "jobs", "k8s", "abc123" };
        QTest::newRow("stop words, English and German")
            << std::string("The database and the index; der Hund und die Katze")
            << Strings { "database", "index", "hund", "katze" };
        QTest::newRow("Latin-1 capitals are lowered")
            << std::string("ÄRGER über Öfen, naïve CAFÉ") << Strings { "ärger", "öfen", "naïve", "café" };
        QTest::newRow("Unicode punctuation and emoji split")
            << std::string("“quoted”—text… emoji🙂test «guillemets» a×b")
            << Strings { "quoted", "text", "emoji", "test", "guillemets" };
        QTest::newRow("other scripts kept as written")
            << std::string("Москва 東京タワー") << Strings { "Москва", "東京タワー" };
        QTest::newRow("malformed UTF-8 survives") << std::string("ab\xff cd\xc3") << Strings { "ab\xff", "cd\xc3" };
        QTest::newRow("empty") << std::string() << Strings {};
    }

    void tokenises()
    {
        QFETCH(std::string, text);
        QFETCH(Strings, tokens);
        const Strings got = compute::keywordTokens(text);
        QVERIFY2(got == tokens, qPrintable(show(got)));
    }

    void weightsMatchHandComputation()
    {
        // Cluster 0: alpha ×3 (2 texts), beta, gamma (5 words); cluster 1: beta, delta ×3 (4 words).
        // A = 9 / 2; f = alpha 3, beta 2, gamma 1, delta 3. score = tf · ln(1 + A / f).
        const Strings texts { "alpha alpha beta", "alpha gamma", "beta delta", "delta delta", "noise words ignored" };
        const std::vector<int> labels { 5, 5, 9, 9, -1 };
        const auto result = compute::clusterKeywords(texts, labels, { 4 });
        QCOMPARE(result.size(), std::size_t(2));
        QCOMPARE(result[0].label, 5);
        QCOMPARE(result[0].documents, std::size_t(2));
        QCOMPARE(result[1].label, 9);
        // spread: alpha, gamma and delta belong to one cluster each (1, so a factor ln 3); beta is in half the
        // texts of both (2, ln 2). Seen in two texts first; then by score: gamma before beta.
        QCOMPARE(words(result[0]), (Strings { "alpha", "gamma", "beta" }));
        QCOMPARE(words(result[1]), (Strings { "delta", "beta" }));
        const double one = std::log(3.0), both = std::log(2.0);
        const double expected[] = { 0.6 * std::log(2.5) * one, 0.2 * std::log(5.5) * one, 0.2 * std::log(3.25) * both };
        for (int i = 0; i < 3; ++i)
            QVERIFY(std::abs(result[0].keywords[std::size_t(i)].score - expected[i]) < 1e-12);
        QVERIFY(std::abs(result[1].keywords[0].score - 0.75 * std::log(2.5) * one) < 1e-12);
        QVERIFY(std::abs(result[1].keywords[1].score - 0.25 * std::log(3.25) * both) < 1e-12);
    }

    void separatesTopics_data()
    {
        QTest::addColumn<int>("words");
        QTest::newRow("3 words") << 3;
        QTest::newRow("4 words") << 4;
        QTest::newRow("5 words") << 5;
    }

    void separatesTopics()
    {
        QFETCH(int, words);
        const Strings databases { "The Postgres database needs an index on this table.",
            "Rebuilding the index made the database query fast again.",
            "Postgres picked a sequential scan, not the index.", "Our database runs Postgres 16 with a btree index.",
            "Vacuum the database, then reindex: Postgres index bloat." };
        const Strings pets { "My cats and dogs are good pets.", "Dogs need walks; cats prefer naps. Both are pets.",
            "Feeding cats twice a day keeps these pets happy.", "Are dogs or cats the better pets for a flat?",
            "Two dogs, three cats: our pets rule the house." };
        Strings texts;
        std::vector<int> labels;
        for (std::size_t i = 0; i < 5; ++i) {
            texts.push_back(databases[i]);
            labels.push_back(0);
            texts.push_back(pets[i]);
            labels.push_back(1);
            texts.push_back("Unrelated banana smoothie recipe with banana");
            labels.push_back(-1);
        }
        const auto result = compute::clusterKeywords(texts, labels, { words });
        QCOMPARE(result.size(), std::size_t(2));
        const Strings db = this->words(result[0]), animals = this->words(result[1]);
        qInfo("database: %s | pets: %s", qPrintable(show(db)), qPrintable(show(animals)));
        QCOMPARE(db.size(), std::size_t(words));
        QCOMPARE(animals.size(), std::size_t(words));
        for (const char *w : { "database", "postgres", "index" })
            QVERIFY2(std::find(db.begin(), db.end(), w) != db.end(), w);
        for (const char *w : { "cats", "dogs", "pets" })
            QVERIFY2(std::find(animals.begin(), animals.end(), w) != animals.end(), w);
        for (const Strings &list : { db, animals }) {
            for (const std::string &w : list) {
                QVERIFY(!compute::isStopWord(w));
                QVERIFY(w != "banana");
            }
        }
        // Best first.
        for (const ClusterKeywords &c : result) {
            for (std::size_t i = 1; i < c.keywords.size(); ++i)
                QVERIFY(c.keywords[i - 1].score >= c.keywords[i].score);
        }
    }

    void aSharedPromptNamesNoCluster()
    {
        // As MapData hands them over: every memory holds the same prompt; the replies differ by topic, each
        // drawing two of its topic's eight words, and two in five add a style phrase whatever the topic. The
        // plain c-TF-IDF put the prompt's words first (each is in every text, a topic word in a quarter).
        const std::string prompt = "Please tell me honestly about your favourite weekend routine.";
        const std::vector<Strings> topics { { "sourdough", "oven", "flour", "crust", "yeast", "knead", "loaf",
                                                "starter" },
            { "glacier", "summit", "crampons", "ridge", "altitude", "rope", "avalanche", "basecamp" },
            { "violin", "rehearsal", "orchestra", "concerto", "bow", "tuning", "conductor", "score" },
            { "compost", "seedlings", "tomatoes", "mulch", "greenhouse", "pruning", "soil", "harvest" } };
        Strings texts;
        std::vector<int> labels;
        for (std::size_t t = 0; t < topics.size(); ++t) {
            for (std::size_t j = 0; j < 10; ++j) {
                std::string text
                    = prompt + "\nI mostly spend it on " + topics[t][j % 8] + " and " + topics[t][(j + 3) % 8];
                if ((j + t) % 5 < 2)
                    text += ". Keeping answers short and cheerful.";
                texts.push_back(text);
                labels.push_back(int(t));
            }
        }
        const Strings shared = compute::keywordTokens(prompt + " mostly spend keeping answers short cheerful");
        const auto result = compute::clusterKeywords(texts, labels, { 4 });
        QCOMPARE(result.size(), topics.size());
        for (std::size_t t = 0; t < topics.size(); ++t) {
            const Strings label = words(result[t]);
            qInfo("cluster %zu: %s", t, qPrintable(show(label)));
            QCOMPARE(label.size(), std::size_t(4));
            for (const std::string &w : label) {
                QVERIFY2(std::find(shared.begin(), shared.end(), w) == shared.end(), w.c_str());
                QVERIFY2(std::find(topics[t].begin(), topics[t].end(), w) != topics[t].end(), w.c_str());
            }
        }
    }

    void wordsInMostTextsAreDropped()
    {
        // "common" is in three of four texts: never a keyword once there are clusters to tell apart, even where
        // it is the most frequent word of its cluster; with the limit raised it comes back.
        const Strings texts { "common common apple apple", "common apple", "common pear", "pear plum" };
        const std::vector<int> labels { 0, 0, 1, 1 };
        for (const ClusterKeywords &c : compute::clusterKeywords(texts, labels, { 4 })) {
            const Strings w = words(c);
            QVERIFY2(std::find(w.begin(), w.end(), "common") == w.end(), qPrintable(show(w)));
        }
        compute::ClusterKeywordOptions lenient;
        lenient.maxDocumentShare = 1.0;
        QCOMPARE(words(compute::clusterKeywords(texts, labels, lenient).at(0)), (Strings { "apple", "common" }));
    }

    void stopWordsNeverAppear()
    {
        const Strings texts { "the and of with from this that these those would should could",
            "und der die das mit für über nicht auch noch sehr", "however although because therefore zebra",
            "them their there where which while zebra" };
        const auto result = compute::clusterKeywords(texts, std::vector<int> { 0, 0, 0, 0 }, { 5 });
        QCOMPARE(result.size(), std::size_t(1));
        for (const compute::Keyword &k : result[0].keywords)
            QVERIFY2(!compute::isStopWord(k.word), k.word.c_str());
        QCOMPARE(result[0].keywords.at(0).word, std::string("zebra"));
    }

    void wordsFromOneTextRankLast()
    {
        // "spam" fills one text; "shared" appears once in each of two.
        const Strings texts { "spam spam spam spam spam spam shared", "shared topic", "another topic" };
        const auto result = compute::clusterKeywords(texts, std::vector<int> { 0, 0, 0 }, { 3 });
        QCOMPARE(words(result.at(0)), (Strings { "shared", "topic", "spam" }));
        // A cluster of one text still gets keywords.
        const auto single = compute::clusterKeywords(Strings { "lonely lighthouse keeper" }, std::vector<int> { 3 });
        QCOMPARE(words(single.at(0)), (Strings { "keeper", "lighthouse", "lonely" }));
    }

    void tiesAreAlphabeticalAndDeterministic()
    {
        const Strings texts { "zulu yankee xray whiskey", "whiskey xray yankee zulu", "other cluster words here",
            "other cluster words here" };
        const std::vector<int> labels { 1, 1, 2, 2 };
        const auto first = compute::clusterKeywords(texts, labels, { 4 });
        QCOMPARE(words(first.at(0)), (Strings { "whiskey", "xray", "yankee", "zulu" }));
        for (int run = 0; run < 3; ++run) {
            const auto again = compute::clusterKeywords(texts, labels, { 4 });
            for (std::size_t c = 0; c < first.size(); ++c)
                QCOMPARE(words(again[c]), words(first[c]));
        }
    }

    void degenerateInputs()
    {
        QVERIFY(compute::clusterKeywords(Strings { "a b" }, std::vector<int> {}).empty());
        QVERIFY(compute::clusterKeywords(Strings { "noise only here" }, std::vector<int> { -1 }).empty());
        QVERIFY(compute::clusterKeywords(Strings {}, std::vector<int> {}).empty());
        const auto empty = compute::clusterKeywords(Strings { "", "the and" }, std::vector<int> { 0, 0 });
        QCOMPARE(empty.size(), std::size_t(1));
        QCOMPARE(empty[0].documents, std::size_t(2));
        QVERIFY(empty[0].keywords.empty());
    }
};

QTEST_APPLESS_MAIN(TestClusterKeywords)
#include "tst_clusterkeywords.moc"
