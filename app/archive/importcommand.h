// SPDX-License-Identifier: MIT
#pragma once

#include "cli.h"

#include <QStringList>

/// tweetscope-archive import, as options (parsed and checked, nothing read or written) and a run.
struct ImportOptions
{
    QString db; ///< archive to create or extend
    QStringList inputs; ///< files, or "-" for standard input
    qsizetype maxLineLength = 16 << 20; ///< --max-line-length (docs/reliability.md, Files)
};

/// args[0] is "tweetscope-archive import". No side effects.
ts::cli::Parsed<ImportOptions> parseImportOptions(const QStringList &args);
/// Imports every input into options.db; returns the exit code.
int runImport(const ImportOptions &options);
/// parseImportOptions(), then runImport() or the reason not to run.
int runImportCommand(const QStringList &args);
