// SPDX-License-Identifier: MIT
// The embeddable LocalArchiveServer: the sample archive on first use, clear start errors,
// its own thread, a clean stop.
#include "archive/service/localarchiveserver.h"
#include "servicetestutil.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace servicetest;
using namespace ts::archive;

class TestLocalArchiveServer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // The sample archive goes to the user's data folder: a throwaway one here.
        qputenv("XDG_DATA_HOME", m_home.path().toUtf8());
        QVERIFY(LocalArchiveServer::sampleArchivePath().startsWith(m_home.path()));
    }

    void sampleArchiveOnFirstUse()
    {
        const QString path = LocalArchiveServer::sampleArchivePath();
        QVERIFY(!QFileInfo::exists(path));
        int calls = 0;
        qint64 last = 0;
        QString error;
        QVERIFY2(LocalArchiveServer::ensureSampleArchive(
                     [&](qint64 done, qint64 total) {
                         ++calls;
                         last = done;
                         QCOMPARE(total, 3000);
                     },
                     &error, 3000),
            qPrintable(error));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(path + u".partial"_s));
        QVERIFY(calls > 0);
        QCOMPARE(last, 3000);
        // A second call finds it and does nothing.
        QVERIFY(LocalArchiveServer::ensureSampleArchive({}, &error));

        // Without a db path the server serves the sample, and "recent" has tweets (it ends now).
        ServiceOptions o;
        o.latency = *LatencyProfile::parse(u"none"_s, nullptr);
        LocalArchiveServer server(o);
        QVERIFY2(server.start(&error), qPrintable(error));
        QNetworkAccessManager nam;
        const HttpResult health = get(nam, apiUrl(server.baseUrl(), u"/healthz"_s));
        QCOMPARE(health.json()[u"tweets"_s].toInteger(), 3000);
        const HttpResult r = get(nam,
            apiUrl(server.baseUrl(), u"/2/tweets/search/recent"_s,
                { { u"query"_s, u"eclipse OR nuclear OR korea OR cats OR ai OR memes"_s },
                    { u"max_results"_s, u"100"_s } }));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json()[u"meta"_s][u"result_count"_s].toInt() > 0, r.body.constData());
    }

    void startErrorsAreClear()
    {
        ServiceOptions o;
        o.dbPath = m_home.filePath(u"missing.sqlite"_s);
        LocalArchiveServer missing(o);
        QString error;
        QVERIFY(!missing.start(&error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!missing.isRunning());

        o.dbPath = LocalArchiveServer::sampleArchivePath();
        LocalArchiveServer first(o);
        QVERIFY2(first.start(&error), qPrintable(error));
        o.port = first.port();
        LocalArchiveServer second(o); // the same port
        QVERIFY(!second.start(&error));
        QVERIFY2(error.contains(QString::number(o.port)), qPrintable(error));
    }

    void stopsCleanlyWithRequestsInFlight()
    {
        ServiceOptions o;
        o.dbPath = LocalArchiveServer::sampleArchivePath();
        o.latency = *LatencyProfile::parse(u"fixed:2000"_s, nullptr);
        auto server = std::make_unique<LocalArchiveServer>(o);
        QString error;
        QVERIFY(server->start(&error));
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(
            QNetworkRequest(apiUrl(server->baseUrl(), u"/2/tweets/search/recent"_s, { { u"query"_s, u"the"_s } })));
        QTRY_COMPARE_WITH_TIMEOUT(server->stats().inFlight, 1, 5000);
        server.reset(); // destructor stops the thread with a request pending
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
        QVERIFY(reply->error() != QNetworkReply::NoError);
        delete reply;
    }
};

QTEST_GUILESS_MAIN(TestLocalArchiveServer)
#include "tst_localarchiveserver.moc"
