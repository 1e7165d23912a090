// SPDX-License-Identifier: MIT
#include "tweetlookup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ts::ui {

namespace {

// List columns (hashtags, mentions, urls) hold a JSON array, or space-separated words.
QStringList listColumn(const QVariant &value)
{
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return {};
    if (text.startsWith(u'[')) {
        QStringList list;
        const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
        for (const auto &v : array)
            list.append(v.toString());
        return list;
    }
    return text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
}

} // namespace

TweetLookup::TweetLookup()
    : m_connectionName(QStringLiteral("tweetlookup-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

TweetLookup::~TweetLookup()
{
    close();
}

bool TweetLookup::open(const QString &path, QString *error)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
    }
    m_path = path;
    return true;
}

void TweetLookup::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_path.clear();
}

bool TweetLookup::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && QSqlDatabase::database(m_connectionName, false).isOpen();
}

std::optional<Tweet> TweetLookup::tweet(const QString &id, QString *error) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
        "SELECT id, created_at, format, type, text, all_text, author_id, author_username, author_name, "
        "author_followers, author_verified, lang, in_reply_to_status_id, retweeted_id, retweeted_text, quoted_id, "
        "quoted_text, like_count, retweet_count, reply_count, quote_count, hashtags, mentions, urls, source, "
        "place_full_name, raw_json FROM tweets WHERE id = ?"));
    q.addBindValue(id.toLongLong());
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    Tweet t;
    int c = 0;
    t.id = q.value(c++).toString();
    t.createdAtMs = q.value(c++).toLongLong();
    t.format = TweetFormat(q.value(c++).toInt());
    t.type = TweetType(q.value(c++).toInt());
    t.text = q.value(c++).toString();
    t.allText = q.value(c++).toString();
    t.authorId = q.value(c++).toString();
    t.authorUsername = q.value(c++).toString();
    t.authorName = q.value(c++).toString();
    t.authorFollowers = q.value(c++).toLongLong();
    t.authorVerified = q.value(c++).toBool();
    t.lang = q.value(c++).toString();
    t.inReplyToStatusId = q.value(c++).toString();
    t.retweetedId = q.value(c++).toString();
    t.retweetedText = q.value(c++).toString();
    t.quotedId = q.value(c++).toString();
    t.quotedText = q.value(c++).toString();
    t.likeCount = q.value(c++).toLongLong();
    t.retweetCount = q.value(c++).toLongLong();
    t.replyCount = q.value(c++).toLongLong();
    t.quoteCount = q.value(c++).toLongLong();
    t.hashtags = listColumn(q.value(c++));
    t.mentions = listColumn(q.value(c++));
    t.urls = listColumn(q.value(c++));
    t.source = q.value(c++).toString();
    t.placeFullName = q.value(c++).toString();
    t.rawJson = q.value(c++).toByteArray();
    return t;
}

} // namespace ts::ui
