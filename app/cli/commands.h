// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// Each subcommand of tweetscope-cli lives in its own file. args[0] is "tweetscope-cli <name>",
// the rest are the subcommand's arguments. Returns the process exit code.
int runParseCommand(const QStringList &args);
int runSearchCommand(const QStringList &args);
int runExportCommand(const QStringList &args);
