// SPDX-License-Identifier: MIT
#pragma once

#include "archive/corpusgenerator.h"
#include "cli.h"

/// tweetscope-archive generate, as options (parsed and checked, nothing written) and a run.
struct GenerateOptions
{
    QString db; ///< archive to create or extend
    ts::archive::CorpusGenerator::Options corpus;
};

/// args[0] is "tweetscope-archive generate". No side effects.
ts::cli::Parsed<GenerateOptions> parseGenerateOptions(const QStringList &args);
/// Generates into options.db; progress on a terminal; returns the exit code.
int runGenerate(const GenerateOptions &options);
/// parseGenerateOptions(), then runGenerate() or the reason not to run.
int runGenerateCommand(const QStringList &args);
