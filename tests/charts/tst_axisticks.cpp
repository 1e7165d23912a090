// SPDX-License-Identifier: MIT
// Axis ticks of the charts: round values on the timing axis, whole minutes/hours/days on the
// volume axis, and a tick at every sweep level (also the last one when it is not a power of 2).
#include "chartmath/axisticks.h"

#include <QDateTime>
#include <QTest>

using namespace ts::ui;
using namespace Qt::StringLiterals;

namespace {
qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toMSecsSinceEpoch();
}
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
} // namespace

class TestAxisTicks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void round_data();
    void round();
    void dates_data();
    void dates();
    void levels_data();
    void levels();
};

void TestAxisTicks::round_data()
{
    QTest::addColumn<double>("maxValue");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("step");
    QTest::addColumn<int>("count");

    QTest::addRow("730 ms: past the last tick, one more step") << 730.0 << 8 << 800.0 << 100.0 << 9;
    QTest::addRow("exactly on a tick") << 800.0 << 8 << 800.0 << 100.0 << 9;
    QTest::addRow("4.4 s sequential run") << 4400.0 << 8 << 5000.0 << 1000.0 << 6;
    QTest::addRow("small") << 3.2 << 8 << 3.5 << 0.5 << 8;
    QTest::addRow("one value") << 1.0 << 8 << 1.0 << 0.2 << 6;
    QTest::addRow("nothing yet") << 0.0 << 8 << 1.0 << 1.0 << 2;
}

void TestAxisTicks::round()
{
    QFETCH(double, maxValue);
    QFETCH(int, maxTicks);
    const ValueTicks t = roundTicks(maxValue, maxTicks);
    QTEST(t.max, "max");
    QTEST(t.step, "step");
    QTEST(t.count, "count");
    QVERIFY(t.max >= maxValue);
    QCOMPARE(t.max, t.step * (t.count - 1));
}

void TestAxisTicks::dates_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<qint64>("wantFrom");
    QTest::addColumn<qint64>("wantTo");
    QTest::addColumn<qint64>("step");
    QTest::addColumn<QString>("format");

    QTest::addRow("40 minutes: 10-minute ticks (5 would need 9)")
        << utc("2024-04-08T18:03:00Z") << utc("2024-04-08T18:43:00Z") << utc("2024-04-08T18:00:00Z")
        << utc("2024-04-08T18:50:00Z") << 10 * Minute << QStringLiteral("HH:mm");
    QTest::addRow("20 minutes: 5-minute ticks")
        << utc("2024-04-08T18:03:00Z") << utc("2024-04-08T18:21:00Z") << utc("2024-04-08T18:00:00Z")
        << utc("2024-04-08T18:25:00Z") << 5 * Minute << QStringLiteral("HH:mm");
    QTest::addRow("6 hours of minute buckets: hourly ticks")
        << utc("2024-04-08T12:17:00Z") << utc("2024-04-08T18:16:00Z") << utc("2024-04-08T12:00:00Z")
        << utc("2024-04-08T19:00:00Z") << Hour << QStringLiteral("HH:mm");
    QTest::addRow("7 days of hours: daily ticks")
        << utc("2024-04-01T05:00:00Z") << utc("2024-04-08T04:00:00Z") << utc("2024-04-01T00:00:00Z")
        << utc("2024-04-09T00:00:00Z") << Day << QStringLiteral("MMM d");
    QTest::addRow("30 days: weekly ticks")
        << utc("2024-03-10T00:00:00Z") << utc("2024-04-09T00:00:00Z") << utc("2024-03-07T00:00:00Z")
        << utc("2024-04-11T00:00:00Z") << 7 * Day << QStringLiteral("MMM d");
    QTest::addRow("two days: 6-hour ticks")
        << utc("2024-04-07T01:00:00Z") << utc("2024-04-08T23:00:00Z") << utc("2024-04-07T00:00:00Z")
        << utc("2024-04-09T00:00:00Z") << 6 * Hour << QStringLiteral("MMM d HH:mm");
    QTest::addRow("a single bucket") << utc("2024-04-08T18:00:00Z") << utc("2024-04-08T18:00:00Z")
                                     << utc("2024-04-08T18:00:00Z") << utc("2024-04-08T18:01:00Z") << Minute
                                     << QStringLiteral("HH:mm");
}

void TestAxisTicks::dates()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    const DateTicks t = dateTicks(from, to, 8);
    QTEST(t.fromMs, "wantFrom");
    QTEST(t.toMs, "wantTo");
    QTEST(t.stepMs, "step");
    QTEST(t.format, "format");
    QCOMPARE(t.toMs - t.fromMs, t.stepMs * (t.count - 1));
    QVERIFY(t.count - 1 <= 8);
    QVERIFY(t.fromMs <= from && t.toMs >= to);
    QCOMPARE(t.fromMs % t.stepMs, 0); // whole minutes, hours, days (UTC) for every tick
}

void TestAxisTicks::levels_data()
{
    QTest::addColumn<QList<int>>("levels");
    QTest::addColumn<QStringList>("labels");
    QTest::addRow("6 queries") << QList<int> { 1, 2, 4, 6 } << QStringList { u"1"_s, u"2"_s, u"4"_s, u"6"_s };
    QTest::addRow("64 queries") << QList<int> { 1, 2, 4, 8, 16, 32, 64 }
                                << QStringList { u"1"_s, u"2"_s, u"4"_s, u"8"_s, u"16"_s, u"32"_s, u"64"_s };
    QTest::addRow("unsorted, repeated") << QList<int> { 4, 1, 4, 2 } << QStringList { u"1"_s, u"2"_s, u"4"_s };
    QTest::addRow("one query") << QList<int> { 1 } << QStringList { u"1"_s };
}

void TestAxisTicks::levels()
{
    QFETCH(QList<int>, levels);
    QFETCH(QStringList, labels);
    const QList<LevelTick> ticks = levelTicks(levels);
    QStringList got;
    for (const LevelTick &t : ticks) {
        got << t.label;
        QCOMPARE(t.position, levelPosition(t.label.toInt()));
    }
    QCOMPARE(got, labels);
    QCOMPARE(levelPosition(8), 3.0);
    QVERIFY(levelPosition(6) > levelPosition(4) && levelPosition(6) < levelPosition(8));
}

QTEST_GUILESS_MAIN(TestAxisTicks)
#include "tst_axisticks.moc"
