// SPDX-License-Identifier: MIT
#include "httpserver.h"

#include "httpanswer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

#include <sys/resource.h>
#include <sys/socket.h>

namespace ts::archive {

namespace {

/// How much is read from a socket at a time, and the most Qt buffers per socket.
constexpr qint64 ReadPiece = 16 * 1024;
constexpr qint64 SocketReadBuffer = 64 * 1024;
/// After a descriptor shortage, accepting is tried again after this long (or when a connection closes).
constexpr int AcceptRetryMs = 500;

} // namespace

QByteArray httpHead(int status, const QByteArray &contentType, qint64 contentLength,
    const QList<QPair<QByteArray, QByteArray>> &headers, bool close)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    h += "Content-Type: " + contentType + "; charset=utf-8\r\n";
    h += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    for (const auto &[k, v] : headers)
        h += k + ": " + v + "\r\n";
    if (close)
        h += "Connection: close\r\n";
    h += "\r\n";
    return h;
}

struct HttpServer::Connection
{
    struct Out
    {
        quint64 sequence = 0;
        QByteArray bytes; ///< written once this answer is the first in line
        bool finished = false;
        HttpEnding ending = HttpEnding::Done;
        bool keepAlive = true;
    };
    enum class Wait : quint8 { None, Request, Idle, Drain };

    quint64 id = 0;
    QTcpSocket *socket = nullptr;
    HttpRequestReader reader;
    QByteArray pending; ///< read from the socket, not yet taken by the reader (at most ReadPiece)
    std::deque<Out> out; ///< answers in request order
    quint64 nextSequence = 0;
    QTimer timer;
    Wait wait = Wait::None;
    QDeadlineTimer requestDeadline; ///< set when a request's first byte arrives
    qint64 idleSinceMs = 0; ///< when it last became idle (m_clock), for evicting the longest idle
    bool closing = false; ///< no more requests are read (error, Connection: close)
    bool draining = false; ///< answer sent and write side shut: reading away the rest
    qint64 drained = 0;
    bool readQueued = false;

    explicit Connection(HttpRequestLimits limits)
        : reader(limits)
    {
        timer.setSingleShot(true);
    }
};

HttpServer::HttpServer(HttpServerLimits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_resumeTimer(new QTimer(this))
{
    m_resumeTimer->setSingleShot(true);
    m_clock.start();
    connect(m_resumeTimer, &QTimer::timeout, this, [this] {
        m_paused = false;
        updateAccepting();
    });
}

HttpServer::~HttpServer()
{
    for (auto &[id, c] : m_connections) {
        c->socket->disconnect(this);
        c->socket->abort();
        delete c->socket;
    }
}

void HttpServer::serve(QTcpServer *server)
{
    // How many connections the descriptor limit leaves room for: the soft RLIMIT_NOFILE less
    // the descriptors open now, those reserved for the rest of the process and those
    // QTcpServer may hold accepted but not yet taken.
    struct rlimit rl = {};
    const int openNow = int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1 << 30))
        m_stats.descriptorBudget = 1 << 30;
    else
        m_stats.descriptorBudget
            = std::max(1, int(rl.rlim_cur) - openNow - m_limits.reservedDescriptors - server->maxPendingConnections());
    m_server = server;
    server->setParent(this);
    connect(server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::accept);
    connect(server, &QTcpServer::acceptError, this, &HttpServer::acceptFailed);
}

void HttpServer::acceptFailed()
{
    // EMFILE/ENFILE (and ENOBUFS/ENOMEM): Qt reports a resource error. Accepting stays paused
    // until a connection closes or a short while has passed: never a busy loop on accept().
    m_server->pauseAccepting();
    ++m_stats.acceptPauses;
    m_paused = true;
    if (!m_resumeTimer->isActive())
        m_resumeTimer->start(AcceptRetryMs);
}

void HttpServer::updateAccepting()
{
    if (!m_server)
        return;
    // Never accept past the descriptor budget: Qt would retry accept() in a busy loop.
    const bool full = int(m_connections.size()) + m_refusing >= m_stats.descriptorBudget;
    if (full && !m_full)
        ++m_stats.acceptPauses;
    m_full = full;
    if (full || m_paused) {
        m_server->pauseAccepting();
        return;
    }
    m_server->resumeAccepting();
    // Connections Qt accepted while we were full are taken now (no new signal announces them).
    if (m_server->hasPendingConnections())
        QMetaObject::invokeMethod(this, &HttpServer::accept, Qt::QueuedConnection);
}

void HttpServer::accept()
{
    while (m_server && m_server->hasPendingConnections()
        && int(m_connections.size()) + m_refusing < m_stats.descriptorBudget) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        ++m_stats.accepted;
        socket->setParent(nullptr);
        if (socket->state() != QAbstractSocket::ConnectedState) {
            // The client left while the connection waited in QTcpServer's queue (its
            // disconnected() has been emitted already): nothing to serve.
            socket->deleteLater();
            continue;
        }
        socket->setReadBufferSize(SocketReadBuffer);
        if (m_stats.connections >= m_limits.maxConnections) {
            // At the cap, the connection idle the longest makes room (idle keep-alive
            // connections cannot lock others out); with none idle, a 503.
            Connection *oldest = nullptr;
            for (const auto &[id, c] : m_connections) {
                if (c->wait == Connection::Wait::Idle && (!oldest || c->idleSinceMs < oldest->idleSinceMs))
                    oldest = c.get();
            }
            if (oldest) {
                ++m_stats.idleEvicted;
                close(oldest->id);
            }
        }
        if (m_stats.connections >= m_limits.maxConnections) {
            // Over the cap: a 503 the client can read, then the connection goes.
            ++m_stats.refusedOverCap;
            socket->write(errorAnswer(503, "too many connections"));
            ++m_refusing;
            auto done = std::make_shared<bool>(false);
            const auto finish = [this, socket, done] {
                if (*done)
                    return;
                *done = true;
                --m_refusing;
                socket->abort();
                socket->deleteLater();
                updateAccepting();
            };
            connect(socket, &QTcpSocket::disconnected, this, finish);
            QTimer::singleShot(m_limits.drainMs, this, finish);
            socket->disconnectFromHost();
            continue;
        }
        auto c = std::make_unique<Connection>(m_limits.request);
        c->id = m_nextId++;
        c->socket = socket;
        const quint64 id = c->id;
        connect(socket, &QTcpSocket::readyRead, this, [this, id] {
            if (Connection *c = find(id))
                readFrom(*c);
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, id] {
            if (Connection *c = find(id))
                updateTimer(*c);
        });
        if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
            connect(tls, &QSslSocket::encryptedBytesWritten, this, [this, id] {
                if (Connection *c = find(id))
                    updateTimer(*c);
            });
        }
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { close(id); });
        connect(&c->timer, &QTimer::timeout, this, [this, id] {
            Connection *c = find(id);
            if (!c)
                return;
            switch (c->wait) {
            case Connection::Wait::Request:
                refuse(*c, 408, "the request did not arrive in time");
                break;
            case Connection::Wait::Idle:
                ++m_stats.idleClosed;
                close(id);
                break;
            case Connection::Wait::Drain:
            case Connection::Wait::None:
                close(id);
                break;
            }
        });
        m_connections.emplace(id, std::move(c));
        m_stats.connections = int(m_connections.size());
        m_stats.maxConnections = std::max(m_stats.maxConnections, m_stats.connections);
        Connection &ref = *m_connections.at(id);
        updateTimer(ref);
        if (socket->bytesAvailable() > 0)
            readFrom(ref);
    }
    if (m_server && int(m_connections.size()) + m_refusing >= m_stats.descriptorBudget) {
        // Full: the rest waits in the kernel's backlog until a connection closes.
        updateAccepting();
    }
}

HttpServer::Connection *HttpServer::find(quint64 id) const
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

void HttpServer::readFrom(Connection &c)
{
    const quint64 id = c.id;
    if (c.draining) {
        // Read away what the client still sends after an error answer, up to a bound.
        char sink[16 * 1024];
        for (qint64 n; (n = c.socket->read(sink, sizeof sink)) > 0;) {
            c.drained += n;
            if (c.drained > m_limits.drainBytes) {
                close(id);
                return;
            }
        }
        return;
    }
    while (!c.closing && c.out.size() < size_t(m_limits.maxPipelined)) {
        if (c.pending.isEmpty()) {
            c.pending = c.socket->read(ReadPiece);
            if (c.pending.isEmpty())
                break;
        }
        if (c.reader.isIdle() && !c.pending.isEmpty())
            c.requestDeadline = QDeadlineTimer(m_limits.requestTimeoutMs);
        const qsizetype used = c.reader.feed(c.pending);
        c.pending.remove(0, used);
        if (c.reader.hasFailed()) {
            refuse(c, c.reader.errorStatus(), c.reader.errorReason());
            return;
        }
        if (!c.reader.isComplete())
            continue;
        HttpRequest request = c.reader.take();
        Connection::Out out;
        out.sequence = c.nextSequence++;
        out.keepAlive = request.keepAlive;
        if (!request.keepAlive)
            c.closing = true; // nothing after a "Connection: close" request is read
        c.out.push_back(out);
        const HttpExchange exchange { id, out.sequence };
        if (m_handler)
            m_handler(std::move(request), exchange);
        else
            finish(exchange, HttpEnding::Close);
        if (!find(id)) // the answer closed the connection
            return;
    }
    updateTimer(c);
}

void HttpServer::refuse(Connection &c, int status, const QByteArray &reason)
{
    ++m_stats.rejected;
    Connection::Out out;
    out.sequence = c.nextSequence++;
    out.bytes = errorAnswer(status, reason);
    out.finished = true;
    out.ending = HttpEnding::Close;
    out.keepAlive = false;
    c.closing = true;
    c.pending.clear();
    c.out.push_back(std::move(out));
    flush(c);
}

QByteArray HttpServer::errorAnswer(int status, const QByteArray &reason) const
{
    if (m_errorBody)
        return m_errorBody(status, reason);
    return httpHead(status, "text/plain", reason.size(), {}, true) + reason;
}

bool HttpServer::isOpen(const HttpExchange &exchange) const
{
    const Connection *c = find(exchange.connection);
    return c && c->socket->state() == QAbstractSocket::ConnectedState;
}

void HttpServer::write(const HttpExchange &exchange, const QByteArray &bytes)
{
    Connection *c = find(exchange.connection);
    if (!c)
        return;
    for (Connection::Out &o : c->out) {
        if (o.sequence == exchange.sequence) {
            o.bytes += bytes;
            break;
        }
    }
    flush(*c);
}

void HttpServer::finish(const HttpExchange &exchange, HttpEnding ending)
{
    Connection *c = find(exchange.connection);
    if (!c)
        return;
    for (Connection::Out &o : c->out) {
        if (o.sequence == exchange.sequence) {
            o.finished = true;
            o.ending = ending;
            break;
        }
    }
    flush(*c);
}

void HttpServer::flush(Connection &c)
{
    const quint64 id = c.id;
    bool popped = false;
    while (!c.out.empty()) {
        Connection::Out &o = c.out.front();
        if (!o.bytes.isEmpty() && c.socket->state() == QAbstractSocket::ConnectedState) {
            c.socket->write(o.bytes);
            o.bytes.clear();
        }
        if (!o.finished)
            break;
        const HttpEnding ending = o.ending;
        const bool keepAlive = o.keepAlive;
        c.out.pop_front();
        popped = true;
        if (ending == HttpEnding::Abort) {
            close(id);
            return;
        }
        if (ending == HttpEnding::Close || !keepAlive) {
            c.closing = true;
            c.out.clear(); // nothing after this answer is sent
            startDrain(c);
            return;
        }
    }
    if (c.closing && c.out.empty()) {
        startDrain(c);
        return;
    }
    if (popped && !c.readQueued && (!c.pending.isEmpty() || c.socket->bytesAvailable() > 0)) {
        // Requests were waiting for room in the pipeline: read on, outside this call.
        c.readQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                if (Connection *c = find(id)) {
                    c->readQueued = false;
                    readFrom(*c);
                }
            },
            Qt::QueuedConnection);
    }
    updateTimer(c);
}

void HttpServer::startDrain(Connection &c)
{
    if (c.draining)
        return;
    c.draining = true;
    c.pending.clear();
    c.socket->flush();
    c.wait = Connection::Wait::Drain;
    c.timer.start(m_limits.drainMs);
    updateTimer(c);
    readFrom(c);
}

void HttpServer::updateTimer(Connection &c)
{
    if (c.draining) {
        // Half-close once the answer is out: the client reads it, then sees the end.
        // Over TLS the answer is out once the encrypted bytes are, too.
        const auto *tls = qobject_cast<QSslSocket *>(c.socket);
        const qint64 unsent = c.socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
        if (unsent == 0 && c.socket->state() == QAbstractSocket::ConnectedState)
            ::shutdown(int(c.socket->socketDescriptor()), SHUT_WR);
        return;
    }
    Connection::Wait wait = Connection::Wait::None;
    if (!c.reader.isIdle() || !c.pending.isEmpty())
        wait = Connection::Wait::Request;
    else if (c.out.empty() && !c.closing)
        wait = Connection::Wait::Idle;
    // An answer in preparation (or delayed on purpose) stops both clocks.
    if (wait == Connection::Wait::Request && !c.out.empty())
        wait = Connection::Wait::None;
    if (wait == Connection::Wait::Request) {
        if (c.wait != wait || !c.timer.isActive()) {
            c.wait = wait;
            c.timer.start(std::max<qint64>(1, c.requestDeadline.remainingTime()));
        }
        return;
    }
    if (wait == Connection::Wait::Idle) {
        if (c.wait != wait)
            c.idleSinceMs = m_clock.elapsed();
        c.wait = wait;
        c.timer.start(m_limits.idleTimeoutMs);
        return;
    }
    c.wait = wait;
    c.timer.stop();
}

void HttpServer::close(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    std::unique_ptr<Connection> c = std::move(it->second);
    m_connections.erase(it);
    m_stats.connections = int(m_connections.size());
    c->socket->disconnect(this);
    c->timer.stop();
    c->socket->abort();
    c->socket->deleteLater();
    // A descriptor is free again: accept at once instead of waiting for the retry.
    m_resumeTimer->stop();
    m_paused = false;
    updateAccepting();
}

} // namespace ts::archive
