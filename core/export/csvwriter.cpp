// SPDX-License-Identifier: MIT
#include "csvwriter.h"

#include "csvformat.h"
#include "outputfile.h"

#include <charconv>
#include <cstring>

namespace ts::exporter {

namespace {

using Style = CsvColumn::Style;

// Civil date from days since 1970-01-01 (H. Hinnant's algorithm); avoids QDateTime per row.
void civilFromDays(qint64 z, int &y, int &m, int &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 yy = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = int(doy - (153 * mp + 2) / 5 + 1);
    m = int(mp < 10 ? mp + 3 : mp - 9);
    y = int(yy + (m <= 2));
}

// Writes exactly 24 characters.
void formatIso(char *p, qint64 ms)
{
    qint64 days = ms / 86400000;
    qint64 rest = ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    int y = 0, mo = 0, d = 0;
    civilFromDays(days, y, mo, d);
    const int h = int(rest / 3600000), mi = int(rest / 60000 % 60), s = int(rest / 1000 % 60), milli = int(rest % 1000);
    auto put = [&p](int v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            p[i] = char('0' + v % 10);
            v /= 10;
        }
        p += width;
    };
    put(y, 4);
    *p++ = '-';
    put(mo, 2);
    *p++ = '-';
    put(d, 2);
    *p++ = 'T';
    put(h, 2);
    *p++ = ':';
    put(mi, 2);
    *p++ = ':';
    put(s, 2);
    *p++ = '.';
    put(milli, 3);
    *p++ = 'Z';
}

bool isDigits(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (const QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

void appendJsonString(QString &out, QStringView s)
{
    out += QLatin1Char('"');
    for (const QChar c : s) {
        switch (c.unicode()) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
}

QString formatDouble(double v)
{
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return QString::fromLatin1(buf, r.ptr - buf);
}

} // namespace

QString isoDateTime(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch == 0)
        return {};
    char buf[24];
    formatIso(buf, msecsSinceEpoch);
    return QString::fromLatin1(buf, 24);
}

CsvWriter::CsvWriter(OutputFile &out, CsvOptions options)
    : m_out(out)
    , m_options(std::move(options))
{
    if (m_options.columns.isEmpty())
        m_options.columns = defaultCsvColumns();
}

void CsvWriter::writeHeader()
{
    if (m_options.excel)
        m_out.append(csv::Utf8Bom);
    bool first = true;
    for (const auto &column : std::as_const(m_options.columns)) {
        if (!first)
            m_out.append(',');
        first = false;
        csv::appendText(m_out, column.name);
    }
    m_out.append(csv::RecordEnd);
}

void CsvWriter::writeRow(const Tweet &tweet, const QStringList &queries)
{
    bool first = true;
    for (const auto &column : std::as_const(m_options.columns)) {
        if (!first)
            m_out.append(',');
        first = false;
        writeCell(column, tweet, queries);
    }
    m_out.append(csv::RecordEnd);
    ++m_rows;
    m_out.flushIfFull();
}

void CsvWriter::writeText(QStringView text)
{
    csv::appendText(m_out, text, m_options.excel);
}

void CsvWriter::writeId(const QString &id)
{
    if (m_options.excel && isDigits(id))
        csv::appendExcelTextId(m_out, id);
    else
        writeText(id);
}

void CsvWriter::writeList(const QStringList &items, QChar separator, Style style)
{
    if (items.isEmpty() && style == Style::Tweetscope)
        return;
    m_scratch.clear();
    if (style == Style::Twarc) { // json.dumps(list), as twarc-csv's --json-encode-lists
        m_scratch += QLatin1Char('[');
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0)
                m_scratch += QLatin1String(", ");
            appendJsonString(m_scratch, items.at(i));
        }
        m_scratch += QLatin1Char(']');
    } else {
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0)
                m_scratch += separator;
            m_scratch += items.at(i);
        }
    }
    writeText(m_scratch);
}

void CsvWriter::writeCell(const CsvColumn &column, const Tweet &t, const QStringList &queries)
{
    const bool twarc = column.style == Style::Twarc;
    switch (column.field) {
    case CsvField::Queries:
        return writeList(queries, QLatin1Char('\n'), Style::Tweetscope);
    case CsvField::Id:
        return writeId(t.id);
    case CsvField::CreatedAt:
        if (t.createdAtMs != 0) {
            formatIso(m_out.reserve(24), t.createdAtMs);
            m_out.advance(24);
        }
        return;
    case CsvField::AuthorId:
        return writeId(t.authorId);
    case CsvField::AuthorUsername:
        return writeText(t.authorUsername);
    case CsvField::AuthorName:
        return writeText(t.authorName);
    case CsvField::AuthorFollowers:
        return csv::appendInt(m_out, t.authorFollowers);
    case CsvField::AuthorVerified:
        return m_out.append(twarc ? (t.authorVerified ? "True" : "False") : (t.authorVerified ? "true" : "false"));
    case CsvField::Type:
        return m_out.append(t.type == TweetType::Tweet ? QByteArrayView("tweet")
                : t.type == TweetType::Retweet         ? QByteArrayView("retweet")
                : t.type == TweetType::Quote           ? QByteArrayView("quote")
                                                       : QByteArrayView("reply"));
    case CsvField::Format:
        return m_out.append(t.format == TweetFormat::V2 ? QByteArrayView("v2")
                : t.format == TweetFormat::Original     ? QByteArrayView("original")
                : t.format == TweetFormat::Bluesky      ? QByteArrayView("bluesky")
                                                        : QByteArrayView("activity_streams"));
    case CsvField::Lang:
        return writeText(t.lang);
    case CsvField::Text:
        return writeText(t.text);
    case CsvField::AllText:
        return writeText(t.allText);
    case CsvField::LikeCount:
        return csv::appendInt(m_out, t.likeCount);
    case CsvField::RetweetCount:
        return csv::appendInt(m_out, t.retweetCount);
    case CsvField::ReplyCount:
        return csv::appendInt(m_out, t.replyCount);
    case CsvField::QuoteCount:
        return csv::appendInt(m_out, t.quoteCount);
    case CsvField::Hashtags:
        return writeList(t.hashtags, QLatin1Char(' '), column.style);
    case CsvField::Cashtags:
        return writeList(t.cashtags, QLatin1Char(' '), column.style);
    case CsvField::Mentions:
        return writeList(t.mentions, QLatin1Char(' '), column.style);
    case CsvField::Urls:
        return writeList(t.urls, QLatin1Char(' '), column.style);
    case CsvField::MediaUrls:
        return writeList(t.mediaUrls, QLatin1Char(' '), column.style);
    case CsvField::InReplyToStatusId:
        return writeId(t.inReplyToStatusId);
    case CsvField::InReplyToUserId:
        return writeId(t.inReplyToUserId);
    case CsvField::ConversationId:
        return writeId(t.conversationId);
    case CsvField::QuotedId:
        return writeId(t.quotedId);
    case CsvField::QuotedText:
        return writeText(t.quotedText);
    case CsvField::RetweetedId:
        return writeId(t.retweetedId);
    case CsvField::RetweetedText:
        return writeText(t.retweetedText);
    case CsvField::Source:
        return writeText(t.source);
    case CsvField::Coordinates:
        if (t.coordinates) {
            const QString lat = formatDouble(t.coordinates->lat), lon = formatDouble(t.coordinates->lon);
            writeText(twarc ? QString(QLatin1Char('[') + lon + QLatin1String(", ") + lat + QLatin1Char(']'))
                            : QString(lat + QLatin1Char(',') + lon));
        }
        return;
    case CsvField::Latitude:
        if (t.coordinates)
            csv::appendDouble(m_out, t.coordinates->lat);
        return;
    case CsvField::Longitude:
        if (t.coordinates)
            csv::appendDouble(m_out, t.coordinates->lon);
        return;
    case CsvField::PointType:
        if (t.coordinates)
            m_out.append("Point");
        return;
    case CsvField::PlaceFullName:
        return writeText(t.placeFullName);
    case CsvField::PlaceCountryCode:
        return writeText(t.placeCountryCode);
    case CsvField::MatchingRules:
        return writeList(t.matchingRules, QLatin1Char('\n'), Style::Tweetscope);
    case CsvField::RawJson:
        if (m_options.excel)
            return writeText(QString::fromUtf8(t.rawJson));
        return csv::appendUtf8(m_out, t.rawJson);
    }
}

} // namespace ts::exporter
