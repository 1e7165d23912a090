// SPDX-License-Identifier: MIT
#include "jsonlwriter.h"

#include "csvwriter.h"
#include "outputfile.h"
#include "tweet/normalizedjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

namespace ts::exporter {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray tweetJson(const Tweet &t)
{
    if (!t.rawJson.isEmpty())
        return t.rawJson;
    QJsonObject o { { QStringLiteral("id"), t.id }, { QStringLiteral("text"), t.text } };
    if (t.createdAtMs != 0)
        o.insert(QStringLiteral("created_at"), isoDateTime(t.createdAtMs));
    if (!t.authorId.isEmpty())
        o.insert(QStringLiteral("author_id"), t.authorId);
    if (!t.conversationId.isEmpty())
        o.insert(QStringLiteral("conversation_id"), t.conversationId);
    if (!t.lang.isEmpty())
        o.insert(QStringLiteral("lang"), t.lang);
    if (!t.source.isEmpty())
        o.insert(QStringLiteral("source"), t.source);
    if (!t.inReplyToUserId.isEmpty())
        o.insert(QStringLiteral("in_reply_to_user_id"), t.inReplyToUserId);
    o.insert(QStringLiteral("public_metrics"),
        QJsonObject { { QStringLiteral("like_count"), t.likeCount },
            { QStringLiteral("retweet_count"), t.retweetCount }, { QStringLiteral("reply_count"), t.replyCount },
            { QStringLiteral("quote_count"), t.quoteCount } });
    QJsonArray refs;
    auto ref = [&refs](const char *type, const QString &id) {
        if (!id.isEmpty())
            refs.append(QJsonObject { { QStringLiteral("type"), QLatin1String(type) }, { QStringLiteral("id"), id } });
    };
    ref("replied_to", t.inReplyToStatusId);
    ref("quoted", t.quotedId);
    ref("retweeted", t.retweetedId);
    if (!refs.isEmpty())
        o.insert(QStringLiteral("referenced_tweets"), refs);
    QJsonObject entities;
    auto tagged = [&entities](const char *key, const char *field, const QStringList &items) {
        if (items.isEmpty())
            return;
        QJsonArray array;
        for (const QString &s : items)
            array.append(QJsonObject { { QLatin1String(field), s } });
        entities.insert(QLatin1String(key), array);
    };
    tagged("hashtags", "tag", t.hashtags);
    tagged("cashtags", "tag", t.cashtags);
    tagged("mentions", "username", t.mentions);
    tagged("urls", "expanded_url", t.urls);
    if (!entities.isEmpty())
        o.insert(QStringLiteral("entities"), entities);
    if (t.coordinates) {
        o.insert(QStringLiteral("geo"),
            QJsonObject { { QStringLiteral("coordinates"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Point") },
                    { QStringLiteral("coordinates"), QJsonArray { t.coordinates->lon, t.coordinates->lat } } } } });
    }
    if (!t.matchingRules.isEmpty()) {
        QJsonArray rules;
        for (const QString &tag : t.matchingRules)
            rules.append(QJsonObject { { QStringLiteral("tag"), tag } });
        o.insert(QStringLiteral("matching_rules"), rules);
    }
    return compact(o);
}

JsonlWriter::JsonlWriter(OutputFile &out, JsonlOptions options)
    : m_out(out)
    , m_options(std::move(options))
{
    if (m_options.tweetsPerPage < 1)
        m_options.tweetsPerPage = 100;
    const QDateTime when = m_options.retrievedAt.isValid() ? m_options.retrievedAt : QDateTime::currentDateTimeUtc();
    m_retrievedAt = when.toUTC().toString(Qt::ISODate).replace(QLatin1String("Z"), QLatin1String("+00:00"));
}

void JsonlWriter::writeLine(QByteArrayView json)
{
    // A pretty-printed body has line breaks only between tokens (JSON strings cannot hold
    // raw ones): turning them into spaces keeps the document valid and on one line.
    if (std::memchr(json.data(), '\n', size_t(json.size())) || std::memchr(json.data(), '\r', size_t(json.size()))) {
        char *p = m_out.reserve(json.size());
        for (const char c : json)
            *p++ = (c == '\n' || c == '\r') ? ' ' : c;
        m_out.advance(json.size());
    } else {
        m_out.append(json);
    }
    m_out.append('\n');
    ++m_lines;
    m_out.flushIfFull();
}

void JsonlWriter::writePage(QByteArrayView pageJson, const QList<Tweet> &tweets)
{
    if (m_options.layout == JsonlOptions::Layout::Pages) {
        flushPage();
        writeLine(pageJson);
        return;
    }
    for (const Tweet &t : tweets)
        writeTweet(t);
}

void JsonlWriter::writeTweet(const Tweet &tweet)
{
    if (m_options.layout == JsonlOptions::Layout::Tweets) {
        writeLine(tweetJson(tweet));
        return;
    }
    if (m_options.layout == JsonlOptions::Layout::Normalized) {
        m_scratch.clear();
        appendNormalizedJson(m_scratch, tweet);
        writeLine(m_scratch);
        return;
    }
    // One page shape per line: v2 {"data"}, Bluesky {"posts"}, the others {"results"}.
    const auto shape = [](TweetFormat f) { return f == TweetFormat::Bluesky ? 2 : f == TweetFormat::V2 ? 1 : 0; };
    if (!m_pending.isEmpty() && shape(m_pending.constFirst().format) != shape(tweet.format))
        flushPage();
    m_pending.append(tweet);
    if (m_pending.size() >= m_options.tweetsPerPage)
        flushPage();
}

void JsonlWriter::flushPage()
{
    if (m_pending.isEmpty())
        return;
    const bool v2 = m_pending.constFirst().format == TweetFormat::V2;
    QByteArray line;
    line.reserve(4096 * m_pending.size());
    const bool bluesky = m_pending.constFirst().format == TweetFormat::Bluesky;
    line += v2 ? "{\"data\":[" : bluesky ? "{\"posts\":[" : "{\"results\":[";
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (i > 0)
            line += ',';
        line += tweetJson(m_pending.at(i));
    }
    line += ']';
    if (v2) {
        QJsonArray users, tweets;
        QSet<QString> seenUsers, seenTweets;
        QString newest, oldest;
        auto idLess
            = [](const QString &a, const QString &b) { return a.size() != b.size() ? a.size() < b.size() : a < b; };
        for (const Tweet &t : std::as_const(m_pending)) {
            if (newest.isEmpty() || idLess(newest, t.id))
                newest = t.id;
            if (oldest.isEmpty() || idLess(t.id, oldest))
                oldest = t.id;
            if (!t.authorId.isEmpty() && !seenUsers.contains(t.authorId)) {
                seenUsers.insert(t.authorId);
                users.append(QJsonObject {
                    { QStringLiteral("id"), t.authorId },
                    { QStringLiteral("username"), t.authorUsername },
                    { QStringLiteral("name"), t.authorName },
                    { QStringLiteral("verified"), t.authorVerified },
                    { QStringLiteral("public_metrics"),
                        QJsonObject { { QStringLiteral("followers_count"), t.authorFollowers } } },
                });
            }
            auto referenced = [&](const QString &id, const QString &text) {
                if (id.isEmpty() || text.isEmpty() || seenTweets.contains(id))
                    return;
                seenTweets.insert(id);
                tweets.append(QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("text"), text } });
            };
            referenced(t.retweetedId, t.retweetedText);
            referenced(t.quotedId, t.quotedText);
        }
        QJsonObject includes;
        if (!users.isEmpty())
            includes.insert(QStringLiteral("users"), users);
        if (!tweets.isEmpty())
            includes.insert(QStringLiteral("tweets"), tweets);
        line += ",\"includes\":" + compact(includes);
        line += ",\"meta\":"
            + compact(QJsonObject { { QStringLiteral("result_count"), int(m_pending.size()) },
                { QStringLiteral("newest_id"), newest }, { QStringLiteral("oldest_id"), oldest } });
        line += ",\"__twarc\":"
            + compact(QJsonObject { { QStringLiteral("url"), m_options.sourceUrl },
                { QStringLiteral("version"), QStringLiteral("tweetscope " TWEETSCOPE_VERSION) },
                { QStringLiteral("retrieved_at"), m_retrievedAt } });
    }
    line += '}';
    m_pending.clear();
    writeLine(line);
}

void JsonlWriter::finish()
{
    flushPage();
}

} // namespace ts::exporter
