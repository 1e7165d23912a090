// SPDX-License-Identifier: MIT
// Providers as values: request building, limits, pre-send validation, error descriptions,
// and refusing configurations that would leak credentials.
#include "search/searchprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

using namespace ts::search;
using namespace Qt::StringLiterals;

namespace {

ConnectionConfig config(ProviderKind kind, const QString &base = {})
{
    ConnectionConfig c;
    c.provider = kind;
    c.baseUrl = QUrl(base);
    c.bearerToken = u"s3cr3t-bearer"_s;
    c.username = u"me@example.com"_s;
    c.password = u"s3cr3t-pass"_s;
    c.account = u"acme"_s;
    c.label = u"prod"_s;
    return c;
}

QString queryItem(const QUrl &url, const QString &key)
{
    // QUrlQuery leaves '+' alone; decode it the strict way.
    return QUrlQuery(url).queryItemValue(key, QUrl::FullyDecoded);
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestSearchProvider : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addRow("local") << int(ProviderKind::Local) << u"local"_s;
        QTest::addRow("x-recent") << int(ProviderKind::XRecent) << u"x-recent"_s;
        QTest::addRow("x-all") << int(ProviderKind::XAll) << u"x-all"_s;
        QTest::addRow("enterprise-30day") << int(ProviderKind::Enterprise30Day) << u"enterprise-30day"_s;
        QTest::addRow("enterprise-fullarchive")
            << int(ProviderKind::EnterpriseFullArchive) << u"enterprise-fullarchive"_s;
    }
    void names()
    {
        QFETCH(int, kind);
        QFETCH(QString, name);
        QCOMPARE(providerName(ProviderKind(kind)), name);
        QCOMPARE(providerFromName(name), std::optional<ProviderKind>(ProviderKind(kind)));
        QVERIFY(!providerFromName(u"twitter"_s));
    }

    void limits_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("maxResults");
        QTest::addColumn<int>("queryLength");
        QTest::addColumn<int>("windowRequests");
        QTest::addColumn<double>("perSecond");
        QTest::addRow("x-recent") << int(ProviderKind::XRecent) << 100 << 512 << 450 << 0.0;
        QTest::addRow("x-all") << int(ProviderKind::XAll) << 500 << 1024 << 300 << 1.0;
        QTest::addRow("enterprise") << int(ProviderKind::Enterprise30Day) << 500 << 2048 << 120 << 20.0;
        QTest::addRow("local") << int(ProviderKind::Local) << 500 << 1024 << 0 << 0.0;
    }
    void limits()
    {
        QFETCH(int, kind);
        QFETCH(int, maxResults);
        QFETCH(int, queryLength);
        QFETCH(int, windowRequests);
        QFETCH(double, perSecond);
        const ProviderLimits l = SearchProvider::limitsFor(ProviderKind(kind));
        QCOMPARE(l.minResults, 10);
        QCOMPARE(l.maxResults, maxResults);
        QCOMPARE(l.maxQueryLength, queryLength);
        QCOMPARE(l.windowRequests, windowRequests);
        QCOMPARE(l.perSecond, perSecond);
    }

    void v2Request_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("askedResults");
        QTest::addColumn<QString>("sentResults");
        QTest::addRow("recent") << int(ProviderKind::XRecent) << u"/2/tweets/search/recent"_s << 100 << u"100"_s;
        QTest::addRow("recent clamps 500")
            << int(ProviderKind::XRecent) << u"/2/tweets/search/recent"_s << 500 << u"100"_s;
        QTest::addRow("all keeps 500") << int(ProviderKind::XAll) << u"/2/tweets/search/all"_s << 500 << u"500"_s;
        QTest::addRow("all raises 5") << int(ProviderKind::XAll) << u"/2/tweets/search/all"_s << 5 << u"10"_s;
        QTest::addRow("local") << int(ProviderKind::Local) << u"/2/tweets/search/all"_s << 50 << u"50"_s;
    }
    void v2Request()
    {
        QFETCH(int, kind);
        QFETCH(QString, path);
        QFETCH(int, askedResults);
        QFETCH(QString, sentResults);
        QString error;
        const auto p = SearchProvider::create(config(ProviderKind(kind), u"http://127.0.0.1:8080"_s), &error);
        QVERIFY2(p, qPrintable(error));
        SearchOptions o;
        o.maxResults = askedResults;
        o.startTime = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC);
        o.endTime = QDateTime(QDate(2024, 2, 1), QTime(0, 0), Qt::UTC);
        o.transferTimeoutMs = 1234;
        const QString query = u"(c++ OR qt) lang:en -is:retweet \"a+b\" #Qt"_s;
        const PreparedRequest r = p->buildRequest(query, u"tok+/=1"_s, o);
        const QUrl url = r.request.url();
        QCOMPARE(r.verb, QByteArray("GET"));
        QCOMPARE(url.path(), path);
        QCOMPARE(queryItem(url, u"query"_s), query);
        // '+' travels as %2B: servers decode a raw '+' as a space.
        QVERIFY(!url.toEncoded().contains("c++"));
        QVERIFY(url.toEncoded().contains("c%2B%2B"));
        QCOMPARE(queryItem(url, u"max_results"_s), sentResults);
        QCOMPARE(queryItem(url, u"start_time"_s), u"2024-01-02T03:04:05Z"_s);
        QCOMPARE(queryItem(url, u"end_time"_s), u"2024-02-01T00:00:00Z"_s);
        QCOMPARE(queryItem(url, u"next_token"_s), u"tok+/=1"_s);
        QVERIFY(queryItem(url, u"expansions"_s).contains(u"author_id"_s));
        QVERIFY(queryItem(url, u"expansions"_s).contains(u"referenced_tweets.id"_s));
        QVERIFY(queryItem(url, u"tweet.fields"_s).contains(u"created_at"_s));
        QVERIFY(!queryItem(url, u"tweet.fields"_s).contains(u"context_annotations"_s));
        QVERIFY(queryItem(url, u"user.fields"_s).contains(u"username"_s));
        QCOMPARE(r.request.rawHeader("Authorization"), QByteArray("Bearer s3cr3t-bearer"));
        QVERIFY(!url.toEncoded().contains("s3cr3t")); // never in the URL
        QCOMPARE(r.request.transferTimeout(), 1234);
        QCOMPARE(r.request.attribute(QNetworkRequest::HttpPipeliningAllowedAttribute).toBool(), false);
    }

    void firstPageHasNoToken()
    {
        const auto p = SearchProvider::create(config(ProviderKind::Local, u"http://127.0.0.1:1"_s), nullptr);
        QVERIFY(p);
        const QUrl url = p->buildRequest(u"qt"_s, {}, {}).request.url();
        QVERIFY(!QUrlQuery(url).hasQueryItem(u"next_token"_s));
        QVERIFY(!QUrlQuery(url).hasQueryItem(u"start_time"_s));
    }

    void localWithoutToken()
    {
        auto c = config(ProviderKind::Local, u"http://127.0.0.1:9"_s);
        c.bearerToken.clear();
        const auto p = SearchProvider::create(c, nullptr);
        QVERIFY(p);
        QVERIFY(!p->buildRequest(u"qt"_s, {}, {}).request.hasRawHeader("Authorization"));
    }

    void enterpriseRequest_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("path");
        QTest::addRow("30day") << int(ProviderKind::Enterprise30Day) << u"/search/30day/accounts/acme/prod.json"_s;
        QTest::addRow("fullarchive") << int(ProviderKind::EnterpriseFullArchive)
                                     << u"/search/fullarchive/accounts/acme/prod.json"_s;
    }
    void enterpriseRequest()
    {
        QFETCH(int, kind);
        QFETCH(QString, path);
        QString error;
        const auto p = SearchProvider::create(config(ProviderKind(kind)), &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->baseUrl(), QUrl(u"https://gnip-api.x.com"_s));
        SearchOptions o;
        o.maxResults = 1000;
        o.startTime = QDateTime(QDate(2017, 7, 18), QTime(23, 25), Qt::UTC);
        o.endTime = QDateTime(QDate(2017, 8, 1), QTime(0, 0), Qt::UTC);
        const PreparedRequest r = p->buildRequest(u"snow has:media"_s, u"NTcx"_s, o);
        QCOMPARE(r.verb, QByteArray("POST"));
        QCOMPARE(r.request.url().path(), path);
        QVERIFY(r.request.url().query().isEmpty());
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(u"query"_s).toString(), u"snow has:media"_s);
        QCOMPARE(body.value(u"maxResults"_s).toInt(), 500);
        QCOMPARE(body.value(u"fromDate"_s).toString(), u"201707182325"_s);
        QCOMPARE(body.value(u"toDate"_s).toString(), u"201708010000"_s);
        QCOMPARE(body.value(u"next"_s).toString(), u"NTcx"_s);
        QCOMPARE(r.request.rawHeader("Authorization"), "Basic " + QByteArray("me@example.com:s3cr3t-pass").toBase64());
        QCOMPARE(r.request.header(QNetworkRequest::ContentTypeHeader).toString(), u"application/json"_s);
    }

    // Every provider's page size range lies within the one --max-results and the GUI's Tweets
    // per page take, and together they span it.
    void maxResultsBounds()
    {
        int lowest = 1000, highest = 0;
        for (const auto kind : { ProviderKind::Local, ProviderKind::XRecent, ProviderKind::XAll,
                 ProviderKind::Enterprise30Day, ProviderKind::EnterpriseFullArchive, ProviderKind::Bluesky }) {
            const ProviderLimits l = SearchProvider::limitsFor(kind);
            QVERIFY(l.minResults >= kMaxResultsFloor && l.maxResults <= kMaxResultsBound);
            lowest = std::min(lowest, l.minResults);
            highest = std::max(highest, l.maxResults);
        }
        QCOMPARE(lowest, kMaxResultsFloor);
        QCOMPARE(highest, kMaxResultsBound);
    }

    // The one rule of a second provider (CLI --compare-provider, GUI "Also run on"): the same
    // provider only at another base URL.
    void repeatsFirst_data()
    {
        QTest::addColumn<int>("first");
        QTest::addColumn<QString>("firstBase");
        QTest::addColumn<int>("second");
        QTest::addColumn<QString>("secondBase");
        QTest::addColumn<bool>("repeats");
        const int local = int(ProviderKind::Local), recent = int(ProviderKind::XRecent);
        QTest::addRow("another provider") << recent << QString() << int(ProviderKind::XAll) << QString() << false;
        QTest::addRow("embedded twice") << local << QString() << local << QString() << true;
        QTest::addRow("embedded and another archive")
            << local << QString() << local << u"http://127.0.0.1:8080"_s << false;
        QTest::addRow("a given archive, followed") << local << u"http://127.0.0.1:8080"_s << local << QString() << true;
        QTest::addRow("a given archive twice")
            << local << u"http://127.0.0.1:8080"_s << local << u"http://127.0.0.1:8080/"_s << true;
        QTest::addRow("two archives") << local << u"http://127.0.0.1:8080"_s << local << u"http://127.0.0.1:8081"_s
                                      << false;
        QTest::addRow("localhost is another host")
            << local << u"http://127.0.0.1:8080"_s << local << u"http://localhost:8080"_s << false;
        QTest::addRow("public host twice") << recent << QString() << recent << QString() << true;
        QTest::addRow("public host spelled out")
            << recent << QString() << recent << u"HTTPS://API.X.COM:443/"_s << true;
        QTest::addRow("default port") << recent << u"http://127.0.0.1:80"_s << recent << u"http://127.0.0.1"_s << true;
        QTest::addRow("staging") << recent << QString() << recent << u"https://staging.example"_s << false;
        QTest::addRow("another path") << recent << u"https://proxy.example/a"_s << recent
                                      << u"https://proxy.example/b"_s << false;
    }
    void repeatsFirst()
    {
        QFETCH(int, first);
        QFETCH(QString, firstBase);
        QFETCH(int, second);
        QFETCH(QString, secondBase);
        QFETCH(bool, repeats);
        QCOMPARE(
            SearchProvider::repeatsFirst(ProviderKind(first), QUrl(firstBase), ProviderKind(second), QUrl(secondBase)),
            repeats);
    }

    void defaultHosts()
    {
        const auto p = SearchProvider::create(config(ProviderKind::XRecent), nullptr);
        QVERIFY(p);
        QCOMPARE(p->baseUrl(), QUrl(u"https://api.x.com"_s));
    }

    void refusedConfigurations_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("drop");
        QTest::addColumn<QString>("errorContains");
        QTest::addRow("plain http remote")
            << int(ProviderKind::XRecent) << u"http://api.example.com"_s << QString() << u"plain http"_s;
        QTest::addRow("plain http remote enterprise")
            << int(ProviderKind::Enterprise30Day) << u"http://10.0.0.1:80"_s << QString() << u"plain http"_s;
        QTest::addRow("local without base") << int(ProviderKind::Local) << QString() << QString() << u"base URL"_s;
        QTest::addRow("ftp") << int(ProviderKind::Local) << u"ftp://127.0.0.1"_s << QString() << u"invalid base URL"_s;
        QTest::addRow("userinfo") << int(ProviderKind::XAll) << u"https://u:p@api.x.com"_s << QString()
                                  << u"credentials do not belong"_s;
        QTest::addRow("x without token") << int(ProviderKind::XAll) << QString() << u"token"_s << u"bearer token"_s;
        QTest::addRow("enterprise without password")
            << int(ProviderKind::EnterpriseFullArchive) << QString() << u"password"_s << u"password"_s;
        QTest::addRow("enterprise without label")
            << int(ProviderKind::Enterprise30Day) << QString() << u"label"_s << u"--label"_s;
    }
    void refusedConfigurations()
    {
        QFETCH(int, kind);
        QFETCH(QString, base);
        QFETCH(QString, drop);
        QFETCH(QString, errorContains);
        auto c = config(ProviderKind(kind), base);
        if (drop == u"token"_s)
            c.bearerToken.clear();
        if (drop == u"password"_s)
            c.password.clear();
        if (drop == u"label"_s)
            c.label.clear();
        QString error;
        QVERIFY(!SearchProvider::create(c, &error));
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        QVERIFY(!error.contains(u"s3cr3t"_s));
    }

    void loopbackMayUsePlainHttp_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addRow("127.0.0.1") << u"http://127.0.0.1:5000"_s;
        QTest::addRow("127.1.2.3") << u"http://127.1.2.3:5000"_s;
        QTest::addRow("localhost") << u"http://localhost:5000"_s;
        QTest::addRow("::1") << u"http://[::1]:5000"_s;
    }
    void loopbackMayUsePlainHttp()
    {
        QFETCH(QString, base);
        QString error;
        QVERIFY2(SearchProvider::create(config(ProviderKind::XRecent, base), &error), qPrintable(error));
    }

    void queryValidation_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("ok");
        QTest::addRow("recent 512") << int(ProviderKind::XRecent) << 512 << true;
        QTest::addRow("recent 513") << int(ProviderKind::XRecent) << 513 << false;
        QTest::addRow("all 1024") << int(ProviderKind::XAll) << 1024 << true;
        QTest::addRow("all 1025") << int(ProviderKind::XAll) << 1025 << false;
        QTest::addRow("enterprise 2048") << int(ProviderKind::Enterprise30Day) << 2048 << true;
        QTest::addRow("enterprise 2049") << int(ProviderKind::Enterprise30Day) << 2049 << false;
        QTest::addRow("empty") << int(ProviderKind::XAll) << 0 << false;
    }
    void queryValidation()
    {
        QFETCH(int, kind);
        QFETCH(int, length);
        QFETCH(bool, ok);
        const auto p = SearchProvider::create(config(ProviderKind(kind)), nullptr);
        QVERIFY(p);
        const QString problem = p->validateQuery(QString(length, u'a'));
        QCOMPARE(problem.isEmpty(), ok);
        if (!ok && length > 0)
            QVERIFY2(problem.contains(QString::number(p->limits().maxQueryLength)), qPrintable(problem));
    }

    void describeError_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        const QJsonObject invalid {
            { u"errors"_s,
                QJsonArray {
                    QJsonObject { { u"parameters"_s, QJsonObject { { u"query"_s, QJsonArray { u"a OR"_s } } } },
                        { u"message"_s,
                            u"There were errors processing your request: missing EOF at "
                            u"')' (at position 5)"_s } } } },
            { u"title"_s, u"Invalid Request"_s },
            { u"detail"_s, u"One or more parameters to your request was invalid."_s },
            { u"type"_s, u"https://api.twitter.com/2/problems/invalid-request"_s }
        };
        QTest::addRow("v2 400") << 400 << json(invalid)
                                << u"Invalid Request: One or more parameters to your request was invalid. (There "
                                   u"were errors processing your request: missing EOF at ')' (at position 5))"_s;
        QTest::addRow("401") << 401
                             << json({ { u"title"_s, u"Unauthorized"_s }, { u"type"_s, u"about:blank"_s },
                                    { u"status"_s, 401 }, { u"detail"_s, u"Unauthorized"_s } })
                             << u"Unauthorized"_s;
        QTest::addRow("429") << 429
                             << json({ { u"title"_s, u"Too Many Requests"_s }, { u"detail"_s, u"Too Many Requests"_s },
                                    { u"type"_s, u"about:blank"_s }, { u"status"_s, 429 } })
                             << u"Too Many Requests"_s;
        QTest::addRow("enterprise 422") << 422
                                        << json({ { u"error"_s,
                                               QJsonObject { { u"message"_s, u"Invalid rule"_s },
                                                   { u"sent"_s, u"2020-02-15T20:53:54+00:00"_s } } } })
                                        << u"HTTP 422 Unprocessable Entity (Invalid rule)"_s;
        QTest::addRow("not json") << 502 << QByteArray("<html>Bad gateway</html>") << u"HTTP 502 Bad Gateway"_s;
        QTest::addRow("empty") << 503 << QByteArray() << u"HTTP 503 Service Unavailable"_s;
    }
    void describeError()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        const QByteArray reasons[] = { "Unprocessable Entity", "Bad Gateway", "Service Unavailable" };
        QByteArray reason;
        if (status == 422)
            reason = reasons[0];
        else if (status == 502)
            reason = reasons[1];
        else if (status == 503)
            reason = reasons[2];
        QCOMPARE(SearchProvider::describeError(status, reason, body), expected);
    }

    // The runner reads each body with the parser's padding spare (readBody): the page is then
    // parsed where it is, and the tweets' rawJson point into the body instead of a copy.
    void paddedBodyIsParsedWithoutACopy()
    {
        const QByteArray page = QByteArrayLiteral(
            R"({"data":[{"id":"20","text":"just setting up my twttr","author_id":"12"}],)"
            R"("includes":{"users":[{"id":"12","username":"jack","name":"jack"}]},"meta":{"result_count":1}})");
        ts::TweetParser parser;
        for (const bool padded : { true, false }) {
            QByteArray body;
            if (padded)
                body.reserve(page.size() + ts::TweetParser::padding);
            body.append(page);
            body.squeeze();
            if (padded)
                body.reserve(page.size() + ts::TweetParser::padding);
            const PageData result = SearchProvider::parsePage(body, parser);
            QVERIFY(result.ok());
            QCOMPARE(result.tweets.size(), 1);
            QCOMPARE(result.tweets.first().authorUsername, QStringLiteral("jack"));
            const char *raw = result.tweets.first().rawJson.constData();
            const bool inBody = raw >= body.constData() && raw < body.constData() + body.size();
            QCOMPARE(inBody, padded);
        }
    }

    void unreadableBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("truncated") << QByteArray("{\"data\":[{\"id\":\"1\",\"text\":\"hel");
        QTest::addRow("not json") << QByteArray("<html>");
    }
    void unreadableBodies()
    {
        QFETCH(QByteArray, body);
        ts::TweetParser parser;
        const PageData page = SearchProvider::parsePage(body, parser);
        QVERIFY(!page.ok());
        QVERIFY(page.tweets.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSearchProvider)
#include "tst_searchprovider.moc"
