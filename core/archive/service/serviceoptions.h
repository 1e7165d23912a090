// SPDX-License-Identifier: MIT
#pragma once

#include "enterpriserenderer.h"
#include "faultspec.h"
#include "httplimits.h"
#include "latencyprofile.h"
#include "servicelimiter.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace ts::archive {

/// Everything that shapes one run of the local archive service.
struct ServiceOptions
{
    QString dbPath; ///< the archive (SQLite) to serve; opened read-only
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; ///< 0: the OS picks a free port
    LatencyProfile latency = LatencyProfile::realistic();
    FaultSpec faults;
    /// Budget of every endpoint; empty: unlimited (headers say 10,000,000 per 15 minutes).
    QList<RateLimitWindow> rateLimit;
    /// The X API v2's published budgets per endpoint instead (serve --rate-limit x): search/recent
    /// 450 per 15 min, search/all 300 per 15 min and 1/s, counts 300 per 15 min, tweet lookup
    /// (/2/tweets) 900 per 15 min; Enterprise as
    /// rateLimit.
    bool xApiBudgets = false;
    QString bearerToken; ///< non-empty: v2 requests need "Authorization: Bearer <token>"
    QString username; ///< non-empty: Enterprise requests need HTTP Basic username:password
    QString password;
    /// Bluesky (/xrpc/): createSession accepts this identifier and app password; empty: any.
    QString blueskyIdentifier;
    QString blueskyPassword;
    qint64 blueskyAccessTtlMs = 2 * 3600 * 1000; ///< how long an access token lives (the PDS: 2 hours)
    EnterpriseFormat enterpriseFormat = EnterpriseFormat::ActivityStreams;
    std::optional<quint64> seed; ///< makes latency and fault draws reproducible
    /// The service's "now" (ms since the epoch). Unset: the real now, or, when the
    /// archive's newest tweet is older than that, 1 ms after the newest tweet, so that the
    /// default windows ("recent" = the last 7 days) cover an archive generated earlier.
    std::optional<qint64> nowMs;
    int slowBodyMs = 2000; ///< how long a "slow" fault trickles its body
    int tooManyRequestsResetMs = 2000; ///< a "429" fault's x-rate-limit-reset lies this far ahead
    /// Both set: HTTP/1.1 over TLS with this certificate (chain, PEM) and key (PEM, unencrypted),
    /// ALPN http/1.1 only (the service speaks no HTTP/2; nginx in front does, tests/support).
    QString tlsCertFile;
    QString tlsKeyFile;
    /// Bounds of the HTTP layer: request line, headers, body, timeouts, connections.
    HttpServerLimits http;
};

} // namespace ts::archive
