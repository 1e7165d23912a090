// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

// Placeholder until the issue that builds 'serve' lands; it says so instead of pretending.
int runServeCommand(const QStringList &)
{
    return ts::cli::failure(QStringLiteral("'serve' is not built yet in this version"));
}
