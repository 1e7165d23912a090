// SPDX-License-Identifier: MIT
#pragma once

#include "archive/ratelimitspec.h"

#include <QList>

#include <algorithm>

namespace ts::search {

/**
 * @brief The client side of rate limits: paces requests so that a provider's limits are respected before the server
 * refuses anything: a fixed-window budget (N per window), a minimum spacing (per-second cap), and what the server said
 * in `x-rate-limit-*` headers or a 429.
 *
 * Pure bookkeeping on a caller-supplied monotonic clock (milliseconds), so it is testable without
 * waiting. reserve() hands out send times; the caller sleeps until then (that wait is queueing).
 */
class RequestPacer
{
public:
    RequestPacer() = default;
    /// window: budget per window (invalid = none); perSecond: hard cap (0 = none).
    RequestPacer(RateLimitWindow window, double perSecond);
    /// Several budgets that all apply (a parsed --rate-limit): the longest window is the
    /// fixed-window budget; each shorter one spaces requests at least windowMs / requests
    /// apart (stricter than its window, never looser), as does perSecond.
    RequestPacer(const QList<RateLimitWindow> &windows, double perSecond);

    /// Reserves the earliest slot at or after nowMs and returns its time (>= nowMs).
    qint64 reserve(qint64 nowMs);

    /// What a response's `x-rate-limit-*` headers said. resetAtMs is on this limiter's clock.
    /// unanswered: requests sent after this one that the server may not have counted yet.
    void updateFromHeaders(int limit, int remaining, qint64 resetAtMs, qint64 nowMs, int unanswered = 0);

    /// How long a request about to go out at nowMs must still wait (0: it may go now) so that
    /// it is at least the minimum spacing after the last request that went out (sent()).
    /// reserve() spaces the slots; a sleeper woken late (a busy event loop) would otherwise
    /// go out close behind, or together with, the next one, and a server measuring arrival
    /// times would see two requests closer than its limit.
    qint64 holdBeforeSend(qint64 nowMs) const;
    /// A request went out at nowMs.
    void sent(qint64 nowMs) { m_lastSent = std::max(m_lastSent, nowMs); }

    /// Nothing is sent before atMs (after a 429).
    void blockUntil(qint64 atMs);
    qint64 blockedUntil() const { return m_blockedUntil; }

    RateLimitWindow window() const { return m_window; }
    qint64 minIntervalMs() const { return m_minIntervalMs; }

private:
    RateLimitWindow m_window;
    qint64 m_windowStart = -1; ///< start of the current fixed window (may lie ahead of now)
    qint64 m_windowEnd = -1; ///< end of the current fixed window; -1 before the first request
    int m_used = 0;
    qint64 m_minIntervalMs = 0;
    qint64 m_lastSend = -1; ///< the last slot handed out
    qint64 m_lastSent = -1; ///< the last request that went out
    qint64 m_blockedUntil = 0;
    // The server's own view, from headers: remaining requests until serverReset.
    int m_serverRemaining = -1;
    qint64 m_serverReset = -1;
};

/// Exponential backoff with jitter for retries: attempt 1 waits about base, then 2x, 4x... up to max.
/// The jitter ("equal jitter": half fixed, half random) keeps concurrent retries from lining up.
qint64 backoffDelayMs(int retry, qint64 baseMs, qint64 maxMs, double random01);

/// Safety margin added to short windows, so a server measuring arrival times (which jitter)
/// never sees two requests closer than its window allows.
qint64 pacingMarginMs(qint64 windowMs);

} // namespace ts::search
