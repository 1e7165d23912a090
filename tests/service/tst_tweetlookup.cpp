// SPDX-License-Identifier: MIT
// Tweet lookup on the local archive over real HTTP on 127.0.0.1: GET /2/tweets?ids= and
// GET /2/tweets/:id in the X API v2 shapes (docs/api-shapes.md, "Tweet lookup"): data in request
// order, includes as search gives them, one "Not Found Error" per missing id, the real 400s for
// bad ids, and the same rate-limit headers, faults and latency as search.
#include "archive/service/localarchiveserver.h"
#include "servicetestutil.h"

#include <QJsonArray>
#include <QTest>

using namespace servicetest;
using namespace ts::archive;

class TestTweetLookup : public ServedArchiveTest
{
    Q_OBJECT

private:
    /// The fields and expansions the client sends (core/search/searchprovider.cpp).
    static QList<QPair<QString, QString>> clientFields()
    {
        return { { u"tweet.fields"_s,
                     u"attachments,author_id,conversation_id,created_at,entities,geo,id,in_reply_to_user_id,lang,"
                     "public_metrics,referenced_tweets,source,text"_s },
            { u"expansions"_s,
                u"author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys,geo.place_id"_s },
            { u"user.fields"_s, u"created_at,description,id,location,name,public_metrics,username,verified"_s },
            { u"media.fields"_s, u"media_key,preview_image_url,type,url"_s },
            { u"place.fields"_s, u"country_code,full_name,geo,id,name,place_type"_s } };
    }
    HttpResult lookup(const QString &ids, QList<QPair<QString, QString>> params = clientFields())
    {
        params.prepend({ u"ids"_s, ids });
        return get(m_nam, apiUrl(m_server->baseUrl(), u"/2/tweets"_s, params));
    }
    static QStringList dataIds(const QJsonObject &o)
    {
        QStringList ids;
        for (const auto &v : o.value(u"data"_s).toArray())
            ids << v.toObject().value(u"id"_s).toString();
        return ids;
    }
    /// An id the archive does not hold (larger than any of the corpus).
    static QString unknownId(int n) { return u"1999999999999999%1"_s.arg(n, 3, 10, QLatin1Char('0')); }
    /// The 400 shape every parameter error of the service has, about `parameter`.
    static void verifyInvalidRequest(const HttpResult &r, const QString &parameter, const QString &messagePart)
    {
        QCOMPARE(r.status, 400);
        QVERIFY(r.header("content-type").startsWith("application/problem+json"));
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"title"_s).toString(), u"Invalid Request"_s);
        QCOMPARE(o.value(u"detail"_s).toString(), u"One or more parameters to your request was invalid."_s);
        QCOMPARE(o.value(u"type"_s).toString(), u"https://api.twitter.com/2/problems/invalid-request"_s);
        const QJsonArray errors = o.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 1);
        const QJsonObject e = errors[0].toObject();
        QVERIFY2(e.value(u"parameters"_s).toObject().contains(parameter), r.body.constData());
        QVERIFY2(e.value(u"message"_s).toString().contains(messagePart), r.body.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(serve(u"lookup.sqlite"_s, corpus(), &error), qPrintable(error));
    }

    void foundIdsInRequestOrder()
    {
        const QStringList ids { m_tweets[300].id, m_tweets[5].id, m_tweets[150].id };
        const HttpResult r = lookup(ids.join(u','));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("application/json"));
        const QJsonObject o = r.json();
        QCOMPARE(dataIds(o), ids);
        QVERIFY2(!o.contains(u"errors"_s), r.body.constData());
        QVERIFY2(!o.contains(u"meta"_s), "a lookup answer has no meta");
        // includes.users for the author_id expansion: each author once.
        const QJsonArray users = o.value(u"includes"_s).toObject().value(u"users"_s).toArray();
        QVERIFY(!users.isEmpty());
        QSet<QString> authors;
        for (const auto &v : o.value(u"data"_s).toArray())
            authors.insert(v.toObject().value(u"author_id"_s).toString());
        QCOMPARE(qsizetype(users.size()), authors.size());
        const QJsonObject first = o.value(u"data"_s).toArray()[0].toObject();
        QCOMPARE(first.value(u"text"_s).toString(), m_tweets[300].text);
        QVERIFY(first.contains(u"created_at"_s) && first.contains(u"public_metrics"_s));
    }

    /// The same tweet, the same fields: lookup and search write it the same way.
    void sameTweetObjectsAsSearch()
    {
        const ts::Tweet &t = m_tweets[303]; // says "zebra"; the 6th newest that does
        QVERIFY(t.text.contains(u"zebra"_s));
        auto searchParams = clientFields();
        searchParams.prepend({ u"query"_s, u"zebra"_s });
        searchParams.append({ u"max_results"_s, u"10"_s });
        const HttpResult s = get(m_nam, apiUrl(m_server->baseUrl(), u"/2/tweets/search/recent"_s, searchParams));
        QCOMPARE(s.status, 200);
        QJsonObject fromSearch;
        for (const auto &v : s.json().value(u"data"_s).toArray()) {
            if (v.toObject().value(u"id"_s).toString() == t.id)
                fromSearch = v.toObject();
        }
        QVERIFY2(!fromSearch.isEmpty(), "the newest zebra tweet is on the first search page");
        const HttpResult l = lookup(t.id);
        QCOMPARE(l.status, 200);
        QCOMPARE(l.json().value(u"data"_s).toArray()[0].toObject(), fromSearch);
    }

    void missingIdsInTheErrorsArray()
    {
        const QString a = unknownId(1), b = unknownId(2);
        const HttpResult r = lookup(QStringList { m_tweets[10].id, a, m_tweets[11].id, b }.join(u','));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(dataIds(o), (QStringList { m_tweets[10].id, m_tweets[11].id }));
        const QJsonArray errors = o.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 2);
        const QJsonObject e = errors[0].toObject();
        // Exactly the keys and values of the real resource-not-found problem.
        QCOMPARE(e.keys().size(), 7);
        QCOMPARE(e.value(u"value"_s).toString(), a);
        QCOMPARE(e.value(u"detail"_s).toString(), u"Could not find tweet with ids: [%1]."_s.arg(a));
        QCOMPARE(e.value(u"title"_s).toString(), u"Not Found Error"_s);
        QCOMPARE(e.value(u"resource_type"_s).toString(), u"tweet"_s);
        QCOMPARE(e.value(u"parameter"_s).toString(), u"ids"_s);
        QCOMPARE(e.value(u"resource_id"_s).toString(), a);
        QCOMPARE(e.value(u"type"_s).toString(), u"https://api.twitter.com/2/problems/resource-not-found"_s);
        QCOMPARE(errors[1].toObject().value(u"resource_id"_s).toString(), b);
    }

    void nothingFound()
    {
        const HttpResult r = lookup(unknownId(3));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QVERIFY2(!o.contains(u"data"_s) && !o.contains(u"includes"_s), r.body.constData());
        QCOMPARE(o.value(u"errors"_s).toArray().size(), 1);
    }

    void duplicatesAnsweredOnce()
    {
        const QString id = m_tweets[42].id, gone = unknownId(4);
        const HttpResult r = lookup(QStringList { id, gone, id, gone }.join(u','));
        QCOMPARE(r.status, 200);
        QCOMPARE(dataIds(r.json()), QStringList { id });
        QCOMPARE(r.json().value(u"errors"_s).toArray().size(), 1);
    }

    void hundredIds()
    {
        QStringList ids;
        for (int i = 0; i < 100; ++i)
            ids << (i % 10 == 9 ? unknownId(100 + i) : m_tweets[i * 3].id);
        const HttpResult r = lookup(ids.join(u','));
        QCOMPARE(r.status, 200);
        QCOMPARE(dataIds(r.json()).size(), 90);
        QCOMPARE(r.json().value(u"errors"_s).toArray().size(), 10);
    }

    void oneTweetById()
    {
        const ts::Tweet &t = m_tweets[77];
        const HttpResult r = get(m_nam, apiUrl(m_server->baseUrl(), u"/2/tweets/"_s + t.id, clientFields()));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QVERIFY2(o.value(u"data"_s).isObject(), r.body.constData());
        QCOMPARE(o.value(u"data"_s).toObject().value(u"id"_s).toString(), t.id);
        QCOMPARE(o.value(u"includes"_s).toObject().value(u"users"_s).toArray().size(), 1);

        const HttpResult missing = get(m_nam, apiUrl(m_server->baseUrl(), u"/2/tweets/"_s + unknownId(5)));
        QCOMPARE(missing.status, 200);
        const QJsonObject e = missing.json().value(u"errors"_s).toArray()[0].toObject();
        QCOMPARE(e.value(u"parameter"_s).toString(), u"id"_s);
        QCOMPARE(e.value(u"detail"_s).toString(), u"Could not find tweet with id: [%1]."_s.arg(unknownId(5)));
        QVERIFY(!missing.json().contains(u"data"_s));
    }

    void badIds_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("query"); ///< raw query string
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("message");
        QTest::addRow("not a number") << u"/2/tweets"_s << u"ids=12,abc"_s << u"ids"_s
                                      << u"The `ids` query parameter value [abc] does not match ^[0-9]{1,19}$"_s;
        QTest::addRow("too long") << u"/2/tweets"_s << u"ids=12345678901234567890"_s << u"ids"_s << u"does not match"_s;
        QTest::addRow("empty item") << u"/2/tweets"_s << u"ids=12,,13"_s << u"ids"_s << u"value []"_s;
        QTest::addRow("empty") << u"/2/tweets"_s << u"ids="_s << u"ids"_s
                               << u"The `ids` query parameter can not be empty"_s;
        QTest::addRow("absent") << u"/2/tweets"_s << QString() << u"ids"_s << u"can not be empty"_s;
        QTest::addRow("unknown parameter")
            << u"/2/tweets"_s << u"ids=12&max_results=10"_s << u"max_results"_s << u"is not one of"_s;
        QTest::addRow("unknown field") << u"/2/tweets"_s << u"ids=12&tweet.fields=colour"_s << u"tweet.fields"_s
                                       << u"[colour]"_s;
        QTest::addRow("path id") << u"/2/tweets/abc"_s << QString() << u"id"_s
                                 << u"The `id` query parameter value [abc] does not match"_s;
        QTest::addRow("ids on the one-tweet path")
            << u"/2/tweets/12"_s << u"ids=12"_s << u"ids"_s << u"is not one of"_s;
        QStringList many;
        for (int i = 0; i < 101; ++i)
            many << QString::number(1000 + i);
        QTest::addRow("101 ids")
            << u"/2/tweets"_s << u"ids="_s + many.join(u"%2C"_s) << u"ids"_s
            << u"The number of values in the `ids` query parameter list [101] is not between 1 and 100"_s;
    }
    void badIds()
    {
        QFETCH(QString, path);
        QFETCH(QString, query);
        QFETCH(QString, parameter);
        QFETCH(QString, message);
        QUrl url = m_server->baseUrl();
        url.setPath(path);
        if (!query.isNull())
            url.setQuery(query, QUrl::StrictMode);
        verifyInvalidRequest(get(m_nam, url), parameter, message);
    }

    void onlyGet()
    {
        const HttpResult r = send(m_nam, "POST", apiUrl(m_server->baseUrl(), u"/2/tweets"_s), {}, "{}");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), QByteArray("GET"));
    }

    void rateLimitHeadersAndBudget()
    {
        const HttpResult r = lookup(m_tweets[1].id);
        QCOMPARE(r.status, 200);
        for (const char *h : { "x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset" })
            QVERIFY2(!r.header(h).isEmpty(), h);

        // With the X budgets, lookup has its own: 900 per 15 minutes, apart from search's.
        ServiceOptions o = ts::testing::testServiceOptions();
        o.nowMs = NowMs;
        o.xApiBudgets = true;
        QString error;
        const auto x = ts::testing::serveArchive(m_dir.filePath(u"lookup.sqlite"_s), o, &error);
        QVERIFY2(x, qPrintable(error));
        const HttpResult a = get(m_nam, apiUrl(x->baseUrl(), u"/2/tweets"_s, { { u"ids"_s, m_tweets[1].id } }));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.header("x-rate-limit-limit"), QByteArray("900"));
        QCOMPARE(a.header("x-rate-limit-remaining"), QByteArray("899"));
        const HttpResult s = get(m_nam, apiUrl(x->baseUrl(), u"/2/tweets/search/recent"_s, { { u"query"_s, u"a"_s } }));
        QCOMPARE(s.header("x-rate-limit-limit"), QByteArray("450"));
        QCOMPARE(s.header("x-rate-limit-remaining"), QByteArray("449"));
    }

    /// Faults and latency are drawn for lookups as for searches.
    void faultsAndLatency()
    {
        ServiceOptions o = ts::testing::testServiceOptions();
        o.nowMs = NowMs;
        QString error;
        o.faults = *FaultSpec::parse(u"503:1"_s, &error);
        auto faulty = ts::testing::serveArchive(m_dir.filePath(u"lookup.sqlite"_s), o, &error);
        QVERIFY2(faulty, qPrintable(error));
        const HttpResult r = get(m_nam, apiUrl(faulty->baseUrl(), u"/2/tweets"_s, { { u"ids"_s, m_tweets[1].id } }));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(u"title"_s).toString(), u"Service Unavailable"_s);

        o.faults = {};
        o.latency = *LatencyProfile::parse(u"fixed:150"_s, &error);
        auto slow = ts::testing::serveArchive(m_dir.filePath(u"lookup.sqlite"_s), o, &error);
        QVERIFY2(slow, qPrintable(error));
        const HttpResult l = get(m_nam, apiUrl(slow->baseUrl(), u"/2/tweets"_s, { { u"ids"_s, m_tweets[1].id } }));
        QCOMPARE(l.status, 200);
        QVERIFY2(l.elapsedMs >= 140, qPrintable(QString::number(l.elapsedMs)));
    }
};

QTEST_GUILESS_MAIN(TestTweetLookup)
#include "tst_tweetlookup.moc"
