// SPDX-License-Identifier: MIT
#include "search/sweepstats.h"

#include <QTest>

using namespace ts::search;

class TestSweepStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void levels_data();
    void levels();
    void median_data();
    void median();
    void aggregate();
    void withoutBaseline();
    void plan();
};

void TestSweepStats::levels_data()
{
    QTest::addColumn<int>("queries");
    QTest::addColumn<QList<int>>("levels");
    QTest::addRow("none") << 0 << QList<int> {};
    QTest::addRow("one") << 1 << QList<int> { 1 };
    QTest::addRow("six seed queries") << 6 << QList<int> { 1, 2, 4, 6 };
    QTest::addRow("eight") << 8 << QList<int> { 1, 2, 4, 8 };
    QTest::addRow("64") << 64 << QList<int> { 1, 2, 4, 8, 16, 32, 64 };
}

void TestSweepStats::levels()
{
    QFETCH(int, queries);
    QTEST(sweepLevels(queries), "levels");
}

void TestSweepStats::median_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("expected");
    QTest::addRow("empty") << QList<double> {} << 0.0;
    QTest::addRow("one") << QList<double> { 5 } << 5.0;
    QTest::addRow("odd, unsorted") << QList<double> { 9, 1, 5 } << 5.0;
    QTest::addRow("even") << QList<double> { 4, 1, 3, 2 } << 2.5;
    QTest::addRow("outlier ignored") << QList<double> { 100, 101, 5000 } << 101.0;
}

void TestSweepStats::median()
{
    QFETCH(QList<double>, values);
    QTEST(ts::search::median(values), "expected");
}

void TestSweepStats::aggregate()
{
    SweepResult r;
    r.queries = { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
        QStringLiteral("e"), QStringLiteral("f") };
    r.levels = sweepLevels(6);
    r.repeats = 3;
    const QList<QPair<int, double>> walls { { 1, 1200 }, { 1, 1150 }, { 1, 1300 }, { 2, 600 }, { 2, 640 }, { 2, 610 },
        { 4, 400 }, { 4, 330 }, { 4, 320 }, { 6, 300 }, { 6, 2000 }, { 6, 290 } };
    for (int i = 0; i < walls.size(); ++i)
        r.samples.append({ walls.at(i).first, i % 3, walls.at(i).second, 0, 12, 1200, 0 });
    const QList<SweepPoint> points = aggregateSweep(r);
    QCOMPARE(points.size(), 4);
    QCOMPARE(points.at(0).concurrency, 1);
    QCOMPARE(points.at(0).medianWallMs, 1200.0);
    QCOMPARE(points.at(0).speedup, 1.0);
    QCOMPARE(points.at(1).medianWallMs, 610.0);
    QCOMPARE(points.at(1).minWallMs, 600.0);
    QCOMPARE(points.at(1).maxWallMs, 640.0);
    QCOMPARE(points.at(2).speedup, 1200.0 / 330);
    QCOMPARE(points.at(3).medianWallMs, 300.0); // the 2000 ms outlier does not move the median
    QCOMPARE(points.at(3).speedup, 4.0);
    QCOMPARE(points.at(3).idealSpeedup, 6.0);
    QCOMPARE(points.at(3).efficiency, 4.0 / 6);
    QCOMPARE(points.at(3).repeats, 3);
}

void TestSweepStats::withoutBaseline()
{
    SweepResult r;
    r.queries = { QStringLiteral("a"), QStringLiteral("b") };
    r.samples.append({ 2, 0, 500, 0, 2, 0, 0 });
    const QList<SweepPoint> points = aggregateSweep(r);
    QCOMPARE(points.size(), 1);
    QCOMPARE(points.constFirst().speedup, 0.0); // no concurrency-1 run yet: no speedup to claim
    QCOMPARE(points.constFirst().idealSpeedup, 2.0);
}

void TestSweepStats::plan()
{
    const SweepPlan plan { { 1, 2, 4 }, 2 };
    QCOMPARE(plan.stepCount(), 6);
    QList<int> order;
    QList<int> repeats;
    for (int step = 0; step < plan.stepCount(); ++step) {
        order.append(plan.concurrencyAt(step));
        repeats.append(plan.repeatAt(step));
    }
    QCOMPARE(order, (QList<int> { 1, 2, 4, 1, 2, 4 }));
    QCOMPARE(repeats, (QList<int> { 0, 0, 0, 1, 1, 1 }));
}

QTEST_GUILESS_MAIN(TestSweepStats)
#include "tst_sweepstats.moc"
