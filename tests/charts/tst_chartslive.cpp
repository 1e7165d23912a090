// SPDX-License-Identifier: MIT
// The charts after a real compare run: SearchRunner against the local archive on 127.0.0.1
// (port 0), its signals wired to ChartsPanel exactly as the main window wires them.
#include "archive/service/localarchiveserver.h"
#include "chartmath/querytimes.h"
#include "charts/chartarchive.h"
#include "charts/chartspanel.h"
#include "charts/timingchart.h"
#include "charts/volumechart.h"
#include "charts/waterfallcanvas.h"
#include "charts/waterfallview.h"
#include "search/searchrunner.h"
#include "testarchive.h"

#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace ts;
using namespace ts::ui;
using search::RunMode;

class TestChartsLive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compareRunOfTheSeedQueries();
};

void TestChartsLive::compareRunOfTheSeedQueries()
{
    QTemporaryDir dir;
    const QStringList queries = testing::chartWords(6);
    const QString db = dir.filePath(QStringLiteral("archive.sqlite"));
    const qint64 end = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    QString error;
    QVERIFY2(
        testing::writeArchive(db, testing::chartTweets(queries, 30, end, 10 * 3600 * 1000), &error), qPrintable(error));
    archive::ServiceOptions so;
    so.dbPath = db;
    so.latency = *archive::LatencyProfile::parse(QStringLiteral("fixed:60"), &error);
    archive::LocalArchiveServer server(so);
    QVERIFY2(server.start(&error), qPrintable(error));

    ChartsPanel panel;
    panel.resize(1100, 700);
    panel.show();
    search::SearchRunner runner;
    connect(&runner, &search::SearchRunner::runStarted, &panel,
        [&](search::RunMode mode, const QStringList &queries) { panel.runStarted(mode, queries, runner.baseUrl()); });
    connect(&runner, &search::SearchRunner::requestFinished, &panel, &ChartsPanel::requestFinished);
    // While the first run goes on (no summary yet), the waterfall names the connection phase of
    // this http:// run "connect", not "connect + TLS".
    std::optional<bool> tlsWhileRunning;
    connect(&runner, &search::SearchRunner::requestFinished, this, [&] {
        if (tlsWhileRunning)
            return;
        panel.refreshNow();
        tlsWhileRunning = panel.waterfallView()->canvas()->anyTls();
    });
    connect(&runner, &search::SearchRunner::runFinished, &panel, &ChartsPanel::runFinished);
    connect(&runner, &search::SearchRunner::pageReceived, &panel, &ChartsPanel::addTweets);
    QList<search::RunSummary> summaries;
    connect(&runner, &search::SearchRunner::runFinished, this,
        [&summaries](const search::RunSummary &s) { summaries.append(s); });
    QSignalSpy finished(&runner, &search::SearchRunner::finished);

    search::ConnectionConfig c;
    c.provider = search::ProviderKind::Local;
    c.baseUrl = server.baseUrl();
    search::SearchOptions o;
    o.maxResults = 10;
    o.pages = 2;
    o.transferTimeoutMs = 10000;
    QVERIFY(runner.startCompare(c, queries, o));
    QVERIFY(finished.wait(30000));
    QCOMPARE(summaries.size(), 2);
    const search::RunSummary &seq = summaries.at(0);
    const search::RunSummary &conc = summaries.at(1);
    QCOMPARE(seq.requests, 12);
    QCOMPARE(tlsWhileRunning, std::optional<bool>(false));
    panel.refreshNow();

    // Timing: one pair of bars per query, each as long as that query took in its run.
    TimingChart *timing = panel.timingChart();
    const QList<QueryTime> seqTimes = queryTimes(seq.requestTimings, 6);
    const QList<QueryTime> concTimes = queryTimes(conc.requestTimings, 6);
    for (int q = 0; q < 6; ++q) {
        QCOMPARE(timing->sequentialMs(q), seqTimes.at(q).durationMs());
        QCOMPARE(timing->concurrentMs(q), concTimes.at(q).durationMs());
        QVERIFY(timing->sequentialMs(q) >= 2 * 60); // two pages of 60 ms
    }
    const QString totals = timing->totalsText();
    QVERIFY2(
        totals.contains(QStringLiteral("Speedup %1×").arg(seq.wallMs / conc.wallMs, 0, 'f', 2)), qPrintable(totals));
    QVERIFY2(seq.wallMs / conc.wallMs > 2, qPrintable(totals)); // six queries really overlapped

    // Waterfall: every request a bar, phases as long as the runner measured them.
    WaterfallCanvas *canvas = panel.waterfallView()->canvas();
    QCOMPARE(canvas->layout().bars.size(), seq.requestTimings.size() + conc.requestTimings.size());
    const TimeScale scale = canvas->scale(canvas->width());
    for (int i = 0; i < canvas->layout().bars.size(); ++i) {
        const WaterfallBar &bar = canvas->layout().bars.at(i);
        const search::RequestTiming &t = (bar.run == 0 ? seq : conc).requestTimings.at(bar.timingIndex);
        const QRectF waiting = canvas->phaseRect(i, Phase::Waiting, canvas->width());
        const QRectF connect = canvas->phaseRect(i, Phase::Connect, canvas->width());
        // A request that opened a connection shows it first (connect + TLS), then waiting.
        QVERIFY(qAbs(connect.width() + waiting.width() - (t.firstByteMs - t.sentMs) * scale.pixelsPerMs()) < 0.01);
        QCOMPARE(connect.isEmpty(), t.connectStartMs < 0 || t.connectEndMs <= t.sentMs);
        QVERIFY(t.firstByteMs - t.sentMs >= 50); // the archive's 60 ms shows up as waiting
    }

    // Volume: the concurrent run's tweets, per query, bucketed by the hour over ten hours.
    const QList<QLineSeries *> lines = panel.volumeChart()->lines();
    QCOMPARE(lines.size(), 6);
    qint64 charted = 0;
    for (QLineSeries *line : lines) {
        for (const QPointF &p : line->points())
            charted += qint64(p.y());
    }
    QCOMPARE(charted, qint64(conc.tweets));
    QCOMPARE(panel.volumeChart()->data().size, BucketSize::Hour);

    QString pngError;
    QVERIFY2(panel.savePng(dir.filePath(QStringLiteral("all.png")), &pngError, ChartsPanel::PngScope::AllTabs),
        qPrintable(pngError));
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("all.png"))).size() > 10000);
}

QTEST_MAIN(TestChartsLive)
#include "tst_chartslive.moc"
