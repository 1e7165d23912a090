// SPDX-License-Identifier: MIT
#pragma once

#include "csvcolumns.h"
#include "tweet/tweet.h"

#include <QString>
#include <QStringList>

namespace ts::exporter {

class OutputFile;

/// How a CSV export looks.
struct CsvOptions
{
    QList<CsvColumn> columns; ///< empty: defaultCsvColumns()
    /**
     * Excel mode ("Export for Excel", `--excel`):
     * - a UTF-8 byte order mark first, so Excel on Windows does not read the file as cp1252;
     * - ids written as the formula ="1394735776701816833": Excel shows the digits as text.
     *   A 19-digit id typed or imported as a number keeps only 15 significant digits, and
     *   a leading apostrophe or tab would show up inside the cell when a CSV is opened;
     * - every text cell that starts with =, +, -, @, tab or CR gets a leading apostrophe
     *   (OWASP "CSV injection"), so a tweet cannot run a formula on the reader's machine.
     * Plain mode writes every value exactly as it is.
     */
    bool excel = false;
};

/**
 * @brief Writes tweets as RFC 4180 CSV: UTF-8, CRLF record ends, a header row, cells quoted
 * only when they hold a quote, comma or line break (quotes doubled, line breaks kept).
 *
 * Streams: each row is encoded straight into the OutputFile's buffer, so memory does not
 * grow with the number of rows.
 */
class CsvWriter
{
public:
    CsvWriter(OutputFile &out, CsvOptions options);

    /// The byte order mark (Excel mode) and the header row. Call once, first.
    void writeHeader();
    /// One row. queries: the queries that matched the tweet (the "queries" column).
    void writeRow(const Tweet &tweet, const QStringList &queries = {});

    const QList<CsvColumn> &columns() const { return m_options.columns; }
    qint64 rows() const { return m_rows; }

private:
    void writeCell(const CsvColumn &column, const Tweet &tweet, const QStringList &queries);
    void writeText(QStringView text);
    void writeId(const QString &id);
    void writeList(const QStringList &items, QChar separator, CsvColumn::Style style);

    OutputFile &m_out;
    CsvOptions m_options;
    QString m_scratch;
    qint64 m_rows = 0;
};

/// "2021-05-18T19:24:56.000Z" for milliseconds since the epoch (UTC); empty for 0.
QString isoDateTime(qint64 msecsSinceEpoch);

} // namespace ts::exporter
