// SPDX-License-Identifier: MIT
#pragma once

#include "search/countsrequest.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

namespace ts::ui {

/// The counts endpoints' granularities are the chart's bucket sizes.
using BucketSize = search::CountsGranularity;

qint64 bucketLengthMs(BucketSize size);
QString bucketName(BucketSize size); ///< "minute" | "hour" | "day"
/// The coarsest size that still gives enough points: minute up to 3 hours, hour up to 7 days, then day.
BucketSize chooseBucketSize(qint64 spanMs);
/// Start of the bucket holding `ms`, aligned in UTC (epoch-aligned; correct before 1970 too).
qint64 bucketStart(qint64 ms, BucketSize size);

/// One line of the volume chart: x = bucket start (ms since epoch, UTC), y = tweets in the bucket.
struct VolumeSeries
{
    QString name;
    QList<int> queryIndexes; ///< one query, or several for the "other queries" line
    QList<QPointF> points; ///< every bucket from the first to the last, zeros included
    qint64 total = 0;
};

struct VolumeChartData
{
    BucketSize size = BucketSize::Hour;
    qint64 firstBucketMs = 0;
    qint64 lastBucketMs = 0;
    qint64 peak = 0; ///< highest bucket over all lines
    QList<VolumeSeries> series;
    bool fromCounts = false; ///< counted by the API's counts endpoint, not from fetched tweets
    BucketSize counted = BucketSize::Hour; ///< fromCounts: the granularity the endpoint counted in
};

/**
 * @brief Buckets tweet creation times per query into one line per query.
 *
 * With more than `maxLines` non-empty queries the largest `maxLines - 1` keep their own line
 * and the rest are summed into one "other queries" line, so 64 queries stay readable.
 * Queries without tweets get no line.
 *
 * Two providers compared (`linesPerProvider` > 0: line p * linesPerProvider + q is query q on
 * provider p) count queries, not lines: up to `maxLines` queries keep their line on every
 * provider (the largest by their sum over the providers, past that the largest
 * `maxLines - 1`), and the rest go into one "other N queries · PROVIDER" line per provider
 * (`providers` names them), so a query is never drawn on one provider and folded on the other.
 */
VolumeChartData bucketVolume(const QList<QList<qint64>> &createdAtPerQuery, const QStringList &queryNames, int maxLines,
    int linesPerProvider = 0, const QStringList &providers = {});

/// The granularity to ask the counts endpoints for over a window of `spanMs`: minute up to 3
/// hours, hour up to 31 days (at most 744 buckets per query), day beyond.
BucketSize countsGranularity(qint64 spanMs);

/**
 * @brief The same lines from the counts endpoints' buckets (counted per `counted`).
 *
 * The chart spans the buckets that hold tweets (the window's silent start and end are left
 * out), in the bucket size that span calls for (chooseBucketSize), never finer than `counted`:
 * a week of hourly counts is drawn per hour, a month of them per day. Each API bucket goes to
 * the chart bucket holding its start (partial first and last buckets included), zeros between.
 * Queries whose counts are all zero get no line; past `maxLines`, as bucketVolume.
 */
VolumeChartData volumeFromCounts(const QList<QList<search::CountsBucket>> &countsPerQuery,
    const QStringList &queryNames, BucketSize counted, int maxLines);

} // namespace ts::ui
