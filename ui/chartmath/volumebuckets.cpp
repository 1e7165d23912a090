// SPDX-License-Identifier: MIT
#include "volumebuckets.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace ts::ui {

qint64 bucketLengthMs(BucketSize size)
{
    switch (size) {
    case BucketSize::Minute:
        return 60 * 1000;
    case BucketSize::Hour:
        return 60 * 60 * 1000;
    case BucketSize::Day:
        return 24 * 60 * 60 * 1000;
    }
    return 1;
}

QString bucketName(BucketSize size)
{
    switch (size) {
    case BucketSize::Minute:
        return QStringLiteral("minute");
    case BucketSize::Hour:
        return QStringLiteral("hour");
    case BucketSize::Day:
        return QStringLiteral("day");
    }
    return {};
}

BucketSize chooseBucketSize(qint64 spanMs)
{
    if (spanMs <= 3 * bucketLengthMs(BucketSize::Hour))
        return BucketSize::Minute;
    if (spanMs <= 7 * bucketLengthMs(BucketSize::Day))
        return BucketSize::Hour;
    return BucketSize::Day;
}

qint64 bucketStart(qint64 ms, BucketSize size)
{
    const qint64 length = bucketLengthMs(size);
    qint64 q = ms / length;
    if (ms % length != 0 && ms < 0)
        --q; // floor, not truncation toward zero
    return q * length;
}

VolumeChartData bucketVolume(const QList<QList<qint64>> &createdAtPerQuery, const QStringList &queryNames, int maxLines)
{
    VolumeChartData data;
    qint64 lo = std::numeric_limits<qint64>::max();
    qint64 hi = std::numeric_limits<qint64>::min();
    QList<int> nonEmpty;
    for (int q = 0; q < createdAtPerQuery.size(); ++q) {
        const QList<qint64> &times = createdAtPerQuery.at(q);
        if (times.isEmpty())
            continue;
        nonEmpty.append(q);
        const auto [mn, mx] = std::minmax_element(times.cbegin(), times.cend());
        lo = std::min(lo, *mn);
        hi = std::max(hi, *mx);
    }
    if (nonEmpty.isEmpty())
        return data;

    data.size = chooseBucketSize(hi - lo);
    const qint64 length = bucketLengthMs(data.size);
    data.firstBucketMs = bucketStart(lo, data.size);
    data.lastBucketMs = bucketStart(hi, data.size);
    const qsizetype bucketCount = (data.lastBucketMs - data.firstBucketMs) / length + 1;

    const auto countsOf = [&](int q) {
        QList<qint64> counts(bucketCount, 0);
        for (qint64 t : createdAtPerQuery.at(q))
            ++counts[(bucketStart(t, data.size) - data.firstBucketMs) / length];
        return counts;
    };
    const auto toSeries = [&](const QString &name, const QList<int> &queries, const QList<qint64> &counts) {
        VolumeSeries s { name, queries, {}, 0 };
        s.points.reserve(bucketCount);
        for (qsizetype b = 0; b < bucketCount; ++b) {
            s.points.append(QPointF(double(data.firstBucketMs + b * length), double(counts.at(b))));
            s.total += counts.at(b);
            data.peak = std::max(data.peak, counts.at(b));
        }
        return s;
    };

    // Biggest queries first: they keep their own line when there are too many to show.
    std::stable_sort(nonEmpty.begin(), nonEmpty.end(),
        [&](int a, int b) { return createdAtPerQuery.at(a).size() > createdAtPerQuery.at(b).size(); });
    const int own = nonEmpty.size() > maxLines ? std::max(maxLines - 1, 0) : int(nonEmpty.size());
    QList<int> ownQueries = nonEmpty.mid(0, own);
    std::sort(ownQueries.begin(), ownQueries.end()); // back to the query order for stable colours
    for (int q : ownQueries)
        data.series.append(
            toSeries(q < queryNames.size() ? queryNames.at(q) : QString::number(q + 1), { q }, countsOf(q)));

    if (own < nonEmpty.size()) {
        QList<int> rest = nonEmpty.mid(own);
        std::sort(rest.begin(), rest.end());
        QList<qint64> sum(bucketCount, 0);
        for (int q : rest) {
            const QList<qint64> counts = countsOf(q);
            for (qsizetype b = 0; b < bucketCount; ++b)
                sum[b] += counts.at(b);
        }
        data.series.append(toSeries(QStringLiteral("other %1 queries").arg(rest.size()), rest, sum));
    }
    return data;
}

} // namespace ts::ui
