// SPDX-License-Identifier: MIT
// tweetscope-cli export: a collection or tweet JSONL -> CSV and/or JSONL (docs/cli.md).
#include "exportcommand.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <optional>
#include <vector>

namespace {

using namespace ts::exporter;

bool isSqliteFile(const QString &path)
{
    if (path == QLatin1String("-"))
        return false;
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(16) == QByteArrayView("SQLite format 3\0", 16);
}

} // namespace

ts::cli::Parsed<ExportCommandOptions> parseExportOptions(const QStringList &args)
{
    using ts::cli::usage;
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("INPUT"),
        QStringLiteral("A collection (.sqlite) or tweet JSONL (pages or tweets, twarc output "
                       "included); - reads stdin."));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
        QStringLiteral("Write CSV to FILE (- for stdout). Default when neither --csv "
                       "nor --jsonl is given: CSV on stdout."),
        QStringLiteral("FILE"));
    const QCommandLineOption jsonlOption(QStringLiteral("jsonl"),
        QStringLiteral("Write JSONL to FILE (- for stdout): one API page per line in "
                       "twarc's shape."),
        QStringLiteral("FILE"));
    const QCommandLineOption columnsOption(QStringLiteral("columns"),
        QStringLiteral("CSV columns, in order, comma-separated (Tweetscope or twarc-csv names; see --list-columns)."),
        QStringLiteral("a,b,c"));
    const QCommandLineOption excelOption(QStringLiteral("excel"),
        QStringLiteral("CSV for Excel: UTF-8 BOM, ids kept as text, formulas "
                       "neutralized."));
    const QCommandLineOption tweetsPerLineOption(QStringLiteral("tweets-per-line"),
        QStringLiteral("JSONL with one raw tweet per line instead of "
                       "one page per line."));
    const QCommandLineOption normalizedOption(QStringLiteral("normalized"),
        QStringLiteral("JSONL with one normalized tweet per line (the form "
                       "'tweetscope-cli parse' prints)."));
    const QCommandLineOption timingsOption(QStringLiteral("timings"),
        QStringLiteral("Collections: write every request's timings as CSV to "
                       "FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption listColumnsOption(
        QStringLiteral("list-columns"), QStringLiteral("Print every CSV column name and exit."));
    const QCommandLineOption idsOption(QStringLiteral("ids"),
        QStringLiteral("Collections and archives: only the tweets whose ids FILE lists, one per line, in that "
                       "order (- reads stdin)."),
        QStringLiteral("FILE"));
    parser.addOptions({ csvOption, jsonlOption, columnsOption, excelOption, tweetsPerLineOption, normalizedOption,
        timingsOption, listColumnsOption, idsOption });
    if (auto stop
        = ts::cli::parseArgs(parser, args, QStringLiteral("Convert a collection or tweet JSONL to CSV and/or JSONL.")))
        return *stop;

    ExportCommandOptions command;
    if (parser.isSet(listColumnsOption)) {
        command.listColumns = true;
        return command;
    }
    const QStringList inputs = parser.positionalArguments();
    if (inputs.size() != 1)
        return usage(inputs.isEmpty() ? QStringLiteral("missing INPUT (a collection or a JSONL file)")
                                      : QStringLiteral("expected one INPUT, got %1").arg(inputs.size()));

    ExportOptions &options = command.exporter;
    options.csvPath = parser.value(csvOption);
    options.jsonlPath = parser.value(jsonlOption);
    if (parser.isSet(csvOption) && options.csvPath.isEmpty())
        return usage(QStringLiteral("--csv needs a file name"));
    if (parser.isSet(jsonlOption) && options.jsonlPath.isEmpty())
        return usage(QStringLiteral("--jsonl needs a file name"));
    command.timingsPath = parser.value(timingsOption);
    const QString &timingsPath = command.timingsPath;
    if (parser.isSet(timingsOption) && timingsPath.isEmpty())
        return usage(QStringLiteral("--timings needs a file name"));
    if (options.csvPath.isEmpty() && options.jsonlPath.isEmpty() && timingsPath.isEmpty())
        options.csvPath = QStringLiteral("-");
    if (!timingsPath.isEmpty() && timingsPath == options.csvPath)
        return usage(QStringLiteral("--timings and --csv cannot write to the same file"));
    if (options.csvPath == QLatin1String("-") && options.jsonlPath == QLatin1String("-"))
        return usage(QStringLiteral("--csv and --jsonl cannot both write to stdout"));
    if (parser.isSet(columnsOption)) {
        QString error;
        const auto columns = csvColumnsFromNames(parser.value(columnsOption).split(QLatin1Char(',')), &error);
        if (!columns)
            return usage(QStringLiteral("--columns: ") + error);
        options.csv.columns = *columns;
    }
    if (parser.isSet(columnsOption) && options.csvPath.isEmpty())
        return usage(QStringLiteral("--columns and --excel apply to CSV; add --csv FILE"));
    if (parser.isSet(tweetsPerLineOption) && options.jsonlPath.isEmpty())
        return usage(QStringLiteral("--tweets-per-line applies to JSONL; add --jsonl FILE"));
    if (parser.isSet(normalizedOption) && options.jsonlPath.isEmpty())
        return usage(QStringLiteral("--normalized applies to JSONL; add --jsonl FILE"));
    if (parser.isSet(normalizedOption) && parser.isSet(tweetsPerLineOption))
        return usage(QStringLiteral("--normalized and --tweets-per-line exclude each other"));
    options.csv.excel = parser.isSet(excelOption);
    options.jsonl.layout
        = parser.isSet(tweetsPerLineOption) ? JsonlOptions::Layout::Tweets : JsonlOptions::Layout::Pages;

    command.input = inputs.constFirst();
    // As search and parse: an INPUT that cannot be read, or an output that cannot be written, is
    // a usage error before anything is read or written.
    if (auto stop = ts::cli::checkReadable(command.input))
        return *stop;
    for (const auto &[name, path] : { std::pair { "csv", options.csvPath }, std::pair { "jsonl", options.jsonlPath },
             std::pair { "timings", timingsPath } }) {
        if (path.isEmpty())
            continue;
        if (auto stop = ts::cli::checkWritable(QLatin1String(name), path))
            return *stop;
    }
    command.inputIsCollection = isSqliteFile(command.input);
    if (!timingsPath.isEmpty() && !command.inputIsCollection)
        return usage(QStringLiteral("--timings needs a collection as INPUT (JSONL holds no timings)"));
    if (parser.isSet(idsOption)) {
        if (!command.inputIsCollection)
            return usage(QStringLiteral("--ids needs a collection or an archive as INPUT"));
        if (parser.value(idsOption).isEmpty())
            return usage(QStringLiteral("--ids needs a file name"));
        command.idsPath = parser.value(idsOption);
        if (auto stop = ts::cli::checkReadable(command.idsPath))
            return usage(QStringLiteral("--ids: ") + stop->text);
    }
    return command;
}

int runExport(const ExportCommandOptions &command)
{
    if (command.listColumns) {
        ts::cli::out() << csvColumnNames().join(QLatin1Char('\n')) << '\n';
        ts::cli::out().flush();
        return ts::cli::Ok;
    }
    const QString &input = command.input;
    const bool sqlite = command.inputIsCollection;
    const ExportOptions &options = command.exporter;
    const QString &timingsPath = command.timingsPath;
    std::optional<std::vector<quint64>> ids;
    if (!command.idsPath.isEmpty()) {
        QString error;
        ids = readTweetIds(command.idsPath, &error);
        if (!ids)
            return ts::cli::failure(QStringLiteral("--ids: ") + error);
    }

    const bool showProgress = ts::cli::stderrIsTerminal();
    auto progress = [showProgress](qint64 done, qint64 total) {
        if (showProgress) {
            ts::cli::err() << "\rdone " << done;
            if (total > 0)
                ts::cli::err() << " of " << total;
            ts::cli::err().flush();
        }
        return true;
    };
    auto badLine = [&input](qint64 line, const QString &message) {
        ts::cli::err() << input << ':' << line << ": " << message << '\n';
    };
    if (!timingsPath.isEmpty()) {
        const ExportResult timings = exportCollectionTimings(input, timingsPath, options.csv.excel);
        if (!timings.ok)
            return ts::cli::failure(timings.error);
        if (options.csvPath.isEmpty() && options.jsonlPath.isEmpty())
            return ts::cli::Ok;
    }
    const ExportResult result = ids ? exportCollectionRows(input, *ids, options, progress)
        : sqlite                    ? exportCollection(input, options, progress)
                                    : convertJsonl(input, options, progress, badLine);
    if (showProgress)
        ts::cli::err() << '\n';
    if (!result.ok)
        return ts::cli::failure(result.error);
    if (result.badLines > 0)
        return ts::cli::failure(QStringLiteral("%1 line(s) of '%2' could not be read; %3 tweets exported")
                                    .arg(result.badLines)
                                    .arg(input)
                                    .arg(result.tweets));
    return ts::cli::Ok;
}

int runExportCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseExportOptions(args), runExport);
}
