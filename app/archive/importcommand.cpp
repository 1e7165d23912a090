// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

// Placeholder until the issue that builds 'import' lands; it says so instead of pretending.
int runImportCommand(const QStringList &)
{
    return ts::cli::failure(QStringLiteral("'import' is not built yet in this version"));
}
