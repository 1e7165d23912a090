// SPDX-License-Identifier: MIT
#include "chartmath/timescale.h"
#include "chartmath/waterfalllayout.h"
#include "charts/syntheticrun.h"

#include <QTest>

using namespace ts;
using namespace ts::ui;

namespace {
search::RequestTiming request(int query, int page, double start, double end)
{
    search::RequestTiming t;
    t.query = QStringLiteral("q%1").arg(query);
    t.queryIndex = query;
    t.page = page;
    t.httpStatus = 200;
    t.scheduledMs = start;
    t.sentMs = start;
    t.firstByteMs = start + (end - start) * 0.7;
    t.finishedMs = start + (end - start) * 0.9;
    t.parsedMs = end;
    return t;
}

/// "start-end" pairs separated by spaces: "0-10 5-20 10-30".
QList<search::RequestTiming> requests(const QString &spec)
{
    QList<search::RequestTiming> out;
    int q = 0;
    for (const QString &part : spec.split(u' ', Qt::SkipEmptyParts)) {
        const QStringList ends = part.split(u'-');
        out.append(request(q++, 1, ends.at(0).toDouble(), ends.at(1).toDouble()));
    }
    return out;
}
} // namespace

class TestWaterfallLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lanes_data();
    void lanes();
    void runsStackedOnOneScale();
    void orderIsScheduling();
    void barAt();
    void chooseMode();
    void scale();
    void ticks_data();
    void ticks();
    void durations_data();
    void durations();
};

void TestWaterfallLayout::lanes_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("perRequestLanes");
    QTest::addColumn<int>("packedLanes");

    QTest::addRow("one request") << QStringLiteral("0-10") << 1 << 1;
    QTest::addRow("back to back share a lane") << QStringLiteral("0-10 10-20 20-30") << 3 << 1;
    QTest::addRow("all overlapping") << QStringLiteral("0-10 1-11 2-12 3-13") << 4 << 4;
    QTest::addRow("two waves of three") << QStringLiteral("0-10 0-10 0-10 10-20 10-20 10-20") << 6 << 3;
    QTest::addRow("staircase") << QStringLiteral("0-15 5-20 16-30 21-40") << 4 << 2;
}

void TestWaterfallLayout::lanes()
{
    QFETCH(QString, spec);
    QFETCH(int, perRequestLanes);
    QFETCH(int, packedLanes);
    const QList<WaterfallRun> runs { { search::RunMode::Concurrent, requests(spec), {} } };

    const WaterfallLayout one = layoutWaterfall(runs, LaneMode::PerRequest);
    QCOMPARE(one.laneCount(0), perRequestLanes);
    QCOMPARE(one.rows.size(), perRequestLanes + 1); // the run's heading
    QVERIFY(one.rows.constFirst().heading);
    QCOMPARE(one.bars.size(), runs.constFirst().timings.size());

    const WaterfallLayout packed = layoutWaterfall(runs, LaneMode::Packed);
    QCOMPARE(packed.laneCount(0), packedLanes);
    QCOMPARE(packed.bars.size(), runs.constFirst().timings.size());
    // Bars sharing a lane never overlap.
    for (const WaterfallRow &row : packed.rows) {
        for (int i = 1; i < row.bars.size(); ++i)
            QVERIFY(packed.bars.at(row.bars.at(i)).phases.startMs >= packed.bars.at(row.bars.at(i - 1)).phases.endMs);
    }
}

void TestWaterfallLayout::runsStackedOnOneScale()
{
    const QStringList queries = testing::seedQueries();
    const auto seq = testing::sequentialRun(queries);
    const auto conc = testing::concurrentRun(queries);
    const QList<WaterfallRun> runs { { seq.mode, seq.requestTimings, {} }, { conc.mode, conc.requestTimings, {} } };
    const WaterfallLayout layout = layoutWaterfall(runs, LaneMode::PerRequest);

    // Sequential heading, its lanes, then the concurrent heading and its lanes.
    QVERIFY(layout.rows.at(0).heading);
    QCOMPARE(layout.rows.at(0).run, 0);
    const int concHeading = 1 + int(seq.requestTimings.size());
    QVERIFY(layout.rows.at(concHeading).heading);
    QCOMPARE(layout.rows.at(concHeading).run, 1);
    QCOMPARE(layout.rows.size(), 2 + seq.requestTimings.size() + conc.requestTimings.size());
    for (const WaterfallBar &bar : layout.bars)
        QVERIFY(bar.run == 0 ? bar.row < concHeading : bar.row > concHeading);
    // One scale: its end is the longer (sequential) run's end, so the concurrent run looks shorter.
    QCOMPARE(layout.endMs, seq.requestTimings.constLast().parsedMs);
    QVERIFY(seq.wallMs > 2 * conc.wallMs);
}

void TestWaterfallLayout::orderIsScheduling()
{
    QList<search::RequestTiming> timings { request(2, 1, 30, 40), request(0, 1, 0, 10), request(1, 2, 15, 20),
        request(1, 1, 15, 25) };
    const WaterfallLayout layout
        = layoutWaterfall({ { search::RunMode::Concurrent, timings, {} } }, LaneMode::PerRequest);
    QList<int> order;
    for (int row = 1; row < layout.rows.size(); ++row)
        order.append(layout.bars.at(layout.rows.at(row).bars.constFirst()).timingIndex);
    // By start, then query, then page.
    QCOMPARE(order, (QList<int> { 1, 3, 2, 0 }));
}

void TestWaterfallLayout::barAt()
{
    const WaterfallLayout layout = layoutWaterfall(
        { { search::RunMode::Concurrent, requests(QStringLiteral("0-10 20-30")), {} } }, LaneMode::Packed);
    QCOMPARE(layout.rows.size(), 2);
    QCOMPARE(layout.barAt(1, 5, 0), 0);
    QCOMPARE(layout.barAt(1, 25, 0), 1);
    QCOMPARE(layout.barAt(1, 15, 0), -1); // the gap
    QCOMPARE(layout.barAt(1, 11, 2), 0); // within tolerance of the first bar's end
    QCOMPARE(layout.barAt(0, 5, 0), -1); // the heading row has no bars
    QCOMPARE(layout.barAt(7, 5, 0), -1);
}

void TestWaterfallLayout::chooseMode()
{
    const QList<WaterfallRun> small { { search::RunMode::Sequential, requests(QStringLiteral("0-1 1-2")), {} } };
    QCOMPARE(chooseLaneMode(small, 400), LaneMode::PerRequest);
    QCOMPARE(chooseLaneMode(small, 1), LaneMode::Packed);
}

void TestWaterfallLayout::scale()
{
    const TimeScale s { 0, 1000, 100, 600 };
    QCOMPARE(s.toX(0), 100.0);
    QCOMPARE(s.toX(500), 350.0);
    QCOMPARE(s.toX(1000), 600.0);
    QCOMPARE(s.toMs(350), 500.0);
    QCOMPARE(s.pixelsPerMs(), 0.5);
    const TimeScale empty { 0, 0, 100, 600 };
    QCOMPARE(empty.toMs(300), 0.0); // a zero span never divides by zero
}

void TestWaterfallLayout::ticks_data()
{
    QTest::addColumn<double>("max");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<QList<double>>("expected");
    QTest::addRow("1000 in 5") << 1000.0 << 5 << QList<double> { 0, 200, 400, 600, 800, 1000 };
    QTest::addRow("730 in 8") << 730.0 << 8 << QList<double> { 0, 100, 200, 300, 400, 500, 600, 700 };
    QTest::addRow("3.2 s in 4") << 3200.0 << 4 << QList<double> { 0, 1000, 2000, 3000 };
    QTest::addRow("small") << 0.9 << 3 << QList<double> { 0, 0.5 };
    QTest::addRow("zero") << 0.0 << 5 << QList<double> { 0 };
}

void TestWaterfallLayout::ticks()
{
    QFETCH(double, max);
    QFETCH(int, maxTicks);
    QFETCH(QList<double>, expected);
    const QList<double> ticks = niceTicks(max, maxTicks);
    QCOMPARE(ticks.size(), expected.size());
    for (int i = 0; i < ticks.size(); ++i)
        QVERIFY2(qFuzzyCompare(1 + ticks.at(i), 1 + expected.at(i)), qPrintable(QString::number(ticks.at(i))));
}

void TestWaterfallLayout::durations_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("text");
    QTest::addRow("sub-10 ms") << 2.24 << QStringLiteral("2.2 ms");
    QTest::addRow("ms") << 250.4 << QStringLiteral("250 ms");
    QTest::addRow("seconds") << 1534.0 << QStringLiteral("1.53 s");
    QTest::addRow("tens of seconds") << 12345.0 << QStringLiteral("12.3 s");
    QTest::addRow("minutes") << 125000.0 << QStringLiteral("2 min 5 s");
}

void TestWaterfallLayout::durations()
{
    QFETCH(double, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

QTEST_GUILESS_MAIN(TestWaterfallLayout)
#include "tst_waterfalllayout.moc"
