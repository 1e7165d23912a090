// SPDX-License-Identifier: MIT
// Export from a collection file (what `tweetscope-cli search --out` writes) and from a plain
// archive: tweets with the queries that matched them, rebuilt JSONL pages, request timings,
// chosen rows by id (every column as in the whole export) and the id lists they come from.
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
    void chosenRowsViaCommandLine();
    void chosenRowsOfAnArchiveMatchTheWholeExport();
    void chosenRowsInTheirOrder();
    void tweetIdsFromAFile();
    void tweetIdsThatAreNot_data();
    void tweetIdsThatAreNot();

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

// `export --ids FILE`: the rows in the file's order, every column as the whole export has it;
// a bad id file fails naming its line and leaves no file; --ids needs a collection.
void TestCollectionExport::chosenRowsViaCommandLine()
{
    const auto cli = [](const QStringList &args, QByteArray *err = nullptr) {
        QProcess p;
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), QStringList { QStringLiteral("export") } + args);
        p.waitForFinished(60000);
        if (err)
            *err = p.readAllStandardError();
        return p.exitCode();
    };
    const QString whole = m_dir.filePath(QStringLiteral("cli-whole.csv"));
    const QString rows = m_dir.filePath(QStringLiteral("cli-rows.csv"));
    const QString columns = csvColumnNames().join(QLatin1Char(','));
    QCOMPARE(cli({ m_collection, QStringLiteral("--csv"), whole, QStringLiteral("--columns"), columns }), 0);
    const QString idsFile = m_dir.filePath(QStringLiteral("cli-ids.txt"));
    writeFile(idsFile,
        (numbered(3).id + QStringLiteral("\n") + numbered(0).id + QStringLiteral("\n42\n\n") + numbered(3).id
            + QStringLiteral("\n") + numbered(1).id + QStringLiteral("\n"))
            .toUtf8());
    QByteArray err;
    QCOMPARE(cli({ m_collection, QStringLiteral("--ids"), idsFile, QStringLiteral("--csv"), rows,
                     QStringLiteral("--columns"), columns },
                 &err),
        0);
    const CsvRead all = readCsvWithPython(whole);
    const CsvRead chosen = readCsvWithPython(rows);
    QVERIFY2(all.error.isEmpty() && chosen.error.isEmpty(), qPrintable(all.error + chosen.error));
    QCOMPARE(chosen.rows.size(), 4); // header, 3, 0, 1 (42 is not stored; 3 once)
    QCOMPARE(chosen.rows.at(0), all.rows.at(0));
    const qsizetype id = all.rows.at(0).indexOf(QStringLiteral("id"));
    const auto wholeRow = [&](const QString &tweetId) {
        for (const QStringList &r : all.rows) {
            if (r.value(id) == tweetId)
                return r;
        }
        return QStringList();
    };
    QCOMPARE(chosen.rows.at(1), wholeRow(numbered(3).id));
    QCOMPARE(chosen.rows.at(2), wholeRow(numbered(0).id));
    QCOMPARE(chosen.rows.at(3), wholeRow(numbered(1).id));

    writeFile(idsFile, "1\nnot-an-id\n");
    const QString none = m_dir.filePath(QStringLiteral("cli-none.csv"));
    QCOMPARE(cli({ m_collection, QStringLiteral("--ids"), idsFile, QStringLiteral("--csv"), none }, &err), 1);
    QVERIFY2(err.contains(QByteArray(idsFile.toUtf8() + ":2: 'not-an-id' is not a tweet id")), err.constData());
    QVERIFY(!QFile::exists(none));
    const QString jsonl = m_dir.filePath(QStringLiteral("tweets.jsonl"));
    writeFile(jsonl, "{}\n");
    QCOMPARE(cli({ jsonl, QStringLiteral("--ids"), idsFile, QStringLiteral("--csv"), none }, &err), 2);
    QVERIFY2(err.contains("--ids needs a collection or an archive"), err.constData());
}

// A plain archive (no runs): every column of every row read by id equals the whole export's.
void TestCollectionExport::chosenRowsOfAnArchiveMatchTheWholeExport()
{
    const QString path = m_dir.filePath(QStringLiteral("plain.sqlite"));
    QList<Tweet> tweets;
    for (int i = 0; i < 30; ++i) {
        Tweet t = numbered(i);
        t.type = TweetType(i % 4);
        t.urls.append(QStringLiteral("https://example.org/p?q=1,2,%1").arg(i));
        t.coordinates = Coordinates { -33.86785 + i, 151.20732 };
        tweets.append(t);
    }
    {
        archive::ArchiveStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QVERIFY(std::holds_alternative<archive::InsertStats>(store.insert(tweets)));
    }
    ExportOptions options;
    options.csv.columns = *csvColumnsFromNames(csvColumnNames(), nullptr);
    options.csvPath = m_dir.filePath(QStringLiteral("plain-whole.csv"));
    ExportResult r = exportCollection(path, options);
    QVERIFY2(r.ok, qPrintable(r.error));
    std::vector<quint64> ids;
    for (const Tweet &t : tweets)
        ids.push_back(t.id.toULongLong());
    options.csvPath = m_dir.filePath(QStringLiteral("plain-rows.csv"));
    r = exportCollectionRows(path, ids, options);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.tweets, tweets.size());

    const CsvRead whole = readCsvWithPython(m_dir.filePath(QStringLiteral("plain-whole.csv")));
    const CsvRead rows = readCsvWithPython(options.csvPath);
    QVERIFY2(whole.error.isEmpty() && rows.error.isEmpty(), qPrintable(whole.error + rows.error));
    QCOMPARE(whole.rows.size(), tweets.size() + 1);
    QCOMPARE(rows.rows.size(), whole.rows.size());
    const QStringList header = whole.rows.constFirst();
    for (qsizetype row = 0; row < whole.rows.size(); ++row) {
        for (qsizetype column = 0; column < header.size(); ++column) {
            if (rows.rows.at(row).value(column) != whole.rows.at(row).value(column))
                QFAIL(qPrintable(
                    QStringLiteral("row %1, column %2: by id '%3', whole '%4'")
                        .arg(row)
                        .arg(header.at(column), rows.rows.at(row).value(column), whole.rows.at(row).value(column))));
        }
    }
    const QStringList first = whole.rows.at(1);
    QCOMPARE(first.at(header.indexOf(QStringLiteral("urls"))),
        QStringLiteral("https://example.com/a?b=c,d&e=\"f\" https://example.org/p?q=1,2,0"));
    QCOMPARE(first.at(header.indexOf(QStringLiteral("cashtags"))), QStringLiteral("AAPL"));
    QCOMPARE(first.at(header.indexOf(QStringLiteral("lat"))), QStringLiteral("-33.86785"));
}

// The ids' order, not the file's; ids the collection lacks are skipped; queries per tweet.
void TestCollectionExport::chosenRowsInTheirOrder()
{
    ExportOptions options;
    options.csvPath = m_dir.filePath(QStringLiteral("rows.csv"));
    options.csv.columns = *csvColumnsFromNames({ QStringLiteral("id"), QStringLiteral("queries") }, nullptr);
    const std::vector<quint64> ids { numbered(3).id.toULongLong(), 42, numbered(0).id.toULongLong(),
        numbered(2).id.toULongLong() };
    QList<qint64> progress;
    const ExportResult r = exportCollectionRows(m_collection, ids, options, [&](qint64 done, qint64 total) {
        progress.append(done);
        return total == 4;
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.tweets, 3);
    QCOMPARE(progress, QList<qint64>({ 0, 4 }));
    const CsvRead read = readCsvWithPython(options.csvPath);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.rows.size(), 4);
    QCOMPARE(read.rows.at(1), QStringList({ numbered(3).id, QStringLiteral("-is:retweet dogs") }));
    QCOMPARE(read.rows.at(2), QStringList({ numbered(0).id, QStringLiteral("cats") }));
    QCOMPARE(read.rows.at(3), QStringList({ numbered(2).id, QStringLiteral("cats\n-is:retweet dogs") }));

    const ExportResult missing = exportCollectionRows(m_dir.filePath(QStringLiteral("none.sqlite")), ids, options);
    QVERIFY(!missing.ok);
    QVERIFY2(missing.error.contains(QStringLiteral("none.sqlite")), qPrintable(missing.error));
}

void TestCollectionExport::tweetIdsFromAFile()
{
    const QString path = m_dir.filePath(QStringLiteral("ids.txt"));
    writeFile(path, "3\n  1394735776701816833 \r\n\n2\n3\n9223372036854775807\n1");
    QString error;
    const auto ids = readTweetIds(path, &error);
    QVERIFY2(ids, qPrintable(error));
    QCOMPARE(*ids, std::vector<quint64>({ 3, 1394735776701816833ull, 2, 9223372036854775807ull, 1 }));
    writeFile(path, "");
    QCOMPARE(readTweetIds(path, &error)->size(), 0u);
    // Lines of 64 bytes, with the line break or at the end of the file, are the longest read.
    writeFile(path, QByteArray(62, ' ') + "5\n" + QByteArray(63, ' ') + "6");
    QCOMPARE(*readTweetIds(path, &error), std::vector<quint64>({ 5, 6 }));
    // The bound: exactly maxIds is fine, one more is an error.
    writeFile(path, "1\n2\n3\n");
    QCOMPARE(readTweetIds(path, &error, 3)->size(), 3u);
    QVERIFY(!readTweetIds(path, &error, 2));
    QCOMPARE(error, path + QStringLiteral(": more than 2 ids"));
}

void TestCollectionExport::tweetIdsThatAreNot_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("message");
    QTest::addRow("word") << QByteArray("1\nabc\n") << QStringLiteral(":2: 'abc' is not a tweet id");
    QTest::addRow("negative") << QByteArray("-5\n") << QStringLiteral(":1: '-5' is not a tweet id");
    QTest::addRow("plus") << QByteArray("+5\n") << QStringLiteral(":1: '+5' is not a tweet id");
    QTest::addRow("zero") << QByteArray("0\n") << QStringLiteral(":1: '0' is not a tweet id");
    QTest::addRow("two on a line") << QByteArray("1 2\n") << QStringLiteral(":1: '1 2' is not a tweet id");
    QTest::addRow("comma list") << QByteArray("1,2\n") << QStringLiteral(":1: '1,2' is not a tweet id");
    QTest::addRow("past 63 bits") << QByteArray("9223372036854775808\n")
                                  << QStringLiteral(":1: '9223372036854775808' is not a tweet id");
    QTest::addRow("long line") << QByteArray("1\n" + QByteArray(200, '7') + "\n")
                               << QStringLiteral(":2: longer than 64 bytes");
    QTest::addRow("65 bytes") << QByteArray(QByteArray(63, ' ') + "5\n") << QStringLiteral(":1: longer than 64 bytes");
}

void TestCollectionExport::tweetIdsThatAreNot()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, message);
    const QString path = m_dir.filePath(QStringLiteral("bad-ids.txt"));
    writeFile(path, contents);
    QString error;
    QVERIFY(!readTweetIds(path, &error));
    QVERIFY2(error.startsWith(path + message), qPrintable(error));
    QVERIFY(!readTweetIds(m_dir.filePath(QStringLiteral("no-such-file")), &error));
    QVERIFY2(error.contains(QStringLiteral("no-such-file")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCollectionExport)
#include "tst_collectionexport.moc"
