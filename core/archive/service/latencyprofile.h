// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

class QRandomGenerator;

namespace ts::archive {

/**
 * @brief How long the local archive waits before it answers a request, to feel like a
 * real remote API. The wait is served by a timer on the service's event loop, never by
 * a sleeping thread, so hundreds of delayed requests overlap.
 */
struct LatencyProfile
{
    enum class Kind : quint8 { None, Fixed, LogNormal };
    Kind kind = Kind::LogNormal;
    double medianMs = 700; ///< Fixed: the delay; LogNormal: the median
    double sigma = 0.15; ///< LogNormal: spread of ln(delay)

    /// "none", "fixed:MS", "lognormal:MEDIAN_MS,SIGMA" or "realistic". On error returns
    /// nullopt and sets *error to a one-line reason.
    static std::optional<LatencyProfile> parse(const QString &spec, QString *error);
    /// The default: what the seed notebook measured against Gnip 30-day search
    /// (6 requests, 4.4 s one by one, 0.76 s all at once): a median of about 700 ms with a
    /// narrow spread, lognormal(700 ms, 0.15).
    static LatencyProfile realistic();

    /// One delay in milliseconds (>= 0), drawn from rng.
    int sampleMs(QRandomGenerator &rng) const;
    QString toString() const;
};

} // namespace ts::archive
