// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <QCoroTask>

#include <coroutine>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QSslConfiguration;
class QTimer;

namespace ts::search {

struct PreparedRequest;

/**
 * @brief Watches one reply sent by TransportPool::send(): follows redirects only within the
 * request's origin (scheme, host and port), counts the body as it arrives and aborts it past
 * TransferLimits::maxBodyBytes, and aborts the request at its total deadline. After a
 * redirect it keeps the request's inactivity timeout (QNetworkRequest::transferTimeout), which
 * Qt 6.4 stops there: it aborts as Qt would (OperationCanceledError, retried like Qt's). The
 * body is collected with TweetParser's padding spare, so the parser can read it where it is.
 *
 * A child of its reply (gone with it); find it with of(reply).
 */
class ReplyGuard : public QObject
{
    Q_OBJECT
public:
    enum class Failure : quint8 { None, RedirectRefused, BodyTooLarge, DeadlineExceeded };

    static ReplyGuard *of(const QNetworkReply *reply);

    /// Why the guard ended the request (None when it did not).
    Failure failure() const { return m_failure; }
    /// A clear message for failure(), naming the redirect target (without its user info) or the bound.
    QString failureText() const { return m_failureText; }
    /// The TLS errors of the handshake in plain words ("; "-separated), empty when there were none.
    QString tlsErrorsText() const { return m_tlsErrors; }
    /// The body so far (all of it once the reply finished), with TweetParser::padding bytes spare.
    QByteArray takeBody();
    qint64 bodyBytes() const { return m_body.size(); }

private:
    friend class TransportPool;
    ReplyGuard(QNetworkReply *reply, const TransferLimits &limits);
    void readAvailable();
    void fail(Failure failure, const QString &text);
    void keepInactivityTimeout();

    QNetworkReply *m_reply;
    TransferLimits m_limits;
    QUrl m_origin;
    QByteArray m_body;
    QTimer *m_deadline = nullptr;
    QTimer *m_idle = nullptr; ///< the inactivity timeout after a redirect
    Failure m_failure = Failure::None;
    QString m_failureText;
    QString m_tlsErrors;
};

/// True when `target` has the scheme, host and port (default ports resolved) of `origin`.
bool isSameOrigin(const QUrl &origin, const QUrl &target);

/**
 * How long a 429 asks to wait: the x-rate-limit-reset header (epoch seconds) minus nowEpochMs,
 * saturated instead of overflowing (a reset of 1e17 s is a very long wait, not a negative one).
 * nullopt when the header is absent or unreadable.
 */
std::optional<qint64> rateLimitResetWaitMs(QByteArrayView resetHeader, qint64 nowEpochMs);

/// "rate limited until HH:MM:SS" (local time) for a wait from now; a wait past a day names the
/// date too, and a wait beyond any calendar says so.
QString rateLimitedUntilText(qint64 waitMs);

/// Why a query that should wait waitMs for a rate limit fails instead: "rate limited until
/// HH:MM:SS (a wait of N s; the maximum rate-limit wait is M s)".
QString rateLimitTooLongText(qint64 waitMs, qint64 maxWaitMs);

/**
 * @brief The client's connections: QNetworkAccessManagers, laid out for the protocol the
 * server negotiated (docs/design.md, "HTTPS and HTTP/2").
 *
 * - HTTP/1.1 (plain http, or TLS whose ALPN chose http/1.1): a pool, so that N concurrent
 *   requests to one host really are N in flight: Qt 6.4 allows only 6 HTTP/1.1 connections per
 *   host per manager, with no setting (docs/qt-notes.md, section 4). acquire() hands out the
 *   least-loaded manager with a free connection, creating managers up to a cap.
 * - HTTP/2 (ALPN h2): one manager is one connection carrying many streams; requests are spread
 *   over http2Connections() managers, each up to http2StreamsPerConnection() streams, and only a
 *   request finding every one of them full opens another.
 *
 * The protocol is learned from the TLS handshake of preconnect() (QNetworkAccessManager::
 * encrypted gives the ALPN result before any request), or else from the first answer. While
 * the first pre-connect is under way, acquire() waits for it (at most protocolWaitMs): a first
 * burst does not open one TLS connection per six requests, and a sequential run's first
 * request takes the pre-connected connection instead of opening a second one.
 * Beyond the cap, callers wait (that wait is queueing).
 */
class TransportPool : public QObject
{
    Q_OBJECT
public:
    static constexpr int connectionsPerManager = 6; ///< Qt 6.4's fixed HTTP/1.1 limit
    /// Streams given to one HTTP/2 connection before another is opened. Qt itself keeps to the
    /// server's SETTINGS_MAX_CONCURRENT_STREAMS below this (it queues the rest).
    static constexpr int defaultHttp2Streams = 100;
    /// HTTP/2 connections streams are spread over (docs/benchmarks.md, "HTTPS and HTTP/2").
    static constexpr int defaultHttp2Connections = 1;
    /// Longest wait of acquire() for the first pre-connect (its TLS handshake names the protocol).
    static constexpr int protocolWaitMs = 10000;

    explicit TransportPool(int maxManagers = 16, QObject *parent = nullptr);
    ~TransportPool() override;

    void setHttp2Connections(int connections);
    int http2Connections() const { return m_http2Connections; }
    void setHttp2StreamsPerConnection(int streams);
    /// protocolWaitMs unless changed (tests).
    void setProtocolWaitMs(int ms) { m_protocolWaitMs = std::max(0, ms); }
    int http2StreamsPerConnection() const { return m_http2Streams; }

    /**
     * Opens connections to origin ahead of the first request, with the TLS configuration the
     * requests carry (QSslConfiguration with ALPN h2 and http/1.1 and the trusted CAs): a
     * pre-connected connection is reused only when they match. Plain http: enough managers for
     * expectedInFlight requests, one connection each (their threads started). https: one
     * connection, whose ALPN result decides the rest (h2: http2Connections() managers; http/1.1:
     * as plain http). Nothing is sent; errors show on the requests. Another TLS configuration
     * than the last one (another CA file) drops the connections made with the old one.
     */
    void preconnect(const QUrl &origin, const QSslConfiguration &ssl, int expectedInFlight);
    /// True when preconnect() was last called for url's origin (scheme, host and port) with ssl.
    bool isPreconnected(const QUrl &url, const QSslConfiguration &ssl) const;
    /// True when preconnect() was last called for url's origin, whatever the TLS configuration.
    bool servesOrigin(const QUrl &url) const;

    /// What the server negotiated, as far as known.
    WireProtocol protocol() const { return m_protocol; }

    /// Index of a manager with a free connection or stream (its count is already taken), or -1 when full.
    int tryAcquire();
    /// Waits until a connection is free. Returns -1 when abortWaiting() was called.
    QCoro::Task<int> acquire();
    void release(int index);
    QNetworkAccessManager *manager(int index) const;

    /// Sends a request on the manager of `slot`: the one place the client sends requests. The
    /// reply carries a ReplyGuard enforcing the request's limits and the same-origin redirect rule.
    QNetworkReply *send(int slot, const PreparedRequest &request);

    /// Wakes every acquire() waiting for a slot with -1 (cancel).
    void abortWaiting();
    void resetAbort() { m_aborted = false; }

    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }
    void resetMaxInFlight() { m_maxInFlight = m_inFlight; }
    int managerCount() const { return int(m_managers.size()); }
    int maxManagers() const { return m_maxManagers; }

    /// Starts counting the connections used anew (at a run's start).
    void resetUsage();
    /// Connections that carried requests since resetUsage(): HTTP/2, the managers used; HTTP/1.1,
    /// each manager's most requests in flight at once (at most 6).
    int connectionsUsed() const;
    /// Connections opened (by requests and pre-connects) since the last call; a run takes them
    /// at its end, so the pre-connects made ahead of it count for it.
    int takeConnectionsOpened() { return std::exchange(m_opened, 0); }

Q_SIGNALS:
    void slotFreed();
    /// protocol() became known, or the pre-connect that would tell it failed.
    void protocolSettled();

private:
    struct Entry
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        int inFlight = 0;
        int peakInFlight = 0; ///< since resetUsage()
        bool used = false; ///< since resetUsage()
    };
    int addManager();
    void preconnectManager(int index, bool first);
    void learn(WireProtocol protocol);
    void settle(); ///< the first pre-connect is done (or given up): acquire() goes on
    void wakeWaiters();
    /// acquire()'s wait: resumed by wakeWaiters() from the event loop.
    struct Wait
    {
        TransportPool *pool;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) const { pool->m_waiters.push_back(h); }
        void await_resume() const noexcept { }
    };
    std::deque<std::coroutine_handle<>> m_waiters; ///< coroutines in acquire(), in arrival order
    bool m_wakeQueued = false;
    void watchPreconnect(QNetworkAccessManager *nam, bool first);
    int capacity() const;

    std::vector<Entry> m_managers;
    int m_maxManagers;
    int m_http2Connections = defaultHttp2Connections;
    int m_http2Streams = defaultHttp2Streams;
    int m_protocolWaitMs = protocolWaitMs;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_opened = 0;
    qint64 m_connectsStarted = 0; ///< connections opened, never reset
    qint64 m_connectsCovered = 0; ///< m_connectsStarted when TCP_NODELAY was last set
    int m_expectedInFlight = 0;
    bool m_aborted = false;
    bool m_probing = false; ///< the first pre-connect is under way (acquire() waits for it)
    WireProtocol m_protocol = WireProtocol::Unknown;
    QUrl m_origin;
    std::unique_ptr<QSslConfiguration> m_ssl;
    QTimer *m_probeTimer = nullptr; ///< bounds the wait for the first pre-connect
};

} // namespace ts::search
