// SPDX-License-Identifier: MIT
// The "options" half of every command of tweetscope-cli and tweetscope-archive: what a command
// line parses into, the usage error it stops with, and the help text's usage line. Parsing has
// no side effects, so these tests run no command and touch no file but their own.
#include "exportcommand.h"
#include "generatecommand.h"
#include "hydratecommand.h"
#include "importcommand.h"
#include "parsecommand.h"
#include "searchcommand.h"
#include "servecommand.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

template <typename Options> const Options &options(const ts::cli::Parsed<Options> &parsed)
{
    if (const auto *stop = std::get_if<ts::cli::Stop>(&parsed))
        qFatal("unexpected stop: %s", qPrintable(stop->text));
    return std::get<Options>(parsed);
}

template <typename Options> ts::cli::Stop stop(const ts::cli::Parsed<Options> &parsed)
{
    const auto *s = std::get_if<ts::cli::Stop>(&parsed);
    return s ? *s : ts::cli::Stop { -1, u"no stop"_s };
}

QStringList cmd(const char *command, QStringList args)
{
    args.prepend(QString::fromLatin1(command));
    return args;
}

} // namespace

class TestCommandOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_notSqlite = m_dir.filePath(u"tweets.csv"_s);
        QFile f(m_notSqlite);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,text\n1,hello\n");
    }

    void helpNamesTheCommandNotItsPath_data()
    {
        QTest::addColumn<QString>("usage");
        QTest::addRow("search") << u"Usage: tweetscope-cli search [options] QUERY..."_s;
        QTest::addRow("export") << u"Usage: tweetscope-cli export [options] INPUT"_s;
        QTest::addRow("hydrate") << u"Usage: tweetscope-cli hydrate [options] IDS_FILE..."_s;
        QTest::addRow("parse") << u"Usage: tweetscope-cli parse [options] [FILE...]"_s;
        QTest::addRow("generate") << u"Usage: tweetscope-archive generate [options]"_s;
        QTest::addRow("import") << u"Usage: tweetscope-archive import [options] INPUT..."_s;
        QTest::addRow("serve") << u"Usage: tweetscope-archive serve [options]"_s;
    }
    void helpNamesTheCommandNotItsPath()
    {
        QFETCH(QString, usage);
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const QStringList args { usage.section(u' ', 1, 2), u"--help"_s };
        ts::cli::Stop s;
        if (tag == u"search"_s)
            s = stop(parseSearchOptions(args));
        else if (tag == u"export"_s)
            s = stop(parseExportOptions(args));
        else if (tag == u"hydrate"_s)
            s = stop(parseHydrateOptions(args));
        else if (tag == u"parse"_s)
            s = stop(parseParseOptions(args));
        else if (tag == u"generate"_s)
            s = stop(parseGenerateOptions(args));
        else if (tag == u"import"_s)
            s = stop(parseImportOptions(args));
        else
            s = stop(parseServeOptions(args));
        QCOMPARE(s.code, int(ts::cli::Ok));
        QCOMPARE(s.text.section(u'\n', 0, 0), usage);
        QVERIFY(s.text.contains(u"--help"_s));
    }

    void search()
    {
        const QString queries = m_dir.filePath(u"q.txt"_s);
        QFile f(queries);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# seeds\nai\n\n  memes  \n");
        f.close();
        const auto o = options(parseSearchOptions(cmd("tweetscope-cli search",
            { u"--provider"_s, u"x-all"_s, u"--mode"_s, u"compare"_s, u"--max-results"_s, u"50"_s, u"--pages"_s, u"0"_s,
                u"--start-time"_s, u"2024-01-31T12:00:00"_s, u"--rate-limit"_s, u"1/s"_s, u"--timeout"_s, u"500"_s,
                u"--retries"_s, u"0"_s, u"--queries-file"_s, queries, u"--csv"_s, u"t.csv"_s, u"--json-summary"_s,
                u"cats"_s })));
        QCOMPARE(o.connection.config.provider, ts::search::ProviderKind::XAll);
        QVERIFY(!o.connection.embedded());
        QCOMPARE(o.mode, SearchCommandOptions::Mode::Compare);
        QCOMPARE(o.search.maxResults, 50);
        QCOMPARE(o.search.pages, 0);
        QCOMPARE(o.search.transferTimeoutMs, 500);
        QCOMPARE(o.search.maxRetries, 0);
        QCOMPARE(o.search.startTime->toMSecsSinceEpoch(),
            QDateTime(QDate(2024, 1, 31), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch()); // no zone: UTC
        QCOMPARE(o.connection.config.rateLimit.size(), 1);
        QCOMPARE(o.queries, QStringList({ u"cats"_s, u"ai"_s, u"memes"_s }));
        QCOMPARE(o.csv, u"t.csv"_s);
        QVERIFY(o.jsonSummary);
        QVERIFY(o.out.isEmpty());

        const auto r = options(parseSearchOptions(
            cmd("tweetscope-cli search", { u"--start-time"_s, u"7d"_s, u"--end-time"_s, u"12h"_s, u"cats"_s })));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(qAbs(r.search.startTime->toMSecsSinceEpoch() - (now - 7 * 86400000LL)) < 60000);
        QVERIFY(qAbs(r.search.endTime->toMSecsSinceEpoch() - (now - 12 * 3600000LL)) < 60000);
        QVERIFY(r.tweetsToStdout); // no --out, --csv, --jsonl or --json-summary
        QVERIFY(!o.tweetsToStdout);

        const auto d = options(parseSearchOptions(cmd("tweetscope-cli search", { u"cats"_s })));
        QVERIFY(d.connection.embedded());
        QCOMPARE(d.mode, SearchCommandOptions::Mode::Concurrent);
        QCOMPARE(d.search.maxResults, 100);
        QCOMPARE(d.search.pages, 1);
        QCOMPARE(d.search.transferTimeoutMs, 30000);
    }

    /// hydrate shares search's connection and run options, and reads its id files while parsing.
    void hydrate()
    {
        const QString ids = m_dir.filePath(u"ids.txt"_s);
        QFile f(ids);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# ids\n20\n21\n\n20\n22\n23\n24\n");
        f.close();
        const auto o = options(parseHydrateOptions(cmd("tweetscope-cli hydrate",
            { u"--provider"_s, u"x-recent"_s, u"--mode"_s, u"sequential"_s, u"--batch-size"_s, u"2"_s,
                u"--max-concurrency"_s, u"4"_s, u"--timeout"_s, u"500"_s, u"--missing"_s, u"gone.csv"_s, ids })));
        QCOMPARE(o.search.kind, ts::search::RunKind::Hydrate);
        QCOMPARE(o.connection.config.provider, ts::search::ProviderKind::XRecent);
        QCOMPARE(o.mode, SearchCommandOptions::Mode::Sequential);
        QCOMPARE(o.search.maxConcurrency, 4);
        QCOMPARE(o.search.transferTimeoutMs, 500);
        QCOMPARE(o.queries, QStringList({ u"20,21"_s, u"22,23"_s, u"24"_s }));
        QCOMPARE(o.inputIds, 5);
        QCOMPARE(o.duplicateIds, 1);
        QCOMPARE(o.ignoredLines, 2);
        QCOMPARE(o.missingFile, u"gone.csv"_s);
        QVERIFY(o.tweetsToStdout); // the same default as search

        const auto d = options(parseHydrateOptions(cmd("tweetscope-cli hydrate", { ids })));
        QVERIFY(d.connection.embedded());
        QCOMPARE(d.mode, SearchCommandOptions::Mode::Concurrent);
        QCOMPARE(d.queries, QStringList { u"20,21,22,23,24"_s });

        const auto r
            = options(parseHydrateOptions(cmd("tweetscope-cli hydrate", { u"--out"_s, u"c.sqlite"_s, u"--resume"_s })));
        QVERIFY(r.resume && r.queries.isEmpty());

        const auto e = stop(
            parseHydrateOptions(cmd("tweetscope-cli hydrate", { u"--provider"_s, u"enterprise-fullarchive"_s, ids })));
        QCOMPARE(e.code, int(ts::cli::Usage));
        QCOMPARE(e.text,
            u"invalid value 'enterprise-fullarchive' for --provider: expected local, x-recent or x-all (the "
            "providers with a tweet lookup)"_s);
        // Its help offers only the providers that can hydrate, and not the Enterprise-only
        // --account and --label, which it does not take.
        const auto help = stop(parseHydrateOptions(cmd("tweetscope-cli hydrate", { u"--help"_s })));
        QCOMPARE(help.code, int(ts::cli::Ok));
        QVERIFY2(help.text.contains(u"local (default), x-recent or x-all"_s), qPrintable(help.text));
        for (const QString &absent : { u"bluesky"_s, u"enterprise"_s, u"--account"_s, u"--label"_s })
            QVERIFY2(!help.text.contains(absent), qPrintable(absent));
        QCOMPARE(stop(parseHydrateOptions(cmd("tweetscope-cli hydrate", { u"--account"_s, u"a"_s, ids }))).text,
            u"unknown option '--account'"_s);
        const auto searchHelp = stop(parseSearchOptions(cmd("tweetscope-cli search", { u"--help"_s })));
        for (const QString &present : { u"bluesky"_s, u"--account"_s, u"--label"_s })
            QVERIFY2(searchHelp.text.contains(present), qPrintable(present));
        const auto m = stop(parseHydrateOptions(cmd("tweetscope-cli hydrate", { u"--missing"_s, u"-"_s, ids })));
        QVERIFY2(m.text.contains(u"--missing needs a file name"_s), qPrintable(m.text));
    }

    // --max-concurrency and --pages take what the GUI takes (0-1024 and 0-1000000, one pair of
    // bounds next to SearchOptions); 0 is "all" for both, as in the GUI.
    void runOptionBounds()
    {
        const auto all = options(parseSearchOptions(
            cmd("tweetscope-cli search", { u"--max-concurrency"_s, u"0"_s, u"--pages"_s, u"0"_s, u"cats"_s })));
        QCOMPARE(all.search.maxConcurrency, 0);
        QCOMPARE(all.search.pages, 0);
        const auto most = options(parseSearchOptions(cmd(
            "tweetscope-cli search", { u"--max-concurrency"_s, u"1024"_s, u"--pages"_s, u"1000000"_s, u"cats"_s })));
        QCOMPARE(most.search.maxConcurrency, 1024);
        QCOMPARE(most.search.pages, 1000000);
        // --max-results: 1-500 (the GUI's Tweets per page too), whatever the provider; each
        // provider clamps into its own range when it sends.
        for (const QString &provider : { u"x-recent"_s, u"bluesky"_s }) {
            for (const int n : { ts::search::kMaxResultsFloor, ts::search::kMaxResultsBound }) {
                const auto taken = options(parseSearchOptions(cmd("tweetscope-cli search",
                    { u"--provider"_s, provider, u"--max-results"_s, QString::number(n), u"cats"_s })));
                QCOMPARE(taken.search.maxResults, n);
            }
        }
        QCOMPARE(stop(parseSearchOptions(cmd("tweetscope-cli search", { u"--max-results"_s, u"0"_s, u"cats"_s }))).text,
            u"invalid value '0' for --max-results: expected a whole number from 1 to 500"_s);
        QCOMPARE(
            stop(parseSearchOptions(cmd("tweetscope-cli search", { u"--max-concurrency"_s, u"1025"_s, u"cats"_s })))
                .text,
            u"invalid value '1025' for --max-concurrency: expected a whole number from 0 to 1024"_s);
        QCOMPARE(stop(parseSearchOptions(cmd("tweetscope-cli search", { u"--pages"_s, u"1000001"_s, u"cats"_s }))).text,
            u"invalid value '1000001' for --pages: expected a whole number from 0 to 1000000"_s);
        QCOMPARE(
            stop(parseSearchOptions(cmd("tweetscope-cli search", { u"--max-concurrency"_s, u"-1"_s, u"cats"_s }))).code,
            int(ts::cli::Usage));
    }

    // The same provider at another base URL is a comparison (two archives, an archive and a
    // staging server); the GUI's "Also run on" follows the same rule.
    void compareTheSameProviderElsewhere()
    {
        const auto two = options(parseSearchOptions(cmd("tweetscope-cli search",
            { u"--base-url"_s, u"http://127.0.0.1:1"_s, u"--compare-provider"_s, u"local"_s, u"--compare-base-url"_s,
                u"http://127.0.0.1:2"_s, u"cats"_s })));
        QCOMPARE(two.compareProvider, std::optional(ts::search::ProviderKind::Local));
        QCOMPARE(two.compareBaseUrl, QUrl(u"http://127.0.0.1:2"_s));
        const auto staging = options(parseSearchOptions(cmd("tweetscope-cli search",
            { u"--provider"_s, u"x-recent"_s, u"--compare-provider"_s, u"x-recent"_s, u"--compare-base-url"_s,
                u"https://staging.example"_s, u"cats"_s })));
        QCOMPARE(staging.compareProvider, std::optional(ts::search::ProviderKind::XRecent));
    }

    void searchErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("provider") << QStringList { u"--provider"_s, u"bsky"_s, u"cats"_s }
                                  << u"invalid value 'bsky' for --provider: expected local, x-recent, x-all, "
                                     "enterprise-30day, enterprise-fullarchive or bluesky"_s;
        QTest::addRow("mode") << QStringList { u"--mode"_s, u"parallel"_s, u"cats"_s }
                              << u"invalid value 'parallel' for --mode"_s;
        QTest::addRow("range") << QStringList { u"--max-results"_s, u"501"_s, u"cats"_s }
                               << u"invalid value '501' for --max-results: expected a whole number from 1 to 500"_s;
        QTest::addRow("time") << QStringList { u"--end-time"_s, u"yesterday"_s, u"cats"_s }
                              << u"invalid value 'yesterday' for --end-time"_s;
        QTest::addRow("rate limit") << QStringList { u"--rate-limit"_s, u"fast"_s, u"cats"_s }
                                    << u"invalid value for --rate-limit"_s;
        QTest::addRow("base url") << QStringList { u"--base-url"_s, u"nohost"_s, u"cats"_s }
                                  << u"invalid value 'nohost' for --base-url"_s;
        QTest::addRow("latency remote") << QStringList { u"--base-url"_s, u"http://127.0.0.1:1"_s, u"--latency"_s,
            u"none"_s, u"cats"_s } << u"--latency applies to the embedded local archive only"_s;
        QTest::addRow("latency") << QStringList { u"--latency"_s, u"slow"_s, u"cats"_s }
                                 << u"invalid value 'slow' for --latency"_s;
        QTest::addRow("no query") << QStringList {} << u"no query"_s;
        QTest::addRow("relative time") << QStringList { u"--start-time"_s, u"7w"_s, u"cats"_s }
                                       << u"or a time before now like 7d, 12h or 30m"_s;
        QTest::addRow("since id") << QStringList { u"--since-id"_s, u"12x"_s, u"cats"_s }
                                  << u"invalid value '12x' for --since-id: expected a tweet id"_s;
        QTest::addRow("until id enterprise") << QStringList { u"--provider"_s, u"enterprise-30day"_s, u"--until-id"_s,
            u"12"_s, u"cats"_s } << u"--until-id is not available for enterprise-30day"_s;
        QTest::addRow("empty window") << QStringList { u"--start-time"_s, u"2021-01-01"_s, u"--end-time"_s,
            u"2020-01-01"_s, u"cats"_s }
                                      << u"--start-time 2021-01-01 is not before --end-time 2020-01-01"_s;
        QTest::addRow("limit") << QStringList { u"--limit"_s, u"0"_s, u"cats"_s } << u"invalid value '0' for --limit"_s;
        QTest::addRow("two on stdout") << QStringList { u"--jsonl"_s, u"-"_s, u"--json-summary"_s, u"cats"_s }
                                       << u"only one of --csv -, --jsonl - and --json-summary"_s;
        QTest::addRow("unwritable") << QStringList { u"--timings"_s, u"/nonexistent/t.csv"_s, u"cats"_s }
                                    << u"cannot write --timings /nonexistent/t.csv"_s;
        QTest::addRow("queries file") << QStringList { u"--queries-file"_s, u"/nonexistent/q.txt"_s }
                                      << u"cannot read '/nonexistent/q.txt': no such file"_s;
        QTest::addRow("resume without out") << QStringList { u"--resume"_s } << u"--resume needs --out"_s;
        QTest::addRow("resume with query")
            << QStringList { u"--resume"_s, u"--out"_s, u"c.sqlite"_s, u"cats"_s } << u"give no QUERY"_s;
        QTest::addRow("resume compare") << QStringList { u"--resume"_s, u"--out"_s, u"c.sqlite"_s, u"--mode"_s,
            u"compare"_s } << u"drop --mode compare"_s;
        QTest::addRow("compare provider") << QStringList { u"--compare-provider"_s, u"bsky"_s, u"cats"_s }
                                          << u"invalid value 'bsky' for --compare-provider: expected local, x-recent"_s;
        QTest::addRow("compare the same provider") << QStringList { u"--compare-provider"_s, u"local"_s, u"cats"_s }
                                                   << u"--compare-provider local is the provider of the run already; "
                                                      "name another, or give --compare-base-url"_s;
        // The same provider is a comparison only at another base URL (SearchProvider::repeatsFirst).
        QTest::addRow("compare the same provider at the same base url")
            << QStringList { u"--provider"_s, u"x-recent"_s, u"--compare-provider"_s, u"x-recent"_s,
                   u"--compare-base-url"_s, u"https://api.x.com/"_s, u"cats"_s }
            << u"--compare-base-url is where --provider x-recent goes already, so the run would be compared with "
               "itself; give another base URL, or another --compare-provider"_s;
        QTest::addRow("compare providers and modes") << QStringList { u"--compare-provider"_s, u"bluesky"_s,
            u"--mode"_s, u"compare"_s, u"cats"_s } << u"use --mode sequential or concurrent"_s;
        QTest::addRow("compare providers on resume")
            << QStringList { u"--compare-provider"_s, u"bluesky"_s, u"--resume"_s, u"--out"_s, u"c.sqlite"_s }
            << u"drop --compare-provider"_s;
        QTest::addRow("compare base url alone") << QStringList { u"--compare-base-url"_s, u"http://127.0.0.1:1"_s,
            u"cats"_s } << u"--compare-base-url needs --compare-provider"_s;
        QTest::addRow("compare base url")
            << QStringList { u"--compare-provider"_s, u"bluesky"_s, u"--compare-base-url"_s, u"nohost"_s, u"cats"_s }
            << u"invalid value 'nohost' for --compare-base-url"_s;
        QTest::addRow("compare provider without ids") << QStringList { u"--compare-provider"_s, u"bluesky"_s,
            u"--since-id"_s, u"12"_s, u"cats"_s } << u"--since-id is not available for bluesky"_s;
        QTest::addRow("unknown") << QStringList { u"--frobnicate"_s } << u"unknown option '--frobnicate'"_s;
        QTest::addRow("unknown short") << QStringList { u"-z"_s, u"cats"_s } << u"unknown option '-z'"_s;
        QTest::addRow("missing value") << QStringList { u"cats"_s, u"--pages"_s } << u"missing value after '--pages'"_s;
        QTest::addRow("base url scheme") << QStringList { u"--base-url"_s, u"ftp://127.0.0.1"_s, u"cats"_s }
                                         << u"invalid value 'ftp://127.0.0.1' for --base-url: expected http(s)"_s;
        QTest::addRow("out not a collection") << QStringList { u"--out"_s, m_notSqlite, u"cats"_s }
                                              << u"invalid value for --out: "_s + m_notSqlite
                + u": not a Tweetscope archive or collection (not an SQLite file)"_s;
    }
    void searchErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const ts::cli::Stop s = stop(parseSearchOptions(cmd("tweetscope-cli search", args)));
        QCOMPARE(s.code, int(ts::cli::Usage));
        QVERIFY2(s.text.contains(message), qPrintable(s.text));
    }

    void exportOptions()
    {
        const QString input = m_dir.filePath(u"tweets.jsonl"_s);
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}\n");
        f.close();
        const auto d = options(parseExportOptions(cmd("tweetscope-cli export", { input })));
        QCOMPARE(d.exporter.csvPath, u"-"_s); // CSV on stdout by default
        QVERIFY(!d.inputIsCollection);
        const auto o = options(parseExportOptions(
            cmd("tweetscope-cli export", { input, u"--jsonl"_s, u"o.jsonl"_s, u"--tweets-per-line"_s })));
        QVERIFY(o.exporter.csvPath.isEmpty());
        QCOMPARE(o.exporter.jsonlPath, u"o.jsonl"_s);
        QVERIFY(options(parseExportOptions(cmd("tweetscope-cli export", { u"--list-columns"_s }))).listColumns);

        QCOMPARE(stop(parseExportOptions(cmd("tweetscope-cli export", { input, u"--timings"_s, u"t.csv"_s }))).text,
            u"--timings needs a collection as INPUT (JSONL holds no timings)"_s);
        QCOMPARE(stop(parseExportOptions(cmd("tweetscope-cli export", {}))).code, int(ts::cli::Usage));
        // Checked before anything is read or written, as search and parse check theirs.
        const QString nothing = m_dir.filePath(u"nothing.sqlite"_s);
        auto missing = stop(parseExportOptions(cmd("tweetscope-cli export", { nothing })));
        QCOMPARE(missing.code, int(ts::cli::Usage));
        QCOMPARE(missing.text, u"cannot read '%1': no such file"_s.arg(nothing));
        auto unwritable = stop(
            parseExportOptions(cmd("tweetscope-cli export", { input, u"--csv"_s, u"/nonexistent-dir/x.csv"_s })));
        QCOMPARE(unwritable.code, int(ts::cli::Usage));
        QVERIFY2(
            unwritable.text.startsWith(u"cannot write --csv /nonexistent-dir/x.csv"_s), qPrintable(unwritable.text));
        QCOMPARE(
            stop(parseExportOptions(cmd("tweetscope-cli export", { input, u"--csv"_s, u"-"_s, u"--jsonl"_s, u"-"_s })))
                .text,
            u"--csv and --jsonl cannot both write to stdout"_s);
    }

    void parseOptions()
    {
        const auto d = options(parseParseOptions(cmd("tweetscope-cli parse", {})));
        QCOMPARE(d.files, QStringList { u"-"_s });
        QVERIFY(!d.showApiErrors);
        QVERIFY(options(parseParseOptions(cmd("tweetscope-cli parse", { u"--show-api-errors"_s }))).showApiErrors);
        const ts::cli::Stop s = stop(parseParseOptions(cmd("tweetscope-cli parse", { u"/nonexistent.jsonl"_s })));
        QCOMPARE(s.code, int(ts::cli::Usage));
        QCOMPARE(s.text, u"cannot read '/nonexistent.jsonl': no such file"_s);
    }

    void archiveCommands()
    {
        const auto g = options(parseGenerateOptions(cmd("tweetscope-archive generate",
            { u"--db"_s, u"a.sqlite"_s, u"--tweets"_s, u"1000"_s, u"--seed"_s, u"7"_s, u"--end"_s,
                u"2024-01-01T00:00:00"_s })));
        QCOMPARE(g.db, u"a.sqlite"_s);
        QCOMPARE(g.corpus.tweets, 1000);
        QCOMPARE(g.corpus.seed, 7u);
        QCOMPARE(g.corpus.endMs, QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(stop(parseGenerateOptions(cmd("tweetscope-archive generate", { u"--tweets"_s, u"5"_s }))).text,
            u"missing --db FILE"_s);
        QVERIFY(QFile::exists(u"a.sqlite"_s) == false); // parsing wrote nothing

        const QString input = m_dir.filePath(u"x.jsonl"_s);
        QFile x(input);
        QVERIFY(x.open(QIODevice::WriteOnly));
        x.close();
        const auto i = options(
            parseImportOptions(cmd("tweetscope-archive import", { u"--db"_s, u"a.sqlite"_s, input, u"-"_s })));
        QCOMPARE(i.inputs, QStringList({ input, u"-"_s }));
        QCOMPARE(stop(parseImportOptions(cmd("tweetscope-archive import", { u"--db"_s, u"a.sqlite"_s }))).code,
            int(ts::cli::Usage));

        const auto s = options(parseServeOptions(cmd("tweetscope-archive serve",
            { u"--latency"_s, u"fixed:5"_s, u"--token"_s, u"t0k"_s, u"--port"_s, u"0"_s })));
        QVERIFY(s.service.dbPath.isEmpty()); // the sample archive, made by the run, not the parse
        QCOMPARE(s.service.bearerToken, u"t0k"_s);
        QCOMPARE(s.service.port, 0);
        QCOMPARE(stop(parseServeOptions(cmd("tweetscope-archive serve", { u"--user"_s, u"u"_s }))).text,
            u"--user and --password (or --password-file, or TWEETSCOPE_SERVE_PASSWORD) go together"_s);
        QCOMPARE(stop(parseServeOptions(cmd("tweetscope-archive serve", { u"--port"_s, u"70000"_s }))).text,
            u"invalid value '70000' for --port: expected a whole number from 0 to 65535"_s);
    }

    // The archive's --db: a file that is not SQLite, and import's INPUTs, are refused before the
    // archive is created or opened.
    void archiveFilesAreCheckedFirst()
    {
        const QString db = m_dir.filePath(u"new.sqlite"_s);
        const QString expected = u"invalid value for --db: "_s + m_notSqlite
            + u": not a Tweetscope archive or collection (not an SQLite file); it was left unchanged"_s;
        auto g = stop(parseGenerateOptions(
            cmd("tweetscope-archive generate", { u"--db"_s, m_notSqlite, u"--tweets"_s, u"5"_s })));
        QCOMPARE(g.code, int(ts::cli::Usage));
        QCOMPARE(g.text, expected);
        auto i = stop(parseImportOptions(cmd("tweetscope-archive import", { u"--db"_s, m_notSqlite, m_notSqlite })));
        QCOMPARE(i.code, int(ts::cli::Usage));
        QCOMPARE(i.text, expected);
        auto s = stop(parseServeOptions(cmd("tweetscope-archive serve", { u"--db"_s, m_notSqlite })));
        QCOMPARE(s.code, int(ts::cli::Usage));
        QCOMPARE(s.text, expected);
        auto missing = stop(parseImportOptions(
            cmd("tweetscope-archive import", { u"--db"_s, db, m_dir.filePath(u"nothing.jsonl"_s) })));
        QCOMPARE(missing.code, int(ts::cli::Usage));
        QCOMPARE(missing.text, u"cannot read '%1': no such file"_s.arg(m_dir.filePath(u"nothing.jsonl"_s)));
        QVERIFY(!QFile::exists(db));
        auto unknown = stop(parseServeOptions(cmd("tweetscope-archive serve", { u"--prot"_s, u"0"_s })));
        QCOMPARE(unknown.text, u"unknown option '--prot'"_s);
    }

private:
    QString m_notSqlite;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCommandOptions)
#include "tst_commandoptions.moc"
