// SPDX-License-Identifier: MIT
#include "transportpool.h"

#include "common/urltext.h"
#include "searchprovider.h"

#include <QDateTime>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslError>
#include <QTime>
#include <QTimer>

#include <QCoroSignal>

#include <cmath>
#include <cstdlib>
#include <limits>

#ifdef Q_OS_LINUX
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace ts::search {

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

/// The system's proxy settings (on Linux through libproxy: http_proxy, https_proxy,
/// HTTPS_PROXY, no_proxy, or the desktop's settings), except for loopback hosts: the local
/// archive is never reached through a proxy.
class SystemProxyFactory : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        if (isLoopbackHost(query.peerHostName()))
            return { QNetworkProxy(QNetworkProxy::NoProxy) };
        return systemProxyForQuery(query);
    }
};

/**
 * Sets TCP_NODELAY on this process's TCP connections whose peer port is `port`; returns how
 * many. Qt 6.4 leaves Nagle's algorithm on for its HTTP connections (docs/qt-notes.md,
 * section 4) and gives no access to their sockets: over HTTP/2 the many small frames of one
 * connection then wait for the server's delayed ACK, up to 40 ms. The option changes no state
 * Qt relies on; on another socket to the same port it is harmless. Linux only (/proc/self/fd).
 */
int setNoDelayOnConnectionsTo(quint16 port)
{
    int done = 0;
#ifdef Q_OS_LINUX
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return 0;
    const int own = dirfd(dir);
    while (const dirent *entry = readdir(dir)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd < 0 || fd == own)
            continue;
        sockaddr_storage peer {};
        socklen_t length = sizeof peer;
        if (getpeername(int(fd), reinterpret_cast<sockaddr *>(&peer), &length) != 0)
            continue; // not a socket, or not connected
        quint16 peerPort = 0;
        if (peer.ss_family == AF_INET)
            peerPort = ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
        else if (peer.ss_family == AF_INET6)
            peerPort = ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port);
        int type = 0;
        socklen_t typeLength = sizeof type;
        if (peerPort != port || getsockopt(int(fd), SOL_SOCKET, SO_TYPE, &type, &typeLength) != 0
            || type != SOCK_STREAM)
            continue;
        const int on = 1;
        if (setsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0)
            ++done;
    }
    closedir(dir);
#else
    Q_UNUSED(port);
#endif
    return done;
}

} // namespace

bool isSameOrigin(const QUrl &origin, const QUrl &target)
{
    if (!target.isValid() || origin.scheme().compare(target.scheme(), Qt::CaseInsensitive) != 0
        || origin.host().compare(target.host(), Qt::CaseInsensitive) != 0)
        return false;
    const int defaultPort = origin.scheme() == QLatin1String("https") ? 443 : 80;
    return origin.port(defaultPort) == target.port(defaultPort);
}

std::optional<qint64> rateLimitResetWaitMs(QByteArrayView resetHeader, qint64 nowEpochMs)
{
    const QByteArrayView text = resetHeader.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    constexpr qint64 maxSeconds = std::numeric_limits<qint64>::max() / 4000;
    bool ok = false;
    qint64 seconds = text.toLongLong(&ok);
    if (!ok) {
        // "1e17" or "1.7e9": a number all the same; a reset beyond int64 seconds saturates.
        const double d = text.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return std::nullopt;
        seconds = d >= double(maxSeconds) ? maxSeconds : d <= 0 ? 0 : qint64(d);
    }
    if (seconds <= 0)
        return std::nullopt;
    seconds = std::min(seconds, maxSeconds);
    return seconds * 1000 - nowEpochMs;
}

QString rateLimitedUntilText(qint64 waitMs)
{
    constexpr qint64 day = 24ll * 3600 * 1000;
    constexpr qint64 century = 100 * 366 * day;
    waitMs = std::max<qint64>(waitMs, 0);
    if (waitMs < day)
        return QStringLiteral("rate limited until %1")
            .arg(QTime::currentTime().addMSecs(int(waitMs)).toString(QStringLiteral("HH:mm:ss")));
    if (waitMs < century)
        return QStringLiteral("rate limited until %1")
            .arg(QDateTime::currentDateTime().addMSecs(waitMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    return QStringLiteral("rate limited until a reset more than a century away");
}

QString rateLimitTooLongText(qint64 waitMs, qint64 maxWaitMs)
{
    constexpr qint64 century = 100ll * 366 * 24 * 3600 * 1000;
    if (waitMs >= century)
        return QStringLiteral("%1 (the maximum rate-limit wait is %2 s)")
            .arg(rateLimitedUntilText(waitMs))
            .arg(maxWaitMs / 1000);
    return QStringLiteral("%1 (a wait of %2 s; the maximum rate-limit wait is %3 s)")
        .arg(rateLimitedUntilText(waitMs))
        .arg((waitMs + 999) / 1000)
        .arg(maxWaitMs / 1000);
}

ReplyGuard::ReplyGuard(QNetworkReply *reply, const TransferLimits &limits)
    : QObject(reply)
    , m_reply(reply)
    , m_limits(limits)
    , m_origin(reply->request().url())
{
    if (m_limits.readBufferBytes > 0)
        reply->setReadBufferSize(m_limits.readBufferBytes);
    connect(reply, &QNetworkReply::readyRead, this, &ReplyGuard::readAvailable);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300 && status < 400)
            return; // a redirect's own body is not the answer
        bool ok = false;
        const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if (!ok || length < 0)
            return;
        if (length > m_limits.maxBodyBytes)
            return fail(Failure::BodyTooLarge,
                QStringLiteral("the response announces %1 bytes, more than the maximum body size of %2 "
                               "(max-body-size); not read")
                    .arg(length)
                    .arg(sizeText(m_limits.maxBodyBytes)));
        if (m_body.capacity() < length + TweetParser::padding)
            m_body.reserve(length + TweetParser::padding);
    });
    connect(reply, &QNetworkReply::redirected, this, [this](const QUrl &target) {
        if (isSameOrigin(m_origin, target)) {
            keepInactivityTimeout();
            Q_EMIT m_reply->redirectAllowed();
            return;
        }
        fail(Failure::RedirectRefused,
            QStringLiteral("redirected to %1, another origin than %2: not followed (credentials are never sent "
                           "to another origin)")
                .arg(redactedUrl(target), redactedUrl(m_origin.adjusted(QUrl::RemovePath | QUrl::RemoveQuery))));
    });
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        // Never ignored (no ignoreSslErrors anywhere): the reply fails, and this says why.
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        texts.removeDuplicates();
        m_tlsErrors = texts.join(QStringLiteral("; "));
    });
    connect(reply, &QNetworkReply::finished, this, [this] {
        readAvailable();
        if (m_deadline)
            m_deadline->stop();
        if (m_idle)
            m_idle->stop();
    });
    if (m_limits.deadlineMs > 0) {
        m_deadline = new QTimer(this);
        m_deadline->setSingleShot(true);
        m_deadline->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
        connect(m_deadline, &QTimer::timeout, this, [this] {
            fail(Failure::DeadlineExceeded,
                QStringLiteral("no complete answer within %1 ms (request deadline)").arg(m_limits.deadlineMs));
        });
        m_deadline->start(std::chrono::milliseconds(m_limits.deadlineMs));
    }
}

ReplyGuard *ReplyGuard::of(const QNetworkReply *reply)
{
    return reply ? reply->findChild<ReplyGuard *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void ReplyGuard::readAvailable()
{
    if (m_failure != Failure::None || !m_reply->isOpen())
        return;
    for (;;) {
        const qint64 available = m_reply->bytesAvailable();
        if (available <= 0)
            return;
        const qint64 size = m_body.size();
        if (size + available > m_limits.maxBodyBytes)
            return fail(Failure::BodyTooLarge,
                QStringLiteral("the response body is larger than the maximum body size of %1 (max-body-size); "
                               "aborted after %2 bytes")
                    .arg(sizeText(m_limits.maxBodyBytes))
                    .arg(size + available));
        const qint64 needed = size + available + TweetParser::padding;
        if (m_body.capacity() < needed) {
            // Doubling keeps the copies linear; the cap keeps a body within its bound.
            m_body.reserve(std::min(
                std::max(needed, qint64(m_body.capacity()) * 2), m_limits.maxBodyBytes + TweetParser::padding));
        }
        m_body.resize(size + available);
        const qint64 got = m_reply->read(m_body.data() + size, available);
        m_body.resize(size + std::max<qint64>(got, 0));
        if (got <= 0)
            return;
    }
}

QByteArray ReplyGuard::takeBody()
{
    readAvailable();
    return std::exchange(m_body, {});
}

void ReplyGuard::keepInactivityTimeout()
{
    // Qt stops its transfer timer when a redirect response finishes and does not start it again
    // for the redirected request: without this, a redirect to a URL that never answers waits for
    // the deadline, or forever without one (test: tst_hostileserver).
    const int idleMs = m_reply->request().transferTimeout();
    if (idleMs <= 0)
        return;
    if (!m_idle) {
        m_idle = new QTimer(this);
        m_idle->setSingleShot(true);
        m_idle->setInterval(idleMs);
        connect(m_idle, &QTimer::timeout, this, [this] {
            if (!m_reply->isFinished())
                m_reply->abort(); // as Qt's own timeout: OperationCanceledError, retried
        });
        const auto restart = [this] {
            if (!m_reply->isFinished())
                m_idle->start();
        };
        connect(m_reply, &QNetworkReply::downloadProgress, this, restart);
        connect(m_reply, &QNetworkReply::uploadProgress, this, restart);
        connect(m_reply, &QNetworkReply::metaDataChanged, this, restart);
    }
    m_idle->start();
}

void ReplyGuard::fail(Failure failure, const QString &text)
{
    if (m_failure != Failure::None)
        return;
    m_failure = failure;
    m_failureText = text;
    m_body = QByteArray();
    if (m_deadline)
        m_deadline->stop();
    if (m_idle)
        m_idle->stop();
    m_reply->abort();
}

TransportPool::TransportPool(int maxManagers, QObject *parent)
    : QObject(parent)
    , m_maxManagers(std::max(1, maxManagers))
{ }

TransportPool::~TransportPool() = default;

void TransportPool::setHttp2Connections(int connections)
{
    m_http2Connections = std::clamp(connections, 1, m_maxManagers);
}

void TransportPool::setHttp2StreamsPerConnection(int streams)
{
    m_http2Streams = std::max(1, streams);
}

int TransportPool::capacity() const
{
    return m_protocol == WireProtocol::Http2 ? m_http2Streams : connectionsPerManager;
}

int TransportPool::addManager()
{
    auto nam = std::make_unique<QNetworkAccessManager>();
    nam->setAutoDeleteReplies(false);
    nam->setProxyFactory(new SystemProxyFactory); // owned by the manager
    // The ALPN result of every TLS connection, before any answer: a pre-connect names the
    // protocol here while the first requests wait for it.
    connect(nam.get(), &QNetworkAccessManager::encrypted, this, [this](QNetworkReply *reply) {
        const QByteArray alpn = reply->sslConfiguration().nextNegotiatedProtocol();
        const bool h2 = alpn == QSslConfiguration::ALPNProtocolHTTP2;
        if (h2 && m_connectsStarted > m_connectsCovered) {
            // A new HTTP/2 connection: its streams' small frames must not wait for ACKs (a cold
            // run's first 64 requests did, up to 40 ms: docs/qt-notes.md, section 4). Once per
            // connection opened, not for every reply that reports the encryption.
            m_connectsCovered = m_connectsStarted;
            setNoDelayOnConnectionsTo(quint16(reply->url().port(443)));
        }
        learn(h2 ? WireProtocol::Http2 : WireProtocol::Http1);
    });
    m_managers.push_back(Entry { std::move(nam), 0, 0, false });
    return int(m_managers.size()) - 1;
}

void TransportPool::watchPreconnect(QNetworkAccessManager *nam, bool first)
{
    // connectToHost*() returns nothing: its reply is the manager's newest child. Watched for
    // the connection it opens, and deleted when done (the manager would keep it otherwise).
    const auto children = nam->findChildren<QNetworkReply *>(QString(), Qt::FindDirectChildrenOnly);
    if (children.isEmpty())
        return;
    QNetworkReply *reply = children.constLast();
    connect(reply, &QNetworkReply::socketStartedConnecting, this, [this] {
        ++m_opened;
        ++m_connectsStarted;
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, first] {
        // Until the first pre-connect is done its connection is busy, and a request would open
        // another one. Done (or failed: the requests will say why), acquire() goes on.
        if (first && m_probing)
            settle();
        reply->deleteLater();
    });
}

void TransportPool::preconnectManager(int index, bool first)
{
    QNetworkAccessManager *nam = m_managers.at(size_t(index)).manager.get();
    const QString host = m_origin.host();
    if (m_origin.scheme() == QLatin1String("https"))
        nam->connectToHostEncrypted(host, quint16(m_origin.port(443)), *m_ssl);
    else
        nam->connectToHost(host, quint16(m_origin.port(80)));
    watchPreconnect(nam, first);
}

bool TransportPool::isPreconnected(const QUrl &url, const QSslConfiguration &ssl) const
{
    return !m_origin.isEmpty() && isSameOrigin(m_origin, url) && m_ssl && *m_ssl == ssl;
}

bool TransportPool::servesOrigin(const QUrl &url) const
{
    return !m_origin.isEmpty() && isSameOrigin(m_origin, url);
}

void TransportPool::preconnect(const QUrl &origin, const QSslConfiguration &ssl, int expectedInFlight)
{
    if (m_ssl && *m_ssl != ssl) {
        // Another CA file: Qt's connection cache is keyed by scheme, host, port and proxy, not
        // by the TLS configuration, so a connection made with the old one could be reused.
        for (Entry &e : m_managers)
            e.manager->clearConnectionCache();
        m_protocol = WireProtocol::Unknown;
    }
    if (m_origin.isEmpty() || !isSameOrigin(m_origin, origin))
        m_protocol = WireProtocol::Unknown; // another server: learnt anew
    m_origin = origin.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    m_ssl = std::make_unique<QSslConfiguration>(ssl);
    m_expectedInFlight = std::max(1, expectedInFlight);
    if (m_managers.empty())
        addManager();
    m_probing = true;
    if (!m_probeTimer) {
        m_probeTimer = new QTimer(this);
        m_probeTimer->setSingleShot(true);
        connect(m_probeTimer, &QTimer::timeout, this, [this] {
            if (m_probing)
                settle(); // the pre-connect took too long: requests go on without it
        });
    }
    m_probeTimer->start(m_protocolWaitMs);
    preconnectManager(0, true);
    if (m_origin.scheme() == QLatin1String("http"))
        learn(WireProtocol::Http1); // plain http is HTTP/1.1 (Qt 6.4 tries no h2c)
    else if (m_protocol != WireProtocol::Unknown)
        learn(m_protocol); // known from an earlier run: warm the rest now
}

void TransportPool::learn(WireProtocol protocol)
{
    m_protocol = protocol;
    if (!m_origin.isEmpty() && m_ssl && m_expectedInFlight > 0) {
        // Warm what the protocol needs: HTTP/2, the connections streams are spread over;
        // HTTP/1.1, a manager (its thread and one connection) per six requests expected.
        const int wanted = protocol == WireProtocol::Http2
            ? m_http2Connections
            : std::min(m_maxManagers, (m_expectedInFlight + connectionsPerManager - 1) / connectionsPerManager);
        const int warm = int(m_managers.size());
        for (int i = warm; i < wanted; ++i)
            preconnectManager(addManager(), false);
        m_expectedInFlight = 0; // once per preconnect()
    }
    if (protocol == WireProtocol::Http2 && m_probing)
        settle(); // streams do not wait for the pre-connect's reply: they share its connection
}

void TransportPool::settle()
{
    m_probing = false;
    if (m_probeTimer)
        m_probeTimer->stop();
    wakeWaiters();
    Q_EMIT protocolSettled();
}

int TransportPool::tryAcquire()
{
    const int cap = capacity();
    // HTTP/2: streams go to the first http2Connections() managers; HTTP/1.1: to any of the pool.
    const int preferred = m_protocol == WireProtocol::Http2 ? m_http2Connections : m_maxManagers;
    const auto leastLoaded = [&](int from, int to) {
        int best = -1;
        for (int i = from; i < to; ++i) {
            if (m_managers[i].inFlight < cap && (best < 0 || m_managers[i].inFlight < m_managers[best].inFlight))
                best = i;
        }
        return best;
    };
    const int count = int(m_managers.size());
    int best = leastLoaded(0, std::min(count, preferred));
    // Prefer a fresh manager over doubling up on a busy one: a busy manager's free connection may
    // still be opening, and new managers are cheap. (HTTP/2: up to the preferred connections.)
    if ((best < 0 || m_managers[best].inFlight > 0) && count < std::min(preferred, m_maxManagers))
        best = addManager();
    if (best < 0 && count > preferred)
        best = leastLoaded(preferred, count);
    if (best < 0 && int(m_managers.size()) < m_maxManagers)
        best = addManager(); // HTTP/2: every connection has all its streams taken
    if (best < 0)
        return -1;
    Entry &e = m_managers[best];
    ++e.inFlight;
    e.peakInFlight = std::max(e.peakInFlight, e.inFlight);
    e.used = true;
    ++m_inFlight;
    m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
    return best;
}

void TransportPool::wakeWaiters()
{
    // Waiters resume from the event loop, all of them (each tries again), never inside the
    // release() or settle() that freed something: its caller is mid-way through its own work.
    if (m_wakeQueued || m_waiters.empty())
        return;
    m_wakeQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_wakeQueued = false;
            const auto waiters = std::exchange(m_waiters, {});
            for (std::coroutine_handle<> h : waiters)
                h.resume();
        },
        Qt::QueuedConnection);
}

QCoro::Task<int> TransportPool::acquire()
{
    // Not qCoro(this, &signal): QCoro 0.8 connects each awaiter with a queued connection, and a
    // signal emitted twice before delivery calls into an awaiter already gone (a crash with 256
    // queries waiting for 96 connections). The pool keeps its waiters itself.
    if (m_probing) {
        // The first pre-connect is about to name the protocol (TLS) and to free its connection:
        // the first burst waits for it rather than opening a TLS connection per six requests,
        // and a sequential run's first request takes that connection instead of opening another.
        // settle() ends the wait, at the latest from the pool's timer (protocolWaitMs).
        co_await Wait { this };
    }
    for (;;) {
        if (m_aborted)
            co_return -1;
        if (!m_probing) {
            const int index = tryAcquire();
            if (index >= 0)
                co_return index;
        }
        co_await Wait { this };
    }
}

void TransportPool::release(int index)
{
    if (index < 0 || index >= int(m_managers.size()))
        return;
    --m_managers[index].inFlight;
    --m_inFlight;
    wakeWaiters();
    Q_EMIT slotFreed();
}

QNetworkAccessManager *TransportPool::manager(int index) const
{
    return m_managers.at(index).manager.get();
}

void TransportPool::resetUsage()
{
    for (Entry &e : m_managers) {
        e.peakInFlight = e.inFlight;
        e.used = e.inFlight > 0;
    }
}

int TransportPool::connectionsUsed() const
{
    int n = 0;
    for (const Entry &e : m_managers) {
        if (!e.used)
            continue;
        n += m_protocol == WireProtocol::Http2 ? 1 : std::min(e.peakInFlight, connectionsPerManager);
    }
    return n;
}

QNetworkReply *TransportPool::send(int slot, const PreparedRequest &request)
{
    QNetworkAccessManager *nam = manager(slot);
    QNetworkReply *reply
        = request.verb == "POST" ? nam->post(request.request, request.body) : nam->get(request.request);
    new ReplyGuard(reply, request.limits);
    connect(reply, &QNetworkReply::socketStartedConnecting, this, [this] {
        ++m_opened;
        ++m_connectsStarted;
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        if (m_protocol != WireProtocol::Unknown
            || reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() <= 0)
            return;
        learn(reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? WireProtocol::Http2
                                                                                : WireProtocol::Http1);
    });
    return reply;
}

void TransportPool::abortWaiting()
{
    m_aborted = true;
    wakeWaiters();
    Q_EMIT slotFreed();
}

} // namespace ts::search
