// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

struct SearchCommandOptions;

namespace ts::search {
class SearchProvider;
struct StoredRun;
} // namespace ts::search

/// --resume continues the collection's last run with the provider, mode and options it was
/// started with (docs/cli.md, "Resume"). An option given again at resume must say what the
/// run stored; the provider (given or the default) must be the run's. Empty when all agree,
/// else why not, naming the option, both values and what to do. `provider` is the one the
/// command connects to (it clamps --max-results as the run did).
QString resumeConflict(const ts::search::StoredRun &stored, const SearchCommandOptions &options,
    const ts::search::SearchProvider &provider);
