// SPDX-License-Identifier: MIT
#include "ratelimiter.h"

#include <QRegularExpression>

namespace ts::archive {

std::optional<QList<RateLimitWindow>> RateLimiter::parse(const QString &spec, QString *error)
{
    QList<RateLimitWindow> windows;
    if (spec.trimmed().isEmpty() || spec.trimmed() == QLatin1String("none"))
        return windows;
    static const QRegularExpression re(QStringLiteral(R"(^\s*(\d{1,9})\s*/\s*(\d{0,9})\s*(s|m|h)?\s*$)"));
    const QStringList items = spec.split(QLatin1Char(','));
    for (const QString &item : items) {
        const auto m = re.match(item);
        bool ok = m.hasMatch();
        const int limit = ok ? m.captured(1).toInt() : 0;
        const qint64 count = ok && !m.captured(2).isEmpty() ? m.captured(2).toLongLong() : 1;
        const QString unit = m.captured(3);
        if (ok && m.captured(2).isEmpty() && unit.isEmpty())
            ok = false;
        const qint64 scale = unit == QLatin1String("h") ? 3600 : unit == QLatin1String("m") ? 60 : 1;
        const qint64 seconds = count * scale;
        if (!ok || limit < 1 || seconds < 1 || seconds > 86400 * 31) {
            if (error)
                *error
                    = QStringLiteral("'%1': expected REQUESTS/SECONDS like 450/900s, 1/s or 60/m").arg(item.trimmed());
            return std::nullopt;
        }
        windows.append({ limit, int(seconds) });
    }
    return windows;
}

RateLimiter::RateLimiter(QList<RateLimitWindow> windows)
    : m_windows(std::move(windows))
{
    for (qsizetype i = 0; i < m_windows.size(); ++i) {
        m_states.append(State { m_windows[i], -1, 0 });
        if (m_windows[i].seconds > m_windows[m_headerWindow].seconds)
            m_headerWindow = int(i);
    }
}

RateLimitDecision RateLimiter::take(qint64 nowMs)
{
    RateLimitDecision d;
    if (m_states.isEmpty())
        return d;
    for (State &s : m_states) {
        if (s.startMs < 0 || nowMs >= s.startMs + qint64(s.window.seconds) * 1000) {
            s.startMs = nowMs;
            s.used = 0;
        }
    }
    // A refused request reports the window that refused it, so that a client waiting
    // until x-rate-limit-reset is sure to get through; an allowed one reports the longest.
    const State *blocking = nullptr;
    for (const State &s : m_states) {
        if (s.used >= s.window.limit
            && (!blocking
                || s.startMs + qint64(s.window.seconds) * 1000
                    > blocking->startMs + qint64(blocking->window.seconds) * 1000))
            blocking = &s;
    }
    d.allowed = blocking == nullptr;
    if (d.allowed) {
        for (State &s : m_states)
            ++s.used;
    }
    const State &h = blocking ? *blocking : m_states[m_headerWindow];
    d.limit = h.window.limit;
    d.remaining = std::max(0, h.window.limit - h.used);
    d.resetEpochS = (h.startMs + qint64(h.window.seconds) * 1000 + 999) / 1000;
    return d;
}

RateLimitDecision RateLimiter::peek(qint64 nowMs) const
{
    RateLimitDecision d;
    if (m_states.isEmpty())
        return d;
    const State &h = m_states[m_headerWindow];
    const bool expired = h.startMs < 0 || nowMs >= h.startMs + qint64(h.window.seconds) * 1000;
    d.limit = h.window.limit;
    d.remaining = expired ? h.window.limit : std::max(0, h.window.limit - h.used);
    d.resetEpochS = ((expired ? nowMs : h.startMs) + qint64(h.window.seconds) * 1000 + 999) / 1000;
    return d;
}

} // namespace ts::archive
