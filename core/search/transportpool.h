// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <QCoroTask>

#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace ts::search {

struct PreparedRequest;

/**
 * @brief Watches one reply sent by TransportPool::send(): follows redirects only within the
 * request's origin (scheme, host and port), counts the body as it arrives and aborts it past
 * TransferLimits::maxBodyBytes, and aborts the request at its total deadline. The body is
 * collected with TweetParser's padding spare, so the parser can read it where it is.
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
    /// The body so far (all of it once the reply finished), with TweetParser::padding bytes spare.
    QByteArray takeBody();
    qint64 bodyBytes() const { return m_body.size(); }

private:
    friend class TransportPool;
    ReplyGuard(QNetworkReply *reply, const TransferLimits &limits);
    void readAvailable();
    void fail(Failure failure, const QString &text);

    QNetworkReply *m_reply;
    TransferLimits m_limits;
    QUrl m_origin;
    QByteArray m_body;
    QTimer *m_deadline = nullptr;
    Failure m_failure = Failure::None;
    QString m_failureText;
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
 * @brief A pool of QNetworkAccessManagers so that N concurrent requests to one host really are
 * N in flight: Qt 6.4 allows only 6 HTTP/1.1 connections per host per manager, with no setting
 * (docs/qt-notes.md, section 4). acquire() hands out the least-loaded manager with a free
 * connection, creating managers up to a cap; beyond the cap, callers wait (that wait is queueing).
 */
class TransportPool : public QObject
{
    Q_OBJECT
public:
    static constexpr int connectionsPerManager = 6; ///< Qt 6.4's fixed HTTP/1.1 limit

    explicit TransportPool(int maxManagers = 16, QObject *parent = nullptr);
    ~TransportPool() override;

    /// Index of a manager with a free connection (its count is already taken), or -1 when full.
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

Q_SIGNALS:
    void slotFreed();

private:
    struct Entry
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        int inFlight = 0;
    };
    std::vector<Entry> m_managers;
    int m_maxManagers;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    bool m_aborted = false;
};

} // namespace ts::search
