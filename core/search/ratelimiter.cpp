// SPDX-License-Identifier: MIT
#include "ratelimiter.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace ts::search {

std::optional<RateLimitSpec> RateLimitSpec::parse(QStringView text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+)\\s*/\\s*(\\d*)\\s*(ms|s|sec|m|min|h)?\\s*$"));
    const auto m = re.match(text.toString());
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const int requests = m.captured(1).toInt(&ok);
    if (!ok || requests <= 0)
        return std::nullopt;
    qint64 count = 1;
    if (!m.captured(2).isEmpty()) {
        count = m.captured(2).toLongLong(&ok);
        if (!ok || count <= 0)
            return std::nullopt;
    }
    const QString unit = m.captured(3);
    qint64 unitMs = 1000;
    if (unit == QLatin1String("ms"))
        unitMs = 1;
    else if (unit == QLatin1String("m") || unit == QLatin1String("min"))
        unitMs = 60 * 1000;
    else if (unit == QLatin1String("h"))
        unitMs = 3600 * 1000;
    else if (unit.isEmpty() && m.captured(2).isEmpty())
        return std::nullopt; // "5/" is not a window
    return RateLimitSpec { requests, count * unitMs };
}

qint64 pacingMarginMs(qint64 windowMs)
{
    if (windowMs <= 0)
        return 0;
    return windowMs <= 10'000 ? 30 + windowMs / 20 : 1000;
}

RateLimiter::RateLimiter(RateLimitSpec window, double perSecond)
    : m_window(window)
{
    if (perSecond > 0) {
        const auto interval = static_cast<qint64>(std::ceil(1000.0 / perSecond));
        m_minIntervalMs = interval + pacingMarginMs(interval);
    }
    if (m_window.isValid() && m_window.requests == 1)
        m_minIntervalMs = std::max(m_minIntervalMs, m_window.windowMs + pacingMarginMs(m_window.windowMs));
}

qint64 RateLimiter::reserve(qint64 nowMs)
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

void RateLimiter::updateFromHeaders(int limit, int remaining, qint64 resetAtMs, qint64 nowMs, int unanswered)
{
    if (limit <= 0 || remaining < 0 || resetAtMs <= nowMs)
        return;
    m_serverRemaining = std::max(0, remaining - std::max(0, unanswered));
    // Reset times come in whole seconds; a small margin keeps the first request after the
    // reset from arriving a little early.
    m_serverReset = resetAtMs + 50;
}

void RateLimiter::blockUntil(qint64 atMs)
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
