// SPDX-License-Identifier: MIT
// tweetscope (the GUI) run by a script: --run ... --quit-after-run, its exit codes and its
// messages, against a generated archive served on 127.0.0.1 (port 0). Each case starts the
// real binary on the offscreen platform with a throwaway home.
#include "archive/service/localarchiveserver.h"
#include "testarchive.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int code = -1;
    QString err;
};

} // namespace

class TestAutomation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_server = ts::testing::generateArchive(m_dir.filePath(u"archive.sqlite"_s), 2000, 7, &error)
            ? ts::testing::serveArchive(m_dir.filePath(u"archive.sqlite"_s), ts::testing::testServiceOptions(), &error)
            : nullptr;
        QVERIFY2(m_server, qPrintable(error));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString base = m_server->baseUrl().toString();
        QTest::addRow("compare ok") << QStringList { u"--base-url"_s, base, u"--run"_s, u"compare"_s } << 0
                                    << QString();
        QTest::addRow("every request fails") << QStringList { u"--base-url"_s, base + u"/nothing-here"_s, u"--run"_s,
            u"compare"_s } << 1 << u"2 of 2 queries failed"_s;
        // No credential (no keychain here, no variable): refused with the reason, not a hang.
        QTest::addRow("no credential") << QStringList { u"--provider"_s, u"x-recent"_s, u"--base-url"_s, base,
            u"--run"_s, u"concurrent"_s }
                                       << 1 << u"No credential for x-recent"_s;
        // The CLI's wording of a wrong value (ts::cli::invalidValue), and its bounds.
        QTest::addRow("bad run mode")
            << QStringList { u"--run"_s, u"parallel"_s } << 2
            << u"tweetscope: invalid value 'parallel' for --run: expected sequential, concurrent, compare, sweep "
               "or volume\n"_s;
        QTest::addRow("bad provider") << QStringList { u"--provider"_s, u"mastodon"_s } << 2
                                      << u"tweetscope: invalid value 'mastodon' for --provider: expected local, "
                                         "x-recent, x-all, enterprise-30day, enterprise-fullarchive or bluesky\n"_s;
        QTest::addRow("bad color scheme")
            << QStringList { u"--color-scheme"_s, u"pink"_s } << 2
            << u"tweetscope: invalid value 'pink' for --color-scheme: expected light, dark or system\n"_s;
        QTest::addRow("bad number") << QStringList { u"--pages"_s, u"many"_s } << 2
                                    << u"invalid value 'many' for --pages: expected a whole number from 0 to 1000000"_s;
        QTest::addRow("missing queries file") << QStringList { u"--queries-file"_s, u"/nonexistent-dir/q.txt"_s } << 2
                                              << u"tweetscope: cannot read '/nonexistent-dir/q.txt': no such file\n"_s;
        QTest::addRow("too many pages") << QStringList { u"--pages"_s,
            u"1000001"_s } << 2 << u"invalid value '1000001' for --pages: expected a whole number from 0 to 1000000"_s;
        // --max-results: the CLI's range and wording (tweetscope-cli search --max-results).
        QTest::addRow("max results bound") << QStringList { u"--max-results"_s,
            u"501"_s } << 2 << u"invalid value '501' for --max-results: expected a whole number from 1 to 500"_s;
        QTest::addRow("concurrency bound") << QStringList { u"--max-concurrency"_s,
            u"1025"_s } << 2 << u"invalid value '1025' for --max-concurrency: expected a whole number from 0 to 1024"_s;
        QTest::addRow("bad chart tab") << QStringList {
            u"--chart-tab"_s, u"pie"_s
        } << 2 << u"invalid value 'pie' for --chart-tab: expected compare, timing, waterfall, sweep or volume"_s;
        // Checked as the CLI checks them, before any window opens (not a run whose queries all fail).
        QTest::addRow("bad base url") << QStringList { u"--base-url"_s, u"notaurl"_s, u"--run"_s, u"concurrent"_s } << 2
                                      << u"invalid value 'notaurl' for --base-url: expected http(s)"_s;
        QTest::addRow("base url scheme") << QStringList { u"--base-url"_s, u"ftp://127.0.0.1"_s, u"--run"_s,
            u"concurrent"_s } << 2 << u"invalid value 'ftp://127.0.0.1' for --base-url"_s;
        QTest::addRow("bad latency") << QStringList { u"--latency"_s, u"slow"_s, u"--run"_s, u"concurrent"_s } << 2
                                     << u"invalid value 'slow' for --latency"_s;
        QTest::addRow("screenshot folder") << QStringList { u"--base-url"_s, base, u"--run"_s, u"concurrent"_s,
            u"--screenshot"_s, u"/nonexistent-dir/x.png"_s }
                                           << 2 << u"cannot write --screenshot"_s;
        QTest::addRow("export folder") << QStringList { u"--base-url"_s, base, u"--run"_s, u"concurrent"_s,
            u"--export-csv"_s, u"/nonexistent-dir/x.csv"_s }
                                       << 2 << u"cannot write --export-csv"_s;
        QTest::addRow("stray argument") << QStringList { u"--base-url"_s, base, u"cats"_s } << 2
                                        << u"unexpected argument 'cats'"_s;
        QTest::addRow("unknown option") << QStringList { u"--frobnicate"_s } << 2 << u"unknown option '--frobnicate'"_s;
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Result r = run(args);
        QVERIFY2(r.code == exitCode, qPrintable(QString::number(r.code) + u": "_s + r.err));
        if (!message.isEmpty())
            QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    // The seed queries on an archive of the app's own generator (8,000 tweets, seed 2), the
    // volume tab shown: the window crashed at every such run (a stack overflow: the volume
    // chart's time axis and its label widths fed each other through the chart's relayouts).
    void volumeTabOfAGeneratedArchive()
    {
        QTemporaryDir dir;
        QString error;
        const QString db = dir.filePath(u"generated.sqlite"_s);
        const auto server = ts::testing::generateArchive(db, 8000, 2, &error)
            ? ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error)
            : nullptr;
        QVERIFY2(server, qPrintable(error));
        QFile queries(dir.filePath(u"seed.txt"_s));
        QVERIFY(queries.open(QIODevice::WriteOnly));
        queries.write("eclipse\nnuclear\nkorea\ncats\nai\nmemes\n");
        queries.close();
        const Result r = run({ u"--base-url"_s, server->baseUrl().toString(), u"--queries-file"_s, queries.fileName(),
            u"--max-results"_s, u"100"_s, u"--run"_s, u"concurrent"_s, u"--chart-tab"_s, u"volume"_s });
        QVERIFY2(r.code == 0, qPrintable(QString::number(r.code) + u": "_s + r.err));
    }

    // --json-summary FILE writes the CLI's schema, with the headline numbers the window shows,
    // and no speedup when the requests failed.
    void jsonSummary()
    {
        QTemporaryDir out;
        const QString base = m_server->baseUrl().toString();
        const QString okFile = out.filePath(u"ok.json"_s);
        Result r = run({ u"--base-url"_s, base, u"--run"_s, u"compare"_s, u"--json-summary"_s, okFile });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject ok = readJson(okFile);
        QCOMPARE(ok.value(u"runs"_s).toArray().size(), 2);
        QVERIFY2(ok.value(u"speedup"_s).toDouble() > 0, QJsonDocument(ok).toJson().constData());
        QVERIFY(ok.value(u"efficiency"_s).toDouble() > 0);
        QCOMPARE(ok.value(u"ideal_speedup"_s).toInt(), 2);
        QVERIFY(ok.value(u"speedup_withheld"_s).isNull());
        QCOMPARE(ok.value(u"provider"_s).toString(), u"local"_s);
        QVERIFY(!ok.value(u"collection"_s).toString().isEmpty());
        const QJsonObject firstRun = ok.value(u"runs"_s).toArray().at(0).toObject();
        QCOMPARE(firstRun.value(u"mode"_s).toString(), u"sequential"_s);
        QCOMPARE(firstRun.value(u"queries"_s).toArray().size(), 2);

        // The same schema as tweetscope-cli search --json-summary: the same keys at every level.
        QProcess cli;
        cli.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"search"_s, u"--provider"_s, u"local"_s, u"--base-url"_s, base, u"--mode"_s, u"compare"_s,
                u"--max-results"_s, u"10"_s, u"--pages"_s, u"1"_s, u"--json-summary"_s, u"cats"_s, u"ai"_s });
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject fromCli = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(keysOf(ok), keysOf(fromCli));
        QCOMPARE(keysOf(firstRun), keysOf(fromCli.value(u"runs"_s).toArray().at(0).toObject()));

        // Every request fails: no speedup, and why.
        const QString failFile = out.filePath(u"fail.json"_s);
        r = run(
            { u"--base-url"_s, base + u"/nothing-here"_s, u"--run"_s, u"compare"_s, u"--json-summary"_s, failFile });
        QCOMPARE(r.code, 1);
        const QJsonObject failed = readJson(failFile);
        QVERIFY(failed.value(u"speedup"_s).isNull());
        QVERIFY(failed.value(u"efficiency"_s).isNull());
        QVERIFY2(failed.value(u"speedup_withheld"_s).toString().contains(u"2 of 2 queries failed"_s),
            qPrintable(failed.value(u"speedup_withheld"_s).toString()));

        // Usage: only for search runs, and the file must be writable before anything runs.
        r = run({ u"--run"_s, u"sweep"_s, u"--json-summary"_s, out.filePath(u"s.json"_s) });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--json-summary"_s), qPrintable(r.err));
        r = run({ u"--run"_s, u"compare"_s, u"--json-summary"_s, u"/nonexistent-dir/s.json"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"json-summary"_s), qPrintable(r.err));
    }

    // --compare-provider: "Also run on", the same queries on the local archive and Bluesky (the
    // same archive serves Bluesky's shape), both runs in the JSON summary; the CLI's checks.
    void compareProvider()
    {
        QTemporaryDir out;
        const QString base = m_server->baseUrl().toString();
        const QString file = out.filePath(u"providers.json"_s);
        const QHash<QString, QString> bluesky { { u"TWEETSCOPE_USERNAME"_s, u"alice.bsky.social"_s },
            { u"TWEETSCOPE_PASSWORD"_s, u"app-password-for-the-test"_s } };
        Result r = run({ u"--base-url"_s, base, u"--run"_s, u"concurrent"_s, u"--compare-provider"_s, u"bluesky"_s,
                           u"--json-summary"_s, file },
            bluesky);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject summary = readJson(file);
        QVERIFY2(summary.value(u"compare_providers"_s).toBool(), QJsonDocument(summary).toJson().constData());
        QCOMPARE(summary.value(u"provider"_s).toString(), u"local"_s);
        const QJsonArray runs = summary.value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).toObject().value(u"provider"_s).toString(), u"local"_s);
        QCOMPARE(runs.at(1).toObject().value(u"provider"_s).toString(), u"bluesky"_s);
        for (const auto &run : runs) {
            QCOMPARE(run.toObject().value(u"mode"_s).toString(), u"concurrent"_s);
            QCOMPARE(run.toObject().value(u"base_url"_s).toString(), base);
            QCOMPARE(run.toObject().value(u"tweets"_s).toInt(), 20); // 2 queries, one page of 10
        }
        QVERIFY(summary.value(u"speedup"_s).isNull()); // no speedup between providers

        // Without the Bluesky password: refused before anything is sent, naming bluesky.
        r = run({ u"--base-url"_s, base, u"--run"_s, u"concurrent"_s, u"--compare-provider"_s, u"bluesky"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"No credential for bluesky"_s), qPrintable(r.err));

        // Usage errors (exit 2) naming the option, as the CLI's.
        r = run({ u"--run"_s, u"concurrent"_s, u"--compare-provider"_s, u"mastodon"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"invalid value 'mastodon' for --compare-provider"_s), qPrintable(r.err));
        r = run({ u"--run"_s, u"compare"_s, u"--compare-provider"_s, u"bluesky"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--compare-provider runs each provider in one mode"_s), qPrintable(r.err));
        r = run({ u"--provider"_s, u"bluesky"_s, u"--run"_s, u"concurrent"_s, u"--compare-provider"_s, u"bluesky"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--compare-provider bluesky is the provider of the run already"_s), qPrintable(r.err));
    }

    // --compare-base-url: the second provider's own base URL (a second archive served on port
    // 0), checked like --base-url when the run starts; the CLI's usage rule.
    void compareBaseUrl()
    {
        QTemporaryDir out;
        QString error;
        const auto second = ts::testing::generateArchive(out.filePath(u"second.sqlite"_s), 500, 3, &error)
            ? ts::testing::serveArchive(out.filePath(u"second.sqlite"_s), ts::testing::testServiceOptions(), &error)
            : nullptr;
        QVERIFY2(second, qPrintable(error));
        const QString base = m_server->baseUrl().toString();
        const QString file = out.filePath(u"providers.json"_s);
        const QHash<QString, QString> bluesky { { u"TWEETSCOPE_USERNAME"_s, u"alice.bsky.social"_s },
            { u"TWEETSCOPE_PASSWORD"_s, u"app-password-for-the-test"_s } };
        Result r = run({ u"--base-url"_s, base, u"--run"_s, u"sequential"_s, u"--compare-provider"_s, u"bluesky"_s,
                           u"--compare-base-url"_s, second->baseUrl().toString(), u"--json-summary"_s, file },
            bluesky);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray runs = readJson(file).value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).toObject().value(u"base_url"_s).toString(), base);
        QCOMPARE(runs.at(1).toObject().value(u"provider"_s).toString(), u"bluesky"_s);
        QCOMPARE(runs.at(1).toObject().value(u"base_url"_s).toString(), second->baseUrl().toString());

        // A bad one ends the run before anything is sent, naming the field.
        r = run({ u"--base-url"_s, base, u"--run"_s, u"concurrent"_s, u"--compare-provider"_s, u"bluesky"_s,
                    u"--compare-base-url"_s, u"ftp://127.0.0.1"_s },
            bluesky);
        QCOMPARE(r.code, 1);
        QVERIFY2(
            r.err.contains(u"The base URL of “Also run on”: invalid base URL 'ftp://127.0.0.1'"_s), qPrintable(r.err));
        // The same provider at another base URL: two archives compared, as the CLI allows.
        const QString twoFile = out.filePath(u"two.json"_s);
        r = run(
            { u"--provider"_s, u"local"_s, u"--base-url"_s, base, u"--run"_s, u"sequential"_s, u"--compare-provider"_s,
                u"local"_s, u"--compare-base-url"_s, second->baseUrl().toString(), u"--json-summary"_s, twoFile });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray two = readJson(twoFile).value(u"runs"_s).toArray();
        QCOMPARE(two.size(), 2);
        QCOMPARE(two.at(0).toObject().value(u"provider"_s).toString(), u"local"_s);
        QCOMPARE(two.at(0).toObject().value(u"base_url"_s).toString(), base);
        QCOMPARE(two.at(1).toObject().value(u"provider"_s).toString(), u"local"_s);
        QCOMPARE(two.at(1).toObject().value(u"base_url"_s).toString(), second->baseUrl().toString());
        // At the base URL of the run: a usage error in the CLI's words (tweetscope-cli search).
        r = run({ u"--provider"_s, u"local"_s, u"--base-url"_s, base, u"--run"_s, u"concurrent"_s,
            u"--compare-provider"_s, u"local"_s, u"--compare-base-url"_s, base + u"/"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--compare-base-url is where --provider local goes already, so the run would be "
                                "compared with itself; give another base URL, or another --compare-provider"_s),
            qPrintable(r.err));
        // Without --compare-provider: a usage error, as the CLI's.
        r = run({ u"--run"_s, u"concurrent"_s, u"--compare-base-url"_s, base });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--compare-base-url needs --compare-provider"_s), qPrintable(r.err));
    }

private:
    static QJsonObject readJson(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }
    static QStringList keysOf(const QJsonObject &o)
    {
        QStringList keys = o.keys();
        keys.sort();
        return keys;
    }

    // The queries "cats" and "ai", one page of 10 each, quitting when done.
    Result run(const QStringList &args, const QHash<QString, QString> &extraEnv = {})
    {
        QTemporaryDir home;
        QFile queries(home.filePath(u"queries.txt"_s));
        if (!queries.open(QIODevice::WriteOnly))
            return {};
        queries.write("cats\nai\n");
        queries.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + home.filePath(u"no-bus"_s));
        env.remove(u"TWEETSCOPE_BEARER_TOKEN"_s);
        env.remove(u"TWEETSCOPE_PASSWORD"_s);
        env.remove(u"TWEETSCOPE_USERNAME"_s);
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
            env.insert(it.key(), it.value());
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope"),
            QStringList { u"--queries-file"_s, queries.fileName(), u"--max-results"_s, u"10"_s, u"--pages"_s, u"1"_s,
                u"--quit-after-run"_s }
                + args);
        Result r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            r.err = u"did not exit within 60 s: "_s;
        } else if (p.exitStatus() == QProcess::CrashExit) {
            r.err = u"crashed: "_s; // r.code stays -1: no exit code is expected to match
        } else {
            r.code = p.exitCode();
        }
        r.err += QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
};

QTEST_GUILESS_MAIN(TestAutomation)
#include "tst_automation.moc"
