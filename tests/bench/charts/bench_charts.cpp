// SPDX-License-Identifier: MIT
// bench_charts: how long one live refresh of the charts panel takes while a big run goes on.
//   bench_charts [--queries 64] [--pages 10] [--repeat 3]
// Feeds a compare run of N queries x P pages (synthetic timings, tweets spread over three
// days) into a ChartsPanel as the runner would: every request and page, in order of arrival,
// with a refresh every 100 ms of run time (the panel's coalescing interval). Each refresh is
// timed twice: refreshNow() (series and layout rebuilt from the run so far), and refreshNow()
// plus a synchronous repaint of the visible tab (what the person waits for). One line per tab.
// Not a test: run it by hand, offscreen or under Xvfb, and record the figures in docs/benchmarks.md.

#include "charts/chartspanel.h"
#include "charts/syntheticrun.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QStyleFactory>

#include <algorithm>
#include <cstdio>

using namespace ts;
using namespace ts::ui;

namespace {

struct Stats
{
    QList<double> ms;
    double median() const
    {
        QList<double> v = ms;
        std::sort(v.begin(), v.end());
        return v.isEmpty() ? 0 : v.at(v.size() / 2);
    }
    double p95() const
    {
        QList<double> v = ms;
        std::sort(v.begin(), v.end());
        return v.isEmpty() ? 0 : v.at(std::min<qsizetype>(v.size() - 1, qsizetype(v.size() * 0.95)));
    }
    double max() const { return ms.isEmpty() ? 0 : *std::max_element(ms.cbegin(), ms.cend()); }
    qsizetype over(double limit) const
    {
        return std::count_if(ms.cbegin(), ms.cend(), [limit](double v) { return v > limit; });
    }
};

QList<Tweet> tweetsFor(int count, QRandomGenerator &rng)
{
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    QList<Tweet> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        Tweet t;
        t.createdAtMs = end - qint64(rng.generateDouble() * 3 * 24 * 3600 * 1000.0);
        out.append(t);
    }
    return out;
}

/// Feeds one run into the panel in arrival order; times each refresh (every 100 ms of run time).
void feedRun(ChartsPanel &panel, QWidget *visible, const QStringList &queries, const search::RunSummary &run,
    QRandomGenerator &rng, Stats &update, Stats &withPaint)
{
    QList<search::RequestTiming> timings = run.requestTimings;
    std::sort(timings.begin(), timings.end(),
        [](const search::RequestTiming &a, const search::RequestTiming &b) { return a.parsedMs < b.parsedMs; });
    panel.runStarted(run.mode, queries);
    double nextRefresh = 100;
    const auto refresh = [&] {
        QElapsedTimer clock;
        clock.start();
        panel.refreshNow();
        update.ms.append(double(clock.nsecsElapsed()) / 1e6);
        visible->repaint();
        withPaint.ms.append(double(clock.nsecsElapsed()) / 1e6);
    };
    for (const search::RequestTiming &t : std::as_const(timings)) {
        if (t.parsedMs > nextRefresh) {
            refresh();
            nextRefresh = t.parsedMs + 100;
        }
        panel.requestFinished(run.mode, t);
        panel.addTweets(t.queryIndex, tweetsFor(t.tweets, rng));
    }
    panel.runFinished(run);
    refresh();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times live refreshes of the charts panel."));
    parser.addHelpOption();
    const QCommandLineOption queriesOption(
        QStringLiteral("queries"), QStringLiteral("Queries per run."), QStringLiteral("N"), QStringLiteral("64"));
    const QCommandLineOption pagesOption(
        QStringLiteral("pages"), QStringLiteral("Pages per query."), QStringLiteral("P"), QStringLiteral("10"));
    const QCommandLineOption repeatOption(
        QStringLiteral("repeat"), QStringLiteral("Compare runs per tab."), QStringLiteral("R"), QStringLiteral("3"));
    parser.addOptions({ queriesOption, pagesOption, repeatOption });
    parser.process(app);
    const int n = std::max(1, parser.value(queriesOption).toInt());
    const int pages = std::max(1, parser.value(pagesOption).toInt());
    const int repeats = std::max(1, parser.value(repeatOption).toInt());
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QStringList queries;
    for (int i = 0; i < n; ++i)
        queries.append(QStringLiteral("query %1 lang:en").arg(i + 1));
    testing::SyntheticOptions o;
    o.pages = pages;
    const search::RunSummary seq = testing::sequentialRun(queries, o);
    const search::RunSummary conc = testing::concurrentRun(queries, o);

    std::printf("charts panel, %d queries x %d pages (%lld requests per run), compare run fed live, %d repeats\n", n,
        pages, qlonglong(seq.requestTimings.size()), repeats);
    std::printf("%-10s %9s %12s %12s %10s %14s %14s %14s\n", "tab", "refreshes", "update med", "update p95",
        "update max", "+paint median", "+paint max", "+paint >16ms");
    for (ChartsPanel::Tab tab : { ChartsPanel::Tab::Timing, ChartsPanel::Tab::Waterfall, ChartsPanel::Tab::Volume }) {
        Stats update;
        Stats withPaint;
        for (int r = 0; r < repeats; ++r) {
            ChartsPanel panel;
            panel.resize(1200, 700);
            panel.setCurrentTab(tab);
            panel.show();
            QCoreApplication::processEvents();
            QRandomGenerator rng(42 + r);
            QWidget *visible = &panel;
            feedRun(panel, visible, queries, seq, rng, update, withPaint);
            feedRun(panel, visible, queries, conc, rng, update, withPaint);
        }
        const char *name = tab == ChartsPanel::Tab::Timing ? "timing"
            : tab == ChartsPanel::Tab::Waterfall           ? "waterfall"
                                                           : "volume";
        std::printf("%-10s %9lld %9.2f ms %9.2f ms %7.2f ms %11.2f ms %11.2f ms %14lld\n", name,
            qlonglong(update.ms.size()), update.median(), update.p95(), update.max(), withPaint.median(),
            withPaint.max(), qlonglong(withPaint.over(16)));
    }
    return 0;
}
