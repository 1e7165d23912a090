// SPDX-License-Identifier: MIT
// SearchRunner against the real local archive on 127.0.0.1 (port 0): ordering and overlap,
// pagination, max concurrency, pacing, faults, errors, cancel, resume, dedup, timings.
#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"
#include "search/collection.h"
#include "search/searchrunner.h"
#include "testarchive.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <QCoroTask>

using namespace ts::search;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kTwepoch = 1288834974657LL;

// A hand-made archive with known counts: 45 "alpha", 25 "beta" (10 of them also "alpha"),
// 12 "gamma". Ten days ago, so recent and all-archive windows both cover it.
constexpr int kAlpha = 45, kBeta = 25, kBoth = 10, kGamma = 12;

QList<ts::Tweet> archiveTweets()
{
    QList<ts::Tweet> out;
    const qint64 base = QDateTime::currentMSecsSinceEpoch() - 3LL * 24 * 3600 * 1000;
    int n = 0;
    auto add = [&](const QString &text) {
        ts::Tweet t;
        t.createdAtMs = base + qint64(n) * 60000;
        t.id = QString::number(((t.createdAtMs - kTwepoch) << 22) | n);
        t.text = text;
        t.allText = text;
        t.authorId = QString::number(1000 + n % 7);
        t.authorUsername = u"user%1"_s.arg(n % 7);
        t.authorName = u"User %1"_s.arg(n % 7);
        t.lang = u"en"_s;
        t.conversationId = t.id;
        out << t;
        ++n;
    };
    for (int i = 0; i < kAlpha - kBoth; ++i)
        add(u"alpha only number %1"_s.arg(i));
    for (int i = 0; i < kBoth; ++i)
        add(u"alpha and beta together %1"_s.arg(i));
    for (int i = 0; i < kBeta - kBoth; ++i)
        add(u"beta only number %1"_s.arg(i));
    for (int i = 0; i < kGamma; ++i)
        add(u"gamma number %1"_s.arg(i));
    return out;
}

struct Run
{
    QList<RunSummary> summaries;
    QList<std::pair<int, QList<ts::Tweet>>> pages;
    QStringList details;
    bool finished = false;
};

/// Connects a runner's signals into a Run record.
void record(SearchRunner &runner, Run &run)
{
    QObject::connect(&runner, &SearchRunner::runFinished, &runner, [&run](const RunSummary &s) { run.summaries << s; });
    QObject::connect(&runner, &SearchRunner::pageReceived, &runner, [&run](int qi, const QList<ts::Tweet> &tweets) {
        run.pages.append({ qi, tweets });
    });
    QObject::connect(&runner, &SearchRunner::queryStateChanged, &runner,
        [&run](int, const QueryResult &, const QString &detail) { run.details << detail; });
    QObject::connect(&runner, &SearchRunner::finished, &runner, [&run] { run.finished = true; });
}

/// When each request went out, in order.
QList<double> sortedSentMs(const QList<RequestTiming> &timings)
{
    QList<double> sent;
    for (const auto &timing : timings)
        sent << timing.sentMs;
    std::sort(sent.begin(), sent.end());
    return sent;
}

QSet<QString> idsOf(const Run &run)
{
    QSet<QString> ids;
    for (const auto &[qi, tweets] : run.pages) {
        for (const auto &t : tweets)
            ids.insert(t.id);
    }
    return ids;
}

} // namespace

class TestSearchRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(u"archive.sqlite"_s);
        ts::archive::ArchiveStore store;
        QString error;
        QVERIFY2(store.open(m_db, &error), qPrintable(error));
        const auto inserted = store.insert(archiveTweets());
        QVERIFY(std::holds_alternative<ts::archive::InsertStats>(inserted));
    }

    void sequentialThenConcurrent()
    {
        auto server = startServer(u"fixed:100"_s);
        QVERIFY(server);
        const QStringList queries { u"alpha"_s, u"beta"_s, u"gamma"_s, u"alpha beta"_s };

        SearchRunner seq;
        Run s;
        record(seq, s);
        QVERIFY(seq.start(connection(*server), queries, RunMode::Sequential, options(100, 1)));
        QTRY_VERIFY_WITH_TIMEOUT(s.finished, 10000);
        QCOMPARE(s.summaries.size(), 1);
        const auto &st = s.summaries[0].requestTimings;
        QCOMPARE(st.size(), 4);
        for (int i = 0; i < st.size(); ++i) {
            QCOMPARE(st[i].queryIndex, i); // in order
            if (i > 0)
                QVERIFY(st[i].sentMs >= st[i - 1].finishedMs); // one at a time
        }
        QCOMPARE(s.summaries[0].maxInFlight, 1);
        QVERIFY(s.summaries[0].wallMs >= 4 * 100);

        SearchRunner conc;
        Run c;
        record(conc, c);
        QVERIFY(conc.start(connection(*server), queries, RunMode::Concurrent, options(100, 1)));
        QTRY_VERIFY_WITH_TIMEOUT(c.finished, 10000);
        const auto &ct = c.summaries[0].requestTimings;
        QCOMPARE(ct.size(), 4);
        double lastSent = 0, firstFinished = 1e9;
        for (const auto &t : ct) {
            lastSent = std::max(lastSent, t.sentMs);
            firstFinished = std::min(firstFinished, t.finishedMs);
        }
        QVERIFY2(lastSent < firstFinished, "every request is in flight before the first answer");
        QCOMPARE(c.summaries[0].maxInFlight, 4);
        QVERIFY2(c.summaries[0].wallMs < s.summaries[0].wallMs / 2,
            qPrintable(u"%1 vs %2"_s.arg(c.summaries[0].wallMs).arg(s.summaries[0].wallMs)));
        QCOMPARE(idsOf(c), idsOf(s)); // the same tweets either way
    }

    // A run on two places (startAcross): both pre-connected before it starts (the GUI and the
    // CLI call preconnect() for each), the runner keeps both, and neither run's requests open a
    // connection: each run counts the one pre-connect made for it, the second's included.
    void acrossRunFindsBothPlacesPreconnected()
    {
        auto first = startServer(u"none"_s);
        auto second = startServer(u"none"_s);
        QVERIFY(first && second);
        SearchRunner runner;
        QVERIFY(runner.preconnect(connection(*first), 1));
        QVERIFY(runner.preconnect(connection(*second), 1));
        QTRY_COMPARE(ts::testing::connectionsTo(first->port()), 1);
        QTRY_COMPARE(ts::testing::connectionsTo(second->port()), 1);
        Run r;
        record(runner, r);
        QVERIFY(runner.startAcross({ connection(*first), connection(*second) }, { u"alpha"_s, u"beta"_s, u"gamma"_s },
            RunMode::Sequential, options(10, 2)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        QCOMPARE(r.summaries.size(), 2);
        QCOMPARE(r.summaries[1].baseUrl, second->baseUrl().toString());
        for (const RunSummary &s : std::as_const(r.summaries)) {
            QCOMPARE(s.failedQueries, 0);
            QCOMPARE(s.requests, 6);
            QCOMPARE(s.connectionsOpened, 1); // its pre-connect, made before the run
            for (const RequestTiming &t : s.requestTimings)
                QCOMPARE(t.connectStartMs, -1.0); // no request waited for a connection
        }
        QCOMPARE(ts::testing::connectionsTo(first->port()), 1);
        QCOMPARE(ts::testing::connectionsTo(second->port()), 1);
    }

    void compareRunsBoth()
    {
        auto server = startServer(u"none"_s);
        QVERIFY(server);
        SearchRunner runner;
        Run r;
        record(runner, r);
        QVERIFY(runner.startCompare(connection(*server), { u"alpha"_s, u"gamma"_s }, options(100, 1)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        QCOMPARE(r.summaries.size(), 2);
        QCOMPARE(r.summaries[0].mode, RunMode::Sequential);
        QCOMPARE(r.summaries[1].mode, RunMode::Concurrent);
        QCOMPARE(r.summaries[0].tweets, kAlpha + kGamma);
        QCOMPARE(r.summaries[1].tweets, kAlpha + kGamma);
    }

    void paginationToTheEnd_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("maxResults");
        QTest::addColumn<int>("pages");
        QTest::addColumn<int>("expectedPages");
        QTest::addColumn<int>("expectedTweets");
        QTest::addRow("alpha by 10, all pages") << u"alpha"_s << 10 << 0 << 5 << kAlpha;
        QTest::addRow("alpha by 10, 2 pages") << u"alpha"_s << 10 << 2 << 2 << 20;
        QTest::addRow("gamma by 10") << u"gamma"_s << 10 << 0 << 2 << kGamma;
        QTest::addRow("nothing") << u"zeta"_s << 10 << 0 << 1 << 0;
    }
    void paginationToTheEnd()
    {
        QFETCH(QString, query);
        QFETCH(int, maxResults);
        QFETCH(int, pages);
        QFETCH(int, expectedPages);
        QFETCH(int, expectedTweets);
        auto server = startServer(u"none"_s);
        QVERIFY(server);
        SearchRunner runner;
        Run r;
        record(runner, r);
        QVERIFY(runner.start(connection(*server), { query }, RunMode::Sequential, options(maxResults, pages)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        const QueryResult q = r.summaries[0].queries[0];
        QCOMPARE(q.status, QueryStatus::Ok);
        QCOMPARE(q.pages, expectedPages);
        QCOMPARE(q.tweets, expectedTweets);
        QCOMPARE(idsOf(r).size(), expectedTweets); // no page repeated
        for (int i = 0; i < r.summaries[0].requestTimings.size(); ++i)
            QCOMPARE(r.summaries[0].requestTimings[i].page, i + 1);
    }

    void enterpriseAgainstLocalArchive_data()
    {
        QTest::addColumn<int>("provider");
        QTest::addColumn<int>("format");
        using F = ts::archive::EnterpriseFormat;
        QTest::addRow("30day, activity streams") << int(ProviderKind::Enterprise30Day) << int(F::ActivityStreams);
        QTest::addRow("30day, original") << int(ProviderKind::Enterprise30Day) << int(F::Original);
        QTest::addRow("full archive, activity streams")
            << int(ProviderKind::EnterpriseFullArchive) << int(F::ActivityStreams);
        QTest::addRow("full archive, original") << int(ProviderKind::EnterpriseFullArchive) << int(F::Original);
    }

    // The Enterprise providers (Basic auth, account and label, `next` pagination, results in
    // activity streams or original format) against the archive's own Enterprise endpoints.
    void enterpriseAgainstLocalArchive()
    {
        QFETCH(int, provider);
        QFETCH(int, format);
        ts::archive::ServiceOptions so = serviceOptions(u"none"_s);
        so.username = u"analyst"_s;
        so.password = u"s3cret"_s;
        so.enterpriseFormat = ts::archive::EnterpriseFormat(format);
        ts::archive::LocalArchiveServer server(so);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));

        ConnectionConfig c;
        c.provider = ProviderKind(provider);
        c.baseUrl = server.baseUrl();
        c.account = u"acme"_s;
        c.label = u"prod"_s;
        c.username = so.username;
        c.password = so.password;
        SearchRunner runner;
        Run r;
        record(runner, r);
        QVERIFY(runner.start(c, { u"alpha"_s, u"gamma"_s }, RunMode::Concurrent, options(10, 0)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 20000);
        const RunSummary &s = r.summaries[0];
        QCOMPARE(s.queries[0].status, QueryStatus::Ok);
        QCOMPARE(s.queries[0].tweets, kAlpha);
        QCOMPARE(s.queries[0].pages, 5); // 45 tweets, 10 per page: `next` followed to the end
        QCOMPARE(s.queries[1].tweets, kGamma);
        QCOMPARE(idsOf(r).size(), kAlpha + kGamma);
        for (const auto &[qi, tweets] : r.pages) {
            for (const ts::Tweet &t : tweets) {
                QVERIFY(!t.authorUsername.isEmpty());
                QVERIFY2(t.text.contains(qi == 0 ? u"alpha"_s : u"gamma"_s), qPrintable(t.text));
            }
        }

        // A wrong password: the query fails alone with the API's 401, nothing is retried.
        c.password = u"wrong"_s;
        SearchRunner denied;
        Run d;
        record(denied, d);
        QVERIFY(denied.start(c, { u"alpha"_s }, RunMode::Sequential, options(10, 1)));
        QTRY_VERIFY_WITH_TIMEOUT(d.finished, 10000);
        QCOMPARE(d.summaries[0].queries[0].status, QueryStatus::Error);
        QVERIFY2(d.summaries[0].queries[0].error.contains(u"401"_s), qPrintable(d.summaries[0].queries[0].error));
        QCOMPARE(d.summaries[0].requests, 1);
    }

    void maxConcurrencyRespected()
    {
        auto server = startServer(u"fixed:50"_s);
        QVERIFY(server);
        SearchRunner runner;
        Run r;
        record(runner, r);
        SearchOptions o = options(10, 2);
        o.maxConcurrency = 2;
        QVERIFY(runner.start(connection(*server), { u"alpha"_s, u"beta"_s, u"gamma"_s, u"alpha beta"_s, u"alpha"_s },
            RunMode::Concurrent, o));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        QCOMPARE(r.summaries[0].maxInFlight, 2);
        QCOMPARE(server->stats().maxInFlight, 2);
        QCOMPARE(r.summaries[0].failedQueries, 0);
    }

    void pacingToOnePerSecond()
    {
        ts::archive::ServiceOptions so = serviceOptions(u"none"_s);
        QString error;
        so.rateLimit = *ts::parseRateLimit(u"1/s"_s, &error);
        auto server = std::make_unique<ts::archive::LocalArchiveServer>(so);
        QVERIFY2(server->start(&error), qPrintable(error));
        ConnectionConfig c = connection(*server);
        c.rateLimit = *ts::parseRateLimit(u"1/s"_s);
        SearchRunner runner;
        Run r;
        record(runner, r);
        QVERIFY(runner.start(c, { u"alpha"_s, u"beta"_s, u"gamma"_s }, RunMode::Concurrent, options(100, 1)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 15000);
        const auto &t = r.summaries[0].requestTimings;
        QCOMPARE(t.size(), 3); // no retries: nothing was refused
        for (const auto &timing : t)
            QCOMPARE(timing.httpStatus, 200);
        const QList<double> sent = sortedSentMs(t);
        QVERIFY(sent[1] - sent[0] >= 1000);
        QVERIFY(sent[2] - sent[1] >= 1000);
        // The wait for a slot is queueing, not latency.
        QVERIFY(std::any_of(t.begin(), t.end(), [](const RequestTiming &x) { return x.queuedMs() >= 1000; }));
        QVERIFY(std::all_of(t.begin(), t.end(), [](const RequestTiming &x) { return x.latencyMs() < 900; }));
    }

    // A busy event loop wakes the sleeper of a slot late; the request after it must still go
    // out the spacing later, not at its own slot close behind (before: 20 ms apart here).
    void spacingHoldsWhenTheEventLoopIsLate()
    {
        auto server = startServer(u"none"_s);
        QVERIFY(server);
        ConnectionConfig c = connection(*server);
        c.rateLimit = *ts::parseRateLimit(u"1/100ms"_s);
        SearchRunner runner;
        Run r;
        record(runner, r);
        QVERIFY(runner.start(c, { u"alpha"_s, u"beta"_s, u"gamma"_s }, RunMode::Concurrent, options(100, 1)));
        // Slots at about 0, 135 and 270 ms: the loop is held from 100 to 250 ms, so the second
        // wakes at 250 and the third's slot (270) comes 20 ms after.
        QTimer::singleShot(100, Qt::PreciseTimer, this, [] { QThread::msleep(150); });
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        const QList<double> sent = sortedSentMs(r.summaries[0].requestTimings);
        QCOMPARE(sent.size(), 3);
        for (qsizetype i = 1; i < sent.size(); ++i)
            QVERIFY2(sent[i] - sent[i - 1] >= 130, qPrintable(u"%1 -> %2"_s.arg(sent[i - 1]).arg(sent[i])));
    }

    void recoversFromFaults_data()
    {
        QTest::addColumn<QString>("faults");
        QTest::addRow("503") << u"503:0.4"_s;
        QTest::addRow("500") << u"500:0.4"_s;
        QTest::addRow("429 with reset") << u"429:0.3"_s;
        QTest::addRow("drop") << u"drop:0.4"_s;
        QTest::addRow("truncated") << u"truncated:0.4"_s;
        QTest::addRow("malformed") << u"malformed:0.4"_s;
        QTest::addRow("slow") << u"slow:0.3"_s;
        QTest::addRow("everything") << u"503:0.1,429:0.05,drop:0.1,truncated:0.1,malformed:0.1,slow:0.05"_s;
    }
    void recoversFromFaults()
    {
        QFETCH(QString, faults);
        const QStringList queries { u"alpha"_s, u"beta"_s, u"gamma"_s };
        QSet<QString> clean;
        {
            auto server = startServer(u"none"_s);
            QVERIFY(server);
            SearchRunner runner;
            Run r;
            record(runner, r);
            QVERIFY(runner.start(connection(*server), queries, RunMode::Concurrent, options(10, 0)));
            QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
            clean = idsOf(r);
            QCOMPARE(clean.size(), kAlpha + kBeta - kBoth + kGamma);
        }
        ts::archive::ServiceOptions so = serviceOptions(u"none"_s);
        QString error;
        so.faults = *ts::archive::FaultSpec::parse(faults, &error);
        so.seed = 11;
        so.slowBodyMs = 300;
        ts::archive::LocalArchiveServer server(so);
        QVERIFY2(server.start(&error), qPrintable(error));
        SearchRunner runner;
        Run r;
        record(runner, r);
        SearchOptions o = options(10, 0);
        o.maxRetries = 12;
        o.retryBaseDelayMs = 10;
        o.retryMaxDelayMs = 50;
        QVERIFY(runner.start(connection(server), queries, RunMode::Concurrent, o));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 30000);
        const RunSummary &s = r.summaries[0];
        for (const auto &q : s.queries)
            QVERIFY2(q.status == QueryStatus::Ok, qPrintable(q.query + u": "_s + q.error));
        QCOMPARE(idsOf(r), clean);
        QVERIFY2(s.requests > 8, "some requests were retried"); // 9 clean pages
        if (faults.startsWith(u"429"_s)) {
            QVERIFY(std::any_of(r.details.begin(), r.details.end(),
                [](const QString &d) { return d.startsWith(u"rate limited until "_s); }));
        }
    }

    void badQueryFailsAlone()
    {
        auto server = startServer(u"none"_s);
        QVERIFY(server);
        // Rejected before sending (the local query language), and by the server (x-recent does
        // not check the query itself): both end that query only.
        for (ProviderKind kind : { ProviderKind::Local, ProviderKind::XRecent }) {
            ConnectionConfig c = connection(*server);
            c.provider = kind;
            c.bearerToken = u"token"_s;
            SearchRunner runner;
            Run r;
            record(runner, r);
            QVERIFY(runner.start(c, { u"alpha"_s, u"alpha OR"_s, u"gamma"_s }, RunMode::Concurrent, options(100, 1)));
            QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
            const RunSummary &s = r.summaries[0];
            QCOMPARE(s.failedQueries, 1);
            QCOMPARE(s.queries[0].status, QueryStatus::Ok);
            QCOMPARE(s.queries[0].tweets, kAlpha);
            QCOMPARE(s.queries[2].status, QueryStatus::Ok);
            QCOMPARE(s.queries[1].status, QueryStatus::Error);
            QVERIFY2(s.queries[1].error.contains(u"position"_s), qPrintable(s.queries[1].error));
            if (kind == ProviderKind::Local) {
                QCOMPARE(s.requests, 2); // nothing sent for the invalid query
            } else {
                QVERIFY2(s.queries[1].error.startsWith(u"Invalid Request"_s), qPrintable(s.queries[1].error));
                QCOMPARE(s.requests, 3); // a 400 is not retried
            }
        }
    }

    void cancelIsPromptAndKeepsWhatArrived()
    {
        auto server = startServer(u"fixed:3000"_s);
        QVERIFY(server);
        SearchRunner runner;
        Run r;
        record(runner, r);
        QVERIFY(runner.start(connection(*server), { u"alpha"_s, u"beta"_s }, RunMode::Concurrent, options(10, 0)));
        QTest::qWait(200);
        QElapsedTimer t;
        t.start();
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 2000);
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        for (const auto &q : r.summaries[0].queries)
            QCOMPARE(q.status, QueryStatus::Cancelled);
        QVERIFY(!runner.isRunning());
    }

    void resumeAfterInterruptedRun()
    {
        auto server = startServer(u"fixed:20"_s);
        QVERIFY(server);
        const QString path = m_dir.filePath(u"resume.sqlite"_s);
        Collection collection;
        QString error;
        QVERIFY2(collection.open(path, &error), qPrintable(error));
        {
            SearchRunner runner;
            runner.setCollection(&collection);
            Run r;
            record(runner, r);
            QObject::connect(&runner, &SearchRunner::pageReceived, &runner, [&runner, &r] {
                if (r.pages.size() == 2)
                    runner.cancel(); // interrupted after two pages
            });
            QVERIFY(runner.start(connection(*server), { u"alpha"_s }, RunMode::Sequential, options(10, 0)));
            QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
            QCOMPARE(r.summaries[0].queries[0].status, QueryStatus::Cancelled);
            QCOMPARE(collection.tweetCount(), qint64(20));
        }
        SearchRunner runner;
        runner.setCollection(&collection);
        Run r;
        record(runner, r);
        QVERIFY2(runner.resume(connection(*server), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        const RunSummary &s = r.summaries[0];
        QCOMPARE(s.queries[0].status, QueryStatus::Ok);
        QCOMPARE(s.requests, 3); // pages 3, 4, 5 only: nothing fetched twice
        QCOMPARE(s.requestTimings.first().page, 3);
        QCOMPARE(s.queries[0].pages, 5);
        QCOMPARE(s.queries[0].tweets, kAlpha);
        QCOMPARE(collection.tweetCount(), qint64(kAlpha));
        QVERIFY(!runner.resume(connection(*server), &error)); // nothing left
        QVERIFY2(error.contains(u"nothing to resume"_s), qPrintable(error));
    }

    void dedupAcrossQueries()
    {
        auto server = startServer(u"none"_s);
        QVERIFY(server);
        const QString path = m_dir.filePath(u"dedup.sqlite"_s);
        Collection collection;
        QString error;
        QVERIFY(collection.open(path, &error));
        SearchRunner runner;
        runner.setCollection(&collection);
        Run r;
        record(runner, r);
        QVERIFY(runner.start(connection(*server), { u"alpha"_s, u"beta"_s }, RunMode::Concurrent, options(100, 1)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        QCOMPARE(r.summaries[0].queries[0].tweets, kAlpha);
        QCOMPARE(r.summaries[0].queries[1].tweets, kBeta);
        QCOMPARE(r.summaries[0].tweets, kAlpha + kBeta - kBoth); // one row per tweet
        const auto membership = runner.tweetQueries();
        QCOMPARE(membership.size(), kAlpha + kBeta - kBoth);
        int both = 0;
        for (const auto &qs : membership)
            both += qs.size() == 2 ? 1 : 0;
        QCOMPARE(both, kBoth);
        // The keys are copies of the ids, not the parser's strings: those share one block with
        // the rest of their tweet's text, which keys kept for the whole run would keep too.
        for (auto key = membership.keyBegin(); key != membership.keyEnd(); ++key)
            QCOMPARE(key->capacity(), key->size());
        QCOMPARE(collection.tweetCount(), qint64(kAlpha + kBeta - kBoth));
        int rowsWithBoth = 0;
        QVERIFY(collection.forEachTweet(
            [&](const ts::Tweet &t, const QStringList &queries) {
                if (queries.size() == 2) {
                    ++rowsWithBoth;
                    return t.text.contains(u"alpha and beta"_s);
                }
                return true;
            },
            &error));
        QCOMPARE(rowsWithBoth, kBoth);
    }

    void timingsAddUp()
    {
        auto server = startServer(u"fixed:20"_s);
        QVERIFY(server);
        SearchRunner runner;
        Run r;
        record(runner, r);
        QSignalSpy requests(&runner, &SearchRunner::requestFinished);
        QVERIFY(runner.start(
            connection(*server), { u"alpha"_s, u"beta"_s, u"gamma"_s }, RunMode::Concurrent, options(10, 0)));
        QTRY_VERIFY_WITH_TIMEOUT(r.finished, 10000);
        const RunSummary &s = r.summaries[0];
        QCOMPARE(requests.size(), s.requests);
        QCOMPARE(s.requests, 5 + 3 + 2);
        double latencySum = 0;
        for (const RequestTiming &t : s.requestTimings) {
            QVERIFY(t.scheduledMs >= 0);
            QVERIFY(t.scheduledMs <= t.sentMs);
            QVERIFY(t.sentMs <= t.firstByteMs);
            QVERIFY(t.firstByteMs <= t.finishedMs);
            QVERIFY(t.finishedMs <= t.parsedMs);
            QVERIFY(t.parsedMs <= s.wallMs);
            QVERIFY2(t.latencyMs() >= 20, qPrintable(QString::number(t.latencyMs())));
            QCOMPARE(t.httpStatus, 200);
            QVERIFY(t.bytes > 0);
            latencySum += t.latencyMs();
        }
        QVERIFY(qAbs(latencySum - s.latencySumMs) < 0.01);
        QVERIFY(s.latencySumMs > s.wallMs); // queries overlapped
    }

private:
    ts::archive::ServiceOptions serviceOptions(const QString &latency) const
    {
        ts::archive::ServiceOptions so;
        so.dbPath = m_db;
        QString error;
        so.latency = *ts::archive::LatencyProfile::parse(latency, &error);
        return so;
    }

    std::unique_ptr<ts::archive::LocalArchiveServer> startServer(const QString &latency) const
    {
        auto server = std::make_unique<ts::archive::LocalArchiveServer>(serviceOptions(latency));
        QString error;
        if (!server->start(&error)) {
            qWarning() << "local archive did not start:" << error;
            return nullptr;
        }
        return server;
    }

    static ConnectionConfig connection(const ts::archive::LocalArchiveServer &server)
    {
        ConnectionConfig c;
        c.provider = ProviderKind::Local;
        c.baseUrl = server.baseUrl();
        return c;
    }

    static SearchOptions options(int maxResults, int pages)
    {
        SearchOptions o;
        o.maxResults = maxResults;
        o.pages = pages;
        o.transferTimeoutMs = 10000;
        o.retryBaseDelayMs = 20;
        return o;
    }

    QTemporaryDir m_dir;
    QString m_db;
};

QTEST_GUILESS_MAIN(TestSearchRunner)
#include "tst_searchrunner.moc"
