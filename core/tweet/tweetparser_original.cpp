// SPDX-License-Identifier: MIT
// Tweets of the v1.1 "original" format (with Gnip's enrichments) and of Gnip activity
// streams: both keep the same things under different names (FormatKeys).
#include "tweetparser_p.h"

namespace ts::parsing {

// ---------- v1.1 "original" format and Gnip activity streams ----------

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace ts::parsing
