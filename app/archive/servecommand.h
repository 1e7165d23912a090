// SPDX-License-Identifier: MIT
#pragma once

#include "archive/service/serviceoptions.h"
#include "cli.h"

/// tweetscope-archive serve, as options (parsed and checked, nothing opened) and a run.
struct ServeOptions
{
    /// What the service gets; dbPath empty: the sample archive (created on first use by the run).
    ts::archive::ServiceOptions service;
};

/// args[0] is "tweetscope-archive serve". No side effects (it only checks that --db exists).
ts::cli::Parsed<ServeOptions> parseServeOptions(const QStringList &args);
/// Serves until SIGINT or SIGTERM; returns the exit code.
int runServe(const ServeOptions &options);
/// parseServeOptions(), then runServe() or the reason not to run.
int runServeCommand(const QStringList &args);
