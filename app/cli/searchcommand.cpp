// SPDX-License-Identifier: MIT
// tweetscope-cli search: runs queries sequentially, concurrently or both against a provider,
// saves everything into a collection as it arrives, prints a JSON summary (docs/cli.md).
#include "cli.h"
#include "commands.h"
#include "export/tweetexporter.h"

#include "archive/service/localarchiveserver.h"
#include "common/urltext.h"
#include "search/collection.h"
#include "search/runsummaryjson.h"
#include "search/searchprovider.h"
#include "search/searchrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <atomic>
#include <csignal>

using namespace ts::search;

namespace {

std::atomic<bool> interrupted { false };

extern "C" void onInterrupt(int)
{
    interrupted = true;
}

/// Reads a secret the GUI saved in the keychain. The keychain is optional: any error (no
/// session bus, no secret service) means "not there", quickly and quietly.
QString keychainSecret(const QString &key)
{
    QKeychain::ReadPasswordJob job(QStringLiteral("tweetscope"));
    job.setAutoDelete(false);
    job.setKey(key);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(3000, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished || job.error() != QKeychain::NoError)
        return {};
    return job.textData();
}

QString envOrKeychain(const char *env, const QString &keychainKey)
{
    const QString value = QProcessEnvironment::systemEnvironment().value(QString::fromLatin1(env));
    if (!value.isEmpty())
        return value;
    return keychainSecret(keychainKey);
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

} // namespace

int runSearchCommand(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption provider(QStringLiteral("provider"),
        QStringLiteral("local (default), x-recent, x-all, enterprise-30day or "
                       "enterprise-fullarchive."),
        QStringLiteral("NAME"), QStringLiteral("local"));
    const QCommandLineOption baseUrl(QStringLiteral("base-url"),
        QStringLiteral("API base URL (default: the provider's public host; for local, an "
                       "embedded archive is started)."),
        QStringLiteral("URL"));
    const QCommandLineOption account(
        QStringLiteral("account"), QStringLiteral("Enterprise account name."), QStringLiteral("A"));
    const QCommandLineOption label(
        QStringLiteral("label"), QStringLiteral("Enterprise stream label."), QStringLiteral("L"));
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
    const QCommandLineOption latency(QStringLiteral("latency"),
        QStringLiteral("Latency profile of the embedded local archive (none, fixed:MS, "
                       "lognormal:MEDIAN,SIGMA, realistic)."),
        QStringLiteral("PROFILE"));
    const QCommandLineOption rateLimit(QStringLiteral("rate-limit"),
        QStringLiteral("Pace requests to this budget, e.g. 1/s, 450/900s, 300/15m,1/s or x-all (default: "
                       "the provider's published limits)."),
        QStringLiteral("SPEC"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
        QStringLiteral("Abort a request after MS without data (default 30000)."), QStringLiteral("MS"));
    const QCommandLineOption retries(QStringLiteral("retries"),
        QStringLiteral("Retries per page after 5xx, timeouts and dropped connections "
                       "(default 4)."),
        QStringLiteral("N"));
    const QCommandLineOption maxBodySize(QStringLiteral("max-body-size"),
        QStringLiteral("Largest response body in MiB; a larger one fails its query (default 64)."),
        QStringLiteral("MIB"));
    const QCommandLineOption requestDeadline(QStringLiteral("request-deadline"),
        QStringLiteral("Abort a request after MS in total, however steadily data arrives; 0 = none "
                       "(default 300000)."),
        QStringLiteral("MS"));
    const QCommandLineOption maxRateLimitWait(QStringLiteral("max-rate-limit-wait"),
        QStringLiteral("Longest wait for a rate limit's reset in seconds; a longer one fails the query "
                       "(default 900)."),
        QStringLiteral("S"));
    p.addOptions({ provider, baseUrl, account, label, mode, maxConcurrency, maxResults, pages, startTime, endTime,
        queriesFile, out, resume, csv, jsonl, timings, jsonSummary, latency, rateLimit, timeout, retries, maxBodySize,
        requestDeadline, maxRateLimitWait });
    p.addPositionalArgument(
        QStringLiteral("QUERY"), QStringLiteral("Search queries (X v2 syntax)."), QStringLiteral("QUERY..."));
    if (auto code = ts::cli::parse(p, args, QStringLiteral("Run search queries and save what they fetch.")))
        return *code;

    const auto kind = providerFromName(p.value(provider));
    if (!kind)
        return ts::cli::usageError(
            QStringLiteral("invalid value '%1' for --provider: expected local, x-recent, x-all, enterprise-30day or "
                           "enterprise-fullarchive")
                .arg(p.value(provider)));
    const QString modeText = p.value(mode);
    if (modeText != QLatin1String("sequential") && modeText != QLatin1String("concurrent")
        && modeText != QLatin1String("compare"))
        return ts::cli::usageError(
            QStringLiteral("invalid value '%1' for --mode: expected sequential, concurrent or compare").arg(modeText));

    SearchOptions options;
    const auto k = ts::cli::intOption(p, QStringLiteral("max-concurrency"), 0, 1, 1024);
    const auto n = ts::cli::intOption(p, QStringLiteral("max-results"), 100, 1, 500);
    const auto pg = ts::cli::intOption(p, QStringLiteral("pages"), 1, 0, 1000000);
    const auto to = ts::cli::intOption(p, QStringLiteral("timeout"), 30000, 100, 3600000);
    const auto rt = ts::cli::intOption(p, QStringLiteral("retries"), 4, 0, 100);
    const auto mb = ts::cli::intOption(p, QStringLiteral("max-body-size"), 64, 1, 4096);
    const auto dl = ts::cli::intOption(p, QStringLiteral("request-deadline"), 300000, 0, 86400000);
    const auto rw = ts::cli::intOption(p, QStringLiteral("max-rate-limit-wait"), 900, 0, 7 * 86400);
    if (!k || !n || !pg || !to || !rt || !mb || !dl || !rw)
        return ts::cli::Usage;
    options.maxBodyBytes = qint64(*mb) << 20;
    options.requestDeadlineMs = *dl;
    options.maxRateLimitWaitMs = qint64(*rw) * 1000;
    options.maxConcurrency = *k;
    options.maxResults = *n;
    options.pages = *pg;
    options.transferTimeoutMs = *to;
    options.maxRetries = *rt;
    for (const auto &[opt, target] :
        { std::pair { &startTime, &options.startTime }, std::pair { &endTime, &options.endTime } }) {
        if (p.isSet(*opt)) {
            *target = parseTime(p.value(*opt));
            if (!*target)
                return ts::cli::usageError(QStringLiteral("invalid value '%1' for --%2: expected an ISO 8601 time "
                                                          "like 2024-01-31T12:00:00Z")
                                               .arg(p.value(*opt), opt->names().constFirst()));
        }
    }

    ConnectionConfig connection;
    connection.provider = *kind;
    if (p.isSet(rateLimit)) {
        QString why;
        const auto windows = ts::parseRateLimit(p.value(rateLimit), &why);
        if (!windows)
            return ts::cli::usageError(QStringLiteral("invalid value for --rate-limit: %1").arg(why));
        connection.rateLimit = *windows;
    }
    if (p.isSet(baseUrl)) {
        connection.baseUrl = QUrl(p.value(baseUrl), QUrl::StrictMode);
        if (!connection.baseUrl.isValid() || connection.baseUrl.host().isEmpty())
            return ts::cli::usageError(
                QStringLiteral("invalid value '%1' for --base-url: expected http(s)://HOST[:PORT]")
                    .arg(ts::redactedUrl(p.value(baseUrl))));
    }
    connection.account = p.value(account);
    connection.label = p.value(label);

    QStringList queries = p.positionalArguments();
    if (p.isSet(queriesFile)) {
        QString error;
        const QStringList fromFile = readQueriesFile(p.value(queriesFile), &error);
        if (!error.isEmpty())
            return ts::cli::usageError(error);
        queries += fromFile;
    }
    if (p.isSet(resume) && !p.isSet(out))
        return ts::cli::usageError(QStringLiteral("--resume needs --out COLLECTION.sqlite"));
    if (p.isSet(resume) && !queries.isEmpty())
        return ts::cli::usageError(QStringLiteral("--resume takes its queries from the collection; give no QUERY"));
    if (!p.isSet(resume) && queries.isEmpty())
        return ts::cli::usageError(QStringLiteral("no query: give QUERY... or --queries-file FILE"));
    if (p.isSet(resume) && modeText == QLatin1String("compare"))
        return ts::cli::usageError(QStringLiteral("--resume continues the stored run's mode; drop --mode compare"));
    if (p.isSet(latency) && !(*kind == ProviderKind::Local && !p.isSet(baseUrl)))
        return ts::cli::usageError(QStringLiteral("--latency applies to the embedded local archive only "
                                                  "(--provider local without --base-url)"));

    // Credentials: environment first, then the keychain entry the GUI saved. Never a flag.
    const bool enterprise = *kind == ProviderKind::Enterprise30Day || *kind == ProviderKind::EnterpriseFullArchive;
    if (enterprise) {
        connection.username = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TWEETSCOPE_USERNAME"));
        connection.password = envOrKeychain("TWEETSCOPE_PASSWORD", QStringLiteral("enterprise-password"));
    } else if (*kind != ProviderKind::Local) {
        connection.bearerToken = envOrKeychain("TWEETSCOPE_BEARER_TOKEN", QStringLiteral("bearer-token"));
    } else {
        connection.bearerToken
            = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TWEETSCOPE_BEARER_TOKEN"));
    }

    // --provider local without --base-url: the sample archive, served in this process on its own thread.
    std::unique_ptr<ts::archive::LocalArchiveServer> embedded;
    if (*kind == ProviderKind::Local && connection.baseUrl.isEmpty()) {
        ts::archive::ServiceOptions serviceOptions;
        if (p.isSet(latency)) {
            QString why;
            const auto profile = ts::archive::LatencyProfile::parse(p.value(latency), &why);
            if (!profile)
                return ts::cli::usageError(
                    QStringLiteral("invalid value '%1' for --latency: %2").arg(p.value(latency), why));
            serviceOptions.latency = *profile;
        }
        serviceOptions.bearerToken = connection.bearerToken;
        if (ts::cli::stderrIsTerminal() && !QFileInfo::exists(ts::archive::LocalArchiveServer::sampleArchivePath()))
            ts::cli::err() << "creating the sample archive (first use)...\n" << Qt::flush;
        embedded = std::make_unique<ts::archive::LocalArchiveServer>(serviceOptions);
        QString why;
        if (!embedded->start(&why))
            return ts::cli::failure(QStringLiteral("cannot start the embedded local archive: %1").arg(why));
        connection.baseUrl = embedded->baseUrl();
    }

    QString error;
    const auto checked = SearchProvider::create(connection, &error);
    if (!checked)
        return ts::cli::failure(error);

    Collection collection;
    SearchRunner runner;
    // --csv/--jsonl/--timings are exported from the collection after the run; without --out
    // the collection is a temporary file, so even a huge run never sits in memory.
    const bool exporting = p.isSet(csv) || p.isSet(jsonl) || p.isSet(timings);
    QTemporaryDir scratch;
    QString collectionFile = p.value(out);
    if (collectionFile.isEmpty() && exporting) {
        if (!scratch.isValid())
            return ts::cli::failure(QStringLiteral("cannot create a temporary folder: %1").arg(scratch.errorString()));
        collectionFile = scratch.filePath(QStringLiteral("run.sqlite"));
    }
    if (!collectionFile.isEmpty()) {
        if (!collection.open(collectionFile, &error))
            return ts::cli::failure(error);
        runner.setCollection(&collection);
    }

    const bool progress = ts::cli::stderrIsTerminal();
    QList<RunSummary> summaries;
    QEventLoop loop;
    QObject::connect(&runner, &SearchRunner::finished, &loop, &QEventLoop::quit);
    QObject::connect(
        &runner, &SearchRunner::runFinished, &loop, [&summaries](const RunSummary &s) { summaries.append(s); });
    QObject::connect(&runner, &SearchRunner::collectionError, &loop, [](const QString &message) {
        ts::cli::err() << QCoreApplication::applicationName() << ": " << message << '\n';
        ts::cli::err().flush();
    });
    {
        // A wait for a rate limit is said off a terminal too (logs of unattended runs).
        QObject::connect(&runner, &SearchRunner::queryStateChanged, &loop,
            [&runner, progress](int index, const QueryResult &state, const QString &detail) {
                if (!progress && state.status != QueryStatus::RateLimited)
                    return;
                const int total = int(runner.queries().size());
                ts::cli::err() << '[' << (index + 1) << '/' << total << "] " << state.query << ": "
                               << statusName(state.status) << " (" << state.tweets << " tweets) " << detail << '\n';
                ts::cli::err().flush();
            });
    }

    bool started = false;
    if (p.isSet(resume)) {
        started = runner.resume(connection, &error);
        if (!started)
            return ts::cli::failure(QStringLiteral("cannot resume %1: %2").arg(p.value(out), error));
    } else if (modeText == QLatin1String("compare")) {
        started = runner.startCompare(connection, queries, options);
    } else {
        started = runner.start(connection, queries,
            modeText == QLatin1String("sequential") ? RunMode::Sequential : RunMode::Concurrent, options);
    }
    if (!started)
        return ts::cli::failure(QStringLiteral("the search could not start"));

    // Ctrl+C cancels: replies are aborted, and what was fetched stays in the collection.
    interrupted = false;
    auto previousInt = std::signal(SIGINT, onInterrupt);
    auto previousTerm = std::signal(SIGTERM, onInterrupt);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &runner, [&runner] {
        if (interrupted.exchange(false))
            runner.cancel();
    });
    poll.start(100);
    loop.exec();
    poll.stop();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);

    // Failures are not progress: they go to stderr whether or not it is a terminal.
    bool anyFailed = false;
    if (exporting) {
        collection.close(); // flushes the last page; the exporter opens it read-only
        ts::exporter::ExportOptions exportOptions;
        exportOptions.csvPath = p.value(csv);
        exportOptions.jsonlPath = p.value(jsonl);
        if (!exportOptions.csvPath.isEmpty() || !exportOptions.jsonlPath.isEmpty()) {
            const auto r = ts::exporter::exportCollection(collectionFile, exportOptions);
            if (!r.ok) {
                anyFailed = true;
                ts::cli::err() << QCoreApplication::applicationName() << ": export failed: " << r.error << '\n';
            }
        }
        if (p.isSet(timings)) {
            const auto r = ts::exporter::exportCollectionTimings(collectionFile, p.value(timings));
            if (!r.ok) {
                anyFailed = true;
                ts::cli::err() << QCoreApplication::applicationName() << ": timings export failed: " << r.error << '\n';
            }
        }
    }
    for (const RunSummary &s : std::as_const(summaries)) {
        for (const QueryResult &q : s.queries) {
            if (q.unreadableTweets > 0) {
                anyFailed = true;
                ts::cli::err() << QCoreApplication::applicationName() << ": " << modeName(s.mode) << " run: query '"
                               << q.query << "': " << q.unreadableTweets
                               << (q.unreadableTweets == 1 ? " tweet" : " tweets")
                               << " could not be read (the others were kept)\n";
            }
            if (q.status == QueryStatus::Ok)
                continue;
            anyFailed = true;
            ts::cli::err() << QCoreApplication::applicationName() << ": " << modeName(s.mode) << " run: query '"
                           << q.query << "' " << statusName(q.status)
                           << (q.error.isEmpty() ? QString() : QStringLiteral(": ") + q.error) << '\n';
        }
    }
    ts::cli::err().flush();

    if (p.isSet(jsonSummary)) {
        SearchSummary summary;
        summary.provider = *kind;
        summary.baseUrl = checked->baseUrl();
        summary.collection = p.value(out);
        summary.compare = modeText == QLatin1String("compare");
        summary.runs = summaries;
        ts::cli::out() << QString::fromUtf8(searchSummaryLine(summary));
        ts::cli::out().flush();
    }
    if (progress) {
        for (const RunSummary &s : std::as_const(summaries)) {
            ts::cli::err() << modeName(s.mode) << ": " << s.tweets << " tweets, " << s.requests << " requests, "
                           << QString::number(s.wallMs, 'f', 1) << " ms wall, max " << s.maxInFlight << " in flight, "
                           << s.failedQueries << " failed\n";
        }
        ts::cli::err().flush();
    }
    return anyFailed ? ts::cli::Failed : ts::cli::Ok;
}
