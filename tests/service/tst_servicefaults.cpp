// SPDX-License-Identifier: MIT
// What the local archive does to clients on purpose: credentials, rate limits, injected
// faults, latency, and clients that leave early. Real HTTP on 127.0.0.1.
#include "archive/service/localarchiveserver.h"
#include "servicetestutil.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace servicetest;
using namespace ts::archive;

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestServiceFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;

    std::unique_ptr<LocalArchiveServer> start(ServiceOptions o)
    {
        o.dbPath = m_dir.filePath(u"a.sqlite"_s);
        o.nowMs = NowMs;
        auto server = std::make_unique<LocalArchiveServer>(o);
        QString error;
        if (!server->start(&error))
            qWarning() << error;
        return server;
    }
    static ServiceOptions quick()
    {
        ServiceOptions o;
        o.latency = LatencyProfile { LatencyProfile::Kind::None, 0, 0 };
        return o;
    }
    static QUrl search(const LocalArchiveServer &s)
    {
        return apiUrl(s.baseUrl(), u"/2/tweets/search/recent"_s, { { u"query"_s, u"zebra"_s } });
    }
    static QUrl enterprise(const LocalArchiveServer &s)
    {
        return apiUrl(s.baseUrl(), u"/search/30day/accounts/acme/dev.json"_s, { { u"query"_s, u"zebra"_s } });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(writeArchive(m_dir.filePath(u"a.sqlite"_s), corpus(), &error), qPrintable(error));
    }

    void bearerToken()
    {
        ServiceOptions o = quick();
        o.bearerToken = u"s3cret-token"_s;
        auto s = start(o);
        const HttpResult none = get(m_nam, search(*s));
        QCOMPARE(none.status, 401);
        QCOMPARE(none.reason, QByteArray("Unauthorized"));
        QCOMPARE(none.body,
            QByteArray(R"({"detail":"Unauthorized","status":401,"title":"Unauthorized","type":"about:blank"})"));
        QVERIFY(!none.body.contains("s3cret"));
        QCOMPARE(get(m_nam, search(*s), Headers { { "Authorization", "Bearer wrong" } }).status, 401);
        QCOMPARE(get(m_nam, search(*s), Headers { { "Authorization", "Bearer s3cret-token" } }).status, 200);
        QCOMPARE(get(m_nam, apiUrl(s->baseUrl(), u"/healthz"_s)).status, 200); // health needs no token
    }

    void basicCredentialsOnEnterprise()
    {
        ServiceOptions o = quick();
        o.username = u"ana@example.com"_s;
        o.password = u"pa:ss"_s;
        auto s = start(o);
        const HttpResult none = get(m_nam, enterprise(*s));
        QCOMPARE(none.status, 401);
        QVERIFY(none.json().contains(u"error"_s));
        const QByteArray good = "Basic " + QByteArray("ana@example.com:pa:ss").toBase64();
        const QByteArray bad = "Basic " + QByteArray("ana@example.com:nope").toBase64();
        QCOMPARE(get(m_nam, enterprise(*s), Headers { { "Authorization", bad } }).status, 401);
        QCOMPARE(get(m_nam, enterprise(*s), Headers { { "Authorization", good } }).status, 200);
    }

    void rateLimitHeadersAnd429()
    {
        ServiceOptions o = quick();
        o.rateLimit = *ts::parseRateLimit(u"3/2s"_s, nullptr);
        auto s = start(o);
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        for (int i = 0; i < 3; ++i) {
            const HttpResult r = get(m_nam, search(*s));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("x-rate-limit-limit"), QByteArray("3"));
            QCOMPARE(r.header("x-rate-limit-remaining").toInt(), 2 - i);
            QVERIFY(r.header("x-rate-limit-reset").toLongLong() >= before);
        }
        const HttpResult limited = get(m_nam, search(*s));
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.reason, QByteArray("Too Many Requests"));
        QCOMPARE(limited.json()[u"title"_s].toString(), u"Too Many Requests"_s);
        QCOMPARE(limited.json()[u"type"_s].toString(), u"about:blank"_s);
        QCOMPARE(limited.header("x-rate-limit-remaining"), QByteArray("0"));
        const qint64 reset = limited.header("x-rate-limit-reset").toLongLong();
        QVERIFY(reset >= before && reset <= before + 3);
        // Headers on every response, errors included.
        const HttpResult missing = get(m_nam, apiUrl(s->baseUrl(), u"/2/nothing"_s));
        QCOMPARE(missing.status, 404);
        QVERIFY(!missing.header("x-rate-limit-reset").isEmpty());
        // Waiting until the reset gets through.
        QTest::qWait(int(std::max<qint64>(0, reset * 1000 - QDateTime::currentMSecsSinceEpoch()) + 50));
        QCOMPARE(get(m_nam, search(*s)).status, 200);
    }

    // Item 6: the headers come on every answer, as from the real API, also without --rate-limit
    // (a budget nobody reaches: nothing is refused, benchmarks are unchanged).
    void rateLimitHeadersWithoutALimit()
    {
        auto s = start(quick());
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        int lastRemaining = std::numeric_limits<int>::max();
        for (const QUrl &u : { search(*s), enterprise(*s), apiUrl(s->baseUrl(), u"/healthz"_s),
                 apiUrl(s->baseUrl(), u"/2/nothing"_s), search(*s) }) {
            const HttpResult r = get(m_nam, u);
            QVERIFY(r.status == 200 || r.status == 404);
            QCOMPARE(r.header("x-rate-limit-limit"), QByteArray("10000000"));
            const int remaining = r.header("x-rate-limit-remaining").toInt();
            QVERIFY(remaining > 9'999'000 && remaining <= lastRemaining);
            lastRemaining = remaining;
            const qint64 reset = r.header("x-rate-limit-reset").toLongLong();
            QVERIFY(reset >= before && reset <= before + 901);
        }
        // The reader's own refusals carry them too.
        const HttpResult tooLong
            = get(m_nam, apiUrl(s->baseUrl(), u"/2/tweets/search/all"_s, { { u"q"_s, QString(9000, u'a') } }));
        QCOMPARE(tooLong.status, 414);
        QCOMPARE(tooLong.header("x-rate-limit-limit"), QByteArray("10000000"));
    }

    // X's published budgets, per endpoint: recent 450 / 15 min; all 300 / 15 min and 1/s.
    void xApiBudgets()
    {
        ServiceOptions o = quick();
        o.xApiBudgets = true;
        auto s = start(o);
        const HttpResult recent = get(m_nam, search(*s));
        QCOMPARE(recent.status, 200);
        QCOMPARE(recent.header("x-rate-limit-limit"), QByteArray("450"));
        QCOMPARE(recent.header("x-rate-limit-remaining"), QByteArray("449"));
        const QUrl all = apiUrl(s->baseUrl(), u"/2/tweets/search/all"_s, { { u"query"_s, u"zebra"_s } });
        const HttpResult first = get(m_nam, all);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.header("x-rate-limit-limit"), QByteArray("300"));
        QCOMPARE(first.header("x-rate-limit-remaining"), QByteArray("299"));
        const HttpResult second = get(m_nam, all); // within the same second: the 1/s cap
        QCOMPARE(second.status, 429);
        QCOMPARE(second.header("x-rate-limit-limit"), QByteArray("1"));
        const HttpResult counts
            = get(m_nam, apiUrl(s->baseUrl(), u"/2/tweets/counts/recent"_s, { { u"query"_s, u"zebra"_s } }));
        QCOMPARE(counts.status, 200);
        QCOMPARE(counts.header("x-rate-limit-limit"), QByteArray("300"));
    }

    void injectedFaults_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("networkError");
        QTest::addColumn<bool>("validJson");
        QTest::addRow("503") << u"503:1"_s << 503 << false << true;
        QTest::addRow("500") << u"500:1"_s << 500 << false << true;
        QTest::addRow("429") << u"429:1"_s << 429 << false << true;
        QTest::addRow("drop") << u"drop:1"_s << 0 << true << false;
        QTest::addRow("truncated") << u"truncated:1"_s << 200 << true << false;
        QTest::addRow("malformed") << u"malformed:1"_s << 200 << false << false;
        QTest::addRow("slow") << u"slow:1"_s << 200 << false << true;
    }
    void injectedFaults()
    {
        QFETCH(QString, spec);
        QFETCH(int, status);
        QFETCH(bool, networkError);
        QFETCH(bool, validJson);
        ServiceOptions o = quick();
        o.faults = *FaultSpec::parse(spec, nullptr);
        o.slowBodyMs = 600;
        auto s = start(o);
        const HttpResult r = get(m_nam, search(*s));
        if (status)
            QCOMPARE(r.status, status);
        QCOMPARE(r.error != QNetworkReply::NoError && r.error < QNetworkReply::ContentAccessDenied, networkError);
        QJsonParseError pe;
        QJsonDocument::fromJson(r.body, &pe);
        QCOMPARE(pe.error == QJsonParseError::NoError && !r.body.isEmpty(), validJson);
        if (status >= 500)
            QCOMPARE(r.json()[u"title"_s].toString(), QString::fromLatin1(r.reason));
        if (status == 429) {
            QCOMPARE(r.header("x-rate-limit-remaining"), QByteArray("0"));
            QVERIFY(r.header("x-rate-limit-reset").toLongLong() > QDateTime::currentSecsSinceEpoch() - 1);
        }
        if (spec.startsWith(u"slow"_s)) {
            QVERIFY2(r.elapsedMs >= 500, qPrintable(QString::number(r.elapsedMs)));
            QVERIFY(r.json().contains(u"meta"_s));
        }
        // Whatever happened to that request, the service goes on serving.
        QCOMPARE(get(m_nam, apiUrl(s->baseUrl(), u"/healthz"_s)).status, 200);
    }

    void enterpriseFaultBodies()
    {
        ServiceOptions o = quick();
        o.faults = *FaultSpec::parse(u"503:1"_s, nullptr);
        auto s = start(o);
        const HttpResult r = get(m_nam, enterprise(*s));
        QCOMPARE(r.status, 503);
        QVERIFY(r.json()[u"error"_s][u"message"_s].isString());
    }

    void seedMakesFaultsReproducible()
    {
        auto run = [this](quint64 seed) {
            ServiceOptions o = quick();
            o.faults = *FaultSpec::parse(u"503:0.3,500:0.3"_s, nullptr);
            o.seed = seed;
            auto s = start(o);
            QList<int> statuses;
            for (int i = 0; i < 20; ++i)
                statuses << get(m_nam, search(*s)).status;
            return statuses;
        };
        const QList<int> a = run(42);
        QCOMPARE(run(42), a);
        QVERIFY(a.contains(200) && (a.contains(503) || a.contains(500)));
        QVERIFY(run(43) != a);
    }

    void fixedLatency()
    {
        ServiceOptions o;
        o.latency = *LatencyProfile::parse(u"fixed:300"_s, nullptr);
        auto s = start(o);
        get(m_nam, apiUrl(s->baseUrl(), u"/healthz"_s)); // connect first
        const HttpResult r = get(m_nam, search(*s));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.elapsedMs >= 290 && r.elapsedMs < 2000, qPrintable(QString::number(r.elapsedMs)));
        const HttpResult health = get(m_nam, apiUrl(s->baseUrl(), u"/healthz"_s));
        QVERIFY(health.elapsedMs < 250); // health answers at once
    }

    void clientsLeavingEarly()
    {
        ServiceOptions o;
        o.latency = *LatencyProfile::parse(u"fixed:400"_s, nullptr);
        o.faults = *FaultSpec::parse(u"slow:0.5"_s, nullptr);
        o.slowBodyMs = 1000;
        auto s = start(o);
        QList<QNetworkReply *> replies;
        QList<std::shared_ptr<QNetworkAccessManager>> nams;
        for (int i = 0; i < 24; ++i) {
            if (i % 6 == 0)
                nams.append(std::make_shared<QNetworkAccessManager>());
            replies << nams.last()->get(QNetworkRequest(search(*s)));
        }
        QTest::qWait(150);
        for (QNetworkReply *r : std::as_const(replies))
            r->abort(); // the client gives up before the answer
        // The same for slow bodies in the middle of their trickle.
        QList<QNetworkReply *> late;
        for (int i = 0; i < 12; ++i)
            late << nams[i % nams.size()]->get(QNetworkRequest(search(*s)));
        QTest::qWait(700);
        for (QNetworkReply *r : std::as_const(late))
            r->abort();
        QTRY_COMPARE_WITH_TIMEOUT(s->stats().inFlight, 0, 5000);
        QVERIFY2(s->stats().clientGone >= 24, qPrintable(QString::number(s->stats().clientGone)));
        const HttpResult after = get(m_nam, search(*s));
        QCOMPARE(after.status, 200);
        qDeleteAll(replies);
        qDeleteAll(late);
    }
};

QTEST_GUILESS_MAIN(TestServiceFaults)
#include "tst_servicefaults.moc"
