// SPDX-License-Identifier: MIT
// Counts requests and responses of every provider, without a network: what goes out
// (endpoint, parameters, method, authentication) and what a body parses into.
#include "search/countsrequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace ts::search;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ts::search::ProviderKind)
Q_DECLARE_METATYPE(ts::search::CountsGranularity)

namespace {

ConnectionConfig connectionFor(ProviderKind kind)
{
    ConnectionConfig c;
    c.provider = kind;
    c.baseUrl = QUrl(u"http://127.0.0.1:8123"_s);
    c.bearerToken = u"s3cr3t-bearer"_s;
    c.account = u"acme"_s;
    c.label = u"prod"_s;
    c.username = u"user"_s;
    c.password = u"s3cr3t-password"_s;
    return c;
}

qint64 utcMs(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toMSecsSinceEpoch();
}

} // namespace

class TestCountsRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void request_data();
    void request();
    void parse_data();
    void parse();
};

void TestCountsRequest::request_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<CountsGranularity>("granularity");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("authScheme");

    QTest::addRow("local, minute") << ProviderKind::Local << CountsGranularity::Minute << u"/2/tweets/counts/all"_s
                                   << QByteArray("GET") << QByteArray("Bearer");
    QTest::addRow("x-recent, hour") << ProviderKind::XRecent << CountsGranularity::Hour << u"/2/tweets/counts/recent"_s
                                    << QByteArray("GET") << QByteArray("Bearer");
    QTest::addRow("x-all, day") << ProviderKind::XAll << CountsGranularity::Day << u"/2/tweets/counts/all"_s
                                << QByteArray("GET") << QByteArray("Bearer");
    QTest::addRow("enterprise 30-day, hour")
        << ProviderKind::Enterprise30Day << CountsGranularity::Hour << u"/search/30day/accounts/acme/prod/counts.json"_s
        << QByteArray("POST") << QByteArray("Basic");
    QTest::addRow("enterprise full archive, day")
        << ProviderKind::EnterpriseFullArchive << CountsGranularity::Day
        << u"/search/fullarchive/accounts/acme/prod/counts.json"_s << QByteArray("POST") << QByteArray("Basic");
}

void TestCountsRequest::request()
{
    QFETCH(ProviderKind, kind);
    QFETCH(CountsGranularity, granularity);
    QFETCH(QString, path);
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, authScheme);

    QString error;
    const auto provider = SearchProvider::create(connectionFor(kind), &error);
    QVERIFY2(provider, qPrintable(error));
    QCOMPARE(counts::endpointPath(*provider), path);

    SearchOptions options;
    options.startTime = QDateTime(QDate(2024, 1, 15), QTime(8, 30), QTimeZone::utc());
    options.endTime = QDateTime(QDate(2024, 1, 16), QTime(0, 0), QTimeZone::utc());
    const QString query = u"cats +dogs #memes"_s;
    const PreparedRequest r = counts::buildRequest(*provider, query, granularity, options, u"tok+en/1"_s);
    QCOMPARE(r.verb, verb);
    QCOMPARE(r.request.url().path(), path);
    QVERIFY(r.request.rawHeader("Authorization").startsWith(QByteArray(authScheme + ' ')));

    if (verb == "GET") {
        const QUrlQuery items(r.request.url());
        QCOMPARE(items.queryItemValue(u"query"_s, QUrl::FullyDecoded), query);
        QCOMPARE(items.queryItemValue(u"granularity"_s), granularityName(granularity));
        QCOMPARE(items.queryItemValue(u"start_time"_s, QUrl::FullyDecoded), u"2024-01-15T08:30:00Z"_s);
        QCOMPARE(items.queryItemValue(u"end_time"_s, QUrl::FullyDecoded), u"2024-01-16T00:00:00Z"_s);
        QCOMPARE(items.queryItemValue(u"next_token"_s, QUrl::FullyDecoded), u"tok+en/1"_s);
        // Search-only parameters would be a 400 from the counts endpoint.
        QVERIFY(!items.hasQueryItem(u"max_results"_s));
        QVERIFY(!items.hasQueryItem(u"tweet.fields"_s));
        // '+' encoded: a server must not read it as a space.
        QVERIFY(r.request.url().toString(QUrl::FullyEncoded).contains(u"%2Bdogs"_s));
        QVERIFY(r.body.isEmpty());
    } else {
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(u"query"_s).toString(), query);
        QCOMPARE(body.value(u"bucket"_s).toString(), granularityName(granularity));
        QCOMPARE(body.value(u"fromDate"_s).toString(), u"202401150830"_s);
        QCOMPARE(body.value(u"toDate"_s).toString(), u"202401160000"_s);
        QCOMPARE(body.value(u"next"_s).toString(), u"tok+en/1"_s);
        QVERIFY(!body.contains(u"maxResults"_s)); // not a counts parameter: the API answers 422
        QVERIFY(r.request.url().query().isEmpty());
    }
    // Credentials travel in the header only.
    QVERIFY(!r.request.url().toString().contains(u"s3cr3t"_s));
    QVERIFY(!r.body.contains("s3cr3t"));
}

void TestCountsRequest::parse_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<CountsGranularity>("granularity");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QList<qint64>>("starts");
    QTest::addColumn<QList<qint64>>("ends");
    QTest::addColumn<QList<qint64>>("counts");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("next");
    QTest::addColumn<QString>("error"); ///< a part of the message, or empty for success

    const qint64 h0 = utcMs(u"2024-01-15T00:00:00Z"_s);
    const qint64 h1 = utcMs(u"2024-01-15T01:00:00Z"_s);
    const qint64 h2 = utcMs(u"2024-01-15T02:00:00Z"_s);
    QTest::addRow("v2 two hours, next token")
        << ProviderKind::XRecent << CountsGranularity::Hour
        << QByteArray(
               R"({"data":[{"start":"2024-01-15T00:00:00.000Z","end":"2024-01-15T01:00:00.000Z","tweet_count":1523},)"
               R"({"start":"2024-01-15T01:00:00.000Z","end":"2024-01-15T02:00:00.000Z","tweet_count":7}],)"
               R"("meta":{"total_tweet_count":1530,"next_token":"abc"}})")
        << QList<qint64> { h0, h1 } << QList<qint64> { h1, h2 } << QList<qint64> { 1523, 7 } << qint64(1530) << u"abc"_s
        << QString();
    QTest::addRow("v2 nothing matched: no data, meta only")
        << ProviderKind::XAll << CountsGranularity::Day << QByteArray(R"({"meta":{"total_tweet_count":0}})")
        << QList<qint64> {} << QList<qint64> {} << QList<qint64> {} << qint64(0) << QString() << QString();
    QTest::addRow("v2 without end: start + bucket length")
        << ProviderKind::Local << CountsGranularity::Minute
        << QByteArray(R"({"data":[{"start":"2024-01-15T00:00:00.000Z","tweet_count":2}],"meta":{}})")
        << QList<qint64> { h0 } << QList<qint64> { h0 + 60000 } << QList<qint64> { 2 } << qint64(-1) << QString()
        << QString();
    QTest::addRow("v2 truncated body") << ProviderKind::XAll << CountsGranularity::Hour
                                       << QByteArray(R"({"data":[{"start":"2024-01-15T00:00:00.000Z","tweet_co)")
                                       << QList<qint64> {} << QList<qint64> {} << QList<qint64> {} << qint64(-1)
                                       << QString() << u"unreadable counts response"_s;
    QTest::addRow("v2 bucket without count")
        << ProviderKind::XAll << CountsGranularity::Hour
        << QByteArray(R"({"data":[{"start":"2024-01-15T00:00:00.000Z"}],"meta":{}})") << QList<qint64> {}
        << QList<qint64> {} << QList<qint64> {} << qint64(-1) << QString() << u"tweet_count"_s;
    QTest::addRow("v2 a search page is not counts")
        << ProviderKind::XAll << CountsGranularity::Hour << QByteArray(R"([1,2])") << QList<qint64> {}
        << QList<qint64> {} << QList<qint64> {} << qint64(-1) << QString() << u"not a JSON object"_s;
    QTest::addRow("enterprise days with next")
        << ProviderKind::Enterprise30Day << CountsGranularity::Day
        << QByteArray(
               R"({"results":[{"timePeriod":"202401150000","count":32},{"timePeriod":"202401160000","count":0}],)"
               R"("totalCount":32,"next":"NTcx","requestParameters":{"bucket":"day"}})")
        << QList<qint64> { h0, h0 + 86400000 } << QList<qint64> { h0 + 86400000, h0 + 2 * 86400000 }
        << QList<qint64> { 32, 0 } << qint64(32) << u"NTcx"_s << QString();
    QTest::addRow("enterprise bad timePeriod")
        << ProviderKind::EnterpriseFullArchive << CountsGranularity::Hour
        << QByteArray(R"({"results":[{"timePeriod":"2024-01-15","count":3}]})") << QList<qint64> {} << QList<qint64> {}
        << QList<qint64> {} << qint64(-1) << QString() << u"timePeriod"_s;
    QTest::addRow("enterprise error body on 200")
        << ProviderKind::Enterprise30Day << CountsGranularity::Hour << QByteArray(R"({"error":{"message":"nope"}})")
        << QList<qint64> {} << QList<qint64> {} << QList<qint64> {} << qint64(-1) << QString()
        << u"no 'results' array"_s;
}

void TestCountsRequest::parse()
{
    QFETCH(ProviderKind, kind);
    QFETCH(CountsGranularity, granularity);
    QFETCH(QByteArray, body);
    QFETCH(QList<qint64>, starts);
    QFETCH(QList<qint64>, ends);
    QFETCH(QList<qint64>, counts);
    QFETCH(qint64, total);
    QFETCH(QString, next);
    QFETCH(QString, error);

    const CountsPage page = counts::parsePage(kind, body, granularity);
    if (!error.isEmpty()) {
        QVERIFY(!page.ok());
        QVERIFY2(page.error.contains(error), qPrintable(page.error));
        return;
    }
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.buckets.size(), starts.size());
    for (int i = 0; i < starts.size(); ++i) {
        QCOMPARE(page.buckets.at(i).startMs, starts.at(i));
        QCOMPARE(page.buckets.at(i).endMs, ends.at(i));
        QCOMPARE(page.buckets.at(i).count, counts.at(i));
    }
    QCOMPARE(page.total, total);
    QCOMPARE(page.nextToken, next);
}

QTEST_GUILESS_MAIN(TestCountsRequest)
#include "tst_countsrequest.moc"
