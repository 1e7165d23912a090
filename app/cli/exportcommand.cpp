// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

// Placeholder until the issue that builds 'export' lands; it says so instead of pretending.
int runExportCommand(const QStringList &)
{
    return ts::cli::failure(QStringLiteral("'export' is not built yet in this version"));
}
