// SPDX-License-Identifier: MIT
#include "v2renderer.h"

#include "tweetentities.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ts::archive::v2 {

using namespace Qt::StringLiterals;

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s);
}

namespace {

QJsonArray spans(const QList<EntitySpan> &list, const QString &key)
{
    QJsonArray a;
    for (const EntitySpan &s : list)
        a.append(QJsonObject { { u"start"_s, s.start }, { u"end"_s, s.end }, { key, s.value } });
    return a;
}

QJsonArray urlSpans(const QList<EntitySpan> &list)
{
    QJsonArray a;
    for (const EntitySpan &s : list) {
        QString display = s.value;
        display.remove(QRegularExpression(u"^https?://"_s));
        if (display.size() > 26)
            display = display.left(25) + QChar(0x2026);
        a.append(QJsonObject { { u"start"_s, s.start }, { u"end"_s, s.end }, { u"url"_s, s.shortUrl },
            { u"expanded_url"_s, s.value }, { u"display_url"_s, display } });
    }
    return a;
}

} // namespace

/// A stable place id from its name (the archive keeps names, not Twitter's place ids).
static QString placeId(const Tweet &t)
{
    return QString::fromLatin1(
        QCryptographicHash::hash((t.placeFullName + u'|' + t.placeCountryCode).toUtf8(), QCryptographicHash::Sha1)
            .toHex()
            .left(16));
}

static QString mediaKey(const Tweet &t, qsizetype i)
{
    return QString(u"3_"_s + t.id + u'_' + QString::number(i));
}

QJsonObject renderTweet(const Tweet &t, const QSet<QString> &f)
{
    QJsonObject o { { u"id"_s, t.id }, { u"text"_s, t.text }, { u"edit_history_tweet_ids"_s, QJsonArray { t.id } } };
    if (f.contains(u"created_at"_s))
        o.insert(u"created_at"_s, isoTime(t.createdAtMs));
    if (f.contains(u"author_id"_s) && !t.authorId.isEmpty())
        o.insert(u"author_id"_s, t.authorId);
    if (f.contains(u"conversation_id"_s))
        o.insert(u"conversation_id"_s, t.conversationId.isEmpty() ? t.id : t.conversationId);
    if (f.contains(u"lang"_s))
        o.insert(u"lang"_s, t.lang.isEmpty() ? u"und"_s : t.lang);
    if (f.contains(u"source"_s) && !t.source.isEmpty())
        o.insert(u"source"_s, t.source);
    if (f.contains(u"in_reply_to_user_id"_s) && !t.inReplyToUserId.isEmpty())
        o.insert(u"in_reply_to_user_id"_s, t.inReplyToUserId);
    if (f.contains(u"public_metrics"_s)) {
        o.insert(u"public_metrics"_s,
            QJsonObject { { u"retweet_count"_s, t.retweetCount }, { u"reply_count"_s, t.replyCount },
                { u"like_count"_s, t.likeCount }, { u"quote_count"_s, t.quoteCount } });
    }
    if (f.contains(u"referenced_tweets"_s)) {
        QJsonArray refs;
        if (!t.retweetedId.isEmpty())
            refs.append(QJsonObject { { u"type"_s, u"retweeted"_s }, { u"id"_s, t.retweetedId } });
        if (!t.quotedId.isEmpty())
            refs.append(QJsonObject { { u"type"_s, u"quoted"_s }, { u"id"_s, t.quotedId } });
        if (!t.inReplyToStatusId.isEmpty())
            refs.append(QJsonObject { { u"type"_s, u"replied_to"_s }, { u"id"_s, t.inReplyToStatusId } });
        if (!refs.isEmpty())
            o.insert(u"referenced_tweets"_s, refs);
    }
    if (f.contains(u"entities"_s)) {
        const TweetEntities e = TweetEntities::locate(t.text, t);
        QJsonObject ent;
        if (!e.hashtags.isEmpty())
            ent.insert(u"hashtags"_s, spans(e.hashtags, u"tag"_s));
        if (!e.cashtags.isEmpty())
            ent.insert(u"cashtags"_s, spans(e.cashtags, u"tag"_s));
        if (!e.mentions.isEmpty())
            ent.insert(u"mentions"_s, spans(e.mentions, u"username"_s));
        if (!e.urls.isEmpty())
            ent.insert(u"urls"_s, urlSpans(e.urls));
        if (!ent.isEmpty())
            o.insert(u"entities"_s, ent);
    }
    if (f.contains(u"attachments"_s) && !t.mediaUrls.isEmpty()) {
        QJsonArray keys;
        for (qsizetype i = 0; i < t.mediaUrls.size(); ++i)
            keys.append(mediaKey(t, i));
        o.insert(u"attachments"_s, QJsonObject { { u"media_keys"_s, keys } });
    }
    if (f.contains(u"geo"_s) && (t.coordinates || !t.placeFullName.isEmpty())) {
        QJsonObject geo;
        if (t.coordinates) {
            geo.insert(u"coordinates"_s,
                QJsonObject { { u"type"_s, u"Point"_s },
                    { u"coordinates"_s, QJsonArray { t.coordinates->lon, t.coordinates->lat } } });
        }
        if (!t.placeFullName.isEmpty())
            geo.insert(u"place_id"_s, placeId(t));
        o.insert(u"geo"_s, geo);
    }
    return o;
}

QJsonObject renderUser(const Tweet &t, const QSet<QString> &f)
{
    QJsonObject u { { u"id"_s, t.authorId }, { u"name"_s, t.authorName }, { u"username"_s, t.authorUsername } };
    if (f.contains(u"verified"_s))
        u.insert(u"verified"_s, t.authorVerified);
    if (f.contains(u"public_metrics"_s))
        u.insert(u"public_metrics"_s, QJsonObject { { u"followers_count"_s, t.authorFollowers } });
    return u;
}

static QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

static bool idLess(const QString &a, const QString &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

QByteArray renderSearchPage(const QList<StoredTweet> &tweets, const V2Fields &fields, const QString &nextToken)
{
    // Expansions need the fields they expand, whatever tweet.fields said.
    QSet<QString> tf = fields.tweetFields;
    const QSet<QString> &ex = fields.expansions;
    if (ex.contains(u"author_id"_s))
        tf.insert(u"author_id"_s);
    if (ex.contains(u"referenced_tweets.id"_s) || ex.contains(u"referenced_tweets.id.author_id"_s))
        tf.insert(u"referenced_tweets"_s);
    if (ex.contains(u"attachments.media_keys"_s))
        tf.insert(u"attachments"_s);
    if (ex.contains(u"geo.place_id"_s))
        tf.insert(u"geo"_s);
    if (ex.contains(u"in_reply_to_user_id"_s))
        tf.insert(u"in_reply_to_user_id"_s);

    QByteArray data;
    QJsonArray users, refTweets, media, places;
    QSet<QString> seenUsers, seenTweets, seenPlaces;
    QHash<QString, const Tweet *> pageTweets;
    QString newest, oldest;
    for (const StoredTweet &st : tweets)
        pageTweets.insert(st.tweet.id, &st.tweet);
    for (const StoredTweet &st : tweets) {
        const Tweet &t = st.tweet;
        if (!data.isEmpty())
            data += ',';
        if (st.rawFormat == TweetFormat::V2 && !t.rawJson.isEmpty())
            data += t.rawJson;
        else
            data += compact(renderTweet(t, tf));
        if (newest.isEmpty() || idLess(newest, t.id))
            newest = t.id;
        if (oldest.isEmpty() || idLess(t.id, oldest))
            oldest = t.id;

        if (ex.contains(u"author_id"_s) && !t.authorId.isEmpty() && !seenUsers.contains(t.authorId)) {
            seenUsers.insert(t.authorId);
            users.append(renderUser(t, fields.userFields));
        }
        if (ex.contains(u"referenced_tweets.id"_s)) {
            // Retweeted and quoted tweets: in full when the page has them, else the id and
            // text the archive keeps with the tweet that references them.
            const std::pair<QString, QString> refs[]
                = { { t.retweetedId, t.retweetedText }, { t.quotedId, t.quotedText } };
            for (const auto &[id, text] : refs) {
                if (id.isEmpty() || seenTweets.contains(id))
                    continue;
                seenTweets.insert(id);
                if (const Tweet *inPage = pageTweets.value(id))
                    refTweets.append(renderTweet(*inPage, tf));
                else
                    refTweets.append(QJsonObject {
                        { u"id"_s, id }, { u"text"_s, text }, { u"edit_history_tweet_ids"_s, QJsonArray { id } } });
            }
        }
        if (ex.contains(u"attachments.media_keys"_s)) {
            for (qsizetype i = 0; i < t.mediaUrls.size(); ++i) {
                media.append(QJsonObject {
                    { u"media_key"_s, mediaKey(t, i) }, { u"type"_s, u"photo"_s }, { u"url"_s, t.mediaUrls[i] } });
            }
        }
        if (ex.contains(u"geo.place_id"_s) && !t.placeFullName.isEmpty()) {
            const QString pid = placeId(t);
            if (!seenPlaces.contains(pid)) {
                seenPlaces.insert(pid);
                QJsonObject p { { u"id"_s, pid }, { u"full_name"_s, t.placeFullName } };
                if (!t.placeCountryCode.isEmpty())
                    p.insert(u"country_code"_s, t.placeCountryCode);
                places.append(p);
            }
        }
    }

    QJsonObject includes;
    if (!users.isEmpty())
        includes.insert(u"users"_s, users);
    if (!refTweets.isEmpty())
        includes.insert(u"tweets"_s, refTweets);
    if (!media.isEmpty())
        includes.insert(u"media"_s, media);
    if (!places.isEmpty())
        includes.insert(u"places"_s, places);

    QJsonObject meta { { u"result_count"_s, int(tweets.size()) } };
    if (!tweets.isEmpty()) {
        meta.insert(u"newest_id"_s, newest);
        meta.insert(u"oldest_id"_s, oldest);
    }
    if (!nextToken.isEmpty())
        meta.insert(u"next_token"_s, nextToken);

    QByteArray out;
    out.reserve(data.size() + 256);
    out += '{';
    if (!tweets.isEmpty())
        out += "\"data\":[" + data + "],";
    if (!includes.isEmpty())
        out += "\"includes\":" + compact(includes) + ',';
    out += "\"meta\":" + compact(meta) + '}';
    return out;
}

QByteArray renderCountsPage(const QList<CountBucket> &buckets)
{
    QJsonArray data;
    qint64 total = 0;
    for (const CountBucket &b : buckets) {
        data.append(QJsonObject {
            { u"start"_s, isoTime(b.startMs) }, { u"end"_s, isoTime(b.endMs) }, { u"tweet_count"_s, b.count } });
        total += b.count;
    }
    QJsonObject o { { u"meta"_s, QJsonObject { { u"total_tweet_count"_s, total } } } };
    if (!data.isEmpty())
        o.insert(u"data"_s, data);
    return compact(o);
}

} // namespace ts::archive::v2
