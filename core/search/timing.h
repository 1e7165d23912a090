// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ts::search {

/// How a run schedules its queries.
enum class RunMode : quint8 { Sequential, Concurrent };

/// What a run fetches: search pages for each query, or tweets by id (hydration: each "query" is a
/// batch of up to 100 comma-separated tweet ids, fetched with one tweet lookup; docs/cli.md).
enum class RunKind : quint8 { Search, Hydrate };

/// Why a tweet id asked for in a hydration did not come back, from the lookup's `errors` array.
enum class MissingReason : quint8 {
    NotFound, ///< deleted, never existed, or its author is suspended ("resource-not-found")
    NotAuthorized, ///< protected ("not-authorized-for-resource")
    Withheld, ///< withheld in the country of the request
    Other, ///< any other problem, or none given for an id that did not come back
};

/// One id of a hydration that did not come back, and why.
struct MissingId
{
    QString id;
    MissingReason reason = MissingReason::Other;
    QString detail; ///< the API's own detail ("Could not find tweet with ids: [1]."); may be empty
    int queryIndex = -1; ///< the batch it was asked in
};

/// The ids of a hydration run by outcome. An id is counted once however often the input had it;
/// requested - found - missing() were not fetched (their batch failed or the run was interrupted).
struct HydrationCounts
{
    int requested = 0;
    int found = 0;
    int notFound = 0;
    int notAuthorized = 0;
    int withheld = 0;
    int other = 0;
    int missing() const { return notFound + notAuthorized + withheld + other; }
    int unfetched() const { return requested - found - missing(); }
};

/// One HTTP request of a run, with honest timings (docs/design.md, decision 4).
/// All times are milliseconds since the start of the run; -1 when the phase did not happen
/// (for example no first byte for a refused connection).
/// scheduled <= sent <= firstByte <= finished <= parsed always holds when set.
struct RequestTiming
{
    QString query;
    int queryIndex = -1; ///< position of the query in the run's list
    int page = 1; ///< 1-based page number within the query
    int attempt = 1; ///< 1 for the first try, 2+ for retries
    int httpStatus = 0; ///< 0 when no HTTP response arrived
    double scheduledMs = -1; ///< the runner decided to send it
    double sentMs = -1; ///< handed to a manager with a free connection and rate-limit slot
    double firstByteMs = -1; ///< headers arrived
    double finishedMs = -1; ///< body complete
    double parsedMs = -1; ///< tweets extracted
    qint64 bytes = 0;
    int tweets = 0;
    QString error; ///< empty when the request succeeded
    bool rateLimited = false; ///< a 429, or a wait for a rate-limit slot before sending
    int lane = -1; ///< in-flight slot index, for waterfall layout (optional)
    /// The connection phase (TCP connect and TLS handshake together: Qt 6.4 gives no separate
    /// TCP-connected signal), only for the request that opened a connection; -1 for a request on
    /// a connection already open (keep-alive, pre-connected, or an HTTP/2 stream).
    /// sent <= connectStart <= connectEnd <= firstByte when set.
    double connectStartMs = -1;
    double connectEndMs = -1;

    /// Time waiting for a rate-limit slot or a connection.
    double queuedMs() const { return sentMs >= 0 && scheduledMs >= 0 ? sentMs - scheduledMs : 0; }
    /// Latency as the server and network caused it (sent -> finished).
    double latencyMs() const { return finishedMs >= 0 && sentMs >= 0 ? finishedMs - sentMs : 0; }
    /// Time opening a connection (connect + TLS); 0 when the request opened none.
    double connectMs() const
    {
        return connectStartMs >= 0 && connectEndMs >= connectStartMs ? connectEndMs - connectStartMs : 0;
    }
};

/// The HTTP version the server negotiated (ALPN for https; plain http is always HTTP/1.1).
enum class WireProtocol : quint8 { Unknown, Http1, Http2 };
/// "http/1.1" | "h2" | "" (unknown: no answer arrived)
QString wireProtocolName(WireProtocol protocol);

/// Bounds every request of the client obeys, whatever the protocol (docs/reliability.md, Client).
struct TransferLimits
{
    qint64 maxBodyBytes = 64ll << 20; ///< a body past this is aborted (counted as it arrives)
    qint64 deadlineMs = 300000; ///< total time of one request, redirects included; 0 = none
    qint64 readBufferBytes = 1 << 20; ///< Qt's read buffer of the reply (the body is moved out on readyRead)
};

enum class QueryStatus : quint8 { Queued, Running, RateLimited, Ok, Error, Cancelled };

/// Outcome of one query within a run.
struct QueryResult
{
    QString query;
    int tweets = 0;
    int pages = 0;
    QueryStatus status = QueryStatus::Queued;
    QString error; ///< the API's own title and detail, when status is Error
    int unreadableTweets = 0; ///< tweets in its pages that could not be read (the rest were kept)
};

/// One sequential or concurrent run, as in the CLI's --json-summary.
struct RunSummary
{
    RunMode mode = RunMode::Sequential;
    QString provider; ///< providerName() of the provider it ran on ("local", "bluesky", ...)
    QString baseUrl; ///< where it was sent, without user info
    double wallMs = 0;
    int tweets = 0;
    int requests = 0;
    int failedQueries = 0;
    int maxInFlight = 0;
    double latencySumMs = 0; ///< sum of every request's latencyMs()
    WireProtocol protocol = WireProtocol::Unknown; ///< what the server negotiated for this run's requests
    /// Connections that carried this run's requests: HTTP/2, one per manager used; HTTP/1.1, the
    /// most requests each manager had in flight at once (Qt opens at most 6 per manager).
    int connections = 0;
    /// Connections opened for this run: by its requests (those with a connection phase) and by
    /// pre-connecting ahead of it. 0 when every request found a warm connection.
    int connectionsOpened = 0;
    QList<QueryResult> queries;
    QList<RequestTiming> requestTimings;
    RunKind kind = RunKind::Search;
    /// Hydration runs: the ids by outcome, and each missing id (earlier sessions of a resumed run included).
    HydrationCounts hydration;
    QList<MissingId> missing;
};

QString modeName(RunMode mode); ///< "sequential" | "concurrent"
QString statusName(QueryStatus status); ///< "queued" | "running" | "rate_limited" | "ok" | "error" | "cancelled"
QString missingReasonName(MissingReason reason); ///< "not_found" | "not_authorized" | "withheld" | "other"
std::optional<MissingReason> missingReasonFromName(QStringView name);

} // namespace ts::search

Q_DECLARE_TYPEINFO(ts::search::RequestTiming, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(ts::search::QueryResult, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(ts::search::RunSummary, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(ts::search::MissingId, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(ts::search::RequestTiming)
Q_DECLARE_METATYPE(ts::search::QueryResult)
Q_DECLARE_METATYPE(ts::search::RunSummary)
