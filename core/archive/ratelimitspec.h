// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace ts {

/// One request budget: `requests` per `windowMs` milliseconds.
struct RateLimitWindow
{
    int requests = 0;
    qint64 windowMs = 0;
    bool isValid() const { return requests > 0 && windowMs > 0; }
    friend bool operator==(const RateLimitWindow &, const RateLimitWindow &) = default;
};

/**
 * @brief The one grammar of `--rate-limit`, for `tweetscope-cli search` (the client's pacing)
 * and `tweetscope-archive serve` (the service's budget); README.md shows it.
 *
 * A comma-separated list of `REQUESTS/[COUNT]UNIT` items, every one of which applies:
 * units ms, s (sec), m (min), h; the count defaults to 1 ("1/s", "450/900s", "120/min",
 * "300/15m,1/s"). Spaces are allowed around the parts. "none" or an empty text: no limit
 * (an empty list). Named budgets of the X API v2: "x-recent" (450/15min, search/recent) and
 * "x-all" (300/15min,1/s, search/all). A window lies between 1 ms and 31 days.
 * On a mistake: nullopt and *error names the item and shows the grammar.
 */
std::optional<QList<RateLimitWindow>> parseRateLimit(QStringView spec, QString *error = nullptr);

/// The X API v2's published budgets (per app, per 15 minutes).
QList<RateLimitWindow> xRecentBudget(); ///< 450/15min
QList<RateLimitWindow> xAllBudget(); ///< 300/15min and 1/s

} // namespace ts
