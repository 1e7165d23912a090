// SPDX-License-Identifier: MIT
#pragma once

#include "automationoptions.h"
#include "colorscheme.h"
#include "connectionsettings.h"

#include <QMainWindow>
#include <QPointer>
#include <QStyle>

#include <memory>
#include <utility>

class QAction;
class QLabel;
class QLineEdit;
class QComboBox;
class QMenu;
class QProgressBar;
class QSplitter;
class QTableView;
class QTimer;

namespace ts::search {
class Collection;
class CountsFetcher;
class SearchRunner;
} // namespace ts::search

namespace ts::ui {

class ConnectionPanel;
class CredentialStore;
class LocalArchiveHost;
class ChartsPanel;
enum class ExportKind;
class QueryEditor;
class RunOptionsPanel;
class SweepRunner;
class TweetDetailPane;
class TweetFilterProxy;
class TweetTableModel;

/**
 * The desktop app's window: queries, connection and run options on the left; the results
 * table with its filter bar, the selected tweet and the timing charts on the right. Runs go
 * through SearchRunner on the event loop; every page lands in the model and in a collection
 * file as it arrives.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// archive: the embedded local archive (may be null: then only a base URL works for "local").
    MainWindow(CredentialStore *credentials, LocalArchiveHost *archive, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Sweep: the queries at max concurrency 1, 2, 4, ... (sweepRepeats() times each), into the Sweep tab.
    /// CountsVolume: tweets per minute/hour/day from the counts endpoints, into the Volume tab; no tweets fetched.
    enum class RunKind { Sequential, Concurrent, Compare, Sweep, CountsVolume };
    /// Starts a run with what the panels say; false (and the reason in the status bar) when it cannot.
    bool startRun(RunKind kind);
    /// File > Import…: imports files (tweets in any format, or X account archive ZIPs) into the
    /// local archive off the GUI thread, with progress, then shows the result
    /// (mainwindowimport.cpp). False when there is no ready local archive to import into.
    bool importFiles(const QStringList &files);
    void cancelRun();
    bool isRunning() const;
    int sweepRepeats() const { return m_sweepRepeats; }
    void setSweepRepeats(int repeats);

    /// Applies the automation options and, if asked, runs, exports, captures and quits.
    void automate(const AutomationOptions &options);

    // For tests and automation.
    TweetTableModel *tweetModel() const { return m_model; }
    TweetFilterProxy *filterProxy() const { return m_proxy; }
    QTableView *tweetTable() const { return m_table; }
    QueryEditor *queryEditor() const { return m_queries; }
    TweetDetailPane *detailPane() const { return m_detail; }
    ChartsPanel *chartsPanel() const { return m_chartsPanel; }
    QString countsText() const;
    QString collectionPath() const;
    /// Opens a collection file: its tweets fill the table; an unfinished run can be resumed.
    bool openCollection(const QString &path);
    /// Applies a colour scheme live and checks it in View > Color scheme; remember stores it
    /// for the next start (the menu does; --color-scheme is for one session).
    void setColorScheme(ColorScheme scheme, bool remember);

Q_SIGNALS:
    /// A run (sequential, concurrent or compare) ended; failedQueries counts every run's failures.
    void runEnded(int failedQueries);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildLayout();
    void restoreSettings();
    void saveSettings() const;
    void applyProviderLimits();
    void refreshCredentialState();
    void updateCounts();
    void updateActions();
    void updateRecentMenu();
    void showSelectedTweet();
    void setStatus(const QString &text, bool warning = false);
    void launch(RunKind kind, ts::search::ConnectionConfig config, const QStringList &queries);
    bool prepareCollection(QString *error);
    void onRunFinished();
    void finishAutomation();
    void exportTo(ExportKind kind);
    void resumeRun();
    void connectRunner();
    QAction *importAction(); ///< File > Import… (mainwindowimport.cpp)
    // Sweep and counts-only volume (mainwindowcharts.cpp).
    void buildChartActions();
    void askSweep();
    void launchChartRun(RunKind kind, const ts::search::ConnectionConfig &config, const QStringList &queries);
    void chartRunEnded(const QString &summary, bool warning);
    bool chartRunGoing() const;
    void cancelChartRun();

    CredentialStore *m_credentials;
    LocalArchiveHost *m_archive;
    ts::search::SearchRunner *m_runner;
    std::unique_ptr<ts::search::Collection> m_collection;
    /// The shown collection opened read-only: the detail pane reads a tweet in full by id.
    std::unique_ptr<ts::search::Collection> m_lookup;
    TweetTableModel *m_model;
    TweetFilterProxy *m_proxy;

    QueryEditor *m_queries;
    ConnectionPanel *m_connection;
    RunOptionsPanel *m_options;
    QTableView *m_table;
    TweetDetailPane *m_detail;
    QWidget *m_charts;
    ChartsPanel *m_chartsPanel;
    QLineEdit *m_filterText;
    QComboBox *m_filterQuery;
    QComboBox *m_filterType;
    QComboBox *m_filterLang;
    QSplitter *m_mainSplitter;
    QSplitter *m_leftSplitter;
    QSplitter *m_rightSplitter;
    QSplitter *m_resultsSplitter;
    QLabel *m_counts;
    QLabel *m_runLabel;
    QProgressBar *m_progress;
    QTimer *m_countsTimer;
    QTimer *m_filterTimer;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_schemeActions; // View > Color scheme, in ColorScheme order
    // Actions whose style icon is tinted for a dark palette (again when the palette changes).
    QList<std::pair<QAction *, QStyle::StandardPixmap>> m_tintedIcons;

    QAction *m_sequential = nullptr;
    QAction *m_concurrent = nullptr;
    QAction *m_compare = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_resume = nullptr;
    QAction *m_openCollection = nullptr;
    QAction *m_exportCsv = nullptr;
    QAction *m_exportExcel = nullptr;
    QAction *m_exportJsonl = nullptr;
    QAction *m_exportTimings = nullptr;
    QAction *m_import = nullptr;
    QAction *m_sweep = nullptr;
    QAction *m_countsVolume = nullptr;

    // Sweeps measure on a runner of their own (no collection, no table); counts fetch no tweets.
    ts::search::SearchRunner *m_sweepSearch = nullptr;
    SweepRunner *m_sweepRunner = nullptr;
    ts::search::CountsFetcher *m_countsFetcher = nullptr;
    int m_sweepRepeats = 3;

    // The run in progress.
    RunKind m_runKind = RunKind::Compare;
    int m_queriesFinished = 0;
    int m_queriesTotal = 0;
    int m_failedQueries = 0;
    QList<double> m_wallMs; // per finished run, for the compare summary
    bool m_cancelRequested = false;
    bool m_pendingStart = false; // waiting for the local archive
    RunKind m_pendingKind = RunKind::Compare;

    std::optional<AutomationOptions> m_automation;
};

} // namespace ts::ui
