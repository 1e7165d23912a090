// SPDX-License-Identifier: MIT
#pragma once

#include "csvwriter.h"
#include "jsonlwriter.h"
#include "outputfile.h"
#include "search/timing.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace ts::exporter {

/// Where and how to export tweets. Each non-empty path gets one file; "-" is stdout.
struct ExportOptions
{
    QString csvPath;
    QString jsonlPath;
    CsvOptions csv;
    JsonlOptions jsonl;
};

/// What an export did. On failure the target files are exactly as they were before.
struct ExportResult
{
    bool ok = false;
    bool cancelled = false;
    QString error; ///< "cannot write '/path/x.csv': No space left on device", "cancelled", ...
    qint64 tweets = 0; ///< rows (tweets) written
    qint64 badLines = 0; ///< input lines that could not be read (the rest were exported)
};

/// Called now and then with work done and total (bytes of input, or tweets; total may be -1
/// when unknown). Return false to cancel: the export stops and leaves the old files.
/// Called on the exporting thread.
using ProgressCallback = std::function<bool(qint64 done, qint64 total)>;
/// Called for each input line that could not be read, with its 1-based number.
using BadLineCallback = std::function<void(qint64 line, const QString &message)>;

/**
 * @brief Sends one stream of tweets to the CSV and/or JSONL files of an export.
 *
 * Open, add pages or tweets as they are read, then finish() (commits every file) or
 * cancel(). Each file is atomic on its own: if the second commit fails, the first file is
 * already in place. Not a QObject: use it from any thread, one thread at a time.
 */
class TweetExporter
{
public:
    explicit TweetExporter(ExportOptions options);
    ~TweetExporter();

    /// Opens the targets; false with errorString() if any cannot be written.
    bool open();
    /// A whole API page as read, with the tweets parsed from it.
    void addPage(QByteArrayView pageJson, const QList<Tweet> &tweets);
    /// One tweet (queries: the queries that matched it, for the CSV "queries" column).
    void addTweet(const Tweet &tweet, const QStringList &queries = {});
    /// CSV rows formatted elsewhere with the same CsvOptions (a worker thread of
    /// convertJsonl), holding `tweets` rows. Only for a CSV-only export.
    void addCsvRows(QByteArrayView rows, qint64 tweets);
    /// True once a write failed (the rest of the export is pointless).
    bool failed() const;
    /// Commits every file. False with errorString() if anything failed.
    bool finish();
    /// Drops everything; the targets stay as they were.
    void cancel();
    QString errorString() const;
    qint64 tweets() const { return m_tweets; }

private:
    ExportOptions m_options;
    std::unique_ptr<OutputFile> m_csvFile, m_jsonlFile;
    std::unique_ptr<CsvWriter> m_csv;
    std::unique_ptr<JsonlWriter> m_jsonl;
    qint64 m_tweets = 0;
    QString m_error;
};

/// Exports tweets held in memory (the GUI's table). queries[i] are the queries that matched
/// tweets[i] (may be shorter than tweets). Progress counts tweets; call it off the GUI thread.
ExportResult exportTweets(const QList<Tweet> &tweets, const QList<QStringList> &queries, const ExportOptions &options,
    const ProgressCallback &progress = {});

/// Converts a tweet JSONL file (one API page or one tweet per line, twarc output included;
/// "-" reads stdin) without holding it in memory. Progress counts input bytes.
ExportResult convertJsonl(const QString &inputPath, const ExportOptions &options, const ProgressCallback &progress = {},
    const BadLineCallback &badLine = {});

/// Exports every tweet of a collection (with the queries that matched it) or of a plain
/// archive file, streaming from SQLite. Progress counts tweets. Rebuilt JSONL pages carry the
/// last run's base URL and start time in `__twarc`.
ExportResult exportCollection(const QString &path, const ExportOptions &options, const ProgressCallback &progress = {});

/// Exports of chosen rows read this many tweets by id at a time.
inline constexpr std::size_t kExportChunk = 500;

/// Exports only the tweets of ids, in that order (the table's visible rows; `tweetscope-cli
/// export --ids`), from a collection (with the queries that matched each) or a plain archive.
/// Reads kExportChunk ids at a time and writes them before the next: only the ids and one
/// chunk of tweets are in memory. Ids the file does not have are skipped. The ids should be
/// distinct (readTweetIds drops repeats); one listed twice in a chunk is written once.
/// Progress counts ids; the rest as exportCollection.
ExportResult exportCollectionRows(const QString &path, std::span<const quint64> ids, const ExportOptions &options,
    const ProgressCallback &progress = {});

/// The most ids readTweetIds reads by default (8 bytes each in memory, and a sorted copy
/// while repeats are found).
inline constexpr qsizetype kMaxExportIds = 10'000'000;
/// The longest line readTweetIds accepts, line break included (a tweet id has 19 digits).
inline constexpr qsizetype kMaxIdLineBytes = 64;

/// Reads tweet ids for exportCollectionRows: one decimal id per line ("-" reads stdin);
/// spaces around it, a CR before the line break and blank lines are ignored. A repeated id
/// is kept at its first place only. nullopt and *error naming the file and line when a line
/// is not an id (a positive 64-bit integer), is longer than kMaxIdLineBytes, or there are
/// more than maxIds ids.
std::optional<std::vector<quint64>> readTweetIds(const QString &path, QString *error, qsizetype maxIds = kMaxExportIds);

/// Writes the request timings of every run stored in a collection.
ExportResult exportCollectionTimings(const QString &collectionPath, const QString &csvPath, bool excel = false);

/// Writes the request timings of runs (one row per request, see TimingsCsvWriter).
ExportResult writeTimingsCsv(const QList<search::RunSummary> &runs, const QString &path, bool excel = false);

} // namespace ts::exporter
