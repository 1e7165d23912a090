// SPDX-License-Identifier: MIT
// CountsFetcher against the real local archive on 127.0.0.1 (port 0), over real HTTP: the
// buckets of every query add up to the tweets the archive holds for it, through the v2 and
// the Enterprise counts endpoints, at every granularity; errors, faults and cancel.
#include "archive/ratelimitspec.h"
#include "archive/service/localarchiveserver.h"
#include "charts/chartarchive.h"
#include "search/countsfetcher.h"
#include "testarchive.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ts;
using namespace ts::search;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ts::search::ProviderKind)
Q_DECLARE_METATYPE(ts::search::CountsGranularity)

namespace {
constexpr int TweetsPerWord = 30;
constexpr qint64 HourMs = 3600 * 1000;
} // namespace

class TestCountsFetcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sumsMatchTheArchive_data();
    void sumsMatchTheArchive();
    void badQueryFailsAloneWithTheReason();
    void serverErrorsAreRetried();
    void pacedToTheBudgetBeforeA429();
    void waitsOutA429();
    void cancelStopsEveryQuery();

private:
    std::unique_ptr<archive::LocalArchiveServer> serve(
        const QString &latency, const QString &faults = {}, const QString &rateLimit = {});
    ConnectionConfig connection(ProviderKind kind, const archive::LocalArchiveServer &server) const;
    SearchOptions window() const;
    /// How many tweets of the archive each query matches (chartarchive.h's rule).
    static qint64 expected(int wordIndex) { return TweetsPerWord * 2 / (1 + wordIndex % 4); }

    QTemporaryDir m_dir;
    QString m_db;
    QStringList m_words;
    qint64 m_endMs = 0;
};

void TestCountsFetcher::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_words = testing::chartWords(6);
    m_db = m_dir.filePath(u"archive.sqlite"_s);
    // Whole hours, so that every granularity's buckets tile the window exactly.
    m_endMs = (QDateTime::currentMSecsSinceEpoch() / HourMs - 1) * HourMs;
    QString error;
    QVERIFY2(
        testing::writeArchive(m_db, testing::chartTweets(m_words, TweetsPerWord, m_endMs - 1000, 2 * HourMs), &error),
        qPrintable(error));
}

std::unique_ptr<archive::LocalArchiveServer> TestCountsFetcher::serve(
    const QString &latency, const QString &faults, const QString &rateLimit)
{
    archive::ServiceOptions so;
    so.dbPath = m_db;
    QString error;
    if (!rateLimit.isEmpty())
        so.rateLimit = *ts::parseRateLimit(rateLimit, &error);
    so.latency = *archive::LatencyProfile::parse(latency, &error);
    if (!faults.isEmpty())
        so.faults = *archive::FaultSpec::parse(faults, &error);
    so.seed = 7;
    auto server = std::make_unique<archive::LocalArchiveServer>(so);
    if (!server->start(&error))
        qWarning("local archive did not start: %s", qPrintable(error));
    return server;
}

ConnectionConfig TestCountsFetcher::connection(ProviderKind kind, const archive::LocalArchiveServer &server) const
{
    ConnectionConfig c;
    c.provider = kind;
    c.baseUrl = server.baseUrl();
    c.bearerToken = u"any"_s;
    c.account = u"acme"_s;
    c.label = u"test"_s;
    c.username = u"user"_s;
    c.password = u"secret"_s;
    return c;
}

SearchOptions TestCountsFetcher::window() const
{
    SearchOptions o;
    o.startTime = QDateTime::fromMSecsSinceEpoch(m_endMs - 3 * HourMs, QTimeZone::utc());
    o.endTime = QDateTime::fromMSecsSinceEpoch(m_endMs, QTimeZone::utc());
    o.retryBaseDelayMs = 20;
    o.transferTimeoutMs = 10000;
    return o;
}

void TestCountsFetcher::sumsMatchTheArchive_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<CountsGranularity>("granularity");
    QTest::addColumn<int>("buckets"); ///< in the 3-hour window

    QTest::addRow("v2 minute") << ProviderKind::Local << CountsGranularity::Minute << 180;
    QTest::addRow("v2 hour") << ProviderKind::Local << CountsGranularity::Hour << 3;
    QTest::addRow("v2 day") << ProviderKind::XAll << CountsGranularity::Day << -1; // a partial day or two
    QTest::addRow("enterprise hour") << ProviderKind::Enterprise30Day << CountsGranularity::Hour << 3;
    QTest::addRow("enterprise full archive minute")
        << ProviderKind::EnterpriseFullArchive << CountsGranularity::Minute << 180;
}

void TestCountsFetcher::sumsMatchTheArchive()
{
    QFETCH(ProviderKind, kind);
    QFETCH(CountsGranularity, granularity);
    QFETCH(int, buckets);

    // 200 ms answers: even paced to Enterprise's 20 requests a second, requests overlap.
    const auto server = serve(u"fixed:200"_s);
    QVERIFY(server->isRunning());
    CountsFetcher fetcher;
    QSignalSpy counted(&fetcher, &CountsFetcher::queryCounted);
    QSignalSpy finished(&fetcher, &CountsFetcher::finished);
    QStringList queries = m_words;
    queries << u"%1 OR %2"_s.arg(m_words.at(0), m_words.at(3)) << u"nothingmatchesthis"_s;
    QString error;
    QVERIFY2(fetcher.start(connection(kind, *server), queries, granularity, window(), &error), qPrintable(error));
    QVERIFY(fetcher.isRunning());
    QVERIFY(finished.wait(20000));
    QVERIFY(!fetcher.isRunning());
    QCOMPARE(counted.size(), queries.size());

    for (int q = 0; q < queries.size(); ++q) {
        const QueryCounts &c = fetcher.results().at(q);
        QVERIFY2(c.status == QueryStatus::Ok, qPrintable(c.error));
        qint64 sum = 0;
        for (const CountsBucket &b : c.buckets) {
            sum += b.count;
            QVERIFY(b.endMs > b.startMs);
        }
        const qint64 want = q < m_words.size() ? expected(q) : q == m_words.size() ? expected(0) + expected(3) : 0;
        QCOMPARE(sum, want);
        QCOMPARE(c.total, want);
        if (buckets > 0)
            QCOMPARE(c.buckets.size(), buckets);
    }
    // All at once: the requests overlapped.
    QVERIFY(server->stats().maxInFlight >= 2);
}

void TestCountsFetcher::badQueryFailsAloneWithTheReason()
{
    const auto server = serve(u"none"_s);
    CountsFetcher fetcher;
    QSignalSpy finished(&fetcher, &CountsFetcher::finished);
    QStringList details;
    connect(&fetcher, &CountsFetcher::queryStateChanged, this,
        [&details](int, const QueryResult &, const QString &detail) { details << detail; });
    QVERIFY(fetcher.start(
        connection(ProviderKind::Local, *server), { m_words.at(1), u"(cats OR"_s }, CountsGranularity::Hour, window()));
    QVERIFY(finished.wait(10000));
    QCOMPARE(fetcher.results().at(0).status, QueryStatus::Ok);
    QCOMPARE(fetcher.results().at(0).total, expected(1));
    QCOMPARE(fetcher.results().at(1).status, QueryStatus::Error);
    QVERIFY2(fetcher.results().at(1).error.contains(u"invalid query"_s), qPrintable(fetcher.results().at(1).error));
    QVERIFY(details.contains(fetcher.results().at(1).error));

    // The server's own 400 for a window it refuses reaches the person too.
    SearchOptions backwards = window();
    std::swap(backwards.startTime, backwards.endTime);
    QVERIFY(
        fetcher.start(connection(ProviderKind::Local, *server), { m_words.at(1) }, CountsGranularity::Hour, backwards));
    QVERIFY(finished.wait(10000));
    QCOMPARE(fetcher.results().at(0).status, QueryStatus::Error);
    QVERIFY2(fetcher.results().at(0).error.contains(u"start_time"_s), qPrintable(fetcher.results().at(0).error));

    // No connection: refused before anything is sent.
    QString error;
    ConnectionConfig broken = connection(ProviderKind::Local, *server);
    broken.baseUrl = QUrl();
    QVERIFY(!fetcher.start(broken, { m_words.at(1) }, CountsGranularity::Hour, window(), &error));
    QVERIFY(error.contains(u"base URL"_s));
}

void TestCountsFetcher::serverErrorsAreRetried()
{
    // Every other answer a 503: retries (up to 3 per page) still bring every count home,
    // or, if a page was unlucky four times, say so.
    const auto server = serve(u"none"_s, u"503:0.5"_s);
    CountsFetcher fetcher;
    QSignalSpy finished(&fetcher, &CountsFetcher::finished);
    QVERIFY(fetcher.start(connection(ProviderKind::Local, *server), m_words, CountsGranularity::Hour, window()));
    QVERIFY(finished.wait(20000));
    int requests = 0;
    for (int q = 0; q < m_words.size(); ++q) {
        const QueryCounts &c = fetcher.results().at(q);
        requests += c.requests;
        if (c.status == QueryStatus::Ok)
            QCOMPARE(c.total, expected(q));
        else
            QVERIFY2(c.error.contains(u"Service Unavailable"_s) && c.error.contains(u"gave up"_s), qPrintable(c.error));
    }
    QVERIFY2(requests > m_words.size(), "some 503 was retried");
}

void TestCountsFetcher::pacedToTheBudgetBeforeA429()
{
    // The server allows 3 requests a second; the fetcher is given the same budget: six queries
    // are counted in two windows without a single 429.
    const auto server = serve(u"none"_s, {}, u"3/s"_s);
    ConnectionConfig c = connection(ProviderKind::Local, *server);
    c.rateLimit = *ts::parseRateLimit(u"3/s"_s);
    QVERIFY(!c.rateLimit.isEmpty());
    CountsFetcher fetcher;
    QSignalSpy finished(&fetcher, &CountsFetcher::finished);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(fetcher.start(c, m_words, CountsGranularity::Hour, window()));
    QVERIFY(finished.wait(20000));
    QVERIFY2(clock.elapsed() >= 900, "the second window was waited for");
    for (int q = 0; q < m_words.size(); ++q) {
        const QueryCounts &c = fetcher.results().at(q);
        QCOMPARE(c.status, QueryStatus::Ok);
        QCOMPARE(c.total, expected(q));
        QCOMPARE(c.requests, 1); // nothing was refused and sent again
    }
    QCOMPARE(server->stats().requests, qint64(m_words.size()));
}

void TestCountsFetcher::waitsOutA429()
{
    // No budget given: the first burst meets the server's 429s; the refused queries wait for
    // the reset the server named and then count everything, with the state saying so.
    const auto server = serve(u"none"_s, {}, u"3/s"_s);
    CountsFetcher fetcher;
    QSignalSpy finished(&fetcher, &CountsFetcher::finished);
    QStringList states;
    connect(
        &fetcher, &CountsFetcher::queryStateChanged, this, [&](int, const QueryResult &state, const QString &detail) {
            if (state.status == QueryStatus::RateLimited)
                states << detail;
        });
    QVERIFY(fetcher.start(connection(ProviderKind::Local, *server), m_words, CountsGranularity::Hour, window()));
    QVERIFY(finished.wait(20000));
    for (int q = 0; q < m_words.size(); ++q) {
        QCOMPARE(fetcher.results().at(q).status, QueryStatus::Ok);
        QCOMPARE(fetcher.results().at(q).total, expected(q));
    }
    QVERIFY(!states.isEmpty());
    QVERIFY2(states.constFirst().startsWith(u"rate limited until "_s), qPrintable(states.constFirst()));
}

void TestCountsFetcher::cancelStopsEveryQuery()
{
    const auto server = serve(u"fixed:3000"_s);
    CountsFetcher fetcher;
    QSignalSpy finished(&fetcher, &CountsFetcher::finished);
    QSignalSpy counted(&fetcher, &CountsFetcher::queryCounted);
    QVERIFY(fetcher.start(connection(ProviderKind::Local, *server), m_words, CountsGranularity::Hour, window()));
    QTest::qWait(100);
    QElapsedTimer clock;
    clock.start();
    fetcher.cancel();
    QVERIFY(finished.wait(2000));
    QVERIFY2(clock.elapsed() < 1500, "cancel is prompt");
    QCOMPARE(counted.size(), m_words.size());
    for (const QueryCounts &c : fetcher.results())
        QCOMPARE(c.status, QueryStatus::Cancelled);
    // Counting again right after works.
    QVERIFY(
        fetcher.start(connection(ProviderKind::Local, *server), { m_words.at(0) }, CountsGranularity::Hour, window()));
    fetcher.cancel();
    QVERIFY(finished.wait(2000));
}

QTEST_GUILESS_MAIN(TestCountsFetcher)
#include "tst_countsfetcher.moc"
