// SPDX-License-Identifier: MIT
#include "export/jsonlwriter.h"
#include "export/outputfile.h"
#include "exporttesthelpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::exporter;
using namespace exporttest;

namespace {

QList<QJsonObject> jsonLines(const QByteArray &bytes)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : bytes.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return {};
        objects.append(doc.object());
    }
    return objects;
}

Tweet v2Tweet(int i)
{
    Tweet t = awkwardTweet();
    t.id = QString::number(1394735776701816833LL + i);
    t.authorId = QString::number(1000 + i % 7);
    t.authorUsername = QStringLiteral("user%1").arg(i % 7);
    t.rawJson = QStringLiteral("{\"id\":\"%1\",\"text\":\"tweet %1 \\\"quoted\\\" 😀\",\"author_id\":\"%2\"}")
                    .arg(t.id, t.authorId)
                    .toUtf8();
    t.retweetedId = QStringLiteral("42");
    t.retweetedText = QStringLiteral("the original text");
    return t;
}

QByteArray writeJsonl(const JsonlOptions &options, const std::function<void(JsonlWriter &)> &fill)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.jsonl"));
    OutputFile out(path);
    if (!out.open())
        return {};
    JsonlWriter writer(out, options);
    fill(writer);
    writer.finish();
    if (!out.commit())
        return {};
    return readAll(path);
}

} // namespace

class TestJsonlWriter : public QObject
{
    Q_OBJECT

private slots:
    void rebuildsTwarcPages();
    void separatesFormats();
    void pagesPassThrough_data();
    void pagesPassThrough();
    void tweetsPerLine();
    void tweetWithoutRawJson();
};

void TestJsonlWriter::rebuildsTwarcPages()
{
    JsonlOptions options;
    options.sourceUrl = QStringLiteral("http://127.0.0.1:8080/2/tweets/search/recent?query=cats");
    options.retrievedAt = QDateTime(QDate(2026, 11, 25), QTime(14, 30, 5), Qt::UTC);
    const QByteArray bytes = writeJsonl(options, [](JsonlWriter &w) {
        for (int i = 0; i < 250; ++i)
            w.writeTweet(v2Tweet(i));
    });
    QVERIFY(bytes.endsWith('\n'));
    const QList<QJsonObject> pages = jsonLines(bytes);
    QCOMPARE(pages.size(), 3);
    int n = 0;
    for (const QJsonObject &page : pages) {
        QCOMPARE(page.keys(),
            (QStringList { QStringLiteral("__twarc"), QStringLiteral("data"), QStringLiteral("includes"),
                QStringLiteral("meta") }));
        const QJsonArray data = page.value(QLatin1String("data")).toArray();
        QCOMPARE(data.size(), n < 200 ? 100 : 50);
        for (const QJsonValue tweet : data) {
            const Tweet expected = v2Tweet(n++);
            QCOMPARE(tweet.toObject(), QJsonDocument::fromJson(expected.rawJson).object());
        }
        const QJsonObject meta = page.value(QLatin1String("meta")).toObject();
        QCOMPARE(meta.value(QLatin1String("result_count")).toInt(), data.size());
        QCOMPARE(meta.value(QLatin1String("oldest_id")).toString(),
            data.first().toObject().value(QLatin1String("id")).toString());
        QCOMPARE(meta.value(QLatin1String("newest_id")).toString(),
            data.last().toObject().value(QLatin1String("id")).toString());
        const QJsonObject includes = page.value(QLatin1String("includes")).toObject();
        const QJsonArray users = includes.value(QLatin1String("users")).toArray();
        QCOMPARE(users.size(), 7); // deduplicated authors
        QCOMPARE(users.at(0).toObject().value(QLatin1String("username")).toString(),
            QStringLiteral("user%1").arg((n - data.size()) % 7));
        QCOMPARE(includes.value(QLatin1String("tweets")).toArray(),
            (QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("42") },
                              { QStringLiteral("text"), QStringLiteral("the original text") } },
                QJsonObject { { QStringLiteral("id"), QStringLiteral("1300000000000000001") },
                    { QStringLiteral("text"), QStringLiteral("-1+1 is a formula in Excel") } } }));
        const QJsonObject twarc = page.value(QLatin1String("__twarc")).toObject();
        QCOMPARE(twarc.value(QLatin1String("url")).toString(), options.sourceUrl);
        QCOMPARE(twarc.value(QLatin1String("retrieved_at")).toString(), QStringLiteral("2026-11-25T14:30:05+00:00"));
        QVERIFY(twarc.value(QLatin1String("version")).toString().startsWith(QLatin1String("tweetscope ")));
    }
}

void TestJsonlWriter::separatesFormats()
{
    Tweet original = awkwardTweet();
    original.format = TweetFormat::Original;
    original.rawJson = QByteArrayLiteral("{\"id_str\":\"7\",\"text\":\"v1.1\"}");
    const QByteArray bytes = writeJsonl({}, [&](JsonlWriter &w) {
        w.writeTweet(v2Tweet(0));
        w.writeTweet(original);
        w.writeTweet(original);
        w.writeTweet(v2Tweet(1));
    });
    const QList<QJsonObject> pages = jsonLines(bytes);
    QCOMPARE(pages.size(), 3);
    QCOMPARE(pages.at(0).value(QLatin1String("data")).toArray().size(), 1);
    QCOMPARE(pages.at(1).keys(), QStringList { QStringLiteral("results") });
    QCOMPARE(pages.at(1).value(QLatin1String("results")).toArray().size(), 2);
    QCOMPARE(pages.at(2).value(QLatin1String("data")).toArray().size(), 1);
}

void TestJsonlWriter::pagesPassThrough_data()
{
    QTest::addColumn<QByteArray>("page");
    QTest::addColumn<QByteArray>("line");
    const QByteArray twarc = R"({"data":[{"id":"1","text":"a\nb"}],"meta":{"result_count":1},"__twarc":{"url":"u"}})";
    QTest::addRow("twarc line, unchanged") << twarc << twarc + '\n';
    QTest::addRow("pretty-printed body, on one line") << QByteArray("{\n  \"data\": [\r\n {\"id\": \"1\"}]\n}")
                                                      << QByteArray("{   \"data\": [   {\"id\": \"1\"}] }\n");
}

void TestJsonlWriter::pagesPassThrough()
{
    QFETCH(QByteArray, page);
    QFETCH(QByteArray, line);
    Tweet t;
    t.id = QStringLiteral("1");
    const QByteArray bytes = writeJsonl({}, [&](JsonlWriter &w) { w.writePage(page, { t }); });
    QCOMPARE(bytes, line);
    QCOMPARE(jsonLines(bytes).size(), 1);
}

void TestJsonlWriter::tweetsPerLine()
{
    JsonlOptions options;
    options.layout = JsonlOptions::Layout::Tweets;
    const QByteArray page = R"({"data":[{"id":"1"},{"id":"2"}]})";
    Tweet a = v2Tweet(0), b = v2Tweet(1), c = v2Tweet(2);
    const QByteArray bytes = writeJsonl(options, [&](JsonlWriter &w) {
        w.writePage(page, { a, b });
        w.writeTweet(c);
    });
    QCOMPARE(bytes, a.rawJson + '\n' + b.rawJson + '\n' + c.rawJson + '\n');
}

void TestJsonlWriter::tweetWithoutRawJson()
{
    Tweet t = awkwardTweet();
    t.rawJson.clear();
    const QJsonObject o = QJsonDocument::fromJson(tweetJson(t)).object();
    QCOMPARE(o.value(QLatin1String("id")).toString(), t.id);
    QCOMPARE(o.value(QLatin1String("text")).toString(), t.text);
    QCOMPARE(o.value(QLatin1String("created_at")).toString(), QStringLiteral("2021-05-18T19:24:56.123Z"));
    QCOMPARE(o.value(QLatin1String("author_id")).toString(), t.authorId);
    QCOMPARE(o.value(QLatin1String("public_metrics")).toObject().value(QLatin1String("quote_count")).toInt(), 4444);
    QCOMPARE(o.value(QLatin1String("entities")).toObject().value(QLatin1String("hashtags")).toArray().size(), 3);
    QCOMPARE(o.value(QLatin1String("geo"))
                 .toObject()
                 .value(QLatin1String("coordinates"))
                 .toObject()
                 .value(QLatin1String("coordinates")),
        QJsonValue(QJsonArray { 151.20732, -33.86785 }));
}

QTEST_GUILESS_MAIN(TestJsonlWriter)
#include "tst_jsonlwriter.moc"
