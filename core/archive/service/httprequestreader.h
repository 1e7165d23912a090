// SPDX-License-Identifier: MIT
#pragma once

#include "httplimits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace ts::archive {

/// One request as read from the wire.
struct HttpRequest
{
    QByteArray method; ///< "GET", "POST" (case-sensitive, as RFC 9110 says)
    QByteArray target; ///< origin form as sent: "/path?query"
    int minorVersion = 1; ///< HTTP/1.<minorVersion>
    QList<QPair<QByteArray, QByteArray>> headers; ///< names as sent, values trimmed
    QByteArray body;
    bool keepAlive = true; ///< HTTP/1.1 without "Connection: close", or 1.0 with "keep-alive"

    /// The first value of a header (name compared case-insensitively); empty when absent.
    QByteArray header(QByteArrayView name) const;
    /// The path part of the target, still percent-encoded ("/2/tweets/search/all").
    QByteArray path() const;
    /// The query part of the target without '?', still percent-encoded.
    QByteArray query() const;
};

/**
 * @brief An incremental HTTP/1.1 request reader: fed bytes in pieces of any size (no
 * sockets), it yields requests one at a time and checks every bound on every piece.
 *
 * feed() consumes bytes up to the end of the current request and no further, so bytes of a
 * pipelined next request stay with the caller until take() has emptied the reader. On a
 * malformed or oversized request it stops in state Failed with the status to answer (400,
 * 413, 414, 431, 501, 505) and a short reason; nothing after that is read. Bare LF line ends
 * are accepted, as are empty lines before a request line (RFC 9112 2.2).
 * Chunked request bodies are not supported (501): clients of the search APIs send
 * Content-Length.
 */
class HttpRequestReader
{
public:
    enum class State { Idle, RequestLine, Headers, Body, Complete, Failed };

    explicit HttpRequestReader(HttpRequestLimits limits = {});

    /// Reads from data until a request is complete or has failed; returns how many bytes
    /// were consumed (0 when Complete or Failed already).
    qsizetype feed(QByteArrayView data);
    State state() const { return m_state; }
    /// Idle: nothing of a request has arrived yet (a keep-alive connection between requests).
    bool isIdle() const { return m_state == State::Idle; }
    bool isComplete() const { return m_state == State::Complete; }
    bool hasFailed() const { return m_state == State::Failed; }
    /// Once Complete: the request; the reader goes back to Idle for the next one.
    HttpRequest take();
    /// Once Failed: the status to answer and why.
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorReason() const { return m_errorReason; }
    const HttpRequestLimits &limits() const { return m_limits; }

private:
    bool fail(int status, QByteArray reason);
    bool requestLine(QByteArrayView line);
    bool headerLine(QByteArrayView line);
    bool headersDone();

    HttpRequestLimits m_limits;
    State m_state = State::Idle;
    QByteArray m_line; ///< the current line, without its end; at most its bound
    qsizetype m_headerBytes = 0;
    qsizetype m_skippedBytes = 0; ///< empty lines before the request line
    qint64 m_bodyLeft = 0;
    HttpRequest m_request;
    int m_errorStatus = 0;
    QByteArray m_errorReason;
};

} // namespace ts::archive
