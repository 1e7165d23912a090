// SPDX-License-Identifier: MIT
#include "tweetexporter.h"

#include "archive/archivestore.h"
#include "csvwriter.h"
#include "outputfile.h"
#include "search/collection.h"
#include "timingscsvwriter.h"
#include "tweet/jsonlreader.h"
#include "tweet/tweetparser.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>
#include <unordered_set>

namespace ts::exporter {

TweetExporter::TweetExporter(ExportOptions options)
    : m_options(std::move(options))
{ }

TweetExporter::~TweetExporter() = default;

bool TweetExporter::open()
{
    if (!m_options.csvPath.isEmpty()) {
        m_csvFile = std::make_unique<OutputFile>(m_options.csvPath);
        if (!m_csvFile->open()) {
            m_error = m_csvFile->errorString();
            return false;
        }
        m_csv = std::make_unique<CsvWriter>(*m_csvFile, m_options.csv);
        m_csv->writeHeader();
    }
    if (!m_options.jsonlPath.isEmpty()) {
        m_jsonlFile = std::make_unique<OutputFile>(m_options.jsonlPath);
        if (!m_jsonlFile->open()) {
            m_error = m_jsonlFile->errorString();
            cancel();
            return false;
        }
        m_jsonl = std::make_unique<JsonlWriter>(*m_jsonlFile, m_options.jsonl);
    }
    return true;
}

void TweetExporter::addPage(QByteArrayView pageJson, const QList<Tweet> &tweets)
{
    if (m_csv) {
        for (const Tweet &t : tweets)
            m_csv->writeRow(t);
    }
    if (m_jsonl)
        m_jsonl->writePage(pageJson, tweets);
    m_tweets += tweets.size();
}

void TweetExporter::addTweet(const Tweet &tweet, const QStringList &queries)
{
    if (m_csv)
        m_csv->writeRow(tweet, queries);
    if (m_jsonl)
        m_jsonl->writeTweet(tweet);
    ++m_tweets;
}

void TweetExporter::addCsvRows(QByteArrayView rows, qint64 tweets)
{
    if (m_csvFile) {
        m_csvFile->append(rows);
        m_csvFile->flushIfFull();
    }
    m_tweets += tweets;
}

bool TweetExporter::failed() const
{
    return (m_csvFile && m_csvFile->failed()) || (m_jsonlFile && m_jsonlFile->failed());
}

bool TweetExporter::finish()
{
    if (m_jsonl)
        m_jsonl->finish();
    if (failed()) {
        m_error = m_csvFile && m_csvFile->failed() ? m_csvFile->errorString() : m_jsonlFile->errorString();
        cancel();
        return false;
    }
    for (OutputFile *f : { m_csvFile.get(), m_jsonlFile.get() }) {
        if (f && !f->commit()) {
            m_error = f->errorString();
            cancel();
            return false;
        }
    }
    return true;
}

void TweetExporter::cancel()
{
    if (m_csvFile)
        m_csvFile->cancel();
    if (m_jsonlFile)
        m_jsonlFile->cancel();
}

QString TweetExporter::errorString() const
{
    return m_error;
}

namespace {

ExportResult cancelled(TweetExporter &exporter)
{
    exporter.cancel();
    ExportResult r;
    r.cancelled = true;
    r.error = QStringLiteral("export cancelled; existing files were left as they were");
    r.tweets = exporter.tweets();
    return r;
}

ExportResult finished(TweetExporter &exporter, qint64 badLines = 0)
{
    ExportResult r;
    r.ok = exporter.finish();
    r.error = exporter.errorString();
    r.tweets = exporter.tweets();
    r.badLines = badLines;
    return r;
}

} // namespace

ExportResult exportTweets(const QList<Tweet> &tweets, const QList<QStringList> &queries, const ExportOptions &options,
    const ProgressCallback &progress)
{
    TweetExporter exporter(options);
    if (!exporter.open())
        return { false, false, exporter.errorString(), 0, 0 };
    const qint64 total = tweets.size();
    for (qsizetype i = 0; i < tweets.size(); ++i) {
        exporter.addTweet(tweets.at(i), i < queries.size() ? queries.at(i) : QStringList());
        if ((i & 1023) == 1023) {
            if (progress && !progress(i + 1, total))
                return cancelled(exporter);
            if (exporter.failed())
                break;
        }
    }
    if (progress && !progress(total, total))
        return cancelled(exporter);
    return finished(exporter);
}

namespace {

/// Lines of a CSV-only conversion, parsed and formatted into CSV rows on a pool thread. The
/// tweets are created and freed on that thread; the calling thread only writes the bytes, in
/// input order, and reports the bad lines.
struct CsvBatch
{
    QByteArray lines; ///< the lines' text, back to back
    QList<std::pair<qint64, qsizetype>> ends; ///< (line number, end offset in `lines`)
    QByteArray rows; ///< CSV rows of every tweet in the batch
    qint64 tweets = 0;
    QList<std::pair<qint64, QString>> problems; ///< (line number, message), in order
    qint64 badLines = 0;

    void format(const CsvOptions &options)
    {
        thread_local TweetParser parser;
        OutputFile out(&rows);
        out.open();
        CsvWriter csv(out, options);
        for (qsizetype i = 0, start = 0; i < ends.size(); start = ends[i].second, ++i) {
            const ParseResult parsed = parser.parse(QByteArrayView(lines).sliced(start, ends[i].second - start));
            if (!parsed.ok()) {
                ++badLines;
                problems.append({ ends[i].first, parsed.error });
                continue;
            }
            for (const QString &message : parsed.document->tweetErrors)
                problems.append({ ends[i].first, message });
            for (const Tweet &t : parsed.document->tweets)
                csv.writeRow(t);
            tweets += parsed.document->tweets.size();
        }
        out.commit();
        lines.clear();
    }
};

constexpr qsizetype CsvBatchBytes = 1 << 20;

/// convertJsonl for a CSV-only export: parsing and formatting, which are nearly all of the
/// work, run on as many threads as there are cores, a few batches ahead of the writer.
ExportResult convertJsonlToCsv(JsonlReader &reader, TweetExporter &exporter, const CsvOptions &csvOptions, qint64 total,
    const ProgressCallback &progress, const BadLineCallback &badLine)
{
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    const size_t maxAhead = size_t(pool.maxThreadCount()) * 2;
    std::deque<QFuture<std::shared_ptr<CsvBatch>>> ahead;
    qint64 badLines = 0;
    bool stop = false, wasCancelled = false;

    const auto submit = [&](std::shared_ptr<CsvBatch> batch) {
        ahead.push_back(QtConcurrent::run(&pool, [batch = std::move(batch), &csvOptions] {
            batch->format(csvOptions);
            return batch;
        }));
    };
    const auto writeOldest = [&] {
        const std::shared_ptr<CsvBatch> batch = ahead.front().result();
        ahead.pop_front();
        badLines += batch->badLines;
        if (badLine) {
            for (const auto &[number, message] : std::as_const(batch->problems))
                badLine(number, message);
        }
        exporter.addCsvRows(batch->rows, batch->tweets);
        stop = stop || exporter.failed();
    };

    qint64 nextProgress = 1 << 20;
    auto batch = std::make_shared<CsvBatch>();
    JsonlReader::Line line;
    while (!stop && reader.next(line)) {
        if (line.tooLong) {
            ++badLines;
            if (badLine)
                badLine(line.number, JsonlReader::tooLongMessage(line, reader.maxLineLength()));
            continue;
        }
        batch->lines.append(line.text.data(), line.text.size());
        batch->ends.append({ line.number, batch->lines.size() });
        if (batch->lines.size() < CsvBatchBytes)
            continue;
        submit(std::exchange(batch, std::make_shared<CsvBatch>()));
        while (ahead.size() >= maxAhead && !stop)
            writeOldest();
        if (reader.bytesRead() >= nextProgress) {
            nextProgress = reader.bytesRead() + (1 << 20);
            if (progress && !progress(reader.bytesRead(), total))
                stop = wasCancelled = true;
        }
    }
    if (!stop && !batch->ends.isEmpty())
        submit(std::move(batch));
    while (!stop && !ahead.empty())
        writeOldest();
    pool.waitForDone();
    if (wasCancelled)
        return cancelled(exporter);
    if (reader.hasError()) {
        exporter.cancel();
        return { false, false, reader.errorString(), 0, badLines };
    }
    if (progress && !stop && !progress(reader.bytesRead(), total))
        return cancelled(exporter);
    return finished(exporter, badLines);
}

} // namespace

ExportResult convertJsonl(const QString &inputPath, const ExportOptions &options, const ProgressCallback &progress,
    const BadLineCallback &badLine)
{
    if (inputPath != QLatin1String("-") && QFileInfo(inputPath).isDir())
        return { false, false, QStringLiteral("cannot read '%1': it is a directory").arg(inputPath), 0, 0 };
    JsonlReader reader;
    if (!reader.open(inputPath))
        return { false, false, reader.errorString(), 0, 0 };
    TweetExporter exporter(options);
    if (!exporter.open())
        return { false, false, exporter.errorString(), 0, 0 };

    const qint64 total = inputPath == QLatin1String("-") ? -1 : QFileInfo(inputPath).size();
    if (options.jsonlPath.isEmpty() && !options.csvPath.isEmpty())
        return convertJsonlToCsv(reader, exporter, options.csv, total, progress, badLine);
    TweetParser parser;
    JsonlReader::Line line;
    qint64 badLines = 0;
    qint64 nextProgress = 1 << 20;
    while (reader.next(line)) {
        if (line.tooLong) {
            ++badLines;
            if (badLine)
                badLine(line.number, JsonlReader::tooLongMessage(line, reader.maxLineLength()));
            continue;
        }
        const ParseResult parsed = parser.parse(line.text);
        if (!parsed.ok()) {
            ++badLines;
            if (badLine)
                badLine(line.number, parsed.error);
            continue;
        }
        const ParsedDocument &doc = *parsed.document;
        for (const QString &message : doc.tweetErrors) {
            if (badLine)
                badLine(line.number, message);
        }
        if (doc.kind == ParsedDocument::Kind::SingleTweet) {
            for (const Tweet &t : doc.tweets)
                exporter.addTweet(t);
        } else {
            exporter.addPage(line.text, doc.tweets);
        }
        if (reader.bytesRead() >= nextProgress) {
            nextProgress = reader.bytesRead() + (1 << 20);
            if (progress && !progress(reader.bytesRead(), total))
                return cancelled(exporter);
            if (exporter.failed())
                break;
        }
    }
    if (reader.hasError()) {
        exporter.cancel();
        return { false, false, reader.errorString(), 0, badLines };
    }
    if (progress && !progress(reader.bytesRead(), total))
        return cancelled(exporter);
    return finished(exporter, badLines);
}

namespace {

/// "cannot read 'PATH': REASON". The errors of ArchiveStore and Collection name the file first
/// ("PATH: REASON"): that name is dropped, so that the message names the file once.
QString cannotRead(const QString &path, const QString &error)
{
    const QString named = path + QStringLiteral(": ");
    return QStringLiteral("cannot read '%1': %2").arg(path, error.startsWith(named) ? error.mid(named.size()) : error);
}

/// What an export of a file reads: a collection, or a plain archive (same tweet schema, no
/// runs). A collection's last run gives rebuilt JSONL pages their URL and time in `__twarc`.
struct ExportSource
{
    search::Collection collection;
    archive::ArchiveStore archive;
    bool isCollection = false;

    /// Opens path read-only and fills in options' page metadata; false and *error on failure.
    bool open(const QString &path, ExportOptions &options, QString *error)
    {
        QString ignored; // not a collection: then a plain archive
        isCollection = collection.open(path, &ignored, true);
        if (isCollection) {
            const QList<search::StoredRun> runs = collection.runs();
            if (!runs.isEmpty() && options.jsonl.sourceUrl.isEmpty())
                options.jsonl.sourceUrl = runs.constLast().baseUrl;
            if (!runs.isEmpty() && !options.jsonl.retrievedAt.isValid())
                options.jsonl.retrievedAt = QDateTime::fromMSecsSinceEpoch(runs.constLast().startedAtMs, Qt::UTC);
            return true;
        }
        QString why;
        if (archive.open(path, &why, true))
            return true;
        *error = cannotRead(path, why);
        return false;
    }

    qint64 tweetCount() { return isCollection ? collection.tweetCount() : archive.tweetCount(); }
};

} // namespace

ExportResult exportCollection(const QString &path, const ExportOptions &options, const ProgressCallback &progress)
{
    ExportSource source;
    ExportOptions opts = options;
    QString error;
    if (!source.open(path, opts, &error))
        return { false, false, error, 0, 0 };
    const qint64 total = source.tweetCount();
    TweetExporter exporter(opts);
    if (!exporter.open())
        return { false, false, exporter.errorString(), 0, 0 };
    qint64 done = 0;
    bool stopped = false;
    auto each = [&](const Tweet &tweet, const QStringList &queries) {
        exporter.addTweet(tweet, queries);
        if ((++done & 1023) == 0) {
            if (progress && !progress(done, total)) {
                stopped = true;
                return false;
            }
            if (exporter.failed())
                return false;
        }
        return true;
    };
    const bool read = source.isCollection
        ? source.collection.forEachTweet(each, &error)
        : source.archive.forEachTweet(
            [&](const archive::StoredTweet &stored) { return each(stored.tweet, {}); }, &error);
    if (stopped || (progress && !progress(done, total)))
        return cancelled(exporter);
    if (!read && !exporter.failed()) {
        exporter.cancel();
        return { false, false, cannotRead(path, error), 0, 0 };
    }
    return finished(exporter);
}

ExportResult exportCollectionRows(
    const QString &path, std::span<const quint64> ids, const ExportOptions &options, const ProgressCallback &progress)
{
    ExportSource source;
    ExportOptions opts = options;
    QString error;
    if (!source.open(path, opts, &error))
        return { false, false, error, 0, 0 };
    // The payload is read only when a file shows it (raw JSON is most of a row's bytes).
    const bool withRawJson = !opts.jsonlPath.isEmpty()
        || std::any_of(opts.csv.columns.begin(), opts.csv.columns.end(),
            [](const CsvColumn &c) { return c.field == CsvField::RawJson; });
    TweetExporter exporter(opts);
    if (!exporter.open())
        return { false, false, exporter.errorString(), 0, 0 };
    const auto total = qint64(ids.size());
    QList<QStringList> queries;
    for (size_t at = 0; at < ids.size(); at += kExportChunk) {
        if (progress && !progress(qint64(at), total))
            return cancelled(exporter);
        const std::span<const quint64> chunk = ids.subspan(at, std::min(kExportChunk, ids.size() - at));
        std::optional<QList<Tweet>> tweets;
        if (source.isCollection) {
            tweets = source.collection.tweets(chunk, withRawJson, &queries, &error);
        } else if (auto stored = source.archive.tweetsById(chunk, withRawJson, &error)) {
            tweets.emplace();
            tweets->reserve(stored->size());
            for (archive::StoredTweet &s : *stored)
                tweets->append(std::move(s.tweet));
        }
        if (!tweets) {
            exporter.cancel();
            return { false, false, cannotRead(path, error), 0, 0 };
        }
        for (qsizetype i = 0; i < tweets->size(); ++i)
            exporter.addTweet(tweets->at(i), queries.value(i));
        if (exporter.failed())
            break; // finish() reports the write error and leaves the old files
    }
    if (progress && !progress(total, total))
        return cancelled(exporter);
    return finished(exporter);
}

std::optional<std::vector<quint64>> readTweetIds(const QString &path, QString *error, qsizetype maxIds)
{
    const QString name = path == QLatin1String("-") ? QStringLiteral("stdin") : path;
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return fail(QStringLiteral("cannot read '%1': %2").arg(name, file.errorString()));
    std::vector<quint64> ids;
    constexpr quint64 maxId = quint64(std::numeric_limits<qint64>::max()); // the archive's id column
    for (qint64 number = 1;; ++number) {
        const QByteArray line = file.readLine(kMaxIdLineBytes + 1); // at most kMaxIdLineBytes
        if (line.isEmpty())
            break;
        if (line.size() == kMaxIdLineBytes && !line.endsWith('\n') && !file.peek(1).isEmpty())
            return fail(QStringLiteral("%1:%2: longer than %3 bytes: not a tweet id")
                            .arg(name)
                            .arg(number)
                            .arg(kMaxIdLineBytes));
        const QByteArray text = line.trimmed();
        if (text.isEmpty())
            continue;
        bool ok = false;
        const quint64 id = text.toULongLong(&ok, 10);
        if (!ok || id == 0 || id > maxId
            || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return fail(QStringLiteral("%1:%2: '%3' is not a tweet id (a positive 64-bit integer)")
                            .arg(name)
                            .arg(number)
                            .arg(QString::fromUtf8(text.left(kMaxIdLineBytes))));
        if (qsizetype(ids.size()) == maxIds)
            return fail(QStringLiteral("%1: more than %2 ids").arg(name).arg(maxIds));
        ids.push_back(id);
    }
    if (file.error() != QFileDevice::NoError)
        return fail(QStringLiteral("cannot read '%1': %2").arg(name, file.errorString()));
    // Repeats are rare: find them in a sorted copy, then keep each repeated id's first place.
    std::vector<quint64> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    std::unordered_set<quint64> repeated;
    for (size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i] == sorted[i - 1])
            repeated.insert(sorted[i]);
    }
    sorted = {};
    if (!repeated.empty()) {
        std::unordered_set<quint64> seen;
        std::erase_if(ids, [&](quint64 id) { return repeated.contains(id) && !seen.insert(id).second; });
    }
    return ids;
}

ExportResult exportCollectionTimings(const QString &collectionPath, const QString &csvPath, bool excel)
{
    search::Collection collection;
    QString error;
    if (!collection.open(collectionPath, &error, true))
        return { false, false, cannotRead(collectionPath, error), 0, 0 };
    const auto rows = collection.allRequestTimings(&error);
    if (!error.isEmpty())
        return { false, false, cannotRead(collectionPath, error), 0, 0 };
    QList<search::RunSummary> runs;
    qint64 lastRun = -1;
    for (const auto &[run, timing] : rows) {
        if (run.id != lastRun) {
            runs.append(search::RunSummary {});
            runs.last().mode = run.mode;
            runs.last().provider = run.provider;
            lastRun = run.id;
        }
        runs.last().requestTimings.append(timing);
    }
    return writeTimingsCsv(runs, csvPath, excel);
}

ExportResult writeTimingsCsv(const QList<search::RunSummary> &runs, const QString &path, bool excel)
{
    OutputFile out(path);
    if (!out.open())
        return { false, false, out.errorString(), 0, 0 };
    TimingsCsvWriter writer(out, excel);
    writer.writeHeader();
    qint64 rows = 0;
    for (const auto &run : runs) {
        for (const auto &timing : run.requestTimings) {
            writer.writeRow(run.mode, timing, run.provider);
            ++rows;
        }
    }
    const bool ok = out.commit();
    return { ok, false, out.errorString(), rows, 0 };
}

} // namespace ts::exporter
