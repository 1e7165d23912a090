// SPDX-License-Identifier: MIT
// tweetscope-cli search as scripts use it: exit codes, the --json-summary schema, the
// collection and --resume, against the local archive on 127.0.0.1 (port 0).
#include "archive/service/localarchiveserver.h"
#include "search/collection.h"
#include "testarchive.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <csignal>

using namespace Qt::StringLiterals;

class TestSearchCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        const QString db = m_dir.filePath(u"archive.sqlite"_s);
        QVERIFY2(ts::testing::generateArchive(db, 3000, 5, &error), qPrintable(error));
        m_server = ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("ok") << QStringList { u"cats"_s } << 0;
        QTest::addRow("one query invalid") << QStringList { u"cats"_s, u"cats OR"_s } << 2;
        QTest::addRow("bad mode") << QStringList { u"--mode"_s, u"parallel"_s, u"cats"_s } << 2;
        QTest::addRow("bad option") << QStringList { u"--frobnicate"_s, u"cats"_s } << 2;
        QTest::addRow("no query") << QStringList {} << 2;
        QTest::addRow("bad number") << QStringList { u"--max-results"_s, u"many"_s, u"cats"_s } << 2;
        QTest::addRow("resume without out") << QStringList { u"--resume"_s } << 2;
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const auto [code, out, err] = run(args);
        QVERIFY2(code == exitCode, qPrintable(err));
        if (exitCode == 2)
            QVERIFY(!err.isEmpty());
        if (err.contains(u"Try '"_s)) // a usage error names the command whose help to read
            QVERIFY2(err.contains(u"Try 'tweetscope-cli search --help' for more information."_s), qPrintable(err));
    }

    // The built-in archive holds tweets from 2021 beside this week's: a search in the default
    // window (the last 30 days) finds none of the old ones, and says which window would.
    void zeroTweetsOutsideTheWindowGetAHint()
    {
        QTemporaryDir data;
        const QString sample = data.filePath(u"Tweetscope/tweetscope/sample-archive.sqlite"_s);
        QVERIFY(QDir().mkpath(QFileInfo(sample).path()));
        QList<ts::Tweet> tweets;
        const qint64 march2021 = QDateTime(QDate(2021, 3, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        for (int i = 0; i < 5; ++i)
            tweets.append(ts::testing::tweetAt(
                u"13660000000000000%1"_s.arg(i), march2021 + i * 86400000LL, u"old zeppelin news"_s));
        tweets.append(ts::testing::tweetAt(
            u"1900000000000000000"_s, QDateTime::currentMSecsSinceEpoch() - 3600000, u"new cats"_s));
        QString error;
        QVERIFY2(ts::testing::writeArchive(sample, tweets, &error), qPrintable(error));

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_s, data.path());
        p.setProcessEnvironment(env);
        const auto search = [&](const QStringList &args) {
            p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
                QStringList { u"search"_s, u"--provider"_s, u"local"_s, u"--latency"_s, u"none"_s } + args);
            p.waitForFinished(60000);
            return QString::fromUtf8(p.readAllStandardError());
        };
        QString err = search({ u"zeppelin"_s, u"cats"_s });
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(err.contains(u"hint: 'zeppelin' found nothing in the default window (the last 30 days), but the "
                              "archive holds 5 matching tweets from 2021-03-01 to 2021-03-05 (UTC): add "
                              "--start-time 2021-03-01 --end-time 2021-03-06"_s),
            qPrintable(err));
        QVERIFY2(!err.contains(u"hint: 'cats'"_s), qPrintable(err)); // it found its tweet

        // The window the hint names finds them.
        err = search({ u"--start-time"_s, u"2021-03-01"_s, u"--end-time"_s, u"2021-03-06"_s, u"zeppelin"_s });
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(err.contains(u"5 tweets from 1 query"_s), qPrintable(err));
        QVERIFY2(!err.contains(u"hint:"_s), qPrintable(err)); // a window was given: no hint

        // At most 10 queries are looked up.
        QStringList eleven;
        for (int i = 0; i < 11; ++i)
            eleven.append(u"zeppelin"_s);
        err = search(eleven);
        QCOMPARE(err.count(u"hint: 'zeppelin'"_s), 10);
    }

    // On a terminal (a pseudo-terminal from script(1), util-linux): one live line per query,
    // redrawn in place (cursor up, clear line), and the overall line under them.
    void livePanelOnATerminal()
    {
        const QString script = QStandardPaths::findExecutable(u"script"_s);
        QVERIFY2(!script.isEmpty(), "script(1) from util-linux (Debian's essential bsdutils) is needed");
        // 150 ms per request: the panel is drawn (every 100 ms) while pages are still coming.
        ts::archive::ServiceOptions slow = ts::testing::testServiceOptions();
        slow.latency = *ts::archive::LatencyProfile::parse(u"fixed:150"_s, nullptr);
        QString error;
        const auto server = ts::testing::serveArchive(m_dir.filePath(u"archive.sqlite"_s), slow, &error);
        QVERIFY2(server, qPrintable(error));
        const QString typescript = m_dir.filePath(u"typescript"_s);
        QStringList cli { QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), u"search"_s, u"--base-url"_s,
            server->baseUrl().toString(), u"--max-results"_s, u"10"_s, u"--pages"_s, u"2"_s, u"--out"_s,
            m_dir.filePath(u"live.sqlite"_s), u"cats"_s, u"ai"_s };
        QProcess p;
        p.start(script, { u"-qfec"_s, cli.join(u' '), typescript });
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(typescript);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray out = f.readAll();
        QVERIFY2(out.contains("\x1b[3F"), out.constData()); // back over 2 query lines + the overall line
        QVERIFY2(out.contains("\x1b[2K[1/2] cats: ok, 2 pages, 20 tweets"), out.constData());
        QVERIFY2(out.contains("\x1b[2K[2/2] ai: ok, 2 pages, 20 tweets"), out.constData());
        QVERIFY2(out.contains("2 of 2 queries done, 40 tweets in this run"), out.constData());
        QVERIFY2(out.contains("concurrent run: 40 tweets from 2 queries"), out.constData());

        // Past 40 queries (more than a screen) each change is a line of its own: no redraw.
        QStringList many = cli.mid(0, cli.size() - 2);
        for (int i = 0; i < 41; ++i)
            many.append(i % 2 ? u"cats"_s : u"ai"_s);
        p.start(script, { u"-qfec"_s, many.join(u' '), typescript });
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        f.close();
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray lines = f.readAll();
        QVERIFY2(!lines.contains("\x1b["), lines.constData());
        QVERIFY2(lines.contains("[41/41] ai: ok, 2 pages, 20 tweets"), lines.constData());
    }

    // Every request fails: the run lines say so, and no speedup is claimed anywhere.
    void noSpeedupFromFailedRuns()
    {
        const auto [code, out, err] = run({ u"--base-url"_s, m_server->baseUrl().toString() + u"/nothing-here"_s,
            u"--mode"_s, u"compare"_s, u"--pages"_s, u"1"_s, u"--json-summary"_s, u"cats"_s, u"ai"_s });
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(u"no speedup: 2 of 2 queries failed in the sequential run"_s), qPrintable(err));
        QVERIFY2(!err.contains(u"speedup: 0"_s) && !err.contains(u"x faster"_s), qPrintable(err));
        const QJsonObject s = QJsonDocument::fromJson(out.toUtf8()).object();
        QVERIFY(s.value(u"speedup"_s).isNull());
        QVERIFY(!s.value(u"speedup_withheld"_s).toString().isEmpty());
    }

    // The same provider at two base URLs (--compare-provider local with a --compare-base-url of
    // its own): both archives run, and the summary lines and the JSON runs say which was which.
    void sameProviderOnTwoArchives()
    {
        QString error;
        const QString db = m_dir.filePath(u"second.sqlite"_s);
        QVERIFY2(ts::testing::generateArchive(db, 500, 6, &error), qPrintable(error));
        const auto second = ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(second, qPrintable(error));
        const auto [code, out, err]
            = run({ u"--compare-provider"_s, u"local"_s, u"--compare-base-url"_s, second->baseUrl().toString(),
                u"--mode"_s, u"sequential"_s, u"--max-results"_s, u"10"_s, u"--json-summary"_s, u"cats"_s, u"ai"_s });
        QVERIFY2(code == 0, qPrintable(err));
        for (const quint16 port : { m_server->port(), second->port() })
            QVERIFY2(err.contains(u"sequential run on local at 127.0.0.1:%1: "_s.arg(port)), qPrintable(err));
        const QJsonArray runs = QJsonDocument::fromJson(out.toUtf8()).object().value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).toObject().value(u"base_url"_s).toString(), m_server->baseUrl().toString());
        QCOMPARE(runs.at(1).toObject().value(u"base_url"_s).toString(), second->baseUrl().toString());
        for (const auto &r : runs) {
            QCOMPARE(r.toObject().value(u"provider"_s).toString(), u"local"_s);
            QCOMPARE(r.toObject().value(u"connections_opened"_s).toInt(), 1); // its own pre-connect
        }
    }

    void jsonSummaryOfCompare()
    {
        const QString collection = m_dir.filePath(u"c.sqlite"_s);
        const auto [code, out, err] = run({ u"--mode"_s, u"compare"_s, u"--max-results"_s, u"10"_s, u"--pages"_s,
            u"2"_s, u"--out"_s, collection, u"--json-summary"_s, u"cats"_s, u"ai"_s });
        QVERIFY2(code == 0, qPrintable(err));
        // Off a terminal: no per-query lines, but always the run lines and the speedup.
        QVERIFY2(err.contains(u"sequential run: "_s) && err.contains(u"concurrent run: "_s), qPrintable(err));
        QVERIFY2(err.contains(u"speedup: "_s), qPrintable(err));
        QVERIFY2(!err.contains(u"[1/2]"_s), qPrintable(err));
        const QJsonObject s = QJsonDocument::fromJson(out.toUtf8()).object();
        QCOMPARE(s.value(u"provider"_s).toString(), u"local"_s);
        QCOMPARE(s.value(u"base_url"_s).toString(), m_server->baseUrl().toString());
        const QJsonArray runs = s.value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject().value(u"mode"_s).toString(), u"sequential"_s);
        QCOMPARE(runs[1].toObject().value(u"mode"_s).toString(), u"concurrent"_s);
        QVERIFY(s.value(u"speedup"_s).toDouble() > 0);
        QCOMPARE(s.value(u"ideal_speedup"_s).toInt(), 2);
        QVERIFY(s.value(u"speedup_withheld"_s).isNull());
        for (const auto &v : runs) {
            const QJsonObject r = v.toObject();
            for (const char *key : { "wall_ms", "tweets", "request_count", "failed_queries", "max_in_flight" })
                QVERIFY2(r.contains(QLatin1String(key)), key);
            QCOMPARE(r.value(u"request_count"_s).toInt(), 4);
            const QJsonArray queries = r.value(u"queries"_s).toArray();
            QCOMPARE(queries.size(), 2);
            for (const auto &q : queries) {
                QCOMPARE(q.toObject().value(u"status"_s).toString(), u"ok"_s);
                QCOMPARE(q.toObject().value(u"pages"_s).toInt(), 2);
                QVERIFY(q.toObject().value(u"error"_s).isNull());
            }
            const QJsonArray requests = r.value(u"requests"_s).toArray();
            QCOMPARE(requests.size(), 4);
            for (const auto &q : requests) {
                const QJsonObject t = q.toObject();
                QCOMPARE(t.value(u"http_status"_s).toInt(), 200);
                QVERIFY(t.value(u"scheduled_ms"_s).toDouble() <= t.value(u"sent_ms"_s).toDouble());
                QVERIFY(t.value(u"sent_ms"_s).toDouble() <= t.value(u"first_byte_ms"_s).toDouble());
                QVERIFY(t.value(u"first_byte_ms"_s).toDouble() <= t.value(u"finished_ms"_s).toDouble());
                QVERIFY(t.value(u"finished_ms"_s).toDouble() <= t.value(u"parsed_ms"_s).toDouble());
            }
        }
        ts::search::Collection c;
        QString error;
        QVERIFY2(c.open(collection, &error, true), qPrintable(error));
        QCOMPARE(c.runs().size(), 2);
        QVERIFY(c.tweetCount() > 0);
        // Both runs completed: nothing to resume, and that is an error a script can see.
        const auto resumed = run({ u"--out"_s, collection, u"--resume"_s });
        QCOMPARE(std::get<0>(resumed), 1);
        QVERIFY(std::get<2>(resumed).contains(u"nothing to resume"_s));
    }

    void tweetsOnStdoutByDefault()
    {
        const auto [code, out, err] = run({ u"--max-results"_s, u"10"_s, u"cats"_s, u"ai"_s });
        QVERIFY2(code == 0, qPrintable(err));
        int tweets = 0;
        for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts)) {
            const QJsonObject page = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY2(page.value(u"data"_s).isArray(), qPrintable(line.left(200)));
            tweets += int(page.value(u"data"_s).toArray().size());
        }
        QVERIFY(tweets > 10 && tweets <= 20); // 10 per query, minus tweets both matched
        QVERIFY2(err.contains(u"concurrent run: %1 tweets from 2 queries in "_s.arg(tweets)), qPrintable(err));
    }

    void nothingIsSentWhenAQueryOrAnOutputIsWrong_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("messages");
        QTest::addRow("queries") << QStringList { u"cats OR"_s, u"ai"_s, u"(ai"_s }
                                 << QStringList { u"query 1 'cats OR': invalid query: "_s, u"(at position 8)"_s,
                                        u"query 3 '(ai': "_s, u"a '(' is not closed (at position 4)"_s,
                                        u"2 of 3 queries are invalid; nothing was sent"_s };
        QTest::addRow("csv folder") << QStringList { u"--csv"_s, u"/nonexistent/x.csv"_s, u"ai"_s }
                                    << QStringList { u"cannot write --csv /nonexistent/x.csv: the folder "_s };
        QTest::addRow("out is a folder") << QStringList { u"--out"_s, u"/tmp"_s, u"ai"_s }
                                         << QStringList { u"cannot write --out /tmp: it is a folder"_s };
    }
    void nothingIsSentWhenAQueryOrAnOutputIsWrong()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, messages);
        const qint64 before = m_server->stats().requests;
        const auto [code, out, err] = run(args);
        QCOMPARE(code, 2);
        for (const QString &m : messages)
            QVERIFY2(err.contains(m), qPrintable(err));
        QVERIFY(out.isEmpty());
        QCOMPARE(m_server->stats().requests, before); // the archive received no request
    }

    void limitCountsTweetsAcrossPages()
    {
        const auto [code, out, err] = run({ u"--limit"_s, u"25"_s, u"--max-results"_s, u"10"_s, u"--pages"_s, u"0"_s,
            u"--json-summary"_s, u"cats"_s });
        QVERIFY2(code == 0, qPrintable(err));
        const QJsonObject q = firstQuery(out);
        // Pages of 10 (the smallest page): 10, 20, 30; no fourth page.
        QCOMPARE(q.value(u"pages"_s).toInt(), 3);
        QCOMPARE(q.value(u"tweets"_s).toInt(), 30);
    }

    void idBounds()
    {
        // The ids of the newest 20 "cats" tweets, newest first; then ask for those between two.
        auto [code, out, err] = run({ u"--max-results"_s, u"20"_s, u"cats"_s });
        QVERIFY2(code == 0, qPrintable(err));
        QStringList ids;
        for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts))
            for (const auto &t : QJsonDocument::fromJson(line.toUtf8()).object().value(u"data"_s).toArray())
                ids << t.toObject().value(u"id"_s).toString();
        QCOMPARE(ids.size(), 20);
        std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) {
            return a.toULongLong() > b.toULongLong(); // newest first, whatever the export's order
        });
        std::tie(code, out, err)
            = run({ u"--since-id"_s, ids.at(15), u"--until-id"_s, ids.at(4), u"--json-summary"_s, u"cats"_s });
        QVERIFY2(code == 0, qPrintable(err));
        const QJsonObject q = firstQuery(out);
        QCOMPARE(q.value(u"tweets"_s).toInt(), 10); // ids 5..14: both bounds exclusive
    }

    void ctrlCSavesWhatWasFetchedAndExits130()
    {
        // The same archive, 150 ms a request: a run of many pages that is still going at the signal.
        ts::archive::ServiceOptions so = ts::testing::testServiceOptions();
        QString error;
        so.latency = *ts::archive::LatencyProfile::parse(u"fixed:150"_s, &error);
        const auto slow = ts::testing::serveArchive(m_dir.filePath(u"archive.sqlite"_s), so, &error);
        QVERIFY2(slow, qPrintable(error));
        const QString collection = m_dir.filePath(u"interrupted.sqlite"_s);
        QProcess p;
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"search"_s, u"--base-url"_s, slow->baseUrl().toString(), u"--mode"_s, u"sequential"_s,
                u"--max-results"_s, u"10"_s, u"--pages"_s, u"0"_s, u"--progress-interval"_s, u"1"_s, u"--out"_s,
                collection, u"cats"_s, u"ai"_s, u"memes"_s });
        QVERIFY(p.waitForStarted());
        QTest::qWait(1600); // past one progress line
        QCOMPARE(p.state(), QProcess::Running);
        QCOMPARE(::kill(pid_t(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 130, qPrintable(err));
        QVERIFY2(err.contains(u"search: "_s), qPrintable(err)); // the progress line off a terminal
        QVERIFY2(err.contains(u"sequential run: "_s), qPrintable(err));
        QVERIFY2(err.contains(u"interrupted: what was fetched is saved in %1"_s.arg(collection)), qPrintable(err));
        ts::search::Collection c;
        QVERIFY2(c.open(collection, &error, true), qPrintable(error));
        QVERIFY(c.tweetCount() >= 10);
        QCOMPARE(c.runs().size(), 1);
    }

    // --resume continues the stored run with its options: --limit among them (it was not stored,
    // and a resumed run fetched every page). An option given again must agree.
    void resumeKeepsTheRunsOptions()
    {
        // A first run whose every request fails: the query stops at its first page.
        ts::archive::ServiceOptions so = ts::testing::testServiceOptions();
        QString error;
        so.faults = *ts::archive::FaultSpec::parse(u"503:1"_s, &error);
        const auto failing = ts::testing::serveArchive(m_dir.filePath(u"archive.sqlite"_s), so, &error);
        QVERIFY2(failing, qPrintable(error));
        const QString collection = m_dir.filePath(u"resumed.sqlite"_s);
        auto [code, out, err]
            = run({ u"--base-url"_s, failing->baseUrl().toString(), u"--retries"_s, u"0"_s, u"--limit"_s, u"25"_s,
                u"--max-results"_s, u"10"_s, u"--pages"_s, u"0"_s, u"--out"_s, collection, u"cats"_s });
        QVERIFY2(code == 1, qPrintable(err));

        // Options that contradict the stored run are refused, naming both values; nothing is sent.
        const QList<std::pair<QStringList, QString>> refused {
            { { u"--limit"_s, u"50"_s }, u"--limit 50 differs from its last run's --limit 25"_s },
            { { u"--pages"_s, u"2"_s }, u"--pages 2 differs from its last run's --pages 0"_s },
            { { u"--start-time"_s, u"2024-01-31T12:00:00Z"_s },
                u"--start-time 2024-01-31T12:00:00.000Z differs from its last run's --start-time none"_s },
            { { u"--mode"_s, u"sequential"_s }, u"--mode sequential differs from its last run's --mode concurrent"_s },
            { { u"--retries"_s, u"3"_s }, u"--retries 3 differs from its last run's --retries 0"_s },
        };
        for (const auto &[args, message] : refused) {
            std::tie(code, out, err) = run(QStringList { u"--out"_s, collection, u"--resume"_s } + args);
            QVERIFY2(code == 1 && err.contains(message), qPrintable(err));
            QVERIFY2(err.contains(u"start a new run with another --out"_s), qPrintable(err));
        }

        // So is another provider than the run's.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TWEETSCOPE_BEARER_TOKEN"_s, u"not-a-real-token"_s);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"search"_s, u"--provider"_s, u"x-recent"_s, u"--base-url"_s, m_server->baseUrl().toString(), u"--out"_s,
                collection, u"--resume"_s });
        QVERIFY(p.waitForFinished(60000));
        err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 1
                && err.contains(u"its last run searched local, not x-recent (give --provider local to resume it)"_s),
            qPrintable(err));

        // The same values again are fine; the rest is the stored run's: 25 tweets at most, in
        // pages of 10 (30), not every page of "cats".
        std::tie(code, out, err) = run({ u"--out"_s, collection, u"--resume"_s, u"--limit"_s, u"25"_s,
            u"--max-results"_s, u"10"_s, u"--json-summary"_s });
        QVERIFY2(code == 0, qPrintable(err));
        const QJsonObject q = firstQuery(out);
        QCOMPARE(q.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(q.value(u"pages"_s).toInt(), 3);
        QCOMPARE(q.value(u"tweets"_s).toInt(), 30);
        ts::search::Collection c;
        QVERIFY2(c.open(collection, &error, true), qPrintable(error));
        QCOMPARE(c.runs().size(), 1);
        QCOMPARE(c.tweetCount(), 30);
    }

private:
    /// The first query of the first run of a --json-summary.
    static QJsonObject firstQuery(const QString &summary)
    {
        const QJsonObject run
            = QJsonDocument::fromJson(summary.toUtf8()).object().value(u"runs"_s).toArray().at(0).toObject();
        return run.value(u"queries"_s).toArray().at(0).toObject();
    }

    std::tuple<int, QString, QString> run(QStringList args) const
    {
        QProcess p;
        args.prepend(m_server->baseUrl().toString());
        args.prepend(u"--base-url"_s);
        args.prepend(u"search"_s);
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), args);
        p.waitForFinished(60000);
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
};

QTEST_GUILESS_MAIN(TestSearchCli)
#include "tst_searchcli.moc"
