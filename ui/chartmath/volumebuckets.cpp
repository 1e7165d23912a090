// SPDX-License-Identifier: MIT
#include "volumebuckets.h"

#include <QHash>
#include <QMap>

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

namespace {

/// Chart lines from dense per-query counts (one entry per bucket, first to last bucket).
/// Queries whose counts are all zero get no line. Line i belongs to query i % linesPerProvider
/// of provider i / linesPerProvider when linesPerProvider > 0 (bucketVolume says how they fold).
VolumeChartData assembleVolume(BucketSize size, qint64 firstBucketMs, const QList<QList<qint64>> &countsPerQuery,
    const QStringList &queryNames, int maxLines, int linesPerProvider = 0, const QStringList &providers = {})
{
    VolumeChartData data;
    data.size = size;
    data.firstBucketMs = firstBucketMs;
    const qint64 length = bucketLengthMs(size);
    qsizetype bucketCount = 0;
    QList<int> nonEmpty;
    QList<qint64> totals(countsPerQuery.size(), 0);
    for (int q = 0; q < countsPerQuery.size(); ++q) {
        const QList<qint64> &counts = countsPerQuery.at(q);
        totals[q] = std::accumulate(counts.cbegin(), counts.cend(), qint64(0));
        bucketCount = std::max(bucketCount, counts.size());
        if (totals.at(q) > 0)
            nonEmpty.append(q);
    }
    if (nonEmpty.isEmpty())
        return data;
    data.lastBucketMs = firstBucketMs + (bucketCount - 1) * length;

    const auto toSeries = [&](const QString &name, const QList<int> &queries, const QList<qint64> &counts) {
        VolumeSeries s { name, queries, {}, 0 };
        s.points.reserve(bucketCount);
        for (qsizetype b = 0; b < bucketCount; ++b) {
            const qint64 n = counts.value(b);
            s.points.append(QPointF(double(firstBucketMs + b * length), double(n)));
            s.total += n;
            data.peak = std::max(data.peak, n);
        }
        return s;
    };

    // The cap counts queries: a line each, or with providers compared one line per provider.
    const int perProvider = linesPerProvider > 0 ? linesPerProvider : int(countsPerQuery.size());
    const auto queryOf = [perProvider](int line) { return perProvider > 0 ? line % perProvider : line; };
    const auto providerOf = [perProvider](int line) { return perProvider > 0 ? line / perProvider : 0; };
    QHash<int, qint64> queryTotals;
    QList<int> queries; // the queries with a tweet on any provider, first seen first
    for (int line : std::as_const(nonEmpty)) {
        if (!queryTotals.contains(queryOf(line)))
            queries.append(queryOf(line));
        queryTotals[queryOf(line)] += totals.at(line);
    }
    // Biggest queries first: they keep their own lines when there are too many to show.
    std::stable_sort(
        queries.begin(), queries.end(), [&](int a, int b) { return queryTotals.value(a) > queryTotals.value(b); });
    const int own = queries.size() > maxLines ? std::max(maxLines - 1, 0) : int(queries.size());
    const QList<int> ownQueries = queries.mid(0, own);
    QList<int> ownLines;
    QMap<int, QList<int>> restLines; // per provider, in line order
    for (int line : std::as_const(nonEmpty)) {
        if (ownQueries.contains(queryOf(line)))
            ownLines.append(line);
        else
            restLines[providerOf(line)].append(line);
    }
    std::sort(ownLines.begin(), ownLines.end()); // back to the query order for stable colours
    for (int q : std::as_const(ownLines))
        data.series.append(
            toSeries(q < queryNames.size() ? queryNames.at(q) : QString::number(q + 1), { q }, countsPerQuery.at(q)));

    for (auto it = restLines.cbegin(); it != restLines.cend(); ++it) {
        QList<int> rest = it.value();
        std::sort(rest.begin(), rest.end());
        QList<qint64> sum(bucketCount, 0);
        for (int q : std::as_const(rest)) {
            const QList<qint64> &counts = countsPerQuery.at(q);
            for (qsizetype b = 0; b < counts.size(); ++b)
                sum[b] += counts.at(b);
        }
        QString name = QStringLiteral("other %1 queries").arg(rest.size());
        if (linesPerProvider > 0 && !providers.value(it.key()).isEmpty())
            name += QStringLiteral(" · ") + providers.at(it.key());
        data.series.append(toSeries(name, rest, sum));
    }
    return data;
}

/// Earliest and latest start over every query's items; lo > hi when there are none.
template <typename Item, typename StartOf>
std::pair<qint64, qint64> spanOf(const QList<QList<Item>> &perQuery, StartOf startOf)
{
    qint64 lo = std::numeric_limits<qint64>::max();
    qint64 hi = std::numeric_limits<qint64>::min();
    for (const QList<Item> &items : perQuery) {
        for (const Item &item : items) {
            lo = std::min(lo, startOf(item));
            hi = std::max(hi, startOf(item));
        }
    }
    return { lo, hi };
}

/// Items (tweet times or API buckets) summed per query into dense buckets of `size` from
/// bucketStart(lo) to bucketStart(hi); queries without items stay empty.
template <typename Item, typename StartOf, typename CountOf>
QList<QList<qint64>> denseCounts(
    const QList<QList<Item>> &perQuery, BucketSize size, qint64 lo, qint64 hi, StartOf startOf, CountOf countOf)
{
    const qint64 length = bucketLengthMs(size);
    const qint64 first = bucketStart(lo, size);
    const qsizetype bucketCount = (bucketStart(hi, size) - first) / length + 1;
    QList<QList<qint64>> counts(perQuery.size());
    for (int q = 0; q < perQuery.size(); ++q) {
        if (perQuery.at(q).isEmpty())
            continue;
        counts[q] = QList<qint64>(bucketCount, 0);
        for (const Item &item : perQuery.at(q))
            counts[q][(bucketStart(startOf(item), size) - first) / length] += countOf(item);
    }
    return counts;
}

} // namespace

VolumeChartData bucketVolume(const QList<QList<qint64>> &createdAtPerQuery, const QStringList &queryNames, int maxLines,
    int linesPerProvider, const QStringList &providers)
{
    const auto self = [](qint64 t) { return t; };
    const auto [lo, hi] = spanOf(createdAtPerQuery, self);
    if (lo > hi)
        return {};
    const BucketSize size = chooseBucketSize(hi - lo);
    return assembleVolume(size, bucketStart(lo, size),
        denseCounts(createdAtPerQuery, size, lo, hi, self, [](qint64) { return qint64(1); }), queryNames, maxLines,
        linesPerProvider, providers);
}

BucketSize countsGranularity(qint64 spanMs)
{
    if (spanMs <= 3 * bucketLengthMs(BucketSize::Hour))
        return BucketSize::Minute;
    if (spanMs <= 31 * bucketLengthMs(BucketSize::Day))
        return BucketSize::Hour;
    return BucketSize::Day;
}

VolumeChartData volumeFromCounts(const QList<QList<search::CountsBucket>> &countsPerQuery,
    const QStringList &queryNames, BucketSize counted, int maxLines)
{
    const auto startOf = [](const search::CountsBucket &b) { return b.startMs; };
    // Only the buckets that hold tweets decide the span and the bucket size.
    QList<QList<search::CountsBucket>> nonZero(countsPerQuery.size());
    for (int q = 0; q < countsPerQuery.size(); ++q) {
        for (const search::CountsBucket &b : countsPerQuery.at(q)) {
            if (b.count > 0)
                nonZero[q].append(b);
        }
    }
    const auto [lo, hi] = spanOf(nonZero, startOf);
    if (lo > hi) {
        VolumeChartData none;
        none.size = counted;
        none.fromCounts = true;
        none.counted = counted;
        const auto [first, last] = spanOf(countsPerQuery, startOf);
        if (first <= last) { // counted, and nothing matched: the window is still known
            none.firstBucketMs = bucketStart(first, counted);
            none.lastBucketMs = bucketStart(last, counted);
        }
        return none;
    }
    const BucketSize size = std::max(counted, chooseBucketSize(hi - lo));
    VolumeChartData data = assembleVolume(size, bucketStart(lo, size),
        denseCounts(nonZero, size, lo, hi, startOf, [](const search::CountsBucket &b) { return b.count; }), queryNames,
        maxLines);
    data.fromCounts = true;
    data.counted = counted;
    return data;
}

} // namespace ts::ui
