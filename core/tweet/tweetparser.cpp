// SPDX-License-Identifier: MIT
#include "tweetparser.h"

#include "tweettime.h"
#include "utf16block.h"

#include <QVarLengthArray>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

namespace ts {

namespace od = simdjson::ondemand;
static_assert(TweetParser::padding == qsizetype(simdjson::SIMDJSON_PADDING));

namespace {

using Sv = std::string_view;

QString qs(Sv s)
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

Sv str(od::value v)
{
    Sv s;
    if (v.get_string().get(s) != simdjson::SUCCESS)
        return {};
    return s;
}

// An id as text: a string as is, a number by its exact digits (never through a double).
Sv idText(od::value v)
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

qint64 num(od::value v)
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

bool boolean(od::value v)
{
    bool b = false;
    if (v.get_bool().get(b) != simdjson::SUCCESS)
        return false;
    return b;
}

bool asObject(od::value v, od::object &o)
{
    return v.get_object().get(o) == simdjson::SUCCESS;
}

bool asArray(od::value v, od::array &a)
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

Sv lastSegment(Sv s, char sep)
{
    const size_t p = s.rfind(sep);
    return p == Sv::npos ? s : s.substr(p + 1);
}

// Twitter's `source` is an HTML anchor: <a href="..." rel="nofollow">Twitter Web Client</a>.
QString sourceName(Sv s)
{
    if (s.empty() || s.front() != '<')
        return qs(s);
    const size_t open = s.find('>');
    if (open == Sv::npos)
        return qs(s);
    const size_t close = s.find('<', open + 1);
    QString name = qs(s.substr(open + 1, close == Sv::npos ? Sv::npos : close - open - 1));
    if (name.contains(QLatin1Char('&'))) {
        name.replace(QLatin1String("&amp;"), QLatin1String("&"));
        name.replace(QLatin1String("&lt;"), QLatin1String("<"));
        name.replace(QLatin1String("&gt;"), QLatin1String(">"));
        name.replace(QLatin1String("&quot;"), QLatin1String("\""));
        name.replace(QLatin1String("&#39;"), QLatin1String("'"));
    }
    return name;
}

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

// ---------- text ----------

// The text of a tweet as its author typed it: the APIs send tweet text HTML-escaped, '&', '<'
// and '>' arrive as "&amp;", "&lt;" and "&gt;" (v1.1 text / full_text, activity streams body,
// v2 text and note_tweet.text; those three only, so "&amp;amp;" is a typed "&amp;"). The
// reference parser (tweet_parser) passes them through; we decode them (Utf16Block::addTweetText)
// because the text is read by people, in the table, the detail pane and CSV exports, where
// "AT&amp;T" is wrong (and the views escape again for HTML display where needed). rawJson
// stays as received.

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

// Reads `[{"<key>": "..."}...]` into out.
void readTagList(od::value v, Sv key, SvList &out)
{
    od::array a;
    if (!asArray(v, a))
        return;
    for (od::value e : a) {
        od::object o;
        if (!asObject(e, o))
            continue;
        for (od::field f : o) {
            if (keyOf(f) == key) {
                Sv s = str(f.value());
                if (!s.empty())
                    out.push_back(s);
            }
        }
    }
}

void readUrls(od::value v, Entities &e)
{
    od::array a;
    if (!asArray(v, a))
        return;
    for (od::value ev : a) {
        od::object o;
        if (!asObject(ev, o))
            continue;
        UrlEnt u;
        for (od::field f : o) {
            const Sv k = keyOf(f);
            if (is(k, "url"))
                u.url = str(f.value());
            else if (is(k, "expanded_url"))
                u.expanded = str(f.value());
            else if (is(k, "unwound_url"))
                u.unwound = str(f.value());
            else if (is(k, "unwound")) {
                od::object uo;
                if (asObject(f.value(), uo)) {
                    for (od::field uf : uo) {
                        if (is(keyOf(uf), "url"))
                            u.unwound = str(uf.value());
                    }
                }
            }
        }
        if (!u.best().empty())
            e.urls.push_back(u);
    }
}

// v1.1 / AS `extended_entities.media[].media_url_https` (v2 media come from includes).
void readMedia(od::value v, SvList &out)
{
    od::object o;
    if (!asObject(v, o))
        return;
    for (od::field f : o) {
        if (!is(keyOf(f), "media"))
            continue;
        od::array a;
        if (!asArray(f.value(), a))
            continue;
        for (od::value ev : a) {
            od::object m;
            if (!asObject(ev, m))
                continue;
            Sv https, http;
            for (od::field mf : m) {
                const Sv k = keyOf(mf);
                if (is(k, "media_url_https"))
                    https = str(mf.value());
                else if (is(k, "media_url"))
                    http = str(mf.value());
            }
            if (!https.empty())
                out.push_back(https);
            else if (!http.empty())
                out.push_back(http);
        }
    }
}

// v1.1 `entities.polls[].options[].text`.
void readPolls(od::value v, SvList &out)
{
    od::array a;
    if (!asArray(v, a))
        return;
    for (od::value pv : a) {
        od::object p;
        if (!asObject(pv, p))
            continue;
        for (od::field f : p) {
            if (is(keyOf(f), "options"))
                readTagList(f.value(), "text", out);
        }
    }
}

// v1.1 `entities` / AS `twitter_entities` / v2 `entities` (v2 names differ, both are read).
// hashtagKey: v1.1 and AS hashtags are {"text": ...}, v2 ones {"tag": ...}.
void readEntities(od::value v, Entities &e, Sv hashtagKey = "text")
{
    od::object o;
    if (!asObject(v, o))
        return;
    e.present = true;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "hashtags"))
            readTagList(f.value(), hashtagKey, e.hashtags);
        else if (is(k, "user_mentions"))
            readTagList(f.value(), "screen_name", e.mentions);
        else if (is(k, "urls"))
            readUrls(f.value(), e);
        else if (is(k, "symbols"))
            readTagList(f.value(), "text", e.cashtags);
        else if (is(k, "polls"))
            readPolls(f.value(), e.polls);
        else if (is(k, "mentions"))
            readTagList(f.value(), "username", e.mentions);
        else if (is(k, "cashtags"))
            readTagList(f.value(), "tag", e.cashtags);
    }
}

void readMatchingRules(od::value v, SvList &out)
{
    od::array a;
    if (!asArray(v, a))
        return;
    for (od::value rv : a) {
        od::object r;
        if (!asObject(rv, r))
            continue;
        Sv tag, value, id;
        for (od::field f : r) {
            const Sv k = keyOf(f);
            if (is(k, "tag"))
                tag = str(f.value());
            else if (is(k, "value"))
                value = str(f.value());
            else if (is(k, "id"))
                id = idText(f.value());
        }
        if (!tag.empty())
            out.push_back(tag);
        else if (!value.empty())
            out.push_back(value);
        else if (!id.empty())
            out.push_back(id);
    }
}

QStringList toList(const SvList &l, Utf16Block &block)
{
    QStringList out;
    if (l.isEmpty())
        return out;
    out.reserve(l.size());
    for (Sv s : l)
        out.append(block.add(s));
    return out;
}

void appendUnique(QStringList &list, const QString &s)
{
    if (!s.isEmpty() && !list.contains(s))
        list.append(s);
}

// GeoJSON point: [lon, lat]. v1.1 `geo`: [lat, lon]. Returns true when two finite numbers were read.
bool readPair(od::value v, double &a, double &b)
{
    od::array arr;
    if (!asArray(v, arr))
        return false;
    int n = 0;
    double vals[2] = { 0, 0 };
    for (od::value ev : arr) {
        double d;
        if (ev.get_double().get(d) != simdjson::SUCCESS)
            return false;
        if (n < 2)
            vals[n] = d;
        ++n;
    }
    if (n != 2)
        return false;
    a = vals[0];
    b = vals[1];
    return a == a && b == b;
}

std::optional<Coordinates> makeCoordinates(double lat, double lon)
{
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
        return std::nullopt;
    return Coordinates { lat, lon };
}

// `{"type":"Point","coordinates":[a,b]}`: the pair, in the payload's order.
bool readPoint(od::value v, double &a, double &b)
{
    od::object o;
    if (!asObject(v, o))
        return false;
    bool ok = false;
    for (od::field f : o) {
        if (is(keyOf(f), "coordinates"))
            ok = readPair(f.value(), a, b);
    }
    return ok;
}

QString joinAllText(const QString &userText, const QString &embedded, const SvList &polls)
{
    if (embedded.isEmpty() && polls.isEmpty())
        return userText; // most tweets: shared, no copy
    QString all;
    all.reserve(userText.size() + 1 + embedded.size() + polls.size() * 32); // one allocation, no regrowth
    all += userText;
    const auto add = [&all](const QString &part) {
        if (part.isEmpty())
            return;
        if (!all.isEmpty())
            all += QLatin1Char('\n');
        all += part;
    };
    add(embedded);
    for (Sv p : polls)
        add(qs(p));
    return all;
}

QString retweetText(const Tweet &rt, Sv fallbackUser, const QString &ownText)
{
    const QString user = !rt.authorUsername.isEmpty() ? rt.authorUsername : qs(fallbackUser);
    if (user.isEmpty() || rt.text.isEmpty())
        return ownText;
    QString text;
    text.reserve(6 + user.size() + rt.text.size());
    text += QLatin1String("RT @");
    text += user;
    text += QLatin1String(": ");
    text += rt.text;
    return text;
}

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

// utf8 == s, without converting utf8 when it is ASCII (urls, usernames, ids).
bool sameText(Sv utf8, const QString &s)
{
    if (qsizetype(utf8.size()) < s.size())
        return false;
    const QChar *u = s.constData();
    for (size_t i = 0; i < utf8.size(); ++i) {
        const auto c = quint8(utf8[i]);
        if (c >= 0x80)
            return qs(utf8) == s;
        if (qsizetype(i) >= s.size() || u[i].unicode() != c)
            return false;
    }
    return qsizetype(utf8.size()) == s.size();
}

// Whether the urls (by their best form) are the first ones of list, in order.
bool isPrefixOf(const QVarLengthArray<UrlEnt, 4> &urls, const QStringList &list)
{
    if (urls.size() > list.size())
        return false;
    for (qsizetype i = 0; i < urls.size(); ++i) {
        if (!sameText(urls[i].best(), list[i]))
            return false;
    }
    return true;
}

void finish(Tweet &t, Collected &c, Sv firstMentionFallback)
{
    if (auto ms = parseTweetTimestamp(c.createdAt))
        t.createdAtMs = *ms;
    else if (auto sf = snowflakeTimestamp(c.id))
        t.createdAtMs = *sf;

    const Entities &ents = c.extendedEntities.present ? c.extendedEntities : c.entities;
    const SvList &media = !c.extendedMedia.isEmpty() ? c.extendedMedia : c.media;
    const bool isRetweet = c.retweeted || !c.retweetedIdOnly.empty();
    // A retweet's own text is truncated ("RT @x: ...…"): rebuilt below from the full text.
    const bool rebuildsText = c.retweeted && !c.retweeted->text.isEmpty()
        && (!c.retweeted->authorUsername.isEmpty() || !ents.mentions.isEmpty() || !firstMentionFallback.empty());
    const bool sharesConversation = c.conversation.empty() || c.conversation == c.id;
    // A v2 retweet's own (truncated) urls are most often the first of the retweeted tweet's:
    // then the merged list below is the retweeted tweet's, shared, and nothing is converted here.
    const bool ownUrls = !(c.retweetParts && isPrefixOf(ents.urls, c.retweeted->urls));
    const bool ownTags = !c.retweeted; // a retweet takes its original's, shared
    const bool ownMedia = t.mediaUrls.isEmpty(); // v2 tweets have them from includes already

    // The strings this tweet has alone go into one block: their sizes first.
    qsizetype bytes = 0, count = 0;
    const auto need = [&bytes, &count](Sv s) {
        bytes += qsizetype(s.size());
        count += s.empty() ? 0 : 1;
    };
    const auto needAll = [&need](const SvList &l) {
        for (Sv s : l)
            need(s);
    };
    const bool ownId = t.id.isEmpty(); // v2: made here (v1.1 and activity streams have it already)
    if (ownId)
        need(c.id);
    if (!rebuildsText)
        need(c.text);
    need(c.inReplyToStatus);
    if (t.inReplyToUserId.isEmpty())
        need(c.inReplyToUser);
    if (!sharesConversation)
        need(c.conversation);
    needAll(c.rules);
    if (!c.quoted)
        need(c.quotedIdOnly);
    if (ownUrls)
        for (const UrlEnt &u : ents.urls)
            need(u.best());
    if (ownMedia)
        needAll(media);
    if (ownTags) {
        need(c.retweetedIdOnly);
        needAll(ents.hashtags);
        needAll(ents.cashtags);
        needAll(ents.mentions);
    } else if (!ents.mentions.isEmpty()) {
        need(ents.mentions.front());
    }
    Utf16Block block(bytes, count);
    if (ownId)
        t.id = block.add(c.id);

    if (!rebuildsText)
        t.text = block.addTweetText(c.text);
    t.inReplyToStatusId = block.add(c.inReplyToStatus);
    if (t.inReplyToUserId.isEmpty()) // v2 has it from includes when the user is there
        t.inReplyToUserId = block.add(c.inReplyToUser);
    if (!c.conversation.empty())
        t.conversationId = sharesConversation ? t.id : block.add(c.conversation); // most: the id's
    t.matchingRules = toList(c.rules, block);

    if (c.quoted) {
        share(t.quotedId, c.quoted->id);
        share(t.quotedText, c.quoted->text);
    } else if (!c.quotedIdOnly.empty()) {
        t.quotedId = block.add(c.quotedIdOnly);
    }

    if (ownUrls) {
        t.urls.reserve(ents.urls.size());
        for (const UrlEnt &u : ents.urls)
            appendUnique(t.urls, block.add(u.best()));
    }
    if (ownMedia)
        t.mediaUrls = toList(media, block);

    if (isRetweet) {
        t.type = TweetType::Retweet;
        if (c.retweeted) {
            const Tweet &rt = *c.retweeted;
            share(t.retweetedId, rt.id);
            share(t.retweetedText, rt.text);
            share(t.retweetedAuthorId, rt.authorId);
            // Text and mentions depend on the retweeted tweet alone when it has its author and
            // text: then every retweet of it on the page shares them.
            RetweetParts *shared = !rt.authorUsername.isEmpty() && !rt.text.isEmpty() ? c.retweetParts : nullptr;
            if (shared && shared->built) {
                share(t.text, shared->text);
                t.mentions = shared->mentions;
            } else {
                // The retweet's own text is truncated ("RT @x: ...…"); rebuild it from the full text.
                t.text
                    = retweetText(rt, !ents.mentions.isEmpty() ? ents.mentions.front() : firstMentionFallback, t.text);
                t.mentions.clear();
                t.mentions.reserve(1 + rt.mentions.size());
                if (!rt.authorUsername.isEmpty())
                    t.mentions.append(rt.authorUsername);
                else if (!ents.mentions.isEmpty())
                    t.mentions.append(block.add(ents.mentions.front()));
                for (const QString &m : rt.mentions)
                    t.mentions.append(m);
                if (shared)
                    *shared = { t.text, t.mentions, true };
            }
            t.hashtags = rt.hashtags;
            t.cashtags = rt.cashtags;
            if (t.urls.isEmpty() && c.retweetParts) // v2: rt.urls has no duplicates
                t.urls = rt.urls;
            else
                for (const QString &u : rt.urls)
                    appendUnique(t.urls, u);
            if (t.mediaUrls.isEmpty())
                t.mediaUrls = rt.mediaUrls;
            if (t.quotedId.isEmpty()) {
                share(t.quotedId, rt.quotedId);
                share(t.quotedText, rt.quotedText);
            }
            share(t.allText, rt.text);
        } else {
            t.retweetedId = block.add(c.retweetedIdOnly);
            t.hashtags = toList(ents.hashtags, block);
            t.cashtags = toList(ents.cashtags, block);
            t.mentions = toList(ents.mentions, block);
            t.allText = t.text;
        }
    } else {
        t.hashtags = toList(ents.hashtags, block);
        t.cashtags = toList(ents.cashtags, block);
        t.mentions = toList(ents.mentions, block);
        if (!t.quotedId.isEmpty())
            t.type = TweetType::Quote;
        else if (!t.inReplyToStatusId.isEmpty())
            t.type = TweetType::Reply;
        if (c.quoted) {
            for (const QString &u : c.quoted->urls)
                appendUnique(t.urls, u);
        }
        t.allText = joinAllText(t.text, t.quotedText, ents.polls);
    }
}

// ---------- v1.1 "original" format and Gnip activity streams ----------

/// The names under which the v1.1 "original" format and Gnip activity streams keep the same things.
struct FormatKeys
{
    Sv entities, extendedMedia; ///< "entities" / "twitter_entities", "extended_entities" / ...
    Sv extended, extendedText; ///< the long-tweet object and its full text
    Sv lang, likes, retweets;
    Sv username, name, followers; ///< in `user` / `actor`
    bool activity; ///< AS ids are "tag:search.twitter.com,2005:<id>" strings
};

constexpr FormatKeys originalKeys { "entities", "extended_entities", "extended_tweet", "full_text", "lang",
    "favorite_count", "retweet_count", "screen_name", "name", "followers_count", false };
constexpr FormatKeys activityKeys { "twitter_entities", "twitter_extended_entities", "long_object", "body",
    "twitter_lang", "favoritesCount", "retweetCount", "preferredUsername", "displayName", "followersCount", true };

[[gnu::always_inline]] inline bool same(Sv a, Sv b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
}

struct UserInfo
{
    Sv id, username, name;
    qint64 followers = 0;
    bool verified = false;
    bool present = false;
};

// v1.1 `user` / AS `actor`. (keys as a template argument: its names are compared as constants.)
template <const FormatKeys &keys> void readUser(od::value v, UserInfo &u)
{
    od::object o;
    if (!asObject(v, o))
        return;
    u.present = true;
    Sv numericId;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id")) {
            if (keys.activity)
                u.id = lastSegment(str(f.value()), ':');
            else
                numericId = idText(f.value());
        } else if (!keys.activity && is(k, "id_str"))
            u.id = str(f.value());
        else if (same(k, keys.username))
            u.username = str(f.value());
        else if (same(k, keys.name))
            u.name = str(f.value());
        else if (same(k, keys.followers))
            u.followers = num(f.value());
        else if (is(k, "verified"))
            u.verified = boolean(f.value());
    }
    if (u.id.empty())
        u.id = numericId;
}

/// The fields both formats have, under their names in keys. Returns false for any other field.
template <const FormatKeys &keys>
bool readCommonField(Sv k, od::field &f, Tweet &t, Collected &c, Sv &extendedText, SharedStrings &strings)
{
    if (same(k, keys.entities)) {
        readEntities(f.value(), c.entities);
    } else if (same(k, keys.extendedMedia)) {
        readMedia(f.value(), c.media);
    } else if (same(k, keys.extended)) {
        od::object ext;
        if (!asObject(f.value(), ext))
            return true;
        for (od::field ef : ext) {
            const Sv ek = keyOf(ef);
            if (same(ek, keys.extendedText))
                extendedText = str(ef.value());
            else if (same(ek, keys.entities))
                readEntities(ef.value(), c.extendedEntities);
            else if (same(ek, keys.extendedMedia))
                readMedia(ef.value(), c.extendedMedia);
        }
    } else if (same(k, keys.lang)) {
        const Sv l = str(f.value());
        if (!is(l, "und"))
            t.lang = strings.langs.get(l);
    } else if (same(k, keys.likes)) {
        t.likeCount = num(f.value());
    } else if (same(k, keys.retweets)) {
        t.retweetCount = num(f.value());
    } else {
        return false;
    }
    return true;
}

void fillUser(Tweet &t, const UserInfo &u)
{
    Utf16Block block(qsizetype(u.id.size() + u.username.size() + u.name.size()), 3);
    t.authorId = block.add(u.id);
    t.authorUsername = block.add(u.username);
    t.authorName = block.add(u.name);
    t.authorFollowers = u.followers;
    t.authorVerified = u.verified;
}

void readPlace(od::value v, Tweet &t, Sv nameKey, Sv countryKey)
{
    od::object o;
    if (!asObject(v, o))
        return;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (k == nameKey)
            t.placeFullName = qs(str(f.value()));
        else if (k == countryKey)
            t.placeCountryCode = qs(str(f.value()));
    }
}

void parseOriginal(od::object o, Tweet &t, int depth, SharedStrings &strings);

std::optional<Tweet> parseEmbeddedOriginal(od::value v, int depth, SharedStrings &strings)
{
    od::object o;
    if (depth >= maxEmbedDepth || !asObject(v, o))
        return std::nullopt;
    Tweet t;
    t.format = TweetFormat::Original;
    parseOriginal(o, t, depth + 1, strings);
    if (t.id.isEmpty())
        return std::nullopt;
    return t;
}

void parseOriginal(od::object o, Tweet &t, int depth, SharedStrings &strings)
{
    Collected c;
    std::optional<Tweet> retweeted, quoted;
    Sv idStr, idNum, text, fullText, extendedText;
    UserInfo user;
    bool haveGeo = false, haveCoordinates = false;
    double geoA = 0, geoB = 0, coA = 0, coB = 0;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id_str"))
            idStr = str(f.value());
        else if (is(k, "id"))
            idNum = idText(f.value());
        else if (is(k, "text"))
            text = str(f.value());
        else if (is(k, "full_text"))
            fullText = str(f.value());
        else if (is(k, "created_at"))
            c.createdAt = str(f.value());
        else if (is(k, "user"))
            readUser<originalKeys>(f.value(), user);
        else if (readCommonField<originalKeys>(k, f, t, c, extendedText, strings))
            continue;
        else if (is(k, "reply_count"))
            t.replyCount = num(f.value());
        else if (is(k, "quote_count"))
            t.quoteCount = num(f.value());
        else if (is(k, "in_reply_to_status_id_str"))
            c.inReplyToStatus = str(f.value());
        else if (is(k, "in_reply_to_status_id") && c.inReplyToStatus.empty())
            c.inReplyToStatus = idText(f.value());
        else if (is(k, "in_reply_to_user_id_str"))
            c.inReplyToUser = str(f.value());
        else if (is(k, "in_reply_to_user_id") && c.inReplyToUser.empty())
            c.inReplyToUser = idText(f.value());
        else if (is(k, "retweeted_status")) {
            retweeted = parseEmbeddedOriginal(f.value(), depth, strings);
        } else if (is(k, "quoted_status")) {
            quoted = parseEmbeddedOriginal(f.value(), depth, strings);
        } else if (is(k, "quoted_status_id_str"))
            c.quotedIdOnly = str(f.value());
        else if (is(k, "source"))
            t.source = strings.anchors.get(str(f.value()));
        else if (is(k, "geo"))
            haveGeo = readPoint(f.value(), geoA, geoB);
        else if (is(k, "coordinates"))
            haveCoordinates = readPoint(f.value(), coA, coB);
        else if (is(k, "place"))
            readPlace(f.value(), t, "full_name", "country_code");
        else if (is(k, "matching_rules"))
            readMatchingRules(f.value(), c.rules);
    }
    c.id = !idStr.empty() ? idStr : idNum;
    t.id = qs(c.id);
    fillUser(t, user);
    c.text = !extendedText.empty() ? extendedText : !fullText.empty() ? fullText : text;
    if (haveGeo) // deprecated `geo`: [lat, lon]
        t.coordinates = makeCoordinates(geoA, geoB);
    else if (haveCoordinates) // GeoJSON: [lon, lat]
        t.coordinates = makeCoordinates(coB, coA);
    c.retweeted = retweeted ? &*retweeted : nullptr;
    c.quoted = quoted ? &*quoted : nullptr;
    finish(t, c, {});
}

// ---------- Gnip activity streams ----------

/// t.co url -> the url the tweet shows for it, for the top-level gnip.urls to unwind later.
using UrlPairs = QVarLengthArray<std::pair<Sv, Sv>, 4>;

void parseActivity(od::object o, Tweet &t, int depth, bool *hasActor, UrlPairs *urlPairs, SharedStrings &strings);

std::optional<Tweet> parseEmbeddedActivity(od::value v, int depth, UrlPairs *urlPairs, SharedStrings &strings)
{
    od::object o;
    if (depth >= maxEmbedDepth || !asObject(v, o))
        return std::nullopt;
    Tweet t;
    t.format = TweetFormat::ActivityStreams;
    bool hasActor = false;
    parseActivity(o, t, depth + 1, &hasActor, urlPairs, strings);
    // A plain post's `object` is the note itself (no actor): not an embedded tweet.
    if (t.id.isEmpty() || !hasActor)
        return std::nullopt;
    return t;
}

struct GnipUrl
{
    Sv url, expanded;
};

void parseActivity(od::object o, Tweet &t, int depth, bool *hasActor, UrlPairs *urlPairs, SharedStrings &strings)
{
    UrlPairs embeddedUrls; // of the retweeted and quoted tweets: Gnip unwinds them at the top level only
    Collected c;
    Sv body, longBody, verb;
    UserInfo actor;
    std::optional<Tweet> object, retweeted, quoted;
    QVarLengthArray<GnipUrl, 4> gnipUrls;
    bool haveGeo = false;
    double geoA = 0, geoB = 0;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id"))
            c.id = lastSegment(str(f.value()), ':');
        else if (is(k, "body"))
            body = str(f.value());
        else if (is(k, "postedTime"))
            c.createdAt = str(f.value());
        else if (is(k, "verb"))
            verb = str(f.value());
        else if (is(k, "actor"))
            readUser<activityKeys>(f.value(), actor);
        else if (readCommonField<activityKeys>(k, f, t, c, longBody, strings))
            continue;
        else if (is(k, "object"))
            object = parseEmbeddedActivity(f.value(), depth, &embeddedUrls, strings);
        else if (is(k, "twitter_quoted_status"))
            quoted = parseEmbeddedActivity(f.value(), depth, &embeddedUrls, strings);
        else if (is(k, "inReplyTo")) {
            od::object r;
            if (!asObject(f.value(), r))
                continue;
            for (od::field rf : r) {
                if (is(keyOf(rf), "link"))
                    c.inReplyToStatus = lastSegment(str(rf.value()), '/');
            }
        } else if (is(k, "generator")) {
            od::object g;
            if (!asObject(f.value(), g))
                continue;
            for (od::field gf : g) {
                if (is(keyOf(gf), "displayName"))
                    t.source = strings.clients.get(str(gf.value()));
            }
        } else if (is(k, "geo"))
            haveGeo = readPoint(f.value(), geoA, geoB);
        else if (is(k, "location"))
            readPlace(f.value(), t, "displayName", "twitter_country_code");
        else if (is(k, "gnip")) {
            od::object g;
            if (!asObject(f.value(), g))
                continue;
            for (od::field gf : g) {
                const Sv gk = keyOf(gf);
                if (is(gk, "matching_rules"))
                    readMatchingRules(gf.value(), c.rules);
                else if (is(gk, "urls")) {
                    od::array a;
                    if (!asArray(gf.value(), a))
                        continue;
                    for (od::value uv : a) {
                        od::object uo;
                        if (!asObject(uv, uo))
                            continue;
                        GnipUrl gu;
                        for (od::field uf : uo) {
                            const Sv uk = keyOf(uf);
                            if (is(uk, "url"))
                                gu.url = str(uf.value());
                            else if (is(uk, "expanded_url"))
                                gu.expanded = str(uf.value());
                        }
                        gnipUrls.push_back(gu);
                    }
                }
            }
        }
    }
    t.id = qs(c.id);
    if (hasActor)
        *hasActor = actor.present;
    fillUser(t, actor);
    c.text = !longBody.empty() ? longBody : body;
    if (haveGeo) // Gnip keeps the deprecated v1.1 `geo`: [lat, lon]
        t.coordinates = makeCoordinates(geoA, geoB);
    // gnip.urls is the unwinding enrichment, keyed by the t.co url.
    for (Entities *e : { &c.entities, &c.extendedEntities }) {
        for (UrlEnt &u : e->urls) {
            for (const GnipUrl &g : gnipUrls) {
                if (!g.expanded.empty() && g.url == u.url) {
                    u.unwound = g.expanded;
                    break;
                }
            }
        }
    }
    if (is(verb, "share")) {
        c.isRetweetVerb = true;
        retweeted = std::move(object);
    }
    if (!gnipUrls.isEmpty() && !embeddedUrls.isEmpty()) {
        for (std::optional<Tweet> *e : { &retweeted, &quoted }) {
            if (!*e)
                continue;
            for (const auto &[tco, shown] : embeddedUrls) {
                for (const GnipUrl &g : gnipUrls) {
                    if (g.url == tco && !g.expanded.empty() && g.expanded != shown) {
                        const qsizetype i = (*e)->urls.indexOf(qs(shown));
                        if (i >= 0)
                            (*e)->urls[i] = qs(g.expanded);
                    }
                }
            }
        }
    }
    if (urlPairs) {
        for (const Entities *e : { &c.entities, &c.extendedEntities }) {
            for (const UrlEnt &u : e->urls)
                urlPairs->push_back({ u.url, u.best() });
        }
        urlPairs->append(embeddedUrls.constBegin(), embeddedUrls.size());
    }
    c.retweeted = retweeted ? &*retweeted : nullptr;
    c.quoted = quoted ? &*quoted : nullptr;
    finish(t, c, {});
}

// ---------- X API v2 ----------

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
size_t hashKey(Sv s)
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

void readV2User(od::object o, Includes &inc)
{
    UserInfo u;
    u.present = true;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id"))
            u.id = idText(f.value());
        else if (is(k, "username"))
            u.username = str(f.value());
        else if (is(k, "name"))
            u.name = str(f.value());
        else if (is(k, "verified"))
            u.verified = boolean(f.value());
        else if (is(k, "public_metrics")) {
            od::object m;
            if (!asObject(f.value(), m))
                continue;
            for (od::field mf : m) {
                if (is(keyOf(mf), "followers_count"))
                    u.followers = num(mf.value());
            }
        }
    }
    if (!u.id.empty())
        inc.users.insert_or_assign(u.id, V2User { u, {}, {}, {}, false });
}

void readV2Media(od::object o, Includes &inc)
{
    Sv key, url, preview;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "media_key"))
            key = str(f.value());
        else if (is(k, "url"))
            url = str(f.value());
        else if (is(k, "preview_image_url"))
            preview = str(f.value());
    }
    if (!key.empty())
        inc.media.insert_or_assign(key, V2Media { !url.empty() ? url : preview, {} });
}

void readV2Place(od::object o, Includes &inc)
{
    Sv id;
    V2Place p;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id"))
            id = str(f.value());
        else if (is(k, "full_name"))
            p.fullName = str(f.value());
        else if (is(k, "country_code"))
            p.countryCode = str(f.value());
    }
    if (!id.empty())
        inc.places.insert_or_assign(id, p);
}

void readV2Poll(od::object o, Includes &inc)
{
    Sv id;
    SvList options;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id"))
            id = idText(f.value());
        else if (is(k, "options"))
            readTagList(f.value(), "label", options);
    }
    if (!id.empty())
        inc.polls.insert_or_assign(id, options);
}

// The bytes of the object value v, from its '{' (start) to its '}', once it has been read to
// its end (the iterator then stands on the next token). No second walk over the object.
Sv rawAfterReading(const char *start, od::value &v)
{
    const char *end = nullptr;
    if (v.current_location().get(end) != simdjson::SUCCESS || end <= start)
        return {};
    size_t n = size_t(end - start);
    while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\n' || start[n - 1] == '\r' || start[n - 1] == '\t'))
        --n;
    // end is the token after the object: ',' ']' or '}' with only whitespace before it.
    return n > 0 && start[n - 1] == '}' ? Sv(start, n) : Sv();
}

void scanV2(od::object o, Tweet &t, V2Pending &p, SharedStrings &strings);

ApiProblem brokenInclude(int index, Sv id, const QString &why)
{
    return { QStringLiteral("Invalid included tweet"),
        QStringLiteral("includes.tweets[%1] %2: left out of the page; the tweets that refer to it keep what "
                       "they have")
            .arg(index)
            .arg(why),
        {}, qs(id) };
}

// An included tweet that cannot be trusted is left out of the page and reported (like the API's
// partial errors), instead of failing the page: its referring tweets keep their own fields.
void readIncludedTweet(od::value ev, Includes &inc, SharedStrings &strings, int index)
{
    od::object e;
    if (!asObject(ev, e)) {
        inc.problems.append(brokenInclude(index, {}, QStringLiteral("is not an object")));
        return;
    }
    const char *start = ev.raw_json_token().data();
    IncludedTweet &included = inc.tweets.emplace_back();
    included.tweet.format = TweetFormat::V2;
    scanV2(e, included.tweet, included.pending, strings);
    if (included.pending.c.id.empty()) {
        inc.tweets.pop_back();
        inc.problems.append(brokenInclude(index, {}, QStringLiteral("has no id")));
        return;
    }
    if (inc.invalid) { // the page is being recovered: does this tweet hold replaced bytes?
        const Sv raw = rawAfterReading(start, ev);
        const size_t from = size_t(raw.data() - inc.base), to = from + raw.size();
        const InvalidBytes *first = nullptr;
        for (const InvalidBytes &bad : *inc.invalid) {
            if (bad.at >= from && bad.at < to) {
                inc.dropped.push_back(bad);
                first = first ? first : &bad;
            }
        }
        if (first) {
            const Sv id = included.pending.c.id;
            inc.tweets.pop_back();
            inc.problems.append(brokenInclude(index, id,
                QStringLiteral("holds bytes that are not UTF-8 (at byte %1 of the page)").arg(first->original)));
            return;
        }
    }
    inc.tweetIndex.insert_or_assign(included.pending.c.id, inc.tweets.size() - 1);
}

void readIncludes(od::value v, Includes &inc, SharedStrings &strings)
{
    od::object o;
    if (!asObject(v, o))
        return;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        od::array a;
        if (!asArray(f.value(), a))
            continue;
        const int which = is(k, "users") ? 0
            : is(k, "tweets")            ? 1
            : is(k, "media")             ? 2
            : is(k, "places")            ? 3
            : is(k, "polls")             ? 4
                                         : -1;
        if (which < 0)
            continue;
        int index = 0;
        for (od::value ev : a) {
            if (which == 1) {
                readIncludedTweet(ev, inc, strings, index++);
                continue;
            }
            od::object e;
            if (!asObject(ev, e))
                continue;
            switch (which) {
            case 0:
                readV2User(e, inc);
                break;
            case 2:
                readV2Media(e, inc);
                break;
            case 3:
                readV2Place(e, inc);
                break;
            case 4:
                readV2Poll(e, inc);
                break;
            }
        }
    }
}

/// Reads a v2 tweet object: the fields that need no includes go straight into t.
void scanV2(od::object o, Tweet &t, V2Pending &p, SharedStrings &strings)
{
    Collected &c = p.c;
    Sv text, noteText, replyTo, conversation;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "id"))
            c.id = idText(f.value());
        else if (is(k, "text"))
            text = str(f.value());
        else if (is(k, "tweet_count"))
            p.sawTweetCount = true;
        else if (is(k, "created_at"))
            c.createdAt = str(f.value());
        else if (is(k, "author_id"))
            p.authorId = idText(f.value());
        else if (is(k, "entities"))
            readEntities(f.value(), c.entities, "tag");
        else if (is(k, "note_tweet")) {
            od::object n;
            if (!asObject(f.value(), n))
                continue;
            for (od::field nf : n) {
                const Sv nk = keyOf(nf);
                if (is(nk, "text"))
                    noteText = str(nf.value());
                else if (is(nk, "entities"))
                    readEntities(nf.value(), c.extendedEntities, "tag");
            }
        } else if (is(k, "lang")) {
            const Sv l = str(f.value());
            if (!is(l, "und"))
                t.lang = strings.langs.get(l);
        } else if (is(k, "public_metrics")) {
            od::object m;
            if (!asObject(f.value(), m))
                continue;
            for (od::field mf : m) {
                const Sv mk = keyOf(mf);
                if (is(mk, "like_count"))
                    t.likeCount = num(mf.value());
                else if (is(mk, "retweet_count"))
                    t.retweetCount = num(mf.value());
                else if (is(mk, "reply_count"))
                    t.replyCount = num(mf.value());
                else if (is(mk, "quote_count"))
                    t.quoteCount = num(mf.value());
            }
        } else if (is(k, "referenced_tweets")) {
            od::array a;
            if (!asArray(f.value(), a))
                continue;
            for (od::value rv : a) {
                od::object r;
                if (!asObject(rv, r))
                    continue;
                Sv type, id;
                for (od::field xf : r) {
                    const Sv xk = keyOf(xf);
                    if (is(xk, "type"))
                        type = str(xf.value());
                    else if (is(xk, "id"))
                        id = idText(xf.value());
                }
                if (is(type, "retweeted"))
                    c.retweetedIdOnly = id;
                else if (is(type, "quoted"))
                    c.quotedIdOnly = id;
                else if (is(type, "replied_to"))
                    replyTo = id;
            }
        } else if (is(k, "in_reply_to_user_id"))
            c.inReplyToUser = idText(f.value());
        else if (is(k, "conversation_id"))
            conversation = idText(f.value());
        else if (is(k, "source"))
            t.source = strings.clients.get(str(f.value()));
        else if (is(k, "attachments")) {
            od::object a;
            if (!asObject(f.value(), a))
                continue;
            for (od::field af : a) {
                const Sv ak = keyOf(af);
                if (!is(ak, "media_keys") && !is(ak, "poll_ids"))
                    continue;
                od::array list;
                if (!asArray(af.value(), list))
                    continue;
                SvList &target = is(ak, "media_keys") ? p.mediaKeys : p.pollIds;
                for (od::value lv : list) {
                    const Sv s = idText(lv);
                    if (!s.empty())
                        target.push_back(s);
                }
            }
        } else if (is(k, "geo")) {
            od::object g;
            if (!asObject(f.value(), g))
                continue;
            for (od::field gf : g) {
                const Sv gk = keyOf(gf);
                double lon = 0, lat = 0;
                if (is(gk, "coordinates")) {
                    if (readPoint(gf.value(), lon, lat)) // GeoJSON: [lon, lat]
                        t.coordinates = makeCoordinates(lat, lon);
                } else if (is(gk, "place_id"))
                    p.placeId = str(gf.value());
            }
        } else if (is(k, "matching_rules"))
            readMatchingRules(f.value(), c.rules);
    }
    c.conversation = conversation; // t.id and t.conversationId are made in finish()
    c.text = !noteText.empty() ? noteText : text;
    c.inReplyToStatus = replyTo;
    if (!c.entities.mentions.isEmpty())
        p.firstMention = c.entities.mentions.front();
}

} // namespace

// ---------- the parser ----------

namespace {
enum class Shape { Unknown, Original, Activity, V2Tweet };
}

struct TweetParser::Private
{
    od::parser parser; ///< the document
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
    Includes includes;
    /// How many tweets recent v2 pages had (pages come alike; the largest recent one wins, so that
    /// a page's tweet list is allocated once instead of grown and moved).
    qsizetype pageTweetsHint = 0;
    std::vector<V2Pending> pending; ///< of the current page's data[], parallel to its tweets
    SharedStrings strings;

    /// Parses the document in page (size bytes from buf, padded).
    ParseResult parseBuffer(const char *buf, size_t size);
    /// The bytes raw of the page as a QByteArray that shares the page's memory.
    QByteArray slice(Sv raw);
    /// Fills what needs the page's includes (author, media, place, polls, referenced tweets).
    void completeV2(Tweet &t, V2Pending &p, int depth, const SvList *pageRules);
    IncludedTweet *includedTweet(Sv id, int depth);
    /// Reads data[i] of a v2 page (i = elements - 1) into doc and pending.
    void scanV2Element(od::value ev, ParsedDocument &doc, int &elements, int &countBuckets);
    /// Reads one tweet object of a known shape (v1.1 or activity streams) into doc. raw: the
    /// object's bytes when known, else start is where it begins in the buffer and after is the
    /// value, for its end once read.
    void extractTweet(od::object o, ParsedDocument &doc, Shape shape, Sv raw, const char *start = nullptr,
        od::value *after = nullptr);
};

IncludedTweet *TweetParser::Private::includedTweet(Sv id, int depth)
{
    if (depth >= 1)
        return nullptr;
    const size_t *index = includes.tweetIndex.find(id);
    if (!index)
        return nullptr;
    IncludedTweet &included = includes.tweets[*index];
    if (!included.completed) {
        included.completed = true;
        completeV2(included.tweet, included.pending, depth + 1, nullptr);
    }
    return &included;
}

void TweetParser::Private::completeV2(Tweet &t, V2Pending &p, int depth, const SvList *pageRules)
{
    Collected &c = p.c;
    if (V2User *u = includes.users.find(p.authorId)) {
        V2User &user = *u;
        user.build();
        share(t.authorId, user.id);
        share(t.authorUsername, user.username);
        share(t.authorName, user.name);
        t.authorFollowers = user.info.followers;
        t.authorVerified = user.info.verified;
    } else {
        t.authorId = qs(p.authorId);
    }
    if (!c.inReplyToUser.empty()) {
        if (V2User *replied = includes.users.find(c.inReplyToUser))
            share(t.inReplyToUserId, replied->idString());
    }
    if (!p.mediaKeys.isEmpty()) {
        t.mediaUrls.reserve(p.mediaKeys.size());
        for (Sv key : p.mediaKeys) {
            V2Media *m = includes.media.find(key);
            if (!m || m->url.empty())
                continue;
            if (m->text.isEmpty())
                m->text = qs(m->url);
            t.mediaUrls.append(m->text);
        }
    }
    if (!p.placeId.empty()) {
        if (V2Place *pl = includes.places.find(p.placeId)) {
            V2Place &place = *pl;
            if (!place.built) {
                place.built = true;
                place.full = qs(place.fullName);
                place.country = qs(place.countryCode);
            }
            share(t.placeFullName, place.full);
            share(t.placeCountryCode, place.country);
        }
    }
    for (Sv id : p.pollIds) {
        if (const SvList *pl = includes.polls.find(id)) {
            for (Sv opt : *pl)
                c.entities.polls.push_back(opt);
            if (c.extendedEntities.present)
                for (Sv opt : *pl)
                    c.extendedEntities.polls.push_back(opt);
        }
    }
    if (!c.retweetedIdOnly.empty()) {
        if (IncludedTweet *rt = includedTweet(c.retweetedIdOnly, depth)) {
            c.retweeted = &rt->tweet;
            c.retweetParts = &rt->retweetParts;
        }
    }
    if (!c.quotedIdOnly.empty()) {
        if (IncludedTweet *quoted = includedTweet(c.quotedIdOnly, depth))
            c.quoted = &quoted->tweet;
    }
    if (pageRules && c.rules.isEmpty())
        c.rules = *pageRules;
    finish(t, c, p.firstMention);
}

void TweetParser::Private::scanV2Element(od::value ev, ParsedDocument &doc, int &elements, int &countBuckets)
{
    ++elements;
    od::object o;
    if (!asObject(ev, o)) {
        doc.tweetErrors.append(QStringLiteral("data[%1] is not an object").arg(elements - 1));
        return;
    }
    const char *start = ev.raw_json_token().data();
    Tweet &t = doc.tweets.emplace_back();
    V2Pending &p = pending.emplace_back();
    t.format = TweetFormat::V2;
    scanV2(o, t, p, strings);
    if (p.c.id.empty()) {
        if (p.sawTweetCount)
            ++countBuckets; // a counts bucket ({start, end, tweet_count}), not a tweet
        else
            doc.tweetErrors.append(
                QStringLiteral("data[%1]: not a tweet: 'id' is empty or not a string").arg(elements - 1));
        doc.tweets.removeLast();
        pending.pop_back();
        return;
    }
    t.rawJson = slice(rawAfterReading(start, ev));
}

QByteArray TweetParser::Private::slice(Sv raw)
{
    if (raw.empty())
        return {};
    QByteArray::DataPointer shared = source->data_ptr(); // one more reference to the page's block
    shared.setBegin(const_cast<char *>(raw.data()));
    shared.size = qsizetype(raw.size());
    return QByteArray(std::move(shared));
}

namespace {

struct TopKeys
{
    bool data = false, includes = false, errors = false, meta = false, results = false, next = false;
    bool id = false, idIsString = false, idIsNumber = false, idStr = false, createdAt = false, postedTime = false;
    bool user = false, actor = false, text = false, fullText = false, body = false, verb = false;
    bool title = false, detail = false, type = false, error = false, objectType = false;
    bool createdAtV1 = false;
    bool timePeriod = false; ///< an Enterprise counts bucket
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
            {}, {} });
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
        // One pass over the top level: what the document is, and a v2 page's data[] (read
        // into tweets and pending), includes, errors and meta. data[] comes before includes,
        // so the tweets are completed from includes once the pass is over.
        TopKeys k;
        PageState page { &includes, &strings, &doc, {} };
        scanKeys(root, k, [this, &page, &doc](Sv key, od::field &f) {
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

        if (k.data || ((k.meta || k.errors) && !k.id && !k.idStr && !k.results && !(k.title && !k.meta))) {
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
        } else if (k.id || k.idStr) {
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
