// SPDX-License-Identifier: MIT
#pragma once

#include "search/timing.h"

namespace ts::exporter {

class OutputFile;

/**
 * @brief Writes request timings as CSV, one row per HTTP request, with every field of the
 * `--json-summary` request record (docs/cli.md) plus the run's mode.
 *
 * Columns: mode, query, page, http_status, attempt, scheduled_ms, sent_ms, first_byte_ms,
 * finished_ms, parsed_ms, bytes, tweets, error, then query_index, rate_limited, queued_ms,
 * latency_ms, lane, connect_start_ms, connect_end_ms, connect_ms, and the run's provider
 * (providerName(): which provider a row belongs to when the same queries ran on two). Times are milliseconds since the
 * start of the run with three decimals; a phase that did not happen (-1 in RequestTiming, null in the JSON summary) is
 * an empty cell. http_status 0 (no response) is an empty cell too.
 */
class TimingsCsvWriter
{
public:
    /// excel: UTF-8 BOM and neutralized formulas in the query and error cells.
    explicit TimingsCsvWriter(OutputFile &out, bool excel = false);
    void writeHeader();
    void writeRow(search::RunMode mode, const search::RequestTiming &timing, const QString &provider = {});

private:
    OutputFile &m_out;
    bool m_excel = false;
};

} // namespace ts::exporter
