// SPDX-License-Identifier: MIT
#pragma once

#include "archive/archivestore.h"
#include "faultspec.h"
#include "httpanswer.h"
#include "httpserver.h"
#include "servicelimiter.h"
#include "serviceoptions.h"

#include <QObject>
#include <QRandomGenerator>
#include <QSslConfiguration>

#include <atomic>
#include <memory>
#include <optional>

class QThreadPool;

namespace ts::archive {

namespace bluesky {
class Sessions;
}

/// Counters of a running service, readable from any thread.
struct ServiceCounters
{
    std::atomic<qint64> requests { 0 }; ///< requests received
    std::atomic<qint64> answered { 0 }; ///< answers written completely
    std::atomic<qint64> clientGone { 0 }; ///< answers dropped because the client had left
    std::atomic<int> inFlight { 0 }; ///< received, not yet answered
    std::atomic<int> maxInFlight { 0 };
};

/**
 * @brief The local archive's HTTP service: the X API v2 and Enterprise search endpoints
 * over an ArchiveStore, with latency, faults, rate limits and credentials.
 *
 * Lives on one thread (never the GUI thread: see LocalArchiveServer), which reads requests
 * and writes answers. Pages and counts are computed on a small worker pool (one read-only
 * store connection per worker), so that many requests arriving together are answered in
 * parallel and the I/O thread stays free. The latency counts from the request's arrival:
 * an answer is sent when both its page is ready and its latency has passed, by a timer on
 * the service thread, so hundreds of delayed requests are in flight together. Requests are
 * read and answers written by HttpServer (bounded reading, timeouts, connection cap, answers
 * in request order): an answer for a client that left is skipped.
 */
class ArchiveService : public QObject
{
    Q_OBJECT
public:
    explicit ArchiveService(ServiceOptions options, QObject *parent = nullptr);
    ~ArchiveService() override;

    /// Opens the archive and listens. Returns false with *error set when either fails.
    bool start(QString *error);

    /// The server side of `serve --tls-cert/--tls-key`: the certificate chain and key (PEM, at
    /// most 1 MiB each), ALPN http/1.1 only. nullopt and *error naming the file when unusable.
    static std::optional<QSslConfiguration> tlsConfiguration(
        const QString &certFile, const QString &keyFile, QString *error);
    quint16 port() const { return m_port; }
    qint64 nowMs() const;
    const ServiceCounters &counters() const { return m_counters; }
    HttpServerStats httpStats() const;

private:
    enum class Api : quint8 { None, V2, Enterprise, Xrpc };
    struct Routed;
    void handleRequest(const HttpRequest &request, const HttpExchange &exchange);
    Routed route(const HttpRequest &request);
    ServiceRateLimiter &limiterFor(const Routed &r);
    /// Computes the answer of a data or counts request; runs on a worker thread.
    HttpAnswer answer(const Routed &r) const;
    HttpAnswer answerV2Search(const Routed &r, ArchiveStore &store) const;
    HttpAnswer answerV2Counts(const Routed &r, ArchiveStore &store) const;
    HttpAnswer answerV2Lookup(const Routed &r, ArchiveStore &store) const;
    HttpAnswer answerEnterprise(const Routed &r, ArchiveStore &store) const;
    HttpAnswer answerSearchPosts(const Routed &r, ArchiveStore &store) const;
    std::optional<HttpAnswer> checkAuth(const HttpRequest &request, Api api) const;
    HttpAnswer storeFailure(Api api, const QString &message) const;
    /// Adds the rate-limit headers and sends the answer after delayMs (at once when <= 0).
    void deliver(const HttpExchange &exchange, bool keepAlive, HttpAnswer answer, const RateLimitDecision &limit,
        int delayMs, Fault fault = Fault::None, Api api = Api::V2);
    void write(const HttpExchange &exchange, bool keepAlive, const HttpAnswer &answer, Fault fault);
    void finishOne(bool delivered);

    ServiceOptions m_options;
    ArchiveStore m_store; ///< the service thread's connection (archive facts at start)
    ServiceRateLimiter m_limiter;
    // With xApiBudgets: one budget per v2 endpoint family, as the real API counts them.
    ServiceRateLimiter m_recentLimiter;
    ServiceRateLimiter m_allLimiter;
    ServiceRateLimiter m_countsLimiter;
    ServiceRateLimiter m_lookupLimiter; ///< GET /2/tweets and /2/tweets/:id: 900 per 15 min
    QRandomGenerator m_rng;
    quint16 m_port = 0;
    qint64 m_archiveClockMs = 0; ///< 0: use the real clock
    qint64 m_tweetCount = 0;
    ServiceCounters m_counters;
    std::unique_ptr<bluesky::Sessions> m_sessions; ///< Bluesky sessions (service thread only)
    HttpServer *m_http = nullptr;
    std::unique_ptr<QThreadPool> m_workers; ///< computes pages and counts; last, so destroyed first
};

} // namespace ts::archive
