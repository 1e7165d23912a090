// SPDX-License-Identifier: MIT
// bench_search: N queries of 100 tweets, one page each, against a separate
// `tweetscope-archive serve --latency fixed:200` process, side by side in one run:
//
// - plain HTTP/1.1: SearchRunner sequential, concurrent on a new runner that pre-connects as
//   tweetscope-cli does (cold), the second concurrent run on one runner (warm), concurrent with
//   a collection, and the seed's aiohttp + asyncio.gather approach; the longest event-loop stall.
// - HTTPS through nginx with HTTP/2 (tests/support/tlstestbed.h): tweetscope-cli as a new
//   process (cold: its run's wall_ms and the whole process), warm runs in this process over 1, 2
//   and 4 HTTP/2 connections, and the aiohttp script over TLS (aiohttp speaks HTTP/1.1).
//
// --timeline prints each plain run's phases (sent, headers, body, parsed) to stderr.
//
// CPU time per request: this process's (RUSAGE_SELF) during a run; the CLI's whole process
// (RUSAGE_CHILDREN: start, TLS, run, exit); aiohttp's during its gather (process_time). The
// servers' (archive, nginx) is not counted. N = 256 runs against a
// second server without latency (--fast-sizes): the cost of the client alone.
#include "cli.h"
#include "search/collection.h"
#include "search/searchrunner.h"
#include "tlstestbed.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

#include <sys/resource.h>

using namespace ts::search;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

/// Up to 256 distinct queries over the generator's topics, the first 64 as before.
QStringList benchQueries()
{
    const QStringList topics { QStringLiteral("ai"), QStringLiteral("cats"), QStringLiteral("memes"),
        QStringLiteral("love"), QStringLiteral("the"), QStringLiteral("today"), QStringLiteral("new"),
        QStringLiteral("my") };
    const QStringList modifiers { QString(), QStringLiteral(" lang:en"), QStringLiteral(" -is:retweet"),
        QStringLiteral(" -is:reply"), QStringLiteral(" has:hashtags"), QStringLiteral(" -has:links"),
        QStringLiteral(" -has:media"), QStringLiteral(" -lang:ja") };
    const QStringList extras { QString(), QStringLiteral(" -is:quote"), QStringLiteral(" -lang:fr"),
        QStringLiteral(" -lang:de") };
    QStringList queries;
    for (const QString &e : extras) {
        for (const QString &m : modifiers) {
            for (const QString &t : topics)
                queries << t + m + e;
        }
    }
    return queries;
}

double cpuMs(int who)
{
    struct rusage ru = {};
    getrusage(who, &ru);
    return (double(ru.ru_utime.tv_sec) + double(ru.ru_stime.tv_sec)) * 1e3
        + (double(ru.ru_utime.tv_usec) + double(ru.ru_stime.tv_usec)) / 1e3;
}

struct Measured
{
    RunSummary summary;
    double longestStallMs = 0;
    double cpuMs = 0; ///< this process, during the run
    int shortQueries = 0; ///< queries that returned fewer tweets than asked
    int failedRequests = 0;
};

/// watchStalls: a 1 ms timer measures the longest event-loop stall. It wakes the main thread
/// about 220 times a run, so runs whose stall is not reported (warm) go without it.
Measured runOn(SearchRunner &runner, const ConnectionConfig &connection, const QStringList &queries, RunMode mode,
    const SearchOptions &options, bool watchStalls = true)
{
    Measured m;
    QEventLoop loop;
    auto c1
        = QObject::connect(&runner, &SearchRunner::runFinished, &loop, [&m](const RunSummary &s) { m.summary = s; });
    auto c2 = QObject::connect(&runner, &SearchRunner::finished, &loop, &QEventLoop::quit);
    // A 1 ms precise timer: the longest gap between two ticks, less the interval, is the
    // longest time the event loop was busy with something else.
    QElapsedTimer clock;
    double lastTick = -1;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const double now = double(clock.nsecsElapsed()) / 1e6;
        if (lastTick >= 0)
            m.longestStallMs = std::max(m.longestStallMs, now - lastTick - 1.0);
        lastTick = now;
    });
    clock.start();
    if (watchStalls)
        tick.start();
    const double cpuBefore = cpuMs(RUSAGE_SELF);
    if (!runner.start(connection, queries, mode, options)) {
        out() << "cannot start the run\n";
        return m;
    }
    loop.exec();
    m.cpuMs = cpuMs(RUSAGE_SELF) - cpuBefore;
    tick.stop();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    for (const QueryResult &q : std::as_const(m.summary.queries)) {
        if (q.tweets < options.maxResults) {
            ++m.shortQueries;
            QTextStream(stderr) << "short query: " << q.query << " (" << q.tweets << " tweets)\n";
        }
    }
    for (const RequestTiming &t : std::as_const(m.summary.requestTimings)) {
        m.failedRequests += t.error.isEmpty() ? 0 : 1;
        if (!t.error.isEmpty())
            QTextStream(stderr) << "failed request: " << t.query << ": " << t.error << '\n';
    }
    return m;
}

SearchOptions pageOptions(int http2Connections = 0)
{
    SearchOptions options;
    options.maxResults = 100;
    options.pages = 1;
    options.http2Connections = http2Connections;
    return options;
}

/// A new runner, pre-connected as tweetscope-cli does before the first page.
Measured runCold(
    const ConnectionConfig &connection, const QStringList &queries, RunMode mode, Collection *collection = nullptr)
{
    SearchRunner runner;
    runner.setCollection(collection);
    runner.preconnect(connection, mode == RunMode::Sequential ? 1 : int(queries.size()));
    return runOn(runner, connection, queries, mode, pageOptions());
}

/// The second concurrent run on one runner: its connections are open.
Measured runWarm(const ConnectionConfig &connection, const QStringList &queries, int http2Connections = 0)
{
    SearchRunner runner;
    runOn(runner, connection, queries, RunMode::Concurrent, pageOptions(http2Connections), false);
    return runOn(runner, connection, queries, RunMode::Concurrent, pageOptions(http2Connections), false);
}

struct ChildRun
{
    double wallMs = 0; ///< the run's own wall time (the CLI's wall_ms, aiohttp's gather)
    double processMs = 0; ///< from starting the process to its exit
    double cpuMs = 0; ///< user + system of the process
    QJsonObject json;
    QString error;
};

ChildRun runChild(const QString &program, const QStringList &args)
{
    ChildRun r;
    QProcess p;
    const double cpuBefore = cpuMs(RUSAGE_CHILDREN);
    QElapsedTimer clock;
    clock.start();
    p.start(program, args);
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        r.error = QString::fromUtf8(p.readAllStandardError()).trimmed().left(500);
    r.processMs = double(clock.nsecsElapsed()) / 1e6;
    r.cpuMs = cpuMs(RUSAGE_CHILDREN) - cpuBefore;
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    return r;
}

ChildRun runPeer(
    const QString &python, const QString &baseUrl, const QString &queriesFile, int n, const QString &caFile = {})
{
    QStringList args { QStringLiteral(TS_PEER_SCRIPT), baseUrl, queriesFile, QString::number(n),
        QStringLiteral("100") };
    if (!caFile.isEmpty())
        args << caFile;
    ChildRun r = runChild(python, args);
    r.wallMs = r.json.value(QLatin1String("wall_ms")).toDouble();
    r.cpuMs = r.json.value(QLatin1String("cpu_ms")).toDouble(); // the gather's, not the interpreter's start
    if (r.error.isEmpty()
        && r.json.value(QLatin1String("statuses")).toObject().value(QLatin1String("200")).toInt() != n)
        r.error = QStringLiteral("not every answer was 200: %1")
                      .arg(QString::fromUtf8(QJsonDocument(r.json).toJson(QJsonDocument::Compact)));
    return r;
}

ChildRun runCli(const QString &cli, const QString &baseUrl, const QString &caFile, const QString &queriesFile)
{
    ChildRun r = runChild(cli,
        { QStringLiteral("search"), QStringLiteral("--base-url"), baseUrl, QStringLiteral("--ca-file"), caFile,
            QStringLiteral("--queries-file"), queriesFile, QStringLiteral("--max-results"), QStringLiteral("100"),
            QStringLiteral("--json-summary") });
    const QJsonObject run = r.json.value(QLatin1String("runs")).toArray().at(0).toObject();
    r.wallMs = run.value(QLatin1String("wall_ms")).toDouble();
    r.json = run;
    if (r.error.isEmpty() && run.value(QLatin1String("failed_queries")).toInt() != 0)
        r.error = QStringLiteral("failed queries");
    return r;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// One run's phases on its own clock (ms from its start), each as first / median / last over the
/// requests: handed to Qt, headers in, body complete, page parsed; the end; and per request,
/// sent to headers (the server's latency plus both sides' delays) and body to parsed (the
/// queue for a parser thread plus the parse). What a run's time past the latency is made of
/// (--timeline; docs/benchmarks-log.md).
QString timeline(const QString &label, const RunSummary &s)
{
    QList<double> sent, first, done, parsed, wait, parse;
    qint64 bytes = 0;
    for (const RequestTiming &t : s.requestTimings) {
        sent << t.sentMs;
        first << t.firstByteMs;
        done << t.finishedMs;
        parsed << t.parsedMs;
        wait << t.firstByteMs - t.sentMs;
        parse << t.parsedMs - t.finishedMs;
        bytes += t.bytes;
    }
    if (sent.isEmpty())
        return label + QStringLiteral(": no requests\n");
    const auto range = [](QList<double> v) {
        std::sort(v.begin(), v.end());
        return QStringLiteral("%1 / %2 / %3")
            .arg(QString::number(v.first(), 'f', 1), QString::number(v[v.size() / 2], 'f', 1),
                QString::number(v.last(), 'f', 1));
    };
    return QStringLiteral("%1: sent %2 | headers %3 | body %4 | parsed %5 | end %6 | sent to headers %7 | body to "
                          "parsed %8 | %9 bytes\n")
        .arg(label, range(sent), range(first), range(done), range(parsed), QString::number(s.wallMs, 'f', 1),
            range(wait), range(parse))
        .arg(bytes);
}

QString ms(double v, int decimals = 1)
{
    return QString::number(v, 'f', decimals);
}

/// `tweetscope-archive serve` as a separate process; its base URL from the line it prints.
struct Server
{
    std::unique_ptr<QProcess> process;
    QString baseUrl;
    quint16 port = 0;

    bool start(const QString &bin, const QString &db, const QString &latency)
    {
        process = std::make_unique<QProcess>();
        process->start(bin,
            { QStringLiteral("serve"), QStringLiteral("--db"), db, QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--latency"), latency });
        QElapsedTimer waited;
        waited.start();
        while (baseUrl.isEmpty() && waited.elapsed() < 60000 && process->state() != QProcess::NotRunning) {
            process->waitForReadyRead(1000);
            while (process->canReadLine()) {
                const QString line = QString::fromUtf8(process->readLine()).trimmed();
                if (line.startsWith(QLatin1String("listening on ")))
                    baseUrl = line.mid(13);
            }
        }
        port = quint16(QUrl(baseUrl).port());
        if (baseUrl.isEmpty())
            out() << "the archive server did not start: " << process->readAllStandardError() << '\n';
        return !baseUrl.isEmpty();
    }
    ~Server()
    {
        if (process) {
            process->terminate();
            process->waitForFinished(5000);
        }
    }
};

} // namespace

int main(int argc, char **argv)
{
    ts::cli::tuneAllocator(); // as tweetscope and tweetscope-cli do
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption archiveBin(QStringLiteral("archive-bin"), QStringLiteral("tweetscope-archive binary."),
        QStringLiteral("PATH"), QStringLiteral(TS_BIN_DIR "/tweetscope-archive"));
    const QCommandLineOption cliBin(QStringLiteral("cli-bin"), QStringLiteral("tweetscope-cli binary."),
        QStringLiteral("PATH"), QStringLiteral(TS_BIN_DIR "/tweetscope-cli"));
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Archive to serve (default: generate one)."), QStringLiteral("FILE"));
    const QCommandLineOption tweets(QStringLiteral("tweets"), QStringLiteral("Tweets to generate (default 100000)."),
        QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption latency(QStringLiteral("latency"), QStringLiteral("Server latency profile."),
        QStringLiteral("PROFILE"), QStringLiteral("fixed:200"));
    const QCommandLineOption sizes(QStringLiteral("sizes"), QStringLiteral("Query counts at --latency."),
        QStringLiteral("LIST"), QStringLiteral("6,24,64"));
    const QCommandLineOption fastSizes(QStringLiteral("fast-sizes"),
        QStringLiteral("Query counts against a second server without latency (the pacing off)."),
        QStringLiteral("LIST"), QStringLiteral("256"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Repetitions; medians are reported."),
        QStringLiteral("R"), QStringLiteral("3"));
    const QCommandLineOption python(QStringLiteral("python"), QStringLiteral("Python with aiohttp."),
        QStringLiteral("PATH"), QStringLiteral("/usr/bin/python3"));
    const QCommandLineOption noHttps(QStringLiteral("no-https"), QStringLiteral("Plain HTTP/1.1 only."));
    const QCommandLineOption noSequential(
        QStringLiteral("no-sequential"), QStringLiteral("Skip the sequential runs (and the speedup)."));
    const QCommandLineOption timelineOption(QStringLiteral("timeline"),
        QStringLiteral("Print each plain run's phases (first / median / last ms from its start) to stderr."));
    const QCommandLineOption keep(
        QStringLiteral("keep"), QStringLiteral("Keep the temporary folder (nginx's error logs, collections)."));
    p.addOptions({ archiveBin, cliBin, db, tweets, latency, sizes, fastSizes, repeat, python, noHttps, noSequential,
        timelineOption, keep });
    p.process(app);

    QTemporaryDir dir;
    dir.setAutoRemove(!p.isSet(keep));
    QString dbPath = p.value(db);
    if (dbPath.isEmpty()) {
        dbPath = dir.filePath(QStringLiteral("bench-archive.sqlite"));
        QProcess gen;
        gen.start(p.value(archiveBin),
            { QStringLiteral("generate"), QStringLiteral("--db"), dbPath, QStringLiteral("--tweets"), p.value(tweets),
                QStringLiteral("--seed"), QStringLiteral("7") });
        if (!gen.waitForFinished(600000) || gen.exitCode() != 0) {
            out() << "generate failed: " << gen.readAllStandardError() << '\n';
            return 1;
        }
    }

    struct Target
    {
        int n;
        bool fast;
    };
    QList<Target> targets;
    for (const QString &s : p.value(sizes).split(u',', Qt::SkipEmptyParts))
        targets << Target { s.toInt(), false };
    for (const QString &s : p.value(fastSizes).split(u',', Qt::SkipEmptyParts))
        targets << Target { s.toInt(), true };
    const bool anyFast = std::any_of(targets.begin(), targets.end(), [](const Target &t) { return t.fast; });

    Server paced, fast;
    if (!paced.start(p.value(archiveBin), dbPath, p.value(latency))
        || (anyFast && !fast.start(p.value(archiveBin), dbPath, QStringLiteral("none"))))
        return 1;

    const bool https = !p.isSet(noHttps);
    ts::testing::TestCertificates certs;
    ts::testing::NginxProxy pacedProxy, fastProxy;
    if (https) {
        QString error;
        QDir(dir.path()).mkpath(QStringLiteral("nginx-paced"));
        QDir(dir.path()).mkpath(QStringLiteral("nginx-fast"));
        if (!ts::testing::makeTestCertificates(dir.path(), &certs, &error)
            || !pacedProxy.start(dir.filePath(QStringLiteral("nginx-paced")), certs, paced.port, &error)
            || (anyFast && !fastProxy.start(dir.filePath(QStringLiteral("nginx-fast")), certs, fast.port, &error))) {
            out() << "the HTTPS test bed did not start: " << error << '\n';
            return 1;
        }
    }

    const QStringList allQueries = benchQueries();
    const int repeats = std::max(1, p.value(repeat).toInt());
    out() << "servers: " << paced.baseUrl << " (" << p.value(latency) << ")";
    if (anyFast)
        out() << ", " << fast.baseUrl << " (none)";
    if (https)
        out() << "; nginx " << pacedProxy.baseUrl().toString() << " (HTTP/2)";
    out() << "; archive " << dbPath << "; folder " << dir.path() << "; medians of " << repeats << "\n\n";

    struct Row
    {
        QString plain, secure;
    };
    QList<Row> rows;
    for (const Target &target : std::as_const(targets)) {
        const int n = std::clamp(target.n, 1, int(allQueries.size()));
        const QStringList queries = allQueries.mid(0, n);
        const QString queriesFile = dir.filePath(QStringLiteral("queries-%1.txt").arg(n));
        {
            QFile f(queriesFile);
            if (!f.open(QIODevice::WriteOnly))
                return 1;
            f.write(queries.join(u'\n').toUtf8() + '\n');
        }
        const Server &server = target.fast ? fast : paced;
        ConnectionConfig plain;
        plain.provider = ProviderKind::Local;
        plain.baseUrl = QUrl(server.baseUrl);
        ConnectionConfig secure = plain;
        secure.baseUrl = (target.fast ? fastProxy : pacedProxy).baseUrl();
        secure.caFile = certs.caFile;

        QList<double> seq, cold, warm, coll, stall, peer, warmCpu, peerCpu;
        QList<double> h2[3], h2Cpu, cliWall, cliProcess, cliCpu, peerTls, peerTlsCpu;
        int maxInFlight = 0, connections = 0, shortQueries = 0, failed = 0, h2Opened = 0, h2Connections = 0;
        QString protocol;
        QStringList errors;
        for (int r = 0; r < repeats; ++r) {
            if (!p.isSet(noSequential)) {
                const Measured s = runCold(plain, queries, RunMode::Sequential);
                seq << s.summary.wallMs;
                failed += s.failedRequests;
            }
            const Measured c = runCold(plain, queries, RunMode::Concurrent);
            const Measured w = runWarm(plain, queries);
            Collection collection;
            QString error;
            collection.open(dir.filePath(QStringLiteral("collection-%1-%2.sqlite").arg(n).arg(r)), &error);
            const Measured cc = runCold(plain, queries, RunMode::Concurrent, &collection);
            if (p.isSet(timelineOption)) {
                QTextStream(stderr) << timeline(QStringLiteral("n=%1 cold").arg(n), c.summary)
                                    << timeline(QStringLiteral("n=%1 warm").arg(n), w.summary)
                                    << timeline(QStringLiteral("n=%1 cold+collection").arg(n), cc.summary);
            }
            cold << c.summary.wallMs;
            warm << w.summary.wallMs;
            warmCpu << w.cpuMs / n;
            stall << c.longestStallMs;
            coll << cc.summary.wallMs;
            maxInFlight = std::max(maxInFlight, c.summary.maxInFlight);
            connections = std::max(connections, c.summary.connections);
            shortQueries = std::max({ shortQueries, c.shortQueries, w.shortQueries, cc.shortQueries });
            failed += c.failedRequests + w.failedRequests + cc.failedRequests;
            const ChildRun py = runPeer(p.value(python), server.baseUrl, queriesFile, n);
            if (!py.error.isEmpty())
                errors << QStringLiteral("aiohttp: ") + py.error;
            peer << py.wallMs;
            peerCpu << py.cpuMs / n;

            if (!https)
                continue;
            const ChildRun cli = runCli(p.value(cliBin), secure.baseUrl.toString(), certs.caFile, queriesFile);
            if (!cli.error.isEmpty())
                errors << QStringLiteral("cli: ") + cli.error;
            cliWall << cli.wallMs;
            cliProcess << cli.processMs;
            cliCpu << cli.cpuMs / n;
            h2Opened = std::max(h2Opened, cli.json.value(QLatin1String("connections_opened")).toInt());
            const int connectionCounts[3] = { 1, 2, 4 };
            for (int i = 0; i < 3; ++i) {
                const Measured h = runWarm(secure, queries, connectionCounts[i]);
                h2[i] << h.summary.wallMs;
                failed += h.failedRequests;
                if (i == 0) {
                    h2Cpu << h.cpuMs / n;
                    protocol = wireProtocolName(h.summary.protocol);
                    h2Connections = h.summary.connections;
                }
            }
            const ChildRun pyTls = runPeer(p.value(python), secure.baseUrl.toString(), queriesFile, n, certs.caFile);
            if (!pyTls.error.isEmpty())
                errors << QStringLiteral("aiohttp TLS: ") + pyTls.error;
            peerTls << pyTls.wallMs;
            peerTlsCpu << pyTls.cpuMs / n;
        }
        errors.removeDuplicates();
        for (const QString &e : std::as_const(errors))
            QTextStream(stderr) << "n=" << n << ": " << e << '\n';
        const QString lat = target.fast ? QStringLiteral("none") : p.value(latency);
        const double sw = median(seq), cw = median(cold), ww = median(warm), pw = median(peer);
        Row row;
        row.plain = QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9x | %10 | %11 | %12 | %13 | %14 |\n")
                        .arg(n)
                        .arg(lat, seq.isEmpty() ? QStringLiteral("-") : ms(sw, 0), ms(cw), ms(ww),
                            seq.isEmpty() ? QStringLiteral("-") : ms(sw / cw, 1) + u'x', ms(median(coll)), ms(pw),
                            ms(pw / cw, 2))
                        .arg(ms(median(warmCpu), 3) + QStringLiteral(" / ") + ms(median(peerCpu), 3))
                        .arg(maxInFlight)
                        .arg(connections)
                        .arg(ms(median(stall)))
                        .arg(QString::number(shortQueries) + QStringLiteral(" / ") + QString::number(failed));
        if (https) {
            const double h1 = median(h2[0]), tls = median(peerTls);
            row.secure = QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9x | %10x | %11 | %12 |\n")
                             .arg(n)
                             .arg(lat, ms(median(cliWall)), ms(median(cliProcess)), ms(h1), ms(median(h2[1])),
                                 ms(median(h2[2])), ms(tls))
                             .arg(ms(tls / h1, 2))
                             .arg(ms(h1 / ww, 2))
                             .arg(ms(median(h2Cpu), 3) + QStringLiteral(" / ") + ms(median(cliCpu), 3)
                                 + QStringLiteral(" / ") + ms(median(peerTlsCpu), 3))
                             .arg(protocol + QStringLiteral(", ") + QString::number(h2Connections)
                                 + QStringLiteral(" (cold CLI opened ") + QString::number(h2Opened) + u')');
        }
        rows << row;
        out() << "n=" << n << " done\n";
        out().flush();
    }
    out() << "\nPlain HTTP/1.1 (ms; cold = a new runner that pre-connects, as tweetscope-cli does; warm = the second "
             "run on one runner; CPU = ms per request, warm run / aiohttp)\n\n"
          << "| N | latency | sequential | concurrent cold | concurrent warm | speedup (cold) | cold + collection | "
             "aiohttp+gather | aiohttp / cold | CPU per request | max in flight | connections | longest stall | "
             "short / failed |\n"
          << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const Row &r : std::as_const(rows))
        out() << r.plain;
    if (https) {
        out()
            << "\nHTTPS through nginx (ms; cold = tweetscope-cli as a new process: its run's wall_ms, and the "
               "whole process; warm = the second run on one runner over 1, 2 or 4 HTTP/2 connections; CPU = ms per "
               "request, warm h2 x1 / cold CLI process / aiohttp TLS)\n\n"
            << "| N | latency | cold CLI run | cold CLI process | warm h2 x1 | warm h2 x2 | warm h2 x4 | aiohttp TLS | "
               "aiohttp TLS / warm h2 | warm h2 / warm plain | CPU per request | protocol, connections |\n"
            << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        for (const Row &r : std::as_const(rows))
            out() << r.secure;
    }
    out().flush();
    return 0;
}
