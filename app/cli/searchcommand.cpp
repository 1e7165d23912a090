// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

// Placeholder until the issue that builds 'search' lands; it says so instead of pretending.
int runSearchCommand(const QStringList &)
{
    return ts::cli::failure(QStringLiteral("'search' is not built yet in this version"));
}
