// SPDX-License-Identifier: MIT
// The client against a hostile server of the test's own (QTcpServer on 127.0.0.1, port 0):
// redirects to another origin, endless and huge bodies, a slow drip, absurd rate-limit resets
// and partly unreadable pages, through SearchRunner, CountsFetcher and tweetscope-cli
// (docs/reliability.md, Client).
#include "common/urltext.h"
#include "search/countsfetcher.h"
#include "search/searchrunner.h"
#include "search/transportpool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace ts::search;
using namespace Qt::StringLiterals;

namespace {

constexpr auto Token = "SECRET-TOKEN-4711";

/// One request as the server saw it.
struct SeenRequest
{
    QByteArray head; ///< request line and headers
    QByteArray target() const { return head.left(head.indexOf("\r\n")).split(' ').value(1); }
    bool hasAuthorization() const { return head.toLower().contains("\r\nauthorization:"); }
};

/**
 * A minimal HTTP/1.1 server: reads each request's head and hands it to a handler that answers
 * (or misbehaves) on the socket. GET only (the v2 endpoints); keep-alive as the client wants.
 */
class HostileServer : public QTcpServer
{
public:
    using Handler = std::function<void(HostileServer &, QTcpSocket *, const SeenRequest &)>;

    explicit HostileServer(Handler handler)
        : m_handler(std::move(handler))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
            }
        });
    }

    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(serverPort())); }

    QList<SeenRequest> requests;
    qint64 bodyBytesWritten = 0; ///< by stream()

    static void respond(
        QTcpSocket *socket, const QByteArray &status, const QByteArray &body, const QByteArrayList &headers = {})
    {
        QByteArray out = "HTTP/1.1 " + status
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        for (const QByteArray &h : headers)
            out += h + "\r\n";
        socket->write(out + "\r\n" + body);
    }

    /// A 200 whose body never ends (up to `cap` bytes, then the connection closes): `{"data":[` and
    /// then spaces, as fast as the client takes them.
    void stream(QTcpSocket *socket, qint64 cap)
    {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\":[");
        const QByteArray chunk(64 * 1024, ' ');
        auto more = [this, socket, cap, chunk] {
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 4 * chunk.size()) {
                if (bodyBytesWritten >= cap) {
                    socket->disconnectFromHost();
                    return;
                }
                socket->write(chunk);
                bodyBytesWritten += chunk.size();
            }
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, more);
        more();
    }

    /// A 200 that sends one byte every 50 ms, forever: never idle long enough for --timeout.
    static void drip(QTcpSocket *socket)
    {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\":[");
        auto *timer = new QTimer(socket);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->write(" "); });
        timer->start(50);
    }

private:
    void readFrom(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            SeenRequest request { buffer.left(end + 2) };
            buffer.remove(0, end + 4);
            requests << request;
            m_handler(*this, socket, request);
        }
    }

    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray tweetJson(int n)
{
    return QByteArrayLiteral(R"({"id":")") + QByteArray::number(1700000000000000000LL + n)
        + R"(","text":"tweet number )" + QByteArray::number(n)
        + R"(","author_id":"42","created_at":"2024-01-01T00:00:00.000Z","lang":"en"})";
}

/// A last page of `tweets` readable tweets; `unreadable` elements of data[] that are not tweets.
QByteArray page(int tweets, int unreadable = 0)
{
    QByteArrayList data;
    for (int i = 0; i < tweets; ++i)
        data << tweetJson(i);
    for (int i = 0; i < unreadable; ++i)
        data.insert(std::min<qsizetype>(1, data.size()), "[\"not a tweet\"]");
    return "{\"data\":[" + data.join(',') + "],\"meta\":{\"result_count\":" + QByteArray::number(tweets + unreadable)
        + "}}";
}

ConnectionConfig connectionTo(const QUrl &url)
{
    ConnectionConfig c;
    c.provider = ProviderKind::Local;
    c.baseUrl = url;
    c.bearerToken = QString::fromLatin1(Token);
    return c;
}

SearchOptions quickOptions()
{
    SearchOptions o;
    o.maxResults = 10;
    o.pages = 1;
    o.maxRetries = 0;
    o.transferTimeoutMs = 10000;
    return o;
}

/// Runs the queries to the end; their results (empty when the run did not finish in time).
QList<QueryResult> runQueries(const ConnectionConfig &connection, const QStringList &queries,
    const SearchOptions &options, int timeoutMs, QStringList *details = nullptr)
{
    SearchRunner runner;
    QList<QueryResult> results;
    bool finished = false;
    QObject::connect(
        &runner, &SearchRunner::runFinished, &runner, [&results](const RunSummary &s) { results = s.queries; });
    QObject::connect(&runner, &SearchRunner::finished, &runner, [&finished] { finished = true; });
    if (details) {
        QObject::connect(&runner, &SearchRunner::queryStateChanged, &runner,
            [details](int, const QueryResult &, const QString &detail) { details->append(detail); });
    }
    if (!runner.start(connection, queries, RunMode::Concurrent, options))
        return {};
    QElapsedTimer clock;
    clock.start();
    while (!finished && clock.elapsed() < timeoutMs)
        QTest::qWait(20);
    if (!finished)
        runner.cancel();
    // cancel() aborts every reply and wakes every sleeper: the run ends at once (a bound, not a hope).
    clock.restart();
    while (runner.isRunning() && clock.elapsed() < 10000)
        QTest::qWait(20);
    if (runner.isRunning())
        qWarning("the run was still going 10 s after cancel()");
    return finished ? results : QList<QueryResult> {};
}

/// Answers "ok" queries with a page of 3 tweets, and hands every other to `special`.
HostileServer::Handler okOr(std::function<void(HostileServer &, QTcpSocket *, const SeenRequest &)> special)
{
    return [special](HostileServer &server, QTcpSocket *socket, const SeenRequest &r) {
        if (r.target().contains("query=ok"))
            HostileServer::respond(socket, "200 OK", page(3));
        else
            special(server, socket, r);
    };
}

} // namespace

class TestHostileServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redactedUrlHidesUserInfo_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("shown");
        QTest::addRow("user and password") << u"https://user:SECRET@api.x.com/2"_s << u"https://***@api.x.com/2"_s;
        QTest::addRow("invalid port") << u"http://user:SECRET@127.0.0.1:99999"_s << u"http://***@127.0.0.1:99999"_s;
        QTest::addRow("@ in the password") << u"http://u:S@CRET@h/p"_s << u"http://***@h/p"_s;
        QTest::addRow("no scheme") << u"user:SECRET@host:80/x"_s << u"***@host:80/x"_s;
        QTest::addRow("@ in the query only") << u"http://h/p?to=a@b"_s << u"http://h/p?to=a@b"_s;
        QTest::addRow("@ in the path only") << u"http://h/@me"_s << u"http://h/@me"_s;
        QTest::addRow("none") << u"http://127.0.0.1:8080"_s << u"http://127.0.0.1:8080"_s;
        QTest::addRow("empty") << QString() << QString();
    }
    void redactedUrlHidesUserInfo()
    {
        QFETCH(QString, url);
        QFETCH(QString, shown);
        QCOMPARE(ts::redactedUrl(url), shown);
        if (QUrl(url).isValid() && !url.isEmpty())
            QCOMPARE(ts::redactedUrl(QUrl(url)), shown);
    }

    void sameOrigin()
    {
        const QUrl origin(u"https://api.x.com/2/tweets/search/all"_s);
        QVERIFY(isSameOrigin(origin, QUrl(u"https://api.x.com:443/other?x=1"_s)));
        QVERIFY(isSameOrigin(origin, QUrl(u"https://API.X.COM/2"_s)));
        QVERIFY(!isSameOrigin(origin, QUrl(u"http://api.x.com/2"_s)));
        QVERIFY(!isSameOrigin(origin, QUrl(u"https://api.x.com:8443/2"_s)));
        QVERIFY(!isSameOrigin(origin, QUrl(u"https://evil.example/2"_s)));
        QVERIFY(!isSameOrigin(origin, QUrl(u"https://api.x.com.evil.example/2"_s)));
        QVERIFY(isSameOrigin(QUrl(u"http://127.0.0.1/x"_s), QUrl(u"http://127.0.0.1:80/y"_s)));
    }

    void rateLimitResetIsReadWithoutOverflow()
    {
        const qint64 now = 1'700'000'000'000;
        QCOMPARE(rateLimitResetWaitMs("1700000060", now), std::optional<qint64>(60000));
        QCOMPARE(rateLimitResetWaitMs(" 1700000060 ", now), std::optional<qint64>(60000));
        QCOMPARE(rateLimitResetWaitMs("1.70000006e9", now), std::optional<qint64>(60000));
        QVERIFY(*rateLimitResetWaitMs("100000000000000000", now) > qint64(1) << 50);
        QVERIFY(*rateLimitResetWaitMs("1e17", now) > qint64(1) << 50);
        QVERIFY(*rateLimitResetWaitMs("99999999999999999999999", now) > qint64(1) << 50);
        QCOMPARE(rateLimitResetWaitMs("", now), std::nullopt);
        QCOMPARE(rateLimitResetWaitMs("soon", now), std::nullopt);
        QCOMPARE(rateLimitResetWaitMs("-5", now), std::nullopt);
        QCOMPARE(rateLimitResetWaitMs("inf", now), std::nullopt);
        QVERIFY(rateLimitedUntilText(3600 * 1000)
                    .contains(QRegularExpression(u"^rate limited until \\d\\d:\\d\\d:\\d\\d$"_s)));
        QVERIFY(rateLimitedUntilText(3 * 24 * 3600 * 1000ll)
                    .contains(QRegularExpression(u"^rate limited until \\d{4}-\\d\\d-\\d\\d "_s)));
    }

    void redirectToAnotherOriginFails_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addRow("other port") << u"port"_s;
        QTest::addRow("other host") << u"host"_s;
        QTest::addRow("other scheme") << u"scheme"_s;
    }
    void redirectToAnotherOriginFails()
    {
        QFETCH(QString, kind);
        HostileServer other([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "200 OK", page(3));
        });
        QUrl target = other.url();
        target.setPath(u"/2/tweets/search/all"_s);
        if (kind == u"scheme")
            target.setScheme(u"https"_s);
        HostileServer server(okOr([&target](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "302 Found", {}, { "Location: " + target.toEncoded() });
        }));
        if (kind == u"host") {
            // Another host name for this very server: only the name differs from the origin.
            target.setHost(u"localhost"_s);
            target.setPort(server.serverPort());
        }
        const auto results
            = runQueries(connectionTo(server.url()), { u"ok"_s, u"redirected"_s }, quickOptions(), 10000);
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].status, QueryStatus::Ok); // the other query goes on
        QCOMPARE(results[0].tweets, 3);
        QCOMPARE(results[1].status, QueryStatus::Error);
        QVERIFY2(results[1].error.contains(u"redirected to "_s), qPrintable(results[1].error));
        QVERIFY2(results[1].error.contains(u"not followed"_s), qPrintable(results[1].error));
        QVERIFY2(!results[1].error.contains(QLatin1String(Token)), qPrintable(results[1].error));
        QCOMPARE(other.requests.size(), 0); // nothing, credentials least of all, went there
        int toServer = 0;
        for (const SeenRequest &r : std::as_const(server.requests)) {
            QVERIFY(r.target().startsWith("/2/tweets/search/all"));
            QVERIFY(r.hasAuthorization());
            ++toServer;
        }
        QCOMPARE(toServer, 2); // the redirected query's request was not repeated at its origin either
    }

    void redirectWithinTheOriginIsFollowed()
    {
        HostileServer server([](HostileServer &, QTcpSocket *socket, const SeenRequest &r) {
            if (r.target().contains("moved=1"))
                HostileServer::respond(socket, "200 OK", page(4));
            else
                HostileServer::respond(
                    socket, "307 Temporary Redirect", {}, { "Location: /2/tweets/search/all?query=x&moved=1" });
        });
        const auto results = runQueries(connectionTo(server.url()), { u"cats"_s }, quickOptions(), 10000);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].status == QueryStatus::Ok, qPrintable(results[0].error));
        QCOMPARE(results[0].tweets, 4);
        QCOMPARE(server.requests.size(), 2);
        QVERIFY(server.requests[1].hasAuthorization());
    }

    void redirectedRequestKeepsTheInactivityTimeout()
    {
        // Within the origin, to a target that never answers: the inactivity timeout ends it.
        HostileServer server([](HostileServer &, QTcpSocket *socket, const SeenRequest &r) {
            if (!r.target().contains("moved=1"))
                HostileServer::respond(
                    socket, "307 Temporary Redirect", {}, { "Location: /2/tweets/search/all?query=x&moved=1" });
        });
        SearchOptions o = quickOptions();
        o.transferTimeoutMs = 500;
        o.requestDeadlineMs = 0; // none: the inactivity timeout is the only bound
        QElapsedTimer clock;
        clock.start();
        const auto results = runQueries(connectionTo(server.url()), { u"cats"_s }, o, 8000);
        const qint64 ms = clock.elapsed();
        qInfo("redirected to silence: %lld ms, %lld results", ms, qint64(results.size()));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].status, QueryStatus::Error);
        QVERIFY2(results[0].error.contains(u"transfer timeout"_s), qPrintable(results[0].error));
        QCOMPARE(server.requests.size(), 2);
        QVERIFY2(ms < 3000, qPrintable(QString::number(ms)));
    }

    void countsRedirectToAnotherOriginFails()
    {
        HostileServer other([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "200 OK", R"({"data":[],"meta":{"total_tweet_count":0}})");
        });
        const QByteArray location = other.url().toEncoded() + "/2/tweets/counts/all";
        HostileServer server([location](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "301 Moved Permanently", {}, { "Location: " + location });
        });
        CountsFetcher fetcher;
        QSignalSpy finished(&fetcher, &CountsFetcher::finished);
        QString error;
        QVERIFY2(
            fetcher.start(connectionTo(server.url()), { u"cats"_s }, CountsGranularity::Day, quickOptions(), &error),
            qPrintable(error));
        QVERIFY(finished.wait(10000));
        QCOMPARE(fetcher.results().at(0).status, QueryStatus::Error);
        QVERIFY2(fetcher.results().at(0).error.contains(u"redirected to "_s), qPrintable(fetcher.results()[0].error));
        QCOMPARE(other.requests.size(), 0);
    }

    void endlessBodyFailsAtTheBound()
    {
        // Without a bound the client would take all 256 MiB (and, without the cap, everything).
        HostileServer server(
            okOr([](HostileServer &s, QTcpSocket *socket, const SeenRequest &) { s.stream(socket, 256 << 20); }));
        SearchOptions o = quickOptions();
        o.maxBodyBytes = 1 << 20;
        QElapsedTimer clock;
        clock.start();
        const auto results = runQueries(connectionTo(server.url()), { u"ok"_s, u"endless"_s }, o, 20000);
        const qint64 ms = clock.elapsed();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].status, QueryStatus::Ok);
        QCOMPARE(results[1].status, QueryStatus::Error);
        QVERIFY2(results[1].error.contains(u"maximum body size"_s), qPrintable(results[1].error));
        // The server can only get ahead by the socket buffers and Qt's bounded read buffer.
        QVERIFY2(server.bodyBytesWritten < (32 << 20), qPrintable(QString::number(server.bodyBytesWritten)));
        qInfo("endless body: failed after %lld ms, %lld bytes written by the server", ms, server.bodyBytesWritten);
    }

    void announcedHugeBodyFailsAtOnce()
    {
        HostileServer server(okOr([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{");
        }));
        SearchOptions o = quickOptions();
        o.maxBodyBytes = 4 << 20;
        const auto results = runQueries(connectionTo(server.url()), { u"ok"_s, u"huge"_s }, o, 10000);
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].status, QueryStatus::Ok);
        QCOMPARE(results[1].status, QueryStatus::Error);
        QVERIFY2(results[1].error.contains(u"1073741824"_s) && results[1].error.contains(u"maximum body size"_s),
            qPrintable(results[1].error));
    }

    void countsEndlessBodyFailsAtTheBound()
    {
        HostileServer server(
            [](HostileServer &s, QTcpSocket *socket, const SeenRequest &) { s.stream(socket, 256 << 20); });
        CountsFetcher fetcher;
        QSignalSpy finished(&fetcher, &CountsFetcher::finished);
        SearchOptions o = quickOptions();
        o.maxBodyBytes = 1 << 20;
        QVERIFY(fetcher.start(connectionTo(server.url()), { u"cats"_s }, CountsGranularity::Day, o));
        QVERIFY(finished.wait(20000));
        QCOMPARE(fetcher.results().at(0).status, QueryStatus::Error);
        QVERIFY2(
            fetcher.results().at(0).error.contains(u"maximum body size"_s), qPrintable(fetcher.results()[0].error));
        QVERIFY(server.bodyBytesWritten < (32 << 20));
    }

    void slowDripHitsTheDeadline()
    {
        HostileServer server(
            okOr([](HostileServer &, QTcpSocket *socket, const SeenRequest &) { HostileServer::drip(socket); }));
        SearchOptions o = quickOptions();
        o.transferTimeoutMs = 30000; // never idle: the inactivity timeout alone would wait forever
        o.requestDeadlineMs = 1500;
        QElapsedTimer clock;
        clock.start();
        const auto results = runQueries(connectionTo(server.url()), { u"ok"_s, u"drip"_s }, o, 15000);
        const qint64 ms = clock.elapsed();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].status, QueryStatus::Ok);
        QCOMPARE(results[1].status, QueryStatus::Error);
        QVERIFY2(results[1].error.contains(u"request deadline"_s), qPrintable(results[1].error));
        QVERIFY2(ms >= 1400 && ms < 10000, qPrintable(QString::number(ms)));
        qInfo("slow drip: failed after %lld ms", ms);
    }

    void rateLimitResetBeyondTheMaximumFails_data()
    {
        QTest::addColumn<QByteArray>("reset");
        QTest::addColumn<bool>("clockTime");
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QTest::addRow("an hour ahead") << QByteArray::number(now + 3600) << true;
        QTest::addRow("absurd integer") << QByteArray("100000000000000000") << false;
        QTest::addRow("absurd float") << QByteArray("1e17") << false;
        QTest::addRow("beyond int64") << QByteArray("99999999999999999999999") << false;
    }
    void rateLimitResetBeyondTheMaximumFails()
    {
        QFETCH(QByteArray, reset);
        QFETCH(bool, clockTime);
        HostileServer server(okOr([reset](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "429 Too Many Requests",
                R"({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})",
                { "x-rate-limit-limit: 300", "x-rate-limit-remaining: 0", "x-rate-limit-reset: " + reset });
        }));
        QElapsedTimer clock;
        clock.start();
        SearchOptions o = quickOptions();
        o.maxConcurrency = 1; // "ok" first: a limit learned from the 429 must not hold back a query already done
        const auto results = runQueries(connectionTo(server.url()), { u"ok"_s, u"limited"_s }, o, 10000);
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].status, QueryStatus::Ok);
        QCOMPARE(results[1].status, QueryStatus::Error);
        QVERIFY2(results[1].error.startsWith(u"rate limited until "_s), qPrintable(results[1].error));
        if (clockTime) {
            static const QRegularExpression hhmmss(u"^rate limited until \\d\\d:\\d\\d:\\d\\d"_s);
            QVERIFY2(hhmmss.match(results[1].error).hasMatch(), qPrintable(results[1].error));
        }
        QVERIFY(clock.elapsed() < 5000);
    }

    void countsRateLimitResetBeyondTheMaximumFails()
    {
        HostileServer server([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "429 Too Many Requests", R"({"title":"Too Many Requests"})",
                { "x-rate-limit-reset: 100000000000000000" });
        });
        CountsFetcher fetcher;
        QSignalSpy finished(&fetcher, &CountsFetcher::finished);
        QVERIFY(fetcher.start(connectionTo(server.url()), { u"cats"_s }, CountsGranularity::Day, quickOptions()));
        QVERIFY(finished.wait(10000));
        QCOMPARE(fetcher.results().at(0).status, QueryStatus::Error);
        QVERIFY2(
            fetcher.results().at(0).error.startsWith(u"rate limited until "_s), qPrintable(fetcher.results()[0].error));
    }

    void rateLimitWithinTheMaximumWaitsAndSaysSo()
    {
        bool limited = false;
        HostileServer server([&limited](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            if (std::exchange(limited, true)) {
                HostileServer::respond(socket, "200 OK", page(2));
                return;
            }
            HostileServer::respond(socket, "429 Too Many Requests", R"({"title":"Too Many Requests"})",
                { "x-rate-limit-reset: " + QByteArray::number(QDateTime::currentSecsSinceEpoch() + 2) });
        });
        SearchOptions o = quickOptions();
        o.maxRateLimitWaitMs = 0; // the grace still lets a wait of a few seconds through
        QStringList details;
        const auto results = runQueries(connectionTo(server.url()), { u"cats"_s }, o, 10000, &details);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].status == QueryStatus::Ok, qPrintable(results[0].error));
        QVERIFY2(details.filter(u"rate limited until "_s).size() >= 1, qPrintable(details.join(u" | "_s)));
    }

    void partlyUnreadablePageIsCounted()
    {
        HostileServer server(okOr([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "200 OK", page(3, 2));
        }));
        const auto results = runQueries(connectionTo(server.url()), { u"ok"_s, u"partly"_s }, quickOptions(), 10000);
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].unreadableTweets, 0);
        QCOMPARE(results[1].status, QueryStatus::Ok); // the readable tweets are kept
        QCOMPARE(results[1].tweets, 3);
        QCOMPARE(results[1].unreadableTweets, 2);
    }

    // --- tweetscope-cli: exit code, JSON summary, stderr ---

    void cliReportsUnreadableTweets()
    {
        HostileServer server(okOr([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "200 OK", page(3, 1));
        }));
        const auto [code, out, err]
            = cli({ u"--base-url"_s, server.url().toString(), u"--json-summary"_s, u"ok"_s, u"partly"_s });
        QVERIFY2(code == 1, qPrintable(err));
        QVERIFY2(err.contains(u"'partly': 1 tweet could not be read"_s), qPrintable(err));
        const QJsonObject run
            = QJsonDocument::fromJson(out.toUtf8()).object().value(u"runs"_s).toArray().at(0).toObject();
        QCOMPARE(run.value(u"unreadable_tweets"_s).toInt(-1), 1);
        const QJsonArray queries = run.value(u"queries"_s).toArray();
        QCOMPARE(queries.at(0).toObject().value(u"unreadable_tweets"_s).toInt(-1), 0);
        QCOMPARE(queries.at(1).toObject().value(u"unreadable_tweets"_s).toInt(-1), 1);
        QCOMPARE(queries.at(1).toObject().value(u"tweets"_s).toInt(), 3);
    }

    void cliBoundsTheBody()
    {
        HostileServer server(
            okOr([](HostileServer &s, QTcpSocket *socket, const SeenRequest &) { s.stream(socket, 256 << 20); }));
        const auto [code, out, err] = cli({ u"--base-url"_s, server.url().toString(), u"--max-body-size"_s, u"1"_s,
            u"--retries"_s, u"0"_s, u"ok"_s, u"endless"_s });
        QVERIFY2(code == 1, qPrintable(err));
        QVERIFY2(err.contains(u"'endless' error: the response body is larger than the maximum body size"_s),
            qPrintable(err));
        QVERIFY(!err.contains(u"'ok'"_s));
    }

    void cliShowsARateLimitWaitOffATerminal()
    {
        bool limited = false;
        HostileServer server([&limited](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            if (std::exchange(limited, true)) {
                HostileServer::respond(socket, "200 OK", page(2));
                return;
            }
            HostileServer::respond(socket, "429 Too Many Requests", R"({"title":"Too Many Requests"})",
                { "x-rate-limit-reset: " + QByteArray::number(QDateTime::currentSecsSinceEpoch() + 2) });
        });
        const auto [code, out, err] = cli({ u"--base-url"_s, server.url().toString(), u"cats"_s });
        QVERIFY2(code == 0, qPrintable(err));
        // In words where the state goes, not the stored name "rate_limited" beside it.
        QVERIFY2(
            err.contains(u"[1/1] cats: rate limited until "_s) && !err.contains(u"rate_limited"_s), qPrintable(err));
    }

    void cliFailsARateLimitBeyondTheMaximum()
    {
        HostileServer server([](HostileServer &, QTcpSocket *socket, const SeenRequest &) {
            HostileServer::respond(socket, "429 Too Many Requests", R"({"title":"Too Many Requests"})",
                { "x-rate-limit-reset: " + QByteArray::number(QDateTime::currentSecsSinceEpoch() + 120) });
        });
        const auto [code, out, err]
            = cli({ u"--base-url"_s, server.url().toString(), u"--max-rate-limit-wait"_s, u"60"_s, u"cats"_s });
        QVERIFY2(code == 1, qPrintable(err));
        QVERIFY2(err.contains(u"'cats' error: rate limited until "_s), qPrintable(err));
    }

    void cliRedactsUserInfoOfARejectedBaseUrl()
    {
        const auto [code, out, err] = cli({ u"--base-url"_s, u"http://user:SECRET@127.0.0.1:99999/x"_s, u"cats"_s });
        QCOMPARE(code, 2);
        QVERIFY2(!err.contains(u"SECRET"_s) && !err.contains(u"user:"_s), qPrintable(err));
        QVERIFY2(err.contains(u"http://***@127.0.0.1:99999/x"_s), qPrintable(err));
    }

private:
    /// Runs tweetscope-cli search while this thread's event loop keeps serving.
    static std::tuple<int, QString, QString> cli(QStringList args)
    {
        QProcess p;
        args.prepend(u"search"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TWEETSCOPE_BEARER_TOKEN"_s, QString::fromLatin1(Token));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), args);
        if (!p.waitForStarted(10000))
            return { -1, {}, p.errorString() };
        QElapsedTimer clock;
        clock.start();
        while (p.state() != QProcess::NotRunning && clock.elapsed() < 60000)
            QTest::qWait(20);
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
            return { -1, {}, u"timed out"_s };
        }
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }
};

QTEST_GUILESS_MAIN(TestHostileServer)
#include "tst_hostileserver.moc"
