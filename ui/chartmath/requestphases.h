// SPDX-License-Identifier: MIT
#pragma once

#include "search/timing.h"

#include <QFlags>
#include <QList>
#include <QString>

namespace ts::ui {

/// The phases a request's bar is split into in the waterfall (docs/design.md, decision 4).
enum class Phase : quint8 {
    Queued, ///< scheduled -> sent: waiting for a free connection or concurrency slot
    RateLimitWait, ///< scheduled -> sent while the runner waited for a rate-limit slot or a 429 reset
    Waiting, ///< sent -> first byte (server latency, TTFB)
    Download, ///< first byte -> body complete
    Parse, ///< body complete -> tweets extracted
    /// sent -> connection open (TCP connect and TLS together), before waiting, only for the
    /// request that opened a connection (docs/design.md, "HTTPS and HTTP/2")
    Connect,
};
inline constexpr int PhaseCount = 6;

/// "queued", "rate-limit wait", "waiting (TTFB)", "download", "parse", "connect + TLS"; the
/// connection phase of a plain-http request (`tls` false) is a TCP connect only: "connect".
QString phaseName(Phase phase, bool tls = true);
/// False for a run sent to a plain http:// base URL (its connection phase has no TLS).
bool usesTls(const QString &baseUrl);

/// One coloured piece of a request's bar, in ms since the start of its run.
struct PhaseSpan
{
    Phase phase = Phase::Queued;
    double startMs = 0;
    double endMs = 0;
    double lengthMs() const { return endMs - startMs; }
};

/// What makes a request stand out in the waterfall besides its phases.
enum class RequestMark : quint8 {
    None = 0,
    Retry = 1, ///< attempt > 1
    Http429 = 2, ///< the answer was 429 Too Many Requests
    RateLimited = 4, ///< waited for a rate-limit slot (or a 429 reset) before it was sent
    Failed = 8, ///< an error, a status >= 400 other than 429, or no answer at all
};
Q_DECLARE_FLAGS(RequestMarks, RequestMark)

/**
 * @brief A request's timestamps turned into consecutive, non-overlapping phases.
 *
 * Missing timestamps (-1) never produce negative or overlapping spans: a phase that did not
 * happen has length 0, and a request that was never sent is queued until it ended.
 */
struct RequestPhases
{
    double startMs = 0; ///< scheduled (or sent when scheduled is unknown)
    double sentMs = 0;
    double firstByteMs = 0;
    double finishedMs = 0;
    double endMs = 0; ///< parsed, or the last known timestamp
    /// The connection phase: sent -> connectEndMs for the request that opened a connection
    /// (connectStartMs is sentMs); both sentMs when it opened none.
    double connectStartMs = 0;
    double connectEndMs = 0;
    bool rateLimitWait = false; ///< the queued phase was a rate-limit wait
    RequestMarks marks;

    double queuedMs() const { return sentMs - startMs; }
    double waitingMs() const { return firstByteMs - sentMs; } ///< the connection phase included
    double connectMs() const { return connectEndMs - connectStartMs; }
    double downloadMs() const { return finishedMs - firstByteMs; }
    double parseMs() const { return endMs - finishedMs; }
    double totalMs() const { return endMs - startMs; }
    double lengthOf(Phase phase) const;
    /// Non-empty spans in time order.
    QList<PhaseSpan> spans() const;
};

RequestPhases requestPhases(const search::RequestTiming &timing);
RequestMarks requestMarks(const search::RequestTiming &timing);

} // namespace ts::ui

Q_DECLARE_OPERATORS_FOR_FLAGS(ts::ui::RequestMarks)
