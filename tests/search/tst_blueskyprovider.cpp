// SPDX-License-Identifier: MIT
// The Bluesky provider (docs/bluesky.md): the one query validator in its Bluesky dimension, the
// mapping to searchPosts parameters, and runs through SearchRunner and tweetscope-cli against
// the local archive on 127.0.0.1 (port 0): sign-in, an access token expiring mid-run, paging to
// the end, and the same queries on the X and the Bluesky shape of one archive.
#include "archive/blueskyquery.h"
#include "archive/service/blueskyapi.h"
#include "archive/service/localarchiveserver.h"
#include "search/searchprovider.h"
#include "search/searchrunner.h"
#include "testarchive.h"
#include "tweet/atproto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace ts::search;

namespace {

ConnectionConfig blueskyAt(const QUrl &base, const QString &password = u"app-password"_s)
{
    ConnectionConfig c;
    c.provider = ProviderKind::Bluesky;
    c.baseUrl = base;
    c.username = u"me.bsky.social"_s;
    c.password = password;
    return c;
}

struct Run
{
    QList<ts::Tweet> tweets;
    QHash<int, QStringList> idsByQuery;
    QList<RequestTiming> timings;
    QList<QueryResult> results;
    bool finished = false;
};

void watch(SearchRunner &runner, Run &run)
{
    QObject::connect(&runner, &SearchRunner::pageReceived, &runner, [&run](int qi, const QList<ts::Tweet> &tweets) {
        run.tweets += tweets;
        for (const ts::Tweet &t : tweets)
            run.idsByQuery[qi] << t.id;
    });
    QObject::connect(&runner, &SearchRunner::requestFinished, &runner,
        [&run](RunMode, const RequestTiming &t) { run.timings << t; });
    QObject::connect(
        &runner, &SearchRunner::runFinished, &runner, [&run](const RunSummary &s) { run.results = s.queries; });
    QObject::connect(&runner, &SearchRunner::finished, &runner, [&run] { run.finished = true; });
}

SearchOptions allPages(int perPage)
{
    SearchOptions o;
    o.maxResults = perPage;
    o.pages = 0;
    o.maxRetries = 0;
    return o;
}

} // namespace

class TestBlueskyProvider : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(u"archive.sqlite"_s);
        QString error;
        QVERIFY2(ts::testing::generateArchive(m_db, 3000, 7, &error), qPrintable(error));
        m_server = ts::testing::serveArchive(m_db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    void names()
    {
        QCOMPARE(providerName(ProviderKind::Bluesky), u"bluesky"_s);
        QCOMPARE(providerFromName(u"bluesky"), ProviderKind::Bluesky);
        QCOMPARE(SearchProvider::defaultBaseUrl(ProviderKind::Bluesky), QUrl(u"https://bsky.social"_s));
    }

    void credentialsNeededBeforeSending()
    {
        ConnectionConfig c;
        c.provider = ProviderKind::Bluesky;
        QString error;
        QVERIFY(!SearchProvider::create(c, &error));
        QVERIFY2(error.contains(u"handle and an app password"_s) && error.contains(u"TWEETSCOPE_PASSWORD"_s),
            qPrintable(error));
        // Never over plain http to another host.
        c = blueskyAt(QUrl(u"http://bsky.example.org"_s));
        QVERIFY(!SearchProvider::create(c, &error));
        QVERIFY2(error.contains(u"plain http"_s), qPrintable(error));
        SearchRunner runner;
        ConnectionConfig none;
        none.provider = ProviderKind::Bluesky;
        none.baseUrl = m_server->baseUrl();
        QVERIFY(!runner.start(none, { u"cats"_s }, RunMode::Sequential, allPages(10)));
    }

    void validator_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("position"); ///< 0: accepted
        QTest::addColumn<QString>("words");
        QTest::addRow("words") << u"cats dogs"_s << 0 << QString();
        QTest::addRow("handle, phrase, tag, lang")
            << u"from:alice.bsky.social \"big cat\" #caturday lang:en"_s << 0 << QString();
        QTest::addRow("did mention") << u"cats @did:plc:abcdefghijklmnopqrstuvwx"_s << 0 << QString();
        QTest::addRow("is:retweet") << u"cats is:retweet"_s << 6 << u"reposts"_s;
        QTest::addRow("-is:retweet") << u"cats -is:retweet"_s << 6 << u"no Bluesky equivalent"_s;
        QTest::addRow("has:media") << u"cats has:media"_s << 6 << u"'has:media' has no Bluesky equivalent"_s;
        QTest::addRow("OR") << u"cats OR dogs"_s << 6 << u"OR has no Bluesky equivalent"_s;
        QTest::addRow("negated from") << u"cats -from:bob"_s << 6 << u"cannot be negated"_s;
        QTest::addRow("two authors") << u"from:a.bsky.social cats from:b.bsky.social"_s << 25 << u"one author"_s;
        QTest::addRow("cashtag") << u"cats $TSLA"_s << 6 << u"'$TSLA'"_s;
        QTest::addRow("to:") << u"to:bob cats"_s << 1 << u"to:"_s;
        QTest::addRow("conversation_id") << u"cats conversation_id:123"_s << 6 << u"conversation_id"_s;
        QTest::addRow("bad handle") << u"from:bad_handle.bsky.social"_s << 1 << u"handle"_s;
    }
    void validator()
    {
        QFETCH(QString, query);
        QFETCH(int, position);
        QFETCH(QString, words);
        QString error;
        const auto provider = SearchProvider::create(blueskyAt(m_server->baseUrl()), &error);
        QVERIFY2(provider, qPrintable(error));
        const QString problem = provider->validateQuery(query);
        if (position == 0) {
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            return;
        }
        QVERIFY2(problem.contains(u"(at position %1)"_s.arg(position)), qPrintable(problem));
        QVERIFY2(problem.contains(words), qPrintable(problem));
        // The X dimension of the same validator still takes X operators.
        if (query.contains(u"is:"_s) || query.contains(u"has:"_s) || query.contains(u" OR "_s))
            QVERIFY(std::holds_alternative<ts::archive::ParsedQuery>(ts::archive::QueryLanguage::parse(query)));
    }

    void requestMapping()
    {
        QString error;
        auto provider = SearchProvider::create(blueskyAt(m_server->baseUrl()), &error);
        QVERIFY(provider);
        SearchOptions o;
        o.maxResults = 250; // clamped to 100
        o.startTime = QDateTime(QDate(2026, 10, 1), QTime(0, 0), Qt::UTC);
        o.endTime = QDateTime(QDate(2026, 10, 2), QTime(0, 0), Qt::UTC);
        PreparedRequest r = provider->buildRequest(
            u"cats -dogs \"big cat\" from:alice.bsky.social @bob.bsky.social #a #b lang:ja url:example.com"_s,
            u"CURSOR+1"_s, o);
        QCOMPARE(r.verb, QByteArray("GET"));
        QCOMPARE(r.request.url().path(), u"/xrpc/app.bsky.feed.searchPosts"_s);
        QVERIFY(!r.request.hasRawHeader("Authorization")); // no session yet
        const QUrlQuery q(r.request.url());
        QCOMPARE(q.queryItemValue(u"q"_s, QUrl::FullyDecoded), u"cats -dogs \"big cat\""_s);
        QCOMPARE(q.queryItemValue(u"author"_s), u"alice.bsky.social"_s);
        QCOMPARE(q.queryItemValue(u"mentions"_s), u"bob.bsky.social"_s);
        QCOMPARE(q.allQueryItemValues(u"tag"_s), (QStringList { u"a"_s, u"b"_s }));
        QCOMPARE(q.queryItemValue(u"lang"_s), u"ja"_s);
        QCOMPARE(q.queryItemValue(u"domain"_s), u"example.com"_s);
        QCOMPARE(q.queryItemValue(u"limit"_s), u"100"_s);
        QCOMPARE(q.queryItemValue(u"since"_s, QUrl::FullyDecoded), u"2026-10-01T00:00:00Z"_s);
        QCOMPARE(q.queryItemValue(u"until"_s, QUrl::FullyDecoded), u"2026-10-02T00:00:00Z"_s);
        QCOMPARE(q.queryItemValue(u"cursor"_s, QUrl::FullyDecoded), u"CURSOR+1"_s);
        QVERIFY(r.request.url().toEncoded().contains("cursor=CURSOR%2B1"));
        provider->setAccessToken(u"tok"_s);
        r = provider->buildRequest(u"url:\"https://example.com/a\""_s, {}, o);
        QCOMPARE(r.request.rawHeader("Authorization"), QByteArray("Bearer tok"));
        QCOMPARE(QUrlQuery(r.request.url()).queryItemValue(u"url"_s, QUrl::FullyDecoded), u"https://example.com/a"_s);
        QCOMPARE(QUrlQuery(r.request.url()).queryItemValue(u"q"_s, QUrl::FullyDecoded), u"*"_s);
        // The session requests: the configured host only, the same redirect rule.
        const PreparedRequest s = provider->buildCreateSession(o);
        QCOMPARE(s.request.url().host(), m_server->baseUrl().host());
        QCOMPARE(s.request.url().path(), u"/xrpc/com.atproto.server.createSession"_s);
        QCOMPARE(s.request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
            int(QNetworkRequest::UserVerifiedRedirectPolicy));
        QVERIFY(s.body.contains("\"identifier\":\"me.bsky.social\""));
        QVERIFY(!s.request.url().toString().contains(u"app-password"_s));
        QCOMPARE(SearchProvider::describeError(
                     400, "Bad Request", "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}"),
            u"HTTP 400 Bad Request (ExpiredToken: Token has expired)"_s);
        QCOMPARE(SearchProvider::xrpcErrorName("{\"error\":\"ExpiredToken\"}"), u"ExpiredToken"_s);
    }

    void runToTheEnd()
    {
        // Every page of two queries, concurrently: each post once, the same as the API's own paging.
        SearchRunner runner;
        Run run;
        watch(runner, run);
        QVERIFY(runner.start(
            blueskyAt(m_server->baseUrl()), { u"cats"_s, u"ai #tech"_s }, RunMode::Concurrent, allPages(17)));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 30000);
        QCOMPARE(run.results.size(), 2);
        for (const QueryResult &r : run.results)
            QVERIFY2(r.status == QueryStatus::Ok, qPrintable(r.error));
        QVERIFY(run.results[0].pages > 2);
        for (const ts::Tweet &t : run.tweets) {
            QCOMPARE(t.format, ts::TweetFormat::Bluesky);
            QVERIFY(ts::atproto::isPostKey(t.id.toULongLong()));
        }
        QCOMPARE(run.results[0].tweets + run.results[1].tweets, int(run.tweets.size()));
        // Within a query no post twice, and as many as one page of the API itself gives.
        for (int qi = 0; qi < 2; ++qi) {
            const QStringList ids = run.idsByQuery.value(qi);
            QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
        }
        SearchRunner big;
        Run all;
        watch(big, all);
        QVERIFY(big.start(blueskyAt(m_server->baseUrl()), { u"cats"_s }, RunMode::Sequential, allPages(100)));
        QTRY_VERIFY_WITH_TIMEOUT(all.finished, 30000);
        QCOMPARE(run.idsByQuery.value(0), all.idsByQuery.value(0));
    }

    void expiredTokenMidRun()
    {
        // Access tokens of 250 ms and 60 ms per answer: the token expires during the run; the
        // runner refreshes it and the query completes with every post.
        ts::archive::ServiceOptions o = ts::testing::testServiceOptions();
        o.blueskyAccessTtlMs = 250;
        o.blueskyPassword = u"app-password"_s;
        o.latency = *ts::archive::LatencyProfile::parse(u"fixed:60"_s, nullptr);
        QString error;
        auto server = ts::testing::serveArchive(m_db, o, &error);
        QVERIFY2(server, qPrintable(error));
        SearchRunner runner;
        Run run;
        watch(runner, run);
        QVERIFY(runner.start(blueskyAt(server->baseUrl()), { u"cats"_s }, RunMode::Sequential, allPages(10)));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 60000);
        QCOMPARE(run.results.size(), 1);
        QVERIFY2(run.results[0].status == QueryStatus::Ok, qPrintable(run.results[0].error));
        const int expired = int(std::count_if(run.timings.begin(), run.timings.end(),
            [](const RequestTiming &t) { return t.error.contains(u"ExpiredToken"_s); }));
        QVERIFY2(expired >= 1, "the token never expired: make the run longer");
        // The sign-in and each refresh are requests of the run (page 0), timed like its pages:
        // one createSession first, then a session request after each expired answer.
        QList<RequestTiming> sessions;
        std::copy_if(run.timings.begin(), run.timings.end(), std::back_inserter(sessions),
            [](const RequestTiming &t) { return t.page == 0; });
        QCOMPARE(sessions.size(), 1 + expired);
        QCOMPARE(sessions.first().httpStatus, 200);
        QVERIFY(sessions.first().sentMs >= 0 && sessions.first().finishedMs - sessions.first().sentMs >= 50);
        QVERIFY(run.timings.first().page == 0); // before any page
        for (const RequestTiming &t : std::as_const(sessions))
            QVERIFY2(t.error.isEmpty() && t.queryIndex == 0, qPrintable(t.error));
        // The same posts as a run with a token that does not expire.
        SearchRunner plain;
        Run reference;
        watch(plain, reference);
        QVERIFY(plain.start(blueskyAt(m_server->baseUrl()), { u"cats"_s }, RunMode::Sequential, allPages(100)));
        QTRY_VERIFY_WITH_TIMEOUT(reference.finished, 30000);
        QStringList a, b;
        for (const ts::Tweet &t : run.tweets)
            a << t.id;
        for (const ts::Tweet &t : reference.tweets)
            b << t.id;
        QCOMPARE(a, b);
        QCOMPARE(QSet<QString>(a.begin(), a.end()).size(), a.size());

        // A wrong app password: the query fails with the service's answer, nothing searched.
        SearchRunner wrong;
        Run denied;
        watch(wrong, denied);
        QVERIFY(wrong.start(blueskyAt(server->baseUrl(), u"nope"_s), { u"cats"_s }, RunMode::Sequential, allPages(10)));
        QTRY_VERIFY_WITH_TIMEOUT(denied.finished, 30000);
        QCOMPARE(denied.results[0].status, QueryStatus::Error);
        QVERIFY2(denied.results[0].error.contains(u"sign-in failed"_s)
                && denied.results[0].error.contains(u"AuthenticationRequired"_s),
            qPrintable(denied.results[0].error));
        QVERIFY(!denied.results[0].error.contains(u"nope"_s));
        QVERIFY(denied.tweets.isEmpty());
        QCOMPARE(denied.timings.size(), 1); // the refused sign-in, recorded with its answer
        QCOMPARE(denied.timings.first().page, 0);
        QCOMPARE(denied.timings.first().httpStatus, 401);
    }

    void unsupportedOperatorFailsBeforeSending()
    {
        SearchRunner runner;
        Run run;
        watch(runner, run);
        QVERIFY(runner.start(
            blueskyAt(m_server->baseUrl()), { u"cats has:media"_s, u"cats"_s }, RunMode::Sequential, allPages(100)));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 30000);
        QCOMPARE(run.results[0].status, QueryStatus::Error);
        QVERIFY2(run.results[0].error.contains(u"(at position 6)"_s), qPrintable(run.results[0].error));
        QCOMPARE(run.results[1].status, QueryStatus::Ok);
        for (const RequestTiming &t : std::as_const(run.timings))
            QCOMPARE(t.queryIndex, 1);
    }

    void crossProviderCompare_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addRow("word") << u"cats"_s;
        QTest::addRow("phrase and tag") << u"\"the eclipse\" #Eclipse2026"_s;
        QTest::addRow("language") << u"ai lang:es"_s;
    }
    void crossProviderCompare()
    {
        // The same query on the X shape and the Bluesky shape of one archive: the same posts
        // (X without its retweets: Bluesky search has no reposts), in the same order.
        QFETCH(QString, query);
        SearchRunner x, b;
        Run xr, br;
        watch(x, xr);
        watch(b, br);
        ConnectionConfig local;
        local.provider = ProviderKind::Local;
        local.baseUrl = m_server->baseUrl();
        QVERIFY(x.start(local, { query + u" -is:retweet"_s }, RunMode::Sequential, allPages(100)));
        QVERIFY(b.start(blueskyAt(m_server->baseUrl()), { query }, RunMode::Sequential, allPages(100)));
        QTRY_VERIFY_WITH_TIMEOUT(xr.finished && br.finished, 30000);
        QCOMPARE(xr.results[0].status, QueryStatus::Ok);
        QCOMPARE(br.results[0].status, QueryStatus::Ok);
        QStringList fromX, fromBluesky;
        for (const ts::Tweet &t : xr.tweets)
            fromX << ts::archive::bluesky::postUriFor(t);
        for (const ts::Tweet &t : br.tweets)
            fromBluesky << ts::atproto::postUri(t);
        QVERIFY(!fromX.isEmpty());
        QCOMPARE(fromBluesky, fromX);
    }

    void runAcrossProviders()
    {
        // One start, the same queries on the X shape and then the Bluesky shape of one archive:
        // a run per provider, each saying which it was, in the order given.
        SearchRunner runner;
        Run run;
        watch(runner, run);
        QList<RunSummary> summaries;
        connect(&runner, &SearchRunner::runFinished, this, [&summaries](const RunSummary &s) { summaries << s; });
        ConnectionConfig local;
        local.provider = ProviderKind::Local;
        local.baseUrl = m_server->baseUrl();
        QString error;
        QVERIFY2(runner.startAcross({ local, blueskyAt(m_server->baseUrl()) }, { u"cats"_s, u"#news"_s },
                     RunMode::Concurrent, allPages(100), &error),
            qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 30000);
        QCOMPARE(summaries.size(), 2);
        QCOMPARE(summaries[0].provider, u"local"_s);
        QCOMPARE(summaries[1].provider, u"bluesky"_s);
        QCOMPARE(summaries[1].baseUrl, m_server->baseUrl().toString());
        for (const RunSummary &s : std::as_const(summaries)) {
            QCOMPARE(s.mode, RunMode::Concurrent);
            QCOMPARE(s.failedQueries, 0);
            QVERIFY(s.tweets > 0);
        }
        // Bluesky search has no reposts: at most what X found, and never more.
        QVERIFY(summaries[1].tweets <= summaries[0].tweets);
        int posts = 0;
        for (const ts::Tweet &t : std::as_const(run.tweets))
            posts += t.format == ts::TweetFormat::Bluesky;
        QCOMPARE(posts, summaries[1].tweets);

        // Every provider and query is checked before anything is sent, naming the provider.
        SearchRunner refused;
        QVERIFY(!refused.startAcross({ local, blueskyAt(m_server->baseUrl()) }, { u"cats"_s, u"cats is:retweet"_s },
            RunMode::Concurrent, allPages(100), &error));
        QVERIFY2(error.startsWith(u"bluesky, query 2: "_s) && error.contains(u"position 6"_s), qPrintable(error));
        QVERIFY(!refused.isRunning());
        QVERIFY(!refused.startAcross({ local, blueskyAt(m_server->baseUrl(), QString()) }, { u"cats"_s },
            RunMode::Concurrent, allPages(100), &error));
        QVERIFY2(error.startsWith(u"bluesky: "_s) && error.contains(u"app password"_s), qPrintable(error));
        QVERIFY(!refused.startAcross({ local }, { u"cats"_s }, RunMode::Concurrent, allPages(100), &error));
    }

    void cli()
    {
        // tweetscope-cli search with a Bluesky handle and app password in the environment.
        const auto cli = [](const QStringList &args, const QString &user, const QString &password) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"TWEETSCOPE_USERNAME"_s, user);
            env.insert(u"TWEETSCOPE_PASSWORD"_s, password);
            env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"disabled:"_s); // no keychain: fail fast
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), QStringList { u"search"_s } + args);
            p.waitForFinished(60000);
            return std::tuple { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError()) };
        };
        const QStringList bluesky { u"--provider"_s, u"bluesky"_s, u"--base-url"_s, m_server->baseUrl().toString() };
        const auto run = [&](const QStringList &args, const QString &user, const QString &password) {
            return cli(bluesky + args, user, password);
        };
        auto [code, out, err] = run({ u"--max-results"_s, u"20"_s, u"cats"_s }, u"me.bsky.social"_s, u"pw-123"_s);
        QVERIFY2(code == 0, qPrintable(err));
        // Pages as they came, one per line (as twarc keeps them): a searchPosts page of 20 posts.
        const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        const QJsonArray posts = QJsonDocument::fromJson(lines.first().toUtf8()).object().value(u"posts"_s).toArray();
        QCOMPARE(posts.size(), 20);
        QVERIFY(posts.first().toObject().value(u"uri"_s).toString().startsWith(u"at://did:plc:"_s));
        QVERIFY(!err.contains(u"pw-123"_s) && !out.contains(u"pw-123"_s));
        // Without credentials: refused before sending, saying what is needed.
        std::tie(code, out, err) = run({ u"cats"_s }, QString(), QString());
        QCOMPARE(code, 1); // as for x-recent without a token: a failure before anything is sent
        QVERIFY2(err.contains(u"handle and an app password"_s), qPrintable(err));
        // An operator without an equivalent: refused at its position before sending.
        std::tie(code, out, err) = run({ u"cats is:retweet"_s }, u"me.bsky.social"_s, u"pw"_s);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(u"position 6"_s), qPrintable(err));

        // The same queries on the X shape of the archive, then on its Bluesky shape: one run per
        // provider in the JSON summary, and no speedup between providers.
        const QStringList localThenBluesky { u"--provider"_s, u"local"_s, u"--base-url"_s,
            m_server->baseUrl().toString(), u"--compare-provider"_s, u"bluesky"_s };
        const auto compare
            = [&](const QStringList &args) { return cli(localThenBluesky + args, u"me.bsky.social"_s, u"pw-456"_s); };
        std::tie(code, out, err) = compare({ u"--json-summary"_s, u"--pages"_s, u"0"_s, u"cats"_s, u"#news"_s });
        QVERIFY2(code == 0, qPrintable(err));
        const QJsonObject summary = QJsonDocument::fromJson(out.toUtf8()).object();
        QCOMPARE(summary.value(u"compare_providers"_s).toBool(), true);
        QVERIFY(summary.value(u"speedup"_s).isNull());
        const QJsonArray runs = summary.value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject().value(u"provider"_s).toString(), u"local"_s);
        QCOMPARE(runs[1].toObject().value(u"provider"_s).toString(), u"bluesky"_s);
        QVERIFY(runs[1].toObject().value(u"tweets"_s).toInt() > 0);
        QVERIFY2(err.contains(u"concurrent run on local: "_s) && err.contains(u"concurrent run on bluesky: "_s),
            qPrintable(err));
        QVERIFY(!err.contains(u"pw-456"_s) && !out.contains(u"pw-456"_s));
        // A query one of them cannot take is refused before anything is sent, naming it.
        std::tie(code, out, err) = compare({ u"cats is:retweet"_s });
        QCOMPARE(code, 2);
        QVERIFY2(
            err.contains(u"'cats is:retweet': invalid query for bluesky:"_s) && err.contains(u"nothing was sent"_s),
            qPrintable(err));
        // Modes and resume are one provider's; the same provider twice compares nothing.
        std::tie(code, out, err) = compare({ u"--mode"_s, u"compare"_s, u"cats"_s });
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(u"--compare-provider runs each provider in one mode"_s), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestBlueskyProvider)
#include "tst_blueskyprovider.moc"
