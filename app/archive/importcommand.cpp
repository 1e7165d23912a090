// SPDX-License-Identifier: MIT
// tweetscope-archive import: tweets in any format into an archive, deduplicated by id.
#include "importcommand.h"
#include "archive/archivestore.h"
#include "archive/importer.h"
#include "tweet/jsonlreader.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>

#include <malloc.h>

using namespace ts::archive;

ts::cli::Parsed<ImportOptions> parseImportOptions(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Archive file to create or extend (required)."), QStringLiteral("FILE"));
    parser.addOption(db);
    const QCommandLineOption maxLine(QStringLiteral("max-line-length"),
        QStringLiteral("Longest line (or element of a one-document file) read, in bytes or with K, M, G "
                       "(default 16M); a longer one is reported with its number and skipped."),
        QStringLiteral("SIZE"));
    parser.addOption(maxLine);
    parser.addPositionalArgument(QStringLiteral("INPUT"),
        QStringLiteral("JSONL or JSON files of tweets or API pages, or the ZIP of an X account archive; "
                       "'-' reads standard input."),
        QStringLiteral("INPUT..."));
    if (auto stop = ts::cli::parseArgs(parser, args,
            QStringLiteral("Import tweets in any format (twarc JSONL, v2 or Enterprise pages, "
                           "single tweets, the ZIP of an X account archive) into an archive, deduplicated by id.")))
        return *stop;
    if (!parser.isSet(db))
        return ts::cli::usage(QStringLiteral("missing --db FILE"));
    const QStringList inputs = parser.positionalArguments();
    if (inputs.isEmpty())
        return ts::cli::usage(QStringLiteral("missing INPUT (a file, or '-' for standard input)"));
    // Refused before the archive is created or opened: a mistyped INPUT changes nothing.
    for (const QString &input : inputs) {
        if (auto stop = ts::cli::checkReadable(input))
            return *stop;
    }
    if (const QString problem = ArchiveStore::notSqliteProblem(parser.value(db)); !problem.isEmpty())
        return ts::cli::usage(QStringLiteral("invalid value for --db: %1").arg(problem));
    QString error;
    const std::optional<qint64> maxLineLength = ts::cli::sizeValue(
        parser, QStringLiteral("max-line-length"), ts::JsonlReader::DefaultMaxLineLength, 1, qint64(1) << 40, &error);
    if (!maxLineLength)
        return ts::cli::usage(error);
    return ImportOptions { parser.value(db), inputs, qsizetype(*maxLineLength) };
}

int runImport(const ImportOptions &options)
{
    // A bulk load allocates and frees large buffers over and over (batches, the index's
    // term buffer): keep the freed memory instead of returning it to the system each time
    // and faulting it back in.
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ArchiveStore store;
    QString error;
    if (!store.open(options.db, &error))
        return ts::cli::failure(error);
    Importer importer(store);
    importer.setMaxLineLength(options.maxLineLength);
    qint64 problems = 0;
    importer.setProblemHandler([&](const QString &message) {
        // Every bad line is named; past a thousand only the count goes on growing.
        if (++problems <= 1000)
            ts::cli::err() << message << '\n';
        else if (problems == 1001)
            ts::cli::err() << "(more bad lines are counted but not listed)\n";
    });
    const bool showProgress = ts::cli::stderrIsTerminal();
    QElapsedTimer timer;
    timer.start();
    QString current;
    importer.setProgressHandler([&](qint64 bytes) {
        if (showProgress) {
            ts::cli::err() << QStringLiteral("\rimporting %1: %2 MB, %3 tweets")
                                  .arg(current)
                                  .arg(double(bytes) / 1e6, 0, 'f', 1)
                                  .arg(importer.stats().read);
            ts::cli::err().flush();
        }
        return true;
    });
    bool ok = true;
    for (const QString &input : options.inputs) {
        current = input;
        if (!importer.importFile(input, &error)) {
            ok = false;
            break;
        }
    }
    if (ok && !importer.finish(&error))
        ok = false;
    if (showProgress)
        ts::cli::err() << '\n';
    ts::cli::err().flush();
    const ImportStats &s = importer.stats();
    for (const QString &note : importer.notes())
        ts::cli::out() << note << '\n';
    ts::cli::out() << QStringLiteral("read %1 tweets from %2 lines: %3 inserted, %4 duplicates, %5 bad lines, "
                                     "%6 unreadable tweets (%7 s)\n")
                          .arg(s.read)
                          .arg(s.lines)
                          .arg(s.inserted)
                          .arg(s.duplicates)
                          .arg(s.badLines)
                          .arg(s.badTweets)
                          .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1);
    ts::cli::out().flush();
    if (!ok)
        return ts::cli::failure(error);
    return s.badLines > 0 || s.badTweets > 0 ? ts::cli::Failed : ts::cli::Ok;
}

int runImportCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseImportOptions(args), runImport);
}
