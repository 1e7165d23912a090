// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/comparedata.h"
#include "search/countsrequest.h"
#include "search/sweepstats.h"
#include "search/timing.h"
#include "tweet/tweet.h"

#include <QWidget>

class QTabWidget;
class QTimer;

namespace ts::ui {

class CompareView;
class SweepChart;
class TimingChart;
class VolumeChart;
class WaterfallView;

/**
 * @brief The charts beside the tweet table: the comparison of both runs on one time axis,
 * per-query timing (sequential vs concurrent), the request waterfall, the concurrency sweep
 * and tweet volume, as tabs. Fed by SearchRunner's
 * signals; redraws are coalesced (at most one every RefreshIntervalMs) while a run goes on.
 *
 * Wiring (all slots take the signals' arguments as they are):
 *   runner runStarted -> runStarted (with the runner's baseUrl()), requestFinished -> requestFinished,
 *   runFinished -> runFinished, pageReceived -> addTweets; search::SweepRunner resultChanged -> setSweepResult.
 */
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Tab { Compare, Timing, Waterfall, Sweep, Volume };
    Q_ENUM(Tab)
    enum class PngScope { CurrentTab, AllTabs };

    static constexpr int RefreshIntervalMs = 100;

    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    /// Forgets every run, tweet time and sweep.
    void clear();

    /// Sizes an exported chart may have, in pixels (SVG: its view box).
    static constexpr int MinExportSide = 200;
    static constexpr int MaxExportSide = 8000;
    enum class ImageFormat { Png, Svg };
    /// Writes the current tab as a PNG or an SVG (vector: text and lines stay sharp in a paper)
    /// laid out at `size`. The file is replaced only when the whole image was written. On
    /// failure (a size outside MinExportSide..MaxExportSide, an unwritable file) returns false
    /// and says why in `error`.
    bool exportImage(const QString &path, ImageFormat format, const QSize &size, QString *error);
    /// The current tab's name ("compare", "timing", ...) for file names.
    QString currentTabName() const;
    /// Its title as the tab shows it ("Compare").
    QString currentTabTitle() const;

    /// Writes the current tab, or all of them stacked, as PNG. On failure returns false and says why in `error`.
    bool savePng(const QString &path, QString *error, PngScope scope = PngScope::CurrentTab);
    QImage render(PngScope scope);

    Tab currentTab() const;
    void setCurrentTab(Tab tab);

    /// What the charts hold, for tests and for exporters.
    const CompareData &compareData() const { return m_data; }
    CompareView *compareView() const { return m_compare; }
    TimingChart *timingChart() const { return m_timing; }
    WaterfallView *waterfallView() const { return m_waterfall; }
    SweepChart *sweepChart() const { return m_sweep; }
    VolumeChart *volumeChart() const { return m_volume; }

    /// The next runs are the same queries on these providers, one run each in this order
    /// (SearchRunner::startAcross): the charts show them side by side, titled by `providers`
    /// ("local archive", "Bluesky"), instead of sequential against concurrent. Call it just
    /// before starting them; any other run afterwards brings back the sequential/concurrent view.
    void startProviderCompare(const QStringList &providers);

public Q_SLOTS:
    /// `baseUrl`: where the run sends its requests (SearchRunner::baseUrl()); it names the
    /// connection phase ("connect" over http, "connect + TLS") before the run's summary comes.
    void runStarted(ts::search::RunMode mode, const QStringList &queries, const QString &baseUrl = {});
    void requestFinished(ts::search::RunMode mode, const ts::search::RequestTiming &timing);
    void runFinished(const ts::search::RunSummary &summary);
    /// Only each tweet's creation time is kept (per query), never the tweet.
    void addTweets(int queryIndex, const QList<ts::Tweet> &tweets);
    void setSweepResult(const ts::search::SweepResult &result);
    /// The Volume tab switches to counts from the API's counts endpoints (no tweets fetched):
    /// one line per query, filled by addCounts as each query's counts arrive. A run's tweets
    /// (runStarted) switch it back.
    void startCountsVolume(const QStringList &queries, ts::search::CountsGranularity granularity);
    void addCounts(int queryIndex, const QList<ts::search::CountsBucket> &buckets);
    /// Redraws now whatever a pending coalesced refresh would have redrawn.
    void refreshNow();

Q_SIGNALS:
    /// A timing bar, a waterfall bar or a volume line was clicked.
    void querySelected(int queryIndex);
    /// Export chart… from the context menu.
    void exportRequested();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    enum Dirty { TimingDirty = 1, WaterfallDirty = 2, SweepDirty = 4, VolumeDirty = 8 };
    void markDirty(int what);

    QTabWidget *m_tabs;
    CompareView *m_compare;
    TimingChart *m_timing;
    WaterfallView *m_waterfall;
    SweepChart *m_sweep;
    VolumeChart *m_volume;
    QTimer *m_refresh;
    int m_dirty = 0;

    CompareData m_data;
    QStringList m_volumeQueries; ///< per volume line: its query (and provider, when they are compared)
    QList<QList<qint64>> m_createdAt; ///< per volume line: creation times (ms since epoch, UTC)
    int m_volumeOffset = 0; ///< the current run's first volume line (a provider comparison's second run: n)
    std::optional<search::CountsGranularity> m_countsGranularity; ///< set while the Volume tab shows counts
    QList<QList<search::CountsBucket>> m_counts; ///< per query index, from the counts endpoints
    search::SweepResult m_sweepResult;
};

} // namespace ts::ui
