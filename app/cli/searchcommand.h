// SPDX-License-Identifier: MIT
#pragma once

#include "cli.h"
#include "connectionoptions.h"

#include <QStringList>

/// tweetscope-cli search, as options (parsed and checked, nothing sent or written) and a run.
struct SearchCommandOptions
{
    enum class Mode : quint8 { Sequential, Concurrent, Compare };

    ConnectionSettings connection;
    Mode mode = Mode::Concurrent;
    ts::search::SearchOptions search; ///< its timeout and retries are the connection's
    QStringList queries; ///< QUERY... then --queries-file; empty with --resume
    bool resume = false; ///< continue the last run of `out`
    QString out; ///< the collection file; empty: none (or a temporary one for the exports)
    QString csv; ///< exports written from the collection after the run; empty: none
    QString jsonl;
    QString timings;
    bool jsonSummary = false; ///< the JSON summary on stdout
    /// No --out, --csv, --jsonl or --json-summary: the tweets go to stdout as JSONL.
    bool tweetsToStdout = false;
    int progressIntervalMs = 5000; ///< off a terminal, a progress line this often
};

/// args[0] is "tweetscope-cli search". Reads --queries-file; no side effects.
ts::cli::Parsed<SearchCommandOptions> parseSearchOptions(const QStringList &args);
/// Runs the search, saves and exports what it fetched; returns the exit code.
int runSearch(const SearchCommandOptions &options);
/// parseSearchOptions(), then runSearch() or the reason not to run.
int runSearchCommand(const QStringList &args);
