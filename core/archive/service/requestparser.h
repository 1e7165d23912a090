// SPDX-License-Identifier: MIT
#pragma once

#include "archive/archivestore.h"
#include "enterpriserenderer.h"
#include "httpanswer.h"
#include "v2renderer.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <variant>

namespace ts::archive {

/// Decoded query-string items, in order. `+` is a space (as URLSearchParams and HTML
/// forms send it; QUrlQuery does not decode it), `%2B` a plus.
using QueryItems = QList<QPair<QString, QString>>;
QueryItems decodeQueryString(const QByteArray &encodedQuery);

enum class V2Endpoint : quint8 { Recent, All };

/// A validated v2 search request.
struct V2SearchRequest
{
    SearchParams params;
    V2Fields fields;
};

/// The most ids one tweet lookup takes (`GET /2/tweets?ids=`).
constexpr int MaxLookupIds = 100;

/// A validated tweet lookup: `GET /2/tweets?ids=` (1 to MaxLookupIds ids) or `GET /2/tweets/:id`.
struct V2LookupRequest
{
    QStringList ids; ///< digits, in request order, each once
    V2Fields fields;
    bool single = false; ///< `/2/tweets/:id`: `data` is one object and errors name `id`
};

/// A validated count request (v2 or Enterprise), in the store's terms.
struct CountsRequest
{
    QString query;
    int maxQueryLength = 1024;
    qint64 startMs = 0;
    qint64 endMs = 0;
    Granularity granularity = Granularity::Hour;
    QString pageToken; ///< next_token / pagination_token: counts past 31 days come in pages
};

/// A validated Enterprise data or counts request.
struct EnterpriseRequest
{
    SearchParams params; ///< query, window, maxResults, next
    QString tag; ///< null when the request had none
    Granularity bucket = Granularity::Hour; ///< counts only
    QJsonObject requestParameters; ///< echoed back in the response
};

/**
 * @brief Validates API requests the way the real endpoints do and turns them into store
 * parameters, or into the API's own error answer. Pure: `nowMs` is the service's clock
 * (the newest tweet of the archive when that is older than the real now).
 */
namespace requests {

/// An RFC 3339 date-time ("2026-12-03T12:00:00Z", a fraction of up to 9 digits, an offset) in ms
/// since the epoch (a fraction past milliseconds is cut), or nullopt: the one parser of the
/// times the APIs take (v2 start_time/end_time, Bluesky since/until).
std::optional<qint64> parseRfc3339(const QString &s);

std::variant<V2SearchRequest, HttpAnswer> parseV2Search(const QueryItems &items, V2Endpoint endpoint, qint64 nowMs);
/// pathId: the `:id` of `/2/tweets/:id` (still percent-decoded text, checked here); nullopt for
/// `/2/tweets?ids=`.
std::variant<V2LookupRequest, HttpAnswer> parseV2Lookup(const QueryItems &items, const std::optional<QString> &pathId);
std::variant<CountsRequest, HttpAnswer> parseV2Counts(const QueryItems &items, V2Endpoint endpoint, qint64 nowMs);

/// Enterprise: GET query-string items, or a POST JSON body (pass the body; items ignored).
/// thirtyDay: the 30-day product (default window 30 days) rather than the full archive.
std::variant<EnterpriseRequest, HttpAnswer> parseEnterprise(
    const QueryItems &items, const QByteArray *postBody, bool counts, bool thirtyDay, qint64 nowMs);

/// v2 query errors -> 400 invalid-request body; Enterprise -> 422 {"error":{...}}.
HttpAnswer v2QueryError(const QString &query, const QueryError &error);
HttpAnswer enterpriseQueryError(const QueryError &error);

/// Buckets from start to end (exclusive) at the granularity, with zeros where the store
/// had none, as the count endpoints answer.
QList<CountBucket> fillBuckets(const QList<CountBucket> &stored, qint64 startMs, qint64 endMs, Granularity g);

} // namespace requests
} // namespace ts::archive
