// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

// Placeholder until the issue that builds 'generate' lands; it says so instead of pretending.
int runGenerateCommand(const QStringList &)
{
    return ts::cli::failure(QStringLiteral("'generate' is not built yet in this version"));
}
