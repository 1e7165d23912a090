// SPDX-License-Identifier: MIT
// tweetscope-archive generate: a deterministic synthetic archive (same seed, same archive).
#include "generatecommand.h"
#include "archive/archivestore.h"
#include "archive/corpusgenerator.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTextStream>

#include <malloc.h>

using namespace ts::archive;

ts::cli::Parsed<GenerateOptions> parseGenerateOptions(const QStringList &args)
{
    using ts::cli::usage;
    QCommandLineParser parser;
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Archive file to create or extend (required)."), QStringLiteral("FILE"));
    const QCommandLineOption tweets(
        QStringLiteral("tweets"), QStringLiteral("Number of tweets to generate (required)."), QStringLiteral("N"));
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("S"));
    const QCommandLineOption days(
        QStringLiteral("days"), QStringLiteral("Days of tweets (default 30)."), QStringLiteral("D"));
    const QCommandLineOption end(QStringLiteral("end"),
        QStringLiteral("End of the window, ISO 8601 UTC (default 2026-11-01T00:00:00Z); "
                       "'now' for the current time."),
        QStringLiteral("ISO"));
    parser.addOptions({ db, tweets, seed, days, end });
    if (auto stop = ts::cli::parseArgs(parser, args,
            QStringLiteral("Generate a deterministic synthetic tweet archive: a month of "
                           "tweets over thousands of authors.")))
        return *stop;
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
    if (!parser.isSet(db))
        return usage(QStringLiteral("missing --db FILE"));
    if (!parser.isSet(tweets))
        return usage(QStringLiteral("missing --tweets N"));

    GenerateOptions options;
    options.db = parser.value(db);
    if (const QString problem = ArchiveStore::notSqliteProblem(options.db); !problem.isEmpty())
        return usage(QStringLiteral("invalid value for --db: %1").arg(problem));
    CorpusGenerator::Options &o = options.corpus;
    bool ok = false;
    o.tweets = parser.value(tweets).toLongLong(&ok);
    if (!ok || o.tweets < 1 || o.tweets > 100000000)
        return usage(ts::cli::invalidValue(QStringLiteral("tweets"), parser.value(tweets),
            QStringLiteral("expected a whole number from 1 to 100000000")));
    if (parser.isSet(seed)) {
        o.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return usage(ts::cli::invalidValue(
                QStringLiteral("seed"), parser.value(seed), QStringLiteral("expected a whole number")));
    }
    QString error;
    const auto d = ts::cli::intValue(parser, QStringLiteral("days"), 30, 1, 3650, &error);
    if (!d)
        return usage(error);
    o.days = *d;
    if (parser.isSet(end)) {
        const QString v = parser.value(end);
        QDateTime when
            = v == QLatin1String("now") ? QDateTime::currentDateTimeUtc() : QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!when.isValid())
            return usage(ts::cli::invalidValue(
                QStringLiteral("end"), v, QStringLiteral("expected a date like 2026-11-01T00:00:00Z")));
        if (when.timeSpec() == Qt::LocalTime && !v.endsWith(u'Z'))
            when.setTimeSpec(Qt::UTC); // no zone given: UTC, like every time in the APIs
        o.endMs = when.toMSecsSinceEpoch();
    }
    return options;
}

int runGenerate(const GenerateOptions &options)
{
    const CorpusGenerator::Options &o = options.corpus;

    // A bulk load allocates and frees large buffers over and over (batches, the index's
    // term buffer): keep the freed memory instead of returning it to the system each time
    // and faulting it back in.
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ArchiveStore store;
    QString error;
    if (!store.open(options.db, &error))
        return ts::cli::failure(error);
    const bool showProgress = ts::cli::stderrIsTerminal();
    QElapsedTimer timer;
    timer.start();
    const auto result = CorpusGenerator::generate(store, o, [&](qint64 done, qint64 total) {
        if (showProgress) {
            ts::cli::err() << QStringLiteral("\rgenerating: %1 / %2 tweets (%3%)")
                                  .arg(done)
                                  .arg(total)
                                  .arg(100 * done / std::max<qint64>(1, total));
            ts::cli::err().flush();
        }
        return true;
    });
    if (showProgress)
        ts::cli::err() << '\n';
    if (result.error)
        return ts::cli::failure(result.error->message);
    ts::cli::out() << QStringLiteral("generated %1 tweets into %2 in %3 s\n")
                          .arg(result.inserted)
                          .arg(options.db)
                          .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1);
    ts::cli::out().flush();
    return ts::cli::Ok;
}

int runGenerateCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseGenerateOptions(args), runGenerate);
}
