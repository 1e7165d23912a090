// SPDX-License-Identifier: MIT
#pragma once

#include "archive/ratelimitspec.h"

#include <QList>

namespace ts::archive {

/// What the limiter says about one request, and what goes into the x-rate-limit-* headers.
struct RateLimitDecision
{
    bool allowed = true;
    int limit = 0; ///< x-rate-limit-limit
    int remaining = 0; ///< x-rate-limit-remaining
    qint64 resetEpochS = 0; ///< x-rate-limit-reset (Unix epoch seconds)
    qint64 windowS = 0; ///< the reported window's length in seconds (Bluesky's ratelimit-policy "N;w=S")
};

/**
 * @brief The service side of rate limits: fixed windows like the X API's ("450/900s", "1/s",
 * "300/900s,1/s"; parsed by ts::parseRateLimit), refusing what goes past them.
 * Every window must have room for a request to pass. An allowed request's headers
 * describe the longest window (as on the real full-archive endpoint, whose 1 request/s
 * cap is not in the headers); a refused one reports the window that refused it, so that
 * waiting until x-rate-limit-reset always gets through.
 *
 * Without windows the budget is UnlimitedRequests per 15 minutes and nothing is ever refused:
 * the x-rate-limit-* headers are sent on every answer, as the real API does, without
 * slowing anyone down.
 *
 * Time is passed in, so the class is deterministic and testable.
 */
class ServiceRateLimiter
{
public:
    static constexpr int UnlimitedRequests = 10'000'000;

    explicit ServiceRateLimiter(QList<RateLimitWindow> windows = {});

    bool isUnlimited() const { return m_unlimited; }
    /// Counts one request at nowMs (when allowed) and says whether it may pass.
    RateLimitDecision take(qint64 nowMs);
    /// The current state for the headers of a response that does not count (e.g. a 404).
    RateLimitDecision peek(qint64 nowMs) const;

private:
    struct State
    {
        RateLimitWindow window;
        qint64 startMs = -1;
        int used = 0;
    };
    QList<State> m_states;
    QList<RateLimitWindow> m_windows;
    int m_headerWindow = 0;
    bool m_unlimited = false;
};

} // namespace ts::archive
