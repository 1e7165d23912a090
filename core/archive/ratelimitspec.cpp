// SPDX-License-Identifier: MIT
#include "ratelimitspec.h"

#include <QRegularExpression>

namespace ts {

using namespace Qt::StringLiterals;

QList<RateLimitWindow> xRecentBudget()
{
    return { { 450, 15 * 60 * 1000 } };
}

QList<RateLimitWindow> xAllBudget()
{
    return { { 300, 15 * 60 * 1000 }, { 1, 1000 } };
}

std::optional<QList<RateLimitWindow>> parseRateLimit(QStringView spec, QString *error)
{
    const QString text = spec.trimmed().toString();
    if (text.isEmpty() || text == u"none"_s)
        return QList<RateLimitWindow> {};
    if (text == u"x-recent"_s)
        return xRecentBudget();
    if (text == u"x-all"_s)
        return xAllBudget();
    static const QRegularExpression re(u"^\\s*(\\d{1,9})\\s*/\\s*(\\d{0,12})\\s*(ms|sec|s|min|m|h)?\\s*$"_s);
    constexpr qint64 MaxWindowMs = 31LL * 86400 * 1000;
    QList<RateLimitWindow> windows;
    const QStringList items = text.split(u',');
    for (const QString &item : items) {
        const auto m = re.match(item);
        bool ok = m.hasMatch();
        const int requests = ok ? m.captured(1).toInt() : 0;
        const QString countText = m.captured(2);
        const QString unit = m.captured(3);
        if (ok && countText.isEmpty() && unit.isEmpty())
            ok = false; // "5/" is not a window
        const qint64 count = countText.isEmpty() ? 1 : countText.toLongLong();
        const qint64 unitMs = unit == u"ms"_s    ? 1
            : unit == u"m"_s || unit == u"min"_s ? 60'000
            : unit == u"h"_s                     ? 3'600'000
                                                 : 1000;
        const qint64 windowMs = count <= MaxWindowMs ? count * unitMs : MaxWindowMs + 1;
        if (!ok || requests < 1 || windowMs < 1 || windowMs > MaxWindowMs) {
            if (error) {
                *error = u"'%1': expected REQUESTS/[COUNT]UNIT items separated by commas (units ms, s, m or min, "
                         "h; a window of at most 31 days), like 450/900s, 1/s, 120/min or 300/15m,1/s; or "
                         "x-recent, x-all, none"_s.arg(item.trimmed());
            }
            return std::nullopt;
        }
        windows.append({ requests, windowMs });
    }
    return windows;
}

} // namespace ts
