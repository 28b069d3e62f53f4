#include "core/jsonschemacheck.h"
#include "ai/ssestream.h"

#include <QJsonDocument>
#include <QTest>

// The server-sent-events parser and the structured-output check: the two pure pieces of chat handling.
class TestSseStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventsSplitAnywhere()
    {
        const QByteArray stream
            = ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\ndata: line1\ndata: line2\n\nevent: x\ndata: [DONE]\n\n";
        for (int step : { 1, 2, 3, 7, 1000 }) {
            SseParser parser;
            QList<QByteArray> events;
            for (qsizetype at = 0; at < stream.size(); at += step)
                events += parser.feed(stream.mid(at, step));
            QCOMPARE(events, (QList<QByteArray> { "{\"a\":1}", "line1\nline2" }));
            QVERIFY(parser.sawDone());
            QVERIFY(!parser.hasPartialEvent());
        }
    }

    void cutMidEventIsPartial()
    {
        SseParser parser;
        QCOMPARE(parser.feed("data: {\"a\":1}\n\ndata: {\"b\"").size(), 1);
        QVERIFY(parser.hasPartialEvent());
        QVERIFY(!parser.sawDone());
        SseParser lineDone;
        lineDone.feed("data: {\"b\":2}\n"); // the line is complete, the event is not
        QVERIFY(lineDone.hasPartialEvent());
    }

    void schemaCheck_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << QByteArray(R"({"score":0.5,"label":"calm","tags":["a"]})") << true;
        QTest::newRow("missing") << QByteArray(R"({"score":0.5,"tags":[]})") << false;
        QTest::newRow("extra") << QByteArray(R"({"score":0.5,"label":"calm","tags":[],"x":1})") << false;
        QTest::newRow("range") << QByteArray(R"({"score":7,"label":"calm","tags":[]})") << false;
        QTest::newRow("enum") << QByteArray(R"({"score":0.5,"label":"loud","tags":[]})") << false;
        QTest::newRow("items") << QByteArray(R"({"score":0.5,"label":"calm","tags":[3]})") << false;
        QTest::newRow("type") << QByteArray(R"({"score":"high","label":"calm","tags":[]})") << false;
    }
    void schemaCheck()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        const QJsonObject schema = QJsonDocument::fromJson(R"({"type":"object","additionalProperties":false,
            "required":["score","label","tags"],"properties":{"score":{"type":"number","minimum":0,"maximum":1},
            "label":{"type":"string","enum":["calm","tense"]},"tags":{"type":"array","items":{"type":"string"}}}})")
                                       .object();
        const QString why = JsonSchemaCheck::violation(QJsonDocument::fromJson(json).object(), schema);
        QCOMPARE(why.isEmpty(), valid);
    }
};

QTEST_GUILESS_MAIN(TestSseStream)
#include "tst_ssestream.moc"
