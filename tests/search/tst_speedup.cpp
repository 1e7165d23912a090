// SPDX-License-Identifier: MIT
// The one speedup rule (search/speedup.h): honest only when both runs ran every query to the
// end without a failure and fetched tweets.
#include "search/speedup.h"

#include <QTest>

using namespace ts::search;

namespace {

RunSummary run(RunMode mode, double wallMs, const QList<QueryStatus> &statuses, int tweetsPerQuery = 10)
{
    RunSummary s;
    s.mode = mode;
    s.wallMs = wallMs;
    for (int i = 0; i < statuses.size(); ++i) {
        QueryResult q;
        q.query = QStringLiteral("q%1").arg(i);
        q.status = statuses.at(i);
        q.tweets = statuses.at(i) == QueryStatus::Ok ? tweetsPerQuery : 0;
        s.tweets += q.tweets;
        if (q.status == QueryStatus::Error)
            ++s.failedQueries;
        s.queries.append(q);
    }
    return s;
}

QList<QueryStatus> all(QueryStatus status, int n)
{
    return QList<QueryStatus>(n, status);
}

} // namespace

class TestSpeedup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void honest()
    {
        const Speedup s = speedupOf(run(RunMode::Sequential, 600, all(QueryStatus::Ok, 6)),
            run(RunMode::Concurrent, 150, all(QueryStatus::Ok, 6)));
        QVERIFY(s.honest());
        QCOMPARE(s.value, 4.0);
        QCOMPARE(s.efficiency, 4.0 / 6);
        QCOMPARE(s.queries, 6);
        QVERIFY(s.withheld.isEmpty());
    }

    void everyRequestFailed()
    {
        // An unreachable provider: every query of both runs failed, and failing is fast.
        const Speedup s = speedupOf(run(RunMode::Sequential, 560, all(QueryStatus::Error, 6)),
            run(RunMode::Concurrent, 100, all(QueryStatus::Error, 6)));
        QVERIFY(!s.honest());
        QCOMPARE(s.value, 0.0);
        QCOMPARE(s.efficiency, 0.0);
        QCOMPARE(
            s.withheld, u"6 of 6 queries failed in the sequential run; 6 of 6 queries failed in the concurrent run");
    }

    void oneQueryOfOneRunFailed()
    {
        QList<QueryStatus> statuses = all(QueryStatus::Ok, 6);
        statuses[2] = QueryStatus::Error;
        const Speedup s = speedupOf(
            run(RunMode::Sequential, 600, all(QueryStatus::Ok, 6)), run(RunMode::Concurrent, 150, statuses));
        QVERIFY(!s.honest());
        QCOMPARE(s.withheld, u"1 of 6 queries failed in the concurrent run");
    }

    void cancelled()
    {
        QList<QueryStatus> statuses = all(QueryStatus::Ok, 2);
        statuses[1] = QueryStatus::Cancelled;
        const Speedup s = speedupOf(
            run(RunMode::Sequential, 200, statuses), run(RunMode::Concurrent, 100, all(QueryStatus::Ok, 2)));
        QVERIFY(!s.honest());
        QCOMPARE(s.withheld, u"1 of 2 queries did not finish in the sequential run");
    }

    void noTweets()
    {
        const Speedup s = speedupOf(run(RunMode::Sequential, 600, all(QueryStatus::Ok, 1), 0),
            run(RunMode::Concurrent, 150, all(QueryStatus::Ok, 1)));
        QVERIFY(!s.honest());
        QCOMPARE(s.withheld, u"the sequential run fetched no tweets");
    }

    void noWallTime()
    {
        const Speedup s = speedupOf(run(RunMode::Sequential, 600, all(QueryStatus::Ok, 1)),
            run(RunMode::Concurrent, 0, all(QueryStatus::Ok, 1)));
        QVERIFY(!s.honest());
        QCOMPARE(s.withheld, u"the concurrent run has no wall time");
    }

    void failedCountWithoutQueryList()
    {
        // A summary that only says how many failed (no per-query results) is still believed.
        RunSummary seq = run(RunMode::Sequential, 600, {});
        seq.tweets = 10;
        seq.failedQueries = 1;
        RunSummary conc = seq;
        conc.wallMs = 100;
        conc.failedQueries = 0;
        QCOMPARE(runOutcome(seq).failedQueries, 1);
        QVERIFY(!speedupOf(seq, conc).honest());
    }

    void quantities()
    {
        QCOMPARE(quantity(1, QStringLiteral("reply"), QStringLiteral("replies")), u"1 reply");
        QCOMPARE(quantity(0, QStringLiteral("reply"), QStringLiteral("replies")), u"0 replies");
        QCOMPARE(quantity(12, QStringLiteral("query"), QStringLiteral("queries")), u"12 queries");
    }
};

QTEST_GUILESS_MAIN(TestSpeedup)
#include "tst_speedup.moc"
