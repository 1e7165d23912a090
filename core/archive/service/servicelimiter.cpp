// SPDX-License-Identifier: MIT
#include "servicelimiter.h"

namespace ts::archive {

ServiceRateLimiter::ServiceRateLimiter(QList<RateLimitWindow> windows)
    : m_windows(std::move(windows))
{
    if (m_windows.isEmpty()) {
        m_unlimited = true;
        m_windows.append({ UnlimitedRequests, 15 * 60 * 1000 });
    }
    for (qsizetype i = 0; i < m_windows.size(); ++i) {
        m_states.append(State { m_windows[i], -1, 0 });
        if (m_windows[i].windowMs > m_windows[m_headerWindow].windowMs)
            m_headerWindow = int(i);
    }
}

RateLimitDecision ServiceRateLimiter::take(qint64 nowMs)
{
    RateLimitDecision d;
    if (m_states.isEmpty())
        return d;
    for (State &s : m_states) {
        if (s.startMs < 0 || nowMs >= s.startMs + s.window.windowMs) {
            s.startMs = nowMs;
            s.used = 0;
        }
    }
    // A refused request reports the window that refused it, so that a client waiting
    // until x-rate-limit-reset is sure to get through; an allowed one reports the longest.
    const State *blocking = nullptr;
    for (const State &s : m_states) {
        if (s.used >= s.window.requests
            && (!blocking || s.startMs + s.window.windowMs > blocking->startMs + blocking->window.windowMs))
            blocking = &s;
    }
    d.allowed = blocking == nullptr || m_unlimited;
    if (d.allowed) {
        for (State &s : m_states)
            ++s.used;
    }
    const State &h = blocking ? *blocking : m_states[m_headerWindow];
    d.limit = h.window.requests;
    d.remaining = std::max(0, h.window.requests - h.used);
    d.resetEpochS = (h.startMs + h.window.windowMs + 999) / 1000;
    d.windowS = (h.window.windowMs + 999) / 1000;
    return d;
}

RateLimitDecision ServiceRateLimiter::peek(qint64 nowMs) const
{
    RateLimitDecision d;
    if (m_states.isEmpty())
        return d;
    const State &h = m_states[m_headerWindow];
    const bool expired = h.startMs < 0 || nowMs >= h.startMs + h.window.windowMs;
    d.limit = h.window.requests;
    d.remaining = expired ? h.window.requests : std::max(0, h.window.requests - h.used);
    d.resetEpochS = ((expired ? nowMs : h.startMs) + h.window.windowMs + 999) / 1000;
    d.windowS = (h.window.windowMs + 999) / 1000;
    return d;
}

} // namespace ts::archive
