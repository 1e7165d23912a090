// SPDX-License-Identifier: MIT
#include "normalizedjson.h"

#include "tweettime.h"

#include <charconv>
#include <cmath>

namespace ts {

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

void appendLiteral(QByteArray &out, const char *s)
{
    out.append(s);
}

void appendNumber(QByteArray &out, qint64 v)
{
    char buf[24];
    char *p = buf + sizeof buf;
    const bool negative = v < 0;
    quint64 u = negative ? quint64(0) - quint64(v) : quint64(v);
    do {
        *--p = char('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative)
        *--p = '-';
    out.append(p, qsizetype(buf + sizeof buf - p));
}

void appendDouble(QByteArray &out, double v)
{
    if (!std::isfinite(v)) {
        out.append("null");
        return;
    }
    char buf[32];
    // Shortest text that reads back as the same double.
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

void appendIdOrNull(QByteArray &out, const QString &id)
{
    if (id.isEmpty())
        out.append("null");
    else
        appendJsonString(out, id);
}

void appendList(QByteArray &out, const QStringList &list)
{
    out.append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            out.append(',');
        appendJsonString(out, list.at(i));
    }
    out.append(']');
}

} // namespace

void appendJsonString(QByteArray &out, QStringView s)
{
    // Exact size first (one cheap pass), so a huge text never needs a 6x buffer.
    qsizetype bytes = 2;
    for (const QChar qc : s) {
        const char16_t c = qc.unicode();
        if (c < 0x80)
            bytes += (c >= 0x20 && c != '"' && c != '\\')                                                  ? 1
                : (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' || c == '"' || c == '\\') ? 2
                                                                                                           : 6;
        else if (c < 0x800)
            bytes += 2;
        else
            bytes += 3; // a surrogate pair is 2 x 3 here and 4 when written: an upper bound
    }
    const qsizetype start = out.size();
    out.resize(start + bytes);
    char *p = out.data() + start;
    *p++ = '"';
    const char16_t *u = s.utf16();
    const char16_t *end = u + s.size();
    while (u < end) {
        char16_t c = *u++;
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
                *p++ = char(c);
                continue;
            }
            *p++ = '\\';
            switch (c) {
            case '"':
                *p++ = '"';
                break;
            case '\\':
                *p++ = '\\';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\r':
                *p++ = 'r';
                break;
            case '\t':
                *p++ = 't';
                break;
            case '\b':
                *p++ = 'b';
                break;
            case '\f':
                *p++ = 'f';
                break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = hexDigits[c >> 4];
                *p++ = hexDigits[c & 15];
            }
        } else if (c < 0x800) {
            *p++ = char(0xC0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3F));
        } else if (c >= 0xD800 && c <= 0xDBFF && u < end && *u >= 0xDC00 && *u <= 0xDFFF) {
            const char32_t cp = 0x10000 + ((char32_t(c) - 0xD800) << 10) + (char32_t(*u++) - 0xDC00);
            *p++ = char(0xF0 | (cp >> 18));
            *p++ = char(0x80 | ((cp >> 12) & 0x3F));
            *p++ = char(0x80 | ((cp >> 6) & 0x3F));
            *p++ = char(0x80 | (cp & 0x3F));
        } else {
            if (c >= 0xD800 && c <= 0xDFFF)
                c = 0xFFFD; // a lone surrogate cannot be written as UTF-8
            *p++ = char(0xE0 | (c >> 12));
            *p++ = char(0x80 | ((c >> 6) & 0x3F));
            *p++ = char(0x80 | (c & 0x3F));
        }
    }
    *p++ = '"';
    out.resize(p - out.constData());
}

void appendNormalizedJson(QByteArray &out, const Tweet &t)
{
    appendLiteral(out, "{\"id\":");
    appendJsonString(out, t.id);
    appendLiteral(out, ",\"created_at\":");
    if (t.createdAtMs != 0) {
        char iso[26];
        iso[0] = '"';
        appendIsoTimestamp(iso + 1, t.createdAtMs);
        iso[25] = '"';
        out.append(iso, 26);
    } else {
        out.append("null");
    }
    appendLiteral(out, ",\"format\":\"");
    switch (t.format) {
    case TweetFormat::V2:
        out.append("v2\"");
        break;
    case TweetFormat::Original:
        out.append("original\"");
        break;
    case TweetFormat::ActivityStreams:
        out.append("activity_streams\"");
        break;
    case TweetFormat::Bluesky:
        out.append("bluesky\"");
        break;
    }
    appendLiteral(out, ",\"type\":\"");
    switch (t.type) {
    case TweetType::Tweet:
        out.append("tweet\"");
        break;
    case TweetType::Retweet:
        out.append("retweet\"");
        break;
    case TweetType::Quote:
        out.append("quote\"");
        break;
    case TweetType::Reply:
        out.append("reply\"");
        break;
    }
    appendLiteral(out, ",\"text\":");
    appendJsonString(out, t.text);
    appendLiteral(out, ",\"all_text\":");
    appendJsonString(out, t.allText);
    appendLiteral(out, ",\"author_id\":");
    appendIdOrNull(out, t.authorId);
    appendLiteral(out, ",\"author_username\":");
    appendJsonString(out, t.authorUsername);
    appendLiteral(out, ",\"author_name\":");
    appendJsonString(out, t.authorName);
    appendLiteral(out, ",\"lang\":");
    appendIdOrNull(out, t.lang);
    appendLiteral(out, ",\"hashtags\":");
    appendList(out, t.hashtags);
    appendLiteral(out, ",\"mentions\":");
    appendList(out, t.mentions);
    appendLiteral(out, ",\"urls\":");
    appendList(out, t.urls);
    appendLiteral(out, ",\"media_urls\":");
    appendList(out, t.mediaUrls);
    appendLiteral(out, ",\"like_count\":");
    appendNumber(out, t.likeCount);
    appendLiteral(out, ",\"retweet_count\":");
    appendNumber(out, t.retweetCount);
    appendLiteral(out, ",\"reply_count\":");
    appendNumber(out, t.replyCount);
    appendLiteral(out, ",\"quote_count\":");
    appendNumber(out, t.quoteCount);
    appendLiteral(out, ",\"in_reply_to_status_id\":");
    appendIdOrNull(out, t.inReplyToStatusId);
    appendLiteral(out, ",\"in_reply_to_user_id\":");
    appendIdOrNull(out, t.inReplyToUserId);
    appendLiteral(out, ",\"retweeted_id\":");
    appendIdOrNull(out, t.retweetedId);
    appendLiteral(out, ",\"quoted_id\":");
    appendIdOrNull(out, t.quotedId);
    appendLiteral(out, ",\"source\":");
    appendJsonString(out, t.source);
    appendLiteral(out, ",\"coordinates\":");
    if (t.coordinates) {
        appendLiteral(out, "{\"lat\":");
        appendDouble(out, t.coordinates->lat);
        appendLiteral(out, ",\"lon\":");
        appendDouble(out, t.coordinates->lon);
        out.append('}');
    } else {
        out.append("null");
    }
    out.append('}');
}

QByteArray normalizedJson(const Tweet &tweet)
{
    QByteArray out;
    out.reserve(512 + (tweet.text.size() + tweet.allText.size()) * 3);
    appendNormalizedJson(out, tweet);
    return out;
}

} // namespace ts
