// SPDX-License-Identifier: MIT
// SweepRunner driving a real SearchRunner against the local archive on 127.0.0.1 (port 0).
#include "archive/service/localarchiveserver.h"
#include "charts/chartarchive.h"
#include "search/sweeprunner.h"
#include "testarchive.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::search;

class TestSweepRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sweepsEveryLevelAndRepeat();
    void cancelKeepsWhatWasMeasured();
    void refusesWhileRunning();

private:
    search::ConnectionConfig connection() const;
    static search::SearchOptions options();

    QTemporaryDir m_dir;
    std::unique_ptr<archive::LocalArchiveServer> m_server;
    QStringList m_queries;
};

void TestSweepRunner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_queries = testing::chartWords(4);
    const QString db = m_dir.filePath(QStringLiteral("archive.sqlite"));
    QString error;
    QVERIFY2(
        testing::writeArchive(db,
            testing::chartTweets(m_queries, 20, QDateTime::currentMSecsSinceEpoch() - 3600 * 1000, 6 * 3600 * 1000),
            &error),
        qPrintable(error));
    archive::ServiceOptions so;
    so.dbPath = db;
    so.latency = *archive::LatencyProfile::parse(QStringLiteral("fixed:80"), &error);
    m_server = std::make_unique<archive::LocalArchiveServer>(so);
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

search::ConnectionConfig TestSweepRunner::connection() const
{
    search::ConnectionConfig c;
    c.provider = search::ProviderKind::Local;
    c.baseUrl = m_server->baseUrl();
    return c;
}

search::SearchOptions TestSweepRunner::options()
{
    search::SearchOptions o;
    o.maxResults = 10;
    o.pages = 1;
    o.transferTimeoutMs = 10000;
    return o;
}

void TestSweepRunner::sweepsEveryLevelAndRepeat()
{
    search::SearchRunner runner;
    SweepRunner sweep(&runner);
    QSignalSpy progress(&sweep, &SweepRunner::progress);
    QSignalSpy changed(&sweep, &SweepRunner::resultChanged);
    QSignalSpy finished(&sweep, &SweepRunner::finished);
    QVERIFY(sweep.start(connection(), m_queries, options(), 2));
    QVERIFY(sweep.isRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(!sweep.isRunning());
    QCOMPARE(finished.constFirst().at(1).toString(), QString());

    const SweepResult result = sweep.result();
    QCOMPARE(result.levels, (QList<int> { 1, 2, 4 }));
    QCOMPARE(result.samples.size(), 6);
    QCOMPARE(progress.size(), 6);
    QCOMPARE(changed.size(), 6);
    QVERIFY(!result.cancelled);
    // Repeat by repeat, each over every level.
    QList<int> order;
    for (const SweepSample &s : result.samples) {
        order.append(s.concurrency);
        QCOMPARE(s.requests, 4);
        QCOMPARE(s.failedQueries, 0);
        QVERIFY(s.tweets > 0);
    }
    QCOMPARE(order, (QList<int> { 1, 2, 4, 1, 2, 4 }));
    QCOMPARE(result.samples.at(4).repeat, 1);

    // Four 80 ms requests: one at a time takes about four times as long as all at once.
    const QList<SweepPoint> points = aggregateSweep(result);
    QCOMPARE(points.size(), 3);
    QVERIFY2(points.at(0).medianWallMs >= 4 * 80, qPrintable(QString::number(points.at(0).medianWallMs)));
    QVERIFY2(points.at(2).speedup > 2, qPrintable(QString::number(points.at(2).speedup)));
    QCOMPARE(points.at(2).idealSpeedup, 4.0);
}

void TestSweepRunner::cancelKeepsWhatWasMeasured()
{
    search::SearchRunner runner;
    SweepRunner sweep(&runner);
    QSignalSpy changed(&sweep, &SweepRunner::resultChanged);
    QSignalSpy finished(&sweep, &SweepRunner::finished);
    QVERIFY(sweep.start(connection(), m_queries, options(), 3));
    QVERIFY(changed.wait(10000));
    sweep.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    const auto result = finished.constFirst().constFirst().value<SweepResult>();
    QVERIFY(result.cancelled);
    QVERIFY(result.samples.size() >= 1);
    QVERIFY(result.samples.size() < 9);
    QVERIFY(!sweep.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!runner.isRunning(), 5000);
}

void TestSweepRunner::refusesWhileRunning()
{
    search::SearchRunner runner;
    SweepRunner sweep(&runner);
    QVERIFY(!sweep.start(connection(), {}, options(), 1)); // no queries
    QVERIFY(sweep.start(connection(), m_queries, options(), 1));
    QVERIFY(!sweep.start(connection(), m_queries, options(), 1));
    QSignalSpy finished(&sweep, &SweepRunner::finished);
    QVERIFY(finished.wait(30000));
}

QTEST_GUILESS_MAIN(TestSweepRunner)
#include "tst_sweeprunner.moc"
