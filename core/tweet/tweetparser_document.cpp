// SPDX-License-Identifier: MIT
// What a document is (a v2 page, an Enterprise page, one tweet of any format, a JSON array of
// tweets, an API error) and the one pass over it that reads it (parseBuffer).
#include "tweetparser_p.h"

namespace ts {

using namespace parsing;

namespace {

struct TopKeys
{
    bool data = false, includes = false, errors = false, meta = false, results = false, next = false;
    bool id = false, idIsString = false, idIsNumber = false, idStr = false, createdAt = false, postedTime = false;
    bool user = false, actor = false, text = false, fullText = false, body = false, verb = false;
    bool title = false, detail = false, type = false, error = false, objectType = false;
    bool createdAtV1 = false;
    bool timePeriod = false; ///< an Enterprise counts bucket
    bool posts = false, uri = false, record = false; ///< Bluesky: a searchPosts page, a postView
    QVarLengthArray<Sv, 8> names; ///< the first keys, for the error message
};

ApiProblem readProblem(od::object o);

/// What a v2 page holds, read in the one pass over the top-level keys.
struct PageState
{
    Includes *includes;
    SharedStrings *strings;
    ParsedDocument *doc;
    SvList rules;
    bool dataIsArray = false, dataIsObject = false, countsPage = false;
    bool postsNotArray = false; ///< Bluesky
    Sv cursor; ///< Bluesky
    int elements = 0, countBuckets = 0; ///< of data[]
};

void readPageField(Sv key, od::field &f, PageState &page)
{
    if (is(key, "includes")) {
        readIncludes(f.value(), *page.includes, *page.strings);
    } else if (is(key, "matching_rules")) {
        readMatchingRules(f.value(), page.rules);
    } else if (is(key, "errors")) {
        od::array a;
        if (!asArray(f.value(), a))
            return;
        for (od::value ev : a) {
            od::object eo;
            if (asObject(ev, eo))
                page.doc->errors.append(readProblem(eo));
        }
    } else if (is(key, "meta")) {
        od::object m;
        if (!asObject(f.value(), m))
            return;
        for (od::field mf : m) {
            const Sv mk = keyOf(mf);
            if (is(mk, "next_token"))
                page.doc->nextToken = qs(str(mf.value()));
            else if (is(mk, "result_count"))
                page.doc->resultCount = int(num(mf.value()));
            else if (is(mk, "total_tweet_count"))
                page.countsPage = true;
        }
    }
}

/// Notes which keys o has (o is then read to its end); onField(key, field) may read the values.
template <typename OnField> void scanKeys(od::object &o, TopKeys &k, OnField &&onField)
{
    for (od::field f : o) {
        const Sv key = keyOf(f);
        if (k.names.size() < 8)
            k.names.append(key);
        onField(key, f);
        if (is(key, "data"))
            k.data = true;
        else if (is(key, "includes"))
            k.includes = true;
        else if (is(key, "errors"))
            k.errors = true;
        else if (is(key, "meta"))
            k.meta = true;
        else if (is(key, "results"))
            k.results = true;
        else if (is(key, "next"))
            k.next = true;
        else if (is(key, "id")) {
            k.id = true;
            od::value v = f.value();
            od::json_type t;
            if (v.type().get(t) == simdjson::SUCCESS) {
                k.idIsString = t == od::json_type::string;
                k.idIsNumber = t == od::json_type::number;
            }
        } else if (is(key, "id_str"))
            k.idStr = true;
        else if (is(key, "created_at")) {
            k.createdAt = true;
            const Sv s = str(f.value());
            k.createdAtV1 = s.size() == 30 && s[3] == ' ';
        } else if (is(key, "postedTime"))
            k.postedTime = true;
        else if (is(key, "user"))
            k.user = true;
        else if (is(key, "actor"))
            k.actor = true;
        else if (is(key, "text"))
            k.text = true;
        else if (is(key, "full_text"))
            k.fullText = true;
        else if (is(key, "body"))
            k.body = true;
        else if (is(key, "verb"))
            k.verb = true;
        else if (is(key, "objectType"))
            k.objectType = true;
        else if (is(key, "title"))
            k.title = true;
        else if (is(key, "detail"))
            k.detail = true;
        else if (is(key, "type"))
            k.type = true;
        else if (is(key, "error"))
            k.error = true;
        else if (is(key, "timePeriod"))
            k.timePeriod = true;
        else if (is(key, "posts"))
            k.posts = true;
        else if (is(key, "uri"))
            k.uri = true;
        else if (is(key, "record"))
            k.record = true;
    }
}

/// Notes which keys o has, then rewinds it.
void scanKeys(od::object &o, TopKeys &k)
{
    scanKeys(o, k, [](Sv, od::field &) {});
    o.reset();
}

// What a single object is, or an error naming what is missing.
Shape tweetShape(const TopKeys &k, QString &error)
{
    if (!k.id && !k.idStr && k.uri && k.record)
        return Shape::Bluesky;
    if (!k.id && !k.idStr) {
        error = QStringLiteral("not a tweet: no 'id' key");
        return Shape::Unknown;
    }
    if (k.postedTime || k.actor || k.verb || k.objectType) {
        if (!k.actor)
            error = QStringLiteral("not a tweet: activity streams tweet with no 'actor' key");
        else if (!k.body)
            error = QStringLiteral("not a tweet: activity streams tweet with no 'body' key");
        return error.isEmpty() ? Shape::Activity : Shape::Unknown;
    }
    if (k.idStr || k.idIsNumber || k.user || k.createdAtV1) {
        if (!k.user)
            error = QStringLiteral("not a tweet: original-format tweet with no 'user' key");
        else if (!k.text && !k.fullText)
            error = QStringLiteral("not a tweet: original-format tweet with no 'text' key");
        return error.isEmpty() ? Shape::Original : Shape::Unknown;
    }
    if (!k.text) {
        error = QStringLiteral("not a tweet: no 'text' key");
        return Shape::Unknown;
    }
    return Shape::V2Tweet;
}

ApiProblem readProblem(od::object o)
{
    ApiProblem p;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "title"))
            p.title = qs(str(f.value()));
        else if (is(k, "detail"))
            p.detail = qs(str(f.value()));
        else if (is(k, "message") && p.detail.isEmpty())
            p.detail = qs(str(f.value()));
        else if (is(k, "type"))
            p.type = qs(str(f.value()));
        else if (is(k, "resource_id"))
            p.resourceId = qs(idText(f.value()));
        else if (is(k, "parameter"))
            p.parameter = qs(str(f.value()));
        else if (is(k, "value") && p.resourceId.isEmpty())
            p.resourceId = qs(idText(f.value()));
    }
    return p;
}

// simdjson 3.0 has no document::at_end(): once the root value has been read to its end,
// nothing but whitespace may follow it.
bool atEnd(od::document &doc)
{
    const char *rest = nullptr;
    return doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
}

QString trailingContent()
{
    return QStringLiteral("invalid JSON: more content after the end of the document (two documents on one line?)");
}

QString describeKeys(const TopKeys &k)
{
    if (k.names.isEmpty())
        return QStringLiteral("an empty object");
    QString out = QStringLiteral("keys: ");
    for (qsizetype i = 0; i < k.names.size(); ++i)
        out += (i ? QStringLiteral(", ") : QString()) + qs(k.names[i]);
    return out;
}

} // namespace

void TweetParser::Private::extractTweet(
    od::object o, ParsedDocument &doc, Shape shape, Sv raw, const char *start, od::value *after)
{
    Tweet t;
    switch (shape) {
    case Shape::Bluesky:
        if (!parseBluesky(o, t, strings)) {
            doc.tweetErrors.append(QStringLiteral("not a Bluesky post: 'uri' is not the at:// URI of a record"));
            return;
        }
        break;
    case Shape::Original:
        t.format = TweetFormat::Original;
        parseOriginal(o, t, 0, strings);
        break;
    case Shape::Activity:
        t.format = TweetFormat::ActivityStreams;
        parseActivity(o, t, 0, nullptr, nullptr, strings);
        break;
    default: {
        t.format = TweetFormat::V2;
        V2Pending p;
        scanV2(o, t, p, strings);
        completeV2(t, p, 0, nullptr);
        break;
    }
    }
    if (t.id.isEmpty()) {
        doc.tweetErrors.append(QStringLiteral("not a tweet: 'id' is empty or not a string"));
        return;
    }
    if (raw.empty() && after)
        raw = rawAfterReading(start, *after);
    t.rawJson = slice(raw);
    doc.tweets.append(std::move(t));
}

ParseResult TweetParser::parseAccountArchiveTweet(QByteArrayView json, const AccountOwner &owner)
{
    d->owner = &owner;
    ParseResult r = parse(json);
    d->owner = nullptr;
    return r;
}

ParsedDocument TweetParser::Private::accountArchiveTweet(od::object root, const char *buf, size_t size)
{
    ParsedDocument doc;
    // {"tweet": {...}} (or, in older archives, the tweet object itself).
    TopKeys k;
    bool wrapped = false;
    for (od::field f : root) {
        const Sv key = keyOf(f);
        if (k.names.size() < 8)
            k.names.append(key);
        if (!is(key, "tweet"))
            continue;
        wrapped = true;
        od::value v = f.value();
        od::object o;
        if (!asObject(v, o)) {
            doc.tweetErrors.append(QStringLiteral("not a tweet: 'tweet' is not an object"));
            return doc;
        }
        TopKeys inner;
        scanKeys(o, inner);
        if (!inner.id && !inner.idStr) {
            doc.tweetErrors.append(QStringLiteral("not a tweet: no 'id' key in 'tweet' (%1)").arg(describeKeys(inner)));
            return doc;
        }
        extractTweet(o, doc, Shape::Original, {}, v.raw_json_token().data(), &v);
        break;
    }
    if (!wrapped) {
        root.reset();
        k = {};
        scanKeys(root, k);
        if (!k.id && !k.idStr) {
            doc.tweetErrors.append(
                QStringLiteral("not a tweet of an account archive: no 'tweet' or 'id' key (%1)").arg(describeKeys(k)));
            return doc;
        }
        extractTweet(root, doc, Shape::Original, Sv(buf, size));
    }
    if (doc.tweets.isEmpty())
        return doc;
    Tweet &t = doc.tweets.back();
    if (t.authorId.isEmpty()) {
        t.authorId = owner->id;
        t.authorUsername = owner->username;
        t.authorName = owner->name;
    }
    if (t.type == TweetType::Tweet && t.retweetedId.isEmpty() && t.text.startsWith(QLatin1String("RT @")))
        t.type = TweetType::Retweet;
    return doc;
}

ParseResult TweetParser::Private::parseBuffer(const char *const buf, const size_t size)
{
    includes.clear();
    pending.clear();
    lastError = simdjson::SUCCESS;
    ParsedDocument doc;
    try {
        od::document jdoc = parser.iterate(buf, size, size + simdjson::SIMDJSON_PADDING);
        od::json_type rootType = jdoc.type();
        if (rootType == od::json_type::array) {
            // A JSON array of tweets (some tools save collections that way).
            od::array arr = jdoc.get_array();
            for (od::value ev : arr) {
                od::object o;
                if (!asObject(ev, o)) {
                    doc.tweetErrors.append(QStringLiteral("array element is not an object"));
                    continue;
                }
                TopKeys ek;
                scanKeys(o, ek);
                QString error;
                const Shape shape = tweetShape(ek, error);
                if (shape == Shape::Unknown)
                    doc.tweetErrors.append(error);
                else
                    extractTweet(o, doc, shape, {}, ev.raw_json_token().data(), &ev);
            }
            if (!atEnd(jdoc))
                return { std::nullopt, trailingContent() };
            if (doc.tweets.isEmpty())
                return { std::nullopt,
                    doc.tweetErrors.isEmpty() ? QStringLiteral("not a tweet: an empty JSON array")
                                              : doc.tweetErrors.constFirst() };
            return { std::move(doc), {} };
        }
        if (rootType == od::json_type::null || rootType == od::json_type::boolean) {
            // On-demand typing looks at the first byte only: "nonsense" starts like null.
            const QByteArrayView text(buf, qsizetype(size));
            if (text != QByteArrayView("null") && text != QByteArrayView("true") && text != QByteArrayView("false"))
                return { std::nullopt, QStringLiteral("invalid JSON: the line is not a JSON document") };
        }
        if (rootType != od::json_type::object) {
            static const char *const names[]
                = { "", "an array", "an object", "a number", "a string", "a boolean", "null" };
            const int i = int(rootType);
            return { std::nullopt,
                QStringLiteral("not a tweet: the document is %1, not an object")
                    .arg(QLatin1String(i >= 0 && i < 7 ? names[i] : "not an object")) };
        }
        od::object root = jdoc.get_object();
        if (owner) {
            ParsedDocument tweet = accountArchiveTweet(root, buf, size);
            if (tweet.tweets.isEmpty())
                return { std::nullopt,
                    tweet.tweetErrors.isEmpty() ? QStringLiteral("not a tweet") : tweet.tweetErrors.constFirst() };
            return { std::move(tweet), {} };
        }
        // One pass over the top level: what the document is, and a v2 page's data[] (read
        // into tweets and pending), includes, errors and meta. data[] comes before includes,
        // so the tweets are completed from includes once the pass is over.
        TopKeys k;
        PageState page { &includes, &strings, &doc, {}, false, false, false, false, Sv(), 0, 0 };
        scanKeys(root, k, [this, &page, &doc](Sv key, od::field &f) {
            if (is(key, "posts")) {
                // Bluesky app.bsky.feed.searchPosts: posts[] of postViews.
                od::value v = f.value();
                od::array arr;
                if (!asArray(v, arr)) {
                    page.postsNotArray = true;
                    return;
                }
                int i = 0;
                for (od::value ev : arr) {
                    od::object o;
                    if (!asObject(ev, o)) {
                        doc.tweetErrors.append(QStringLiteral("posts[%1] is not an object").arg(i++));
                        continue;
                    }
                    const qsizetype before = doc.tweetErrors.size();
                    extractTweet(o, doc, Shape::Bluesky, {}, ev.raw_json_token().data(), &ev);
                    if (doc.tweetErrors.size() > before)
                        doc.tweetErrors.last() = QStringLiteral("posts[%1]: ").arg(i) + doc.tweetErrors.last();
                    ++i;
                }
                return;
            }
            if (is(key, "cursor")) {
                page.cursor = str(f.value());
                return;
            }
            if (!is(key, "data")) {
                readPageField(key, f, page);
                return;
            }
            od::value v = f.value();
            od::json_type t;
            if (v.type().get(t) != simdjson::SUCCESS)
                return;
            page.dataIsArray = t == od::json_type::array;
            page.dataIsObject = t == od::json_type::object;
            if (page.dataIsArray) {
                if (doc.tweets.isEmpty())
                    doc.tweets.reserve(std::min<qsizetype>(pageTweetsHint, 500));
                od::array arr = v.get_array();
                for (od::value ev : arr)
                    scanV2Element(ev, doc, page.elements, page.countBuckets);
            } else if (page.dataIsObject) {
                scanV2Element(v, doc, page.elements, page.countBuckets);
            }
        });
        if (!atEnd(jdoc))
            return { std::nullopt, trailingContent() };
        root.reset();

        if (k.posts && !k.data && !k.results) {
            doc.kind = ParsedDocument::Kind::BlueskyPage;
            if (page.postsNotArray)
                return { std::nullopt, QStringLiteral("not a post page: 'posts' is not an array") };
            doc.nextToken = qs(page.cursor);
        } else if (k.data || ((k.meta || k.errors) && !k.id && !k.idStr && !k.results && !(k.title && !k.meta))) {
            // X API v2 page (search, lookup, stream, twarc line).
            doc.kind = ParsedDocument::Kind::V2Page;
            doc.errors.append(includes.problems);
            if (k.data && !page.dataIsArray && !page.dataIsObject)
                return { std::nullopt, QStringLiteral("not a tweet page: 'data' is neither an array nor an object") };
            if (k.data) {
                const SvList *rules = page.rules.isEmpty() ? nullptr : &page.rules;
                for (qsizetype i = 0; i < doc.tweets.size(); ++i)
                    completeV2(doc.tweets[i], pending[size_t(i)], 0, rules);
                pageTweetsHint = std::max(pageTweetsHint - pageTweetsHint / 16, doc.tweets.size());
                const bool countsPage = page.countsPage;
                const int countBuckets = page.countBuckets;
                if (countsPage || (countBuckets > 0 && doc.tweets.isEmpty()))
                    return { std::nullopt,
                        QStringLiteral("not tweets: this is a v2 counts page (data[] holds %1 tweet_count buckets "
                                       "with start/end, no tweet ids)")
                            .arg(countBuckets) };
            }
        } else if (k.results) {
            doc.kind = ParsedDocument::Kind::EnterprisePage;
            bool countsPage = false;
            for (od::field f : root) {
                const Sv key = keyOf(f);
                if (is(key, "next"))
                    doc.nextToken = qs(str(f.value()));
                else if (is(key, "results")) {
                    od::array arr;
                    if (!asArray(f.value(), arr))
                        return { std::nullopt, QStringLiteral("not a tweet page: 'results' is not an array") };
                    int i = 0;
                    for (od::value ev : arr) {
                        od::object o;
                        if (!asObject(ev, o)) {
                            doc.tweetErrors.append(QStringLiteral("results[%1] is not an object").arg(i++));
                            continue;
                        }
                        TopKeys ek;
                        scanKeys(o, ek);
                        if (!ek.id && !ek.idStr && ek.timePeriod) {
                            countsPage = true;
                            ++i;
                            continue;
                        }
                        const qsizetype before = doc.tweetErrors.size();
                        QString error;
                        const Shape shape = tweetShape(ek, error);
                        if (shape == Shape::Unknown)
                            doc.tweetErrors.append(error);
                        else
                            extractTweet(o, doc, shape, {}, ev.raw_json_token().data(), &ev);
                        if (doc.tweetErrors.size() > before)
                            doc.tweetErrors.last() = QStringLiteral("results[%1]: ").arg(i) + doc.tweetErrors.last();
                        ++i;
                    }
                }
            }
            if (countsPage && doc.tweets.isEmpty())
                return { std::nullopt,
                    QStringLiteral("not tweets: this is an Enterprise counts page (results[] holds "
                                   "timePeriod/count buckets, no tweets)") };
        } else if (k.id || k.idStr || (k.uri && k.record)) {
            doc.kind = ParsedDocument::Kind::SingleTweet;
            QString error;
            const Shape shape = tweetShape(k, error);
            if (shape == Shape::Unknown)
                return { std::nullopt, error };
            extractTweet(root, doc, shape, Sv(buf, size));
            if (doc.tweets.isEmpty())
                return { std::nullopt,
                    doc.tweetErrors.isEmpty() ? QStringLiteral("not a tweet") : doc.tweetErrors.constFirst() };
        } else if (k.title && (k.detail || k.type)) {
            root.reset();
            const ApiProblem p = readProblem(root);
            return { std::nullopt,
                QStringLiteral("not tweets: an API error response: ") + p.title
                    + (p.detail.isEmpty() ? QString() : QStringLiteral(": ") + p.detail) };
        } else if (k.error) {
            root.reset();
            QString message;
            od::object e;
            od::value ev = root.find_field_unordered("error");
            Sv name;
            if (ev.get_string().get(name) == simdjson::SUCCESS) {
                // XRPC (Bluesky): {"error": "ExpiredToken", "message": "..."}
                root.reset();
                const Sv detail = str(root.find_field_unordered("message"));
                return { std::nullopt,
                    QStringLiteral("not tweets: an XRPC error response: ") + qs(name)
                        + (detail.empty() ? QString() : QStringLiteral(": ") + qs(detail)) };
            }
            root.reset();
            if (asObject(root.find_field_unordered("error"), e))
                message = readProblem(e).detail;
            return { std::nullopt,
                QStringLiteral("not tweets: an Enterprise API error response")
                    + (message.isEmpty() ? QString() : QStringLiteral(": ") + message) };
        } else {
            return { std::nullopt,
                QStringLiteral("not a tweet or API page: no 'id', 'data' or 'results' key (%1)").arg(describeKeys(k)) };
        }
    } catch (const simdjson::simdjson_error &e) {
        lastError = e.error();
        return { std::nullopt, QStringLiteral("invalid JSON: ") + QString::fromUtf8(e.what()) };
    }
    return { std::move(doc), {} };
}

} // namespace ts
