// SPDX-License-Identifier: MIT
// libFuzzer target: JSON Lines in (JsonlReader + TweetParser, the importer's and `parse`'s
// path), CSV out (CsvWriter, every column in both spellings), read back with an RFC 4180
// reader written here, independent of the writer: every cell of every row must give back
// the tweet's value. Also checks the reader's lines against a plain split of the input.
// See docs/reliability.md.
#include "fuzzcheck.h"

#include "export/csvcolumns.h"
#include "export/csvwriter.h"
#include "export/outputfile.h"
#include "tweet/jsonlreader.h"
#include "tweet/tweetparser.h"

#include <QBuffer>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

using namespace ts;
using namespace ts::exporter;

namespace {

using Record = std::vector<QByteArray>;

/// RFC 4180: fields separated by ',', records ended by CRLF (the last one too), a field is
/// either verbatim (no '"', ',', CR or LF in it) or quoted with '"' doubled inside.
/// nullopt when the bytes are not such a file.
std::optional<std::vector<Record>> readCsv(QByteArrayView s)
{
    std::vector<Record> records;
    Record record;
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n) {
        QByteArray field;
        if (s[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n)
                    return std::nullopt; // unterminated quote
                if (s[i] == '"') {
                    if (i + 1 < n && s[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += s[i++];
            }
        } else {
            while (i < n && s[i] != ',' && s[i] != '\r') {
                if (s[i] == '"' || s[i] == '\n')
                    return std::nullopt; // must have been quoted
                field += s[i++];
            }
        }
        record.push_back(field);
        if (i < n && s[i] == ',') {
            ++i;
            if (i == n)
                return std::nullopt; // a record cannot end with a separator
            continue;
        }
        if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n') {
            i += 2;
            records.push_back(std::move(record));
            record.clear();
            continue;
        }
        return std::nullopt; // anything else after a field, or no CRLF at the end
    }
    if (!record.empty())
        return std::nullopt;
    return records;
}

/// What the JsonlReader must return: the input split at '\n', a leading UTF-8 BOM dropped,
/// each line trimmed of spaces, tabs and CRs at both ends, blank lines skipped (but counted).
std::vector<std::pair<qint64, QByteArray>> expectedLines(QByteArrayView input)
{
    if (input.startsWith("\xEF\xBB\xBF"))
        input = input.sliced(3);
    std::vector<std::pair<qint64, QByteArray>> lines;
    qint64 number = 0;
    while (!input.isEmpty()) {
        const qsizetype nl = input.indexOf('\n');
        QByteArrayView line = nl < 0 ? input : input.first(nl);
        input = nl < 0 ? QByteArrayView() : input.sliced(nl + 1);
        ++number;
        auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
        while (!line.isEmpty() && blank(line.front()))
            line = line.sliced(1);
        while (!line.isEmpty() && blank(line.back()))
            line.chop(1);
        if (!line.isEmpty())
            lines.emplace_back(number, line.toByteArray());
    }
    return lines;
}

/// The text as it is after a trip through UTF-8 (lone surrogates become U+FFFD).
QString utf8Trip(const QString &s)
{
    return QString::fromUtf8(s.toUtf8());
}

QString join(const QStringList &items, QChar separator)
{
    return utf8Trip(items.join(separator));
}

void checkJsonList(const QString &cell, const QStringList &items)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(cell.toUtf8(), &error);
    FUZZ_CHECK(error.error == QJsonParseError::NoError && doc.isArray());
    const QJsonArray array = doc.array();
    FUZZ_CHECK(array.size() == items.size());
    for (qsizetype i = 0; i < items.size(); ++i)
        FUZZ_CHECK(array.at(i).toString() == utf8Trip(items.at(i)));
}

double toDouble(QStringView s)
{
    bool ok = false;
    const double v = s.toDouble(&ok);
    FUZZ_CHECK(ok);
    return v;
}

/// One cell read back against the value it shows (plain mode: every value exactly as it is).
void checkCell(const CsvColumn &column, const QByteArray &bytes, const Tweet &t, const QStringList &queries)
{
    const QString cell = QString::fromUtf8(bytes);
    const bool twarc = column.style == CsvColumn::Style::Twarc;
    auto list = [&](const QStringList &items, QChar separator) {
        if (twarc)
            checkJsonList(cell, items);
        else
            FUZZ_CHECK(cell == join(items, separator));
    };
    switch (column.field) {
    case CsvField::Queries:
        FUZZ_CHECK(cell == join(queries, u'\n'));
        return;
    case CsvField::Id:
        FUZZ_CHECK(cell == utf8Trip(t.id));
        return;
    case CsvField::CreatedAt:
        if (t.createdAtMs == 0) {
            FUZZ_CHECK(cell.isEmpty());
            return;
        }
        FUZZ_CHECK(QDateTime::fromString(cell, Qt::ISODateWithMs).toMSecsSinceEpoch() == t.createdAtMs);
        return;
    case CsvField::AuthorId:
        FUZZ_CHECK(cell == utf8Trip(t.authorId));
        return;
    case CsvField::AuthorUsername:
        FUZZ_CHECK(cell == utf8Trip(t.authorUsername));
        return;
    case CsvField::AuthorName:
        FUZZ_CHECK(cell == utf8Trip(t.authorName));
        return;
    case CsvField::AuthorFollowers:
        FUZZ_CHECK(cell == QString::number(t.authorFollowers));
        return;
    case CsvField::AuthorVerified:
        FUZZ_CHECK(cell
            == QLatin1String(twarc ? (t.authorVerified ? "True" : "False") : (t.authorVerified ? "true" : "false")));
        return;
    case CsvField::Type:
        FUZZ_CHECK(cell == typeName(t.type));
        return;
    case CsvField::Format:
        FUZZ_CHECK(cell == formatName(t.format));
        return;
    case CsvField::Lang:
        FUZZ_CHECK(cell == utf8Trip(t.lang));
        return;
    case CsvField::Text:
        FUZZ_CHECK(cell == utf8Trip(t.text));
        return;
    case CsvField::AllText:
        FUZZ_CHECK(cell == utf8Trip(t.allText));
        return;
    case CsvField::LikeCount:
        FUZZ_CHECK(cell == QString::number(t.likeCount));
        return;
    case CsvField::RetweetCount:
        FUZZ_CHECK(cell == QString::number(t.retweetCount));
        return;
    case CsvField::ReplyCount:
        FUZZ_CHECK(cell == QString::number(t.replyCount));
        return;
    case CsvField::QuoteCount:
        FUZZ_CHECK(cell == QString::number(t.quoteCount));
        return;
    case CsvField::Hashtags:
        return list(t.hashtags, u' ');
    case CsvField::Cashtags:
        return list(t.cashtags, u' ');
    case CsvField::Mentions:
        return list(t.mentions, u' ');
    case CsvField::Urls:
        return list(t.urls, u' ');
    case CsvField::MediaUrls:
        return list(t.mediaUrls, u' ');
    case CsvField::InReplyToStatusId:
        FUZZ_CHECK(cell == utf8Trip(t.inReplyToStatusId));
        return;
    case CsvField::InReplyToUserId:
        FUZZ_CHECK(cell == utf8Trip(t.inReplyToUserId));
        return;
    case CsvField::ConversationId:
        FUZZ_CHECK(cell == utf8Trip(t.conversationId));
        return;
    case CsvField::QuotedId:
        FUZZ_CHECK(cell == utf8Trip(t.quotedId));
        return;
    case CsvField::QuotedText:
        FUZZ_CHECK(cell == utf8Trip(t.quotedText));
        return;
    case CsvField::RetweetedId:
        FUZZ_CHECK(cell == utf8Trip(t.retweetedId));
        return;
    case CsvField::RetweetedText:
        FUZZ_CHECK(cell == utf8Trip(t.retweetedText));
        return;
    case CsvField::Source:
        FUZZ_CHECK(cell == utf8Trip(t.source));
        return;
    case CsvField::Coordinates: {
        if (!t.coordinates) {
            FUZZ_CHECK(cell.isEmpty());
            return;
        }
        if (twarc) { // GeoJSON order: [lon, lat]
            FUZZ_CHECK(cell.startsWith(u'[') && cell.endsWith(u']'));
            const QStringList parts = cell.mid(1, cell.size() - 2).split(QStringLiteral(", "));
            FUZZ_CHECK(parts.size() == 2);
            FUZZ_CHECK(toDouble(parts[0]) == t.coordinates->lon && toDouble(parts[1]) == t.coordinates->lat);
        } else {
            const QStringList parts = cell.split(u',');
            FUZZ_CHECK(parts.size() == 2);
            FUZZ_CHECK(toDouble(parts[0]) == t.coordinates->lat && toDouble(parts[1]) == t.coordinates->lon);
        }
        return;
    }
    case CsvField::Latitude:
        FUZZ_CHECK(t.coordinates ? toDouble(cell) == t.coordinates->lat : cell.isEmpty());
        return;
    case CsvField::Longitude:
        FUZZ_CHECK(t.coordinates ? toDouble(cell) == t.coordinates->lon : cell.isEmpty());
        return;
    case CsvField::PointType:
        FUZZ_CHECK(cell == QLatin1String(t.coordinates ? "Point" : ""));
        return;
    case CsvField::PlaceFullName:
        FUZZ_CHECK(cell == utf8Trip(t.placeFullName));
        return;
    case CsvField::PlaceCountryCode:
        FUZZ_CHECK(cell == utf8Trip(t.placeCountryCode));
        return;
    case CsvField::MatchingRules:
        FUZZ_CHECK(cell == join(t.matchingRules, u'\n'));
        return;
    case CsvField::RawJson:
        FUZZ_CHECK(bytes == t.rawJson); // written byte for byte
        return;
    }
    FUZZ_CHECK(false); // a field this target does not know: add it above
}

const QList<CsvColumn> &allColumns()
{
    static const QList<CsvColumn> columns = [] {
        QList<CsvColumn> out;
        for (const QString &name : csvColumnNames()) {
            QString error;
            if (const auto c = csvColumnsFromNames({ name }, &error))
                out += *c;
        }
        return out;
    }();
    return columns;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static TweetParser parser;
    QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));

    // JSON Lines in.
    QBuffer device(&input);
    device.open(QIODevice::ReadOnly);
    JsonlReader reader;
    FUZZ_CHECK(reader.open(&device));
    const auto expected = expectedLines(input);
    size_t k = 0;
    QList<Tweet> tweets;
    QList<QStringList> queries;
    JsonlReader::Line line;
    while (reader.next(line)) {
        FUZZ_CHECK(k < expected.size());
        FUZZ_CHECK(line.number == expected[k].first);
        FUZZ_CHECK(line.text == expected[k].second);
        ++k;
        ParseResult r = parser.parse(line.text);
        if (!r.ok())
            continue;
        for (Tweet &t : r.document->tweets) {
            // Something for the queries column too: two "queries", one with a line break.
            queries.append({ QString::fromUtf8(line.text.first(std::min<qsizetype>(line.text.size(), 8))),
                QStringLiteral("line %1").arg(line.number) });
            tweets.append(std::move(t));
        }
    }
    FUZZ_CHECK(!reader.hasError());
    FUZZ_CHECK(k == expected.size());

    // CSV out, every column.
    QByteArray csv;
    {
        OutputFile out(&csv);
        FUZZ_CHECK(out.open());
        CsvWriter writer(out, CsvOptions { allColumns(), false });
        writer.writeHeader();
        for (qsizetype i = 0; i < tweets.size(); ++i)
            writer.writeRow(tweets[i], queries[i]);
        FUZZ_CHECK(out.commit());
    }

    // Read back: a header and one record per tweet, every cell its value.
    const auto records = readCsv(csv);
    FUZZ_CHECK(records.has_value());
    FUZZ_CHECK(records->size() == size_t(tweets.size()) + 1);
    const QList<CsvColumn> &columns = allColumns();
    for (const Record &r : *records)
        FUZZ_CHECK(r.size() == size_t(columns.size()));
    for (qsizetype c = 0; c < columns.size(); ++c)
        FUZZ_CHECK(QString::fromUtf8((*records)[0][size_t(c)]) == columns[c].name);
    for (qsizetype i = 0; i < tweets.size(); ++i) {
        for (qsizetype c = 0; c < columns.size(); ++c)
            checkCell(columns[c], (*records)[size_t(i) + 1][size_t(c)], tweets[i], queries[i]);
    }
    return 0;
}
