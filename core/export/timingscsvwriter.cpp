// SPDX-License-Identifier: MIT
#include "timingscsvwriter.h"

#include "csvformat.h"
#include "outputfile.h"

namespace ts::exporter {

TimingsCsvWriter::TimingsCsvWriter(OutputFile &out, bool excel)
    : m_out(out)
    , m_excel(excel)
{ }

void TimingsCsvWriter::writeHeader()
{
    if (m_excel)
        m_out.append(csv::Utf8Bom);
    m_out.append(
        "mode,query,page,http_status,attempt,scheduled_ms,sent_ms,first_byte_ms,finished_ms,parsed_ms,"
        "bytes,tweets,error,query_index,rate_limited,queued_ms,latency_ms,lane,connect_start_ms,connect_end_ms,"
        "connect_ms,provider");
    m_out.append(csv::RecordEnd);
}

void TimingsCsvWriter::writeRow(search::RunMode mode, const search::RequestTiming &t, const QString &provider)
{
    auto sep = [this] { m_out.append(','); };
    auto time = [this, &sep](double ms) {
        sep();
        if (ms >= 0)
            csv::appendMillis(m_out, ms);
    };
    m_out.append(mode == search::RunMode::Sequential ? QByteArrayView("sequential") : QByteArrayView("concurrent"));
    sep();
    csv::appendText(m_out, t.query, m_excel);
    sep();
    csv::appendInt(m_out, t.page);
    sep();
    if (t.httpStatus > 0)
        csv::appendInt(m_out, t.httpStatus);
    sep();
    csv::appendInt(m_out, t.attempt);
    time(t.scheduledMs);
    time(t.sentMs);
    time(t.firstByteMs);
    time(t.finishedMs);
    time(t.parsedMs);
    sep();
    csv::appendInt(m_out, t.bytes);
    sep();
    csv::appendInt(m_out, t.tweets);
    sep();
    csv::appendText(m_out, t.error, m_excel);
    sep();
    if (t.queryIndex >= 0)
        csv::appendInt(m_out, t.queryIndex);
    sep();
    m_out.append(t.rateLimited ? QByteArrayView("true") : QByteArrayView("false"));
    time(t.sentMs >= 0 && t.scheduledMs >= 0 ? t.queuedMs() : -1);
    time(t.finishedMs >= 0 && t.sentMs >= 0 ? t.latencyMs() : -1);
    sep();
    if (t.lane >= 0)
        csv::appendInt(m_out, t.lane);
    // The connection phase, for the request that opened a connection (empty otherwise).
    const bool connected = t.connectStartMs >= 0;
    time(connected ? t.connectStartMs : -1);
    time(connected ? t.connectEndMs : -1);
    time(connected ? t.connectMs() : -1);
    sep();
    csv::appendText(m_out, provider, m_excel);
    m_out.append(csv::RecordEnd);
    m_out.flushIfFull();
}

} // namespace ts::exporter
