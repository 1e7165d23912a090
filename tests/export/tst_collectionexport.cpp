// SPDX-License-Identifier: MIT
// Export from a collection file (what `tweetscope-cli search --out` writes) and from a plain
// archive: tweets with the queries that matched them, rebuilt JSONL pages, request timings.
#include "archive/archivestore.h"
#include "export/tweetexporter.h"
#include "exporttesthelpers.h"
#include "search/collection.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::exporter;
using namespace exporttest;

namespace {

Tweet numbered(int i)
{
    Tweet t = awkwardTweet();
    t.id = QString::number(1394735776701816833LL + i);
    t.createdAtMs += i * 1000;
    t.rawJson = QStringLiteral("{\"id\":\"%1\",\"text\":\"tweet %1\"}").arg(t.id).toUtf8();
    return t;
}

} // namespace

class TestCollectionExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tweetsWithTheirQueries();
    void timings();
    void cancelKeepsOldFile();
    void viaCommandLine();

private:
    QTemporaryDir m_dir;
    QString m_collection;
};

void TestCollectionExport::initTestCase()
{
    m_collection = m_dir.filePath(QStringLiteral("run.sqlite"));
    search::Collection c;
    QString error;
    QVERIFY2(c.open(m_collection, &error), qPrintable(error));
    const QStringList queries { QStringLiteral("cats"), QStringLiteral("-is:retweet dogs") };
    const qint64 run = c.beginRun(search::RunMode::Concurrent, QStringLiteral("local"),
        QStringLiteral("http://127.0.0.1:9999"), queries, search::SearchOptions {}, &error);
    QVERIFY2(run > 0, qPrintable(error));
    QVERIFY2(
        c.writePage(run, 0, 1, { numbered(0), numbered(1), numbered(2) }, QString(), true, &error), qPrintable(error));
    QVERIFY2(c.writePage(run, 1, 1, { numbered(2), numbered(3) }, QString(), true, &error), qPrintable(error));
    for (int q = 0; q < 2; ++q) {
        search::RequestTiming t;
        t.query = queries.at(q);
        t.queryIndex = q;
        t.httpStatus = 200;
        t.scheduledMs = 0;
        t.sentMs = 1;
        t.firstByteMs = 100 + q;
        t.finishedMs = 110 + q;
        t.parsedMs = 111 + q;
        t.bytes = 1000;
        t.tweets = q == 0 ? 3 : 2;
        QVERIFY2(c.writeRequest(run, t, &error), qPrintable(error));
    }
}

void TestCollectionExport::tweetsWithTheirQueries()
{
    ExportOptions options;
    options.csvPath = m_dir.filePath(QStringLiteral("c.csv"));
    options.jsonlPath = m_dir.filePath(QStringLiteral("c.jsonl"));
    options.csv.columns = *csvColumnsFromNames({ QStringLiteral("id"), QStringLiteral("queries") }, nullptr);
    const ExportResult r = exportCollection(m_collection, options);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.tweets, 4);
    const CsvRead read = readCsvWithPython(options.csvPath);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.rows.size(), 5);
    QHash<QString, QString> queriesById;
    for (qsizetype i = 1; i < read.rows.size(); ++i)
        queriesById.insert(read.rows.at(i).at(0), read.rows.at(i).at(1));
    QCOMPARE(queriesById.value(numbered(0).id), QStringLiteral("cats"));
    QCOMPARE(queriesById.value(numbered(2).id), QStringLiteral("cats\n-is:retweet dogs"));
    QCOMPARE(queriesById.value(numbered(3).id), QStringLiteral("-is:retweet dogs"));
    // one rebuilt twarc page holding the 4 raw tweets, with the run's base URL
    const QJsonObject page = QJsonDocument::fromJson(readAll(options.jsonlPath).trimmed()).object();
    QCOMPARE(page.value(QLatin1String("data")).toArray().size(), 4);
    QCOMPARE(page.value(QLatin1String("__twarc")).toObject().value(QLatin1String("url")).toString(),
        QStringLiteral("http://127.0.0.1:9999"));
}

void TestCollectionExport::timings()
{
    const QString path = m_dir.filePath(QStringLiteral("timings.csv"));
    const ExportResult r = exportCollectionTimings(m_collection, path);
    QVERIFY2(r.ok, qPrintable(r.error));
    const CsvRead read = readCsvWithPython(path);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.rows.size(), 3);
    QCOMPARE(read.rows.at(1).mid(0, 4), strings({ "concurrent", "cats", "1", "200" }));
    QCOMPARE(read.rows.at(2).at(1), QStringLiteral("-is:retweet dogs"));
    QCOMPARE(read.rows.at(2).at(7), QStringLiteral("101.000"));
}

void TestCollectionExport::cancelKeepsOldFile()
{
    const QString path = m_dir.filePath(QStringLiteral("old.csv"));
    writeFile(path, "old");
    ExportOptions options;
    options.csvPath = path;
    const ExportResult r = exportCollection(m_collection, options, [](qint64, qint64) { return false; });
    QVERIFY(r.cancelled);
    QCOMPARE(readAll(path), QByteArray("old"));
}

void TestCollectionExport::viaCommandLine()
{
    const QString csv = m_dir.filePath(QStringLiteral("cli.csv"));
    const QString timings = m_dir.filePath(QStringLiteral("cli-timings.csv"));
    QProcess p;
    p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
        { QStringLiteral("export"), m_collection, QStringLiteral("--csv"), csv, QStringLiteral("--timings"), timings,
            QStringLiteral("--excel") });
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const CsvRead read = readCsvWithPython(csv);
    QVERIFY(read.bom);
    QCOMPARE(read.rows.size(), 5);
    QCOMPARE(read.rows.at(0).at(0), QStringLiteral("queries"));
    QCOMPARE(readCsvWithPython(timings).rows.size(), 3);
}

QTEST_GUILESS_MAIN(TestCollectionExport)
#include "tst_collectionexport.moc"
