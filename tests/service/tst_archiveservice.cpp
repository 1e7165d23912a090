// SPDX-License-Identifier: MIT
// The local archive service over real HTTP on 127.0.0.1: endpoints, parameters,
// pagination, error bodies (docs/api-shapes.md), counts and the Enterprise shapes.
#include "archive/service/localarchiveserver.h"
#include "servicetestutil.h"

#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using Params = QList<QPair<QString, QString>>;

using namespace servicetest;
using namespace ts::archive;

class TestArchiveService : public ServedArchiveTest
{
    Q_OBJECT

private:
    QUrl url(const QString &path, const QList<QPair<QString, QString>> &params = {}) const
    {
        return apiUrl(m_server->baseUrl(), path, params);
    }
    // Ids of the tweets whose text has `word`, in [startMs, endMs), newest first.
    QStringList expectedIds(const QString &word, qint64 startMs, qint64 endMs) const
    {
        QList<const ts::Tweet *> hits;
        for (const ts::Tweet &t : m_tweets) {
            if (t.text.contains(word, Qt::CaseInsensitive) && t.createdAtMs >= startMs && t.createdAtMs < endMs)
                hits.append(&t);
        }
        std::sort(hits.begin(), hits.end(),
            [](const ts::Tweet *a, const ts::Tweet *b) { return a->createdAtMs > b->createdAtMs; });
        QStringList ids;
        for (const ts::Tweet *t : hits)
            ids << t->id;
        return ids;
    }
    // Follows next_token (or pagination_token) to the end; returns the ids in order.
    QStringList allPages(
        const QString &path, QList<QPair<QString, QString>> params, const QString &tokenName, int *pages = nullptr)
    {
        QStringList ids;
        QString token;
        int n = 0;
        do {
            auto p = params;
            if (!token.isEmpty())
                p.append({ tokenName, token });
            const HttpResult r = get(m_nam, url(path, p));
            if (r.status != 200) {
                qWarning() << r.status << r.body;
                return {};
            }
            const QJsonObject o = r.json();
            const QJsonArray data = o.value(u"data"_s).toArray();
            for (const auto &v : data)
                ids << v.toObject().value(u"id"_s).toString();
            const QJsonObject meta = o.value(u"meta"_s).toObject();
            if (meta.value(u"result_count"_s).toInt() != data.size())
                return {};
            token = meta.value(u"next_token"_s).toString();
            if (!token.isEmpty() && data.isEmpty())
                return {}; // an empty page must not carry a next_token
            ++n;
        } while (!token.isEmpty() && n < 200);
        if (pages)
            *pages = n;
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(serve(u"a.sqlite"_s, corpus(), &error), qPrintable(error));
        QCOMPARE(m_server->baseUrl().host(), u"127.0.0.1"_s);
        QVERIFY(m_server->port() > 0);
    }

    void health()
    {
        const HttpResult r = get(m_nam, url(u"/healthz"_s));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(r.json().value(u"tweets"_s).toInteger(), m_tweets.size());
        QVERIFY(r.header("content-type").startsWith("application/json"));
    }

    void paginationToTheEnd_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("maxResults");
        QTest::addColumn<QString>("tokenName");
        QTest::addColumn<bool>("wholeArchive");
        QTest::addRow("recent, 10, next_token") << u"/2/tweets/search/recent"_s << 10 << u"next_token"_s << false;
        QTest::addRow("recent, 37, pagination_token")
            << u"/2/tweets/search/recent"_s << 37 << u"pagination_token"_s << false;
        QTest::addRow("recent, 100") << u"/2/tweets/search/recent"_s << 100 << u"next_token"_s << false;
        QTest::addRow("all, 10, old tweets too") << u"/2/tweets/search/all"_s << 10 << u"next_token"_s << true;
        QTest::addRow("all, 500") << u"/2/tweets/search/all"_s << 500 << u"next_token"_s << true;
    }
    void paginationToTheEnd()
    {
        QFETCH(QString, path);
        QFETCH(int, maxResults);
        QFETCH(QString, tokenName);
        QFETCH(bool, wholeArchive);
        QList<QPair<QString, QString>> params { { u"query"_s, u"zebra"_s },
            { u"max_results"_s, QString::number(maxResults) } };
        qint64 start = NowMs - 7 * DayMs;
        if (wholeArchive) {
            start = NowMs - 20 * DayMs;
            params.append({ u"start_time"_s, u"2024-02-24T12:00:00Z"_s });
        }
        int pages = 0;
        const QStringList ids = allPages(path, params, tokenName, &pages);
        const QStringList expected = expectedIds(u"zebra"_s, start, NowMs);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size()); // no duplicates
        QCOMPARE(ids, expected); // no gaps, newest first
        QVERIFY(pages >= (expected.size() + maxResults - 1) / maxResults);
    }

    void sameTokenSamePage()
    {
        const QList<QPair<QString, QString>> p { { u"query"_s, u"zebra"_s }, { u"max_results"_s, u"10"_s } };
        const QString token
            = get(m_nam, url(u"/2/tweets/search/recent"_s, p)).json()[u"meta"_s][u"next_token"_s].toString();
        QVERIFY(!token.isEmpty());
        const HttpResult a = get(m_nam,
            url(u"/2/tweets/search/recent"_s, p + QList<QPair<QString, QString>> { { u"next_token"_s, token } }));
        const HttpResult b = get(m_nam,
            url(u"/2/tweets/search/recent"_s, p + QList<QPair<QString, QString>> { { u"pagination_token"_s, token } }));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.body, b.body);
    }

    void defaultPayload()
    {
        const HttpResult r = get(m_nam, url(u"/2/tweets/search/recent"_s, { { u"query"_s, u"eclipse"_s } }));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        const QJsonArray data = o[u"data"_s].toArray();
        QCOMPARE(data.size(), 10); // max_results defaults to 10
        for (const auto &v : data) {
            QStringList keys = v.toObject().keys();
            keys.sort();
            QCOMPARE(keys, (QStringList { u"edit_history_tweet_ids"_s, u"id"_s, u"text"_s }));
            QVERIFY(v.toObject()[u"id"_s].isString());
        }
        QVERIFY(!o.contains(u"includes"_s));
        const QJsonObject meta = o[u"meta"_s].toObject();
        QCOMPARE(meta[u"newest_id"_s].toString(), data.first()[u"id"_s].toString());
        QCOMPARE(meta[u"oldest_id"_s].toString(), data.last()[u"id"_s].toString());
        QCOMPARE(meta[u"result_count"_s].toInt(), 10);
        QVERIFY(r.header("content-type").startsWith("application/json"));
    }

    void fieldsAndExpansions_data()
    {
        QTest::addColumn<QString>("fieldsParam");
        QTest::addRow("tweet.fields") << u"tweet.fields"_s;
        QTest::addRow("post.fields (2026 name)") << u"post.fields"_s;
    }
    void fieldsAndExpansions()
    {
        QFETCH(QString, fieldsParam);
        const HttpResult r = get(m_nam,
            url(u"/2/tweets/search/recent"_s,
                { { u"query"_s, u"zebra"_s }, { u"max_results"_s, u"100"_s },
                    { fieldsParam,
                        u"created_at,author_id,public_metrics,entities,lang,conversation_id,referenced_tweets,geo,source"_s },
                    { u"expansions"_s, u"author_id,referenced_tweets.id,geo.place_id"_s },
                    { u"user.fields"_s, u"public_metrics,verified"_s } }));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        const QJsonArray data = o[u"data"_s].toArray();
        QVERIFY(data.size() > 20);
        QHash<QString, const ts::Tweet *> byId;
        for (const ts::Tweet &t : m_tweets)
            byId.insert(t.id, &t);
        int withRefs = 0;
        for (const auto &v : data) {
            const QJsonObject t = v.toObject();
            const ts::Tweet *src = byId.value(t[u"id"_s].toString());
            QVERIFY(src);
            QVERIFY(t[u"created_at"_s].toString().endsWith(u".000Z"_s));
            QCOMPARE(t[u"author_id"_s].toString(), src->authorId);
            QCOMPARE(t[u"lang"_s].toString(), src->lang);
            QCOMPARE(t[u"public_metrics"_s][u"like_count"_s].toInteger(), src->likeCount);
            QCOMPARE(t[u"source"_s].toString(), src->source);
            for (const auto &h : t[u"entities"_s][u"hashtags"_s].toArray()) {
                const QJsonObject ho = h.toObject();
                // start/end in code points point at "#tag" in the text
                const QList<uint> ucs4 = src->text.toUcs4();
                const QString at
                    = QString::fromUcs4(reinterpret_cast<const char32_t *>(ucs4.constData()) + ho[u"start"_s].toInt(),
                        ho[u"end"_s].toInt() - ho[u"start"_s].toInt());
                QCOMPARE(at, u"#"_s + ho[u"tag"_s].toString());
            }
            if (t.contains(u"referenced_tweets"_s))
                ++withRefs;
        }
        QVERIFY(withRefs > 0);
        // includes.users: one per author, deduplicated, with id/name/username and the asked fields
        const QJsonArray users = o[u"includes"_s][u"users"_s].toArray();
        QSet<QString> userIds;
        for (const auto &u : users) {
            const QJsonObject uo = u.toObject();
            QVERIFY(!userIds.contains(uo[u"id"_s].toString()));
            userIds.insert(uo[u"id"_s].toString());
            QVERIFY(uo.contains(u"name"_s) && uo.contains(u"username"_s) && uo.contains(u"verified"_s));
            QVERIFY(uo[u"public_metrics"_s][u"followers_count"_s].toInteger() > 0);
        }
        QCOMPARE(userIds.size(), 5);
        QVERIFY(!o[u"includes"_s][u"tweets"_s].toArray().isEmpty());
        QVERIFY(!o[u"includes"_s][u"places"_s].toArray().isEmpty());
    }

    void zeroHits()
    {
        const HttpResult r = get(m_nam, url(u"/2/tweets/search/recent"_s, { { u"query"_s, u"xylophone"_s } }));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QVERIFY(!o.contains(u"data"_s));
        QCOMPARE(o[u"meta"_s][u"result_count"_s].toInt(), 0);
        QVERIFY(!o[u"meta"_s].toObject().contains(u"next_token"_s));
    }

    void timeWindowInclusiveExclusive()
    {
        // The 3 zebra tweets from i = 300 on: start at i=300 (inclusive), end at i=309 (exclusive).
        const ts::Tweet &first = m_tweets[300];
        const ts::Tweet &last = m_tweets[309];
        const QStringList ids = allPages(u"/2/tweets/search/recent"_s,
            { { u"query"_s, u"zebra"_s }, { u"start_time"_s, rfc3339(first.createdAtMs) },
                { u"end_time"_s, rfc3339(last.createdAtMs) } },
            u"next_token"_s);
        QCOMPARE(ids, expectedIds(u"zebra"_s, first.createdAtMs, last.createdAtMs));
        QVERIFY(ids.contains(first.id)); // start_time is inclusive
        QVERIFY(!ids.contains(last.id)); // end_time is exclusive
        QCOMPARE(ids.size(), 4); // 300, 303, 306, and 307 (a retweet of 306)
    }

    void sinceAndUntilIdsAreExclusive()
    {
        const ts::Tweet &a = m_tweets[300];
        const ts::Tweet &b = m_tweets[312];
        const QStringList ids = allPages(u"/2/tweets/search/recent"_s,
            { { u"query"_s, u"zebra"_s }, { u"since_id"_s, a.id }, { u"until_id"_s, b.id } }, u"next_token"_s);
        QCOMPARE(ids, expectedIds(u"zebra"_s, a.createdAtMs + 1, b.createdAtMs));
        QVERIFY(!ids.contains(a.id) && !ids.contains(b.id));
        QCOMPARE(ids.size(), 4); // 303, 306, 307 (retweet of 306), 309
    }

    void plusIsASpace()
    {
        QUrl u = m_server->baseUrl();
        u.setPath(u"/2/tweets/search/recent"_s);
        u.setQuery(u"query=zebra+crossing&max_results=100"_s, QUrl::StrictMode);
        const HttpResult plus = get(m_nam, u);
        const HttpResult encoded = get(m_nam,
            url(u"/2/tweets/search/recent"_s, { { u"query"_s, u"zebra crossing"_s }, { u"max_results"_s, u"100"_s } }));
        QCOMPARE(plus.status, 200);
        QCOMPARE(plus.body, encoded.body);
        QVERIFY(plus.json()[u"meta"_s][u"result_count"_s].toInt() > 10);
    }

    void v2Errors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<Params>("params");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("message");
        const QString recent = u"/2/tweets/search/recent"_s;
        const QString all = u"/2/tweets/search/all"_s;
        using P = QList<QPair<QString, QString>>;
        QTest::addRow("max_results below 10")
            << recent << P { { u"query"_s, u"a"_s }, { u"max_results"_s, u"5"_s } } << u"max_results"_s
            << u"The `max_results` query parameter value [5] is not between 10 and 100"_s;
        QTest::addRow("max_results over 100 on recent")
            << recent << P { { u"query"_s, u"a"_s }, { u"max_results"_s, u"101"_s } } << u"max_results"_s
            << u"The `max_results` query parameter value [101] is not between 10 and 100"_s;
        QTest::addRow("max_results over 500 on all")
            << all << P { { u"query"_s, u"a"_s }, { u"max_results"_s, u"501"_s } } << u"max_results"_s
            << u"The `max_results` query parameter value [501] is not between 10 and 500"_s;
        QTest::addRow("context_annotations caps all at 100")
            << all
            << P { { u"query"_s, u"a"_s }, { u"max_results"_s, u"200"_s },
                   { u"tweet.fields"_s, u"context_annotations"_s } }
            << u"max_results"_s
            << u"when requesting `tweet.fields=context_annotations` `max_results` must be less than or equal to `100`"_s;
        QTest::addRow("no query") << recent << P {} << u"query"_s << u"The `query` query parameter can not be empty"_s;
        QTest::addRow("unknown parameter") << recent << P { { u"query"_s, u"a"_s }, { u"color"_s, u"red"_s } }
                                           << u"color"_s << u"The query parameter [color] is not one of [query,"_s;
        QTest::addRow("bad start_time") << recent << P { { u"query"_s, u"a"_s }, { u"start_time"_s, u"yesterday"_s } }
                                        << u"start_time"_s << u"Invalid 'start_time':'yesterday'."_s;
        QTest::addRow("recent start_time older than 7 days")
            << recent << P { { u"query"_s, u"a"_s }, { u"start_time"_s, u"2024-03-01T00:00:00Z"_s } } << u"start_time"_s
            << u"'start_time' must be on or after 2024-03-08T12:00:00.000Z"_s;
        QTest::addRow("start after end") << all
                                         << P { { u"query"_s, u"a"_s }, { u"start_time"_s, u"2024-03-10T00:00:00Z"_s },
                                                { u"end_time"_s, u"2024-03-09T00:00:00Z"_s } }
                                         << u"start_time"_s << u"'start_time' must be before 'end_time'"_s;
        QTest::addRow("bad since_id") << recent << P { { u"query"_s, u"a"_s }, { u"since_id"_s, u"12ab"_s } }
                                      << u"since_id"_s
                                      << u"The `since_id` query parameter value [12ab] does not match ^[0-9]{1,19}$"_s;
        QTest::addRow("bad sort_order")
            << recent << P { { u"query"_s, u"a"_s }, { u"sort_order"_s, u"oldest"_s } } << u"sort_order"_s
            << u"The `sort_order` query parameter value [oldest] is not one of [recency,relevancy]"_s;
        QTest::addRow("bad tweet.fields")
            << recent << P { { u"query"_s, u"a"_s }, { u"tweet.fields"_s, u"text,colour"_s } } << u"tweet.fields"_s
            << u"The `tweet.fields` query parameter value [colour] is not one of ["_s;
        QTest::addRow("bad expansions") << recent << P { { u"query"_s, u"a"_s }, { u"expansions"_s, u"friends"_s } }
                                        << u"expansions"_s
                                        << u"The `expansions` query parameter value [friends] is not one of ["_s;
        QTest::addRow("invalid query") << recent << P { { u"query"_s, u"zebra)"_s } } << u"query"_s
                                       << u"There were errors processing your request: "_s;
        // Times the archive's order keys cannot hold gave an empty page; now the API's 400.
        QTest::addRow("start_time before 2006")
            << all << P { { u"query"_s, u"a"_s }, { u"start_time"_s, u"1900-01-01T00:00:00Z"_s } } << u"start_time"_s
            << u"Invalid 'start_time':'1900-01-01T00:00:00Z'. 'start_time' must be on or after 2006-03-21T00:00Z"_s;
        QTest::addRow("end_time past 2079")
            << all << P { { u"query"_s, u"a"_s }, { u"end_time"_s, u"2090-01-01T00:00:00Z"_s } } << u"end_time"_s
            << u"Invalid 'end_time':'2090-01-01T00:00:00Z'. 'end_time' must be on or before 2079-12-31T23:59:59Z"_s;
        QTest::addRow("counts end_time past 2079")
            << u"/2/tweets/counts/all"_s << P { { u"query"_s, u"a"_s }, { u"end_time"_s, u"9999-01-01T00:00:00Z"_s } }
            << u"end_time"_s << u"'end_time' must be on or before 2079-12-31T23:59:59Z"_s;
        QTest::addRow("query nested too deep")
            << all
            << P { { u"query"_s,
                   u"a (b OR (c (d OR (e (f OR (g (h OR (i (j OR (k (l OR (m (n OR (o (p OR (q (r OR s)))))))))))))))))"_s } }
            << u"query"_s
            << u"Groups are nested too deeply: at most 16 levels of alternating AND and OR groups are "
               "supported (at position 72)"_s;
        QTest::addRow("query over 512 on recent") << recent << P { { u"query"_s, QString(513, u'a') } } << u"query"_s
                                                  << u"There were errors processing your request: "_s;
    }
    void v2Errors()
    {
        QFETCH(QString, path);
        QFETCH(Params, params);
        QFETCH(QString, parameter);
        QFETCH(QString, message);
        const HttpResult r = get(m_nam, url(path, params));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.reason, QByteArray("Bad Request"));
        QVERIFY(r.header("content-type").startsWith("application/problem+json"));
        const QJsonObject o = r.json();
        QCOMPARE(o[u"title"_s].toString(), u"Invalid Request"_s);
        QCOMPARE(o[u"detail"_s].toString(), u"One or more parameters to your request was invalid."_s);
        QCOMPARE(o[u"type"_s].toString(), u"https://api.twitter.com/2/problems/invalid-request"_s);
        QVERIFY(!o.contains(u"code"_s) && !o.contains(u"message"_s));
        const QJsonObject e = o[u"errors"_s][0].toObject();
        QVERIFY2(e[u"parameters"_s].toObject().contains(parameter), r.body.constData());
        QVERIFY2(e[u"message"_s].toString().contains(message), qPrintable(e[u"message"_s].toString()));
        if (message.startsWith(u"There were errors processing"_s))
            QVERIFY2(e[u"message"_s].toString().contains(u"(at position "_s), r.body.constData());
    }

    void queryLengthLimitPerEndpoint()
    {
        // 600 characters: over the 512 of recent, within the 1024 of all.
        QString q = u"zebra"_s;
        while (q.size() < 600)
            q += u" OR zebra"_s;
        QCOMPARE(get(m_nam, url(u"/2/tweets/search/recent"_s, { { u"query"_s, q } })).status, 400);
        QCOMPARE(get(m_nam, url(u"/2/tweets/search/all"_s, { { u"query"_s, q } })).status, 200);
    }

    void unknownPathAndWrongMethod_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");
        QTest::addRow("unknown v2 path") << QByteArray("GET") << u"/2/tweets/search/everything"_s << 404
                                         << QByteArray("Not Found");
        QTest::addRow("unknown root path") << QByteArray("GET") << u"/favicon.ico"_s << 404 << QByteArray("Not Found");
        QTest::addRow("POST on v2 search")
            << QByteArray("POST") << u"/2/tweets/search/recent"_s << 405 << QByteArray("Method Not Allowed");
        QTest::addRow("DELETE on enterprise") << QByteArray("DELETE") << u"/search/30day/accounts/a/dev.json"_s << 405
                                              << QByteArray("Method Not Allowed");
    }
    void unknownPathAndWrongMethod()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QByteArray, reason);
        const HttpResult r = send(m_nam, verb, url(path, { { u"query"_s, u"a"_s } }), {}, verb == "POST" ? "{}" : "");
        QCOMPARE(r.status, status);
        QCOMPARE(r.reason, reason);
        QVERIFY2(!r.json().isEmpty(), r.body.constData()); // every non-2xx has a JSON body
        if (status == 405)
            QVERIFY(!r.header("allow").isEmpty());
    }

    void v2Counts_data()
    {
        QTest::addColumn<QString>("granularity");
        QTest::addColumn<int>("buckets");
        QTest::addRow("default hour") << QString() << 7 * 24;
        QTest::addRow("day (first and last clipped)") << u"day"_s << 8;
        QTest::addRow("minute") << u"minute"_s << 7 * 24 * 60;
    }
    void v2Counts()
    {
        QFETCH(QString, granularity);
        QFETCH(int, buckets);
        QList<QPair<QString, QString>> p { { u"query"_s, u"zebra"_s } };
        if (!granularity.isEmpty())
            p.append({ u"granularity"_s, granularity });
        const HttpResult r = get(m_nam, url(u"/2/tweets/counts/recent"_s, p));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        const QJsonArray data = o[u"data"_s].toArray();
        QCOMPARE(data.size(), buckets);
        qint64 sum = 0;
        for (const auto &b : data)
            sum += b[u"tweet_count"_s].toInteger();
        const qint64 expected = expectedIds(u"zebra"_s, NowMs - 7 * DayMs, NowMs).size();
        QCOMPARE(sum, expected);
        QCOMPARE(o[u"meta"_s][u"total_tweet_count"_s].toInteger(), expected);
        QCOMPARE(data.first()[u"start"_s].toString(), u"2024-03-08T12:00:00.000Z"_s);
    }

    void enterpriseData_data()
    {
        QTest::addColumn<bool>("post");
        QTest::addColumn<QString>("product");
        QTest::addRow("POST 30day") << true << u"30day"_s;
        QTest::addRow("GET fullarchive") << false << u"fullarchive"_s;
    }
    void enterpriseData()
    {
        QFETCH(bool, post);
        QFETCH(QString, product);
        const QString path = u"/search/%1/accounts/acme/dev.json"_s.arg(product);
        QStringList ids;
        QString next;
        int pages = 0;
        do {
            HttpResult r;
            if (post) {
                QJsonObject body { { u"query"_s, u"zebra"_s }, { u"maxResults"_s, u"10"_s },
                    { u"fromDate"_s, u"202402240000"_s } };
                if (!next.isEmpty())
                    body.insert(u"next"_s, next);
                r = send(m_nam, "POST", url(path), {}, QJsonDocument(body).toJson());
            } else {
                QList<QPair<QString, QString>> p { { u"query"_s, u"zebra"_s }, { u"maxResults"_s, u"10"_s },
                    { u"fromDate"_s, u"202402240000"_s } };
                if (!next.isEmpty())
                    p.append({ u"next"_s, next });
                r = get(m_nam, url(path, p));
            }
            QCOMPARE(r.status, 200);
            const QJsonObject o = r.json();
            QCOMPARE(o[u"requestParameters"_s][u"maxResults"_s].toInt(), 10);
            QCOMPARE(o[u"requestParameters"_s][u"fromDate"_s].toString(), u"202402240000"_s);
            QCOMPARE(o[u"requestParameters"_s][u"toDate"_s].toString(), u"202403151200"_s);
            for (const auto &a : o[u"results"_s].toArray()) {
                const QJsonObject ao = a.toObject();
                QVERIFY(ao[u"id"_s].toString().startsWith(u"tag:search.twitter.com,2005:"_s));
                QCOMPARE(ao[u"objectType"_s].toString(), u"activity"_s);
                QVERIFY(ao[u"actor"_s][u"id"_s].toString().startsWith(u"id:twitter.com:"_s));
                ids << ao[u"id"_s].toString().section(u':', -1);
            }
            next = o[u"next"_s].toString();
            ++pages;
        } while (!next.isEmpty() && pages < 100);
        QCOMPARE(ids, expectedIds(u"zebra"_s, NowMs - 20 * DayMs, NowMs));
    }

    void enterpriseMaxResultsAsNumberOrString()
    {
        for (const QJsonValue &v : { QJsonValue(25), QJsonValue(u"25"_s) }) {
            const QJsonObject body { { u"query"_s, u"zebra"_s }, { u"maxResults"_s, v } };
            const HttpResult r
                = send(m_nam, "POST", url(u"/search/30day/accounts/acme/dev.json"_s), {}, QJsonDocument(body).toJson());
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json()[u"results"_s].toArray().size(), 25);
        }
    }

    void enterpriseCounts()
    {
        const QJsonObject body { { u"query"_s, u"zebra"_s }, { u"bucket"_s, u"day"_s },
            { u"fromDate"_s, u"202403080000"_s }, { u"toDate"_s, u"202403151200"_s } };
        const HttpResult r = send(
            m_nam, "POST", url(u"/search/30day/accounts/acme/dev/counts.json"_s), {}, QJsonDocument(body).toJson());
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        const QJsonArray results = o[u"results"_s].toArray();
        QCOMPARE(results.size(), 8);
        QCOMPARE(results.first()[u"timePeriod"_s].toString(), u"202403080000"_s);
        const qint64 expected = expectedIds(u"zebra"_s, NowMs - 7 * DayMs - 12 * 3600000LL, NowMs).size();
        QCOMPARE(o[u"totalCount"_s].toInteger(), expected);
        QCOMPARE(o[u"requestParameters"_s][u"bucket"_s].toString(), u"day"_s);
    }

    void enterpriseErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addRow("not JSON") << QByteArray("{query: zebra") << 400
                                  << u"There were errors processing your request: Invalid json, could not parse."_s;
        QTest::addRow("maxResults too small")
            << QByteArray(R"({"query":"zebra","maxResults":5})") << 422 << u"maxResults"_s;
        QTest::addRow("maxResults not a number")
            << QByteArray(R"({"query":"zebra","maxResults":"many"})") << 422 << u"maxResults"_s;
        QTest::addRow("bad fromDate") << QByteArray(R"({"query":"zebra","fromDate":"2024-03-01"})") << 422
                                      << u"fromDate"_s;
        QTest::addRow("invalid rule") << QByteArray("{\"query\":\"zebra)\"}") << 422 << u"(at position "_s;
        QTest::addRow("no query") << QByteArray(R"({"maxResults":10})") << 422 << u"query"_s;
        QTest::addRow("fromDate before 2006") << QByteArray(R"({"query":"zebra","fromDate":"190001010000"})") << 422
                                              << u"fromDate '190001010000' must be between 200603210000 and "_s;
        QTest::addRow("toDate past 2079") << QByteArray(R"({"query":"zebra","toDate":"209001010000"})") << 422
                                          << u"toDate '209001010000' must be between 200603210000 and "_s;
    }
    void enterpriseErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        const HttpResult r = send(m_nam, "POST", url(u"/search/fullarchive/accounts/acme/dev.json"_s), {}, body);
        QCOMPARE(r.status, status);
        const QJsonObject e = r.json()[u"error"_s].toObject();
        QVERIFY2(e[u"message"_s].toString().contains(message), r.body.constData());
        QVERIFY(!e[u"sent"_s].toString().isEmpty());
        QVERIFY(!e[u"transactionId"_s].toString().isEmpty());
    }

    void oversizedRequestsAreRefused()
    {
        const HttpResult longUrl = get(m_nam, url(u"/2/tweets/search/all"_s, { { u"query"_s, QString(20000, u'a') } }));
        QCOMPARE(longUrl.status, 414);
        QVERIFY(!longUrl.json().isEmpty());
        const HttpResult bigBody
            = send(m_nam, "POST", url(u"/search/30day/accounts/a/dev.json"_s), {}, QByteArray(2 << 20, ' ') + "{}");
        QCOMPARE(bigBody.status, 413);
        QVERIFY(!bigBody.json().isEmpty());
        QCOMPARE(get(m_nam, url(u"/healthz"_s)).status, 200); // and it goes on serving
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestArchiveService)
#include "tst_archiveservice.moc"
