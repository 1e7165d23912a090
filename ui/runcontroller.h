// SPDX-License-Identifier: MIT
#pragma once

#include "runkind.h"
#include "search/timing.h"
#include "statusline.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

namespace ts::search {
class Collection;
class CredentialStore;
class SearchRunner;
struct ConnectionConfig;
struct SearchSummary;
enum class ProviderKind : quint8;
} // namespace ts::search

namespace ts::ui {

class ChartRunController;
class ChartsPanel;
class ConnectionPanel;
struct ConnectionSettings;
class LocalArchiveHost;
class QueryEditor;
class ResultsPane;
class RunOptionsPanel;

/**
 * The run state machine and the collections: turns what the left-hand panels say into a run
 * (connection, credentials from the keychain or the environment, the local archive started
 * on demand), feeds the results pane and the charts as pages arrive, saves every run into a
 * collection file, resumes interrupted runs and opens saved collections. Sweeps and counts
 * runs pass the same checks, then go to the ChartRunController.
 */
class RunController : public QObject
{
    Q_OBJECT
public:
    /// What a run reads and writes; every pointer outlives the controller.
    struct Parts
    {
        search::CredentialStore *credentials = nullptr;
        LocalArchiveHost *archive = nullptr; ///< may be null: then only a base URL works for "local"
        QueryEditor *queries = nullptr;
        ConnectionPanel *connection = nullptr;
        RunOptionsPanel *options = nullptr;
        ResultsPane *results = nullptr;
        ChartsPanel *charts = nullptr;
        ChartRunController *chartRuns = nullptr;
        StatusLine *status = nullptr;
        ts::search::Collection *lookup = nullptr; ///< opened on the collection being shown
    };
    explicit RunController(const Parts &parts, QObject *parent = nullptr);
    ~RunController() override;

    /// Starts a run with what the panels say; false (and the reason in the status bar and in
    /// startFailed) when it cannot.
    bool startRun(RunKind kind);
    /// File > Hydrate ids…: the tweets of the ids in file (one a line, `#` comments, or the CSV
    /// column named column) as a concurrent run of id batches (search/hydration.h) with the
    /// panels' connection and run options, into the table, the charts and a collection like
    /// any run. False (and the reason, as for startRun) when the file or the provider cannot.
    bool startHydration(const QString &file, const QString &column = {});
    /// How long a run waits for the keychain before it goes on without it (the environment
    /// variables still work): a keychain that never answers must not hold the run forever.
    static constexpr int kKeychainWaitMs = 10000;
    /// For tests: a shorter wait than kKeychainWaitMs.
    void setKeychainWaitMs(int ms) { m_keychainWaitMs = ms; }
    void cancelRun();
    bool isRunning() const;
    /// Opens a collection file: its tweets fill the table; an unfinished run can be resumed.
    bool openCollection(const QString &path);
    /// The collection being written or shown; empty if none.
    QString collectionPath() const;
    /// The collection whose last run can be resumed; empty if none.
    QString resumablePath() const { return m_resumePath; }
    void resumeRun();
    /// At start: shows the last collection again (up to kReopenLimitBytes; a larger one is
    /// offered in the status bar) and offers to resume its run if it was interrupted.
    void restoreLastCollection(const QString &path);
    /// Collections up to this size are read back into the table at start (a 1M-tweet
    /// collection is about 1 GB and takes seconds to read, with the window waiting).
    static constexpr qint64 kReopenLimitBytes = 256LL * 1024 * 1024;
    /// For tests: another limit than kReopenLimitBytes.
    void setReopenLimitBytes(qint64 bytes) { m_reopenLimitBytes = bytes; }

    /// Where runs are saved: one collection file per run.
    static QString collectionsDir();

    /// The last search run (sequential, concurrent, compare or resumed) as the JSON summary
    /// describes it (search/runsummaryjson.h): what `tweetscope --json-summary FILE` writes.
    ts::search::SearchSummary lastSummary() const;

    /// Query length and results-per-page limits of the chosen provider.
    void applyProviderLimits();
    /// Opens connections to where the connection settings point (no credentials needed).
    void preconnect();
    /// Says next to the provider where its credential comes from.
    void refreshCredentialState();

Q_SIGNALS:
    /// Running or resumable changed: actions follow.
    void stateChanged();
    /// A run (any kind) ended; failedQueries counts every run's failures.
    void runEnded(int failedQueries);
    /// A run could not start or go on; message says why (also in the status bar). The
    /// automation exits with it; a person reads it in the status bar.
    void startFailed(const QString &message);
    /// A remote provider has no credential (just before startFailed): the window offers the
    /// Credentials dialog for that provider (the first or the one of "Also run on").
    void credentialsNeeded(ts::search::ProviderKind provider);
    /// The list of recent collections changed.
    void recentChanged();

private:
    /// "90 of 100 ids found; 10 not found; 0 not authorized" (and the other outcomes when any).
    static QString hydrationText(const ts::search::HydrationCounts &counts);
    /// The credentials of configs[from..] (remote providers: the keychain, else the environment,
    /// each waited for at most m_keychainWaitMs), then launch(); a refusal names the provider
    /// that has none.
    void resolveCredentials(
        RunKind kind, QList<ts::search::ConnectionConfig> configs, const QStringList &queries, qsizetype from);
    /// One provider, or with two (startAcross) the same queries on each in turn.
    void launch(RunKind kind, const QList<ts::search::ConnectionConfig> &configs, const QStringList &queries);
    /// What refreshCredentialState says of one provider, to done (at once or once the
    /// keychain answers).
    void credentialStateOf(const ConnectionSettings &c, std::function<void(const QString &)> done);
    /// "Concurrent run", or in a run on two providers "Concurrent run on Bluesky post search".
    QString runName(const ts::search::RunSummary &summary, bool capital) const;
    QString providerTitleOf(const ts::search::RunSummary &summary) const;
    bool prepareCollection(QString *error);
    void rememberRecent(const QString &path, bool last);
    void onRunFinished();
    void refuse(const QString &message, StatusLine::Topic topic = StatusLine::Topic::Other);

    Parts m_parts;
    ts::search::SearchRunner *m_runner;
    std::unique_ptr<ts::search::Collection> m_collection;
    QString m_resumePath;

    // The run in progress.
    RunKind m_runKind = RunKind::Compare;
    int m_queriesFinished = 0;
    int m_queriesTotal = 0;
    int m_failedQueries = 0;
    QList<ts::search::RunSummary> m_summaries; // per finished run, for the compare summary
    ts::search::ProviderKind m_summaryProvider {};
    QUrl m_summaryBaseUrl;
    QStringList m_acrossTitles; // a run on two providers: their titles, in run order; else empty
    int m_acrossLeg = -1; // the provider whose run is going (runStarted counts them)
    bool m_acrossPlaces = false; // both are the same provider: titled with their host:port
    bool m_cancelRequested = false;
    bool m_pendingStart = false; // waiting for the local archive or the keychain
    int m_keychainWaitMs = kKeychainWaitMs;
    qint64 m_reopenLimitBytes = kReopenLimitBytes;
    quint64 m_credentialStateGeneration = 0; // the credential state being shown (a later one wins)
    quint64 m_credentialRead = 0; // the keychain read being waited for (a later one or a timeout wins)
    RunKind m_pendingKind = RunKind::Compare;
    QStringList m_hydrationBatches; // a hydration waiting to start: its id batches
    QString m_hydrationInput; // what the id file held, for the status bar
    bool m_hydrating = false; // the run in progress (or last run) is a hydration
};

} // namespace ts::ui
