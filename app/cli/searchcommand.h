// SPDX-License-Identifier: MIT
#pragma once

#include "cli.h"
#include "connectionoptions.h"

#include <QCommandLineOption>
#include <QStringList>

/// tweetscope-cli search (and hydrate, whose runs are searches of id batches: hydratecommand.h),
/// as options (parsed and checked, nothing sent or written) and a run.
struct SearchCommandOptions
{
    enum class Mode : quint8 { Sequential, Concurrent, Compare };

    ConnectionSettings connection;
    Mode mode = Mode::Concurrent;
    ts::search::SearchOptions search; ///< its timeout and retries are the connection's
    QStringList queries; ///< QUERY... then --queries-file; empty with --resume
    /// --compare-provider: the same queries also run on this provider, after the first
    /// (SearchRunner::startAcross). Its base URL: --compare-base-url, else the first's archive
    /// when the first is the local archive (it serves every API shape), else its public host.
    std::optional<ts::search::ProviderKind> compareProvider;
    QUrl compareBaseUrl;
    bool resume = false; ///< continue the last run of `out`
    QStringList givenOptions; ///< the options on the command line (long names): --resume checks them
    QString out; ///< the collection file; empty: none (or a temporary one for the exports)
    QString csv; ///< exports written from the collection after the run; empty: none
    QString jsonl;
    QString timings;
    bool jsonSummary = false; ///< the JSON summary on stdout
    /// No --out, --csv, --jsonl or --json-summary: the tweets go to stdout as JSONL.
    bool tweetsToStdout = false;
    int progressIntervalMs = 5000; ///< off a terminal, a progress line this often

    // hydrate (search.kind == RunKind::Hydrate): `queries` are the id batches.
    int inputIds = 0; ///< distinct ids the files held
    int duplicateIds = 0; ///< repeated ids, skipped
    int ignoredLines = 0; ///< blank lines, `#` comments, empty CSV cells
    QString missingFile; ///< --missing: each id that did not come back, with its reason (CSV)
};

/// The run and output options search and hydrate share: --mode, --max-concurrency, --out,
/// --resume, --csv, --jsonl, --timings, --json-summary, --progress-interval. One set of names,
/// help lines and checks (docs/cli.md).
class RunOutputOptions
{
public:
    RunOutputOptions();
    void addTo(QCommandLineParser &parser) const;
    /// Reads them into *options: mode, concurrency, outputs and who owns stdout, and checks that
    /// every output can be written. A usage Stop naming the option when a value is wrong.
    std::optional<ts::cli::Stop> read(const QCommandLineParser &parser, SearchCommandOptions *options) const;

private:
    QCommandLineOption m_mode, m_maxConcurrency, m_out, m_resume, m_csv, m_jsonl, m_timings, m_jsonSummary,
        m_progressInterval;
};

/// args[0] is "tweetscope-cli search". Reads --queries-file; no side effects.
ts::cli::Parsed<SearchCommandOptions> parseSearchOptions(const QStringList &args);
/// Runs the search, saves and exports what it fetched; returns the exit code.
int runSearch(const SearchCommandOptions &options);
/// parseSearchOptions(), then runSearch() or the reason not to run.
int runSearchCommand(const QStringList &args);
