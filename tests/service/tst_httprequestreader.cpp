// SPDX-License-Identifier: MIT
// The service's HTTP/1.1 request reader on its own (bytes in, no sockets): pieces of any
// size, every bound checked before more than its worth is held, pipelining, errors.
#include "archive/service/httprequestreader.h"

#include <QTest>

using namespace ts::archive;

namespace {

/// Feeds text in pieces of `piece` bytes; returns the requests read and how many bytes were used.
struct Fed
{
    QList<HttpRequest> requests;
    qsizetype used = 0;
};

Fed feedAll(HttpRequestReader &reader, const QByteArray &text, qsizetype piece)
{
    Fed f;
    QByteArray pending;
    qsizetype next = 0;
    while (true) {
        if (pending.isEmpty()) {
            if (next >= text.size())
                break;
            pending = text.mid(next, piece);
            next += pending.size();
        }
        const qsizetype n = reader.feed(pending);
        f.used += n;
        pending.remove(0, n);
        if (reader.isComplete())
            f.requests.append(reader.take());
        else if (reader.hasFailed())
            break;
    }
    return f;
}

} // namespace

class TestHttpRequestReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void piecesOfAnySize_data()
    {
        QTest::addColumn<int>("piece");
        for (int piece : { 1, 2, 3, 7, 64, 100000 })
            QTest::addRow("%d", piece) << piece;
    }
    void piecesOfAnySize()
    {
        QFETCH(int, piece);
        const QByteArray text = "GET /2/tweets/search/recent?query=a%20b HTTP/1.1\r\nHost: x\r\nAuthorization: "
                                "Bearer t\r\n\r\n"
                                "POST /search/30day/accounts/a/dev.json HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                "11\r\nConnection: close\r\n\r\n{\"query\":1}";
        HttpRequestReader reader;
        const Fed f = feedAll(reader, text, piece);
        QCOMPARE(f.used, text.size());
        QCOMPARE(f.requests.size(), 2);
        QCOMPARE(f.requests[0].method, QByteArray("GET"));
        QCOMPARE(f.requests[0].path(), QByteArray("/2/tweets/search/recent"));
        QCOMPARE(f.requests[0].query(), QByteArray("query=a%20b"));
        QCOMPARE(f.requests[0].header("authorization"), QByteArray("Bearer t"));
        QVERIFY(f.requests[0].keepAlive);
        QCOMPARE(f.requests[1].method, QByteArray("POST"));
        QCOMPARE(f.requests[1].body, QByteArray("{\"query\":1}"));
        QVERIFY(!f.requests[1].keepAlive);
        QVERIFY(reader.isIdle());
    }

    void pipelinedBytesStayWithTheCaller()
    {
        const QByteArray one = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        HttpRequestReader reader;
        QCOMPARE(reader.feed(QByteArray(one + one + "GET /b")), one.size());
        QVERIFY(reader.isComplete());
        QCOMPARE(reader.feed("more"), qsizetype(0)); // nothing is read until take()
        QCOMPARE(reader.take().target, QByteArray("/a"));
        QCOMPARE(reader.feed(one), one.size());
    }

    void lineEndsAndForms()
    {
        HttpRequestReader reader;
        // Bare LF, empty lines before the request, absolute form, HTTP/1.0 keep-alive.
        const Fed f = feedAll(reader,
            "\r\n\nGET http://example.com:80/healthz?x=1 HTTP/1.0\nConnection: Keep-Alive\n\n"
            "GET /a HTTP/1.0\n\n",
            5);
        QCOMPARE(f.requests.size(), 2);
        QCOMPARE(f.requests[0].target, QByteArray("/healthz?x=1"));
        QCOMPARE(f.requests[0].minorVersion, 0);
        QVERIFY(f.requests[0].keepAlive);
        QVERIFY(!f.requests[1].keepAlive);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("status");
        QTest::addRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
        QTest::addRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << 400;
        QTest::addRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::addRow("not a path") << QByteArray("GET abc HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::addRow("control in target") << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::addRow("http/2") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::addRow("garbage version") << QByteArray("GET / HTTX/1.1\r\n\r\n") << 400;
        QTest::addRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::addRow("folded") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n y\r\n\r\n") << 400;
        QTest::addRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
        QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::addRow("nul in value") << QByteArray("GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n", 30) << 400;
        QTest::addRow("bad length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::addRow("negative length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
                                         << 400;
        QTest::addRow("two lengths") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                     << 400;
        QTest::addRow("huge length") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                                     << 400;
        QTest::addRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 501;
        QTest::addRow("body too large") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")
                                        << 413;
        QTest::addRow("only empty lines") << QByteArray(9000, '\n') << 400;
    }
    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, status);
        for (qsizetype piece : { qsizetype(1), qsizetype(4096) }) {
            HttpRequestReader reader;
            const Fed f = feedAll(reader, text, piece);
            QVERIFY2(reader.hasFailed(), text.left(80).constData());
            QCOMPARE(reader.errorStatus(), status);
            QVERIFY(!reader.errorReason().isEmpty());
            QVERIFY(f.requests.isEmpty());
            QCOMPARE(reader.feed("GET / HTTP/1.1\r\n"), qsizetype(0)); // nothing more is read
        }
    }

    // A request line past 8 KiB is refused having read no more than 8 KiB of it, whatever
    // the size of the pieces (a 100 MB line costs 8 KiB).
    void requestLineBound_data()
    {
        QTest::addColumn<int>("lineBytes");
        QTest::addColumn<int>("status");
        // "GET /" + n x 'a' + " HTTP/1.1\r\n": exactly 8192 bytes with its CRLF passes.
        QTest::addRow("at the bound") << 8192 << 0;
        QTest::addRow("one past") << 8193 << 414;
        QTest::addRow("100 KB") << 100000 << 414;
    }
    void requestLineBound()
    {
        QFETCH(int, lineBytes);
        QFETCH(int, status);
        const QByteArray line = "GET /" + QByteArray(lineBytes - 16, 'a') + " HTTP/1.1\r\n";
        QCOMPARE(line.size(), lineBytes);
        for (qsizetype piece : { qsizetype(1000), qsizetype(1 << 20) }) {
            HttpRequestReader reader;
            const Fed f = feedAll(reader, line + "Host: x\r\n\r\n", piece);
            if (status == 0) {
                QCOMPARE(f.requests.size(), 1);
                continue;
            }
            QCOMPARE(reader.errorStatus(), status);
            QVERIFY2(f.used <= 8192, QByteArray::number(f.used).constData());
        }
    }

    void headerBounds()
    {
        const HttpRequestLimits limits;
        // 100 fields pass, the 101st is refused (431, not dropped silently).
        QByteArray head = "GET / HTTP/1.1\r\nHost: x\r\n";
        for (int i = 1; i < limits.maxHeaderFields; ++i)
            head += "X-F" + QByteArray::number(i) + ": v\r\n";
        {
            HttpRequestReader reader;
            QCOMPARE(feedAll(reader, head + "\r\n", 4096).requests.size(), 1);
        }
        {
            HttpRequestReader reader;
            feedAll(reader, head + "X-One-Too-Many: v\r\n\r\n", 4096);
            QCOMPARE(reader.errorStatus(), 431);
        }
        // 32 KiB of header lines: refused having read no more than that, one huge line or many.
        const QList<QByteArray> bigs { "X-Big: " + QByteArray(40000, 'b') + "\r\n\r\n",
            "X-A: " + QByteArray(20000, 'a') + "\r\nX-B: " + QByteArray(20000, 'b') + "\r\n\r\n" };
        for (const QByteArray &big : bigs) {
            HttpRequestReader reader;
            const QByteArray line = "GET / HTTP/1.1\r\n";
            const Fed f = feedAll(reader, line + big, 3000);
            QCOMPARE(reader.errorStatus(), 431);
            QVERIFY(f.used <= line.size() + limits.maxHeaderBytes);
        }
    }

    void bodyBoundIsConfigurable()
    {
        HttpRequestLimits limits;
        limits.maxBodyBytes = 10;
        HttpRequestReader reader(limits);
        // Refused at the end of the headers: the body is never read.
        const QByteArray head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n";
        QCOMPARE(reader.feed(QByteArray(head + "01234567890")), head.size());
        QCOMPARE(reader.errorStatus(), 413);
        HttpRequestReader ok(limits);
        QCOMPARE(
            feedAll(ok, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789", 3).requests.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestReader)
#include "tst_httprequestreader.moc"
