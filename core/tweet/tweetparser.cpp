// SPDX-License-Identifier: MIT
#include "tweetparser.h"

#include "tweetparser_p.h"

// How this works (simdjson on-demand, one forward pass over each document):
// - The input is copied once into a padded buffer that the parser reuses.
// - The top-level object's keys are scanned once to detect what the document is. For a v2 page
//   the same pass reads data[] (each tweet into a Tweet plus the views it still needs from
//   includes: V2Pending), includes (users, media, places, polls, and the included tweets, read
//   the same way) and meta; the data[] tweets are completed from includes after the pass
//   (data[] comes first in a page), an included tweet the first time one refers to it.
// - Every tweet object is walked field by field in payload order; values are collected as
//   string_views (valid until the next document) and turned into QStrings once at the end,
//   when it is known which of them win (extended vs. truncated text, entities...). The strings a
//   tweet has alone (text, entity lists, the ids it refers to) are converted into one block, a
//   user's likewise (Utf16Block): one allocation each instead of one per string. (So a caller
//   that keeps one of these strings apart from its tweet, the id as a key say, keeps the block:
//   it copies the string when that matters, as SearchRunner does for its membership keys.)
// - Strings shared by many tweets are built once and then shared (implicit sharing): authors,
//   media urls and places per page, included tweets per page, languages and client names
//   across pages.
// - Raw JSON is cut from the buffer between an object's first byte and where the iterator
//   stands once the object has been read: no second walk.

// The parser's files: see tweetparser_p.h.

namespace ts {

using namespace parsing;

static_assert(TweetParser::padding == qsizetype(simdjson::SIMDJSON_PADDING));

TweetParser::TweetParser()
    : d(std::make_unique<Private>())
{ }

TweetParser::~TweetParser() = default;

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The document without a UTF-8 byte order mark and surrounding whitespace.
QByteArrayView trimmed(QByteArrayView json)
{
    if (json.size() >= 3 && quint8(json[0]) == 0xEF && quint8(json[1]) == 0xBB && quint8(json[2]) == 0xBF)
        json = json.sliced(3);
    while (!json.isEmpty() && isJsonSpace(json.front()))
        json = json.sliced(1);
    while (!json.isEmpty() && isJsonSpace(json.back()))
        json.chop(1);
    return json;
}

} // namespace

ParseResult TweetParser::parse(QByteArrayView json)
{
    const QByteArrayView doc = trimmed(json);
    if (doc.isEmpty())
        return { std::nullopt, QStringLiteral("empty document") };
    char *const buf = d->padded(size_t(doc.size()));
    std::memcpy(buf, doc.data(), size_t(doc.size()));
    d->source = &d->buffer;
    return d->run(doc, buf, size_t(doc.size()));
}

ParseResult TweetParser::parseInPlace(const QByteArray &json)
{
    const QByteArrayView doc = trimmed(json);
    if (doc.isEmpty())
        return parse(doc);
    d->shared = json; // holds the caller's block while the tweets' slices are cut from it
    // Readable bytes of the block after the document: what was trimmed off plus free capacity.
    const qsizetype after
        = json.size() - (doc.data() - json.constData()) - doc.size() + d->shared.data_ptr().freeSpaceAtEnd();
    if (after < qsizetype(simdjson::SIMDJSON_PADDING)) {
        d->shared = QByteArray();
        return parse(doc);
    }
    d->source = &d->shared;
    return d->run(doc, doc.data(), size_t(doc.size()));
}

char *TweetParser::Private::padded(size_t size)
{
    // The parser's own buffers are reused; after one huge document (a 50 MB line) they are
    // given back instead of kept.
    constexpr size_t keepAtMost = 64u << 20;
    if (parser.capacity() > keepAtMost && size < keepAtMost / 4)
        parser = od::parser();
    // One padded copy per document, which the tweets' rawJson slices share. The previous
    // document's copy is reused once no tweet holds it any more (the caller dropped them or
    // their rawJson): streaming callers (CLI, export, import) allocate nothing for it.
    const size_t capacity = size + simdjson::SIMDJSON_PADDING;
    if (!buffer.isDetached() || buffer.size() < qsizetype(capacity)
        || (buffer.size() > qsizetype(keepAtMost) && size < keepAtMost / 4))
        buffer = QByteArray(qsizetype(capacity + capacity / 4), Qt::Uninitialized);
    char *const buf = buffer.data();
    std::memset(buf + size, 0, simdjson::SIMDJSON_PADDING);
    return buf;
}

ParseResult TweetParser::Private::run(QByteArrayView original, const char *buf, size_t size)
{
    ParseResult result = parseBuffer(buf, size);
    if (!result.ok() && lastError == simdjson::UTF8_ERROR)
        result = recoverUtf8(original, std::move(result));
    const bool copied = source == &buffer;
    release();
    if (copied && result.document) {
        // The copy is no longer read: end each raw JSON with the '\0' that QByteArray promises
        // after its data (the byte after a tweet object is ',' ']' or whitespace of no other
        // tweet's slice, or padding).
        for (Tweet &t : result.document->tweets) {
            if (!t.rawJson.isEmpty())
                const_cast<char *>(t.rawJson.constData())[t.rawJson.size()] = '\0';
        }
    }
    return result;
}

void TweetParser::Private::release()
{
    includes.clear();
    pending.clear();
    shared = QByteArray();
    source = nullptr;
}

} // namespace ts
