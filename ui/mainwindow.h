// SPDX-License-Identifier: MIT
#pragma once

#include "automationoptions.h"
#include "colorscheme.h"
#include "runkind.h"

#include <QMainWindow>
#include <QStyle>

#include <memory>
#include <utility>

class QAction;
class QMenu;
class QSplitter;
class QTableView;

namespace ts::search {
class Collection;
class CredentialStore;
} // namespace ts::search

namespace ts::ui {

class AutomationDriver;
class ChartRunController;
class ChartsPanel;
class ConnectionPanel;
class LocalArchiveHost;
enum class ExportKind;
class QueryEditor;
class ResultsPane;
class RunController;
class RunOptionsPanel;
class StatusLine;
class TweetDetailPane;
class TweetFilterProxy;
class TweetTableModel;

/**
 * The desktop app's window: queries, connection and run options on the left; the results
 * (filter bar, table, selected tweet) and the charts on the right. The window holds the
 * actions, menus and splitters; the results pane shows the tweets, the run controller runs
 * the queries and keeps the collections, the chart-run controller runs sweeps and counts,
 * and the automation driver works the window without a person.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// archive: the embedded local archive (may be null: then only a base URL works for "local").
    MainWindow(search::CredentialStore *credentials, LocalArchiveHost *archive, QWidget *parent = nullptr);
    ~MainWindow() override;

    using RunKind = ts::ui::RunKind;
    /// Starts a run with what the panels say; false (and the reason in the status bar) when it cannot.
    bool startRun(RunKind kind);
    /// File > Import…: imports files (tweets in any format, or X account archive ZIPs) into the
    /// local archive off the GUI thread, with progress, then shows the result
    /// (mainwindowimport.cpp). False when there is no ready local archive to import into.
    bool importFiles(const QStringList &files);
    /// File > Hydrate ids…: the tweets of a file of tweet ids (one a line, or the CSV column
    /// named column) as a run like any other: progress, table, charts, collection, export
    /// (mainwindowhydrate.cpp). False (and the reason in the status bar) when it cannot start.
    bool hydrateIds(const QString &file, const QString &column = {});
    void cancelRun();
    bool isRunning() const;
    int sweepRepeats() const;
    void setSweepRepeats(int repeats);

    /// Applies the automation options and, if asked, runs, exports, captures and quits.
    void automate(const AutomationOptions &options);

    // For tests and automation.
    TweetTableModel *tweetModel() const;
    TweetFilterProxy *filterProxy() const;
    QTableView *tweetTable() const;
    QueryEditor *queryEditor() const { return m_queries; }
    TweetDetailPane *detailPane() const;
    ChartsPanel *chartsPanel() const { return m_chartsPanel; }
    ResultsPane *resultsPane() const { return m_results; }
    RunController *runController() const { return m_runs; }
    QString countsText() const;
    QString collectionPath() const;
    /// Opens a collection file: its tweets fill the table; an unfinished run can be resumed.
    bool openCollection(const QString &path);
    /// Applies a colour scheme live and checks it in View > Color scheme; remember stores it
    /// for the next start (the menu does; --color-scheme is for one session).
    void setColorScheme(ColorScheme scheme, bool remember);

Q_SIGNALS:
    /// A run (any kind) ended; failedQueries counts every run's failures.
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
    void fitToScreen(bool firstStart);
    void updateActions();
    void updateRecentMenu();
    /// After a run: the empty table's hint says why there are no tweets.
    void noteEmptyRun();
    QAction *importAction(); ///< File > Import… (mainwindowimport.cpp)
    QAction *hydrateAction(); ///< File > Hydrate ids… (mainwindowhydrate.cpp)
    void askSweep();
    void exportChart();
    /// The Credentials dialog for this provider with the panel's other settings.
    void openCredentials(ts::search::ProviderKind provider);

    search::CredentialStore *m_credentials;
    LocalArchiveHost *m_archive; ///< may be null (tests): then File > Import… says so
    /// The shown collection opened read-only: the detail pane reads a tweet in full by id.
    std::unique_ptr<ts::search::Collection> m_lookup;

    QueryEditor *m_queries;
    ConnectionPanel *m_connection;
    RunOptionsPanel *m_options;
    ChartsPanel *m_chartsPanel;
    StatusLine *m_status;
    ResultsPane *m_results;
    ChartRunController *m_chartRuns;
    RunController *m_runs;
    AutomationDriver *m_automation;

    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QMenu *m_recentMenu = nullptr;
    /// What the empty table says after a search run that fetched no tweets (empty otherwise).
    QString m_afterRunHint;
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
    QAction *m_exportChart = nullptr;
    QAction *m_import = nullptr;
    QAction *m_hydrate = nullptr;
    QAction *m_sweep = nullptr;
    QAction *m_countsVolume = nullptr;
};

} // namespace ts::ui
