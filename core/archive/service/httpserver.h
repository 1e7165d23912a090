// SPDX-License-Identifier: MIT
#pragma once

#include "httplimits.h"
#include "httprequestreader.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <unordered_map>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace ts::archive {

/// How an answer ends its exchange.
enum class HttpEnding : quint8 {
    Done, ///< the connection goes on if the request allows (keep-alive), else closes
    Close, ///< close after the answer (half-close, then a bounded drain)
    Abort, ///< reset the connection at once (a "dropped connection" fault)
};

/// One request being answered: which connection, which place in its answer order.
struct HttpExchange
{
    quint64 connection = 0;
    quint64 sequence = 0;
};

/// Counters of the HTTP layer.
struct HttpServerStats
{
    int connections = 0; ///< open now
    int maxConnections = 0; ///< most open at once
    qint64 accepted = 0;
    qint64 refusedOverCap = 0; ///< answered 503 because of maxConnections
    qint64 rejected = 0; ///< requests refused by the reader (400, 408, 413, 414, 431, 501, 505)
    qint64 idleClosed = 0; ///< connections closed by the idle timeout
    qint64 idleEvicted = 0; ///< idle connections closed to make room at the connection cap
    qint64 acceptPauses = 0; ///< times accepting paused for lack of descriptors
    int descriptorBudget = 0; ///< connections (held and refused) that may be open at once
};

/**
 * @brief A small HTTP/1.1 server: its own incremental request reader (HttpRequestReader) on
 * a listening QTcpServer handed to it (a QSslServer would do as well), with every bound
 * checked while reading, timeouts, a connection cap, keep-alive and pipelining (answers go
 * out in request order whatever order they are ready in).
 *
 * The handler gets each complete request with its exchange and answers later, from the
 * same thread, with write() (any number of pieces) and finish(). Answers to a connection
 * that has gone are dropped; isOpen() says so.
 *
 * Reading is bounded: the socket's read buffer is limited, bytes are read in small pieces
 * and only as far as the reader takes them, and past maxPipelined waiting answers the
 * connection is not read at all (the client's TCP window fills up instead of our memory).
 */
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(HttpRequest request, HttpExchange exchange)>;
    /// Called with (status, reason) when a request is refused before it reaches the handler
    /// (the reader's 400, 408, 413, 414, 431, 501, 505, and 503 over the connection cap);
    /// returns the whole answer, ending with Connection: close (httpHead(..., true)), so that
    /// its errors have the API's shape and headers.
    using ErrorBody = std::function<QByteArray(int status, const QByteArray &reason)>;

    explicit HttpServer(HttpServerLimits limits, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Serves the connections of server, which must be listening; takes ownership.
    void serve(QTcpServer *server);
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setErrorBody(ErrorBody errorBody) { m_errorBody = std::move(errorBody); }

    bool isOpen(const HttpExchange &exchange) const;
    /// Appends bytes to the exchange's answer (sent once the answers before it are done).
    void write(const HttpExchange &exchange, const QByteArray &bytes);
    /// Ends the exchange's answer.
    void finish(const HttpExchange &exchange, HttpEnding ending = HttpEnding::Done);

    const HttpServerLimits &limits() const { return m_limits; }
    HttpServerStats stats() const { return m_stats; }

private:
    struct Connection;
    void accept();
    void updateAccepting();
    void acceptFailed();
    void readFrom(Connection &c);
    void flush(Connection &c);
    void refuse(Connection &c, int status, const QByteArray &reason);
    QByteArray errorAnswer(int status, const QByteArray &reason) const;
    void startDrain(Connection &c);
    void updateTimer(Connection &c);
    void close(quint64 id);
    Connection *find(quint64 id) const;

    HttpServerLimits m_limits;
    Handler m_handler;
    ErrorBody m_errorBody;
    QPointer<QTcpServer> m_server;
    QTimer *m_resumeTimer = nullptr;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
    quint64 m_nextId = 1;
    int m_refusing = 0; ///< over-cap sockets still sending their 503
    bool m_paused = false; ///< after an accept error, until a connection closes or a while passed
    bool m_full = false; ///< at the descriptor budget
    HttpServerStats m_stats;
    QElapsedTimer m_clock;
};

/// "HTTP/1.1 <status> <reason>\r\n" plus the given headers, Content-Length and the final CRLF.
QByteArray httpHead(int status, const QByteArray &contentType, qint64 contentLength,
    const QList<QPair<QByteArray, QByteArray>> &headers, bool close);

} // namespace ts::archive
