// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "charts/chartspanel.h"
#include "connectionpanel.h"
#include "credentialsdialog.h"
#include "credentialstore.h"
#include "csvexportdialog.h"
#include "exportrunner.h"
#include "localarchivehost.h"
#include "queryeditor.h"
#include "runoptionspanel.h"
#include "search/collection.h"
#include "search/searchprovider.h"
#include "search/searchrunner.h"
#include "tweetdetailpane.h"
#include "tweetfilterproxy.h"
#include "tweettablemodel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

using ts::search::ProviderKind;
using ts::search::QueryStatus;
using ts::search::RunMode;

namespace {

const QStringList kSeedQueries = { QStringLiteral("eclipse"), QStringLiteral("nuclear"), QStringLiteral("korea"),
    QStringLiteral("cats"), QStringLiteral("ai"), QStringLiteral("memes") };

QString collectionsDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/collections");
}

QGroupBox *group(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}

// Whether the last run of a collection left queries unfinished (cancelled, failed, or the
// app closed mid-run): what Run > Resume continues from their next tokens.
bool canResume(const ts::search::Collection &collection)
{
    const auto runs = collection.runs();
    if (runs.isEmpty())
        return false;
    const auto progress = collection.progress(runs.last().id);
    return std::any_of(progress.begin(), progress.end(), [](const ts::search::QueryProgress &p) { return !p.done; });
}

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

MainWindow::MainWindow(CredentialStore *credentials, LocalArchiveHost *archive, QWidget *parent)
    : QMainWindow(parent)
    , m_credentials(credentials)
    , m_archive(archive)
    , m_runner(new ts::search::SearchRunner(this))
    , m_lookup(std::make_unique<ts::search::Collection>())
    , m_model(new TweetTableModel(this))
    , m_proxy(new TweetFilterProxy(m_model, this))
    , m_queries(new QueryEditor(this))
    , m_connection(new ConnectionPanel(this))
    , m_options(new RunOptionsPanel(this))
    , m_table(new QTableView(this))
    , m_detail(new TweetDetailPane(this))
    , m_charts(nullptr)
    , m_chartsPanel(nullptr)
    , m_filterText(new QLineEdit(this))
    , m_filterQuery(new QComboBox(this))
    , m_filterType(new QComboBox(this))
    , m_filterLang(new QComboBox(this))
    , m_counts(new QLabel(this))
    , m_runLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_countsTimer(new QTimer(this))
    , m_filterTimer(new QTimer(this))
{
    setWindowTitle(tr("Tweetscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tweetscope.png")));
    buildActions();
    buildLayout();
    buildChartActions();
    buildMenus();
    connectRunner();
    restoreSettings();
    applyProviderLimits();
    updateActions();

    if (m_archive) {
        connect(m_archive, &LocalArchiveHost::ready, this, [this](const QUrl &url) {
            setStatus(tr("Local archive ready at %1").arg(url.toString()));
            if (m_pendingStart) {
                m_pendingStart = false;
                startRun(m_pendingKind);
            }
        });
        connect(m_archive, &LocalArchiveHost::failed, this, [this](const QString &message) {
            m_pendingStart = false;
            setStatus(tr("The local archive could not start: %1").arg(message), true);
            updateActions();
            if (m_automation)
                finishAutomation();
        });
        connect(m_archive, &LocalArchiveHost::progress, this, [this](int percent, const QString &text) {
            m_runLabel->setText(text);
            m_progress->setRange(0, percent < 0 ? 0 : 100);
            if (percent >= 0)
                m_progress->setValue(percent);
            m_progress->setVisible(percent < 100);
        });
    }
}

MainWindow::~MainWindow()
{
    m_runner->setCollection(nullptr);
}

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
        [this] { startRun(RunKind::Compare); });
    m_compare->setObjectName(QStringLiteral("actionCompare"));
    m_compare->setStatusTip(tr("Run the queries one after another, then all at once, and compare the timings"));
    m_sequential = action(tr("&Sequential"), QKeySequence(Qt::CTRL | Qt::Key_1), QStyle::SP_MediaPlay,
        [this] { startRun(RunKind::Sequential); });
    m_sequential->setObjectName(QStringLiteral("actionSequential"));
    m_concurrent = action(tr("C&oncurrent"), QKeySequence(Qt::CTRL | Qt::Key_2), QStyle::SP_BrowserReload,
        [this] { startRun(RunKind::Concurrent); });
    m_concurrent->setObjectName(QStringLiteral("actionConcurrent"));
    m_cancel = action(tr("&Cancel"), QKeySequence(Qt::Key_Escape), QStyle::SP_BrowserStop, [this] { cancelRun(); });
    m_cancel->setObjectName(QStringLiteral("actionCancel"));
    m_resume = action(tr("&Resume interrupted run"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        QStyle::SP_MediaSkipForward, [this] { resumeRun(); });
    m_resume->setObjectName(QStringLiteral("actionResume"));
    m_openCollection = action(tr("&Open collection…"), QKeySequence::Open, QStyle::SP_DialogOpenButton, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open collection"), collectionsDir(), tr("Collections (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            openCollection(path);
    });
    m_exportCsv = action(tr("Export &CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E), QStyle::SP_DialogSaveButton,
        [this] { exportTo(ExportKind::Csv); });
    m_exportCsv->setObjectName(QStringLiteral("actionExportCsv"));
    m_exportExcel
        = action(tr("Export for &Excel…"), {}, QStyle::SP_CustomBase, [this] { exportTo(ExportKind::Excel); });
    m_exportJsonl = action(tr("Export &JSONL…"), {}, QStyle::SP_CustomBase, [this] { exportTo(ExportKind::Jsonl); });
    m_exportJsonl->setObjectName(QStringLiteral("actionExportJsonl"));
    m_exportTimings
        = action(tr("Export &timings CSV…"), {}, QStyle::SP_CustomBase, [this] { exportTo(ExportKind::Timings); });
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
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addActions({ m_exportCsv, m_exportExcel, m_exportJsonl, m_exportTimings });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Add query"), m_queries, &QueryEditor::addQuery);
    edit->addAction(tr("&Paste queries (one per line)"), m_queries, &QueryEditor::pasteLines);
    edit->addAction(tr("&Remove selected queries"), m_queries, &QueryEditor::removeSelected);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Filter tweets"), this, [this] {
        m_filterText->setFocus();
        m_filterText->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    edit->addAction(tr("Clear &filters"), this, [this] {
        m_filterText->clear();
        m_filterQuery->setCurrentIndex(0);
        m_filterType->setCurrentIndex(0);
        m_filterLang->setCurrentIndex(0);
    });
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
    connect(detail, &QAction::toggled, m_detail, &QWidget::setVisible);
    QAction *charts = view->addAction(tr("Timing &charts"));
    charts->setCheckable(true);
    charts->setChecked(true);
    connect(charts, &QAction::toggled, this, [this](bool on) { m_charts->setVisible(on); });
    view->addSeparator();
    view->addAction(tr("&Fit columns"), this, [this] { m_table->resizeColumnsToContents(); });
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
    m_leftSplitter->addWidget(settings);
    m_leftSplitter->setStretchFactor(0, 1);
    m_leftSplitter->setStretchFactor(1, 0);

    // Right: results.
    m_filterText->setPlaceholderText(tr("Filter: words, @author or #hashtag (Ctrl+F)"));
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setObjectName(QStringLiteral("filterText"));
    m_filterQuery->setObjectName(QStringLiteral("filterQuery"));
    m_filterType->setObjectName(QStringLiteral("filterType"));
    m_filterLang->setObjectName(QStringLiteral("filterLang"));
    m_filterQuery->addItem(tr("All queries"), -1);
    m_filterQuery->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterType->addItem(tr("All types"), -1);
    for (auto t : { TweetType::Tweet, TweetType::Retweet, TweetType::Quote, TweetType::Reply })
        m_filterType->addItem(typeName(t), int(t));
    m_filterLang->addItem(tr("All languages"), QString());
    m_filterLang->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_filterText, 1);
    filterBar->addWidget(m_filterQuery);
    filterBar->addWidget(m_filterType);
    filterBar->addWidget(m_filterLang);

    m_table->setObjectName(QStringLiteral("tweetTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const QList<int> widths = { 14, 19, 14, 60, 7, 5, 7, 8, 7, 7, 16 };
    for (int c = 0; c < widths.size(); ++c)
        m_table->horizontalHeader()->resizeSection(c, widths.at(c) * digit + 16);
    auto *results = new QWidget(this);
    auto *resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addLayout(filterBar);
    resultsLayout->addWidget(m_table, 1);

    m_resultsSplitter = new QSplitter(Qt::Horizontal, this);
    m_resultsSplitter->setObjectName(QStringLiteral("resultsSplitter"));
    m_resultsSplitter->addWidget(results);
    m_resultsSplitter->addWidget(m_detail);
    m_resultsSplitter->setStretchFactor(0, 3);
    m_resultsSplitter->setStretchFactor(1, 1);

    // Timing, waterfall, sweep and volume charts, fed live from the runner's signals.
    auto *charts = new ChartsPanel(this);
    connect(m_runner, &ts::search::SearchRunner::runStarted, charts, &ChartsPanel::runStarted);
    connect(m_runner, &ts::search::SearchRunner::requestFinished, charts, &ChartsPanel::requestFinished);
    connect(m_runner, &ts::search::SearchRunner::runFinished, charts, &ChartsPanel::runFinished);
    connect(m_runner, &ts::search::SearchRunner::pageReceived, charts, &ChartsPanel::addTweets);
    // Clicking a query's bar or request shows that query's tweets in the table.
    connect(charts, &ChartsPanel::querySelected, this, [this](int queryIndex) {
        const int item = m_filterQuery->findData(queryIndex);
        if (item >= 0)
            m_filterQuery->setCurrentIndex(item);
    });
    m_chartsPanel = charts;
    m_charts = charts;

    m_rightSplitter = new QSplitter(Qt::Vertical, this);
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_rightSplitter->addWidget(m_resultsSplitter);
    m_rightSplitter->addWidget(m_charts);
    m_rightSplitter->setStretchFactor(0, 3);
    m_rightSplitter->setStretchFactor(1, 2);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({ 400, 1000 });
    m_mainSplitter->setContentsMargins(6, 2, 6, 0); // group titles off the window's edge
    m_resultsSplitter->setSizes({ 700, 300 });
    setCentralWidget(m_mainSplitter);

    m_counts->setObjectName(QStringLiteral("counts"));
    m_runLabel->setObjectName(QStringLiteral("runLabel"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_counts);

    // Counts follow the table; coalesced so a burst of pages updates the label once.
    m_countsTimer->setSingleShot(true);
    m_countsTimer->setInterval(50);
    connect(m_countsTimer, &QTimer::timeout, this, &MainWindow::updateCounts);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_proxy, signal, m_countsTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::layoutChanged, m_countsTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::modelReset, m_countsTimer, qOverload<>(&QTimer::start));
    updateCounts();

    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(150);
    connect(m_filterTimer, &QTimer::timeout, this, [this] { m_proxy->setTextFilter(m_filterText->text()); });
    connect(m_filterText, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterText, &QLineEdit::returnPressed, this, [this] {
        m_filterTimer->stop();
        m_proxy->setTextFilter(m_filterText->text());
    });
    connect(m_filterQuery, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setQueryFilter(m_filterQuery->currentData().toInt()); });
    connect(m_filterType, &QComboBox::currentIndexChanged, this, [this] {
        const int t = m_filterType->currentData().toInt();
        m_proxy->setTypeFilter(t < 0 ? std::nullopt : std::optional(TweetType(t)));
    });
    connect(m_filterLang, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setLanguageFilter(m_filterLang->currentData().toString()); });
    connect(m_model, &TweetTableModel::languagesChanged, this, [this] {
        const QString current = m_filterLang->currentData().toString();
        const QSignalBlocker blocker(m_filterLang);
        m_filterLang->clear();
        m_filterLang->addItem(tr("All languages"), QString());
        for (const QString &code : m_model->languageCodes())
            m_filterLang->addItem(code, code);
        m_filterLang->setCurrentIndex(std::max(0, m_filterLang->findData(current)));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showSelectedTweet);

    connect(m_connection, &ConnectionPanel::changed, this, [this] {
        applyProviderLimits();
        refreshCredentialState();
    });
    connect(m_connection, &ConnectionPanel::credentialsRequested, this, [this] {
        CredentialsDialog dialog(m_credentials, m_connection->settings(), this);
        dialog.exec();
        refreshCredentialState();
    });
    connect(m_queries, &QueryEditor::queriesChanged, this, &MainWindow::updateActions);
}

void MainWindow::connectRunner()
{
    connect(m_runner, &ts::search::SearchRunner::runStarted, this, [this](RunMode mode, const QStringList &) {
        m_runLabel->setText(mode == RunMode::Sequential ? tr("Sequential run…") : tr("Concurrent run…"));
    });
    connect(m_runner, &ts::search::SearchRunner::queryStateChanged, this,
        [this](int queryIndex, const ts::search::QueryResult &state, const QString &detail) {
            m_queries->setQueryState(queryIndex, state, detail);
            if (state.status == QueryStatus::Ok || state.status == QueryStatus::Error
                || state.status == QueryStatus::Cancelled) {
                ++m_queriesFinished;
                if (state.status == QueryStatus::Error)
                    ++m_failedQueries;
                m_progress->setValue(std::min(m_queriesFinished, m_queriesTotal));
            }
        });
    connect(m_runner, &ts::search::SearchRunner::pageReceived, this,
        [this](int queryIndex, const QList<ts::Tweet> &tweets) { m_model->appendTweets(queryIndex, tweets); });
    connect(m_runner, &ts::search::SearchRunner::runFinished, this, [this](const ts::search::RunSummary &summary) {
        m_wallMs.append(summary.wallMs);
        setStatus(tr("%1 run: %2 tweets, %3 requests in %4 s")
                      .arg(summary.mode == RunMode::Sequential ? tr("Sequential") : tr("Concurrent"))
                      .arg(QLocale().toString(summary.tweets))
                      .arg(summary.requests)
                      .arg(summary.wallMs / 1000.0, 0, 'f', 2));
    });
    connect(m_runner, &ts::search::SearchRunner::collectionError, this, [this](const QString &message) {
        setStatus(
            tr("Not saved to the collection: %1 (the run goes on; the table keeps everything)").arg(message), true);
    });
    connect(m_runner, &ts::search::SearchRunner::finished, this, &MainWindow::onRunFinished);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *s : { m_mainSplitter, m_leftSplitter, m_rightSplitter, m_resultsSplitter })
        s->restoreState(settings.value(QStringLiteral("window/") + s->objectName()).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/tableHeader")).toByteArray());
    // First start: the seed notebook's queries on the local archive, so Compare works at once.
    const QStringList queries = settings.contains(QStringLiteral("queries/list"))
        ? settings.value(QStringLiteral("queries/list")).toStringList()
        : kSeedQueries;
    m_queries->setQueries(queries);
    m_connection->setSettings(ConnectionSettings::load(settings));
    m_options->load(settings);
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1360, 860);
    updateRecentMenu();
    // An interrupted run in the last collection can be resumed (Run > Resume).
    const QString last = settings.value(QStringLiteral("collections/last")).toString();
    if (!last.isEmpty() && QFileInfo::exists(last)) {
        ts::search::Collection probe;
        QString error;
        if (probe.open(last, &error, true)) {
            if (canResume(probe)) {
                m_lookup->open(last, nullptr, true);
                setStatus(tr("The last run was interrupted. Run > Resume continues it (%1).")
                              .arg(QFileInfo(last).fileName()));
                m_resume->setData(last);
            }
        }
    }
    refreshCredentialState();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter *s : { m_mainSplitter, m_leftSplitter, m_rightSplitter, m_resultsSplitter })
        settings.setValue(QStringLiteral("window/") + s->objectName(), s->saveState());
    settings.setValue(QStringLiteral("window/tableHeader"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("queries/list"), m_queries->queries());
    m_connection->settings().save(settings);
    m_options->save(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_automation)
        saveSettings();
    if (m_runner->isRunning())
        m_runner->cancel();
    event->accept();
}

void MainWindow::applyProviderLimits()
{
    const auto limits = ts::search::SearchProvider::limitsFor(m_connection->settings().provider);
    m_queries->setMaxQueryLength(limits.maxQueryLength);
    m_options->setMaxResultsRange(limits.minResults, limits.maxResults);
}

void MainWindow::refreshCredentialState()
{
    const ConnectionSettings c = m_connection->settings();
    if (c.provider == ProviderKind::Local) {
        m_connection->setCredentialState(tr("not needed for the local archive"));
        return;
    }
    const QString key = CredentialsDialog::keyFor(c);
    if (!CredentialStore::fromEnvironment(key).isEmpty()) {
        m_connection->setCredentialState(tr("from the environment"));
        return;
    }
    m_connection->setCredentialState(tr("checking the keychain…"));
    QPointer<MainWindow> self(this);
    m_credentials->isStored(key, [self](CredentialStore::Status status) {
        if (!self)
            return;
        switch (status) {
        case CredentialStore::Status::Ok:
            self->m_connection->setCredentialState(tr("stored in the keychain"));
            break;
        case CredentialStore::Status::NotFound:
            self->m_connection->setCredentialState(tr("none stored"));
            break;
        case CredentialStore::Status::KeychainUnavailable:
            self->m_connection->setCredentialState(tr("keychain unavailable: use TWEETSCOPE_* variables"));
            break;
        case CredentialStore::Status::Failed:
            self->m_connection->setCredentialState(tr("keychain error"));
            break;
        }
    });
}

void MainWindow::updateCounts()
{
    m_counts->setText(countsText());
}

QString MainWindow::countsText() const
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (shown == total)
        return tr("%1 tweets").arg(locale.toString(total));
    return tr("%1 of %2 tweets").arg(locale.toString(shown), locale.toString(total));
}

QString MainWindow::collectionPath() const
{
    return m_collection && m_collection->isOpen() ? m_collection->path() : m_lookup->path();
}

void MainWindow::updateActions()
{
    const bool running = isRunning();
    const bool haveQueries = !m_queries->queries().isEmpty();
    for (QAction *a : { m_compare, m_sequential, m_concurrent, m_sweep, m_countsVolume })
        a->setEnabled(!running && haveQueries);
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!running && m_resume->data().isValid());
    m_openCollection->setEnabled(!running);
    m_queries->setRunning(running);
    m_connection->setRunning(running);
    m_options->setEnabled(!running);
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

void MainWindow::setStatus(const QString &text, bool warning)
{
    statusBar()->showMessage(warning ? QStringLiteral("⚠ ") + text : text, warning ? 0 : 15000);
}

bool MainWindow::isRunning() const
{
    return m_runner->isRunning() || m_pendingStart || chartRunGoing();
}

bool MainWindow::startRun(RunKind kind)
{
    if (isRunning())
        return false;
    const QStringList queries = m_queries->queries();
    if (queries.isEmpty()) {
        setStatus(tr("Add at least one query first."), true);
        return false;
    }
    if (const int bad = m_queries->invalidCount(); bad > 0) {
        setStatus((bad == 1 ? tr("1 query cannot be sent: fix the one marked in the list.")
                            : tr("%1 queries cannot be sent: fix the ones marked in the list.").arg(bad)),
            true);
        return false;
    }
    const ConnectionSettings c = m_connection->settings();
    ts::search::ConnectionConfig config;
    config.provider = c.provider;
    config.account = c.account;
    config.label = c.label;
    config.username = c.username.isEmpty() ? qEnvironmentVariable("TWEETSCOPE_USERNAME") : c.username;
    if (!c.baseUrl.isEmpty()) {
        config.baseUrl = QUrl::fromUserInput(c.baseUrl);
    } else if (c.provider == ProviderKind::Local) {
        if (!m_archive) {
            setStatus(tr("No local archive here: give the base URL of a running tweetscope-archive."), true);
            return false;
        }
        if (!m_archive->isReady() || m_archive->latency() != c.latency) {
            // Starting (or restarting with the new latency) takes a moment; the run follows.
            m_pendingStart = true;
            m_pendingKind = kind;
            m_runLabel->setText(tr("Starting the local archive…"));
            updateActions();
            m_archive->start(c.latency);
            return true;
        }
        config.baseUrl = m_archive->baseUrl();
    }
    if (c.provider == ProviderKind::Local) {
        launch(kind, config, queries);
        return true;
    }
    if (const QString problem = CredentialsDialog::transportProblem(config.baseUrl.toString()); !problem.isEmpty()) {
        setStatus(problem, true);
        return false;
    }
    // Remote providers: the secret comes from the keychain, else the environment.
    const QString key = CredentialsDialog::keyFor(c);
    m_pendingStart = true;
    updateActions();
    QPointer<MainWindow> self(this);
    m_credentials->read(key,
        [self, kind, config, queries, key](
            CredentialStore::Status status, const QString &secret, const QString &) mutable {
            if (!self)
                return;
            self->m_pendingStart = false;
            QString value = status == CredentialStore::Status::Ok ? secret : CredentialStore::fromEnvironment(key);
            if (value.isEmpty()) {
                self->setStatus(status == CredentialStore::Status::KeychainUnavailable
                        ? tr("No credential: the keychain is unavailable and TWEETSCOPE_BEARER_TOKEN / "
                             "TWEETSCOPE_PASSWORD is not set.")
                        : tr("No credential stored: Edit > Credentials… (or set TWEETSCOPE_BEARER_TOKEN / "
                             "TWEETSCOPE_PASSWORD)."),
                    true);
                self->updateActions();
                return;
            }
            if (key == QLatin1String(CredentialStore::BearerTokenKey))
                config.bearerToken = value;
            else
                config.password = value;
            self->launch(kind, config, queries);
        });
    return true;
}

bool MainWindow::prepareCollection(QString *error)
{
    QDir().mkpath(collectionsDir());
    const QString path = collectionsDir() + QStringLiteral("/run-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) + QStringLiteral(".sqlite");
    auto collection = std::make_unique<ts::search::Collection>();
    if (!collection->open(path, error))
        return false;
    m_runner->setCollection(collection.get());
    m_collection = std::move(collection);
    m_lookup->open(path, nullptr, true);
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("collections/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("collections/recent"), recent);
    settings.setValue(QStringLiteral("collections/last"), path);
    updateRecentMenu();
    return true;
}

void MainWindow::launch(RunKind kind, ts::search::ConnectionConfig config, const QStringList &queries)
{
    if (kind == RunKind::Sweep || kind == RunKind::CountsVolume) {
        launchChartRun(kind, config, queries);
        return;
    }
    QString error;
    m_runner->setCollection(nullptr);
    if (!prepareCollection(&error))
        setStatus(tr("Runs are not saved: %1").arg(error), true);
    m_resume->setData(QVariant());
    m_model->clear();
    m_chartsPanel->clear();
    m_model->setQueryNames(queries);
    {
        const QSignalBlocker blocker(m_filterQuery);
        m_filterQuery->clear();
        m_filterQuery->addItem(tr("All queries"), -1);
        for (int i = 0; i < queries.size(); ++i)
            m_filterQuery->addItem(queries.at(i), i);
        m_proxy->setQueryFilter(-1);
    }
    m_detail->showMessage(tr("Select a tweet to see it in full."));
    m_queries->clearStates();
    m_runKind = kind;
    m_cancelRequested = false;
    m_queriesFinished = 0;
    m_failedQueries = 0;
    m_wallMs.clear();
    m_queriesTotal = int(queries.size()) * (kind == RunKind::Compare ? 2 : 1);
    m_progress->setRange(0, m_queriesTotal);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m queries"));
    m_progress->show();

    const ts::search::SearchOptions options = m_options->options();
    bool started = false;
    if (kind == RunKind::Compare)
        started = m_runner->startCompare(config, queries, options);
    else
        started = m_runner->start(
            config, queries, kind == RunKind::Sequential ? RunMode::Sequential : RunMode::Concurrent, options);
    if (!started) {
        m_progress->hide();
        setStatus(tr("The run could not start."), true);
    }
    updateActions();
}

void MainWindow::cancelRun()
{
    if (m_pendingStart) {
        m_pendingStart = false;
        m_runLabel->clear();
        updateActions();
        return;
    }
    if (m_runner->isRunning()) {
        m_runLabel->setText(tr("Cancelling…"));
        m_cancelRequested = true;
        m_runner->cancel();
    }
    cancelChartRun();
}

void MainWindow::onRunFinished()
{
    m_progress->hide();
    QString summary;
    if (m_runKind == RunKind::Compare && m_wallMs.size() == 2 && m_wallMs.at(1) > 0)
        summary = tr("Sequential %1 s, concurrent %2 s: %3× faster")
                      .arg(m_wallMs.at(0) / 1000.0, 0, 'f', 2)
                      .arg(m_wallMs.at(1) / 1000.0, 0, 'f', 2)
                      .arg(m_wallMs.at(0) / m_wallMs.at(1), 0, 'f', 1);
    if (m_cancelRequested)
        summary = tr("Cancelled: %1 tweets kept").arg(QLocale().toString(m_model->rowCount()));
    m_cancelRequested = false;
    m_runLabel->setText(summary);
    if (m_failedQueries > 0)
        setStatus(
            tr("%1 of the queries failed; see the Queries list. Everything fetched is kept.").arg(m_failedQueries),
            true);
    // A cancelled or failed run leaves next tokens in the collection: offer to resume it.
    if (m_collection && m_collection->isOpen()) {
        if (canResume(*m_collection))
            m_resume->setData(m_collection->path());
    }
    updateActions();
    Q_EMIT runEnded(m_failedQueries);
    if (m_automation)
        finishAutomation();
}

void MainWindow::resumeRun()
{
    const QString path = m_resume->data().toString();
    if (path.isEmpty() || isRunning())
        return;
    if (!m_collection || m_collection->path() != path) {
        auto collection = std::make_unique<ts::search::Collection>();
        QString error;
        if (!collection->open(path, &error)) {
            setStatus(tr("Cannot open %1: %2").arg(path, error), true);
            return;
        }
        m_collection = std::move(collection);
    }
    m_runner->setCollection(m_collection.get());
    const ConnectionSettings c = m_connection->settings();
    ts::search::ConnectionConfig config;
    config.provider = c.provider;
    config.account = c.account;
    config.label = c.label;
    if (!c.baseUrl.isEmpty())
        config.baseUrl = QUrl::fromUserInput(c.baseUrl);
    else if (m_archive && m_archive->isReady())
        config.baseUrl = m_archive->baseUrl();
    QString error;
    m_queriesFinished = 0;
    m_failedQueries = 0;
    if (!m_runner->resume(config, &error)) {
        setStatus(tr("Nothing to resume: %1").arg(error), true);
        m_resume->setData(QVariant());
    }
    updateActions();
}

void MainWindow::showSelectedTweet()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->showMessage(tr("Select a tweet to see it in full."));
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(current);
    const TweetRow &row = m_model->rowAt(source.row());
    const QString id = m_model->idAt(source.row());
    QStringList queries;
    for (int q : m_model->querySet(row.querySet))
        queries.append(m_model->queryNames().value(q));
    QString error;
    if (auto tweet = m_lookup->tweet(id.toULongLong(), &error)) {
        m_detail->showTweet(*tweet, queries);
        return;
    }
    // Not in a collection file (none open, or it could not be written): what the table has.
    Tweet t;
    t.id = id;
    t.createdAtMs = row.createdAtMs;
    t.text = m_model->textAt(source.row());
    t.authorUsername = m_model->authors().at(row.author);
    t.lang = m_model->languages().at(row.lang);
    t.type = row.type;
    t.likeCount = row.likes;
    t.retweetCount = row.retweets;
    t.replyCount = row.replies;
    t.quoteCount = row.quotes;
    m_detail->showTweet(t, queries);
}

bool MainWindow::openCollection(const QString &path)
{
    if (isRunning())
        return false;
    ts::search::Collection collection;
    QString error;
    if (!collection.open(path, &error, true)) {
        setStatus(tr("Cannot open %1: %2").arg(path, error), true);
        return false;
    }
    const auto runs = collection.runs(&error);
    QStringList names;
    for (const auto &run : runs) {
        for (const auto &q : run.queries) {
            if (!names.contains(q.query))
                names.append(q.query);
        }
    }
    m_model->clear();
    m_model->setQueryNames(names);
    QHash<QString, int> indexOf;
    for (int i = 0; i < names.size(); ++i)
        indexOf.insert(names.at(i), i);
    // Batches per query keep one insert per batch, as pages do.
    QHash<int, QList<Tweet>> batch;
    int pending = 0;
    auto flush = [&] {
        for (auto it = batch.begin(); it != batch.end(); ++it)
            m_model->appendTweets(it.key(), it.value());
        batch.clear();
        pending = 0;
    };
    const bool ok = collection.forEachTweet(
        [&](const Tweet &tweet, const QStringList &queries) {
            Tweet compact = tweet;
            compact.rawJson.clear(); // stays on disk; the detail pane reads it by id
            for (const QString &q : queries)
                batch[indexOf.value(q, 0)].append(compact);
            if (queries.isEmpty())
                batch[0].append(compact);
            if (++pending >= 5000)
                flush();
            return true;
        },
        &error);
    flush();
    if (!ok)
        setStatus(tr("Read part of %1: %2").arg(path, error), true);
    {
        const QSignalBlocker blocker(m_filterQuery);
        m_filterQuery->clear();
        m_filterQuery->addItem(tr("All queries"), -1);
        for (int i = 0; i < names.size(); ++i)
            m_filterQuery->addItem(names.at(i), i);
        m_proxy->setQueryFilter(-1);
    }
    m_lookup->open(path, nullptr, true);
    if (canResume(collection)) {
        m_resume->setData(path);
        setStatus(
            tr("Opened %1: its last run was interrupted; Run > Resume continues it.").arg(QFileInfo(path).fileName()));
    } else {
        m_resume->setData(QVariant());
        setStatus(tr("Opened %1: %2 runs").arg(QFileInfo(path).fileName()).arg(runs.size()));
    }
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("collections/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(QStringLiteral("collections/recent"), recent.mid(0, 10));
    updateRecentMenu();
    updateActions();
    return true;
}

void MainWindow::automate(const AutomationOptions &options)
{
    m_automation = options;
    ConnectionSettings c = m_connection->settings();
    if (options.provider)
        c.provider = *options.provider;
    if (!options.baseUrl.isEmpty() || options.provider)
        c.baseUrl = options.baseUrl;
    if (!options.latency.isEmpty())
        c.latency = options.latency;
    m_connection->setSettings(c);
    applyProviderLimits();
    if (options.queries)
        m_queries->setQueries(*options.queries);
    auto o = m_options->options();
    if (options.maxConcurrency)
        o.maxConcurrency = *options.maxConcurrency;
    if (options.maxResults)
        o.maxResults = *options.maxResults;
    if (options.pages)
        o.pages = *options.pages;
    m_options->setOptions(o);
    if (options.repeats)
        setSweepRepeats(*options.repeats);
    switch (options.run) {
    case AutomationOptions::Run::None:
        QTimer::singleShot(0, this, &MainWindow::finishAutomation);
        return;
    case AutomationOptions::Run::Sequential:
        QTimer::singleShot(0, this, [this] { startRun(RunKind::Sequential) || (finishAutomation(), true); });
        return;
    case AutomationOptions::Run::Concurrent:
        QTimer::singleShot(0, this, [this] { startRun(RunKind::Concurrent) || (finishAutomation(), true); });
        return;
    case AutomationOptions::Run::Compare:
        QTimer::singleShot(0, this, [this] { startRun(RunKind::Compare) || (finishAutomation(), true); });
        return;
    case AutomationOptions::Run::Sweep:
        QTimer::singleShot(0, this, [this] { startRun(RunKind::Sweep) || (finishAutomation(), true); });
        return;
    case AutomationOptions::Run::Volume:
        QTimer::singleShot(0, this, [this] { startRun(RunKind::CountsVolume) || (finishAutomation(), true); });
        return;
    }
}

void MainWindow::exportTo(ExportKind kind)
{
    const QString source = collectionPath();
    if (source.isEmpty()) {
        setStatus(tr("Nothing to export yet: run the queries or open a collection first."), true);
        return;
    }
    ExportRequest request;
    request.kind = kind;
    if (kind != ExportKind::Timings) {
        // Which rows (and for CSV which columns); remembered for the next export.
        CsvExportDialog choice(m_proxy->rowCount(), m_model->rowCount(), this,
            kind == ExportKind::Jsonl ? CsvExportDialog::Format::Jsonl : CsvExportDialog::Format::Csv);
        if (kind == ExportKind::Excel)
            choice.setWindowTitle(tr("Export for Excel"));
        QSettings settings;
        choice.load(settings);
        if (choice.exec() != QDialog::Accepted)
            return;
        choice.save(settings);
        if (kind != ExportKind::Jsonl) {
            QString error;
            const auto columns = ts::exporter::csvColumnsFromNames(choice.columns(), &error);
            if (!columns) {
                setStatus(tr("Export: %1").arg(error), true);
                return;
            }
            request.columns = *columns;
        }
        if (choice.visibleRowsOnly()) {
            // Only the ids, in view order: the exporter reads the tweets by id, a chunk at a time.
            std::vector<quint64> ids;
            ids.reserve(m_proxy->visibleSourceRows().size());
            for (int row : m_proxy->visibleSourceRows())
                ids.push_back(m_model->rowAt(row).id);
            request.ids = std::move(ids);
        }
    }
    const QString filter = kind == ExportKind::Jsonl ? tr("JSON Lines (*.jsonl)") : tr("CSV files (*.csv)");
    const QString suffix = kind == ExportKind::Jsonl ? QStringLiteral(".jsonl")
        : kind == ExportKind::Timings                ? QStringLiteral("-timings.csv")
                                                     : QStringLiteral(".csv");
    const QString suggested = QFileInfo(source).absolutePath() + u'/' + QFileInfo(source).completeBaseName() + suffix;
    request.target = QFileDialog::getSaveFileName(this, tr("Export"), suggested, filter);
    if (request.target.isEmpty())
        return;
    const QString target = request.target;
    exportCollectionInBackground(this, source, std::move(request), [this, target](const ts::exporter::ExportResult &r) {
        if (r.ok)
            setStatus(tr("Exported %1 tweets to %2").arg(QLocale().toString(r.tweets), target));
        else if (r.cancelled)
            setStatus(tr("Export cancelled; %1 left as it was.").arg(target));
        else
            setStatus(tr("Export failed, %1 left as it was: %2").arg(target, r.error), true);
    });
}

void MainWindow::finishAutomation()
{
    if (!m_automation)
        return;
    const AutomationOptions options = *m_automation;
    m_automation.reset();
    // Let the table and the charts lay out and paint before the capture.
    QTimer::singleShot(300, this, [this, options] {
        if (!options.exportCsv.isEmpty()) {
            ExportRequest request;
            request.target = options.exportCsv;
            const auto r = exportCollection(collectionPath(), request);
            if (r.ok) {
                setStatus(tr("Exported %1 tweets to %2").arg(QLocale().toString(r.tweets), options.exportCsv));
            } else {
                setStatus(tr("Export failed: %1").arg(r.error), true);
                ++m_failedQueries; // the exit code tells a script the run did not deliver
            }
        }
        if (!options.screenshot.isEmpty()) {
            if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
                m_table->selectRow(0);
            QApplication::processEvents();
            if (!grab().save(options.screenshot))
                setStatus(tr("Could not write the screenshot %1").arg(options.screenshot), true);
        }
        if (options.quitAfterRun)
            QApplication::exit(m_failedQueries > 0 ? 1 : 0);
    });
}

} // namespace ts::ui
