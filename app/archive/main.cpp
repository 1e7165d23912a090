// SPDX-License-Identifier: MIT
// tweetscope-archive: generate, import and serve local tweet archives.
#include "cli.h"
#include "generatecommand.h"
#include "importcommand.h"
#include "servecommand.h"

int main(int argc, char **argv)
{
    return ts::cli::runCommands(argc, argv, QStringLiteral("tweetscope-archive"),
        {
            { "generate", "Create a deterministic synthetic archive.", runGenerateCommand },
            { "import", "Import tweets in any format into an archive, deduplicated by id.", runImportCommand },
            { "serve", "Serve an archive over the X API v2 and Enterprise search APIs on 127.0.0.1.", runServeCommand },
        });
}
