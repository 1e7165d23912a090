// SPDX-License-Identifier: MIT
// bench_search: N queries of 100 tweets, one page each, against a separate
// `tweetscope-archive serve --latency fixed:200` process: SearchRunner sequential, concurrent
// (with and without a collection) and the seed's aiohttp + asyncio.gather approach, side by
// side in one run, for N = 6, 24, 64. Also the longest event-loop stall during concurrent runs.
#include "cli.h"
#include "search/collection.h"
#include "search/searchrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace ts::search;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

/// 64 distinct queries over the generator's topics, each matching well over 100 tweets.
QStringList benchQueries()
{
    const QStringList topics { QStringLiteral("ai"), QStringLiteral("cats"), QStringLiteral("memes"),
        QStringLiteral("love"), QStringLiteral("the"), QStringLiteral("today"), QStringLiteral("new"),
        QStringLiteral("my") };
    const QStringList modifiers { QString(), QStringLiteral(" lang:en"), QStringLiteral(" -is:retweet"),
        QStringLiteral(" -is:reply"), QStringLiteral(" has:hashtags"), QStringLiteral(" -has:links"),
        QStringLiteral(" -has:media"), QStringLiteral(" -lang:ja") };
    QStringList queries;
    for (const QString &m : modifiers) {
        for (const QString &t : topics)
            queries << t + m;
    }
    return queries;
}

struct Measured
{
    RunSummary summary;
    double longestStallMs = 0;
    int shortQueries = 0; ///< queries that returned fewer tweets than asked
    int failedRequests = 0;
};

Measured runOnce(const ConnectionConfig &connection, const QStringList &queries, RunMode mode, Collection *collection)
{
    SearchRunner runner;
    runner.setCollection(collection);
    SearchOptions options;
    options.maxResults = 100;
    options.pages = 1;
    Measured m;
    QEventLoop loop;
    QObject::connect(&runner, &SearchRunner::runFinished, &loop, [&m](const RunSummary &s) { m.summary = s; });
    QObject::connect(&runner, &SearchRunner::finished, &loop, &QEventLoop::quit);
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
    tick.start();
    if (!runner.start(connection, queries, mode, options)) {
        out() << "cannot start the run\n";
        return m;
    }
    loop.exec();
    tick.stop();
    for (const QueryResult &q : std::as_const(m.summary.queries)) {
        if (q.tweets < options.maxResults) {
            ++m.shortQueries;
            QTextStream(stderr) << "short query: " << q.query << " (" << q.tweets << " tweets)\n";
        }
    }
    for (const RequestTiming &t : std::as_const(m.summary.requestTimings))
        m.failedRequests += t.error.isEmpty() ? 0 : 1;
    return m;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    ts::cli::tuneAllocator(); // as tweetscope and tweetscope-cli do
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption archiveBin(QStringLiteral("archive-bin"), QStringLiteral("tweetscope-archive binary."),
        QStringLiteral("PATH"), QStringLiteral(TS_BIN_DIR "/tweetscope-archive"));
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Archive to serve (default: generate one)."), QStringLiteral("FILE"));
    const QCommandLineOption tweets(QStringLiteral("tweets"), QStringLiteral("Tweets to generate (default 100000)."),
        QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption latency(QStringLiteral("latency"), QStringLiteral("Server latency profile."),
        QStringLiteral("PROFILE"), QStringLiteral("fixed:200"));
    const QCommandLineOption sizes(QStringLiteral("sizes"), QStringLiteral("Query counts to measure."),
        QStringLiteral("LIST"), QStringLiteral("6,24,64"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Repetitions; medians are reported."),
        QStringLiteral("R"), QStringLiteral("3"));
    const QCommandLineOption python(QStringLiteral("python"), QStringLiteral("Python with aiohttp."),
        QStringLiteral("PATH"), QStringLiteral("/usr/bin/python3"));
    p.addOptions({ archiveBin, db, tweets, latency, sizes, repeat, python });
    p.process(app);

    QTemporaryDir dir;
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

    QProcess server;
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start(p.value(archiveBin),
        { QStringLiteral("serve"), QStringLiteral("--db"), dbPath, QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--latency"), p.value(latency) });
    QString baseUrl;
    QElapsedTimer waited;
    waited.start();
    while (baseUrl.isEmpty() && waited.elapsed() < 60000 && server.state() != QProcess::NotRunning) {
        server.waitForReadyRead(1000);
        while (server.canReadLine()) {
            const QString line = QString::fromUtf8(server.readLine()).trimmed();
            if (line.startsWith(QLatin1String("listening on ")))
                baseUrl = line.mid(13);
        }
    }
    if (baseUrl.isEmpty()) {
        out() << "the archive server did not start: " << server.readAllStandardError() << '\n';
        return 1;
    }

    const QStringList allQueries = benchQueries();
    const QString queriesFile = dir.filePath(QStringLiteral("queries.txt"));
    {
        QFile f(queriesFile);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        f.write(allQueries.join(u'\n').toUtf8() + '\n');
    }

    ConnectionConfig connection;
    connection.provider = ProviderKind::Local;
    connection.baseUrl = QUrl(baseUrl);

    out() << "server " << baseUrl << " latency " << p.value(latency) << ", archive " << dbPath << "\n\n";
    out() << "| N | sequential wall ms | concurrent wall ms | speedup | max in flight | longest stall ms | "
             "concurrent + collection wall ms | its longest stall ms | aiohttp+gather wall ms | "
             "aiohttp / Tweetscope | short queries | failed requests |\n";
    out() << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    out().flush();
    const int repeats = std::max(1, p.value(repeat).toInt());
    for (const QString &sizeText : p.value(sizes).split(u',')) {
        const int n = std::clamp(sizeText.toInt(), 1, int(allQueries.size()));
        const QStringList queries = allQueries.mid(0, n);
        QList<double> seq, conc, stall, collWall, collStall, peer;
        int maxInFlight = 0, shortQueries = 0, failed = 0;
        for (int r = 0; r < repeats; ++r) {
            const Measured s = runOnce(connection, queries, RunMode::Sequential, nullptr);
            const Measured c = runOnce(connection, queries, RunMode::Concurrent, nullptr);
            Collection collection;
            QString error;
            collection.open(dir.filePath(QStringLiteral("collection-%1-%2.sqlite").arg(n).arg(r)), &error);
            const Measured cc = runOnce(connection, queries, RunMode::Concurrent, &collection);
            seq << s.summary.wallMs;
            conc << c.summary.wallMs;
            stall << c.longestStallMs;
            collWall << cc.summary.wallMs;
            collStall << cc.longestStallMs;
            maxInFlight = std::max(maxInFlight, c.summary.maxInFlight);
            shortQueries = std::max({ shortQueries, s.shortQueries, c.shortQueries, cc.shortQueries });
            failed += s.failedRequests + c.failedRequests + cc.failedRequests;

            QProcess py;
            py.start(p.value(python), { QStringLiteral(TS_PEER_SCRIPT), baseUrl, queriesFile, QString::number(n) });
            py.waitForFinished(120000);
            const QJsonObject result = QJsonDocument::fromJson(py.readAllStandardOutput()).object();
            if (result.isEmpty())
                out() << "peer failed: " << py.readAllStandardError() << '\n';
            peer << result.value(QLatin1String("wall_ms")).toDouble();
        }
        const double sw = median(seq), cw = median(conc), pw = median(peer);
        out() << "| " << n << " | " << QString::number(sw, 'f', 0) << " | " << QString::number(cw, 'f', 1) << " | "
              << QString::number(sw / cw, 'f', 1) << "x | " << maxInFlight << " | "
              << QString::number(median(stall), 'f', 1) << " | " << QString::number(median(collWall), 'f', 1) << " | "
              << QString::number(median(collStall), 'f', 1) << " | " << QString::number(pw, 'f', 1) << " | "
              << QString::number(pw / cw, 'f', 2) << "x | " << shortQueries << " | " << failed << " |\n";
        out().flush();
    }
    server.terminate();
    server.waitForFinished(5000);
    return 0;
}
