// SPDX-License-Identifier: MIT
// The local archive under hostile clients, over raw loopback sockets: oversized requests
// refused while they arrive, answers in request order, timeouts, the connection cap and
// a descriptor shortage (issue "Hardening the archive service"; docs/reliability.md).
#include "servicetestutil.h"

#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

#include <unistd.h>

using namespace servicetest;
using namespace ts::archive;

namespace {

/// One answer read off a raw socket.
struct RawAnswer
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

/// Reads complete answers (Content-Length framed) from buffer; leaves the rest.
QList<RawAnswer> takeAnswers(QByteArray &buffer)
{
    QList<RawAnswer> out;
    while (true) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        RawAnswer a;
        a.head = buffer.left(end);
        a.status = a.head.mid(9, 3).toInt();
        qsizetype length = 0;
        for (const QByteArray &line : a.head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            break;
        a.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        out.append(a);
    }
    return out;
}

/// Reads until `count` answers arrived, the peer closed, or timeoutMs passed.
QList<RawAnswer> readAnswers(QTcpSocket &s, int count, int timeoutMs = 5000)
{
    QByteArray buffer;
    QList<RawAnswer> answers;
    QElapsedTimer clock;
    clock.start();
    while (answers.size() < count && clock.elapsed() < timeoutMs) {
        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(50) && s.state() != QAbstractSocket::ConnectedState)
            break;
        buffer += s.readAll();
        answers += takeAnswers(buffer);
    }
    return answers;
}

/// Waits until the server closes the connection; false after timeoutMs.
bool waitClosed(QTcpSocket &s, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (s.state() == QAbstractSocket::ConnectedState && clock.elapsed() < timeoutMs) {
        s.waitForReadyRead(20);
        s.readAll();
    }
    return s.state() != QAbstractSocket::ConnectedState;
}

QByteArray get(const QByteArray &target, const QByteArray &extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

} // namespace

class TestServiceHardening : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString dbPath() const { return m_dir.filePath(u"a.sqlite"_s); }
    static ServiceOptions quick()
    {
        ServiceOptions o;
        o.latency = LatencyProfile { LatencyProfile::Kind::None, 0, 0 };
        o.nowMs = NowMs;
        return o;
    }
    std::unique_ptr<LocalArchiveServer> start(ServiceOptions o)
    {
        o.dbPath = dbPath();
        auto s = std::make_unique<LocalArchiveServer>(o);
        QString error;
        if (!s->start(&error))
            qWarning() << error;
        return s;
    }
    static bool connectTo(QTcpSocket &s, const LocalArchiveServer &server)
    {
        s.connectToHost(QHostAddress::LocalHost, server.port());
        return s.waitForConnected(3000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(writeArchive(dbPath(), corpus(), &error), qPrintable(error));
    }

    // Item 1: a request line far past 8 KiB gets 414 while the client is still sending, and
    // the server reads no more than a bounded drain of it.
    void endlessRequestLineGets414()
    {
        auto server = start(quick());
        QTcpSocket s;
        QVERIFY(connectTo(s, *server));
        s.write("GET /2/tweets/search/recent?query=");
        const QByteArray chunk(64 * 1024, 'a');
        QByteArray received;
        qint64 sent = 0;
        QElapsedTimer clock;
        clock.start();
        while (!received.contains("\r\n\r\n") && clock.elapsed() < 10000 && sent < 64LL * 1024 * 1024) {
            if (s.state() == QAbstractSocket::ConnectedState && s.bytesToWrite() < 256 * 1024) {
                s.write(chunk);
                sent += chunk.size();
            }
            s.waitForBytesWritten(10);
            s.waitForReadyRead(1);
            received += s.readAll();
        }
        QVERIFY2(received.startsWith("HTTP/1.1 414 URI Too Long\r\n"), received.left(200).constData());
        QVERIFY(received.contains("Connection: close"));
        // The server closes after its drain (at most 4 MiB or 2 s).
        QVERIFY(waitClosed(s, 5000));
        QVERIFY(server->stats().requests == 0);
    }

    // Item 1: a 200 MB POST is refused from its Content-Length, before any of its body.
    void largeBodyRefusedBeforeItArrives()
    {
        auto server = start(quick());
        QTcpSocket s;
        QVERIFY(connectTo(s, *server));
        s.write("POST /search/30day/accounts/a/dev.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 209715200\r\n\r\n");
        const auto answers = readAnswers(s, 1, 3000);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 413);
        QVERIFY(answers[0].body.contains("Payload Too Large"));
        QVERIFY(waitClosed(s, 5000));
    }

    // Item 5: more than 100 header fields is a 431, not a 401 from headers dropped silently.
    void tooManyHeadersGets431()
    {
        ServiceOptions o = quick();
        o.bearerToken = u"tok"_s;
        auto server = start(o);
        QByteArray extra = "Authorization: Bearer tok\r\n";
        for (int i = 0; i < 100; ++i)
            extra += "X-Filler-" + QByteArray::number(i) + ": x\r\n";
        QTcpSocket s;
        QVERIFY(connectTo(s, *server));
        s.write(get("/2/tweets/search/recent?query=zebra", extra));
        auto answers = readAnswers(s, 1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 431);
        // Host, the token and 98 fillers: 100 fields, within the bound, answered.
        QTcpSocket ok;
        QVERIFY(connectTo(ok, *server));
        ok.write(get("/2/tweets/search/recent?query=zebra", extra.left(extra.indexOf("X-Filler-98"))));
        answers = readAnswers(ok, 1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 200);
    }

    // Pipelined requests are answered in their order, though the later ones are ready first;
    // the connection stays open for more (keep-alive).
    void pipelinedAnswersInOrder()
    {
        auto server = start(quick());
        QTcpSocket s;
        QVERIFY(connectTo(s, *server));
        s.write(get("/2/tweets/search/recent?query=zebra&max_results=100") + get("/healthz") + get("/nowhere")
            + get("/2/tweets/counts/recent?query=eclipse"));
        const auto answers = readAnswers(s, 4);
        QCOMPARE(answers.size(), 4);
        QCOMPARE(answers[0].status, 200);
        QVERIFY(answers[0].body.startsWith("{\"data\":["));
        QCOMPARE(answers[1].status, 200);
        QVERIFY(answers[1].body.contains("\"status\":\"ok\""));
        QCOMPARE(answers[2].status, 404);
        QCOMPARE(answers[3].status, 200);
        QVERIFY(answers[3].body.contains("\"tweet_count\""));
        s.write(get("/healthz"));
        QCOMPARE(readAnswers(s, 1).value(0).status, 200);
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
        s.write(get("/healthz", "Connection: close\r\n"));
        QCOMPARE(readAnswers(s, 1).value(0).status, 200);
        QVERIFY(waitClosed(s, 3000));
    }

    // Item 2: a request whose headers trickle in (slowloris) gets 408 at its deadline.
    void slowHeadersGet408()
    {
        ServiceOptions o = quick();
        o.http.requestTimeoutMs = 300;
        auto server = start(o);
        QTcpSocket s;
        QVERIFY(connectTo(s, *server));
        QElapsedTimer clock;
        clock.start();
        s.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        QByteArray received;
        while (clock.elapsed() < 3000 && !received.contains("\r\n\r\n")) {
            s.write("X-Slow: 1\r\n");
            s.waitForBytesWritten(10);
            s.waitForReadyRead(100);
            received += s.readAll();
        }
        QVERIFY2(received.startsWith("HTTP/1.1 408"), received.constData());
        QVERIFY2(clock.elapsed() < 1500, QByteArray::number(clock.elapsed()).constData());
        QVERIFY(waitClosed(s, 3000));
    }

    // Item 2: an idle keep-alive connection is closed after the idle timeout, but never while
    // its answer is being delayed on purpose (latency longer than the idle timeout).
    void idleTimeoutNotDuringDelayedAnswers()
    {
        ServiceOptions o = quick();
        o.http.idleTimeoutMs = 300;
        o.latency = LatencyProfile { LatencyProfile::Kind::Fixed, 800, 0 };
        auto server = start(o);
        QTcpSocket s;
        QVERIFY(connectTo(s, *server));
        QElapsedTimer clock;
        clock.start();
        s.write(get("/2/tweets/search/recent?query=zebra"));
        const auto answers = readAnswers(s, 1, 3000);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 200);
        QVERIFY(clock.elapsed() >= 750);
        clock.restart();
        QVERIFY(waitClosed(s, 3000));
        QVERIFY2(clock.elapsed() >= 250 && clock.elapsed() < 1500, QByteArray::number(clock.elapsed()).constData());
        // An idle connection that never sent anything goes the same way.
        QTcpSocket idle;
        QVERIFY(connectTo(idle, *server));
        QVERIFY(waitClosed(idle, 3000));
    }

    // Item 2: at the connection cap, the longest-idle connection makes room for a new one, so
    // idle connections cannot lock clients out.
    void connectionCapEvictsTheLongestIdle()
    {
        ServiceOptions o = quick();
        o.http.maxConnections = 4;
        auto server = start(o);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectTo(*held.back(), *server));
            QTest::qWait(20);
        }
        QTest::qWait(100);
        std::vector<std::unique_ptr<QTcpSocket>> newer; // kept open: the service stays at its cap
        for (int i = 0; i < 3; ++i) {
            newer.push_back(std::make_unique<QTcpSocket>());
            QTcpSocket &next = *newer.back();
            QVERIFY(connectTo(next, *server));
            next.write(get("/healthz"));
            QCOMPARE(readAnswers(next, 1).value(0).status, 200);
            QVERIFY(waitClosed(*held[i], 2000)); // the oldest idle one went, in order
            QCOMPARE(held[i + 1]->state(), QAbstractSocket::ConnectedState);
        }
    }

    // Item 2: past the connection cap with no connection idle, a 503 the client can read; a
    // freed slot serves again.
    void connectionCapAnswers503()
    {
        ServiceOptions o = quick();
        o.http.maxConnections = 4;
        auto server = start(o);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectTo(*held.back(), *server));
            held.back()->write("GET /healthz HTTP/1.1\r\n"); // a request under way: not idle
        }
        QTest::qWait(100); // let the service accept them
        QTcpSocket over;
        QVERIFY(connectTo(over, *server));
        const auto refused = readAnswers(over, 1);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused[0].status, 503);
        QVERIFY(refused[0].head.contains("Retry-After: 1"));
        held.front()->abort();
        held.erase(held.begin());
        QTest::qWait(100);
        QTcpSocket next;
        QVERIFY(connectTo(next, *server));
        next.write(get("/healthz"));
        QCOMPARE(readAnswers(next, 1).value(0).status, 200);
    }

    // Item 2: at the descriptor limit the service pauses accepting instead of spinning, and
    // serves again once descriptors are free. The serve process runs under a low RLIMIT_NOFILE.
    void descriptorShortageDoesNotSpin()
    {
        QProcess p;
        p.start(u"prlimit"_s,
            { u"--nofile=128:128"_s, QStringLiteral(TS_BIN_DIR "/tweetscope-archive"), u"serve"_s, u"--db"_s, dbPath(),
                u"--latency"_s, u"none"_s, u"--max-connections"_s, u"1000"_s });
        QVERIFY(p.waitForStarted());
        QVERIFY(p.waitForReadyRead(10000));
        const QByteArray line = p.readLine();
        QVERIFY2(line.startsWith("listening on "), line.constData());
        const quint16 port = quint16(QUrl(QString::fromLatin1(line.mid(13).trimmed())).port());
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < 120; ++i) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            sockets.back()->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(sockets.back()->waitForConnected(3000)); // the kernel's backlog takes them
        }
        QTest::qWait(300);
        const auto cpuTicks = [&p] {
            QFile f(u"/proc/%1/stat"_s.arg(p.processId()));
            if (!f.open(QIODevice::ReadOnly))
                return -1LL;
            const QList<QByteArray> fields = f.readAll().split(' ');
            return fields.value(13).toLongLong() + fields.value(14).toLongLong();
        };
        const qint64 before = cpuTicks();
        QTest::qWait(1000);
        const qint64 used = cpuTicks() - before;
        const long hz = ::sysconf(_SC_CLK_TCK);
        QVERIFY2(used >= 0 && used < hz / 5, qPrintable(u"%1 ticks of CPU in one second at EMFILE"_s.arg(used)));
        sockets.clear(); // the service's descriptors come free
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(s.waitForConnected(3000));
        s.write(get("/healthz"));
        QCOMPARE(readAnswers(s, 1, 5000).value(0).status, 200);
        p.terminate();
        QVERIFY(p.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(TestServiceHardening)
#include "tst_servicehardening.moc"
