// SPDX-License-Identifier: MIT
#pragma once

namespace ts::archive {

/// Process-wide SQLite settings, applied once before the first connection opens (SQLite only
/// accepts them before it initializes): memory statistics off, so that allocations on
/// connections of different threads (the import's table writer and index builder, the service's
/// workers) no longer all take one global mutex. Called by everything here that opens an
/// SQLite file; later calls do nothing.
void configureSqlite();

} // namespace ts::archive
