// SPDX-License-Identifier: MIT
// libFuzzer target: TweetParser on any bytes, in every format it detects (v2 pages, v1.1 and
// Enterprise pages, activity streams, twarc lines, single tweets, arrays of tweets).
// Besides "no crash, no sanitizer report", checks that parse() and parseInPlace() agree and
// that every result is either a document or a non-empty error. See docs/reliability.md.
#include "fuzzcheck.h"

#include "tweet/tweetparser.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace {

void checkSame(const ts::ParseResult &a, const ts::ParseResult &b)
{
    FUZZ_CHECK(a.ok() == b.ok());
    FUZZ_CHECK(a.error == b.error);
    if (!a.ok())
        return;
    const ts::ParsedDocument &x = *a.document, &y = *b.document;
    FUZZ_CHECK(x.kind == y.kind);
    FUZZ_CHECK(x.nextToken == y.nextToken);
    FUZZ_CHECK(x.resultCount == y.resultCount);
    FUZZ_CHECK(x.tweetErrors == y.tweetErrors);
    FUZZ_CHECK(x.errors.size() == y.errors.size());
    FUZZ_CHECK(x.tweets.size() == y.tweets.size());
    for (qsizetype i = 0; i < x.tweets.size(); ++i) {
        const ts::Tweet &s = x.tweets[i], &t = y.tweets[i];
        FUZZ_CHECK(s.id == t.id);
        FUZZ_CHECK(s.createdAtMs == t.createdAtMs);
        FUZZ_CHECK(s.text == t.text);
        FUZZ_CHECK(s.allText == t.allText);
        FUZZ_CHECK(s.authorUsername == t.authorUsername);
        FUZZ_CHECK(s.hashtags == t.hashtags);
        FUZZ_CHECK(s.urls == t.urls);
        FUZZ_CHECK(s.rawJson == t.rawJson);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ts::TweetParser parser;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const ts::ParseResult copied = parser.parse(bytes);
    FUZZ_CHECK(copied.ok() || !copied.error.isEmpty());
    if (copied.ok()) {
        for (const ts::Tweet &t : copied.document->tweets) {
            FUZZ_CHECK(!t.id.isEmpty());
            FUZZ_CHECK(!t.rawJson.isEmpty());
        }
    }

    // The same bytes read where they are (the search runner's path for response bodies).
    QByteArray inPlace;
    inPlace.reserve(qsizetype(size) + ts::TweetParser::padding);
    inPlace.append(bytes);
    checkSame(copied, parser.parseInPlace(inPlace));
    return 0;
}
