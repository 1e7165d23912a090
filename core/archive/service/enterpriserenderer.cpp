// SPDX-License-Identifier: MIT
#include "enterpriserenderer.h"

#include "tweetentities.h"
#include "v2renderer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

namespace ts::archive::enterprise {

using namespace Qt::StringLiterals;

QString gnipTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyyMMddHHmm"_s);
}

namespace {

constexpr int ShortTextLimit = 140;

QString v1Time(qint64 ms)
{
    return QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC), u"ddd MMM dd HH:mm:ss +0000 yyyy"_s);
}

QJsonValue idNumber(const QString &id)
{
    bool ok = false;
    const qint64 n = id.toLongLong(&ok);
    return ok ? QJsonValue(n) : QJsonValue(id);
}

// The 140-character text of a long tweet: cut, with an ellipsis, as the v1.1 API did.
QString shortText(const QString &text)
{
    if (codePointCount(text) <= ShortTextLimit)
        return text;
    return leftCodePoints(text, ShortTextLimit - 1) + QChar(0x2026);
}

// The screen name a retweet's "RT @name:" prefix names.
QString retweetedScreenName(const Tweet &t)
{
    static const QRegularExpression rt(u"^RT @(\\w+):"_s);
    const auto m = rt.match(t.text);
    if (m.hasMatch())
        return m.captured(1);
    return t.mentions.value(0);
}

QJsonArray indices(const EntitySpan &s)
{
    return QJsonArray { s.start, s.end };
}

QString displayUrl(const QString &url)
{
    QString d = url;
    d.remove(QRegularExpression(u"^https?://"_s));
    return d.size() > 26 ? d.left(25) + QChar(0x2026) : d;
}

QJsonObject v1Entities(const TweetEntities &e)
{
    QJsonArray hashtags, symbols, mentions, urls;
    for (const EntitySpan &s : e.hashtags)
        hashtags.append(QJsonObject { { u"text"_s, s.value }, { u"indices"_s, indices(s) } });
    for (const EntitySpan &s : e.cashtags)
        symbols.append(QJsonObject { { u"text"_s, s.value }, { u"indices"_s, indices(s) } });
    for (const EntitySpan &s : e.mentions)
        mentions.append(QJsonObject { { u"screen_name"_s, s.value }, { u"indices"_s, indices(s) } });
    for (const EntitySpan &s : e.urls) {
        urls.append(QJsonObject { { u"url"_s, s.shortUrl }, { u"expanded_url"_s, s.value },
            { u"display_url"_s, displayUrl(s.value) }, { u"indices"_s, indices(s) } });
    }
    return QJsonObject { { u"hashtags"_s, hashtags }, { u"symbols"_s, symbols }, { u"user_mentions"_s, mentions },
        { u"urls"_s, urls } };
}

QJsonObject v1Media(const Tweet &t)
{
    QJsonArray media;
    for (qsizetype i = 0; i < t.mediaUrls.size(); ++i) {
        media.append(QJsonObject { { u"id_str"_s, QString(t.id + QString::number(i)) }, { u"type"_s, u"photo"_s },
            { u"media_url_https"_s, t.mediaUrls[i] }, { u"url"_s, t.mediaUrls[i] },
            { u"expanded_url"_s, t.mediaUrls[i] } });
    }
    return QJsonObject { { u"media"_s, media } };
}

QJsonArray matchingRules(const QString &tag)
{
    return QJsonArray { QJsonObject { { u"tag"_s, tag.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(tag) } } };
}

QString statusLink(const QString &screenName, const QString &id)
{
    return u"http://twitter.com/"_s + (screenName.isEmpty() ? u"i"_s : screenName) + u"/statuses/"_s + id;
}

// A quoted tweet, of which the archive keeps only the id and the text.
Tweet quotedTweet(const Tweet &outer)
{
    Tweet e;
    e.id = outer.quotedId;
    e.text = outer.quotedText;
    e.createdAtMs = outer.createdAtMs;
    e.lang = outer.lang;
    return e;
}

// The retweeted tweet: its id and text are kept with the retweet, and its entities are the
// retweet's (which copies them), minus the "RT @name" mention.
Tweet retweetedTweet(const Tweet &outer)
{
    Tweet e;
    e.id = outer.retweetedId;
    e.text = outer.retweetedText;
    e.createdAtMs = outer.createdAtMs;
    e.authorUsername = retweetedScreenName(outer);
    e.lang = outer.lang;
    e.hashtags = outer.hashtags;
    e.cashtags = outer.cashtags;
    e.mentions = outer.mentions;
    if (!e.mentions.isEmpty() && e.mentions.constFirst().compare(e.authorUsername, Qt::CaseInsensitive) == 0)
        e.mentions.removeFirst();
    e.urls = outer.urls;
    e.mediaUrls = outer.mediaUrls;
    return e;
}

QJsonObject originalUser(const Tweet &t)
{
    return QJsonObject { { u"id"_s, idNumber(t.authorId) }, { u"id_str"_s, t.authorId }, { u"name"_s, t.authorName },
        { u"screen_name"_s, t.authorUsername }, { u"followers_count"_s, t.authorFollowers },
        { u"verified"_s, t.authorVerified } };
}

QJsonObject activityActor(const Tweet &t)
{
    return QJsonObject { { u"objectType"_s, u"person"_s }, { u"id"_s, QString(u"id:twitter.com:"_s + t.authorId) },
        { u"link"_s, QString(u"http://www.twitter.com/"_s + t.authorUsername) }, { u"displayName"_s, t.authorName },
        { u"preferredUsername"_s, t.authorUsername }, { u"followersCount"_s, t.authorFollowers },
        { u"verified"_s, t.authorVerified } };
}

} // namespace

QJsonObject renderOriginal(const Tweet &t, const QString &tag)
{
    const bool retweet = !t.retweetedId.isEmpty();
    const QString shown = shortText(t.text);
    const bool truncated = !retweet && shown != t.text;
    const TweetEntities all = TweetEntities::locate(t.text, t);

    QJsonObject o { { u"created_at"_s, v1Time(t.createdAtMs) }, { u"id"_s, idNumber(t.id) }, { u"id_str"_s, t.id },
        { u"text"_s, shown }, { u"truncated"_s, truncated }, { u"user"_s, originalUser(t) },
        { u"lang"_s, t.lang.isEmpty() ? u"und"_s : t.lang }, { u"retweet_count"_s, t.retweetCount },
        { u"favorite_count"_s, t.likeCount }, { u"reply_count"_s, t.replyCount }, { u"quote_count"_s, t.quoteCount },
        { u"is_quote_status"_s, !t.quotedId.isEmpty() },
        { u"entities"_s, v1Entities(truncated ? all.within(ShortTextLimit - 1) : all) } };
    if (!tag.isNull())
        o.insert(u"matching_rules"_s, matchingRules(tag));
    if (!t.source.isEmpty())
        o.insert(u"source"_s,
            QString(u"<a href=\"http://twitter.com\" rel=\"nofollow\">"_s + t.source.toHtmlEscaped() + u"</a>"_s));
    if (!t.mediaUrls.isEmpty() && !truncated)
        o.insert(u"extended_entities"_s, v1Media(t));
    if (truncated) {
        QJsonObject ext { { u"full_text"_s, t.text },
            { u"display_text_range"_s, QJsonArray { 0, codePointCount(t.text) } }, { u"entities"_s, v1Entities(all) } };
        if (!t.mediaUrls.isEmpty())
            ext.insert(u"extended_entities"_s, v1Media(t));
        o.insert(u"extended_tweet"_s, ext);
    }
    const QJsonValue null(QJsonValue::Null);
    o.insert(u"in_reply_to_status_id"_s, t.inReplyToStatusId.isEmpty() ? null : idNumber(t.inReplyToStatusId));
    o.insert(u"in_reply_to_status_id_str"_s, t.inReplyToStatusId.isEmpty() ? null : QJsonValue(t.inReplyToStatusId));
    o.insert(u"in_reply_to_user_id"_s, t.inReplyToUserId.isEmpty() ? null : idNumber(t.inReplyToUserId));
    o.insert(u"in_reply_to_user_id_str"_s, t.inReplyToUserId.isEmpty() ? null : QJsonValue(t.inReplyToUserId));
    if (t.coordinates) {
        o.insert(u"geo"_s,
            QJsonObject { { u"type"_s, u"Point"_s },
                { u"coordinates"_s, QJsonArray { t.coordinates->lat, t.coordinates->lon } } });
        o.insert(u"coordinates"_s,
            QJsonObject { { u"type"_s, u"Point"_s },
                { u"coordinates"_s, QJsonArray { t.coordinates->lon, t.coordinates->lat } } });
    } else {
        o.insert(u"geo"_s, null);
        o.insert(u"coordinates"_s, null);
    }
    if (!t.placeFullName.isEmpty()) {
        o.insert(
            u"place"_s, QJsonObject { { u"full_name"_s, t.placeFullName }, { u"country_code"_s, t.placeCountryCode } });
    } else {
        o.insert(u"place"_s, null);
    }
    if (retweet) {
        o.insert(u"retweeted_status"_s, renderOriginal(retweetedTweet(t), QString()));
    }
    if (!t.quotedId.isEmpty()) {
        o.insert(u"quoted_status_id"_s, idNumber(t.quotedId));
        o.insert(u"quoted_status_id_str"_s, t.quotedId);
        o.insert(u"quoted_status"_s, renderOriginal(quotedTweet(t), QString()));
    }
    if (!t.conversationId.isEmpty() && t.conversationId != t.id)
        o.insert(u"conversation_id_str"_s, t.conversationId);
    return o;
}

QJsonObject renderActivity(const Tweet &t, const QString &tag)
{
    const bool retweet = !t.retweetedId.isEmpty();
    const QString shown = shortText(t.text);
    const bool truncated = !retweet && shown != t.text;
    const TweetEntities all = TweetEntities::locate(t.text, t);
    const QString link = statusLink(t.authorUsername, t.id);

    QJsonObject o { { u"id"_s, QString(u"tag:search.twitter.com,2005:"_s + t.id) }, { u"objectType"_s, u"activity"_s },
        { u"verb"_s, retweet ? u"share"_s : u"post"_s }, { u"postedTime"_s, v2::isoTime(t.createdAtMs) },
        { u"body"_s, shown }, { u"link"_s, link }, { u"actor"_s, activityActor(t) },
        { u"provider"_s,
            QJsonObject { { u"objectType"_s, u"service"_s }, { u"displayName"_s, u"Twitter"_s },
                { u"link"_s, u"http://www.twitter.com"_s } } },
        { u"twitter_entities"_s, v1Entities(truncated ? all.within(ShortTextLimit - 1) : all) },
        { u"twitter_lang"_s, t.lang.isEmpty() ? u"und"_s : t.lang }, { u"favoritesCount"_s, t.likeCount },
        { u"retweetCount"_s, t.retweetCount }, { u"replyCount"_s, t.replyCount }, { u"quoteCount"_s, t.quoteCount } };
    QJsonObject gnip { { u"matching_rules"_s, matchingRules(tag) } };
    o.insert(u"gnip"_s, gnip);
    if (!t.source.isEmpty())
        o.insert(
            u"generator"_s, QJsonObject { { u"displayName"_s, t.source }, { u"link"_s, u"http://twitter.com"_s } });
    if (!t.mediaUrls.isEmpty() && !truncated)
        o.insert(u"twitter_extended_entities"_s, v1Media(t));
    if (truncated) {
        QJsonObject longObject { { u"body"_s, t.text },
            { u"display_text_range"_s, QJsonArray { 0, codePointCount(t.text) } },
            { u"twitter_entities"_s, v1Entities(all) } };
        if (!t.mediaUrls.isEmpty())
            longObject.insert(u"twitter_extended_entities"_s, v1Media(t));
        o.insert(u"long_object"_s, longObject);
    }
    if (!t.inReplyToStatusId.isEmpty())
        o.insert(u"inReplyTo"_s, QJsonObject { { u"link"_s, statusLink(t.mentions.value(0), t.inReplyToStatusId) } });
    if (t.coordinates) {
        o.insert(u"geo"_s,
            QJsonObject { { u"type"_s, u"Point"_s },
                { u"coordinates"_s, QJsonArray { t.coordinates->lat, t.coordinates->lon } } });
    }
    if (!t.placeFullName.isEmpty()) {
        o.insert(u"location"_s,
            QJsonObject { { u"objectType"_s, u"place"_s }, { u"displayName"_s, t.placeFullName },
                { u"twitter_country_code"_s, t.placeCountryCode } });
    }
    if (retweet) {
        QJsonObject inner = renderActivity(retweetedTweet(t), QString());
        inner.remove(u"gnip"_s);
        o.insert(u"object"_s, inner);
    } else {
        o.insert(u"object"_s,
            QJsonObject { { u"objectType"_s, u"note"_s },
                { u"id"_s, QString(u"object:search.twitter.com,2005:"_s + t.id) }, { u"summary"_s, shown },
                { u"link"_s, link }, { u"postedTime"_s, v2::isoTime(t.createdAtMs) } });
    }
    if (!t.quotedId.isEmpty()) {
        QJsonObject inner = renderActivity(quotedTweet(t), QString());
        inner.remove(u"gnip"_s);
        o.insert(u"twitter_quoted_status"_s, inner);
    }
    return o;
}

static QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray renderSearchPage(const QList<StoredTweet> &tweets, EnterpriseFormat format, const QString &tag,
    const QString &next, const QJsonObject &requestParameters)
{
    const TweetFormat wanted
        = format == EnterpriseFormat::Original ? TweetFormat::Original : TweetFormat::ActivityStreams;
    // matching_rules carry the request's tag; an untagged rule gives {"tag":null}.
    const QString ruleTag = tag.isNull() ? QString(u""_s) : tag;
    QByteArray results;
    for (const StoredTweet &st : tweets) {
        if (!results.isEmpty())
            results += ',';
        if (st.rawFormat == wanted && !st.tweet.rawJson.isEmpty())
            results += st.tweet.rawJson;
        else if (format == EnterpriseFormat::Original)
            results += compact(renderOriginal(st.tweet, ruleTag));
        else
            results += compact(renderActivity(st.tweet, ruleTag));
    }
    QByteArray out = "{\"results\":[" + results + ']';
    if (!next.isEmpty())
        out += ",\"next\":" + QJsonDocument(QJsonArray { next }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    out += ",\"requestParameters\":" + compact(requestParameters) + '}';
    return out;
}

QByteArray renderCountsPage(
    const QList<CountBucket> &buckets, const QJsonObject &requestParameters, const QString &next)
{
    QJsonArray results;
    qint64 total = 0;
    for (const CountBucket &b : buckets) {
        results.append(QJsonObject { { u"timePeriod"_s, gnipTime(b.startMs) }, { u"count"_s, b.count } });
        total += b.count;
    }
    QJsonObject o { { u"results"_s, results }, { u"totalCount"_s, total },
        { u"requestParameters"_s, requestParameters } };
    if (!next.isEmpty())
        o.insert(u"next"_s, next);
    return compact(o);
}

} // namespace ts::archive::enterprise
