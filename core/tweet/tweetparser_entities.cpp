// SPDX-License-Identifier: MIT
// Entities (hashtags, cashtags, mentions, urls, media, polls, matching rules, places' points)
// and finish(): how what a tweet's payload said becomes a Tweet, the same for every format.
#include "tweetparser_p.h"

#include "tweettime.h"

namespace ts::parsing {

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

// ---------- text ----------

// The text of a tweet as its author typed it: the APIs send tweet text HTML-escaped, '&', '<'
// and '>' arrive as "&amp;", "&lt;" and "&gt;" (v1.1 text / full_text, activity streams body,
// v2 text and note_tweet.text; those three only, so "&amp;amp;" is a typed "&amp;"). The
// reference parser (tweet_parser) passes them through; we decode them (Utf16Block::addTweetText)
// because the text is read by people, in the table, the detail pane and CSV exports, where
// "AT&amp;T" is wrong (and the views escape again for HTML display where needed). rawJson
// stays as received.

// ---------- entities ----------

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

namespace {

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

} // namespace

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

namespace {

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

} // namespace

// v1.1 `entities` / AS `twitter_entities` / v2 `entities` (v2 names differ, both are read).
// hashtagKey: v1.1 and AS hashtags are {"text": ...}, v2 ones {"tag": ...}.
void readEntities(od::value v, Entities &e, Sv hashtagKey)
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

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace ts::parsing
