// SPDX-License-Identifier: MIT
// Reading a page again after bytes that are not UTF-8 (simdjson refuses the whole page).
#include "tweetparser_p.h"

namespace ts {

using namespace parsing;

namespace {

// The length of the valid UTF-8 sequence at p (1-4), or 0 when p starts bytes that are not
// UTF-8; then *bad is how many bytes make the maximal invalid part (at least 1), as
// QString::fromUtf8 and the Unicode standard count them for one U+FFFD.
size_t utf8Sequence(const unsigned char *p, const unsigned char *end, size_t *bad)
{
    const unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t i = 1; i < n; ++i) {
        const unsigned b = p + i < end ? p[i] : 0;
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
            *bad = i;
            return 0;
        }
    }
    return n;
}

} // namespace

/*
 * A page with bytes that are not UTF-8 fails simdjson's validation as a whole. A page (v2 or
 * Enterprise) is then read again with each such sequence replaced by U+FFFD: a v2 included tweet
 * holding one is left out and reported (its referring tweets keep what they have), the page's
 * own tweets keep their text with U+FFFD, and a page problem says where. Costs nothing unless a
 * page failed that way; a single tweet keeps the error.
 */
ParseResult TweetParser::Private::recoverUtf8(QByteArrayView original, ParseResult failed)
{
    const auto *in = reinterpret_cast<const unsigned char *>(original.data());
    const auto *end = in + original.size();
    size_t outSize = 0;
    for (const unsigned char *p = in; p < end;) {
        size_t bad = 0;
        const size_t n = utf8Sequence(p, end, &bad);
        outSize += n ? n : 3;
        p += n ? n : bad;
    }
    std::vector<InvalidBytes> invalid;
    char *const out = padded(outSize);
    char *o = out;
    for (const unsigned char *p = in; p < end;) {
        size_t bad = 0;
        const size_t n = utf8Sequence(p, end, &bad);
        if (n) {
            std::memcpy(o, p, n);
            o += n;
            p += n;
            continue;
        }
        invalid.push_back({ size_t(o - out), size_t(p - in) });
        std::memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        p += bad;
    }
    if (invalid.empty())
        return failed;
    shared = QByteArray();
    source = &buffer;
    includes.invalid = &invalid;
    includes.base = out;
    ParseResult result = parseBuffer(out, outSize);
    includes.invalid = nullptr;
    if (!result.ok() || result.document->kind == ParsedDocument::Kind::SingleTweet)
        return failed; // a single tweet with such bytes is a failed line, as before
    ParsedDocument &doc = *result.document;
    const size_t elsewhere = invalid.size() - includes.dropped.size();
    if (elsewhere > 0) {
        QStringList ids;
        for (const Tweet &t : std::as_const(doc.tweets)) {
            const size_t from = size_t(t.rawJson.constData() - out), to = from + size_t(t.rawJson.size());
            for (const InvalidBytes &bad : invalid) {
                if (!t.rawJson.isEmpty() && bad.at >= from && bad.at < to) {
                    ids.append(t.id);
                    break;
                }
            }
        }
        const InvalidBytes *first = nullptr;
        for (const InvalidBytes &bad : invalid) {
            const bool dropped = std::any_of(includes.dropped.begin(), includes.dropped.end(),
                [&bad](const InvalidBytes &d) { return d.at == bad.at; });
            if (!dropped) {
                first = &bad;
                break;
            }
        }
        doc.errors.append({ QStringLiteral("Invalid UTF-8"),
            QStringLiteral(
                "%1 sequence(s) of bytes that are not UTF-8 replaced with U+FFFD (the first at byte %2 of the "
                "page)%3")
                .arg(elsewhere)
                .arg(first ? first->original : 0)
                .arg(ids.isEmpty() ? QString() : QStringLiteral("; in tweets ") + ids.join(QStringLiteral(", "))),
            {}, {}, {} });
    }
    return result;
}

} // namespace ts
