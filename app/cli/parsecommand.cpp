// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

// Placeholder until the issue that builds 'parse' lands; it says so instead of pretending.
int runParseCommand(const QStringList &)
{
    return ts::cli::failure(QStringLiteral("'parse' is not built yet in this version"));
}
