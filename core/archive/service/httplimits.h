// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace ts::archive {

/// The bounds of one HTTP/1.1 request; each is checked as the bytes arrive, so memory
/// never holds more than one bound's worth of a request (docs/reliability.md, Service).
struct HttpRequestLimits
{
    qsizetype maxRequestLineBytes = 8 * 1024; ///< the request line, CRLF included -> 414
    qsizetype maxHeaderBytes = 32 * 1024; ///< all header lines together, CRLFs included -> 431
    int maxHeaderFields = 100; ///< header lines -> 431
    qint64 maxBodyBytes = 1024 * 1024; ///< Content-Length -> 413 (refused before the body arrives)
};

/// The bounds of the HTTP/1.1 server (docs/reliability.md, Service, lists each one).
struct HttpServerLimits
{
    HttpRequestLimits request;
    int requestTimeoutMs = 10'000; ///< from a request's first byte to its last (slowloris) -> 408
    int idleTimeoutMs = 30'000; ///< a keep-alive connection with nothing to answer is closed
    int maxConnections = 512; ///< at the cap the longest-idle connection is closed; none idle: 503
    /// Descriptors kept free for everything but connections (archive files, threads, logs):
    /// accepting pauses when open connections would leave fewer than this below RLIMIT_NOFILE,
    /// since Qt 6.4's QTcpServer retries a failing accept() (EMFILE) in a busy loop.
    int reservedDescriptors = 64;
    int maxPipelined = 64; ///< requests read ahead on one connection before reading pauses
    int drainMs = 2'000; ///< after an error answer: how long the rest of the request is read away
    qint64 drainBytes = 4 * 1024 * 1024; ///< ... and at most how much of it
};

} // namespace ts::archive
