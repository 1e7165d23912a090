// SPDX-License-Identifier: MIT
#include "requestpacer.h"

#include <algorithm>
#include <cmath>

namespace ts::search {

qint64 pacingMarginMs(qint64 windowMs)
{
    if (windowMs <= 0)
        return 0;
    return windowMs <= 10'000 ? 30 + windowMs / 20 : 1000;
}

RequestPacer::RequestPacer(const QList<RateLimitWindow> &windows, double perSecond)
{
    qsizetype longest = -1;
    for (qsizetype i = 0; i < windows.size(); ++i) {
        if (windows[i].isValid() && (longest < 0 || windows[i].windowMs > windows[longest].windowMs))
            longest = i;
    }
    *this = RequestPacer(longest >= 0 ? windows[longest] : RateLimitWindow {}, perSecond);
    for (qsizetype i = 0; i < windows.size(); ++i) {
        if (i == longest || !windows[i].isValid())
            continue;
        const qint64 interval = (windows[i].windowMs + windows[i].requests - 1) / windows[i].requests;
        m_minIntervalMs = std::max(m_minIntervalMs, interval + pacingMarginMs(interval));
    }
}

RequestPacer::RequestPacer(RateLimitWindow window, double perSecond)
    : m_window(window)
{
    if (perSecond > 0) {
        const auto interval = static_cast<qint64>(std::ceil(1000.0 / perSecond));
        m_minIntervalMs = interval + pacingMarginMs(interval);
    }
    if (m_window.isValid() && m_window.requests == 1)
        m_minIntervalMs = std::max(m_minIntervalMs, m_window.windowMs + pacingMarginMs(m_window.windowMs));
}

qint64 RequestPacer::reserve(qint64 nowMs)
{
    qint64 t = std::max(nowMs, m_blockedUntil);
    if (m_lastSend >= 0 && m_minIntervalMs > 0)
        t = std::max(t, m_lastSend + m_minIntervalMs);
    for (;;) {
        // The server's count: when it said nothing is left, wait for its reset.
        if (m_serverReset >= 0) {
            if (t >= m_serverReset) {
                m_serverReset = -1;
                m_serverRemaining = -1;
            } else if (m_serverRemaining <= 0) {
                t = m_serverReset;
                continue;
            }
        }
        if (m_window.isValid()) {
            // A window reserved ahead of now (a burst larger than the budget) holds every
            // later request until it starts: its budget is not spendable before then.
            if (m_windowEnd >= 0 && t < m_windowStart)
                t = m_windowStart;
            if (m_windowEnd < 0 || t >= m_windowEnd) {
                m_windowStart = t;
                m_windowEnd = t + m_window.windowMs + pacingMarginMs(m_window.windowMs);
                m_used = 0;
            }
            if (m_used >= m_window.requests) {
                t = m_windowEnd;
                continue;
            }
            ++m_used;
        }
        break;
    }
    if (m_serverRemaining > 0)
        --m_serverRemaining;
    m_lastSend = t;
    return t;
}

qint64 RequestPacer::holdBeforeSend(qint64 nowMs) const
{
    if (m_minIntervalMs <= 0 || m_lastSent < 0)
        return 0;
    return std::max<qint64>(0, m_lastSent + m_minIntervalMs - nowMs);
}

void RequestPacer::updateFromHeaders(int limit, int remaining, qint64 resetAtMs, qint64 nowMs, int unanswered)
{
    if (limit <= 0 || remaining < 0 || resetAtMs <= nowMs)
        return;
    m_serverRemaining = std::max(0, remaining - std::max(0, unanswered));
    // Reset times come in whole seconds; a small margin keeps the first request after the
    // reset from arriving a little early.
    m_serverReset = resetAtMs + 50;
}

void RequestPacer::blockUntil(qint64 atMs)
{
    m_blockedUntil = std::max(m_blockedUntil, atMs);
}

qint64 backoffDelayMs(int retry, qint64 baseMs, qint64 maxMs, double random01)
{
    const int shift = std::clamp(retry - 1, 0, 30);
    const double full
        = std::min<double>(static_cast<double>(maxMs), static_cast<double>(baseMs) * double(1ULL << shift));
    return static_cast<qint64>(full / 2 + full / 2 * std::clamp(random01, 0.0, 1.0));
}

} // namespace ts::search
