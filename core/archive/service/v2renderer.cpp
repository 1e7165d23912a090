// SPDX-License-Identifier: MIT
#include "v2renderer.h"

#include "jsonwriter.h"
#include "tweetentities.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace ts::archive::v2 {

using namespace Qt::StringLiterals;

QString isoTime(qint64 ms)
{
    // By hand: QDateTime::toString(format) parses its format on every call, and a page
    // writes hundreds of these.
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    const QDate d = t.date();
    const QTime c = t.time();
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year(), d.month(), d.day(),
        c.hour(), c.minute(), c.second(), c.msec());
    return QString::fromLatin1(buf, n);
}

namespace {

void writeSpans(JsonWriter &w, const char *name, const QList<EntitySpan> &list, const char *valueKey)
{
    if (list.isEmpty())
        return;
    w.key(name).beginArray();
    for (const EntitySpan &s : list)
        w.beginObject().field("start", s.start).field("end", s.end).field(valueKey, s.value).endObject();
    w.endArray();
}

/// "example.com/path" shortened as the API displays it: no scheme, at most 26 characters.
QString displayUrl(const QString &url)
{
    qsizetype from = 0;
    if (url.startsWith(u"https://"_s))
        from = 8;
    else if (url.startsWith(u"http://"_s))
        from = 7;
    QString display = url.mid(from);
    if (display.size() > 26)
        display = display.left(25) + QChar(0x2026);
    return display;
}

void writeUrlSpans(JsonWriter &w, const QList<EntitySpan> &list)
{
    if (list.isEmpty())
        return;
    w.key("urls").beginArray();
    for (const EntitySpan &s : list) {
        w.beginObject()
            .field("start", s.start)
            .field("end", s.end)
            .field("url", s.shortUrl)
            .field("expanded_url", s.value)
            .field("display_url", displayUrl(s.value))
            .endObject();
    }
    w.endArray();
}

/// A stable place id from its name (the archive keeps names, not Twitter's place ids).
QString placeId(const Tweet &t)
{
    return QString::fromLatin1(
        QCryptographicHash::hash((t.placeFullName + u'|' + t.placeCountryCode).toUtf8(), QCryptographicHash::Sha1)
            .toHex()
            .left(16));
}

QString mediaKey(const Tweet &t, qsizetype i)
{
    return QString(u"3_"_s + t.id + u'_' + QString::number(i));
}

/// Field names, looked up once per page instead of once per tweet.
struct TweetFieldSet
{
    bool createdAt, authorId, conversationId, lang, source, inReplyTo, metrics, refs, entities, attachments, geo;

    explicit TweetFieldSet(const QSet<QString> &f)
        : createdAt(f.contains(u"created_at"_s))
        , authorId(f.contains(u"author_id"_s))
        , conversationId(f.contains(u"conversation_id"_s))
        , lang(f.contains(u"lang"_s))
        , source(f.contains(u"source"_s))
        , inReplyTo(f.contains(u"in_reply_to_user_id"_s))
        , metrics(f.contains(u"public_metrics"_s))
        , refs(f.contains(u"referenced_tweets"_s))
        , entities(f.contains(u"entities"_s))
        , attachments(f.contains(u"attachments"_s))
        , geo(f.contains(u"geo"_s))
    { }
};

void writeTweet(JsonWriter &w, const Tweet &t, const TweetFieldSet &f)
{
    w.beginObject().field("id", t.id).field("text", t.text);
    w.key("edit_history_tweet_ids").beginArray().value(t.id).endArray();
    if (f.createdAt)
        w.field("created_at", isoTime(t.createdAtMs));
    if (f.authorId && !t.authorId.isEmpty())
        w.field("author_id", t.authorId);
    if (f.conversationId)
        w.field("conversation_id", t.conversationId.isEmpty() ? t.id : t.conversationId);
    if (f.lang)
        w.key("lang").value(t.lang.isEmpty() ? u"und"_s : t.lang);
    if (f.source && !t.source.isEmpty())
        w.field("source", t.source);
    if (f.inReplyTo && !t.inReplyToUserId.isEmpty())
        w.field("in_reply_to_user_id", t.inReplyToUserId);
    if (f.metrics) {
        w.key("public_metrics")
            .beginObject()
            .field("retweet_count", t.retweetCount)
            .field("reply_count", t.replyCount)
            .field("like_count", t.likeCount)
            .field("quote_count", t.quoteCount)
            .endObject();
    }
    if (f.refs && (!t.retweetedId.isEmpty() || !t.quotedId.isEmpty() || !t.inReplyToStatusId.isEmpty())) {
        w.key("referenced_tweets").beginArray();
        const std::pair<const char *, const QString *> refs[]
            = { { "retweeted", &t.retweetedId }, { "quoted", &t.quotedId }, { "replied_to", &t.inReplyToStatusId } };
        for (const auto &[type, id] : refs) {
            if (!id->isEmpty())
                w.beginObject().field("type", QLatin1StringView(type)).field("id", *id).endObject();
        }
        w.endArray();
    }
    if (f.entities) {
        const TweetEntities e = TweetEntities::locate(t.text, t);
        if (!e.hashtags.isEmpty() || !e.cashtags.isEmpty() || !e.mentions.isEmpty() || !e.urls.isEmpty()) {
            w.key("entities").beginObject();
            writeSpans(w, "hashtags", e.hashtags, "tag");
            writeSpans(w, "cashtags", e.cashtags, "tag");
            writeSpans(w, "mentions", e.mentions, "username");
            writeUrlSpans(w, e.urls);
            w.endObject();
        }
    }
    if (f.attachments && !t.mediaUrls.isEmpty()) {
        w.key("attachments").beginObject().key("media_keys").beginArray();
        for (qsizetype i = 0; i < t.mediaUrls.size(); ++i)
            w.value(mediaKey(t, i));
        w.endArray().endObject();
    }
    if (f.geo && (t.coordinates || !t.placeFullName.isEmpty())) {
        w.key("geo").beginObject();
        if (t.coordinates) {
            w.key("coordinates").beginObject().field("type", "Point"_L1);
            w.key("coordinates").beginArray().value(t.coordinates->lon).value(t.coordinates->lat).endArray();
            w.endObject();
        }
        if (!t.placeFullName.isEmpty())
            w.field("place_id", placeId(t));
        w.endObject();
    }
    w.endObject();
}

void writeUser(JsonWriter &w, const Tweet &t, bool verified, bool metrics)
{
    w.beginObject().field("id", t.authorId).field("name", t.authorName).field("username", t.authorUsername);
    if (verified)
        w.field("verified", t.authorVerified);
    if (metrics)
        w.key("public_metrics").beginObject().field("followers_count", t.authorFollowers).endObject();
    w.endObject();
}

bool idLess(const QString &a, const QString &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

} // namespace

QByteArray renderTweet(const Tweet &t, const QSet<QString> &tweetFields)
{
    JsonWriter w(1024);
    writeTweet(w, t, TweetFieldSet(tweetFields));
    return w.take();
}

QByteArray renderUser(const Tweet &t, const QSet<QString> &userFields)
{
    JsonWriter w(256);
    writeUser(w, t, userFields.contains(u"verified"_s), userFields.contains(u"public_metrics"_s));
    return w.take();
}

namespace {

/// `data` (an array, or one object with singleData; absent when there are no tweets) and
/// `includes` of a page, into an object the caller opened and closes. Search and lookup
/// answer with the same tweets and includes for the same fields and expansions.
void writeDataAndIncludes(JsonWriter &page, const QList<StoredTweet> &tweets, const V2Fields &fields, bool singleData,
    QString *newestId, QString *oldestId)
{
    // Expansions need the fields they expand, whatever tweet.fields said.
    QSet<QString> tf = fields.tweetFields;
    const QSet<QString> &ex = fields.expansions;
    const bool expandAuthors = ex.contains(u"author_id"_s);
    const bool expandRefs = ex.contains(u"referenced_tweets.id"_s);
    const bool expandMedia = ex.contains(u"attachments.media_keys"_s);
    const bool expandPlaces = ex.contains(u"geo.place_id"_s);
    if (expandAuthors)
        tf.insert(u"author_id"_s);
    if (expandRefs || ex.contains(u"referenced_tweets.id.author_id"_s))
        tf.insert(u"referenced_tweets"_s);
    if (expandMedia)
        tf.insert(u"attachments"_s);
    if (expandPlaces)
        tf.insert(u"geo"_s);
    if (ex.contains(u"in_reply_to_user_id"_s))
        tf.insert(u"in_reply_to_user_id"_s);
    const TweetFieldSet f(tf);
    const bool userVerified = fields.userFields.contains(u"verified"_s);
    const bool userMetrics = fields.userFields.contains(u"public_metrics"_s);

    // includes.* are written into their own buffers while data[] is written, then joined.
    JsonWriter users(qsizetype(tweets.size()) * 160), refTweets(4096), media(1024), places(512);
    users.beginArray();
    refTweets.beginArray();
    media.beginArray();
    places.beginArray();
    bool anyUser = false, anyRef = false, anyMedia = false, anyPlace = false;
    QSet<QString> seenUsers, seenTweets, seenPlaces;
    QHash<QString, const Tweet *> pageTweets;
    pageTweets.reserve(tweets.size());
    QString newest, oldest;
    for (const StoredTweet &st : tweets)
        pageTweets.insert(st.tweet.id, &st.tweet);

    const bool dataArray = !tweets.isEmpty() && !singleData;
    if (!tweets.isEmpty())
        page.key("data");
    if (dataArray)
        page.beginArray();
    for (const StoredTweet &st : tweets) {
        const Tweet &t = st.tweet;
        if (st.rawFormat == TweetFormat::V2 && !t.rawJson.isEmpty())
            page.raw(t.rawJson);
        else
            writeTweet(page, t, f);
        if (newest.isEmpty() || idLess(newest, t.id))
            newest = t.id;
        if (oldest.isEmpty() || idLess(t.id, oldest))
            oldest = t.id;

        if (expandAuthors && !t.authorId.isEmpty() && !seenUsers.contains(t.authorId)) {
            seenUsers.insert(t.authorId);
            writeUser(users, t, userVerified, userMetrics);
            anyUser = true;
        }
        if (expandRefs) {
            // Retweeted and quoted tweets: in full when the page has them, else the id and
            // text the archive keeps with the tweet that references them.
            const std::pair<const QString *, const QString *> refs[]
                = { { &t.retweetedId, &t.retweetedText }, { &t.quotedId, &t.quotedText } };
            for (const auto &[id, text] : refs) {
                if (id->isEmpty() || seenTweets.contains(*id))
                    continue;
                seenTweets.insert(*id);
                anyRef = true;
                if (const Tweet *inPage = pageTweets.value(*id)) {
                    writeTweet(refTweets, *inPage, f);
                } else {
                    refTweets.beginObject().field("id", *id).field("text", *text);
                    refTweets.key("edit_history_tweet_ids").beginArray().value(*id).endArray().endObject();
                }
            }
        }
        if (expandMedia) {
            for (qsizetype i = 0; i < t.mediaUrls.size(); ++i) {
                media.beginObject()
                    .field("media_key", mediaKey(t, i))
                    .field("type", "photo"_L1)
                    .field("url", t.mediaUrls[i])
                    .endObject();
                anyMedia = true;
            }
        }
        if (expandPlaces && !t.placeFullName.isEmpty()) {
            const QString pid = placeId(t);
            if (!seenPlaces.contains(pid)) {
                seenPlaces.insert(pid);
                places.beginObject().field("id", pid).field("full_name", t.placeFullName);
                if (!t.placeCountryCode.isEmpty())
                    places.field("country_code", t.placeCountryCode);
                places.endObject();
                anyPlace = true;
            }
        }
    }
    if (dataArray)
        page.endArray();

    if (anyUser || anyRef || anyMedia || anyPlace) {
        page.key("includes").beginObject();
        const std::tuple<const char *, bool, JsonWriter *> parts[] = { { "users", anyUser, &users },
            { "tweets", anyRef, &refTweets }, { "media", anyMedia, &media }, { "places", anyPlace, &places } };
        for (const auto &[name, any, part] : parts) {
            if (any)
                page.key(name).raw(part->endArray().take());
        }
        page.endObject();
    }
    *newestId = newest;
    *oldestId = oldest;
}

} // namespace

QByteArray renderSearchPage(const QList<StoredTweet> &tweets, const V2Fields &fields, const QString &nextToken)
{
    JsonWriter page(qsizetype(tweets.size()) * 1200 + 512);
    QString newest, oldest;
    page.beginObject();
    writeDataAndIncludes(page, tweets, fields, false, &newest, &oldest);
    page.key("meta").beginObject().field("result_count", int(tweets.size()));
    if (!tweets.isEmpty())
        page.field("newest_id", newest).field("oldest_id", oldest);
    if (!nextToken.isEmpty())
        page.field("next_token", nextToken);
    page.endObject().endObject();
    return page.take();
}

QByteArray renderLookupPage(
    const QList<StoredTweet> &found, const QStringList &missingIds, const V2Fields &fields, bool single)
{
    JsonWriter page(qsizetype(found.size()) * 1200 + qsizetype(missingIds.size()) * 320 + 256);
    QString newest, oldest;
    page.beginObject();
    writeDataAndIncludes(page, found.mid(0, single ? 1 : found.size()), fields, single, &newest, &oldest);
    if (!missingIds.isEmpty()) {
        // One resource-not-found problem per id, as the real lookup answers deleted and unknown ids.
        const QLatin1StringView parameter = single ? "id"_L1 : "ids"_L1;
        page.key("errors").beginArray();
        for (const QString &id : missingIds) {
            page.beginObject()
                .field("value", id)
                .field("detail", u"Could not find tweet with %1: [%2]."_s.arg(parameter, id))
                .field("title", "Not Found Error"_L1)
                .field("resource_type", "tweet"_L1)
                .field("parameter", parameter)
                .field("resource_id", id)
                .field("type", "https://api.twitter.com/2/problems/resource-not-found"_L1)
                .endObject();
        }
        page.endArray();
    }
    page.endObject();
    return page.take();
}

QByteArray renderCountsPage(const QList<CountBucket> &buckets, const QString &nextToken)
{
    JsonWriter w(qsizetype(buckets.size()) * 96 + 64);
    qint64 total = 0;
    w.beginObject();
    if (!buckets.isEmpty()) {
        w.key("data").beginArray();
        for (const CountBucket &b : buckets) {
            w.beginObject()
                .field("end", isoTime(b.endMs))
                .field("start", isoTime(b.startMs))
                .field("tweet_count", qint64(b.count))
                .endObject();
            total += b.count;
        }
        w.endArray();
    }
    w.key("meta").beginObject().field("total_tweet_count", total);
    if (!nextToken.isEmpty())
        w.field("next_token", nextToken);
    w.endObject();
    w.endObject();
    return w.take();
}

} // namespace ts::archive::v2
