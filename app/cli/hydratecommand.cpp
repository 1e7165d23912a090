// SPDX-License-Identifier: MIT
// tweetscope-cli hydrate: tweet ids in, tweets out, through the same runner, pacing, collection
// and outputs as search (docs/cli.md, "hydrate").
#include "hydratecommand.h"

#include "search/hydration.h"
#include "search/searchprovider.h"

#include <QCommandLineParser>

using namespace ts::search;

ts::cli::Parsed<SearchCommandOptions> parseHydrateOptions(const QStringList &args)
{
    using ts::cli::usage;
    QCommandLineParser p;
    const ConnectionOptions connectionOptions(ConnectionOptions::For::Hydrate);
    const RunOutputOptions runOptions;
    const QCommandLineOption column(QStringLiteral("column"),
        QStringLiteral("Read the ids from this column of CSV files (named in their header)."), QStringLiteral("NAME"));
    const QCommandLineOption missing(QStringLiteral("missing"),
        QStringLiteral("Write each id that did not come back, with its reason, to FILE (CSV)."),
        QStringLiteral("FILE"));
    const QCommandLineOption batchSize(QStringLiteral("batch-size"),
        QStringLiteral("Ids per lookup request (1-100, default 100)."), QStringLiteral("N"));
    connectionOptions.addTo(p);
    runOptions.addTo(p);
    p.addOptions({ column, missing, batchSize });
    p.addPositionalArgument(QStringLiteral("IDS_FILE"),
        QStringLiteral("Files of tweet ids: one per line ('#' comments), or a CSV column with --column; - reads "
                       "stdin."),
        QStringLiteral("IDS_FILE..."));
    if (auto stop = ts::cli::parseArgs(p, args, QStringLiteral("Fetch the tweets of a list of tweet ids.")))
        return *stop;

    SearchCommandOptions options;
    options.search.kind = RunKind::Hydrate;
    if (auto stop = connectionOptions.read(p, &options.connection))
        return *stop;
    // Before anything is read or sent: only X API v2 and the local archive have the lookup.
    if (!SearchProvider::supportsHydration(options.connection.config.provider))
        return usage(ts::cli::invalidValue(QStringLiteral("provider"), providerName(options.connection.config.provider),
            ts::cli::lookupProvidersExpected()));
    if (auto stop = runOptions.read(p, &options))
        return *stop;
    options.connection.applyTo(&options.search);
    QString error;
    const auto perBatch = ts::cli::intValue(
        p, QStringLiteral("batch-size"), hydration::MaxIdsPerLookup, 1, hydration::MaxIdsPerLookup, &error);
    if (!perBatch)
        return usage(error);
    options.missingFile = p.value(missing);
    if (!options.missingFile.isEmpty()) {
        if (options.missingFile == QLatin1String("-"))
            return usage(QStringLiteral("--missing needs a file name (stdout holds the tweets or the summary)"));
        if (auto stop = ts::cli::checkWritable(QStringLiteral("missing"), options.missingFile))
            return *stop;
    }

    const QStringList files = p.positionalArguments();
    if (options.resume) {
        if (!files.isEmpty())
            return usage(QStringLiteral("--resume takes its ids from the collection; give no IDS_FILE"));
        return options;
    }
    if (files.isEmpty())
        return usage(QStringLiteral("no id file: give IDS_FILE..."));
    if (p.isSet(column) && p.value(column).trimmed().isEmpty())
        return usage(QStringLiteral("invalid value for --column: expected a column name"));
    hydration::IdFileReader reader;
    for (const QString &file : files) {
        if (!reader.read(file, p.value(column).trimmed(), &error))
            return usage(error);
    }
    if (reader.invalid() > 0) {
        QString text = reader.errors().join(QStringLiteral("\n")) + u'\n';
        if (reader.invalid() > reader.errors().size())
            text += QStringLiteral("... and %1 more\n").arg(reader.invalid() - reader.errors().size());
        text += QStringLiteral("%1 of the input %2 not tweet ids; nothing was sent")
                    .arg(ts::cli::countOf(reader.invalid(), "line", "lines"),
                        reader.invalid() == 1 ? QStringLiteral("is") : QStringLiteral("are"));
        return usage(text);
    }
    if (reader.ids().isEmpty())
        return usage(QStringLiteral("no tweet id in %1").arg(files.join(QStringLiteral(", "))));
    options.queries = hydration::batches(reader.ids(), *perBatch);
    options.inputIds = int(reader.ids().size());
    options.duplicateIds = reader.duplicates();
    options.ignoredLines = reader.ignoredLines();
    return options;
}

int runHydrateCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseHydrateOptions(args), runSearch);
}
