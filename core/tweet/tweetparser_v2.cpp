// SPDX-License-Identifier: MIT
// X API v2: a page's `includes` (users, media, places, polls, included tweets), a tweet object
// read in the page's one pass (scanV2), and completed from the includes once they are read.
#include "tweetparser_p.h"

namespace ts::parsing {

namespace {

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

} // namespace

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

namespace {

ApiProblem brokenInclude(int index, Sv id, const QString &why)
{
    return { QStringLiteral("Invalid included tweet"),
        QStringLiteral("includes.tweets[%1] %2: left out of the page; the tweets that refer to it keep what "
                       "they have")
            .arg(index)
            .arg(why),
        {}, qs(id), {} };
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

} // namespace

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

} // namespace ts::parsing

namespace ts {

using namespace parsing;

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

} // namespace ts
