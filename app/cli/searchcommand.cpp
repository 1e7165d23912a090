// SPDX-License-Identifier: MIT
// tweetscope-cli search: runs queries sequentially, concurrently or both against a provider,
// saves everything into a collection as it arrives, prints a JSON summary (docs/cli.md).
#include "searchcommand.h"

#include "export/tweetexporter.h"
#include "search/collection.h"
#include "search/runsummaryjson.h"
#include "search/searchprovider.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>

using namespace ts::search;

namespace {

std::atomic<bool> interrupted { false };

extern "C" void onInterrupt(int)
{
    interrupted = true;
}

std::optional<QDateTime> parseTime(const QString &text)
{
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
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
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
        if (!openCollection(&error))
            return ts::cli::failure(error);
        if (!start(&error))
            return ts::cli::failure(error);
        waitUntilFinished();
        bool anyFailed = !exportFiles();
        anyFailed = reportFailedQueries() || anyFailed;
        if (m_options.jsonSummary)
            printJsonSummary();
        if (ts::cli::stderrIsTerminal())
            printRunLines();
        return anyFailed ? ts::cli::Failed : ts::cli::Ok;
    }

private:
    bool exporting() const
    {
        return !m_options.csv.isEmpty() || !m_options.jsonl.isEmpty() || !m_options.timings.isEmpty();
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
        QObject::connect(&m_runner, &SearchRunner::collectionError, &m_loop, [](const QString &message) {
            printError(message);
            ts::cli::err().flush();
        });
        // A wait for a rate limit is said off a terminal too (logs of unattended runs).
        QObject::connect(&m_runner, &SearchRunner::queryStateChanged, &m_loop,
            [this, progress = ts::cli::stderrIsTerminal()](int index, const QueryResult &state, const QString &detail) {
                if (!progress && state.status != QueryStatus::RateLimited)
                    return;
                const int total = int(m_runner.queries().size());
                ts::cli::err() << '[' << (index + 1) << '/' << total << "] " << state.query << ": "
                               << statusName(state.status) << " (" << state.tweets << " tweets) " << detail << '\n';
                ts::cli::err().flush();
            });
        const ConnectionConfig &connection = m_connection.config();
        bool started = false;
        using Mode = SearchCommandOptions::Mode;
        if (m_options.resume) {
            if (!m_runner.resume(connection, error)) {
                *error = QStringLiteral("cannot resume %1: %2").arg(m_options.out, *error);
                return false;
            }
            started = true;
        } else if (m_options.mode == Mode::Compare) {
            started = m_runner.startCompare(connection, m_options.queries, m_options.search);
        } else {
            started = m_runner.start(connection, m_options.queries,
                m_options.mode == Mode::Sequential ? RunMode::Sequential : RunMode::Concurrent, m_options.search);
        }
        if (!started)
            *error = QStringLiteral("the search could not start");
        return started;
    }

    // Ctrl+C cancels: replies are aborted, and what was fetched stays in the collection.
    void waitUntilFinished()
    {
        interrupted = false;
        auto previousInt = std::signal(SIGINT, onInterrupt);
        auto previousTerm = std::signal(SIGTERM, onInterrupt);
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &m_runner, [this] {
            if (interrupted.exchange(false))
                m_runner.cancel();
        });
        poll.start(100);
        m_loop.exec();
        poll.stop();
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
        exportOptions.jsonlPath = m_options.jsonl;
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
        for (const RunSummary &s : m_summaries) {
            for (const QueryResult &q : s.queries) {
                if (q.unreadableTweets > 0) {
                    anyFailed = true;
                    printError(QStringLiteral("%1 run: query '%2': %3 could not be read (the others were kept)")
                                   .arg(modeName(s.mode), q.query,
                                       q.unreadableTweets == 1 ? QStringLiteral("1 tweet")
                                                               : QStringLiteral("%1 tweets").arg(q.unreadableTweets)));
                }
                if (q.status == QueryStatus::Ok)
                    continue;
                anyFailed = true;
                printError(QStringLiteral("%1 run: query '%2' %3%4")
                               .arg(modeName(s.mode), q.query, statusName(q.status),
                                   q.error.isEmpty() ? QString() : QStringLiteral(": ") + q.error));
            }
        }
        ts::cli::err().flush();
        return anyFailed;
    }

    void printJsonSummary() const
    {
        SearchSummary summary;
        summary.provider = m_options.connection.config.provider;
        summary.baseUrl = m_checked->baseUrl();
        summary.collection = m_options.out;
        summary.compare = m_options.mode == SearchCommandOptions::Mode::Compare;
        summary.runs = m_summaries;
        ts::cli::out() << QString::fromUtf8(searchSummaryLine(summary));
        ts::cli::out().flush();
    }

    void printRunLines() const
    {
        for (const RunSummary &s : m_summaries) {
            ts::cli::err() << modeName(s.mode) << ": " << s.tweets << " tweets, " << s.requests << " requests, "
                           << QString::number(s.wallMs, 'f', 1) << " ms wall, max " << s.maxInFlight << " in flight, "
                           << s.failedQueries << " failed\n";
        }
        ts::cli::err().flush();
    }

    const SearchCommandOptions &m_options;
    Connection m_connection;
    std::optional<SearchProvider> m_checked;
    QTemporaryDir m_scratch;
    QString m_collectionFile;
    Collection m_collection;
    SearchRunner m_runner;
    QEventLoop m_loop;
    QList<RunSummary> m_summaries;
};

} // namespace

ts::cli::Parsed<SearchCommandOptions> parseSearchOptions(const QStringList &args)
{
    using ts::cli::usage;
    QCommandLineParser p;
    const ConnectionOptions connectionOptions;
    const QCommandLineOption mode(QStringLiteral("mode"),
        QStringLiteral("sequential, concurrent (default) or compare (sequential run, then "
                       "concurrent run)."),
        QStringLiteral("MODE"), QStringLiteral("concurrent"));
    const QCommandLineOption maxConcurrency(QStringLiteral("max-concurrency"),
        QStringLiteral("Queries in flight at once (default: all)."), QStringLiteral("K"));
    const QCommandLineOption maxResults(QStringLiteral("max-results"),
        QStringLiteral("Tweets per page, clamped to the provider's range (default 100)."), QStringLiteral("N"));
    const QCommandLineOption pages(QStringLiteral("pages"),
        QStringLiteral("Pages per query; 0 = until the last page (default 1)."), QStringLiteral("P"));
    const QCommandLineOption startTime(QStringLiteral("start-time"),
        QStringLiteral("Oldest time, inclusive (ISO 8601, UTC if no zone)."), QStringLiteral("TIME"));
    const QCommandLineOption endTime(
        QStringLiteral("end-time"), QStringLiteral("Newest time, exclusive (ISO 8601)."), QStringLiteral("TIME"));
    const QCommandLineOption queriesFile(QStringLiteral("queries-file"),
        QStringLiteral("Read queries from FILE, one per line ('#' comments)."), QStringLiteral("FILE"));
    const QCommandLineOption out(QStringLiteral("out"),
        QStringLiteral("Collection file: everything fetched is saved there as it arrives."),
        QStringLiteral("COLLECTION.sqlite"));
    const QCommandLineOption resume(
        QStringLiteral("resume"), QStringLiteral("Continue the last run of --out from its stored next tokens."));
    const QCommandLineOption csv(
        QStringLiteral("csv"), QStringLiteral("Write the tweets as CSV."), QStringLiteral("FILE"));
    const QCommandLineOption jsonl(
        QStringLiteral("jsonl"), QStringLiteral("Write the tweets as JSONL."), QStringLiteral("FILE"));
    const QCommandLineOption timings(
        QStringLiteral("timings"), QStringLiteral("Write one CSV row per request."), QStringLiteral("FILE"));
    const QCommandLineOption jsonSummary(
        QStringLiteral("json-summary"), QStringLiteral("Print a JSON summary of the run(s) on stdout."));
    connectionOptions.addTo(p);
    p.addOptions({ mode, maxConcurrency, maxResults, pages, startTime, endTime, queriesFile, out, resume, csv, jsonl,
        timings, jsonSummary });
    p.addPositionalArgument(
        QStringLiteral("QUERY"), QStringLiteral("Search queries (X v2 syntax)."), QStringLiteral("QUERY..."));
    if (auto stop = ts::cli::parseArgs(p, args, QStringLiteral("Run search queries and save what they fetch.")))
        return *stop;

    SearchCommandOptions options;
    if (auto stop = connectionOptions.read(p, &options.connection))
        return *stop;
    const QString modeText = p.value(mode);
    if (modeText == QLatin1String("sequential"))
        options.mode = SearchCommandOptions::Mode::Sequential;
    else if (modeText == QLatin1String("concurrent"))
        options.mode = SearchCommandOptions::Mode::Concurrent;
    else if (modeText == QLatin1String("compare"))
        options.mode = SearchCommandOptions::Mode::Compare;
    else
        return usage(
            QStringLiteral("invalid value '%1' for --mode: expected sequential, concurrent or compare").arg(modeText));

    SearchOptions &search = options.search;
    QString error;
    const auto k = ts::cli::intValue(p, QStringLiteral("max-concurrency"), 0, 1, 1024, &error);
    if (!k)
        return usage(error);
    const auto n = ts::cli::intValue(p, QStringLiteral("max-results"), 100, 1, 500, &error);
    if (!n)
        return usage(error);
    const auto pg = ts::cli::intValue(p, QStringLiteral("pages"), 1, 0, 1000000, &error);
    if (!pg)
        return usage(error);
    search.maxConcurrency = *k;
    search.maxResults = *n;
    search.pages = *pg;
    options.connection.applyTo(&search);
    for (const auto &[opt, target] :
        { std::pair { &startTime, &search.startTime }, std::pair { &endTime, &search.endTime } }) {
        if (p.isSet(*opt)) {
            *target = parseTime(p.value(*opt));
            if (!*target)
                return usage(QStringLiteral("invalid value '%1' for --%2: expected an ISO 8601 time "
                                            "like 2024-01-31T12:00:00Z")
                                 .arg(p.value(*opt), opt->names().constFirst()));
        }
    }

    options.queries = p.positionalArguments();
    if (p.isSet(queriesFile)) {
        const QStringList fromFile = readQueriesFile(p.value(queriesFile), &error);
        if (!error.isEmpty())
            return usage(error);
        options.queries += fromFile;
    }
    options.resume = p.isSet(resume);
    options.out = p.value(out);
    options.csv = p.value(csv);
    options.jsonl = p.value(jsonl);
    options.timings = p.value(timings);
    options.jsonSummary = p.isSet(jsonSummary);
    if (options.resume && !p.isSet(out))
        return usage(QStringLiteral("--resume needs --out COLLECTION.sqlite"));
    if (options.resume && !options.queries.isEmpty())
        return usage(QStringLiteral("--resume takes its queries from the collection; give no QUERY"));
    if (!options.resume && options.queries.isEmpty())
        return usage(QStringLiteral("no query: give QUERY... or --queries-file FILE"));
    if (options.resume && options.mode == SearchCommandOptions::Mode::Compare)
        return usage(QStringLiteral("--resume continues the stored run's mode; drop --mode compare"));
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
