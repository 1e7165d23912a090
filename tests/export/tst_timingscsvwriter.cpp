// SPDX-License-Identifier: MIT
#include "export/tweetexporter.h"
#include "exporttesthelpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ts::exporter;
using namespace ts::search;
using namespace exporttest;

class TestTimingsCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldOfTheRequestRecord();
    void excelNeutralizesQueries();

private:
    static QList<RunSummary> runs();
};

QList<RunSummary> TestTimingsCsvWriter::runs()
{
    RequestTiming ok;
    ok.query = QStringLiteral("cats, \"dogs\"");
    ok.queryIndex = 0;
    ok.page = 2;
    ok.attempt = 1;
    ok.httpStatus = 200;
    ok.scheduledMs = 0;
    ok.sentMs = 1.5;
    ok.firstByteMs = 700.25;
    ok.finishedMs = 702.125;
    ok.parsedMs = 703.25;
    ok.bytes = 356474;
    ok.tweets = 100;
    ok.lane = 3;
    ok.connectStartMs = 1.5; // opened its connection: connect + TLS until 4.0
    ok.connectEndMs = 4.0;
    RequestTiming refused;
    refused.query = QStringLiteral("-is:retweet birds");
    refused.queryIndex = 1;
    refused.attempt = 3;
    refused.scheduledMs = 10;
    refused.sentMs = 1010;
    refused.error = QStringLiteral("Connection refused\nafter 3 attempts");
    refused.rateLimited = true;
    RunSummary sequential;
    sequential.mode = RunMode::Sequential;
    sequential.provider = QStringLiteral("local");
    sequential.requestTimings = { ok };
    RunSummary concurrent;
    concurrent.mode = RunMode::Concurrent;
    concurrent.provider = QStringLiteral("bluesky"); // the same queries on another provider
    concurrent.requestTimings = { ok, refused };
    return { sequential, concurrent };
}

void TestTimingsCsvWriter::everyFieldOfTheRequestRecord()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timings.csv"));
    const ExportResult r = writeTimingsCsv(runs(), path);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.tweets, 3); // rows
    const CsvRead read = readCsvWithPython(path);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QVERIFY(!read.bom);
    QCOMPARE(read.rows.size(), 4);
    QCOMPARE(read.rows.at(0),
        QStringLiteral(
            "mode,query,page,http_status,attempt,scheduled_ms,sent_ms,first_byte_ms,finished_ms,"
            "parsed_ms,bytes,tweets,error,query_index,rate_limited,queued_ms,latency_ms,lane,connect_start_ms,"
            "connect_end_ms,connect_ms,provider")
            .split(QLatin1Char(',')));
    QCOMPARE(read.rows.at(1),
        strings({ "sequential", "cats, \"dogs\"", "2", "200", "1", "0.000", "1.500", "700.250", "702.125", "703.250",
            "356474", "100", "", "0", "false", "1.500", "700.625", "3", "1.500", "4.000", "2.500", "local" }));
    QCOMPARE(read.rows.at(2).at(0), QStringLiteral("concurrent"));
    // a request that never got a response: no status, no first byte/finished/parsed times
    QCOMPARE(read.rows.at(3),
        strings({ "concurrent", "-is:retweet birds", "1", "", "3", "10.000", "1010.000", "", "", "", "0", "0",
            "Connection refused\nafter 3 attempts", "1", "true", "1000.000", "", "", "", "", "", "bluesky" }));
}

void TestTimingsCsvWriter::excelNeutralizesQueries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timings.csv"));
    QVERIFY(writeTimingsCsv(runs(), path, true).ok);
    const CsvRead read = readCsvWithPython(path);
    QVERIFY(read.bom);
    QCOMPARE(read.rows.at(3).at(1), QStringLiteral("'-is:retweet birds"));
    QCOMPARE(read.rows.at(1).at(1), QStringLiteral("cats, \"dogs\""));
}

QTEST_GUILESS_MAIN(TestTimingsCsvWriter)
#include "tst_timingscsvwriter.moc"
