// SPDX-License-Identifier: MIT
#include "chartmath/axisticks.h"
#include "chartmath/querytimes.h"
#include "charts/chartspanel.h"
#include "charts/chartstyle.h"
#include "charts/compareview.h"
#include "charts/sweepchart.h"
#include "charts/syntheticrun.h"
#include "charts/timingchart.h"
#include "charts/volumechart.h"
#include "charts/waterfallcanvas.h"
#include "charts/waterfallview.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCheckBox>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QImageReader>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QValueAxis>
#include <cmath>

using namespace ts;
using namespace Qt::StringLiterals;
using namespace ts::ui;
using search::RunMode;

namespace {
/// Feeds a compare run the way SearchRunner's signals do: timings one by one, then the summaries.
void feedCompare(
    ChartsPanel &panel, const QStringList &queries, const search::RunSummary &seq, const search::RunSummary &conc)
{
    panel.runStarted(RunMode::Sequential, queries);
    for (const auto &t : seq.requestTimings)
        panel.requestFinished(RunMode::Sequential, t);
    panel.runFinished(seq);
    panel.runStarted(RunMode::Concurrent, queries);
    for (const auto &t : conc.requestTimings)
        panel.requestFinished(RunMode::Concurrent, t);
    panel.runFinished(conc);
}

QList<Tweet> tweetsAt(const QList<qint64> &times)
{
    QList<Tweet> out;
    for (qint64 t : times) {
        Tweet tweet;
        tweet.id = QString::number(out.size() + 1);
        tweet.createdAtMs = t;
        out.append(tweet);
    }
    return out;
}
} // namespace

class TestChartsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void timingBarsPerQuery();
    void liveUpdatesAreCoalesced();
    void waterfallPhaseRectangles();
    void waterfallMarksRetriesAnd429();
    void waterfallClickSelectsQuery();
    void timingClickSelectsQuery();
    void manyQueriesStayReadable();
    void volumeBuckets();
    void volumeFromCountsAndBack();
    void providersSideBySide();
    void providersVolumeCapsByQuery_data();
    void providersVolumeCapsByQuery();
    void sweep();
    void darkPalette();
    void savePng_data();
    void savePng();
    void savePngFailsClearly();
    void exportImage_data();
    void exportImage();
    void exportImageBounds();
    void narrowTabsFit();
    void compareConnectPhaseAndEmptySide();
    void shortTabsKeepTheirPlot();

private:
    std::unique_ptr<ChartsPanel> m_panel;
    QStringList m_queries;
    search::RunSummary m_seq;
    search::RunSummary m_conc;
};

void TestChartsPanel::init()
{
    m_panel = std::make_unique<ChartsPanel>();
    m_panel->resize(1100, 700);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_queries = testing::seedQueries();
    m_seq = testing::sequentialRun(m_queries);
    m_conc = testing::concurrentRun(m_queries);
}

void TestChartsPanel::cleanup()
{
    m_panel.reset();
}

void TestChartsPanel::timingBarsPerQuery()
{
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->refreshNow();
    TimingChart *timing = m_panel->timingChart();
    const QList<QueryTime> seqTimes = queryTimes(m_seq.requestTimings, 6);
    const QList<QueryTime> concTimes = queryTimes(m_conc.requestTimings, 6);
    for (int q = 0; q < 6; ++q) {
        QCOMPARE(timing->sequentialMs(q), seqTimes.at(q).durationMs());
        QCOMPARE(timing->concurrentMs(q), concTimes.at(q).durationMs());
        QVERIFY(timing->sequentialMs(q) > 0);
    }
    // Query 2 ("nuclear") waited for a 429 reset: its concurrent bar is longer than its sequential one.
    QVERIFY(timing->concurrentMs(1) > timing->sequentialMs(1));
    const QString totals = timing->totalsText();
    QVERIFY2(totals.contains(QStringLiteral("Speedup %1×").arg(m_seq.wallMs / m_conc.wallMs, 0, 'f', 2)),
        qPrintable(totals));
    QVERIFY2(totals.contains(QStringLiteral("efficiency %1%").arg(m_seq.wallMs / m_conc.wallMs / 6 * 100, 0, 'f', 0)),
        qPrintable(totals));
    QVERIFY(totals.contains(QStringLiteral("Sequential: wall ")));
}

void TestChartsPanel::liveUpdatesAreCoalesced()
{
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    for (const auto &t : m_conc.requestTimings)
        m_panel->requestFinished(RunMode::Concurrent, t);
    // Nothing redrawn yet: one refresh comes after the interval, not one per request.
    QCOMPARE(m_panel->waterfallView()->canvas()->layout().bars.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_panel->waterfallView()->canvas()->layout().bars.size(), m_conc.requestTimings.size(), 2000);
    QVERIFY(m_panel->timingChart()->totalsText().contains(QStringLiteral("(running)")));
    QVERIFY(!m_panel->timingChart()->totalsText().contains(QStringLiteral("Speedup")));
}

void TestChartsPanel::waterfallPhaseRectangles()
{
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->setCurrentTab(ChartsPanel::Tab::Waterfall);
    m_panel->refreshNow();
    WaterfallCanvas *canvas = m_panel->waterfallView()->canvas();
    const WaterfallLayout &layout = canvas->layout();
    QCOMPARE(layout.bars.size(), m_seq.requestTimings.size() + m_conc.requestTimings.size());
    QCOMPARE(canvas->laneMode(), LaneMode::PerRequest);

    const int width = canvas->width();
    const TimeScale scale = canvas->scale(width);
    for (int i = 0; i < layout.bars.size(); ++i) {
        const WaterfallBar &bar = layout.bars.at(i);
        for (Phase phase : { Phase::Waiting, Phase::Download, Phase::Parse }) {
            const QRectF r = canvas->phaseRect(i, phase, width);
            const double ms = bar.phases.lengthOf(phase);
            // Each phase rectangle is as long as its phase on the shared scale.
            QVERIFY(qAbs(r.width() - ms * scale.pixelsPerMs()) < 0.01);
        }
    }
    // Sequential lanes sit above concurrent ones, and both use one scale.
    const WaterfallBar &firstSeq = layout.bars.constFirst();
    const WaterfallBar &lastConc = layout.bars.constLast();
    QCOMPARE(firstSeq.run, 0);
    QCOMPARE(lastConc.run, 1);
    QVERIFY(canvas->rowTop(firstSeq.row) < canvas->rowTop(lastConc.row));
    QCOMPARE(layout.endMs, m_seq.requestTimings.constLast().parsedMs);
}

void TestChartsPanel::waterfallMarksRetriesAnd429()
{
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->refreshNow();
    WaterfallCanvas *canvas = m_panel->waterfallView()->canvas();
    const WaterfallLayout &layout = canvas->layout();
    int http429 = -1;
    int retry = -1;
    for (int i = 0; i < layout.bars.size(); ++i) {
        if (layout.bars.at(i).phases.marks & RequestMark::Http429)
            http429 = i;
        if (layout.bars.at(i).phases.marks & RequestMark::Retry)
            retry = i;
    }
    QVERIFY(http429 >= 0);
    QVERIFY(retry >= 0);
    // The retry's wait for the rate-limit reset is its own phase, not hidden in queueing.
    const QRectF wait = canvas->phaseRect(retry, Phase::RateLimitWait, canvas->width());
    QVERIFY(wait.width() > 0);
    QVERIFY(canvas->phaseRect(retry, Phase::Queued, canvas->width()).isEmpty());
    const QString tip = canvas->tooltipFor(http429);
    QVERIFY2(tip.contains(QStringLiteral("status 429")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("nuclear")), qPrintable(tip));
    QVERIFY2(canvas->tooltipFor(retry).contains(QStringLiteral("attempt 2")), qPrintable(canvas->tooltipFor(retry)));
    QVERIFY(canvas->tooltipFor(retry).contains(QStringLiteral("rate-limit wait")));
}

void TestChartsPanel::waterfallClickSelectsQuery()
{
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->setCurrentTab(ChartsPanel::Tab::Waterfall);
    m_panel->refreshNow();
    WaterfallCanvas *canvas = m_panel->waterfallView()->canvas();
    QSignalSpy spy(m_panel.get(), &ChartsPanel::querySelected);
    // The sequential run's third request belongs to the second query (two pages per query).
    const int bar = canvas->layout().rows.at(3).bars.constFirst();
    const QRectF r = canvas->phaseRect(bar, Phase::Waiting, canvas->width());
    QCOMPARE(canvas->barAt(r.center().toPoint()), bar);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, r.center().toPoint());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.constFirst().constFirst().toInt(), 1);
    // A click in the gutter selects nothing.
    QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(5, int(r.center().y())));
    QCOMPARE(spy.size(), 1);
}

void TestChartsPanel::timingClickSelectsQuery()
{
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->refreshNow();
    QSignalSpy spy(m_panel.get(), &ChartsPanel::querySelected);
    // The bars are QtCharts items: their click arrives as the series' clicked(category, set).
    TimingChart *timing = m_panel->timingChart();
    Q_EMIT timing->series()->clicked(5, timing->concurrentSet()); // the bottom category is the first query
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.constFirst().constFirst().toInt(), 0);
}

void TestChartsPanel::manyQueriesStayReadable()
{
    QStringList queries;
    for (int i = 0; i < 64; ++i)
        queries.append(QStringLiteral("query number %1 with words").arg(i + 1));
    testing::SyntheticOptions o;
    o.pages = 3;
    const auto seq = testing::sequentialRun(queries, o);
    const auto conc = testing::concurrentRun(queries, o);
    feedCompare(*m_panel, queries, seq, conc);
    m_panel->refreshNow();
    // Timing: one row per query, scrolling instead of squeezing 64 labels into the window.
    auto *view = m_panel->timingChart()->findChild<QWidget *>(QStringLiteral("timingChartView"));
    QVERIFY(view->minimumHeight() >= 64 * 20);
    QCOMPARE(m_panel->timingChart()->concurrentMs(63), queryTimes(conc.requestTimings, 64).at(63).durationMs());
    // Waterfall: 384 requests still get a lane each, at least 4 px tall.
    WaterfallCanvas *canvas = m_panel->waterfallView()->canvas();
    QCOMPARE(canvas->laneMode(), LaneMode::PerRequest);
    QVERIFY(canvas->laneHeight() >= 4);
    QCOMPARE(canvas->layout().bars.size(), seq.requestTimings.size() + conc.requestTimings.size());
    // Lanes thinner than a line of text: a label every few lanes, never overlapping.
    const int textHeight = canvas->fontMetrics().height();
    QVERIFY(canvas->laneHeight() < textHeight);
    QVERIFY(canvas->labelStride(textHeight) * canvas->laneHeight() >= textHeight);
    QVERIFY(canvas->labelStride(textHeight) <= 5); // 384 lanes of 4 px: every 4th or 5th
    // Timing ticks at round values: the axis ends on a whole number of steps.
    auto *axis = qobject_cast<QValueAxis *>(m_panel->timingChart()->chart()->axes(Qt::Horizontal).value(0));
    const double step = axis->max() / (axis->tickCount() - 1);
    QCOMPARE(step / std::pow(10.0, std::floor(std::log10(step))) * 10,
        std::round(step / std::pow(10.0, std::floor(std::log10(step))) * 10));

    // Past AutoPackAbove requests the lanes pack unless the person chose otherwise.
    o.pages = 5;
    const auto bigSeq = testing::sequentialRun(queries, o);
    const auto bigConc = testing::concurrentRun(queries, o);
    m_panel->clear();
    feedCompare(*m_panel, queries, bigSeq, bigConc);
    m_panel->refreshNow();
    QCOMPARE(canvas->laneMode(), LaneMode::Packed);
    // Queued requests overlap too, so the 64 first pages need 64 lanes; later pages reuse them.
    QVERIFY(canvas->layout().laneCount(1) >= 64);
    QVERIFY(canvas->layout().laneCount(1) < bigConc.requestTimings.size() / 2);
    QCOMPARE(canvas->layout().laneCount(0), 1); // a sequential run is one lane when packed
    m_panel->waterfallView()->findChild<QCheckBox *>(QStringLiteral("packLanes"))->setChecked(false);
    QCOMPARE(canvas->laneMode(), LaneMode::PerRequest);
    QCOMPARE(canvas->layout().laneCount(1), bigConc.requestTimings.size());
}

void TestChartsPanel::volumeBuckets()
{
    const qint64 t0 = QDateTime::fromString(QStringLiteral("2024-04-08T18:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    constexpr qint64 hour = 3600 * 1000;
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    m_panel->addTweets(0, tweetsAt({ t0 + 1000, t0 + 2000, t0 + hour + 5, t0 + 4 * hour }));
    m_panel->addTweets(2, tweetsAt({ t0 + 2 * hour, t0 + 2 * hour + 60000 }));
    m_panel->addTweets(0, tweetsAt({ t0 + 4 * hour + 10 }));
    m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
    m_panel->refreshNow();
    VolumeChart *volume = m_panel->volumeChart();
    const QList<QLineSeries *> lines = volume->lines();
    QCOMPARE(lines.size(), 2); // queries without tweets get no line
    QCOMPARE(lines.at(0)->name(), QStringLiteral("eclipse (5)"));
    QCOMPARE(lines.at(1)->name(), QStringLiteral("korea (2)"));
    const QList<QPointF> eclipse = lines.at(0)->points();
    QCOMPARE(eclipse.size(), 5); // hours 18..22
    QCOMPARE(eclipse.at(0), QPointF(double(t0), 2));
    QCOMPARE(eclipse.at(1).y(), 1.0);
    QCOMPARE(eclipse.at(2).y(), 0.0);
    QCOMPARE(eclipse.at(4), QPointF(double(t0 + 4 * hour), 2));
    QCOMPARE(lines.at(1)->points().at(2).y(), 2.0);
    QVERIFY2(volume->summaryText().startsWith(QStringLiteral("Fetched tweets only: 7, the newest of each query"))
            && volume->summaryText().contains(QStringLiteral("one point per hour")),
        qPrintable(volume->summaryText()));
    QCOMPARE(lines.at(0)->pen().color(), chartstyle::queryColor(0));

    // A new run starts counting afresh (a compare fetches the same tweets twice).
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    m_panel->refreshNow();
    QCOMPARE(volume->lines().size(), 0);
}

void TestChartsPanel::providersSideBySide()
{
    // The same queries on two providers, one concurrent run each (SearchRunner::startAcross):
    // every tab shows them side by side under the providers' titles, with no speedup.
    testing::SyntheticOptions faster, slower;
    faster.with429 = false;
    slower.baseLatencyMs = 300;
    slower.with429 = false;
    search::RunSummary first = testing::concurrentRun(m_queries, faster);
    first.provider = u"local"_s;
    search::RunSummary second = testing::concurrentRun(m_queries, slower);
    second.provider = u"bluesky"_s;
    const qint64 t0 = QDateTime::fromString(u"2024-04-08T18:00:00Z"_s, Qt::ISODate).toMSecsSinceEpoch();
    m_panel->startProviderCompare({ u"Local archive"_s, u"Bluesky"_s });
    int side = 0;
    for (const search::RunSummary &run : { first, second }) {
        m_panel->runStarted(RunMode::Concurrent, m_queries);
        for (const auto &t : run.requestTimings)
            m_panel->requestFinished(RunMode::Concurrent, t);
        m_panel->addTweets(0, tweetsAt(side == 0 ? QList<qint64> { t0, t0 + 1, t0 + 2 } : QList<qint64> { t0 }));
        m_panel->runFinished(run);
        ++side;
    }
    m_panel->refreshNow();
    const CompareData &data = m_panel->compareData();
    QVERIFY(data.comparesProviders());
    QCOMPARE(data.title(0), u"Local archive"_s);
    QCOMPARE(data.title(1), u"Bluesky"_s);
    QCOMPARE(data.summary(0)->provider, u"local"_s);
    QCOMPARE(data.summary(1)->provider, u"bluesky"_s);

    // Timing: a bar set per provider, each with its own run's times.
    TimingChart *timing = m_panel->timingChart();
    QCOMPARE(timing->sequentialSet()->label(), u"Local archive"_s);
    QCOMPARE(timing->concurrentSet()->label(), u"Bluesky"_s);
    const QList<QueryTime> firstTimes = queryTimes(first.requestTimings, 6);
    const QList<QueryTime> secondTimes = queryTimes(second.requestTimings, 6);
    for (int q = 0; q < 6; ++q) {
        QCOMPARE(timing->sequentialMs(q), firstTimes.at(q).durationMs());
        QCOMPARE(timing->concurrentMs(q), secondTimes.at(q).durationMs());
    }
    const QString totals = timing->totalsText();
    QVERIFY2(
        totals.startsWith(u"Local archive: wall "_s) && totals.contains(u"\nBluesky: wall "_s), qPrintable(totals));
    QVERIFY2(!totals.contains(u"peedup"_s), qPrintable(totals));

    // Compare: both providers' requests, one lane per query each, no speedup headline.
    CompareView *compare = m_panel->compareView();
    const CompareLayout &layout = compare->layoutData();
    QVERIFY(layout.comparesProviders);
    QCOMPARE(layout.perQuery, (std::array<bool, 2> { true, true }));
    QCOMPARE(layout.sequential.size(), first.requestTimings.size());
    QCOMPARE(layout.concurrent.size(), second.requestTimings.size());
    QCOMPARE(layout.slowestSide, 1); // Bluesky's run was the longer one
    QVERIFY(compare->headline().isEmpty());
    QVERIFY2(compare->detailText().startsWith(u"Local archive: "_s) && compare->detailText().contains(u"; Bluesky: "_s),
        qPrintable(compare->detailText()));
    QVERIFY2(compare->slowestText().startsWith(u"Slowest request of Bluesky"_s), qPrintable(compare->slowestText()));
    for (int q = 0; q < 6; ++q)
        QVERIFY(compare->laneRect(0, q).bottom() < compare->laneRect(1, 0).top());
    QVERIFY(compare->laneRect(1, 5).bottom() < compare->axisRect().top());

    // Waterfall: one group per provider, headed by its title.
    const QList<WaterfallRun> &runs = m_panel->waterfallView()->canvas()->runs();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).heading(), u"Local archive"_s);
    QCOMPARE(runs.at(1).heading(), u"Bluesky"_s);

    // Volume: a line per query and provider.
    m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
    m_panel->refreshNow();
    const QList<QLineSeries *> lines = m_panel->volumeChart()->lines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0)->name(), u"eclipse · Local archive (3)"_s);
    QCOMPARE(lines.at(1)->name(), u"eclipse · Bluesky (1)"_s);
    // The same query in the same colour on both providers; the second provider's line dotted.
    QCOMPARE(lines.at(1)->pen().color(), lines.at(0)->pen().color());
    QCOMPARE(lines.at(0)->pen().style(), Qt::SolidLine);
    QCOMPARE(lines.at(1)->pen().style(), Qt::DotLine);
    QSignalSpy selected(m_panel.get(), &ChartsPanel::querySelected);
    Q_EMIT m_panel->volumeChart()->querySelected(6); // Bluesky's line of query 1
    QCOMPARE(selected.value(0).value(0).toInt(), 0);

    // Any other run brings back sequential against concurrent.
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->refreshNow();
    QVERIFY(!m_panel->compareData().comparesProviders());
    QCOMPARE(m_panel->timingChart()->sequentialSet()->label(), u"Sequential"_s);
    QVERIFY(!m_panel->compareView()->headline().isEmpty());
    QCOMPARE(m_panel->waterfallView()->canvas()->runs().at(0).heading(), u"Sequential"_s);
}

void TestChartsPanel::providersVolumeCapsByQuery_data()
{
    QTest::addColumn<int>("queries");
    QTest::addColumn<int>("ownQueries"); // queries with their own line on each provider
    QTest::addRow("6 queries: every one on both") << 6 << 6;
    QTest::addRow("10 queries: every one on both") << 10 << 10;
    QTest::addRow("12 queries: 9 on both, 3 folded per provider") << 12 << 9;
}

void TestChartsPanel::providersVolumeCapsByQuery()
{
    // Two providers side by side: the volume chart's cap of 10 counts queries, each with its
    // line on both providers, not lines (6 queries are 12 lines, none folded into "other").
    QFETCH(int, queries);
    QFETCH(int, ownQueries);
    QStringList names;
    for (int q = 0; q < queries; ++q)
        names << u"q%1"_s.arg(q + 1);
    const qint64 t0 = QDateTime::fromString(u"2024-04-08T18:00:00Z"_s, Qt::ISODate).toMSecsSinceEpoch();
    m_panel->startProviderCompare({ u"Local archive"_s, u"Bluesky"_s });
    for (int side = 0; side < 2; ++side) {
        m_panel->runStarted(RunMode::Concurrent, names);
        for (int q = 0; q < queries; ++q) {
            // Query q has queries - q tweets on the first provider and 1 on the second: the
            // smallest queries by their sum are the last ones.
            QList<qint64> times;
            for (int i = 0; i < (side == 0 ? queries - q : 1); ++i)
                times << t0 + i * 60000;
            m_panel->addTweets(q, tweetsAt(times));
        }
    }
    m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
    m_panel->refreshNow();
    const QList<QLineSeries *> lines = m_panel->volumeChart()->lines();
    const bool folded = ownQueries < queries;
    QCOMPARE(lines.size(), 2 * ownQueries + (folded ? 2 : 0));
    for (int q = 0; q < ownQueries; ++q) {
        QCOMPARE(lines.at(q)->name(), u"q%1 · Local archive (%2)"_s.arg(q + 1).arg(queries - q));
        QCOMPARE(lines.at(ownQueries + q)->name(), u"q%1 · Bluesky (1)"_s.arg(q + 1));
        // The same colour on both providers, the second's dotted.
        QCOMPARE(lines.at(ownQueries + q)->pen().color(), lines.at(q)->pen().color());
        QCOMPARE(lines.at(ownQueries + q)->pen().style(), Qt::DotLine);
    }
    if (folded) {
        const int rest = queries - ownQueries;
        qint64 firstRest = 0;
        for (int q = ownQueries; q < queries; ++q)
            firstRest += queries - q;
        QCOMPARE(lines.at(2 * ownQueries)->name(), u"other %1 queries · Local archive (%2)"_s.arg(rest).arg(firstRest));
        QCOMPARE(lines.at(2 * ownQueries + 1)->name(), u"other %1 queries · Bluesky (%2)"_s.arg(rest).arg(rest));
    }
    // One legend entry per query (and one for the rest), with its tweets on each provider:
    // 10 queries on two providers fit the legend where 20 entries would not.
    QVERIFY(!m_panel->volumeChart()->snapshot().isNull()); // the legend laid out (it is lazy)
    const QStringList legend = m_panel->volumeChart()->legendEntries();
    QCOMPARE(legend.size(), ownQueries + (folded ? 1 : 0));
    QCOMPARE(legend.constFirst(), u"q1 (%1 / 1)"_s.arg(queries));
    QVERIFY2(m_panel->volumeChart()->summaryText().contains(u"Solid lines: Local archive; dotted: Bluesky."_s),
        qPrintable(m_panel->volumeChart()->summaryText()));
}

void TestChartsPanel::volumeFromCountsAndBack()
{
    const qint64 t0 = QDateTime::fromString(QStringLiteral("2024-04-08T00:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    constexpr qint64 hour = 3600 * 1000;
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    m_panel->addTweets(0, tweetsAt({ t0 + 1000, t0 + 2 * hour }));
    m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
    m_panel->refreshNow();
    VolumeChart *volume = m_panel->volumeChart();
    QCOMPARE(volume->lines().size(), 1);

    // Counts replace the fetched tweets' lines; while nothing is counted the tab says so.
    m_panel->startCountsVolume(m_queries, BucketSize::Hour);
    m_panel->refreshNow();
    QCOMPARE(volume->lines().size(), 0);
    QVERIFY2(
        volume->summaryText().contains(QStringLiteral("Counting tweets per hour")), qPrintable(volume->summaryText()));
    m_panel->addCounts(
        1, { { t0 + 30 * 60000, t0 + hour, 4 }, { t0 + hour, t0 + 2 * hour, 0 }, { t0 + 2 * hour, t0 + 3 * hour, 9 } });
    m_panel->addCounts(
        3, { { t0 + 30 * 60000, t0 + hour, 1 }, { t0 + hour, t0 + 2 * hour, 2 }, { t0 + 2 * hour, t0 + 3 * hour, 0 } });
    m_panel->refreshNow();
    const QList<QLineSeries *> lines = volume->lines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0)->name(), QStringLiteral("nuclear (13)"));
    QCOMPARE(lines.at(0)->points(),
        (QList<QPointF> { { double(t0), 4 }, { double(t0 + hour), 0 }, { double(t0 + 2 * hour), 9 } }));
    QCOMPARE(lines.at(1)->pen().color(), chartstyle::queryColor(3));
    QVERIFY2(volume->summaryText().contains(QStringLiteral("Full volume: 16 tweets matched, counted per hour")),
        qPrintable(volume->summaryText()));
    QCOMPARE(volume->chart()->title(), u"Full volume per query (counts endpoint)"_s);
    QCOMPARE(volume->valueAxis()->titleText(), u"tweets per hour"_s);
    // Every line has its legend entry, also after the lines were all removed and made again.
    QVERIFY(!volume->snapshot().isNull());
    QCOMPARE(volume->legendEntries(), (QStringList { QStringLiteral("nuclear (13)"), QStringLiteral("cats (3)") }));
    QVERIFY(volume->legendLabel()->isVisible());
    // Ticks on whole hours.
    QCOMPARE(volume->timeAxis()->min().toMSecsSinceEpoch() % hour, 0);
    QCOMPARE(volume->timeAxis()->max().toMSecsSinceEpoch() % hour, 0);

    // A run's tweets take the tab back.
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    m_panel->addTweets(2, tweetsAt({ t0 }));
    m_panel->refreshNow();
    QCOMPARE(volume->lines().size(), 1);
    QVERIFY(!volume->data().fromCounts);
    // Fetched tweets are said to be what they are: not the full volume.
    QVERIFY2(volume->summaryText().startsWith(u"Fetched tweets only: 1, the newest of each query"_s),
        qPrintable(volume->summaryText()));
    QVERIFY(volume->chart()->title().startsWith(u"Fetched tweets per query"_s));
}

void TestChartsPanel::sweep()
{
    search::SweepResult result;
    result.queries = m_queries;
    result.levels = search::sweepLevels(6);
    result.repeats = 3;
    const QList<double> base { 1500, 800, 450, 330 };
    for (int repeat = 0; repeat < 3; ++repeat) {
        for (int l = 0; l < 4; ++l)
            result.samples.append({ result.levels.at(l), repeat, base.at(l) + 10 * repeat, 0, 12, 1200, 0 });
    }
    m_panel->setSweepResult(result);
    m_panel->setCurrentTab(ChartsPanel::Tab::Sweep);
    m_panel->refreshNow();
    SweepChart *chart = m_panel->sweepChart();
    QCOMPARE(chart->wallSeries()->count(), 4);
    QCOMPARE(chart->wallSeries()->at(0), QPointF(levelPosition(1), 1.51)); // median of 1500, 1510, 1520 ms in s
    QCOMPARE(chart->repeatSeries()->count(), 12);
    QCOMPARE(chart->speedupSeries()->at(3), QPointF(levelPosition(6), 1510.0 / 340));
    QCOMPARE(chart->idealSeries()->at(2), QPointF(levelPosition(4), 4));
    QCOMPARE(chart->idealSeries()->at(3), QPointF(levelPosition(6), 6));
    // A tick at every level, the last one (6) too, though it is not a power of two.
    QCOMPARE(chart->concurrencyAxis()->categoriesLabels(),
        (QStringList { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4"), QStringLiteral("6") }));
    QCOMPARE(chart->concurrencyAxis()->endValue(QStringLiteral("6")), levelPosition(6));
    QVERIFY2(chart->summaryText().contains(QStringLiteral("3 repeats per level")), qPrintable(chart->summaryText()));
    QVERIFY(chart->summaryText().contains(QStringLiteral("best speedup 4.44× at concurrency 6")));

    // A partial sweep says so.
    result.samples.resize(5);
    m_panel->setSweepResult(result);
    m_panel->refreshNow();
    QVERIFY2(chart->summaryText().contains(QStringLiteral("running: 5 of 12 runs")), qPrintable(chart->summaryText()));
}

void TestChartsPanel::darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
    dark.setColor(QPalette::Text, Qt::white);
    dark.setColor(QPalette::WindowText, Qt::white);
    m_panel->setPalette(dark);
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->refreshNow();
    QCOMPARE(m_panel->timingChart()->chart()->theme(), QChart::ChartThemeDark);
    // Our own colours survive the theme change.
    QCOMPARE(m_panel->timingChart()->sequentialSet()->color(), chartstyle::sequentialColor());
    const QImage image = m_panel->render(ChartsPanel::PngScope::CurrentTab);
    QVERIFY(qGray(image.pixel(image.width() - 3, image.height() - 3)) < 80);
}

void TestChartsPanel::savePng_data()
{
    QTest::addColumn<ChartsPanel::PngScope>("scope");
    QTest::addColumn<ChartsPanel::Tab>("tab");
    QTest::addRow("compare") << ChartsPanel::PngScope::CurrentTab << ChartsPanel::Tab::Compare;
    QTest::addRow("timing") << ChartsPanel::PngScope::CurrentTab << ChartsPanel::Tab::Timing;
    QTest::addRow("waterfall") << ChartsPanel::PngScope::CurrentTab << ChartsPanel::Tab::Waterfall;
    QTest::addRow("sweep") << ChartsPanel::PngScope::CurrentTab << ChartsPanel::Tab::Sweep;
    QTest::addRow("volume") << ChartsPanel::PngScope::CurrentTab << ChartsPanel::Tab::Volume;
    QTest::addRow("all tabs") << ChartsPanel::PngScope::AllTabs << ChartsPanel::Tab::Timing;
}

void TestChartsPanel::savePng()
{
    QFETCH(ChartsPanel::PngScope, scope);
    QFETCH(ChartsPanel::Tab, tab);
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->setCurrentTab(tab);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    QString error;
    QVERIFY2(m_panel->savePng(path, &error, scope), qPrintable(error));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    QVERIFY(image.width() >= 600);
    QVERIFY(image.height() >= 300);
    if (scope == ChartsPanel::PngScope::AllTabs)
        QVERIFY(image.height() > m_panel->render(ChartsPanel::PngScope::CurrentTab).height());
    // Not blank: the bars and text put many colours on it.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
}

void TestChartsPanel::savePngFailsClearly()
{
    QString error;
    QVERIFY(!m_panel->savePng(QStringLiteral("/nonexistent-dir/x/chart.png"), &error));
    QVERIFY2(error.contains(QStringLiteral("/nonexistent-dir/x/chart.png")), qPrintable(error));
}

void TestChartsPanel::exportImage_data()
{
    QTest::addColumn<ChartsPanel::Tab>("tab");
    QTest::addColumn<ChartsPanel::ImageFormat>("format");
    for (const auto &[name, tab] : { std::pair { "compare", ChartsPanel::Tab::Compare },
             std::pair { "timing", ChartsPanel::Tab::Timing }, std::pair { "waterfall", ChartsPanel::Tab::Waterfall },
             std::pair { "sweep", ChartsPanel::Tab::Sweep }, std::pair { "volume", ChartsPanel::Tab::Volume } }) {
        QTest::addRow("%s png", name) << tab << ChartsPanel::ImageFormat::Png;
        QTest::addRow("%s svg", name) << tab << ChartsPanel::ImageFormat::Svg;
    }
}

void TestChartsPanel::exportImage()
{
    // At a size other than the widget's: a paper's figure, as PNG and as SVG.
    QFETCH(ChartsPanel::Tab, tab);
    QFETCH(ChartsPanel::ImageFormat, format);
    feedCompare(*m_panel, m_queries, m_seq, m_conc);
    m_panel->setCurrentTab(tab);
    const QSize before = m_panel->timingChart()->size();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart"));
    QString error;
    QVERIFY2(m_panel->exportImage(path, format, QSize(1500, 820), &error), qPrintable(error));
    QCOMPARE(m_panel->timingChart()->size(), before); // laid out at the export size, then put back
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (format == ChartsPanel::ImageFormat::Png) {
        const QImage image = QImage::fromData(bytes, "PNG");
        QCOMPARE(image.size(), QSize(1500, 820));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 9)
            for (int x = 0; x < image.width(); x += 9)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 10, qPrintable(QString::number(colours.size())));
    } else {
        QVERIFY(bytes.startsWith("<?xml"));
        QVERIFY(bytes.contains("<svg"));
        QVERIFY(bytes.contains("viewBox=\"0 0 1500 820\""));
        QVERIFY2(bytes.size() > 5000, qPrintable(QString::number(bytes.size()))); // drawn, not an empty frame
    }
}

void TestChartsPanel::exportImageBounds()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    QString error;
    QVERIFY(
        !m_panel->exportImage(path, ChartsPanel::ImageFormat::Png, QSize(ChartsPanel::MinExportSide - 1, 600), &error));
    QVERIFY2(error.contains(QStringLiteral("200 to 8000 pixels")), qPrintable(error));
    QVERIFY(
        !m_panel->exportImage(path, ChartsPanel::ImageFormat::Svg, QSize(900, ChartsPanel::MaxExportSide + 1), &error));
    QVERIFY(!QFile::exists(path)); // nothing written
    QVERIFY(m_panel->exportImage(path, ChartsPanel::ImageFormat::Png, QSize(ChartsPanel::MaxExportSide, 200), &error));
    QVERIFY(!m_panel->exportImage(
        QStringLiteral("/nonexistent-dir/x/chart.svg"), ChartsPanel::ImageFormat::Svg, QSize(800, 600), &error));
    QVERIFY2(error.contains(QStringLiteral("/nonexistent-dir/x/chart.svg")), qPrintable(error));
}

// The tabs at the size they get in a 1024x700 window (about 500 x 280): legends, axis titles
// and tick labels fit (measured with the fonts' metrics), nothing runs past the right edge.
void TestChartsPanel::narrowTabsFit()
{
    m_panel->resize(500, 300);
    feedCompare(*m_panel, m_queries, m_seq, m_conc);

    // Compare: the header's first text ("faster all at once: ...; efficiency ...") is whole,
    // wrapped onto a second line rather than elided, and every line fits beside the headline.
    m_panel->setCurrentTab(ChartsPanel::Tab::Compare);
    m_panel->refreshNow();
    QCoreApplication::processEvents();
    {
        CompareView *compare = m_panel->compareView();
        const QString detail = compare->detailText();
        QVERIFY2(detail.contains(QStringLiteral("efficiency")), qPrintable(detail));
        const QStringList lines = compare->headerLines();
        QString joined;
        for (qsizetype i = 0; i < lines.size() && joined.size() < detail.size(); ++i)
            joined += (joined.isEmpty() ? QString() : QStringLiteral(" ")) + lines.at(i);
        QCOMPARE(joined, detail);
        const QFontMetrics hfm(compare->font());
        const int room = compare->width() - hfm.horizontalAdvance(compare->headline());
        for (const QString &line : lines)
            QVERIFY2(hfm.horizontalAdvance(line) < room, qPrintable(line));
    }

    // Waterfall: the legend wraps onto a second row inside the width; the header grows for it.
    m_panel->setCurrentTab(ChartsPanel::Tab::Waterfall);
    m_panel->refreshNow();
    QCoreApplication::processEvents();
    auto *canvas = m_panel->waterfallView()->findChild<WaterfallCanvas *>();
    QVERIFY(canvas);
    const QFontMetrics fm(canvas->font());
    const QList<QRect> entries = WaterfallCanvas::legendRects(fm, canvas->width());
    QCOMPARE(entries.size(), PhaseCount + 2);
    for (const QRect &r : entries)
        QVERIFY2(
            r.right() < canvas->width(), qPrintable(QStringLiteral("%1 > %2").arg(r.right()).arg(canvas->width())));
    QVERIFY(entries.constLast().top() > entries.constFirst().top()); // a second row
    QVERIFY(WaterfallCanvas::headerHeight(fm, canvas->width()) > WaterfallCanvas::HeaderHeight);
    QCOMPARE(WaterfallCanvas::headerHeight(fm, 2000), WaterfallCanvas::HeaderHeight); // one row when wide

    // Sweep: the legend's entries fit one row of the chart, the y titles the plot's height.
    search::SweepResult result;
    result.queries = m_queries;
    result.levels = search::sweepLevels(6);
    result.repeats = 1;
    for (int l = 0; l < 4; ++l)
        result.samples.append({ result.levels.at(l), 0, 1500.0 / (l + 1), 0, 12, 1200, 0 });
    m_panel->setSweepResult(result);
    m_panel->setCurrentTab(ChartsPanel::Tab::Sweep);
    m_panel->refreshNow();
    SweepChart *sweep = m_panel->sweepChart();
    QTRY_VERIFY(sweep->chart()->plotArea().height() > 0);
    QCoreApplication::processEvents();
    {
        const QFontMetrics lfm(sweep->chart()->legend()->font());
        int row = 0;
        for (QLegendMarker *m : sweep->chart()->legend()->markers())
            row += lfm.horizontalAdvance(m->label()) + lfm.height() + 24;
        QVERIFY2(row <= sweep->chart()->size().width(),
            qPrintable(QStringLiteral("legend %1 px in %2").arg(row).arg(sweep->chart()->size().width())));
        for (QAbstractAxis *axis : sweep->chart()->axes(Qt::Vertical))
            QVERIFY2(QFontMetrics(axis->titleFont()).horizontalAdvance(axis->titleText())
                    <= sweep->chart()->plotArea().height(),
                qPrintable(axis->titleText()));
    }

    // Volume: x labels side by side without overlapping, the y title along the plot, the legend
    // at most a quarter of the chart.
    const qint64 t0 = QDateTime::fromString(QStringLiteral("2024-04-08T00:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    constexpr qint64 hour = 3600 * 1000;
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    for (int q = 0; q < 6; ++q) {
        QList<qint64> times;
        for (int h = 0; h < 40; h += q + 1)
            times.append(t0 + h * hour + q);
        m_panel->addTweets(q, tweetsAt(times));
    }
    m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
    m_panel->refreshNow();
    VolumeChart *volume = m_panel->volumeChart();
    QTRY_VERIFY(volume->chart()->plotArea().height() > 0);
    QCoreApplication::processEvents();
    const QRectF plot = volume->chart()->plotArea();
    QDateTimeAxis *x = volume->timeAxis();
    QVERIFY(x->tickCount() >= 2);
    const double spacing = plot.width() / (x->tickCount() - 1);
    const QFontMetrics xfm(x->labelsFont());
    const qint64 step = (x->max().toMSecsSinceEpoch() - x->min().toMSecsSinceEpoch()) / (x->tickCount() - 1);
    for (int i = 0; i < x->tickCount(); ++i) {
        const QString label
            = QDateTime::fromMSecsSinceEpoch(x->min().toMSecsSinceEpoch() + i * step).toString(x->format());
        QVERIFY2(xfm.horizontalAdvance(label) < spacing,
            qPrintable(
                QStringLiteral("%1: %2 px, %3 px apart").arg(label).arg(xfm.horizontalAdvance(label)).arg(spacing)));
    }
    QVERIFY2(QFontMetrics(volume->valueAxis()->titleFont()).horizontalAdvance(volume->valueAxis()->titleText())
            <= plot.height(),
        qPrintable(volume->valueAxis()->titleText()));
    // The legend under the plot: every entry whole, in rows inside the width.
    QLabel *legend = volume->legendLabel();
    QCOMPARE(volume->legendEntries().size(), 6);
    QVERIFY(legend->isVisible());
    QVERIFY2(legend->height() >= legend->heightForWidth(legend->width()),
        qPrintable(QStringLiteral("%1 < %2").arg(legend->height()).arg(legend->heightForWidth(legend->width()))));
    QVERIFY(legend->geometry().right() < volume->width());
}

// The sweep and volume tabs at the size they get in a 1024x700 window (608x292 measured under
// Xvfb): compact (no chart title, the sweep's legend beside the plot), the plot at least
// 150 px tall; a long query's legend entry is whole, wrapped under the plot. A PNG keeps the
// title.
void TestChartsPanel::shortTabsKeepTheirPlot()
{
    m_panel->resize(610, 290);
    search::SweepResult result;
    result.queries = m_queries;
    result.levels = search::sweepLevels(6);
    result.repeats = 3;
    for (int repeat = 0; repeat < 3; ++repeat) {
        for (int l = 0; l < 4; ++l)
            result.samples.append({ result.levels.at(l), repeat, 1500.0 / (l + 1) + repeat, 0, 12, 1200, 0 });
    }
    m_panel->setSweepResult(result);
    m_panel->setCurrentTab(ChartsPanel::Tab::Sweep);
    m_panel->refreshNow();
    SweepChart *sweep = m_panel->sweepChart();
    QTRY_VERIFY(sweep->chart()->plotArea().height() > 0);
    QCoreApplication::processEvents();
    QVERIFY(sweep->isCompact());
    QVERIFY(sweep->chart()->title().isEmpty());
    QCOMPARE(sweep->chart()->legend()->alignment(), Qt::AlignRight);
    QVERIFY2(
        sweep->chart()->plotArea().height() >= 150, qPrintable(QString::number(sweep->chart()->plotArea().height())));
    const QFontMetrics lfm(sweep->chart()->legend()->font());
    for (QLegendMarker *m : sweep->chart()->legend()->markers())
        QVERIFY2(sweep->chart()->legend()->geometry().width() >= lfm.horizontalAdvance(m->label()) + lfm.height(),
            qPrintable(m->label()));
    QVERIFY(!sweep->snapshot().isNull());
    QVERIFY(sweep->isCompact()); // back as it was after the PNG
    QVERIFY(sweep->chart()->title().isEmpty());

    // Taller: the title and the legend above the plot, as before.
    m_panel->resize(1100, 700);
    QTRY_VERIFY(!sweep->isCompact());
    QVERIFY(sweep->chart()->title().startsWith(QStringLiteral("Concurrency sweep")));
    QCOMPARE(sweep->chart()->legend()->alignment(), Qt::AlignTop);

    m_panel->resize(610, 290);
    const QString longQuery = QStringLiteral("(eclipse OR #eclipse2024 OR totality) lang:en -is:retweet has:media");
    QStringList queries = m_queries;
    queries[0] = longQuery;
    const qint64 t0 = QDateTime::fromString(QStringLiteral("2024-04-08T00:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    m_panel->runStarted(RunMode::Concurrent, queries);
    for (int q = 0; q < 6; ++q) {
        QList<qint64> times;
        for (int h = 0; h < 40; h += q + 1)
            times.append(t0 + h * 3600 * 1000 + q);
        m_panel->addTweets(q, tweetsAt(times));
    }
    m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
    m_panel->refreshNow();
    VolumeChart *volume = m_panel->volumeChart();
    QTRY_VERIFY(volume->chart()->plotArea().height() > 0);
    QCoreApplication::processEvents();
    QVERIFY(volume->isCompact());
    QCOMPARE(volume->legendEntries().constFirst(), longQuery + QStringLiteral(" (40)"));
    QLabel *legend = volume->legendLabel();
    QVERIFY(legend->height() >= legend->heightForWidth(legend->width()));
    QVERIFY(legend->geometry().right() < volume->width() && legend->geometry().bottom() < volume->height());
    QVERIFY2(
        volume->chart()->plotArea().height() >= 100, qPrintable(QString::number(volume->chart()->plotArea().height())));
    // No count label cut to "...": each has about 1.5 lines of the axis (fewer ticks when the
    // plot is short), here and a little shorter still.
    for (const int height : { 290, 250 }) {
        m_panel->resize(610, height);
        QCoreApplication::processEvents();
        const qreal spacing = volume->chart()->plotArea().height() / (volume->valueAxis()->tickCount() - 1);
        QVERIFY2(spacing >= 1.5 * QFontMetricsF(volume->valueAxis()->labelsFont()).height(),
            qPrintable(QStringLiteral("%1 ticks, %2 px apart").arg(volume->valueAxis()->tickCount()).arg(spacing)));
    }
    // Fitting the axes to the plot changes the plot (label widths): at no width does that
    // feed back into itself without end (it once recursed until the stack overflowed).
    for (const qint64 span : { qint64(40) * 3600 * 1000, qint64(28) * 24 * 3600 * 1000 }) {
        m_panel->runStarted(RunMode::Concurrent, queries);
        for (int q = 0; q < 6; ++q) {
            QList<qint64> times;
            for (int i = 0; i < 60; i += q + 1)
                times.append(t0 + span / 60 * i + q);
            m_panel->addTweets(q, tweetsAt(times));
        }
        m_panel->setCurrentTab(ChartsPanel::Tab::Volume);
        m_panel->refreshNow();
        for (int width = 420; width <= 760; width += 7) {
            m_panel->resize(width, 250 + width % 40);
            QCoreApplication::processEvents();
        }
    }
    QVERIFY(volume->chart()->plotArea().height() > 0);
}

// The connection phase of a plain-http run is a TCP connect ("connect"), of an https one
// "connect + TLS"; a side without a run (a concurrent run alone) gets no lane label.
void TestChartsPanel::compareConnectPhaseAndEmptySide()
{
    for (auto &t : m_conc.requestTimings) {
        t.connectStartMs = t.sentMs;
        t.connectEndMs = t.sentMs + 3;
        t.firstByteMs = std::max(t.firstByteMs, t.sentMs + 4);
    }
    m_conc.baseUrl = QStringLiteral("http://127.0.0.1:8080");
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    for (const auto &t : m_conc.requestTimings)
        m_panel->requestFinished(RunMode::Concurrent, t);
    m_panel->runFinished(m_conc);
    m_panel->setCurrentTab(ChartsPanel::Tab::Compare);
    m_panel->refreshNow();
    CompareView *view = m_panel->compareView();
    QVERIFY2(view->slowestText().contains(QStringLiteral("connect 3")), qPrintable(view->slowestText()));
    // The waterfall names the phase the same way, in its tooltip and its legend.
    auto *canvas = m_panel->waterfallView()->findChild<WaterfallCanvas *>();
    QVERIFY(canvas);
    QVERIFY(!canvas->anyTls());
    QVERIFY2(canvas->tooltipFor(0).contains(QStringLiteral("connect<")), qPrintable(canvas->tooltipFor(0)));
    QVERIFY2(!view->slowestText().contains(QStringLiteral("TLS")), qPrintable(view->slowestText()));

    // Nothing drawn left of where the empty sequential lane was but the "Concurrent" caption,
    // in the caption's row right above the first concurrent lane.
    const QImage image = view->snapshot();
    const int captionTop = view->laneRect(0).top() - QFontMetrics(view->font()).height() - 2;
    const QRgb background = image.pixel(1, view->laneRect(0).center().y());
    for (int y = view->markersRect().bottom() + 1; y < captionTop; ++y) {
        for (int px = 0; px < int(view->xOf(0)) - 2; ++px)
            QVERIFY2(image.pixel(px, y) == background, qPrintable(QStringLiteral("ink at %1,%2").arg(px).arg(y)));
    }

    // And no room kept for it: the concurrent lanes start right under the markers.
    QVERIFY(!view->sideShown(0));
    QVERIFY(view->sideShown(1));
    QVERIFY2(view->laneRect(0).top() - view->sequentialLaneRect().top() <= QFontMetrics(view->font()).height() + 2,
        qPrintable(QStringLiteral("%1 %2").arg(view->laneRect(0).top()).arg(view->sequentialLaneRect().top())));

    // While a run goes on (no summary yet), the base URL it started with names the phase.
    m_panel->runStarted(RunMode::Concurrent, m_queries, QStringLiteral("http://127.0.0.1:8080"));
    for (const auto &t : m_conc.requestTimings)
        m_panel->requestFinished(RunMode::Concurrent, t);
    m_panel->refreshNow();
    QVERIFY(!canvas->anyTls());
    QVERIFY2(canvas->tooltipFor(0).contains(QStringLiteral("connect<")), qPrintable(canvas->tooltipFor(0)));
    QVERIFY(!view->layoutData().tls[1]);
    m_panel->runStarted(RunMode::Concurrent, m_queries, QStringLiteral("https://127.0.0.1:8443"));
    m_panel->requestFinished(RunMode::Concurrent, m_conc.requestTimings.constFirst());
    m_panel->refreshNow();
    QVERIFY(canvas->anyTls());
    QVERIFY(view->layoutData().tls[1]);

    // Over https the same phase is "connect + TLS".
    m_conc.baseUrl = QStringLiteral("https://127.0.0.1:8443");
    m_panel->runStarted(RunMode::Concurrent, m_queries);
    for (const auto &t : m_conc.requestTimings)
        m_panel->requestFinished(RunMode::Concurrent, t);
    m_panel->runFinished(m_conc);
    m_panel->refreshNow();
    QVERIFY2(view->slowestText().contains(QStringLiteral("connect + TLS 3")), qPrintable(view->slowestText()));
    QVERIFY(canvas->anyTls());
    QVERIFY2(canvas->tooltipFor(0).contains(QStringLiteral("connect + TLS<")), qPrintable(canvas->tooltipFor(0)));
}

QTEST_MAIN(TestChartsPanel)
#include "tst_chartspanel.moc"
