// SPDX-License-Identifier: MIT
// Delayed answers come from timers, not sleeping threads: 256 requests held at fixed:200
// are all in flight together and all answered in about 200 ms.
#include "archive/service/localarchiveserver.h"
#include "servicetestutil.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace servicetest;
using namespace ts::archive;

class TestServiceConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manyDelayedRequestsOverlap()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(writeArchive(dir.filePath(u"a.sqlite"_s), corpus(), &error), qPrintable(error));
        ServiceOptions o;
        o.dbPath = dir.filePath(u"a.sqlite"_s);
        o.nowMs = NowMs;
        o.latency = *LatencyProfile::parse(u"fixed:200"_s, nullptr);
        LocalArchiveServer server(o);
        QVERIFY2(server.start(&error), qPrintable(error));

        // One QNetworkAccessManager opens at most 6 connections to a host: 43 of them
        // give 258 connections, so that every request really is in flight.
        constexpr int Requests = 256;
        std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
        for (int i = 0; i < (Requests + 5) / 6; ++i)
            nams.push_back(std::make_unique<QNetworkAccessManager>());
        const QUrl url = apiUrl(server.baseUrl(), u"/2/tweets/search/recent"_s,
            { { u"query"_s, u"zebra"_s }, { u"max_results"_s, u"10"_s } });
        // Connections first (each manager opens its 6 when 6 requests wait), so that the
        // measured batch shows the service's concurrency, not TCP handshakes on a busy machine.
        int warm = 0;
        for (int i = 0; i < Requests; ++i) {
            QNetworkReply *reply = nams[i / 6]->get(QNetworkRequest(apiUrl(server.baseUrl(), u"/healthz"_s)));
            connect(reply, &QNetworkReply::finished, this, [&warm, reply] {
                ++warm;
                reply->deleteLater();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(warm, Requests, 10000);

        int done = 0, ok = 0;
        QElapsedTimer clock;
        clock.start();
        qint64 lastMs = 0;
        for (int i = 0; i < Requests; ++i) {
            QNetworkReply *reply = nams[i / 6]->get(QNetworkRequest(url));
            connect(reply, &QNetworkReply::finished, this, [&, reply] {
                ++done;
                ok += reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200
                    && reply->readAll().contains("\"meta\"");
                lastMs = clock.elapsed();
                reply->deleteLater();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, Requests, 10000);
        QCOMPARE(ok, Requests);
        qInfo("256 requests at fixed:200: all answered after %lld ms; at most %d in flight on the server", lastMs,
            server.stats().maxInFlight);
        QCOMPARE(server.stats().maxInFlight, Requests); // all held at the same time
        QVERIFY2(lastMs < 1000, qPrintable(QString::number(lastMs))); // not 256 x 200 ms, nor 43 x 200 ms
    }
};

QTEST_GUILESS_MAIN(TestServiceConcurrency)
#include "tst_serviceconcurrency.moc"
