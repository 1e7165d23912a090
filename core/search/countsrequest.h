// SPDX-License-Identifier: MIT
#pragma once

#include "searchprovider.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace ts::search {

/// Bucket size of a counts request: v2 `granularity`, Enterprise `bucket`.
enum class CountsGranularity : quint8 { Minute, Hour, Day };

QString granularityName(CountsGranularity granularity); ///< "minute" | "hour" | "day"

/// Tweets matching a query in [startMs, endMs) (ms since epoch, UTC), as the API counted them.
struct CountsBucket
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 count = 0;
};

/// One page of a counts response, or why the body could not be read.
struct CountsPage
{
    QList<CountsBucket> buckets;
    qint64 total
        = -1; ///< the API's own total for this page (v2 meta.total_tweet_count, Enterprise totalCount); -1 when absent
    QString nextToken; ///< empty on the last page
    QString error;
    bool ok() const { return error.isEmpty(); }
};

/**
 * @brief The counts side of a provider: tweets per minute, hour or day for a query, without
 * fetching tweets (v2 `/2/tweets/counts/recent|all`, Enterprise `.../counts.json`).
 *
 * Pure functions over a SearchProvider: the request carries the same authentication, user
 * agent and timeouts as the provider's search requests.
 */
namespace counts {

/// "/2/tweets/counts/recent", "/2/tweets/counts/all" (also for the local archive) or ".../{label}/counts.json".
QString endpointPath(const SearchProvider &provider);

/// The request for one page of counts. `options` gives the time window and the transfer timeout.
PreparedRequest buildRequest(const SearchProvider &provider, const QString &query, CountsGranularity granularity,
    const SearchOptions &options, const QString &pageToken);

/// Parses a 2xx body (v2 `data[]{start,end,tweet_count}`, Enterprise `results[]{timePeriod,count}`).
/// Enterprise buckets carry only their start: their end is start + the bucket length.
CountsPage parsePage(ProviderKind kind, QByteArrayView body, CountsGranularity granularity);

/// The span the API counts over when the options give no start time (recent: 7 days, otherwise 30),
/// so that callers can choose a granularity before asking.
qint64 defaultSpanMs(ProviderKind kind);

/// The counts endpoints' own request budget (v2 /counts/recent and /counts/all: 300 per 15
/// minutes per app; Enterprise: the product's budget, shared with data requests). The local
/// archive has none: its limits, if any, come from the x-rate-limit-* headers it sends.
ProviderLimits limitsFor(ProviderKind kind);

} // namespace counts
} // namespace ts::search

Q_DECLARE_TYPEINFO(ts::search::CountsBucket, Q_PRIMITIVE_TYPE);
