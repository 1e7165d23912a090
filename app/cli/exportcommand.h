// SPDX-License-Identifier: MIT
#pragma once

#include "cli.h"
#include "export/tweetexporter.h"

/// tweetscope-cli export, as options (parsed and checked, nothing written) and a run.
struct ExportCommandOptions
{
    bool listColumns = false; ///< print the CSV column names, nothing else
    QString input; ///< a collection or tweet JSONL; "-" is standard input
    bool inputIsCollection = false; ///< input starts with the SQLite header
    ts::exporter::ExportOptions exporter; ///< CSV and JSONL outputs
    QString timingsPath; ///< collections only
    QString idsPath; ///< only the tweets whose ids this file lists, in its order ("-": stdin)
};

/// args[0] is "tweetscope-cli export". Reads the input's first bytes to tell a collection from
/// JSONL; no side effects.
ts::cli::Parsed<ExportCommandOptions> parseExportOptions(const QStringList &args);
/// Exports; returns the exit code.
int runExport(const ExportCommandOptions &options);
/// parseExportOptions(), then runExport() or the reason not to run.
int runExportCommand(const QStringList &args);
