// SPDX-License-Identifier: MIT
#include "chartmath/comparedata.h"
#include "chartmath/querytimes.h"
#include "chartmath/runtotals.h"
#include "charts/syntheticrun.h"

#include <QTest>

using namespace ts;
using namespace ts::ui;
using search::RunMode;

namespace {
search::RequestTiming request(int query, int page, double scheduled, double sent, double parsed)
{
    search::RequestTiming t;
    t.query = QStringLiteral("q%1").arg(query);
    t.queryIndex = query;
    t.page = page;
    t.httpStatus = 200;
    t.scheduledMs = scheduled;
    t.sentMs = sent;
    t.firstByteMs = sent + (parsed - sent) / 2;
    t.finishedMs = parsed - 1;
    t.parsedMs = parsed;
    t.tweets = 10;
    return t;
}
} // namespace

class TestRunTotals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void speedup_data();
    void speedup();
    void totalsFromTimings();
    void summaryWins();
    void retriedIsNotFailed();
    void text();
    void queryTimes();
    void compareDataKeepsBothRuns();
};

void TestRunTotals::speedup_data()
{
    QTest::addColumn<double>("seqWall");
    QTest::addColumn<double>("concWall");
    QTest::addColumn<int>("queries");
    QTest::addColumn<double>("speedup");
    QTest::addColumn<double>("efficiency");
    QTest::addRow("perfect 6") << 600.0 << 100.0 << 6 << 6.0 << 1.0;
    QTest::addRow("half efficient") << 600.0 << 200.0 << 6 << 3.0 << 0.5;
    QTest::addRow("slower concurrent") << 100.0 << 200.0 << 2 << 0.5 << 0.25;
    QTest::addRow("no concurrent wall yet") << 100.0 << 0.0 << 2 << 0.0 << 0.0;
    QTest::addRow("a query failed") << 600.0 << 100.0 << 6 << 0.0 << 0.0;
    QTest::addRow("no tweets") << 600.0 << 100.0 << 6 << 0.0 << 0.0;
}

void TestRunTotals::speedup()
{
    QFETCH(double, seqWall);
    QFETCH(double, concWall);
    QFETCH(int, queries);
    RunTotals seq;
    seq.present = true;
    seq.finished = true;
    seq.wallMs = seqWall;
    seq.queries = queries;
    seq.tweets = 100;
    RunTotals conc = seq;
    conc.wallMs = concWall;
    if (QByteArrayView(QTest::currentDataTag()) == "a query failed")
        conc.failedQueries = 1;
    if (QByteArrayView(QTest::currentDataTag()) == "no tweets")
        seq.tweets = 0;
    const CompareTotals c = compareTotals(seq, conc);
    QTEST(c.speedup, "speedup");
    QTEST(c.efficiency, "efficiency");
    // Both finished: no speedup always says why (the rule is search::speedupOf).
    QCOMPARE(c.withheld.isEmpty(), c.speedup > 0);
    QCOMPARE(totalsText(c).contains(QStringLiteral("No speedup: ")), c.speedup == 0);
}

void TestRunTotals::totalsFromTimings()
{
    auto retry = request(1, 1, 50, 450, 500);
    retry.attempt = 2;
    retry.rateLimited = true;
    auto failed = request(2, 1, 0, 0, 90);
    failed.httpStatus = 503;
    failed.error = QStringLiteral("Service Unavailable");
    const QList<search::RequestTiming> timings { request(0, 1, 0, 10, 110), request(0, 2, 110, 111, 300), retry,
        failed };
    const RunTotals t = runTotals(timings, 3);
    QVERIFY(t.present);
    QVERIFY(!t.finished);
    QCOMPARE(t.wallMs, 500.0); // the latest end
    QCOMPARE(t.requests, 4);
    QCOMPARE(t.tweets, 40);
    QCOMPARE(t.retries, 1);
    QCOMPARE(t.rateLimited, 1);
    QCOMPARE(t.failed, 1);
    QCOMPARE(t.queuedSumMs, 10.0 + 1 + 400 + 0);
    QCOMPARE(t.latencySumMs, (109.0 - 10) + (299.0 - 111) + (499.0 - 450) + (89.0 - 0));
}

void TestRunTotals::retriedIsNotFailed()
{
    // A 503 whose retry succeeded is a retry; a 500 nobody retried is a failure.
    auto first = request(0, 1, 0, 0, 50);
    first.httpStatus = 503;
    first.error = QStringLiteral("Service Unavailable");
    auto retry = request(0, 1, 50, 60, 120);
    retry.attempt = 2;
    auto lost = request(1, 1, 0, 0, 40);
    lost.httpStatus = 500;
    lost.error = QStringLiteral("Internal Server Error");
    const RunTotals t = runTotals({ first, retry, lost }, 2);
    QCOMPARE(t.retries, 1);
    QCOMPARE(t.failed, 1);
    const QString text = totalsText(compareTotals(t, {}));
    QVERIFY2(text.contains(QStringLiteral("1 retry, 1 failed request")), qPrintable(text));
}

void TestRunTotals::summaryWins()
{
    const auto seq = testing::sequentialRun(testing::seedQueries());
    const RunTotals t = runTotals(seq.requestTimings, 6, seq);
    QVERIFY(t.finished);
    QCOMPARE(t.wallMs, seq.wallMs);
    QCOMPARE(t.tweets, seq.tweets);
    QCOMPARE(t.latencySumMs, seq.latencySumMs);
}

void TestRunTotals::text()
{
    const QStringList queries = testing::seedQueries();
    const auto seq = testing::sequentialRun(queries);
    const auto conc = testing::concurrentRun(queries);
    const CompareTotals c
        = compareTotals(runTotals(seq.requestTimings, 6, seq), runTotals(conc.requestTimings, 6, conc));
    const QString text = totalsText(c);
    QVERIFY2(text.contains(QStringLiteral("Sequential: wall ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Concurrent: wall ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Speedup %1×").arg(seq.wallMs / conc.wallMs, 0, 'f', 2)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1 retry, 2 rate limited")), qPrintable(text)); // the 429 and its retry
    QVERIFY2(text.contains(QStringLiteral("sum of latencies")), qPrintable(text));

    RunTotals running;
    running.present = true;
    QVERIFY(totalsText(compareTotals(running, {})).contains(QStringLiteral("(running)")));
    QVERIFY(totalsText(compareTotals(running, {})).contains(QStringLiteral("Concurrent: not run")));
}

void TestRunTotals::queryTimes()
{
    auto failedLast = request(2, 1, 5, 6, 50);
    failedLast.httpStatus = 500;
    auto firstFailedThenOk = request(1, 1, 0, 1, 20);
    firstFailedThenOk.httpStatus = 503;
    auto retryOk = request(1, 1, 20, 120, 160);
    retryOk.attempt = 2;
    const QList<search::RequestTiming> timings { request(0, 1, 0, 0, 100), request(0, 2, 100, 100, 250),
        firstFailedThenOk, retryOk, failedLast, request(7, 1, 0, 0, 1) };
    const QList<QueryTime> times = ts::ui::queryTimes(timings, 4);
    QCOMPARE(times.size(), 4);
    QCOMPARE(times.at(0).durationMs(), 250.0);
    QCOMPARE(times.at(0).pages, 2);
    QCOMPARE(times.at(0).requests, 2);
    QCOMPARE(times.at(1).durationMs(), 160.0);
    QCOMPARE(times.at(1).pages, 1);
    QCOMPARE(times.at(1).retries, 1);
    QVERIFY(!times.at(1).failed); // the retry succeeded
    QVERIFY(times.at(2).failed);
    QCOMPARE(times.at(2).startMs, 5.0);
    QCOMPARE(times.at(3).requests, 0); // no request: an empty bar
}

void TestRunTotals::compareDataKeepsBothRuns()
{
    const QStringList queries = testing::seedQueries();
    const auto seq = testing::sequentialRun(queries);
    const auto conc = testing::concurrentRun(queries);
    CompareData data;
    QVERIFY(data.startRun(RunMode::Sequential, queries));
    for (const auto &t : seq.requestTimings)
        data.addTiming(RunMode::Sequential, t);
    QVERIFY(!data.isFinished(RunMode::Sequential));
    data.finishRun(seq);
    QVERIFY(!data.startRun(RunMode::Concurrent, queries)); // same queries: a compare
    data.addTiming(RunMode::Concurrent, conc.requestTimings.constFirst());
    QCOMPARE(data.timings(RunMode::Concurrent).size(), 1);
    QVERIFY(data.hasRun(RunMode::Sequential));
    QCOMPARE(data.compare().speedup, 0.0); // no speedup from a run that is still going
    data.finishRun(conc);
    QCOMPARE(data.timings(RunMode::Concurrent).size(), conc.requestTimings.size());
    QCOMPARE(data.compare().speedup, seq.wallMs / conc.wallMs);

    // Running the concurrent side again replaces only it.
    QVERIFY(!data.startRun(RunMode::Concurrent, queries));
    QVERIFY(data.timings(RunMode::Concurrent).isEmpty());
    QCOMPARE(data.timings(RunMode::Sequential).size(), seq.requestTimings.size());

    // Other queries: a fresh start.
    QVERIFY(data.startRun(RunMode::Concurrent, { QStringLiteral("other") }));
    QVERIFY(!data.hasRun(RunMode::Sequential));
    QCOMPARE(data.queries(), QStringList { QStringLiteral("other") });
}

QTEST_GUILESS_MAIN(TestRunTotals)
#include "tst_runtotals.moc"
