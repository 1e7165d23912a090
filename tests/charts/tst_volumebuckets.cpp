// SPDX-License-Identifier: MIT
#include "chartmath/volumebuckets.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace ts::ui;

namespace {
qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
} // namespace

class TestVolumeBuckets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sizeFromSpan_data();
    void sizeFromSpan();
    void alignedInUtc_data();
    void alignedInUtc();
    void countsPerQuery();
    void zeroBucketsKept();
    void manyQueriesAggregate();
    void empty();
    void fromCounts_data();
    void fromCounts();
};

void TestVolumeBuckets::sizeFromSpan_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<BucketSize>("size");
    QTest::addRow("one tweet") << qint64(0) << BucketSize::Minute;
    QTest::addRow("40 minutes") << 40 * Minute << BucketSize::Minute;
    QTest::addRow("3 hours exactly") << 3 * Hour << BucketSize::Minute;
    QTest::addRow("3 hours and a minute") << 3 * Hour + Minute << BucketSize::Hour;
    QTest::addRow("7 days (recent search)") << 7 * Day << BucketSize::Hour;
    QTest::addRow("30 days") << 30 * Day << BucketSize::Day;
    QTest::addRow("years of archive") << 3650 * Day << BucketSize::Day;
}

void TestVolumeBuckets::sizeFromSpan()
{
    QFETCH(qint64, span);
    QTEST(chooseBucketSize(span), "size");
}

void TestVolumeBuckets::alignedInUtc_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<BucketSize>("size");
    QTest::addColumn<qint64>("start");
    QTest::addRow("minute") << utc("2024-04-08T18:17:42.123Z") << BucketSize::Minute << utc("2024-04-08T18:17:00Z");
    QTest::addRow("hour") << utc("2024-04-08T18:17:42Z") << BucketSize::Hour << utc("2024-04-08T18:00:00Z");
    QTest::addRow("day is UTC midnight") << utc("2024-04-08T23:59:59Z") << BucketSize::Day
                                         << utc("2024-04-08T00:00:00Z");
    QTest::addRow("on the edge") << utc("2024-04-08T00:00:00Z") << BucketSize::Day << utc("2024-04-08T00:00:00Z");
    QTest::addRow("before 1970") << utc("1969-12-31T23:30:00Z") << BucketSize::Hour << utc("1969-12-31T23:00:00Z");
}

void TestVolumeBuckets::alignedInUtc()
{
    QFETCH(qint64, ms);
    QFETCH(BucketSize, size);
    QTEST(bucketStart(ms, size), "start");
}

void TestVolumeBuckets::countsPerQuery()
{
    const qint64 t0 = utc("2024-04-08T18:00:00Z");
    const QList<QList<qint64>> times { { t0 + 5 * Minute, t0 + 10 * Minute, t0 + 70 * Minute, t0 + 5 * Hour },
        { t0 + 61 * Minute, t0 + 62 * Minute } };
    const VolumeChartData data = bucketVolume(times, { QStringLiteral("eclipse"), QStringLiteral("cats") }, 10);
    QCOMPARE(data.size, BucketSize::Hour);
    QCOMPARE(data.firstBucketMs, t0);
    QCOMPARE(data.lastBucketMs, t0 + 5 * Hour);
    QCOMPARE(data.series.size(), 2);
    QCOMPARE(data.series.at(0).name, QStringLiteral("eclipse"));
    QCOMPARE(data.series.at(0).total, 4);
    QCOMPARE(data.series.at(0).points.size(), 6);
    QCOMPARE(data.series.at(0).points.at(0), QPointF(double(t0), 2));
    QCOMPARE(data.series.at(0).points.at(1), QPointF(double(t0 + Hour), 1));
    QCOMPARE(data.series.at(0).points.at(5), QPointF(double(t0 + 5 * Hour), 1));
    QCOMPARE(data.series.at(1).points.at(1).y(), 2.0);
    QCOMPARE(data.series.at(1).queryIndexes, QList<int> { 1 });
    QCOMPARE(data.peak, 2);
}

void TestVolumeBuckets::zeroBucketsKept()
{
    const qint64 t0 = utc("2024-04-08T18:00:00Z");
    const VolumeChartData data = bucketVolume({ { t0, t0 + 30 * Minute } }, { QStringLiteral("a") }, 10);
    QCOMPARE(data.size, BucketSize::Minute);
    QCOMPARE(data.series.constFirst().points.size(), 31);
    QCOMPARE(data.series.constFirst().points.at(15).y(), 0.0); // a quiet minute is a zero, not a gap
}

void TestVolumeBuckets::manyQueriesAggregate()
{
    const qint64 t0 = utc("2024-04-08T00:00:00Z");
    QList<QList<qint64>> times;
    QStringList names;
    for (int q = 0; q < 64; ++q) {
        names.append(QStringLiteral("q%1").arg(q));
        // Query q has q+1 tweets, except every 8th which has none.
        times.append(q % 8 == 7 ? QList<qint64> {} : QList<qint64>(q + 1, t0 + q * Day));
    }
    const VolumeChartData data = bucketVolume(times, names, 10);
    QCOMPARE(data.size, BucketSize::Day);
    QCOMPARE(data.series.size(), 10);
    // The 9 biggest keep their line, in query order; the rest are one "other" line.
    QCOMPARE(data.series.at(0).name, QStringLiteral("q53"));
    QCOMPARE(data.series.at(8).name, QStringLiteral("q62"));
    const VolumeSeries &other = data.series.constLast();
    QCOMPARE(other.queryIndexes.size(), 56 - 9);
    QCOMPARE(other.name, QStringLiteral("other 47 queries"));
    qint64 all = 0;
    for (const VolumeSeries &s : data.series)
        all += s.total;
    qint64 expected = 0;
    for (const auto &t : times)
        expected += t.size();
    QCOMPARE(all, expected); // nothing lost by aggregating
}

void TestVolumeBuckets::empty()
{
    const VolumeChartData data = bucketVolume({ {}, {} }, { QStringLiteral("a"), QStringLiteral("b") }, 10);
    QVERIFY(data.series.isEmpty());
    QCOMPARE(data.peak, 0);
}

using Buckets = QList<ts::search::CountsBucket>;

void TestVolumeBuckets::fromCounts_data()
{
    QTest::addColumn<QList<Buckets>>("counts");
    QTest::addColumn<BucketSize>("size"); ///< as counted
    QTest::addColumn<BucketSize>("drawn");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<QList<QList<double>>>("lines"); ///< y per bucket, per line
    QTest::addColumn<QStringList>("names");

    const qint64 t0 = utc("2024-04-08T00:00:00Z");
    QTest::addRow("v2 hours, two queries, one silent")
        << QList<Buckets> { { { t0, t0 + Hour, 3 }, { t0 + Hour, t0 + 2 * Hour, 0 },
                                { t0 + 2 * Hour, t0 + 3 * Hour, 5 } },
               { { t0, t0 + Hour, 0 }, { t0 + Hour, t0 + 2 * Hour, 0 }, { t0 + 2 * Hour, t0 + 3 * Hour, 0 } },
               { { t0, t0 + Hour, 1 }, { t0 + Hour, t0 + 2 * Hour, 1 }, { t0 + 2 * Hour, t0 + 3 * Hour, 0 } } }
        << BucketSize::Hour << BucketSize::Hour << t0 << QList<QList<double>> { { 3, 0, 5 }, { 1, 1, 0 } }
        << QStringList { QStringLiteral("a"), QStringLiteral("c") };
    // The API clips the first and last bucket to the window: a start mid-day is that day's bucket.
    QTest::addRow("days, clipped first bucket")
        << QList<Buckets> { { { t0 + 13 * Hour, t0 + Day, 4 }, { t0 + Day, t0 + 2 * Day, 6 } } } << BucketSize::Day
        << BucketSize::Day << t0 << QList<QList<double>> { { 4, 6 } } << QStringList { QStringLiteral("a") };
    QTest::addRow("pages out of order, queries with different spans")
        << QList<Buckets> { { { t0 + 2 * Minute, t0 + 3 * Minute, 2 }, { t0, t0 + Minute, 1 } },
               { { t0 + 4 * Minute, t0 + 5 * Minute, 9 } } }
        << BucketSize::Minute << BucketSize::Minute << t0
        << QList<QList<double>> { { 1, 0, 2, 0, 0 }, { 0, 0, 0, 0, 9 } }
        << QStringList { QStringLiteral("a"), QStringLiteral("b") };
    // A month of hourly counts with tweets only in its last 9 days: those days, per day.
    QList<Buckets> month(2);
    for (int h = 0; h < 30 * 24; ++h) {
        const qint64 start = t0 + h * Hour;
        month[0].append({ start, start + Hour, h >= 21 * 24 ? 2 : 0 });
        month[1].append({ start, start + Hour, h == 29 * 24 + 5 ? 7 : 0 });
    }
    QList<double> daily(9, 48);
    QList<double> lastDay(9, 0);
    lastDay[8] = 7;
    QTest::addRow("silent start left out, hours drawn per day")
        << month << BucketSize::Hour << BucketSize::Day << t0 + 21 * Day << QList<QList<double>> { daily, lastDay }
        << QStringList { QStringLiteral("a"), QStringLiteral("b") };
    QTest::addRow("nothing counted yet") << QList<Buckets> { {}, {} } << BucketSize::Hour << BucketSize::Hour
                                         << qint64(0) << QList<QList<double>> {} << QStringList {};
}

void TestVolumeBuckets::fromCounts()
{
    QFETCH(QList<Buckets>, counts);
    QFETCH(BucketSize, size);
    QFETCH(BucketSize, drawn);
    QFETCH(qint64, first);
    QFETCH(QList<QList<double>>, lines);
    QFETCH(QStringList, names);

    const VolumeChartData data
        = volumeFromCounts(counts, { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, size, 10);
    QVERIFY(data.fromCounts);
    QCOMPARE(data.size, drawn);
    QCOMPARE(data.series.size(), lines.size());
    if (lines.isEmpty())
        return;
    QCOMPARE(data.firstBucketMs, first);
    for (int i = 0; i < lines.size(); ++i) {
        const VolumeSeries &s = data.series.at(i);
        QCOMPARE(s.name, names.at(i));
        QList<double> ys;
        for (int b = 0; b < s.points.size(); ++b) {
            ys.append(s.points.at(b).y());
            QCOMPARE(qint64(s.points.at(b).x()), first + b * bucketLengthMs(drawn));
        }
        QCOMPARE(ys, lines.at(i));
        QCOMPARE(double(s.total), std::accumulate(ys.cbegin(), ys.cend(), 0.0));
    }
}

QTEST_GUILESS_MAIN(TestVolumeBuckets)
#include "tst_volumebuckets.moc"
