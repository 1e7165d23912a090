// SPDX-License-Identifier: MIT
// tweetscope-cli export, run as a user would (QProcess on the built executable).
#include "exporttesthelpers.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace exporttest;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out, err;
};

Run cli(const QStringList &args, const QByteArray &stdinData = {})
{
    QProcess p;
    p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), QStringList { QStringLiteral("export") } + args);
    if (!p.waitForStarted(10000))
        return {};
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return {};
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

// The twarc fixture lines (whole v2 pages) and how many tweets the parser finds in them.
QByteArray twarcPages(int *tweets)
{
    QByteArray all;
    *tweets = 0;
    ts::TweetParser parser;
    for (const char *name : { "brexit.jsonl", "two_tweets.jsonl", "geo_tweets.jsonl", "withheld.jsonl" }) {
        const QByteArray bytes = readAll(QStringLiteral(TS_TEST_DATA_DIR "/fixtures/twarc-csv/") + QLatin1String(name));
        if (bytes.isEmpty())
            return {}; // every file must be there: the callers fail on an empty result
        for (const QByteArray &line : bytes.split('\n')) {
            if (line.isEmpty())
                continue;
            const ts::ParseResult r = parser.parse(line);
            if (!r.ok())
                return {};
            *tweets += int(r.document->tweets.size());
            all += line + '\n';
        }
    }
    return all;
}

} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT

private slots:
    void wrongArguments_data();
    void wrongArguments();
    void helpAndColumns();
    void missingInput();
    void foreignSqlite();
    void convertsTwarcJsonl();
    void reportsBadLines();
    void readsStdinWritesStdout();
};

void TestExportCommand::wrongArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    QTest::addRow("no input") << QStringList {} << QStringLiteral("INPUT");
    QTest::addRow("unknown option") << QStringList { QStringLiteral("in.jsonl"), QStringLiteral("--bogus") }
                                    << QStringLiteral("bogus");
    QTest::addRow("unknown column") << QStringList { QStringLiteral("in.jsonl"), QStringLiteral("--columns"),
        QStringLiteral("id,txet") } << QStringLiteral("txet");
    QTest::addRow("option without value")
        << QStringList { QStringLiteral("in.jsonl"), QStringLiteral("--csv") } << QStringLiteral("csv");
    QTest::addRow("both to stdout") << QStringList { QStringLiteral("in.jsonl"), QStringLiteral("--csv"),
        QStringLiteral("-"), QStringLiteral("--jsonl"), QStringLiteral("-") }
                                    << QStringLiteral("stdout");
    QTest::addRow("tweets-per-line without jsonl") << QStringList { QStringLiteral("in.jsonl"),
        QStringLiteral("--tweets-per-line") } << QStringLiteral("--tweets-per-line");
    QTest::addRow("two inputs") << QStringList { QStringLiteral("a.jsonl"), QStringLiteral("b.jsonl") }
                                << QStringLiteral("one INPUT");
}

void TestExportCommand::wrongArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(named), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestExportCommand::helpAndColumns()
{
    const Run help = cli({ QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    for (const char *option : { "--csv", "--jsonl", "--columns", "--excel", "--tweets-per-line", "--list-columns" })
        QVERIFY2(help.out.contains(option), option);
    const Run columns = cli({ QStringLiteral("--list-columns") });
    QCOMPARE(columns.exitCode, 0);
    QVERIFY(columns.out.contains("\npublic_metrics.like_count\n"));
    QVERIFY(columns.out.startsWith("queries\nid\n"));
}

void TestExportCommand::missingInput()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("nope.jsonl"));
    const Run r = cli({ missing, QStringLiteral("--csv"), dir.filePath(QStringLiteral("out.csv")) });
    // A usage error, as for parse and search: nothing is read or written.
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("cannot read '%1': no such file").arg(missing)),
        r.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.csv"))));
}

// An SQLite file of another program is refused, and its name is said once, not twice
// ("cannot read 'F': F: an SQLite file ..." before).
void TestExportCommand::foreignSqlite()
{
    QTemporaryDir dir;
    const QString foreign = dir.filePath(QStringLiteral("foreign.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(foreign);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE notes (body TEXT)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    const QByteArray before = readAll(foreign);
    const Run r = cli({ foreign, QStringLiteral("--csv"), dir.filePath(QStringLiteral("out.csv")) });
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QStringLiteral("cannot read '%1': an SQLite file of another program").arg(foreign)),
        r.err.constData());
    QCOMPARE(err.count(foreign), 1);
    QCOMPARE(readAll(foreign), before); // left unchanged
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.csv"))));
}

void TestExportCommand::convertsTwarcJsonl()
{
    int tweets = 0;
    const QByteArray pages = twarcPages(&tweets);
    QVERIFY2(!pages.isEmpty(), "the twarc fixtures (tests/data/fixtures/twarc-csv) are missing or unreadable");
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("twarc.jsonl"));
    // a BOM and CRLF line ends, as files edited on Windows have (twarc #619)
    QByteArray windows = "\xEF\xBB\xBF" + pages;
    windows.replace("\n", "\r\n");
    writeFile(input, windows);
    const QString csvPath = dir.filePath(QStringLiteral("out.csv"));
    const QString jsonlPath = dir.filePath(QStringLiteral("out.jsonl"));
    const Run r = cli(
        { input, QStringLiteral("--csv"), csvPath, QStringLiteral("--jsonl"), jsonlPath, QStringLiteral("--excel") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.isEmpty());
    const CsvRead read = readCsvWithPython(csvPath);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QVERIFY(read.bom);
    QCOMPARE(read.rows.size(), tweets + 1);
    for (qsizetype i = 1; i < read.rows.size(); ++i)
        QVERIFY2(QRegularExpression(QStringLiteral("^=\"[0-9]+\"$")).match(read.rows.at(i).at(1)).hasMatch(),
            qPrintable(read.rows.at(i).at(1)));
    // twarc pages come out as they went in: twarc-csv reads them the same way
    QCOMPARE(readAll(jsonlPath), pages);
}

void TestExportCommand::reportsBadLines()
{
    int tweets = 0;
    const QByteArray pages = twarcPages(&tweets);
    QVERIFY2(!pages.isEmpty(), "the twarc fixtures (tests/data/fixtures/twarc-csv) are missing or unreadable");
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("bad.jsonl"));
    const int goodLines = int(pages.count('\n'));
    // Bad lines first and last: the input spans several of the converter's parallel batches,
    // and the bad lines are still reported with their numbers, in input order.
    writeFile(input, "[1, 2\n" + pages + "{\"data\": [ truncated\n\nnot json at all\n");
    const QString csvPath = dir.filePath(QStringLiteral("out.csv"));
    const Run r = cli({ input, QStringLiteral("--csv"), csvPath });
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err);
    const qsizetype first = err.indexOf(QStringLiteral("%1:1: ").arg(input));
    const qsizetype second = err.indexOf(QStringLiteral("%1:%2: ").arg(input).arg(goodLines + 2));
    const qsizetype third = err.indexOf(QStringLiteral("%1:%2: ").arg(input).arg(goodLines + 4));
    QVERIFY2(first >= 0 && second > first && third > second, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("3 line(s)")), qPrintable(err));
    // the good lines were still exported
    const CsvRead read = readCsvWithPython(csvPath);
    QCOMPARE(read.rows.size(), tweets + 1);
}

void TestExportCommand::readsStdinWritesStdout()
{
    int tweets = 0;
    const QByteArray pages = twarcPages(&tweets);
    QVERIFY2(!pages.isEmpty(), "the twarc fixtures (tests/data/fixtures/twarc-csv) are missing or unreadable");
    const Run r = cli({ QStringLiteral("-"), QStringLiteral("--columns"),
                          QStringLiteral("id,author.username,public_metrics.like_count") },
        pages);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.startsWith("id,author.username,public_metrics.like_count\r\n"));
    QCOMPARE(r.out.count("\r\n"), tweets + 1);
}

QTEST_GUILESS_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"
