// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "automationdriver.h"
#include "chartexportdialog.h"
#include "chartruncontroller.h"
#include "charts/chartspanel.h"
#include "connectionpanel.h"
#include "credentialsdialog.h"
#include "exportrunner.h"
#include "models/tweetfilterproxy.h"
#include "models/tweettablemodel.h"
#include "queryeditor.h"
#include "resultspane.h"
#include "runcontroller.h"
#include "runoptionspanel.h"
#include "search/collection.h"
#include "search/credentialstore.h"
#include "search/runsummaryjson.h"
#include "search/searchrunner.h"
#include "search/speedup.h"
#include "search/sweepstats.h"
#include "statusline.h"
#include "tweetdetailpane.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace ts::ui {

namespace {

const QStringList kSeedQueries = { QStringLiteral("eclipse"), QStringLiteral("nuclear"), QStringLiteral("korea"),
    QStringLiteral("cats"), QStringLiteral("ai"), QStringLiteral("memes") };

QGroupBox *group(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}

// The connection and run options under the query list, in the left column's splitter: as
// tall as they need when they grow or shrink ("More connection settings" opened or closed),
// as far as the query list keeps its QueryEditor::MinVisibleRows rows; the rest scrolls.
// Never narrower than their rows.
class SettingsScroll : public QScrollArea
{
public:
    SettingsScroll(QWidget *settings, QWidget *parent)
        : QScrollArea(parent)
    {
        setWidget(settings);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        settings->installEventFilter(this);
    }
    /// The splitter's sizes were restored: the first fit keeps them (the person set them).
    void keepRestoredSizes() { m_keepSizes = true; }
    QSize sizeHint() const override { return widget()->sizeHint() + QSize(bar(), 0); }
    QSize minimumSizeHint() const override
    {
        return { widget()->minimumSizeHint().width() + bar(), QScrollArea::minimumSizeHint().height() };
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            QMetaObject::invokeMethod(
                this, [this] { fit(); }, Qt::QueuedConnection); // once laid out
        return QScrollArea::eventFilter(watched, event);
    }
    void showEvent(QShowEvent *event) override
    {
        QScrollArea::showEvent(event);
        fit();
    }

private:
    int bar() const { return verticalScrollBar()->sizeHint().width(); }
    void fit()
    {
        auto *splitter = qobject_cast<QSplitter *>(parentWidget());
        const int need = widget()->sizeHint().height();
        if (!splitter || splitter->count() != 2 || need == m_fittedTo || !isVisible())
            return;
        m_fittedTo = need;
        if (std::exchange(m_keepSizes, false))
            return;
        const QList<int> sizes = splitter->sizes();
        const int total = sizes.at(0) + sizes.at(1);
        const int mine = std::clamp(total - splitter->widget(0)->minimumSizeHint().height(), 0, need);
        if (total > 0 && mine != sizes.at(1))
            splitter->setSizes({ total - mine, mine });
    }
    int m_fittedTo = -1; ///< the settings' height the splitter was last fitted to
    bool m_keepSizes = false;
};

// The style's media glyphs (play, seek) are black: on a dark palette they vanish, so there
// they are drawn in the palette's button text colour (disabled ones in its disabled colour).
QIcon paletteIcon(const QIcon &icon, const QPalette &palette)
{
    if (palette.color(QPalette::Window).lightness() >= 128)
        return icon;
    QIcon tinted;
    for (const int side : { 16, 22, 24, 32, 48, 64 }) {
        for (const auto mode : { QIcon::Normal, QIcon::Disabled }) {
            QPixmap pixmap = icon.pixmap(QSize(side, side));
            QPainter painter(&pixmap);
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(pixmap.rect(),
                palette.color(mode == QIcon::Normal ? QPalette::Active : QPalette::Disabled, QPalette::ButtonText));
            painter.end();
            tinted.addPixmap(pixmap, mode);
        }
    }
    return tinted;
}

} // namespace

MainWindow::MainWindow(search::CredentialStore *credentials, LocalArchiveHost *archive, QWidget *parent)
    : QMainWindow(parent)
    , m_credentials(credentials)
    , m_archive(archive)
    , m_lookup(std::make_unique<ts::search::Collection>())
    , m_queries(new QueryEditor(this))
    , m_connection(new ConnectionPanel(this))
    , m_options(new RunOptionsPanel(this))
    , m_chartsPanel(new ChartsPanel(this))
    , m_status(new StatusLine(statusBar()))
    , m_results(new ResultsPane(m_lookup.get(), m_status, this))
    , m_chartRuns(new ChartRunController(m_queries, m_chartsPanel, m_status, this))
    , m_runs(new RunController(
          RunController::Parts {
              .credentials = credentials,
              .archive = archive,
              .queries = m_queries,
              .connection = m_connection,
              .options = m_options,
              .results = m_results,
              .charts = m_chartsPanel,
              .chartRuns = m_chartRuns,
              .status = m_status,
              .lookup = m_lookup.get(),
          },
          this))
{
    setWindowTitle(tr("Tweetscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tweetscope.png")));
    connect(m_runs, &RunController::stateChanged, this, &MainWindow::updateActions);
    connect(m_runs, &RunController::runEnded, this, [this] { noteEmptyRun(); });
    connect(m_runs, &RunController::runEnded, this, &MainWindow::runEnded);
    connect(m_runs, &RunController::recentChanged, this, &MainWindow::updateRecentMenu);
    // A run refused for a missing credential: the dialog to give one (not under automation,
    // which exits with the reason instead).
    connect(m_runs, &RunController::credentialsNeeded, this, [this](ts::search::ProviderKind provider) {
        if (!m_automation->isActive())
            QTimer::singleShot(0, this, [this, provider] { openCredentials(provider); });
    });
    m_automation = new AutomationDriver(
        AutomationDriver::Parts {
            .window = this,
            .connection = m_connection,
            .queries = m_queries,
            .options = m_options,
            .runs = m_runs,
            .chartRuns = m_chartRuns,
            .results = m_results,
            .status = m_status,
            .charts = m_chartsPanel,
        },
        this);
    buildActions();
    buildLayout();
    buildMenus();
    restoreSettings();
    m_runs->applyProviderLimits();
    m_runs->preconnect(); // connections open while the window comes up
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto action = [this](const QString &text, const QKeySequence &keys, QStyle::StandardPixmap icon, auto slot) {
        auto *a = new QAction(text, this);
        if (!keys.isEmpty())
            a->setShortcut(keys);
        if (icon == QStyle::SP_MediaPlay || icon == QStyle::SP_MediaSeekForward
            || icon == QStyle::SP_MediaSkipForward) {
            a->setIcon(paletteIcon(style()->standardIcon(icon), palette()));
            m_tintedIcons.append({ a, icon });
        } else if (icon != QStyle::SP_CustomBase)
            a->setIcon(style()->standardIcon(icon));
        if (!keys.isEmpty())
            a->setToolTip(
                QStringLiteral("%1 (%2)").arg(QString(text).remove(u'&'), keys.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_compare = action(tr("Co&mpare"), QKeySequence(Qt::CTRL | Qt::Key_R), QStyle::SP_MediaSeekForward,
        [this] { m_runs->startRun(RunKind::Compare); });
    m_compare->setObjectName(QStringLiteral("actionCompare"));
    m_compare->setStatusTip(tr("Run the queries one after another, then all at once, and compare the timings"));
    m_sequential = action(tr("&Sequential"), QKeySequence(Qt::CTRL | Qt::Key_1), QStyle::SP_MediaPlay,
        [this] { m_runs->startRun(RunKind::Sequential); });
    m_sequential->setObjectName(QStringLiteral("actionSequential"));
    m_concurrent = action(tr("C&oncurrent"), QKeySequence(Qt::CTRL | Qt::Key_2), QStyle::SP_BrowserReload,
        [this] { m_runs->startRun(RunKind::Concurrent); });
    m_concurrent->setObjectName(QStringLiteral("actionConcurrent"));
    m_cancel
        = action(tr("&Cancel"), QKeySequence(Qt::Key_Escape), QStyle::SP_BrowserStop, [this] { m_runs->cancelRun(); });
    m_cancel->setObjectName(QStringLiteral("actionCancel"));
    m_resume = action(tr("&Resume interrupted run"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        QStyle::SP_MediaSkipForward, [this] { m_runs->resumeRun(); });
    m_resume->setObjectName(QStringLiteral("actionResume"));
    m_openCollection = action(tr("&Open collection…"), QKeySequence::Open, QStyle::SP_DialogOpenButton, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open collection"), RunController::collectionsDir(),
            tr("Collections (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            openCollection(path);
    });
    m_exportCsv = action(tr("Export &CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E), QStyle::SP_DialogSaveButton,
        [this] { m_results->exportTo(ExportKind::Csv, m_runs->collectionPath()); });
    m_exportCsv->setObjectName(QStringLiteral("actionExportCsv"));
    m_exportExcel = action(tr("Export for &Excel…"), {}, QStyle::SP_CustomBase,
        [this] { m_results->exportTo(ExportKind::Excel, m_runs->collectionPath()); });
    m_exportJsonl = action(tr("Export &JSONL…"), {}, QStyle::SP_CustomBase,
        [this] { m_results->exportTo(ExportKind::Jsonl, m_runs->collectionPath()); });
    m_exportJsonl->setObjectName(QStringLiteral("actionExportJsonl"));
    m_exportChart = action(tr("Export c&hart as PNG or SVG…"), {}, QStyle::SP_CustomBase, [this] { exportChart(); });
    m_exportChart->setObjectName(QStringLiteral("actionExportChart"));
    m_exportTimings = action(tr("Export &timings CSV…"), {}, QStyle::SP_CustomBase,
        [this] { m_results->exportTo(ExportKind::Timings, m_runs->collectionPath()); });
    m_sweep = action(
        tr("S&weep…"), QKeySequence(Qt::CTRL | Qt::Key_3), QStyle::SP_FileDialogDetailedView, [this] { askSweep(); });
    m_sweep->setObjectName(QStringLiteral("actionSweep"));
    m_sweep->setStatusTip(tr("Run the queries at max concurrency 1, 2, 4, … up to the number of queries, a few "
                             "times each, and chart wall time and speedup against concurrency"));
    m_sweep->setToolTip(tr("Concurrency sweep (Ctrl+3)"));
    m_countsVolume = action(
        tr("&Volume (counts only)"), {}, QStyle::SP_CustomBase, [this] { m_runs->startRun(RunKind::CountsVolume); });
    m_countsVolume->setObjectName(QStringLiteral("actionCountsVolume"));
    m_countsVolume->setStatusTip(
        tr("Chart tweets over time per query from the API's counts endpoints, without fetching tweets"));
}

void MainWindow::setColorScheme(ColorScheme scheme, bool remember)
{
    applyColorScheme(scheme);
    m_schemeActions.at(int(scheme))->setChecked(true);
    if (remember)
        storeColorScheme(scheme);
}

void MainWindow::changeEvent(QEvent *event)
{
    // A live scheme change: the tinted media icons follow the new palette.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        for (const auto &[action, icon] : std::as_const(m_tintedIcons))
            action->setIcon(paletteIcon(style()->standardIcon(icon), palette()));
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openCollection);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    file->addAction(tr("&Load queries…"), m_queries, &QueryEditor::loadFile);
    file->addAction(tr("&Save queries…"), m_queries, &QueryEditor::saveFile);
    file->addSeparator();
    file->addAction(importAction());
    file->addAction(hydrateAction());
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addActions({ m_exportCsv, m_exportExcel, m_exportJsonl, m_exportTimings });
    exportMenu->addSeparator();
    exportMenu->addAction(m_exportChart);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Add query"), m_queries, &QueryEditor::addQuery);
    edit->addAction(tr("&Paste queries (one per line)"), m_queries, &QueryEditor::pasteLines);
    edit->addAction(tr("&Remove selected queries"), m_queries, &QueryEditor::removeSelected);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Filter tweets"), m_results, &ResultsPane::focusFilter);
    find->setShortcut(QKeySequence::Find);
    edit->addAction(tr("Clear &filters"), m_results, &ResultsPane::clearFilters);
    edit->addSeparator();
    edit->addAction(tr("&Credentials…"), m_connection, &ConnectionPanel::credentialsRequested);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addActions({ m_compare, m_sequential, m_concurrent });
    run->addSeparator();
    run->addActions({ m_sweep, m_countsVolume });
    run->addSeparator();
    run->addActions({ m_cancel, m_resume });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *detail = view->addAction(tr("Tweet &details"));
    detail->setCheckable(true);
    detail->setChecked(true);
    connect(detail, &QAction::toggled, m_results->detail(), &QWidget::setVisible);
    QAction *charts = view->addAction(tr("Timing &charts"));
    charts->setCheckable(true);
    charts->setChecked(true);
    connect(charts, &QAction::toggled, m_chartsPanel, &QWidget::setVisible);
    view->addSeparator();
    view->addAction(tr("&Fit columns"), m_results, &ResultsPane::fitColumns);
    view->addSeparator();
    // Colour scheme: applied at once, remembered for the next start.
    QMenu *scheme = view->addMenu(tr("Color &scheme"));
    auto *schemes = new QActionGroup(this);
    const std::pair<ColorScheme, QString> choices[] = {
        { ColorScheme::System, tr("&System") },
        { ColorScheme::Light, tr("&Light") },
        { ColorScheme::Dark, tr("&Dark") },
    };
    for (const auto &[value, label] : choices) {
        QAction *a = scheme->addAction(label);
        a->setCheckable(true);
        a->setActionGroup(schemes);
        a->setObjectName(QStringLiteral("actionScheme") + colorSchemeName(value));
        connect(a, &QAction::triggered, this, [this, value] { setColorScheme(value, true); });
        m_schemeActions.append(a);
    }
    m_schemeActions.at(int(storedColorScheme()))->setChecked(true);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Tweetscope"), this, [this] {
        QMessageBox::about(this, tr("About Tweetscope"),
            tr("<h3>Tweetscope %1</h3><p>A desktop search explorer for tweets: several queries, "
               "sequential or concurrent runs, every tweet in one table, and the timing of every "
               "request.</p><p>Works offline on the built-in local archive.</p>")
                .arg(QStringLiteral(TWEETSCOPE_VERSION)));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *tools = addToolBar(tr("Run"));
    tools->setObjectName(QStringLiteral("runToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addActions({ m_compare, m_sequential, m_concurrent, m_sweep, m_cancel });
    tools->addSeparator();
    tools->addActions({ m_openCollection, m_exportCsv });
}

void MainWindow::buildLayout()
{
    // Left: what to run.
    m_leftSplitter = new QSplitter(Qt::Vertical, this);
    m_leftSplitter->setObjectName(QStringLiteral("leftSplitter"));
    m_leftSplitter->addWidget(group(tr("Queries"), m_queries, this));
    auto *settings = new QWidget(this);
    auto *settingsLayout = new QVBoxLayout(settings);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->addWidget(group(tr("Connection"), m_connection, this));
    settingsLayout->addWidget(group(tr("Run options"), m_options, this));
    settingsLayout->addStretch();
    auto *settingsScroll = new SettingsScroll(settings, this);
    settingsScroll->setObjectName(QStringLiteral("settingsScroll"));
    m_leftSplitter->addWidget(settingsScroll);
    m_leftSplitter->setStretchFactor(0, 1);
    m_leftSplitter->setStretchFactor(1, 0);

    // Right: the results above the timing, waterfall, sweep and volume charts. Clicking a
    // query's bar or request shows that query's tweets in the table.
    connect(m_chartsPanel, &ChartsPanel::querySelected, m_results, &ResultsPane::showQuery);
    connect(m_chartsPanel, &ChartsPanel::exportRequested, this, &MainWindow::exportChart);
    m_rightSplitter = new QSplitter(Qt::Vertical, this);
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_rightSplitter->addWidget(m_results);
    m_rightSplitter->addWidget(m_chartsPanel);
    // The charts get a fair share: at 1360x860 the comparison of 12 queries fits without
    // scrolling (the sizes are remembered once the person moves the handle).
    m_rightSplitter->setStretchFactor(0, 1);
    m_rightSplitter->setStretchFactor(1, 1);
    m_rightSplitter->setSizes({ 520, 480 });

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({ 400, 1000 });
    m_mainSplitter->setContentsMargins(6, 2, 6, 0); // group titles off the window's edge
    setCentralWidget(m_mainSplitter);

    connect(m_connection, &ConnectionPanel::changed, this, [this] {
        m_runs->applyProviderLimits();
        m_runs->refreshCredentialState();
        m_runs->preconnect();
        updateActions();
    });
    connect(m_connection, &ConnectionPanel::credentialsRequested, this, [this] {
        // The local archive needs none: then the button is for the provider of "Also run on".
        const ConnectionSettings c = m_connection->settings();
        openCredentials(
            c.provider == ts::search::ProviderKind::Local && c.compareProvider ? *c.compareProvider : c.provider);
    });
    connect(m_queries, &QueryEditor::queriesChanged, this, &MainWindow::updateActions);
}

void MainWindow::openCredentials(ts::search::ProviderKind provider)
{
    // The provider of the run, or the one of "Also run on" when that one lacks a credential.
    ConnectionSettings connection = m_connection->settings();
    if (provider != connection.provider && connection.compareProvider == provider)
        connection.baseUrl = connection.compareBaseUrl; // its warnings are about where it goes
    connection.provider = provider;
    CredentialsDialog dialog(m_credentials, connection, this);
    dialog.exec();
    m_runs->refreshCredentialState();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *s : { m_mainSplitter, m_leftSplitter, m_rightSplitter, m_results->splitter() })
        s->restoreState(settings.value(QStringLiteral("window/") + s->objectName()).toByteArray());
    if (settings.contains(QStringLiteral("window/") + m_leftSplitter->objectName()))
        static_cast<SettingsScroll *>(m_leftSplitter->widget(1))->keepRestoredSizes();
    m_results->restoreHeaderState(settings.value(QStringLiteral("window/tableHeader")).toByteArray());
    // First start: the seed notebook's queries on the local archive, so Compare works at once.
    const QStringList queries = settings.contains(QStringLiteral("queries/list"))
        ? settings.value(QStringLiteral("queries/list")).toStringList()
        : kSeedQueries;
    m_queries->setQueries(queries);
    m_connection->setMoreShown(settings.value(QStringLiteral("window/moreConnection"), false).toBool());
    m_connection->setSettings(ConnectionSettings::load(settings));
    m_options->load(settings);
    fitToScreen(!settings.contains(QStringLiteral("window/geometry")));
    updateRecentMenu();
    // The last collection comes back once the window is up (not when automation runs instead).
    QTimer::singleShot(0, this, [this, last = settings.value(QStringLiteral("collections/last")).toString()] {
        if (!m_automation->isActive() && !m_runs->isRunning())
            m_runs->restoreLastCollection(last);
    });
    m_runs->refreshCredentialState();
}

void MainWindow::fitToScreen(bool firstStart)
{
    // The first window is 1360x860, or 90% of the screen's available area when that is
    // smaller; a remembered one is shrunk to fit a screen smaller than the one it was saved on.
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1360, 860);
    const QSize most(available.width() * 9 / 10, available.height() * 9 / 10);
    QSize size = firstStart ? QSize(1360, 860) : this->size();
    if (!firstStart && size.width() <= available.width() && size.height() <= available.height())
        return;
    size = size.boundedTo(most);
    resize(size);
    if (!firstStart)
        move(available.topLeft() + QPoint((available.width() - width()) / 2, (available.height() - height()) / 2));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter *s : { m_mainSplitter, m_leftSplitter, m_rightSplitter, m_results->splitter() })
        settings.setValue(QStringLiteral("window/") + s->objectName(), s->saveState());
    settings.setValue(QStringLiteral("window/tableHeader"), m_results->headerState());
    settings.setValue(QStringLiteral("queries/list"), m_queries->queries());
    settings.setValue(QStringLiteral("window/moreConnection"), m_connection->moreShown());
    m_connection->settings().save(settings);
    m_options->save(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_automation->isActive())
        saveSettings();
    if (m_runs->isRunning())
        m_runs->cancelRun();
    event->accept();
}

void MainWindow::updateActions()
{
    const bool running = m_runs->isRunning();
    const QStringList queries = m_queries->queries();
    const bool haveQueries = !queries.isEmpty();
    // A refusal for invalid queries holds only while some are.
    if (m_queries->invalidCount() == 0 && haveQueries)
        m_status->clearTopic(StatusLine::Topic::Queries);
    // "The built-in archive" only when the run goes there: not to a local archive at a base URL.
    const bool local = m_connection->settings().provider == ts::search::ProviderKind::Local
        && m_connection->settings().baseUrl.trimmed().isEmpty();
    if (running)
        m_afterRunHint.clear();
    m_results->setEmptyHint(!m_afterRunHint.isEmpty() ? m_afterRunHint
            : !haveQueries ? tr("Add a query on the left (Edit > Add query), then press Compare (Ctrl+R).")
            : local ? tr("Press Compare (Ctrl+R) to run the %1 on the built-in archive, one after another, then all "
                         "at once. The tweets appear here, the timings below.")
                          .arg(search::quantity(queries.size(), tr("query"), tr("queries")))
                    : tr("Press Compare (Ctrl+R) to run the %1, one after another, then all at once. The tweets "
                         "appear here, the timings below.")
                          .arg(search::quantity(queries.size(), tr("query"), tr("queries"))));
    for (QAction *a : { m_compare, m_sequential, m_concurrent, m_sweep, m_countsVolume })
        a->setEnabled(!running && haveQueries);
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!running && !m_runs->resumablePath().isEmpty());
    m_openCollection->setEnabled(!running);
    hydrateAction()->setEnabled(!running);
    m_queries->setRunning(running);
    m_connection->setRunning(running);
    m_options->setEnabled(!running);
}

void MainWindow::noteEmptyRun()
{
    // After a search run that fetched nothing, the empty table says what happened, not how to
    // start a run (sweeps and volume runs leave the table, and its hint, as they were).
    m_afterRunHint.clear();
    const QList<search::RunSummary> runs = m_runs->lastSummary().runs;
    if (!runs.isEmpty() && runs.constLast().kind != search::RunKind::Hydrate && m_results->model()->rowCount() == 0) {
        int failed = 0, queries = 0;
        for (const search::RunSummary &run : runs) {
            const search::RunOutcome o = search::runOutcome(run);
            if (o.failedQueries >= failed) {
                failed = o.failedQueries;
                queries = o.queries;
            }
        }
        m_afterRunHint = failed > 0
            ? tr("No tweets: %1 of %2 failed. Each query's error is in the Queries list on the left.")
                  .arg(failed)
                  .arg(search::quantity(queries, tr("query"), tr("queries")))
            : tr("The run found no tweets for the %1. Widen the time window (Run options: From, Until) or try "
                 "other queries.")
                  .arg(search::quantity(queries, tr("query"), tr("queries")));
    }
    updateActions();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("collections/recent")).toStringList();
    for (const QString &path : recent) {
        if (!QFileInfo::exists(path))
            continue;
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openCollection(path); })
            ->setToolTip(path);
    }
    m_recentMenu->setEnabled(!m_recentMenu->isEmpty());
}

void MainWindow::askSweep()
{
    const QStringList queries = m_queries->queries();
    QStringList levels;
    for (int level : search::sweepLevels(int(queries.size())))
        levels.append(QString::number(level));
    bool ok = false;
    const int repeats = QInputDialog::getInt(this, tr("Concurrency sweep"),
        tr("%1 queries at max concurrency %2.\nRepeats per level (the chart shows their median):")
            .arg(queries.size())
            .arg(levels.join(QStringLiteral(", "))),
        m_chartRuns->sweepRepeats(), 1, 50, 1, &ok);
    if (!ok)
        return;
    m_chartRuns->setSweepRepeats(repeats);
    m_runs->startRun(RunKind::Sweep);
}

void MainWindow::exportChart()
{
    ChartExportDialog choice(m_chartsPanel->currentTabTitle(), this);
    if (choice.exec() != QDialog::Accepted)
        return;
    choice.remember();
    const bool svg = choice.format() == ChartsPanel::ImageFormat::Svg;
    const QString suggested = ResultsPane::exportFolder() + QStringLiteral("/tweetscope-")
        + m_chartsPanel->currentTabName() + (svg ? QStringLiteral(".svg") : QStringLiteral(".png"));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), suggested, svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("export/lastFolder"), QFileInfo(path).absolutePath());
    QString error;
    const QSize size = choice.imageSize();
    if (m_chartsPanel->exportImage(path, choice.format(), size, &error))
        m_status->showMessage(tr("Saved the chart (%1×%2) to %3").arg(size.width()).arg(size.height()).arg(path));
    else
        m_status->showMessage(error, true);
}

bool MainWindow::startRun(RunKind kind)
{
    return m_runs->startRun(kind);
}

void MainWindow::cancelRun()
{
    m_runs->cancelRun();
}

bool MainWindow::isRunning() const
{
    return m_runs->isRunning();
}

int MainWindow::sweepRepeats() const
{
    return m_chartRuns->sweepRepeats();
}

void MainWindow::setSweepRepeats(int repeats)
{
    m_chartRuns->setSweepRepeats(repeats);
}

void MainWindow::automate(const AutomationOptions &options)
{
    m_automation->automate(options);
}

TweetTableModel *MainWindow::tweetModel() const
{
    return m_results->model();
}

TweetFilterProxy *MainWindow::filterProxy() const
{
    return m_results->proxy();
}

QTableView *MainWindow::tweetTable() const
{
    return m_results->table();
}

TweetDetailPane *MainWindow::detailPane() const
{
    return m_results->detail();
}

QString MainWindow::countsText() const
{
    return m_results->countsText();
}

QString MainWindow::collectionPath() const
{
    return m_runs->collectionPath();
}

bool MainWindow::openCollection(const QString &path)
{
    return m_runs->openCollection(path);
}

} // namespace ts::ui
