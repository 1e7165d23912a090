// SPDX-License-Identifier: MIT
// libFuzzer target: the archive service's HTTP/1.1 request reader (HttpRequestReader), fed
// the input whole and again in pieces whose sizes the input's first byte picks. Both must
// read the same requests and end in the same state; every request read must lie within the
// bounds (small ones here, so that short inputs reach them), and a failure must name an
// HTTP status. See docs/reliability.md (Service).
#include "fuzzcheck.h"

#include "archive/service/httprequestreader.h"

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>

using namespace ts::archive;

namespace {

HttpRequestLimits limits()
{
    HttpRequestLimits l;
    l.maxRequestLineBytes = 256;
    l.maxHeaderBytes = 1024;
    l.maxHeaderFields = 8;
    l.maxBodyBytes = 512;
    return l;
}

struct Outcome
{
    QList<HttpRequest> requests;
    HttpRequestReader::State state = HttpRequestReader::State::Idle;
    int status = 0;
    qsizetype used = 0;
};

Outcome readAll(QByteArrayView input, qsizetype piece)
{
    HttpRequestReader reader(limits());
    Outcome out;
    qsizetype next = 0;
    QByteArrayView pending;
    while (true) {
        if (pending.isEmpty()) {
            if (next >= input.size())
                break;
            pending = input.sliced(next, std::min(piece, input.size() - next));
            next += pending.size();
        }
        const qsizetype n = reader.feed(pending);
        FUZZ_CHECK(n >= 0 && n <= pending.size());
        out.used += n;
        pending = pending.sliced(n);
        if (reader.isComplete()) {
            out.requests.append(reader.take());
            continue;
        }
        if (reader.hasFailed())
            break;
        FUZZ_CHECK(pending.isEmpty()); // an unfinished request takes everything it is given
    }
    out.state = reader.state();
    out.status = reader.hasFailed() ? reader.errorStatus() : 0;
    if (reader.hasFailed())
        FUZZ_CHECK(!reader.errorReason().isEmpty());
    return out;
}

bool same(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.minorVersion == b.minorVersion && a.headers == b.headers
        && a.body == b.body && a.keepAlive == b.keepAlive;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = 1 + data[0] % 17;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const Outcome whole = readAll(input, input.size() + 1);
    const Outcome pieces = readAll(input, piece);
    FUZZ_CHECK(whole.state == pieces.state);
    FUZZ_CHECK(whole.status == pieces.status);
    FUZZ_CHECK(whole.used == pieces.used);
    FUZZ_CHECK(whole.requests.size() == pieces.requests.size());
    const HttpRequestLimits l = limits();
    for (qsizetype i = 0; i < whole.requests.size(); ++i) {
        const HttpRequest &r = whole.requests[i];
        FUZZ_CHECK(same(r, pieces.requests[i]));
        FUZZ_CHECK(!r.method.isEmpty() && r.target.startsWith('/'));
        FUZZ_CHECK(r.method.size() + r.target.size() + 10 <= l.maxRequestLineBytes);
        FUZZ_CHECK(r.headers.size() <= l.maxHeaderFields);
        FUZZ_CHECK(r.body.size() <= l.maxBodyBytes);
        if (r.target.contains('?'))
            FUZZ_CHECK(r.path() + '?' + r.query() == r.target);
        else
            FUZZ_CHECK(r.path() == r.target && r.query().isEmpty());
    }
    switch (whole.status) {
    case 0:
    case 400:
    case 413:
    case 414:
    case 431:
    case 501:
    case 505:
        break;
    default:
        FUZZ_CHECK(false);
    }
    return 0;
}
