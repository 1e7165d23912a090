// SPDX-License-Identifier: MIT
#include "tweetlookup.h"

#include "archive/sqliteconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <unordered_map>

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

const QString kColumns = QStringLiteral(
    "id, created_at, format, type, text, all_text, author_id, author_username, author_name, author_followers, "
    "author_verified, lang, in_reply_to_status_id, retweeted_id, retweeted_text, quoted_id, quoted_text, like_count, "
    "retweet_count, reply_count, quote_count, hashtags, mentions, urls, source, place_full_name");

// One row of SELECT kColumns, raw_json.
Tweet readTweet(const QSqlQuery &q)
{
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

// The ids as an SQL list: "1,2,3", or quoted "'1','2','3'" for a text column. They are
// numbers formatted here, so nothing can be injected; literals instead of 500 bound values
// because QtSql looks each parameter up by name (perf: a third of an export's time).
QString idList(std::span<const quint64> ids, bool quoted)
{
    QString list;
    list.reserve(qsizetype(ids.size()) * (quoted ? 23 : 21));
    for (quint64 id : ids) {
        if (!list.isEmpty())
            list += u',';
        if (quoted)
            list += u'\'';
        list += QString::number(id);
        if (quoted)
            list += u'\'';
    }
    return list;
}

void setError(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
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
    archive::configureSqlite();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        const bool opened = db.open();
        if (opened) {
            // Reads by id jump around the file: mapped pages instead of a read() per page
            // (system calls are dear in this VM; perf: a quarter of a visible-rows export).
            QSqlQuery(db).exec(QStringLiteral("PRAGMA mmap_size = 2147418112"));
        }
        if (!opened) {
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
    m_hasQueries.reset();
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
    q.prepare(QStringLiteral("SELECT %1, raw_json FROM tweets WHERE id = ?").arg(kColumns));
    q.addBindValue(id.toLongLong());
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readTweet(q);
}

std::optional<QList<Tweet>> TweetLookup::tweets(
    std::span<const quint64> ids, bool withRawJson, QList<QStringList> *queries, QString *error) const
{
    if (!isOpen()) {
        if (error)
            *error = QStringLiteral("no collection open");
        return std::nullopt;
    }
    if (queries)
        queries->clear();
    if (ids.empty())
        return QList<Tweet>();
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1, %2 FROM tweets WHERE id IN (%3)")
                       .arg(kColumns, withRawJson ? QStringLiteral("raw_json") : QStringLiteral("NULL"),
                           idList(ids, false)))) {
        setError(q, error);
        return std::nullopt;
    }
    if (!q.exec()) {
        setError(q, error);
        return std::nullopt;
    }
    std::unordered_map<quint64, Tweet> found;
    found.reserve(ids.size());
    while (q.next()) {
        Tweet t = readTweet(q);
        found.emplace(t.id.toULongLong(), std::move(t));
    }

    std::unordered_map<quint64, QStringList> matched;
    if (queries) {
        if (!m_hasQueries) {
            QSqlQuery table(db);
            m_hasQueries = table.exec(QStringLiteral(
                               "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_tweet_queries'"))
                && table.next();
        }
        if (*m_hasQueries) {
            // Ids are stored as text there; rowid order is the order the queries matched.
            QSqlQuery m(db);
            m.setForwardOnly(true);
            if (!m.prepare(QStringLiteral("SELECT tweet_id, query FROM search_tweet_queries WHERE tweet_id IN (%1) "
                                          "ORDER BY rowid")
                               .arg(idList(ids, true)))) {
                setError(m, error);
                return std::nullopt;
            }
            if (!m.exec()) {
                setError(m, error);
                return std::nullopt;
            }
            while (m.next())
                matched[m.value(0).toString().toULongLong()].append(m.value(1).toString());
        }
    }

    QList<Tweet> ordered;
    ordered.reserve(qsizetype(found.size()));
    for (quint64 id : ids) {
        const auto it = found.find(id);
        if (it == found.end())
            continue; // not in the file (a page that could not be saved)
        ordered.append(std::move(it->second));
        found.erase(it); // an id listed twice is returned once
        if (queries) {
            const auto m = matched.find(id);
            queries->append(m == matched.end() ? QStringList() : m->second);
        }
    }
    return ordered;
}

} // namespace ts::ui
