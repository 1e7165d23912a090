// SPDX-License-Identifier: MIT
// TweetParser's private part, shared by its files (not installed, included by them only):
//   tweetparser.cpp           the public API: parse(), parseInPlace(), the padded buffer
//   tweetparser_document.cpp  what a document is (page, tweet, array, error) and its one pass
//   tweetparser_v2.cpp        X API v2 tweets and a page's includes
//   tweetparser_original.cpp  v1.1 "original" tweets and Gnip activity streams
//   tweetparser_entities.cpp  entities, and finish(): what every format's tweet becomes
//   tweetparser_utf8.cpp      reading a page again after bytes that are not UTF-8
//   tweetparser_bluesky.cpp   Bluesky posts (app.bsky.feed.defs#postView)
// Below: JSON access (the typed accessors every reader uses, inline), the types the readers
// share, and what each file offers the others.
//
// The files are compiled as one unit (core/tweet/CMakeLists.txt), and the functions they
// offer each other are declared static: the optimizer then treats them as it did when they
// were one file (specialized clones that take simdjson values in registers); with external
// linkage v2 pages parsed 2-3% slower. Compiled apart, the files would not link.
#pragma once

#include "tweetparser.h"
#include "utf16block.h"

#include <QVarLengthArray>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ts::parsing {

namespace od = simdjson::ondemand;

using Sv = std::string_view;

inline QString qs(Sv s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// to = from, for strings that stay shared: QString's copy assignment is a call into QtCore, its
// copy constructor and move assignment are inline (one atomic increment).
[[gnu::always_inline]] inline void share(QString &to, const QString &from)
{
    to = QString(from);
}

// Deepest level of embedded tweets followed (retweet -> retweeted -> its quoted tweet).
constexpr int maxEmbedDepth = 2;

// ---------- typed accessors: a wrong type gives the default, never an error ----------

inline Sv str(od::value v)
{
    Sv s;
    if (v.get_string().get(s) != simdjson::SUCCESS)
        return {};
    return s;
}

// An id as text: a string as is, a number by its exact digits (never through a double).
inline Sv idText(od::value v)
{
    Sv s;
    if (v.get_string().get(s) == simdjson::SUCCESS)
        return s;
    od::json_type t;
    if (v.type().get(t) == simdjson::SUCCESS && t == od::json_type::number) {
        Sv tok = v.raw_json_token();
        size_t n = 0;
        while (n < tok.size() && tok[n] >= '0' && tok[n] <= '9')
            ++n;
        return tok.substr(0, n);
    }
    return {};
}

inline qint64 num(od::value v)
{
    int64_t i;
    if (v.get_int64().get(i) == simdjson::SUCCESS)
        return i;
    double d;
    if (v.get_double().get(d) == simdjson::SUCCESS) {
        if (d != d || d > 9.2e18 || d < -9.2e18)
            return 0;
        return qint64(d);
    }
    if (v.get_int64_in_string().get(i) == simdjson::SUCCESS)
        return i;
    return 0;
}

inline bool boolean(od::value v)
{
    bool b = false;
    if (v.get_bool().get(b) != simdjson::SUCCESS)
        return false;
    return b;
}

inline bool asObject(od::value v, od::object &o)
{
    return v.get_object().get(o) == simdjson::SUCCESS;
}

inline bool asArray(od::value v, od::array &a)
{
    return v.get_array().get(a) == simdjson::SUCCESS;
}

// The key of a field without unescaping it (no copy). Keys with escapes keep their backslashes,
// so they never match a known key. The key's end is found backwards from its value's first
// byte (only `": ` lies between them), not by scanning the key.
[[gnu::always_inline]] inline Sv keyOf(od::field &f)
{
    const char *p = f.key().raw();
    const char *q = f.value().raw_json_token().data();
    do
        --q;
    while (q >= p && *q != '"');
    if (q < p || q - p > 64)
        return Sv("\\");
    return Sv(p, size_t(q - p));
}

// k == literal, as an inlined compare (string_view's operator== calls memcmp for ordering).
template <size_t N> [[gnu::always_inline]] inline bool is(Sv k, const char (&literal)[N])
{
    return k.size() == N - 1 && std::memcmp(k.data(), literal, N - 1) == 0;
}

inline Sv lastSegment(Sv s, char sep)
{
    const size_t p = s.rfind(sep);
    return p == Sv::npos ? s : s.substr(p + 1);
}

// Twitter's `source` HTML anchor -> the client's name (tweetparser_entities.cpp).
static QString sourceName(Sv s);

/// Strings that recur across tweets (languages, client names): converted once, then shared.
class Interner
{
public:
    explicit Interner(QString (*make)(Sv))
        : m_make(make)
    { }
    QString get(Sv s)
    {
        if (s.empty())
            return m_make(s);
        if (m_last && *m_last == s) // runs of tweets in one language, from one client
            return m_lastValue;
        const auto it = m_map.find(s);
        if (it != m_map.end()) {
            m_last = &it->first;
            share(m_lastValue, it->second);
            return it->second;
        }
        if (m_map.size() >= 4096) { // bounded: a stream of distinct values only costs a conversion each
            m_last = nullptr;
            m_map.clear();
            m_keys.clear();
        }
        const QString value = m_make(s);
        const auto added = m_map.emplace(Sv(m_keys.emplace_back(s)), value).first;
        m_last = &added->first;
        share(m_lastValue, value);
        return value;
    }

private:
    QString (*m_make)(Sv);
    const Sv *m_last = nullptr; ///< the key found last (a map node: stable until clear())
    QString m_lastValue;
    std::deque<std::string> m_keys; ///< the map's keys (stable addresses)
    std::unordered_map<Sv, QString> m_map;
};

struct SharedStrings
{
    // One each: every tweet looks up a language and a client, and each interner's last hit only
    // saves the lookup while the same value repeats.
    Interner langs { qs };
    Interner clients { qs }; ///< v2 `source`, AS `generator`
    Interner anchors { sourceName }; ///< v1.1 `source` HTML anchors -> client names
};

// ---------- entities ----------

struct UrlEnt
{
    Sv url, expanded, unwound;
    Sv best() const { return !unwound.empty() ? unwound : !expanded.empty() ? expanded : url; }
};

using SvList = QVarLengthArray<Sv, 8>;

struct Entities
{
    bool present = false;
    SvList hashtags, cashtags, mentions, media, polls;
    QVarLengthArray<UrlEnt, 4> urls;
};

/// What every retweet of one tweet has alike ("RT @user: text", [user] + its mentions): built
/// for the first retweet of it on a page and shared by the others (v2 pages).
struct RetweetParts
{
    QString text;
    QStringList mentions;
    bool built = false;
};

// Combines what a tweet and its embedded (retweeted / quoted) tweets say, the same way for
// every format: type precedence, retweet text, all_text, entity merging.
struct Collected
{
    Sv id; ///< for the snowflake fallback of the creation time
    Sv text; ///< the best text the payload had (full text when it had it)
    Sv createdAt;
    Entities entities; ///< entities matching `text`
    Entities extendedEntities; ///< v1.1 extended_tweet.entities / AS long_object.twitter_entities
    SvList media, extendedMedia, rules;
    Sv inReplyToStatus, inReplyToUser, quotedIdOnly, retweetedIdOnly;
    Sv conversation; ///< v2 conversation_id (the others have none)
    const Tweet *retweeted = nullptr; ///< the retweeted tweet, when the payload has it
    const Tweet *quoted = nullptr;
    RetweetParts *retweetParts = nullptr; ///< of the retweeted tweet, when shared on the page
    bool isRetweetVerb = false; ///< AS is(verb, "share")
};

struct UserInfo
{
    Sv id, username, name;
    qint64 followers = 0;
    bool verified = false;
    bool present = false;
};

/// A user of a page's `includes`, with the QStrings built on first use and then shared by every
/// tweet of the page that the user wrote (implicit sharing: no allocation per tweet).
struct V2User
{
    UserInfo info;
    QString id, username, name;
    bool built = false;
    const QString &idString()
    {
        if (id.isEmpty())
            id = qs(info.id);
        return id;
    }
    /// The user's strings, in one block (see Utf16Block).
    void build()
    {
        if (built)
            return;
        built = true;
        Utf16Block block(qsizetype((id.isEmpty() ? info.id.size() : 0) + info.username.size() + info.name.size()), 3);
        if (id.isEmpty())
            id = block.add(info.id);
        username = block.add(info.username);
        name = block.add(info.name);
    }
};

struct V2Media
{
    Sv url; ///< url (photo) or preview_image_url (video, gif)
    QString text; ///< built on first use
};

struct V2Place
{
    Sv fullName, countryCode;
    QString full, country;
    bool built = false;
};

/// What a v2 tweet object says that needs the page's `includes` to become a Tweet. The tweet
/// objects of `data[]` come before `includes` in the page, so each one is read in the single
/// pass over the page into a Tweet plus this, and completed once `includes` has been read.
struct V2Pending
{
    Collected c;
    Sv authorId, placeId, firstMention;
    SvList mediaKeys, pollIds;
    bool sawTweetCount = false; ///< a counts bucket ({start, end, tweet_count}), not a tweet
    V2Pending() { } // not = default: emplace_back() would zero its ~2 KB of inline arrays first
};

/// A tweet of `includes.tweets`, read in the pass over the page like the data[] tweets and
/// completed the first time a page tweet refers to it (then shared by every retweet and quote
/// of it on the page).
struct IncludedTweet
{
    Tweet tweet;
    V2Pending pending;
    RetweetParts retweetParts;
    bool completed = false;
    IncludedTweet() { } // see V2Pending()
};

// Ids, media keys: hashed from their first, middle and last 8 bytes (snowflake ids differ there).
inline size_t hashKey(Sv s)
{
    uint64_t h = uint64_t(s.size()) * 0x9E3779B97F4A7C15ull;
    if (s.size() >= 8) {
        uint64_t a, b, c;
        std::memcpy(&a, s.data(), 8);
        std::memcpy(&b, s.data() + (s.size() - 8) / 2, 8);
        std::memcpy(&c, s.data() + s.size() - 8, 8);
        h = (h ^ a) * 0xff51afd7ed558ccdull;
        h = (h ^ b) * 0xc4ceb9fe1a85ec53ull;
        h = (h ^ c) * 0xff51afd7ed558ccdull;
    } else {
        for (char ch : s)
            h = (h ^ uint8_t(ch)) * 0x100000001b3ull;
    }
    return size_t(h ^ (h >> 31));
}

/**
 * A map from views to values for one page, cleared and refilled for every page without giving
 * its memory back (std::unordered_map allocates a node per entry: 2 allocations per tweet).
 * Open addressing, linear probing; a key inserted again replaces the value.
 */
template <typename V> class PageMap
{
public:
    V *find(Sv key)
    {
        if (m_entries.empty())
            return nullptr;
        for (size_t i = hashKey(key) & m_mask;; i = (i + 1) & m_mask) {
            const int32_t e = m_slots[i];
            if (e < 0)
                return nullptr;
            if (m_entries[size_t(e)].first == key)
                return &m_entries[size_t(e)].second;
        }
    }
    void insert_or_assign(Sv key, V value)
    {
        if (V *existing = find(key)) {
            *existing = std::move(value);
            return;
        }
        if ((m_entries.size() + 1) * 2 > m_slots.size())
            grow();
        m_entries.emplace_back(key, std::move(value));
        place(key, int32_t(m_entries.size() - 1));
    }
    void clear()
    {
        if (m_entries.empty())
            return;
        m_entries.clear();
        std::fill(m_slots.begin(), m_slots.end(), -1);
    }

private:
    void place(Sv key, int32_t entry)
    {
        size_t i = hashKey(key) & m_mask;
        while (m_slots[i] >= 0)
            i = (i + 1) & m_mask;
        m_slots[i] = entry;
    }
    void grow()
    {
        const size_t size = std::max<size_t>(64, m_slots.size() * 2);
        m_slots.assign(size, -1);
        m_mask = size - 1;
        for (size_t e = 0; e < m_entries.size(); ++e)
            place(m_entries[e].first, int32_t(e));
    }

    std::vector<std::pair<Sv, V>> m_entries;
    std::vector<int32_t> m_slots;
    size_t m_mask = 0;
};

/// A sequence of bytes that were not UTF-8, replaced with U+FFFD (EF BF BD) in the page's buffer.
struct InvalidBytes
{
    size_t at = 0; ///< offset of the U+FFFD in the buffer
    size_t original = 0; ///< offset of the bad bytes in the document as received
};

/// The `includes` of one v2 page, indexed by id. Views point into the page's buffers.
struct Includes
{
    PageMap<V2User> users;
    std::vector<IncludedTweet> tweets; ///< reused from page to page
    PageMap<size_t> tweetIndex; ///< id -> tweets[i]
    PageMap<V2Media> media; ///< by media_key
    PageMap<V2Place> places;
    PageMap<SvList> polls;
    /// When a page is read again after bytes that were not UTF-8 were replaced with U+FFFD:
    /// where (in the page's buffer). An included tweet holding one is left out.
    const std::vector<InvalidBytes> *invalid = nullptr;
    const char *base = nullptr; ///< the page's buffer, for those offsets
    std::vector<InvalidBytes> dropped; ///< the invalid bytes inside included tweets left out
    QList<ApiProblem> problems; ///< included tweets left out of the page, and why
    void clear()
    {
        users.clear();
        tweets.clear();
        tweetIndex.clear();
        media.clear();
        places.clear();
        polls.clear();
        dropped.clear();
        problems.clear();
    }
};

// ---------- entities and finish (tweetparser_entities.cpp) ----------

// Reads `[{"<key>": "..."}...]` into out.
static void readTagList(od::value v, Sv key, SvList &out);
// v1.1 / AS `extended_entities.media[].media_url_https` (v2 media come from includes).
static void readMedia(od::value v, SvList &out);
// v1.1 `entities` / AS `twitter_entities` / v2 `entities` (v2 names differ, both are read).
// hashtagKey: v1.1 and AS hashtags are {"text": ...}, v2 ones {"tag": ...}.
static void readEntities(od::value v, Entities &e, Sv hashtagKey = "text");
static void readMatchingRules(od::value v, SvList &out);
static std::optional<Coordinates> makeCoordinates(double lat, double lon);
// `{"type":"Point","coordinates":[a,b]}`: the pair, in the payload's order.
static bool readPoint(od::value v, double &a, double &b);
// Makes t from what the payload said (c): the same way for every format.
static void finish(Tweet &t, Collected &c, Sv firstMentionFallback);

// ---------- v1.1 "original" format and Gnip activity streams (tweetparser_original.cpp) ----------

static void parseOriginal(od::object o, Tweet &t, int depth, SharedStrings &strings);
/// t.co url -> the url the tweet shows for it, for the top-level gnip.urls to unwind later.
using UrlPairs = QVarLengthArray<std::pair<Sv, Sv>, 4>;
static void parseActivity(
    od::object o, Tweet &t, int depth, bool *hasActor, UrlPairs *urlPairs, SharedStrings &strings);

// ---------- X API v2 (tweetparser_v2.cpp) ----------

static void readIncludes(od::value v, Includes &inc, SharedStrings &strings);
/// Reads a v2 tweet object: the fields that need no includes go straight into t.
static void scanV2(od::object o, Tweet &t, V2Pending &p, SharedStrings &strings);
// The bytes of the object value v, from its '{' (start) to its '}', once it has been read to
// its end (the iterator then stands on the next token). No second walk over the object.
static Sv rawAfterReading(const char *start, od::value &v);

enum class Shape { Unknown, Original, Activity, V2Tweet, Bluesky };

// ---------- Bluesky (tweetparser_bluesky.cpp) ----------

/// Reads an app.bsky.feed.defs#postView into t (format Bluesky). False when it has no at:// URI.
static bool parseBluesky(od::object o, Tweet &t, SharedStrings &strings);

} // namespace ts::parsing

namespace ts {

struct TweetParser::Private
{
    parsing::od::parser parser; ///< the document
    /// The current document's padded copy. Every tweet's rawJson is a slice of it that shares
    /// its memory (no copy, no allocation per tweet); it lives as long as one of them does.
    QByteArray buffer;
    QByteArray shared; ///< the caller's document during parseInPlace()
    QByteArray *source = nullptr; ///< buffer or shared: what rawJson slices share
    /// Lets go of the document's views and of the caller's memory.
    void release();
    simdjson::error_code lastError = simdjson::SUCCESS; ///< of the last parseBuffer()
    /// The padded copy of the next document, size bytes (buffer, reused when no tweet holds it).
    char *padded(size_t size);
    /// Parses the document at buf (original: as the caller gave it), recovering a v2 page
    /// whose only fault is bytes that are not UTF-8.
    ParseResult run(QByteArrayView original, const char *buf, size_t size);
    ParseResult recoverUtf8(QByteArrayView original, ParseResult failed);
    parsing::Includes includes;
    /// How many tweets recent v2 pages had (pages come alike; the largest recent one wins, so that
    /// a page's tweet list is allocated once instead of grown and moved).
    qsizetype pageTweetsHint = 0;
    std::vector<parsing::V2Pending> pending; ///< of the current page's data[], parallel to its tweets
    parsing::SharedStrings strings;

    /// Parses the document in page (size bytes from buf, padded).
    ParseResult parseBuffer(const char *buf, size_t size);
    /// Set during parseAccountArchiveTweet(): the document is an account archive's element.
    const AccountOwner *owner = nullptr;
    ParsedDocument accountArchiveTweet(parsing::od::object root, const char *buf, size_t size);
    /// The bytes raw of the page as a QByteArray that shares the page's memory.
    QByteArray slice(parsing::Sv raw);
    /// Fills what needs the page's includes (author, media, place, polls, referenced tweets).
    void completeV2(Tweet &t, parsing::V2Pending &p, int depth, const parsing::SvList *pageRules);
    parsing::IncludedTweet *includedTweet(parsing::Sv id, int depth);
    /// Reads data[i] of a v2 page (i = elements - 1) into doc and pending.
    void scanV2Element(parsing::od::value ev, ParsedDocument &doc, int &elements, int &countBuckets);
    /// Reads one tweet object of a known shape (v1.1 or activity streams) into doc. raw: the
    /// object's bytes when known, else start is where it begins in the buffer and after is the
    /// value, for its end once read.
    void extractTweet(parsing::od::object o, ParsedDocument &doc, parsing::Shape shape, parsing::Sv raw,
        const char *start = nullptr, parsing::od::value *after = nullptr);
};

inline QByteArray TweetParser::Private::slice(parsing::Sv raw)
{
    if (raw.empty())
        return {};
    QByteArray::DataPointer shared = source->data_ptr(); // one more reference to the page's block
    shared.setBegin(const_cast<char *>(raw.data()));
    shared.size = qsizetype(raw.size());
    return QByteArray(std::move(shared));
}

} // namespace ts
