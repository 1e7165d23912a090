// SPDX-License-Identifier: MIT
// chartdemo: renders the charts to PNG files so a person can look at them.
//   chartdemo OUTDIR [--synthetic] [--width W] [--height H] [--dark]
// Default: real compare runs (6 seed queries, then 64) and a real sweep against a local archive
// started on 127.0.0.1 port 0; --synthetic feeds made-up timings instead.
// Not a test: built with the tests, run by hand (under Xvfb or QT_QPA_PLATFORM=offscreen).

#include "archive/service/localarchiveserver.h"
#include "chartmath/volumebuckets.h"
#include "charts/chartarchive.h"
#include "charts/chartspanel.h"
#include "charts/syntheticrun.h"
#include "search/countsfetcher.h"
#include "search/sweeprunner.h"
#include "testarchive.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QStyleFactory>
#include <QTemporaryDir>

#include <cmath>
#include <cstdio>

using namespace ts;
using namespace ts::ui;

namespace {

QStringList manyQueries(int n)
{
    static const QStringList words { QStringLiteral("eclipse"), QStringLiteral("nuclear"), QStringLiteral("korea"),
        QStringLiteral("cats"), QStringLiteral("ai"), QStringLiteral("memes"), QStringLiteral("climate"),
        QStringLiteral("election"), QStringLiteral("football"), QStringLiteral("bitcoin"), QStringLiteral("music"),
        QStringLiteral("rain"), QStringLiteral("science"), QStringLiteral("space"), QStringLiteral("coffee"),
        QStringLiteral("dogs") };
    QStringList out;
    for (int i = 0; i < n; ++i)
        out.append(i < words.size() ? words.at(i)
                                    : words.at(i % words.size()) + QStringLiteral(" lang:en -is:retweet ")
                    + QString::number(i / words.size()));
    return out;
}

void feed(ChartsPanel &panel, const QStringList &queries, const search::RunSummary &seq, const search::RunSummary &conc)
{
    panel.clear();
    panel.runStarted(search::RunMode::Sequential, queries);
    for (const auto &t : seq.requestTimings)
        panel.requestFinished(search::RunMode::Sequential, t);
    panel.runFinished(seq);
    panel.runStarted(search::RunMode::Concurrent, queries);
    for (const auto &t : conc.requestTimings)
        panel.requestFinished(search::RunMode::Concurrent, t);
    panel.runFinished(conc);
}

/// Tweet times with a daily rhythm over a week, more for popular queries.
void feedVolume(ChartsPanel &panel, int queries)
{
    QRandomGenerator rng(42);
    const qint64 end = QDateTime::fromString(QStringLiteral("2024-04-09T00:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    const qint64 span = 3 * 24 * 3600 * 1000LL;
    for (int q = 0; q < queries; ++q) {
        QList<Tweet> tweets;
        const int n = 3000 / (q + 1) + 200;
        while (tweets.size() < n) {
            const qint64 t = end - qint64(rng.generateDouble() * span);
            const double hour = double((t / 3600000) % 24);
            const double weight = 0.35 + 0.65 * std::pow(std::sin((hour - 6 + q) / 24.0 * M_PI), 2);
            if (rng.generateDouble() > weight)
                continue;
            Tweet tweet;
            tweet.createdAtMs = t;
            tweets.append(tweet);
        }
        panel.addTweets(q, tweets);
    }
}

search::SweepResult syntheticSweep(const QStringList &queries, int repeats)
{
    search::SweepResult r;
    r.queries = queries;
    r.levels = search::sweepLevels(int(queries.size()));
    r.repeats = repeats;
    QRandomGenerator rng(7);
    const double perQuery = 700;
    for (int repeat = 0; repeat < repeats; ++repeat) {
        for (int c : r.levels) {
            // Six connections per manager and a little overhead per request in flight.
            const double waves = std::ceil(double(queries.size()) / c);
            const double wall = waves * perQuery * (1 + 0.02 * c) * (0.95 + 0.1 * rng.generateDouble());
            r.samples.append(
                { c, repeat, wall, perQuery * queries.size(), int(queries.size()), 100 * int(queries.size()), 0 });
        }
    }
    return r;
}

/// A real compare run, its signals wired to the panel as the main window does.
bool realCompare(ChartsPanel &panel, const search::ConnectionConfig &c, const QStringList &queries, int pages)
{
    panel.clear();
    search::SearchRunner runner;
    QObject::connect(&runner, &search::SearchRunner::runStarted, &panel,
        [&](search::RunMode mode, const QStringList &queries) { panel.runStarted(mode, queries, runner.baseUrl()); });
    QObject::connect(&runner, &search::SearchRunner::requestFinished, &panel, &ChartsPanel::requestFinished);
    QObject::connect(&runner, &search::SearchRunner::runFinished, &panel, &ChartsPanel::runFinished);
    QObject::connect(&runner, &search::SearchRunner::pageReceived, &panel, &ChartsPanel::addTweets);
    QEventLoop loop;
    QObject::connect(&runner, &search::SearchRunner::finished, &loop, &QEventLoop::quit);
    search::SearchOptions o;
    o.maxResults = 100;
    o.pages = pages;
    if (!runner.startCompare(c, queries, o))
        return false;
    loop.exec();
    std::fprintf(stderr, "compare run of %d queries done\n", int(queries.size()));
    return true;
}

bool realSweep(ChartsPanel &panel, const search::ConnectionConfig &c, const QStringList &queries, int repeats)
{
    search::SearchRunner runner;
    search::SweepRunner sweep(&runner);
    QObject::connect(&sweep, &search::SweepRunner::resultChanged, &panel, &ChartsPanel::setSweepResult);
    QEventLoop loop;
    QObject::connect(&sweep, &search::SweepRunner::finished, &loop, &QEventLoop::quit);
    search::SearchOptions o;
    o.maxResults = 100;
    o.pages = 1;
    if (!sweep.start(c, queries, o, repeats))
        return false;
    loop.exec();
    std::fprintf(stderr, "sweep of %d queries done\n", int(queries.size()));
    return true;
}

/// Tweets per hour of every query from the counts endpoint, fetching no tweets.
bool realCounts(ChartsPanel &panel, const search::ConnectionConfig &c, const QStringList &queries)
{
    search::CountsFetcher fetcher;
    QObject::connect(&fetcher, &search::CountsFetcher::queryCounted, &panel,
        [&panel](int q, const search::QueryCounts &counts) { panel.addCounts(q, counts.buckets); });
    QEventLoop loop;
    QObject::connect(&fetcher, &search::CountsFetcher::finished, &loop, &QEventLoop::quit);
    search::SearchOptions o;
    o.startTime = QDateTime::currentDateTimeUtc().addDays(-4);
    const BucketSize size = chooseBucketSize(4 * 24 * 3600 * 1000LL);
    panel.startCountsVolume(queries, size);
    QString error;
    if (!fetcher.start(c, queries, size, o, &error)) {
        std::fprintf(stderr, "chartdemo: %s\n", qPrintable(error));
        return false;
    }
    loop.exec();
    std::fprintf(stderr, "counts of %d queries done\n", int(queries.size()));
    return true;
}

bool save(ChartsPanel &panel, ChartsPanel::Tab tab, const QString &path)
{
    panel.setCurrentTab(tab);
    QString error;
    if (!panel.savePng(path, &error)) {
        std::fprintf(stderr, "chartdemo: %s\n", qPrintable(error));
        return false;
    }
    std::fprintf(stderr, "wrote %s\n", qPrintable(path));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Renders Tweetscope's charts to PNG files."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("outdir"), QStringLiteral("Where the PNG files go."));
    const QCommandLineOption widthOption(QStringLiteral("width"), QStringLiteral("Panel width in pixels."),
        QStringLiteral("px"), QStringLiteral("1200"));
    const QCommandLineOption heightOption(QStringLiteral("height"), QStringLiteral("Panel height in pixels."),
        QStringLiteral("px"), QStringLiteral("700"));
    const QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    const QCommandLineOption syntheticOption(
        QStringLiteral("synthetic"), QStringLiteral("Made-up timings instead of real runs."));
    const QCommandLineOption latencyOption(QStringLiteral("latency"),
        QStringLiteral("Local archive latency profile (real runs)."), QStringLiteral("spec"),
        QStringLiteral("lognormal:300,0.2"));
    parser.addOptions({ widthOption, heightOption, darkOption, syntheticOption, latencyOption });
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "chartdemo: expected one OUTDIR\n");
        return 2;
    }
    const QDir out(parser.positionalArguments().constFirst());
    QDir().mkpath(out.path());

    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (parser.isSet(darkOption)) {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::AlternateBase, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
        app.setPalette(dark);
    }
    const QString suffix = parser.isSet(darkOption) ? QStringLiteral("-dark") : QString();

    ChartsPanel panel;
    panel.resize(parser.value(widthOption).toInt(), parser.value(heightOption).toInt());
    panel.show();
    QCoreApplication::processEvents();

    bool ok = true;
    if (!parser.isSet(syntheticOption)) {
        QTemporaryDir dir;
        const QStringList words = testing::chartWords(64);
        const QString db = dir.filePath(QStringLiteral("archive.sqlite"));
        const qint64 end = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
        QString error;
        archive::ServiceOptions so;
        so.dbPath = db;
        const auto latency = archive::LatencyProfile::parse(parser.value(latencyOption), &error);
        if (!latency
            || !testing::writeArchive(db, testing::chartTweets(words, 150, end, 3 * 24 * 3600 * 1000LL), &error)) {
            std::fprintf(stderr, "chartdemo: %s\n", qPrintable(error));
            return 1;
        }
        so.latency = *latency;
        archive::LocalArchiveServer server(so);
        if (!server.start(&error)) {
            std::fprintf(stderr, "chartdemo: %s\n", qPrintable(error));
            return 1;
        }
        search::ConnectionConfig c;
        c.provider = search::ProviderKind::Local;
        c.baseUrl = server.baseUrl();
        const QStringList seeds = words.mid(0, 6);
        ok &= realCompare(panel, c, seeds, 2);
        ok &= save(panel, ChartsPanel::Tab::Timing, out.filePath(QStringLiteral("charts-timing-6%1.png").arg(suffix)));
        ok &= save(
            panel, ChartsPanel::Tab::Waterfall, out.filePath(QStringLiteral("charts-waterfall-6%1.png").arg(suffix)));
        ok &= save(panel, ChartsPanel::Tab::Volume, out.filePath(QStringLiteral("charts-volume-6%1.png").arg(suffix)));
        ok &= realSweep(panel, c, seeds, 3);
        ok &= save(panel, ChartsPanel::Tab::Sweep, out.filePath(QStringLiteral("charts-sweep-6%1.png").arg(suffix)));
        ok &= realCompare(panel, c, words, 1);
        ok &= save(panel, ChartsPanel::Tab::Timing, out.filePath(QStringLiteral("charts-timing-64%1.png").arg(suffix)));
        ok &= save(
            panel, ChartsPanel::Tab::Waterfall, out.filePath(QStringLiteral("charts-waterfall-64%1.png").arg(suffix)));
        ok &= save(panel, ChartsPanel::Tab::Volume, out.filePath(QStringLiteral("charts-volume-64%1.png").arg(suffix)));
        ok &= realCounts(panel, c, seeds);
        ok &= save(
            panel, ChartsPanel::Tab::Volume, out.filePath(QStringLiteral("charts-volume-counts-6%1.png").arg(suffix)));
        ok &= realSweep(panel, c, words, 1);
        ok &= save(panel, ChartsPanel::Tab::Sweep, out.filePath(QStringLiteral("charts-sweep-64%1.png").arg(suffix)));
        return ok ? 0 : 1;
    }

    const QStringList seeds = testing::seedQueries();
    feed(panel, seeds, testing::sequentialRun(seeds), testing::concurrentRun(seeds));
    ok &= save(panel, ChartsPanel::Tab::Timing, out.filePath(QStringLiteral("charts-timing-6%1.png").arg(suffix)));
    ok &= save(
        panel, ChartsPanel::Tab::Waterfall, out.filePath(QStringLiteral("charts-waterfall-6%1.png").arg(suffix)));
    feedVolume(panel, int(seeds.size()));
    ok &= save(panel, ChartsPanel::Tab::Volume, out.filePath(QStringLiteral("charts-volume-6%1.png").arg(suffix)));

    const QStringList many = manyQueries(64);
    testing::SyntheticOptions o;
    o.pages = 3;
    feed(panel, many, testing::sequentialRun(many, o), testing::concurrentRun(many, o));
    ok &= save(panel, ChartsPanel::Tab::Timing, out.filePath(QStringLiteral("charts-timing-64%1.png").arg(suffix)));
    ok &= save(
        panel, ChartsPanel::Tab::Waterfall, out.filePath(QStringLiteral("charts-waterfall-64%1.png").arg(suffix)));
    feedVolume(panel, 64);
    ok &= save(panel, ChartsPanel::Tab::Volume, out.filePath(QStringLiteral("charts-volume-64%1.png").arg(suffix)));
    panel.setSweepResult(syntheticSweep(many, 3));
    ok &= save(panel, ChartsPanel::Tab::Sweep, out.filePath(QStringLiteral("charts-sweep-64%1.png").arg(suffix)));
    panel.setSweepResult(syntheticSweep(seeds, 3));
    ok &= save(panel, ChartsPanel::Tab::Sweep, out.filePath(QStringLiteral("charts-sweep-6%1.png").arg(suffix)));
    return ok ? 0 : 1;
}
