// SPDX-License-Identifier: MIT
#include "chartspanel.h"

#include "chartmath/comparelayout.h"
#include "compareview.h"
#include "sweepchart.h"
#include "timingchart.h"
#include "volumechart.h"
#include "waterfallview.h"

#include <QContextMenuEvent>
#include <QImageWriter>
#include <QMenu>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ts::ui {

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_compare(new CompareView)
    , m_timing(new TimingChart)
    , m_waterfall(new WaterfallView)
    , m_sweep(new SweepChart)
    , m_volume(new VolumeChart)
    , m_refresh(new QTimer(this))
{
    qRegisterMetaType<ts::search::SweepResult>();
    m_tabs->setObjectName(QStringLiteral("chartTabs"));
    m_tabs->addTab(m_compare, tr("Compare"));
    m_tabs->addTab(m_timing, tr("Timing"));
    m_tabs->addTab(m_waterfall, tr("Waterfall"));
    m_tabs->addTab(m_sweep, tr("Sweep"));
    m_tabs->addTab(m_volume, tr("Volume"));
    m_tabs->setDocumentMode(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    m_refresh->setSingleShot(true);
    m_refresh->setInterval(RefreshIntervalMs);
    connect(m_refresh, &QTimer::timeout, this, &ChartsPanel::refreshNow);
    connect(m_compare, &CompareView::querySelected, this, &ChartsPanel::querySelected);
    connect(m_timing, &TimingChart::querySelected, this, &ChartsPanel::querySelected);
    connect(m_waterfall, &WaterfallView::querySelected, this, &ChartsPanel::querySelected);
    connect(m_volume, &VolumeChart::querySelected, this, [this](int line) {
        // A provider comparison has a line per query and provider: the providers' lines of one
        // query are the same query.
        const int n = int(m_data.queries().size());
        Q_EMIT querySelected(m_data.comparesProviders() && n > 0 ? line % n : line);
    });
}

ChartsPanel::~ChartsPanel() = default;

void ChartsPanel::clear()
{
    m_data.clear();
    m_volumeOffset = 0;
    m_volumeQueries.clear();
    m_createdAt.clear();
    m_countsGranularity.reset();
    m_counts.clear();
    m_sweepResult = {};
    markDirty(TimingDirty | WaterfallDirty | SweepDirty | VolumeDirty);
    refreshNow();
}

void ChartsPanel::markDirty(int what)
{
    m_dirty |= what;
    // Coalesce: a run of 64 queries can finish hundreds of requests a second.
    if (!m_refresh->isActive())
        m_refresh->start();
}

void ChartsPanel::refreshNow()
{
    m_refresh->stop();
    const int dirty = std::exchange(m_dirty, 0);
    if (dirty & TimingDirty) {
        m_compare->setLayoutData(compareLayout(m_data));
        m_timing->setData(m_data);
    }
    if (dirty & WaterfallDirty)
        m_waterfall->setData(m_data);
    if (dirty & SweepDirty)
        m_sweep->setResult(m_sweepResult);
    if (dirty & VolumeDirty) {
        // Providers side by side: the cap counts queries, each with its line per provider.
        const int perProvider = m_data.comparesProviders() && !m_countsGranularity ? int(m_data.queries().size()) : 0;
        const QStringList providers
            = perProvider > 0 ? QStringList { m_data.title(0), m_data.title(1) } : QStringList {};
        m_volume->setLinesPerProvider(perProvider, providers);
        m_volume->setData(m_countsGranularity
                ? volumeFromCounts(m_counts, m_volumeQueries, *m_countsGranularity, VolumeChart::MaxLines)
                : bucketVolume(m_createdAt, m_volumeQueries, VolumeChart::MaxLines, perProvider, providers));
    }
}

void ChartsPanel::startProviderCompare(const QStringList &providers)
{
    m_data.startProviderCompare(providers);
}

void ChartsPanel::runStarted(search::RunMode mode, const QStringList &queries, const QString &baseUrl)
{
    const bool fresh = m_data.startRun(mode, queries, baseUrl);
    // A run of tweets: its timing tabs, not the sweep or the counts of an earlier run.
    if (currentTab() == Tab::Sweep || currentTab() == Tab::Volume)
        setCurrentTab(Tab::Compare);
    if (m_data.comparesProviders()) {
        // Providers side by side: a line per query and provider ("cats · Bluesky").
        if (fresh || m_countsGranularity) {
            m_volumeQueries.clear();
            m_createdAt.clear();
        }
        m_volumeOffset = int(m_volumeQueries.size());
        for (const QString &q : queries)
            m_volumeQueries.append(q + QStringLiteral(" · ") + m_data.title(m_data.currentSide()));
        m_createdAt.resize(m_volumeQueries.size());
    } else {
        // Volume shows the tweets of the latest run: a compare fetches the same tweets twice.
        m_volumeOffset = 0;
        m_volumeQueries = queries;
        m_createdAt = QList<QList<qint64>>(queries.size());
    }
    m_countsGranularity.reset();
    m_counts.clear();
    markDirty(TimingDirty | WaterfallDirty | VolumeDirty);
}

void ChartsPanel::requestFinished(search::RunMode mode, const search::RequestTiming &timing)
{
    m_data.addTiming(mode, timing);
    markDirty(TimingDirty | WaterfallDirty);
}

void ChartsPanel::runFinished(const search::RunSummary &summary)
{
    m_data.finishRun(summary);
    markDirty(TimingDirty | WaterfallDirty);
}

void ChartsPanel::addTweets(int queryIndex, const QList<Tweet> &tweets)
{
    if (queryIndex < 0 || tweets.isEmpty())
        return;
    queryIndex += m_volumeOffset;
    if (queryIndex >= m_createdAt.size())
        m_createdAt.resize(queryIndex + 1);
    QList<qint64> &times = m_createdAt[queryIndex];
    times.reserve(times.size() + tweets.size());
    for (const Tweet &t : tweets)
        times.append(t.createdAtMs);
    markDirty(VolumeDirty);
}

void ChartsPanel::startCountsVolume(const QStringList &queries, search::CountsGranularity granularity)
{
    m_volumeOffset = 0;
    m_volumeQueries = queries;
    m_createdAt.clear();
    m_countsGranularity = granularity;
    m_counts = QList<QList<search::CountsBucket>>(queries.size());
    markDirty(VolumeDirty);
}

void ChartsPanel::addCounts(int queryIndex, const QList<search::CountsBucket> &buckets)
{
    if (!m_countsGranularity || queryIndex < 0 || queryIndex >= m_counts.size())
        return;
    m_counts[queryIndex] = buckets;
    markDirty(VolumeDirty);
}

void ChartsPanel::setSweepResult(const search::SweepResult &result)
{
    m_sweepResult = result;
    markDirty(SweepDirty);
}

ChartsPanel::Tab ChartsPanel::currentTab() const
{
    return Tab(m_tabs->currentIndex());
}

void ChartsPanel::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

QImage ChartsPanel::render(PngScope scope)
{
    refreshNow();
    const auto imageOf = [this](Tab tab) {
        switch (tab) {
        case Tab::Compare:
            return m_compare->snapshot();
        case Tab::Timing:
            return m_timing->snapshot();
        case Tab::Waterfall:
            return m_waterfall->snapshot();
        case Tab::Sweep:
            return m_sweep->snapshot();
        case Tab::Volume:
            return m_volume->snapshot();
        }
        return QImage();
    };
    if (scope == PngScope::CurrentTab)
        return imageOf(currentTab());

    QList<QImage> parts;
    int width = 0;
    int height = 0;
    for (Tab tab : { Tab::Compare, Tab::Timing, Tab::Waterfall, Tab::Sweep, Tab::Volume }) {
        parts.append(imageOf(tab));
        width = std::max(width, parts.constLast().width());
        height += parts.constLast().height();
    }
    QImage all(width, height, QImage::Format_ARGB32_Premultiplied);
    all.fill(palette().color(QPalette::Window));
    QPainter painter(&all);
    int y = 0;
    for (const QImage &part : std::as_const(parts)) {
        painter.drawImage(0, y, part);
        y += part.height();
    }
    return all;
}

QString ChartsPanel::currentTabName() const
{
    switch (currentTab()) {
    case Tab::Compare:
        return QStringLiteral("compare");
    case Tab::Timing:
        return QStringLiteral("timing");
    case Tab::Waterfall:
        return QStringLiteral("waterfall");
    case Tab::Sweep:
        return QStringLiteral("sweep");
    case Tab::Volume:
        return QStringLiteral("volume");
    }
    return QStringLiteral("chart");
}

QString ChartsPanel::currentTabTitle() const
{
    return m_tabs->tabText(m_tabs->currentIndex()).remove(u'&');
}

void ChartsPanel::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export chart as PNG or SVG…"), this, &ChartsPanel::exportRequested);
    menu.exec(event->globalPos());
}

bool ChartsPanel::exportImage(const QString &path, ImageFormat format, const QSize &size, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (size.width() < MinExportSide || size.height() < MinExportSide || size.width() > MaxExportSide
        || size.height() > MaxExportSide)
        return fail(tr("A chart is exported at %1 to %2 pixels a side, not %3×%4.")
                        .arg(MinExportSide)
                        .arg(MaxExportSide)
                        .arg(size.width())
                        .arg(size.height()));
    refreshNow();
    // The tab is laid out at the export size for the render, then put back.
    QWidget *tab = m_tabs->currentWidget();
    const QSize old = tab->size();
    tab->resize(size);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QColor background = palette().color(QPalette::Window);
    QSaveFile file(path);
    bool written = false;
    QString problem;
    if (!file.open(QIODevice::WriteOnly)) {
        problem = file.errorString();
    } else if (format == ImageFormat::Svg) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(tr("Tweetscope: %1").arg(m_tabs->tabText(m_tabs->currentIndex())));
        QPainter painter(&svg);
        painter.fillRect(QRect(QPoint(0, 0), size), background);
        tab->render(&painter, QPoint(0, 0), QRegion(), QWidget::DrawChildren);
        written = painter.end();
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(background);
        QPainter painter(&image);
        tab->render(&painter, QPoint(0, 0), QRegion(), QWidget::DrawChildren);
        painter.end();
        QImageWriter writer(&file, "png");
        written = writer.write(image);
        if (!written)
            problem = writer.errorString();
    }
    tab->resize(old);
    if (written && !file.commit()) {
        written = false;
        problem = file.errorString();
    }
    if (!written)
        return fail(
            tr("Could not save the chart to %1: %2").arg(path, problem.isEmpty() ? tr("write failed") : problem));
    return true;
}

bool ChartsPanel::savePng(const QString &path, QString *error, PngScope scope)
{
    const QImage image = render(scope);
    QImageWriter writer(path, "png");
    if (image.isNull() || !writer.write(image)) {
        if (error)
            *error = tr("Could not save the chart to %1: %2")
                         .arg(path, image.isNull() ? tr("nothing to draw") : writer.errorString());
        return false;
    }
    return true;
}

} // namespace ts::ui
