// SPDX-License-Identifier: MIT
#include "httprequestreader.h"

#include <algorithm>

namespace ts::archive {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 5.6.2 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    qsizetype start = 0;
    while (start <= list.size()) {
        qsizetype comma = list.indexOf(',', start);
        if (comma < 0)
            comma = list.size();
        if (trimmed(list.sliced(start, comma - start)).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        start = comma + 1;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[k, v] : headers) {
        if (QByteArrayView(k).compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QByteArray HttpRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray HttpRequest::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

HttpRequestReader::HttpRequestReader(HttpRequestLimits limits)
    : m_limits(limits)
{ }

bool HttpRequestReader::fail(int status, QByteArray reason)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorReason = std::move(reason);
    m_line.clear();
    m_request = {};
    return false;
}

qsizetype HttpRequestReader::feed(QByteArrayView data)
{
    qsizetype used = 0;
    while (used < data.size()) {
        if (m_state == State::Complete || m_state == State::Failed)
            break;
        if (m_state == State::Body) {
            const qsizetype n = qsizetype(std::min<qint64>(m_bodyLeft, data.size() - used));
            m_request.body.append(data.sliced(used, n));
            used += n;
            m_bodyLeft -= n;
            if (m_bodyLeft == 0)
                m_state = State::Complete;
            continue;
        }
        if (m_state == State::Idle)
            m_state = State::RequestLine;
        // A line: up to and including '\n', never more than the bound that applies.
        const bool inRequestLine = m_state == State::RequestLine;
        const qsizetype bound = inRequestLine ? m_limits.maxRequestLineBytes : m_limits.maxHeaderBytes - m_headerBytes;
        const qsizetype room = bound - m_line.size();
        const QByteArrayView rest = data.sliced(used);
        const qsizetype nl = rest.first(std::clamp<qsizetype>(room, 0, rest.size())).indexOf('\n');
        if (nl < 0) {
            if (rest.size() >= room) {
                // The bound is reached without a line end: refuse now, whatever follows.
                if (inRequestLine)
                    fail(414, "the request line is longer than the limit");
                else
                    fail(431, "the request's header lines are longer than the limit");
                return used + std::max<qsizetype>(0, room);
            }
            m_line.append(rest);
            used += rest.size();
            break;
        }
        m_line.append(rest.first(nl));
        used += nl + 1;
        if (!inRequestLine)
            m_headerBytes += m_line.size() + 1;
        QByteArrayView line(m_line);
        if (line.endsWith('\r'))
            line.chop(1);
        const bool ok = inRequestLine ? requestLine(line) : headerLine(line);
        if (m_state != State::Failed)
            m_line.clear();
        if (!ok)
            break;
    }
    return used;
}

bool HttpRequestReader::requestLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        // Empty lines before a request (RFC 9112 2.2) count against the request line's bound.
        m_skippedBytes += m_line.size() + 1;
        if (m_skippedBytes >= m_limits.maxRequestLineBytes)
            return fail(400, "too many empty lines before the request line");
        return true;
    }
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0)
        return fail(400, "malformed request line");
    const QByteArrayView method = line.first(sp1);
    QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method))
        return fail(400, "malformed method");
    for (char c : target) {
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f)
            return fail(400, "malformed request target");
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0' || version[5] > '9'
        || version[7] < '0' || version[7] > '9')
        return fail(400, "malformed HTTP version");
    if (version[5] != '1')
        return fail(505, "only HTTP/1.x is served");
    // Absolute form (http://host/path) is accepted as RFC 9112 3.2.2 asks; the host is ignored.
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype authority = target.indexOf("//") + 2;
        const qsizetype slash = target.indexOf('/', authority);
        const qsizetype question = target.indexOf('?', authority);
        qsizetype cut = slash < 0 ? question : question < 0 ? slash : std::min(slash, question);
        target = cut < 0 ? QByteArrayView("/") : target.sliced(cut);
    }
    if (!target.startsWith('/'))
        return fail(400, "the request target must be a path");
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    if (m_request.target.startsWith('?'))
        m_request.target.prepend('/');
    m_request.minorVersion = version[7] - '0';
    m_state = State::Headers;
    m_headerBytes = 0;
    return true;
}

bool HttpRequestReader::headerLine(QByteArrayView line)
{
    if (line.isEmpty())
        return headersDone();
    if (m_request.headers.size() >= m_limits.maxHeaderFields)
        return fail(431, "more header fields than the limit");
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, "folded header lines are not accepted");
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return fail(400, "malformed header line");
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    for (char c : value) {
        if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f)
            return fail(400, "a control character in a header value");
    }
    m_request.headers.append(qMakePair(line.first(colon).toByteArray(), value.toByteArray()));
    return true;
}

bool HttpRequestReader::headersDone()
{
    const HttpRequest &r = m_request;
    if (!r.header("transfer-encoding").isEmpty())
        return fail(501, "Transfer-Encoding is not supported: send Content-Length");
    if (r.minorVersion >= 1) {
        bool hasHost = false;
        for (const auto &[k, v] : r.headers)
            hasHost = hasHost || k.compare("host", Qt::CaseInsensitive) == 0;
        if (!hasHost)
            return fail(400, "an HTTP/1.1 request needs a Host header");
    }
    qint64 length = -1;
    for (const auto &[k, v] : r.headers) {
        if (k.compare("content-length", Qt::CaseInsensitive) != 0)
            continue;
        bool ok = !v.isEmpty() && v.size() <= 18;
        for (char c : v)
            ok = ok && c >= '0' && c <= '9';
        const qint64 n = ok ? v.toLongLong(&ok) : -1;
        if (!ok || (length >= 0 && n != length))
            return fail(400, "malformed Content-Length");
        length = n;
    }
    if (length > m_limits.maxBodyBytes)
        return fail(413, "the request body is larger than the limit");
    const QByteArray connection = r.header("connection");
    m_request.keepAlive = r.minorVersion >= 1 ? !hasToken(connection, "close") : hasToken(connection, "keep-alive");
    m_bodyLeft = std::max<qint64>(0, length);
    if (m_bodyLeft > 0)
        m_request.body.reserve(qsizetype(m_bodyLeft));
    m_state = m_bodyLeft > 0 ? State::Body : State::Complete;
    return true;
}

HttpRequest HttpRequestReader::take()
{
    HttpRequest r = std::move(m_request);
    m_request = {};
    m_line.clear();
    m_headerBytes = 0;
    m_skippedBytes = 0;
    m_bodyLeft = 0;
    m_state = State::Idle;
    return r;
}

} // namespace ts::archive
