// SPDX-License-Identifier: MIT
// What the comparison view draws, from synthetic runs: both runs on one axis, the ideal
// (longest chain of one query's pages without queueing) and the actual concurrent wall, the
// request that set the wall with its phases, and no speedup from a run that failed.
#include "chartmath/comparelayout.h"
#include "charts/syntheticrun.h"

#include <QTest>

using namespace ts;
using namespace ts::ui;
using search::RunMode;
using namespace Qt::StringLiterals;

namespace {

CompareData feed(const QStringList &queries, const search::RunSummary &seq, const search::RunSummary &conc)
{
    CompareData data;
    data.startRun(RunMode::Sequential, queries);
    data.finishRun(seq);
    data.startRun(RunMode::Concurrent, queries);
    data.finishRun(conc);
    return data;
}

} // namespace

class TestCompareLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothRunsOnOneAxis()
    {
        const QStringList queries = testing::seedQueries();
        const auto seq = testing::sequentialRun(queries);
        const auto conc = testing::concurrentRun(queries);
        const CompareLayout l = compareLayout(feed(queries, seq, conc));
        QCOMPARE(l.queries, queries);
        QCOMPARE(l.sequential.size(), seq.requestTimings.size());
        QCOMPARE(l.concurrent.size(), conc.requestTimings.size());
        QCOMPARE(l.sequentialWallMs, seq.wallMs);
        QCOMPARE(l.concurrentWallMs, conc.wallMs);
        QCOMPARE(l.axisEndMs, std::max(seq.wallMs, conc.wallMs));
        // The sequential chain is in time order.
        for (int i = 1; i < l.sequential.size(); ++i)
            QVERIFY(l.sequential.at(i - 1).phases.startMs <= l.sequential.at(i).phases.startMs);
        QCOMPARE(l.totals.speedup, seq.wallMs / conc.wallMs);
        QCOMPARE(speedupHeadline(l.totals), QString::number(seq.wallMs / conc.wallMs, 'f', 1) + u"×");
    }

    void idealIsTheLongestChainWithoutQueueing()
    {
        // Two pages per query; query 1 waited for a 429 reset (queued), which the ideal leaves out.
        const QStringList queries = testing::seedQueries();
        const auto conc = testing::concurrentRun(queries);
        double longest = 0;
        int longestQuery = -1;
        for (int q = 0; q < queries.size(); ++q) {
            double chain = 0;
            for (const auto &t : conc.requestTimings) {
                if (t.queryIndex == q)
                    chain += (t.parsedMs >= 0 ? t.parsedMs : t.finishedMs) - t.sentMs;
            }
            if (chain > longest) {
                longest = chain;
                longestQuery = q;
            }
        }
        const CompareLayout l = compareLayout(feed(queries, testing::sequentialRun(queries), conc));
        QCOMPARE(l.idealMs, longest);
        QCOMPARE(l.idealQuery, longestQuery);
        QVERIFY(l.idealMs < l.concurrentWallMs); // six connections for six queries and a 429: time lost waiting
    }

    void slowestRequestSetTheWall()
    {
        const QStringList queries = testing::seedQueries();
        const auto conc = testing::concurrentRun(queries);
        const CompareLayout l = compareLayout(feed(queries, testing::sequentialRun(queries), conc));
        QVERIFY(l.slowest);
        double lastEnd = 0;
        for (const auto &t : conc.requestTimings)
            lastEnd = std::max(lastEnd, t.parsedMs >= 0 ? t.parsedMs : t.finishedMs);
        QCOMPARE(l.slowest->phases.endMs, lastEnd);
        const QString text = describeRequest(*l.slowest, queries);
        QVERIFY2(text.startsWith(queries.at(l.slowest->queryIndex) + u", page "_s), qPrintable(text));
        QVERIFY2(text.contains(u"waiting (TTFB) "_s) && text.contains(u" ms"_s), qPrintable(text));
    }

    void noSpeedupWhenARunFailed()
    {
        const QStringList queries = testing::seedQueries();
        auto conc = testing::concurrentRun(queries);
        conc.queries[2].status = search::QueryStatus::Error;
        conc.failedQueries = 1;
        const CompareLayout l = compareLayout(feed(queries, testing::sequentialRun(queries), conc));
        QCOMPARE(l.totals.speedup, 0.0);
        QCOMPARE(speedupHeadline(l.totals), u"no speedup");
        QCOMPARE(l.totals.withheld, u"1 of 6 queries failed in the concurrent run");
    }

    void emptyBeforeAnyRun()
    {
        const CompareLayout l = compareLayout(CompareData());
        QVERIFY(l.isEmpty());
        QVERIFY(!l.slowest);
        QCOMPARE(l.axisEndMs, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestCompareLayout)
#include "tst_comparelayout.moc"
