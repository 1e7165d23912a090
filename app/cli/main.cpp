// SPDX-License-Identifier: MIT
// tweetscope-cli: parse tweet payloads, run searches, hydrate tweet ids, export collections.
#include "cli.h"
#include "exportcommand.h"
#include "hydratecommand.h"
#include "parsecommand.h"
#include "searchcommand.h"

int main(int argc, char **argv)
{
    return ts::cli::runCommands(argc, argv, QStringLiteral("tweetscope-cli"),
        {
            { "parse", "Normalize tweet payloads (any format, one JSON document per line) to one tweet per line.",
                runParseCommand },
            { "search", "Run search queries sequentially, concurrently or both, and save what they fetch.",
                runSearchCommand },
            { "hydrate", "Fetch the tweets of a list of tweet ids, concurrently and rate-paced.", runHydrateCommand },
            { "export", "Convert a collection or tweet JSONL to CSV or JSONL.", runExportCommand },
        });
}
