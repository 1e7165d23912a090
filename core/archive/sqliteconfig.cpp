// SPDX-License-Identifier: MIT
#include "sqliteconfig.h"

#include <sqlite3.h>

namespace ts::archive {

void configureSqlite()
{
    // SQLITE_MISUSE if SQLite was initialized already (some other code opened a file first):
    // harmless, the statistics then stay on.
    static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)once;
}

} // namespace ts::archive
