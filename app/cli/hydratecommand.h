// SPDX-License-Identifier: MIT
#pragma once

#include "searchcommand.h"

/// tweetscope-cli hydrate IDS_FILE...: the ids of the files, in batches of up to 100, fetched with
/// the tweet lookup by the search engine (a hydration run is a SearchCommandOptions run with
/// search.kind Hydrate and the batches as its queries; runSearch() runs it). docs/cli.md.
/// args[0] is "tweetscope-cli hydrate". Reads the id files; nothing is sent or written.
ts::cli::Parsed<SearchCommandOptions> parseHydrateOptions(const QStringList &args);
/// parseHydrateOptions(), then runSearch() or the reason not to run.
int runHydrateCommand(const QStringList &args);
