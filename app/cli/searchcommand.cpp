// SPDX-License-Identifier: MIT
// tweetscope-cli search: runs queries sequentially, concurrently or both against a provider,
// saves everything into a collection as it arrives, prints a JSON summary (docs/cli.md).
#include "searchcommand.h"

#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"
#include "common/urltext.h"
#include "export/tweetexporter.h"
#include "resumecheck.h"
#include "search/collection.h"
#include "search/hydration.h"
#include "search/runsummaryjson.h"
#include "search/searchprovider.h"
#include "search/speedup.h"
#include "windowhint.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>

using namespace ts::search;

namespace {

std::atomic<int> interruptSignal { 0 };

extern "C" void onInterrupt(int signo)
{
    interruptSignal = signo;
}

/// ISO 8601 (UTC when no zone is given), or a time before now: "7d", "12h", "30m", "90s".
std::optional<QDateTime> parseTime(const QString &text)
{
    static const QRegularExpression relative(QStringLiteral("^(\\d{1,9})([smhd])$"));
    if (const auto m = relative.match(text); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const char unit = m.captured(2).at(0).toLatin1();
        const qint64 seconds = unit == 's' ? n : unit == 'm' ? n * 60 : unit == 'h' ? n * 3600 : n * 86400;
        return QDateTime::currentDateTimeUtc().addSecs(-seconds);
    }
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime && !text.endsWith(u'Z') && !text.contains(u'+'))
        t.setTimeSpec(Qt::UTC); // a time without a zone means UTC, as in the APIs
    return t.toUTC();
}

QStringList readQueriesFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(path, f.errorString());
        return {};
    }
    QStringList out;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        if (!line.isEmpty() && !line.startsWith(u'#'))
            out << line;
    }
    return out;
}

void printError(const QString &message)
{
    ts::cli::err() << QCoreApplication::applicationName() << ": " << message << '\n';
}

/// One search as the command runs it: the collection (the --out file, or a temporary one when
/// only exports are asked for), the runner, the run(s), then exports and reports.
class SearchRun
{
public:
    explicit SearchRun(const SearchCommandOptions &options)
        : m_options(options)
    { }

    int exec()
    {
        QString error;
        if (!m_connection.open(m_options.connection, &error))
            return ts::cli::failure(error);
        m_checked = SearchProvider::create(m_connection.config(), &error);
        if (!m_checked)
            return ts::cli::failure(error);
        if (m_options.compareProvider) {
            if (!m_compareConnection.open(compareSettings(), &error))
                return ts::cli::failure(error);
            m_compareChecked = SearchProvider::create(m_compareConnection.config(), &error);
            if (!m_compareChecked)
                return ts::cli::failure(
                    QStringLiteral("--compare-provider %1: %2").arg(providerName(*m_options.compareProvider), error));
        }
        if (hydrating() && !SearchProvider::supportsHydration(m_checked->kind()))
            return ts::cli::usageError(ts::cli::invalidValue(
                QStringLiteral("provider"), providerName(m_checked->kind()), ts::cli::lookupProvidersExpected()));
        if (!checkQueries())
            return ts::cli::Usage;
        if (hydrating() && !m_options.resume) {
            ts::cli::err() << "hydrate: " << ts::cli::countOf(m_options.inputIds, "id", "ids") << " in "
                           << countOfQueries(m_options.queries.size()) << " ("
                           << ts::cli::countOf(m_options.duplicateIds, "duplicate", "duplicates") << " and "
                           << ts::cli::countOf(
                                  m_options.ignoredLines, "blank or comment line", "blank or comment lines")
                           << " ignored)\n";
            ts::cli::err().flush();
        }
        // Connections open (TLS included) while the collection is prepared: the first page
        // finds them warm, with the protocol the server chose known (docs/design.md).
        m_runner.preconnect(m_connection.config(), expectedInFlight());
        if (m_options.compareProvider) // the second provider's run finds its connections warm too
            m_runner.preconnect(m_compareConnection.config(), expectedInFlight());
        if (!openCollection(&error))
            return ts::cli::failure(error);
        if (!start(&error))
            return ts::cli::failure(error);
        waitUntilFinished();
        bool anyFailed = !exportFiles();
        anyFailed = reportFailedQueries() || anyFailed;
        anyFailed = !writeMissingFile() || anyFailed;
        if (m_options.jsonSummary)
            printJsonSummary();
        printRunLines();
        printWindowHints();
        if (const int signo = interruptSignal.load())
            return 128 + signo; // as a shell reports a process ended by the signal: 130 for Ctrl+C
        return anyFailed ? ts::cli::Failed : ts::cli::Ok;
    }

private:
    bool hydrating() const { return m_options.search.kind == RunKind::Hydrate; }
    bool comparingProviders() const { return m_options.compareProvider.has_value(); }

    /// The connection of --compare-provider: the first's options, its own provider and base URL
    /// (the first's local archive, which serves every API shape, when none is given).
    ConnectionSettings compareSettings() const
    {
        ConnectionSettings settings = m_options.connection;
        settings.config.provider = *m_options.compareProvider;
        settings.config.baseUrl = m_options.compareBaseUrl;
        if (settings.config.baseUrl.isEmpty() && m_options.connection.config.provider == ProviderKind::Local)
            settings.config.baseUrl = m_connection.config().baseUrl;
        if (!settings.embedded())
            settings.latency.reset();
        return settings;
    }
    /// "query"/"queries", or for a hydration "batch"/"batches".
    QString countOfQueries(qint64 n) const
    {
        return hydrating() ? ts::cli::countOf(n, "batch", "batches") : ts::cli::countOf(n, "query", "queries");
    }

    int expectedInFlight() const
    {
        using Mode = SearchCommandOptions::Mode;
        if (m_options.mode == Mode::Sequential && !m_options.resume)
            return 1;
        const int n = int(std::max<qsizetype>(1, m_options.queries.size()));
        return m_options.search.maxConcurrency > 0 ? std::min(n, m_options.search.maxConcurrency) : n;
    }

    bool exporting() const
    {
        return !m_options.csv.isEmpty() || !m_options.jsonl.isEmpty() || !m_options.timings.isEmpty()
            || m_options.tweetsToStdout;
    }

    /// Every query through the provider's validator (SearchProvider::validateQuery: the archive's
    /// query language, as in the GUI's query list and the service) before anything is sent.
    /// False, with every invalid query named, when any is.
    bool checkQueries() const
    {
        int invalid = 0;
        for (qsizetype i = 0; i < m_options.queries.size(); ++i) {
            QString problem = m_checked->validateQuery(m_options.queries.at(i), m_options.search.kind);
            if (problem.isEmpty() && m_compareChecked) {
                // Both providers must take it (an X operator without a Bluesky equivalent, say).
                problem = m_compareChecked->validateQuery(m_options.queries.at(i), m_options.search.kind);
                const QString name = providerName(m_compareChecked->kind());
                if (!problem.isEmpty() && !problem.contains(name))
                    problem = QStringLiteral("%1 (for --compare-provider %2)").arg(problem, name);
            }
            if (problem.isEmpty())
                continue;
            ++invalid;
            printError(QStringLiteral("query %1 '%2': %3").arg(i + 1).arg(m_options.queries.at(i), problem));
        }
        if (invalid > 0) {
            printError(QStringLiteral("%1 of %2 %3 invalid; nothing was sent")
                           .arg(invalid)
                           .arg(ts::cli::countOf(m_options.queries.size(), "query", "queries"),
                               invalid == 1 ? QStringLiteral("is") : QStringLiteral("are")));
            ts::cli::err().flush();
        }
        return invalid == 0;
    }

    // --csv/--jsonl/--timings are exported from the collection after the run; without --out
    // the collection is a temporary file, so even a huge run never sits in memory.
    bool openCollection(QString *error)
    {
        m_collectionFile = m_options.out;
        if (m_collectionFile.isEmpty() && exporting()) {
            if (!m_scratch.isValid()) {
                *error = QStringLiteral("cannot create a temporary folder: %1").arg(m_scratch.errorString());
                return false;
            }
            m_collectionFile = m_scratch.filePath(QStringLiteral("run.sqlite"));
        }
        if (m_collectionFile.isEmpty())
            return true;
        if (!m_collection.open(m_collectionFile, error))
            return false;
        m_runner.setCollection(&m_collection);
        return true;
    }

    bool start(QString *error)
    {
        QObject::connect(&m_runner, &SearchRunner::finished, &m_loop, &QEventLoop::quit);
        QObject::connect(
            &m_runner, &SearchRunner::runFinished, &m_loop, [this](const RunSummary &s) { m_summaries.append(s); });
        QObject::connect(&m_runner, &SearchRunner::collectionError, &m_loop, [this](const QString &message) {
            printError(message);
            ts::cli::err().flush();
            m_drawnLines = 0; // the live panel is drawn again below the message
        });
        QObject::connect(&m_runner, &SearchRunner::queryStateChanged, &m_loop,
            [this](int index, const QueryResult &state, const QString &detail) { onQueryState(index, state, detail); });
        QObject::connect(&m_runner, &SearchRunner::runStarted, &m_loop, [this] {
            m_states.clear();
            m_drawnLines = 0; // a compare's second run gets a panel of its own below the first
        });
        QObject::connect(&m_runner, &SearchRunner::runFinished, &m_loop, [this] {
            if (m_live) {
                drawLivePanel();
                m_drawnLines = 0; // what follows is printed below it
            }
        });
        m_clock.start();
        if (m_live) {
            // On a terminal: one live line per query and an overall line, redrawn in place at
            // most ten times a second (and each second for the elapsed time).
            QObject::connect(&m_progressTimer, &QTimer::timeout, &m_loop, [this] {
                if (m_liveDirty || m_clock.elapsed() - m_lastDrawMs >= 1000)
                    drawLivePanel();
            });
            m_progressTimer.start(100);
        } else if (!m_terminal) {
            // Off a terminal (logs, pipes): a line every few seconds, so a long run shows it is alive.
            QObject::connect(&m_progressTimer, &QTimer::timeout, &m_loop, [this] { printOverallLine(); });
            m_progressTimer.start(m_options.progressIntervalMs);
        }
        const ConnectionConfig &connection = m_connection.config();
        bool started = false;
        using Mode = SearchCommandOptions::Mode;
        if (m_options.resume) {
            if (!checkResumedKind(error))
                return false;
            if (const QList<StoredRun> runs = m_collection.runs(); !runs.isEmpty()) {
                *error = resumeConflict(runs.last(), m_options, *m_checked);
                if (!error->isEmpty())
                    return false;
            }
            if (!m_runner.resume(connection, error)) {
                *error = QStringLiteral("cannot resume %1: %2").arg(m_options.out, *error);
                return false;
            }
            started = true;
        } else if (m_options.mode == Mode::Compare) {
            started = m_runner.startCompare(connection, m_options.queries, m_options.search);
        } else if (comparingProviders()) {
            if (!m_runner.startAcross({ connection, m_compareConnection.config() }, m_options.queries,
                    m_options.mode == Mode::Sequential ? RunMode::Sequential : RunMode::Concurrent, m_options.search,
                    error))
                return false;
            started = true;
        } else {
            started = m_runner.start(connection, m_options.queries,
                m_options.mode == Mode::Sequential ? RunMode::Sequential : RunMode::Concurrent, m_options.search);
        }
        if (!started)
            *error = QStringLiteral("the search could not start");
        return started;
    }

    /// search --resume continues a search, hydrate --resume a hydration: each says which one a
    /// collection's last run is when it is the other.
    bool checkResumedKind(QString *error) const
    {
        const QList<StoredRun> runs = m_collection.runs();
        if (runs.isEmpty() || runs.last().options.kind == m_options.search.kind)
            return true; // the runner says what else is wrong
        *error = runs.last().options.kind == RunKind::Hydrate
            ? QStringLiteral("cannot resume %1 with search: its last run is a hydration; use tweetscope-cli hydrate "
                             "--out %1 --resume")
                  .arg(m_options.out)
            : QStringLiteral("cannot resume %1 with hydrate: its last run is a search; use tweetscope-cli search --out "
                             "%1 --resume")
                  .arg(m_options.out);
        return false;
    }

    // Ctrl+C cancels: replies are aborted, and what was fetched stays in the collection.
    void waitUntilFinished()
    {
        interruptSignal = 0;
        auto previousInt = std::signal(SIGINT, onInterrupt);
        auto previousTerm = std::signal(SIGTERM, onInterrupt);
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &m_runner, [this] {
            if (interruptSignal.load() && !m_cancelled) {
                m_cancelled = true;
                m_runner.cancel();
            }
        });
        poll.start(100);
        m_loop.exec();
        poll.stop();
        m_progressTimer.stop();
        std::signal(SIGINT, previousInt);
        std::signal(SIGTERM, previousTerm);
    }

    /// False when an export failed (named on stderr).
    bool exportFiles()
    {
        if (!exporting())
            return true;
        bool ok = true;
        m_collection.close(); // flushes the last page; the exporter opens it read-only
        ts::exporter::ExportOptions exportOptions;
        exportOptions.csvPath = m_options.csv;
        exportOptions.jsonlPath = m_options.tweetsToStdout ? QStringLiteral("-") : m_options.jsonl;
        if (!exportOptions.csvPath.isEmpty() || !exportOptions.jsonlPath.isEmpty()) {
            const auto r = ts::exporter::exportCollection(m_collectionFile, exportOptions);
            if (!r.ok) {
                ok = false;
                printError(QStringLiteral("export failed: ") + r.error);
            }
        }
        if (!m_options.timings.isEmpty()) {
            const auto r = ts::exporter::exportCollectionTimings(m_collectionFile, m_options.timings);
            if (!r.ok) {
                ok = false;
                printError(QStringLiteral("timings export failed: ") + r.error);
            }
        }
        return ok;
    }

    /// Failures are not progress: they go to stderr whether or not it is a terminal. True when
    /// a query did not complete.
    bool reportFailedQueries() const
    {
        bool anyFailed = false;
        // "query 'cats'", or for a hydration "batch 3 (100 ids)"
        const auto named = [this](const QueryResult &q) {
            return hydrating() ? q.query : QStringLiteral("query '%1'").arg(q.query);
        };
        for (const RunSummary &s : m_summaries) {
            for (const QueryResult &q : s.queries) {
                if (q.unreadableTweets > 0) {
                    anyFailed = true;
                    printError(QStringLiteral("%1: %2: %3 could not be read (the others were kept)")
                                   .arg(runName(s), named(q),
                                       q.unreadableTweets == 1 ? QStringLiteral("1 tweet")
                                                               : QStringLiteral("%1 tweets").arg(q.unreadableTweets)));
                }
                if (q.status == QueryStatus::Ok)
                    continue;
                anyFailed = true;
                printError(QStringLiteral("%1: %2 %3%4")
                               .arg(runName(s), named(q), statusName(q.status),
                                   q.error.isEmpty() ? QString() : QStringLiteral(": ") + q.error));
            }
        }
        ts::cli::err().flush();
        return anyFailed;
    }

    /// "concurrent run", or when providers are compared "concurrent run on bluesky"; the same
    /// provider at two base URLs: "concurrent run on local at 127.0.0.1:41234".
    QString runName(const RunSummary &s) const
    {
        if (!comparingProviders())
            return QStringLiteral("%1 run").arg(modeName(s.mode));
        if (*m_options.compareProvider != m_options.connection.config.provider)
            return QStringLiteral("%1 run on %2").arg(modeName(s.mode), s.provider);
        const QUrl url(s.baseUrl);
        return QStringLiteral("%1 run on %2 at %3:%4")
            .arg(modeName(s.mode), s.provider, url.host())
            .arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    }

    void printJsonSummary() const
    {
        SearchSummary summary;
        summary.provider = m_options.connection.config.provider;
        summary.baseUrl = m_checked->baseUrl();
        summary.collection = m_options.out;
        summary.compare = m_options.mode == SearchCommandOptions::Mode::Compare;
        summary.compareProviders = comparingProviders();
        summary.runs = m_summaries;
        if (hydrating()) {
            summary.kind = RunKind::Hydrate;
            summary.inputIds = m_options.resume && !m_summaries.isEmpty() ? m_summaries.last().hydration.requested
                                                                          : m_options.inputIds;
            summary.duplicateIds = m_options.duplicateIds;
            summary.ignoredLines = m_options.ignoredLines;
        }
        ts::cli::out() << QString::fromUtf8(searchSummaryLine(summary));
        ts::cli::out().flush();
    }

    /// "running, 3 pages, 300 tweets (page 4)"; a wait says what it waits for in the state's place:
    /// "rate limited until 14:48:22, 0 pages, 0 tweets" (not the stored name "rate_limited").
    static QString progressText(const QueryResult &state, const QString &detail)
    {
        const QString counts = ts::cli::countOf(state.pages, "page", "pages") + QStringLiteral(", ")
            + ts::cli::countOf(state.tweets, "tweet", "tweets");
        if (state.status == QueryStatus::RateLimited)
            return (detail.isEmpty() ? QStringLiteral("rate limited") : detail) + QStringLiteral(", ") + counts;
        return statusName(state.status) + QStringLiteral(", ") + counts
            + (detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
    }

    /// The progress of one query: on a terminal every change of state; off a terminal only
    /// rate-limit waits (a run that seems stuck says why) and the overall line every few seconds.
    void onQueryState(int index, const QueryResult &state, const QString &detail)
    {
        m_states[index] = state;
        if (m_live) {
            m_details[index] = detail;
            m_liveDirty = true;
            return;
        }
        if (!m_terminal && state.status != QueryStatus::RateLimited)
            return;
        const int total = int(m_runner.queries().size());
        ts::cli::err() << '[' << (index + 1) << '/' << total << "] " << state.query << ": "
                       << progressText(state, detail) << '\n';
        if (m_terminal && (state.status == QueryStatus::Ok || state.status == QueryStatus::Error))
            printOverallLine();
        ts::cli::err().flush();
    }

    /// The live panel: the lines drawn last time are overwritten (cursor up, clear line), so
    /// each query keeps one line that changes as its pages arrive.
    void drawLivePanel()
    {
        QTextStream &err = ts::cli::err();
        if (m_drawnLines > 0)
            err << "\x1b[" << m_drawnLines << 'F';
        const int total = int(m_runner.queries().size());
        for (int i = 0; i < total; ++i) {
            const auto it = m_states.constFind(i);
            err << "\x1b[2K[" << (i + 1) << '/' << total << "] " << m_runner.queries().at(i) << ": ";
            if (it == m_states.constEnd()) {
                err << "waiting\n";
                continue;
            }
            err << progressText(*it, m_details.value(i)) << '\n';
        }
        err << "\x1b[2K";
        printOverallLine();
        m_drawnLines = total + 1;
        m_liveDirty = false;
        m_lastDrawMs = m_clock.elapsed();
    }

    /// "search: 4.1 s, 3 of 6 queries done, 1,234 tweets, 17 requests"
    void printOverallLine()
    {
        int done = 0;
        qint64 tweets = 0;
        for (const QueryResult &q : std::as_const(m_states)) {
            done += q.status == QueryStatus::Ok || q.status == QueryStatus::Error || q.status == QueryStatus::Cancelled;
            tweets += q.tweets;
        }
        ts::cli::err() << (hydrating() ? "hydrate: " : "search: ") << ts::cli::duration(double(m_clock.elapsed()))
                       << ", " << done << " of " << countOfQueries(m_runner.queries().size()) << " done, "
                       << ts::cli::countOf(tweets, "tweet", "tweets") << " in this run\n";
        ts::cli::err().flush();
    }

    /// On the built-in archive without a time window: queries that found nothing in the default
    /// window but would in another (imported old tweets) are told which one.
    void printWindowHints() const
    {
        const ts::search::SearchOptions &s = m_options.search;
        if (hydrating() || m_options.resume || comparingProviders() || !m_options.connection.embedded()
            || m_summaries.isEmpty() || s.startTime || s.endTime || !s.sinceId.isEmpty() || !s.untilId.isEmpty()
            || interruptSignal.load())
            return;
        QStringList empty;
        for (const QueryResult &q : m_summaries.constLast().queries) {
            if (q.status == QueryStatus::Ok && q.tweets == 0)
                empty.append(q.query);
        }
        for (const QString &hint :
            ts::cli::timeWindowHints(ts::archive::LocalArchiveServer::sampleArchivePath(), empty))
            ts::cli::err() << hint << '\n';
        ts::cli::err().flush();
    }

    /// Always, on a terminal or not: one line per run, the speedup of a compare, and where an
    /// interrupted run's tweets are.
    void printRunLines() const
    {
        for (const RunSummary &s : m_summaries) {
            ts::cli::err() << runName(s) << ": " << ts::cli::countOf(s.tweets, "tweet", "tweets") << " from "
                           << countOfQueries(s.queries.size()) << " in " << ts::cli::duration(s.wallMs) << " ("
                           << ts::cli::countOf(s.requests, "request", "requests") << ", at most " << s.maxInFlight
                           << " in flight"
                           << (s.failedQueries > 0 ? QStringLiteral(", %1 failed").arg(countOfQueries(s.failedQueries))
                                                   : QString())
                           << ")\n";
        }
        if (m_summaries.size() == 2 && m_options.mode == SearchCommandOptions::Mode::Compare) {
            // The rule of the JSON summary and the window (speedup.h): no speedup from a run
            // whose queries failed or fetched nothing.
            const Speedup speedup = speedupOf(m_summaries[0], m_summaries[1]);
            if (speedup.honest())
                ts::cli::err() << "speedup: " << QString::number(speedup.value, 'f', 1) << "x (sequential "
                               << ts::cli::duration(m_summaries[0].wallMs) << ", concurrent "
                               << ts::cli::duration(m_summaries[1].wallMs) << "; efficiency "
                               << qRound(speedup.efficiency * 100) << "% of the " << speedup.queries << "x ideal)\n";
            else
                ts::cli::err() << "no speedup: " << speedup.withheld << '\n';
        }
        if (hydrating() && !m_summaries.isEmpty())
            printHydrationLine(m_summaries.last().hydration);
        if (m_cancelled) {
            if (!m_options.out.isEmpty())
                ts::cli::err() << "interrupted: what was fetched is saved in " << m_options.out
                               << "; continue with --out " << m_options.out << " --resume\n";
            else
                ts::cli::err() << "interrupted: what was fetched was written out\n";
        }
        ts::cli::err().flush();
    }

    /// "N of M ids found; K not found; J not authorized", and the other outcomes when there are any.
    static void printHydrationLine(const HydrationCounts &h)
    {
        const auto n = [](qint64 v) { return QLocale(QLocale::English).toString(v); };
        QString line
            = QStringLiteral("%1 of %2 found; %3 not found; %4 not authorized")
                  .arg(n(h.found), ts::cli::countOf(h.requested, "id", "ids"), n(h.notFound), n(h.notAuthorized));
        if (h.withheld > 0)
            line += QStringLiteral("; %1 withheld").arg(n(h.withheld));
        if (h.other > 0)
            line += QStringLiteral("; %1 missing for another reason").arg(n(h.other));
        if (h.unfetched() > 0)
            line += QStringLiteral("; %1 not fetched (failed or interrupted)").arg(n(h.unfetched()));
        ts::cli::err() << line << '\n';
    }

    /// --missing FILE: every id that did not come back (a resumed run's earlier ones too), as CSV
    /// "id,reason,detail", replaced atomically. False (named on stderr) when it cannot be written.
    bool writeMissingFile() const
    {
        if (!hydrating() || m_options.missingFile.isEmpty() || m_summaries.isEmpty())
            return true;
        QSaveFile f(m_options.missingFile);
        QByteArray text = "id,reason,detail\n";
        for (const MissingId &m : m_summaries.last().missing) {
            QString detail = m.detail;
            detail.replace(u'"', QStringLiteral("\"\""));
            text += m.id.toLatin1() + ',' + missingReasonName(m.reason).toLatin1() + ",\"" + detail.toUtf8() + "\"\n";
        }
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit()) {
            printError(
                QStringLiteral("cannot write the missing ids to %1: %2").arg(m_options.missingFile, f.errorString()));
            return false;
        }
        return true;
    }

    const SearchCommandOptions &m_options;
    Connection m_connection;
    std::optional<SearchProvider> m_checked;
    Connection m_compareConnection; ///< --compare-provider's (not opened without it)
    std::optional<SearchProvider> m_compareChecked;
    QTemporaryDir m_scratch;
    QString m_collectionFile;
    Collection m_collection;
    SearchRunner m_runner;
    QEventLoop m_loop;
    QList<RunSummary> m_summaries;
    const bool m_terminal = ts::cli::stderrIsTerminal();
    bool m_cancelled = false;
    QElapsedTimer m_clock; ///< since the start of the command
    QTimer m_progressTimer;
    QHash<int, QueryResult> m_states; ///< of the current run, by query index
    QHash<int, QString> m_details; ///< the live panel's detail per query ("page 4", "rate limited until ...")
    /// On a terminal with at most this many queries, the progress is a live panel redrawn in
    /// place; with more it would not fit a screen, so each change is a line of its own.
    static constexpr int kLivePanelMaxQueries = 40;
    const bool m_live = m_terminal && m_options.queries.size() <= kLivePanelMaxQueries && !m_options.resume;
    int m_drawnLines = 0; ///< lines of the live panel on screen, to move back over
    bool m_liveDirty = false;
    qint64 m_lastDrawMs = 0;
};

} // namespace

RunOutputOptions::RunOutputOptions()
    : m_mode(QStringLiteral("mode"),
        QStringLiteral("sequential, concurrent (default) or compare (sequential run, then "
                       "concurrent run)."),
        QStringLiteral("MODE"), QStringLiteral("concurrent"))
    , m_maxConcurrency(QStringLiteral("max-concurrency"),
          QStringLiteral("Queries (hydrate: id batches) in flight at once, 0-1024 (0 = all, the default)."),
          QStringLiteral("K"))
    , m_out(QStringLiteral("out"), QStringLiteral("Collection file: everything fetched is saved there as it arrives."),
          QStringLiteral("COLLECTION.sqlite"))
    , m_resume(QStringLiteral("resume"), QStringLiteral("Continue the last run of --out where it stopped."))
    , m_csv(QStringLiteral("csv"), QStringLiteral("Write the tweets as CSV."), QStringLiteral("FILE"))
    , m_jsonl(QStringLiteral("jsonl"), QStringLiteral("Write the tweets as JSONL."), QStringLiteral("FILE"))
    , m_timings(QStringLiteral("timings"), QStringLiteral("Write one CSV row per request."), QStringLiteral("FILE"))
    , m_jsonSummary(QStringLiteral("json-summary"),
          QStringLiteral("Print a JSON summary of the run(s) on stdout (instead of the tweets)."))
    , m_progressInterval(QStringLiteral("progress-interval"),
          QStringLiteral("Off a terminal, a progress line on stderr every S seconds (default 5)."), QStringLiteral("S"))
{ }

void RunOutputOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions(
        { m_mode, m_maxConcurrency, m_out, m_resume, m_csv, m_jsonl, m_timings, m_jsonSummary, m_progressInterval });
}

std::optional<ts::cli::Stop> RunOutputOptions::read(const QCommandLineParser &p, SearchCommandOptions *options) const
{
    using ts::cli::usage;
    const QString modeText = p.value(m_mode);
    if (modeText == QLatin1String("sequential"))
        options->mode = SearchCommandOptions::Mode::Sequential;
    else if (modeText == QLatin1String("concurrent"))
        options->mode = SearchCommandOptions::Mode::Concurrent;
    else if (modeText == QLatin1String("compare"))
        options->mode = SearchCommandOptions::Mode::Compare;
    else
        return usage(ts::cli::invalidValue(
            QStringLiteral("mode"), modeText, QStringLiteral("expected sequential, concurrent or compare")));
    QString error;
    const auto k
        = ts::cli::intValue(p, QStringLiteral("max-concurrency"), 0, 0, ts::search::kMaxConcurrencyBound, &error);
    if (!k)
        return usage(error);
    options->search.maxConcurrency = *k;
    const auto interval = ts::cli::intValue(p, QStringLiteral("progress-interval"), 5, 1, 3600, &error);
    if (!interval)
        return usage(error);
    options->progressIntervalMs = *interval * 1000;
    options->resume = p.isSet(m_resume);
    options->givenOptions = p.optionNames();
    options->out = p.value(m_out);
    options->csv = p.value(m_csv);
    options->jsonl = p.value(m_jsonl);
    options->timings = p.value(m_timings);
    options->jsonSummary = p.isSet(m_jsonSummary);
    if (options->resume && !p.isSet(m_out))
        return usage(QStringLiteral("--resume needs --out COLLECTION.sqlite"));
    if (options->resume && options->mode == SearchCommandOptions::Mode::Compare)
        return usage(QStringLiteral("--resume continues the stored run's mode; drop --mode compare"));
    // stdout holds one thing: the JSON summary, or the tweets as JSONL (what is asked for, or
    // the default when no other output is given, so that nothing fetched is thrown away).
    const bool csvOut = options->csv == QLatin1String("-"), jsonlOut = options->jsonl == QLatin1String("-");
    if (int(csvOut) + int(jsonlOut) + int(options->jsonSummary) > 1)
        return usage(QStringLiteral("only one of --csv -, --jsonl - and --json-summary can write to stdout"));
    if (options->timings == QLatin1String("-") && (csvOut || jsonlOut || options->jsonSummary))
        return usage(QStringLiteral("--timings - and another output cannot both write to stdout"));
    options->tweetsToStdout
        = options->out.isEmpty() && options->csv.isEmpty() && options->jsonl.isEmpty() && !options->jsonSummary;
    // Outputs are checked before anything is sent: a run is not wasted on an unwritable file.
    for (const auto &[name, path] : { std::pair { "out", options->out }, std::pair { "csv", options->csv },
             std::pair { "jsonl", options->jsonl }, std::pair { "timings", options->timings } }) {
        if (path.isEmpty())
            continue;
        if (auto stop = ts::cli::checkWritable(QLatin1String(name), path))
            return stop;
    }
    // An --out that holds something else (a CSV, tweet JSONL) is refused before the run, unchanged.
    if (const QString problem = ts::archive::ArchiveStore::notSqliteProblem(options->out); !problem.isEmpty())
        return usage(QStringLiteral("invalid value for --out: %1").arg(problem));
    return std::nullopt;
}

ts::cli::Parsed<SearchCommandOptions> parseSearchOptions(const QStringList &args)
{
    using ts::cli::usage;
    QCommandLineParser p;
    const ConnectionOptions connectionOptions;
    const RunOutputOptions runOptions;
    const QCommandLineOption maxResults(QStringLiteral("max-results"),
        QStringLiteral("Tweets per page, 1-500 (default 100); each provider takes its own range, and a value "
                       "outside it is sent as its nearest end."),
        QStringLiteral("N"));
    const QCommandLineOption pages(QStringLiteral("pages"),
        QStringLiteral("Pages per query; 0 = until the last page (default 1)."), QStringLiteral("P"));
    const QCommandLineOption startTime(QStringLiteral("start-time"),
        QStringLiteral("Oldest time, inclusive (ISO 8601, UTC if no zone)."), QStringLiteral("TIME"));
    const QCommandLineOption endTime(
        QStringLiteral("end-time"), QStringLiteral("Newest time, exclusive (ISO 8601)."), QStringLiteral("TIME"));
    const QCommandLineOption queriesFile(QStringLiteral("queries-file"),
        QStringLiteral("Read queries from FILE, one per line ('#' comments)."), QStringLiteral("FILE"));
    const QCommandLineOption sinceId(QStringLiteral("since-id"),
        QStringLiteral("Only tweets newer than this tweet id (X API v2 and the local archive)."), QStringLiteral("ID"));
    const QCommandLineOption untilId(QStringLiteral("until-id"),
        QStringLiteral("Only tweets older than this tweet id (X API v2 and the local archive)."), QStringLiteral("ID"));
    const QCommandLineOption limit(QStringLiteral("limit"),
        QStringLiteral("Tweets per query, across pages; the last page may pass it by less than the "
                       "provider's smallest page (default: no limit)."),
        QStringLiteral("N"));
    const QCommandLineOption compareProvider(QStringLiteral("compare-provider"),
        QStringLiteral("Run the same queries on this provider too, after the first, and compare them (names "
                       "as for --provider)."),
        QStringLiteral("NAME"));
    const QCommandLineOption compareBaseUrl(QStringLiteral("compare-base-url"),
        QStringLiteral("Base URL of --compare-provider (default: the local archive the first provider uses, "
                       "else the provider's public host)."),
        QStringLiteral("URL"));
    connectionOptions.addTo(p);
    runOptions.addTo(p);
    p.addOptions({ maxResults, pages, startTime, endTime, queriesFile, sinceId, untilId, limit, compareProvider,
        compareBaseUrl });
    p.addPositionalArgument(
        QStringLiteral("QUERY"), QStringLiteral("Search queries (X v2 syntax)."), QStringLiteral("QUERY..."));
    if (auto stop = ts::cli::parseArgs(p, args, QStringLiteral("Run search queries and save what they fetch.")))
        return *stop;

    SearchCommandOptions options;
    if (auto stop = connectionOptions.read(p, &options.connection))
        return *stop;
    if (auto stop = runOptions.read(p, &options))
        return *stop;

    SearchOptions &search = options.search;
    QString error;
    const auto n = ts::cli::intValue(p, QStringLiteral("max-results"), 100, kMaxResultsFloor, kMaxResultsBound, &error);
    if (!n)
        return usage(error);
    const auto pg = ts::cli::intValue(p, QStringLiteral("pages"), 1, 0, kMaxPagesBound, &error);
    if (!pg)
        return usage(error);
    const auto lim = ts::cli::intValue(p, QStringLiteral("limit"), 0, 1, 100000000, &error);
    if (!lim)
        return usage(error);
    search.maxTweets = *lim;
    search.maxResults = *n;
    search.pages = *pg;
    options.connection.applyTo(&search);
    for (const auto &[opt, target] :
        { std::pair { &startTime, &search.startTime }, std::pair { &endTime, &search.endTime } }) {
        if (p.isSet(*opt)) {
            *target = parseTime(p.value(*opt));
            if (!*target)
                return usage(ts::cli::invalidValue(opt->names().constFirst(), p.value(*opt),
                    QStringLiteral("expected an ISO 8601 time like 2024-01-31T12:00:00Z, or a time before now "
                                   "like 7d, 12h or 30m")));
        }
    }
    // An empty window is refused here, not by the API after the run started.
    if (search.startTime && search.endTime && *search.startTime >= *search.endTime)
        return usage(QStringLiteral("--start-time %1 is not before --end-time %2: the window holds no time")
                         .arg(p.value(startTime), p.value(endTime)));

    const ProviderKind kind = options.connection.config.provider;
    if (p.isSet(compareProvider)) {
        options.compareProvider = providerFromName(p.value(compareProvider));
        if (!options.compareProvider)
            return usage(ts::cli::invalidValue(
                QStringLiteral("compare-provider"), p.value(compareProvider), ts::cli::providersExpected()));
        if (options.mode == SearchCommandOptions::Mode::Compare)
            return usage(QStringLiteral("--compare-provider runs each provider in one mode; use --mode sequential or "
                                        "concurrent"));
        if (options.resume)
            return usage(QStringLiteral("--resume continues the last provider's run; drop --compare-provider"));
    } else if (p.isSet(compareBaseUrl)) {
        return usage(QStringLiteral("--compare-base-url needs --compare-provider"));
    }
    if (p.isSet(compareBaseUrl)) {
        options.compareBaseUrl = QUrl(p.value(compareBaseUrl), QUrl::StrictMode);
        if (!ts::search::SearchProvider::baseUrlProblem(options.compareBaseUrl).isEmpty())
            return usage(ts::cli::invalidValue(QStringLiteral("compare-base-url"),
                ts::redactedUrl(p.value(compareBaseUrl)), ts::cli::baseUrlExpected()));
    }
    // The same provider is a comparison only at another base URL (the GUI's rule too).
    if (options.compareProvider
        && SearchProvider::repeatsFirst(
            kind, options.connection.config.baseUrl, *options.compareProvider, options.compareBaseUrl))
        return usage(ts::cli::compareRepeatsFirstText(providerName(kind), p.isSet(compareBaseUrl)));
    for (const auto &[opt, target] :
        { std::pair { &sinceId, &search.sinceId }, std::pair { &untilId, &search.untilId } }) {
        if (!p.isSet(*opt))
            continue;
        static const QRegularExpression digits(QStringLiteral("^[1-9][0-9]{0,19}$"));
        const QString v = p.value(*opt);
        if (!digits.match(v).hasMatch())
            return usage(
                ts::cli::invalidValue(opt->names().constFirst(), v, QStringLiteral("expected a tweet id (digits)")));
        for (const auto k : { std::optional(kind), options.compareProvider }) {
            if (k
                && (*k == ProviderKind::Enterprise30Day || *k == ProviderKind::EnterpriseFullArchive
                    || *k == ProviderKind::Bluesky))
                return usage(QStringLiteral("--%1 is not available for %2 (it has no tweet id bounds; use "
                                            "--start-time and --end-time)")
                                 .arg(opt->names().constFirst(), providerName(*k)));
        }
        *target = v;
    }

    options.queries = p.positionalArguments();
    if (p.isSet(queriesFile)) {
        if (auto stop = ts::cli::checkReadable(p.value(queriesFile))) // the GUI's check and wording too
            return *stop;
        const QStringList fromFile = readQueriesFile(p.value(queriesFile), &error);
        if (!error.isEmpty())
            return usage(error);
        options.queries += fromFile;
    }
    if (options.resume && !options.queries.isEmpty())
        return usage(QStringLiteral("--resume takes its queries from the collection; give no QUERY"));
    if (!options.resume && options.queries.isEmpty())
        return usage(QStringLiteral("no query: give QUERY... or --queries-file FILE"));
    return options;
}

int runSearch(const SearchCommandOptions &options)
{
    SearchRun run(options);
    return run.exec();
}

int runSearchCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseSearchOptions(args), runSearch);
}
