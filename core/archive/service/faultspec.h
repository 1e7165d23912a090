// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

class QRandomGenerator;

namespace ts::archive {

/// What goes wrong with one request when faults are injected.
enum class Fault : quint8 {
    None,
    ServiceUnavailable, ///< 503 with the API's body
    InternalError, ///< 500 with the API's body
    TooManyRequests, ///< 429 with the API's body and a reset in the near future
    Drop, ///< the connection is closed without an answer
    Slow, ///< headers at once, then the body trickles out over seconds
    Truncated, ///< Content-Length promises more than is sent, then the connection closes
    Malformed, ///< 200 with a body that is not valid JSON
};

/**
 * @brief Per-request fault probabilities, e.g. "503:0.1,500:0.05,429:0.05,drop:0.02,
 * slow:0.05,truncated:0.02,malformed:0.02". The draws come from the service's seeded
 * generator, so a seed makes a run reproducible.
 */
struct FaultSpec
{
    double serviceUnavailable = 0;
    double internalError = 0;
    double tooManyRequests = 0;
    double drop = 0;
    double slow = 0;
    double truncated = 0;
    double malformed = 0;

    static std::optional<FaultSpec> parse(const QString &spec, QString *error);
    bool isEmpty() const;
    /// One draw: which fault (or none) hits the next request.
    Fault pick(QRandomGenerator &rng) const;
};

} // namespace ts::archive
