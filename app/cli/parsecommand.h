// SPDX-License-Identifier: MIT
#pragma once

#include "cli.h"

#include <QStringList>

/// tweetscope-cli parse, as options (parsed and checked, nothing read) and a run.
struct ParseOptions
{
    QStringList files; ///< never empty; "-" is standard input
    bool showApiErrors = false; ///< also print the partial errors an API page carried
    qsizetype maxLineLength = 16 << 20; ///< --max-line-length (docs/reliability.md, Files)
};

/// args[0] is "tweetscope-cli parse". Checks that every named file can be read; no side effects.
ts::cli::Parsed<ParseOptions> parseParseOptions(const QStringList &args);
/// Normalizes every file to stdout; returns the exit code.
int runParse(const ParseOptions &options);
/// parseParseOptions(), then runParse() or the reason not to run.
int runParseCommand(const QStringList &args);
