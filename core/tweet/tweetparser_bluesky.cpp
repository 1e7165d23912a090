// SPDX-License-Identifier: MIT
// Bluesky posts: an app.bsky.feed.defs#postView (searchPosts' `posts[]`) into a Tweet, in one pass
// over the object (docs/bluesky.md, "PostView to Tweet").
#include "atproto.h"
#include "tweetparser_p.h"

namespace ts::parsing {

namespace {
namespace bsky {

struct Facet
{
    qint64 byteStart = -1, byteEnd = -1;
    Sv tag, mentionDid, link;
};

struct PostParts
{
    Sv uri, indexedAt, did, handle, displayName;
    Sv text, createdAt;
    SvList langs, tags, media;
    QVarLengthArray<Facet, 8> facets;
    Sv replyParent, replyRoot, quoteUri, quoteText, externalUri;
    qint64 likes = 0, reposts = 0, replies = 0, quotes = 0;
};

void readStrings(od::value v, SvList &out)
{
    od::array a;
    if (!asArray(v, a))
        return;
    for (od::value e : a) {
        const Sv s = str(e);
        if (!s.empty())
            out.append(s);
    }
}

Sv refUri(od::value v)
{
    // {"uri": ..., "cid": ...} (com.atproto.repo.strongRef)
    od::object o;
    if (!asObject(v, o))
        return {};
    for (od::field f : o) {
        if (is(keyOf(f), "uri"))
            return str(f.value());
    }
    return {};
}

void readFacets(od::value v, PostParts &p)
{
    od::array a;
    if (!asArray(v, a))
        return;
    for (od::value fv : a) {
        od::object fo;
        if (!asObject(fv, fo))
            continue;
        Facet facet;
        for (od::field f : fo) {
            const Sv k = keyOf(f);
            if (is(k, "index")) {
                od::object io;
                if (!asObject(f.value(), io))
                    continue;
                for (od::field i : io) {
                    const Sv ik = keyOf(i);
                    if (is(ik, "byteStart"))
                        facet.byteStart = num(i.value());
                    else if (is(ik, "byteEnd"))
                        facet.byteEnd = num(i.value());
                }
            } else if (is(k, "features")) {
                od::array features;
                if (!asArray(f.value(), features))
                    continue;
                for (od::value feature : features) {
                    od::object o;
                    if (!asObject(feature, o))
                        continue;
                    for (od::field ff : o) {
                        const Sv fk = keyOf(ff);
                        if (is(fk, "tag"))
                            facet.tag = str(ff.value());
                        else if (is(fk, "did"))
                            facet.mentionDid = str(ff.value());
                        else if (is(fk, "uri"))
                            facet.link = str(ff.value());
                    }
                }
            }
        }
        p.facets.append(facet);
    }
}

// The record's embed (app.bsky.embed.record / recordWithMedia / external): what it refers to.
void readRecordEmbed(od::value v, PostParts &p)
{
    od::object o;
    if (!asObject(v, o))
        return;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "record")) {
            // record: a strongRef (embed.record), or {record: strongRef} (recordWithMedia).
            od::object r;
            if (!asObject(f.value(), r))
                continue;
            for (od::field rf : r) {
                const Sv rk = keyOf(rf);
                if (is(rk, "uri"))
                    p.quoteUri = str(rf.value());
                else if (is(rk, "record"))
                    p.quoteUri = refUri(rf.value());
            }
        } else if (is(k, "external")) {
            p.externalUri = refUri(f.value());
        }
    }
}

void readRecord(od::value v, PostParts &p)
{
    od::object o;
    if (!asObject(v, o))
        return;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "text"))
            p.text = str(f.value());
        else if (is(k, "createdAt"))
            p.createdAt = str(f.value());
        else if (is(k, "langs"))
            readStrings(f.value(), p.langs);
        else if (is(k, "tags"))
            readStrings(f.value(), p.tags);
        else if (is(k, "facets"))
            readFacets(f.value(), p);
        else if (is(k, "embed"))
            readRecordEmbed(f.value(), p);
        else if (is(k, "reply")) {
            od::object r;
            if (!asObject(f.value(), r))
                continue;
            for (od::field rf : r) {
                const Sv rk = keyOf(rf);
                if (is(rk, "parent"))
                    p.replyParent = refUri(rf.value());
                else if (is(rk, "root"))
                    p.replyRoot = refUri(rf.value());
            }
        }
    }
}

// The view's embed: images (their URLs) and the quoted post's text.
void readViewEmbed(od::value v, PostParts &p, int depth)
{
    od::object o;
    if (!asObject(v, o) || depth > 3)
        return;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "images")) {
            od::array a;
            if (!asArray(f.value(), a))
                continue;
            for (od::value iv : a) {
                od::object io;
                if (!asObject(iv, io))
                    continue;
                for (od::field imf : io) {
                    if (is(keyOf(imf), "fullsize"))
                        p.media.append(str(imf.value()));
                }
            }
        } else if (is(k, "media")) {
            readViewEmbed(f.value(), p, depth + 1); // recordWithMedia#view
        } else if (is(k, "record")) {
            // record#view: {record: viewRecord}; recordWithMedia#view: {record: {record: viewRecord}}
            od::object r;
            if (!asObject(f.value(), r))
                continue;
            for (od::field rf : r) {
                const Sv rk = keyOf(rf);
                if (is(rk, "value")) {
                    od::object value;
                    if (!asObject(rf.value(), value))
                        continue;
                    for (od::field vf : value) {
                        if (is(keyOf(vf), "text"))
                            p.quoteText = str(vf.value());
                    }
                } else if (is(rk, "record")) {
                    od::object inner;
                    if (!asObject(rf.value(), inner))
                        continue;
                    for (od::field inf : inner) {
                        if (!is(keyOf(inf), "value"))
                            continue;
                        od::object value;
                        if (!asObject(inf.value(), value))
                            continue;
                        for (od::field vf : value) {
                            if (is(keyOf(vf), "text"))
                                p.quoteText = str(vf.value());
                        }
                    }
                }
            }
        }
    }
}

// The 64-bit key of a referenced post as a digit string; empty when uri is not a post's.
QString keyText(Sv uri)
{
    if (uri.empty())
        return {};
    const auto key = atproto::postKey(qs(uri), 0);
    return key ? QString::number(*key) : QString();
}

Sv authority(Sv uri)
{
    if (uri.size() < 6 || uri.substr(0, 5) != "at://")
        return {};
    const Sv rest = uri.substr(5);
    return rest.substr(0, rest.find('/'));
}

void addOnce(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value))
        list.append(value);
}

std::optional<qint64> blueskyTime(Sv s)
{
    if (auto ms = parseTweetTimestamp(s))
        return ms;
    // More than 3 fraction digits ("...:56.789123Z"): keep the milliseconds.
    const size_t dot = s.find('.');
    if (dot == Sv::npos || dot + 4 >= s.size())
        return std::nullopt;
    size_t end = dot + 1;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9')
        ++end;
    std::string shorter(s.substr(0, dot + 4));
    shorter.append(s.substr(end));
    return parseTweetTimestamp(shorter);
}

} // namespace bsky
} // namespace

/// Reads a PostView into t (format Bluesky). False when it has no at:// URI of a post.
static bool parseBluesky(od::object o, Tweet &t, SharedStrings &strings)
{
    using namespace bsky;
    PostParts p;
    for (od::field f : o) {
        const Sv k = keyOf(f);
        if (is(k, "uri")) {
            p.uri = str(f.value());
        } else if (is(k, "author")) {
            od::object a;
            if (!asObject(f.value(), a))
                continue;
            for (od::field af : a) {
                const Sv ak = keyOf(af);
                if (is(ak, "did"))
                    p.did = str(af.value());
                else if (is(ak, "handle"))
                    p.handle = str(af.value());
                else if (is(ak, "displayName"))
                    p.displayName = str(af.value());
            }
        } else if (is(k, "record")) {
            readRecord(f.value(), p);
        } else if (is(k, "embed")) {
            readViewEmbed(f.value(), p, 0);
        } else if (is(k, "indexedAt")) {
            p.indexedAt = str(f.value());
        } else if (is(k, "likeCount")) {
            p.likes = num(f.value());
        } else if (is(k, "repostCount")) {
            p.reposts = num(f.value());
        } else if (is(k, "replyCount")) {
            p.replies = num(f.value());
        } else if (is(k, "quoteCount")) {
            p.quotes = num(f.value());
        }
    }
    t.format = TweetFormat::Bluesky;
    if (auto ms = blueskyTime(p.createdAt))
        t.createdAtMs = *ms;
    else if (auto indexed = blueskyTime(p.indexedAt))
        t.createdAtMs = *indexed;
    const auto key = atproto::postKey(qs(p.uri), t.createdAtMs);
    if (!key)
        return false;
    t.id = QString::number(*key);
    t.text = qs(p.text);
    t.authorId = qs(p.did.empty() ? authority(p.uri) : p.did);
    t.authorUsername = qs(p.handle);
    t.authorName = qs(p.displayName);
    if (!p.langs.isEmpty() && p.langs.front() != "und")
        t.lang = strings.langs.get(p.langs.front());
    t.likeCount = p.likes;
    t.retweetCount = p.reposts;
    t.replyCount = p.replies;
    t.quoteCount = p.quotes;

    for (const Facet &facet : std::as_const(p.facets)) {
        if (!facet.tag.empty())
            addOnce(t.hashtags, qs(facet.tag));
        if (!facet.link.empty())
            addOnce(t.urls, qs(facet.link));
        if (!facet.mentionDid.empty()) {
            // The handle as the text shows it ("@alice.example.com"), else the DID.
            Sv shown;
            if (facet.byteStart >= 0 && facet.byteEnd > facet.byteStart && size_t(facet.byteEnd) <= p.text.size())
                shown = p.text.substr(size_t(facet.byteStart), size_t(facet.byteEnd - facet.byteStart));
            if (!shown.empty() && shown.front() == '@')
                shown.remove_prefix(1);
            addOnce(t.mentions, qs(shown.empty() ? facet.mentionDid : shown));
        }
    }
    for (Sv tag : std::as_const(p.tags))
        addOnce(t.hashtags, qs(tag));
    if (!p.externalUri.empty())
        addOnce(t.urls, qs(p.externalUri));
    for (Sv m : std::as_const(p.media))
        addOnce(t.mediaUrls, qs(m));

    // A reply that quotes is a quote (as for tweets: quote > reply).
    if (!p.replyParent.empty()) {
        t.type = TweetType::Reply;
        t.inReplyToStatusId = keyText(p.replyParent);
        t.inReplyToUserId = qs(authority(p.replyParent));
        t.conversationId = keyText(p.replyRoot.empty() ? p.replyParent : p.replyRoot);
    }
    if (!p.quoteUri.empty() && p.quoteUri.find("/app.bsky.feed.post/") != Sv::npos) {
        t.type = TweetType::Quote;
        t.quotedId = keyText(p.quoteUri);
        t.quotedText = qs(p.quoteText);
    }
    t.allText = t.quotedText.isEmpty() ? t.text : t.text + u'\n' + t.quotedText;
    return true;
}

} // namespace ts::parsing
