// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"
#include "tweet/tweetparser.h"

#include <QSet>
#include <QStringList>

/**
 * Hydration: tweet ids in, tweets out. A hydration run is an ordinary SearchRunner run whose
 * options say RunKind::Hydrate and whose "queries" are batches of ids (batches()); each batch is
 * one tweet lookup (`GET /2/tweets?ids=`), paced, retried and saved like a search page. What
 * did not come back is read from the answer's `errors` array (missingIds()). The id files of
 * `tweetscope-cli hydrate` are read by IdFileReader. docs/cli.md, "hydrate".
 */
namespace ts::search::hydration {

/// The most ids one tweet lookup takes.
constexpr int MaxIdsPerLookup = 100;

/// A tweet id as the lookup takes it: 1 to 19 digits, no leading zero.
bool isTweetId(QStringView text);

/// ids in batches of at most perBatch (1..MaxIdsPerLookup), each a comma-separated "query".
QStringList batches(const QStringList &ids, int perBatch = MaxIdsPerLookup);
/// The ids of one batch (split at commas).
QStringList batchIds(const QString &batch);
/// Empty when the batch may be sent; otherwise why not (no id, too many, not a tweet id).
QString validateBatch(const QString &batch);
/// What a batch is called where a query's text would be shown: "batch 17 (100 ids)".
QString batchLabel(int batchIndex, const QString &batch);

/// The kind of a lookup problem: by its `type` (resource-not-found, not-authorized-for-resource),
/// withheld when its title or detail says so, otherwise Other.
MissingReason classify(const ApiProblem &problem);

/// The ids of batch that are not among tweets, each with the reason the problems about it give
/// (problems about other parameters, such as a referenced tweet, are not about a requested id).
QList<MissingId> missingIds(
    const QString &batch, const QList<Tweet> &tweets, const QList<ApiProblem> &problems, int queryIndex = -1);

/// Adds each missing id to its reason's count.
void countMissing(const QList<MissingId> &missing, HydrationCounts *counts);

/// Bounds of reading id files (docs/reliability.md, "Hydration").
struct IdFileLimits
{
    qsizetype maxRecordBytes
        = 64 * 1024; ///< one line (or CSV record), its line break included; a longer one fails the file
    qsizetype maxIds = 10'000'000; ///< distinct ids of a run; more fail the input
    int maxReportedErrors = 10; ///< invalid ids named one by one; the rest are counted
};

/**
 * @brief Reads the ids of one or more files: one id per line (blank lines and `#` comments
 * ignored), or the column of a CSV file (RFC 4180: quoted fields, doubled quotes, line breaks
 * inside quotes) named in its header. Duplicates, within and across files, are kept once and
 * counted; anything else that is not a tweet id is an error naming its file and line.
 */
class IdFileReader
{
public:
    explicit IdFileReader(IdFileLimits limits = {});

    /// Adds the ids of path (the CSV column when column is not empty). False and *error when the
    /// file cannot be read, the column is not in its header, a record is too long or the run
    /// would hold too many ids; invalid ids do not stop the reading (see invalid()).
    bool read(const QString &path, const QString &column, QString *error);

    const QStringList &ids() const { return m_ids; } ///< distinct, in the order first read
    int duplicates() const { return m_duplicates; }
    int ignoredLines() const { return m_ignored; } ///< blank lines, `#` comments, empty CSV cells
    int invalid() const { return m_invalid; }
    /// "FILE:LINE: 'x' is not a tweet id ...", at most IdFileLimits::maxReportedErrors of them.
    const QStringList &errors() const { return m_errors; }

private:
    bool add(const QString &value, const QString &path, qint64 line, QString *error);

    IdFileLimits m_limits;
    QStringList m_ids;
    QSet<QString> m_seen;
    int m_duplicates = 0;
    int m_ignored = 0;
    int m_invalid = 0;
    QStringList m_errors;
};

} // namespace ts::search::hydration
