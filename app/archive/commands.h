// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// Each subcommand of tweetscope-archive lives in its own file. args[0] is
// "tweetscope-archive <name>"; returns the process exit code.
int runGenerateCommand(const QStringList &args);
int runImportCommand(const QStringList &args);
int runServeCommand(const QStringList &args);
