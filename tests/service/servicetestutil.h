// SPDX-License-Identifier: MIT
// Helpers of the service tests: a small deterministic corpus, served through the suite's one
// archive fixture (tests/support/testarchive.h), and a blocking HTTP client over
// QNetworkAccessManager (real HTTP on 127.0.0.1).
#pragma once

#include "archive/service/localarchiveserver.h"
#include "testarchive.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

namespace servicetest {

using namespace Qt::StringLiterals;

/// The fixed "now" of the test archives: 2024-03-15T12:00:00Z.
constexpr qint64 NowMs = 1710504000000LL;
constexpr qint64 MinuteMs = 60000;
constexpr qint64 DayMs = 86400000;

/// A snowflake id for a time (as X makes them), so that ids grow with time.
inline QString snowflake(qint64 ms, int seq)
{
    return QString::number(((ms - 1288834974657LL) << 22) + seq);
}

/**
 * 320 tweets: 300 every 10 minutes up to NowMs - 1 min, and 20 from 10 days ago (outside
 * "recent"). Every 3rd says "zebra", every 5th "eclipse"; retweets, quotes, replies,
 * long texts, hashtags, mentions, links, places, coordinates, media and 3 languages.
 */
inline QList<ts::Tweet> corpus()
{
    QList<ts::Tweet> out;
    const QStringList authors { u"alice"_s, u"bob"_s, u"carol"_s, u"dmitri"_s, u"emiko"_s };
    for (int i = 0; i < 320; ++i) {
        ts::Tweet t;
        t.createdAtMs = i < 20 ? NowMs - 10 * DayMs + i * 10 * MinuteMs : NowMs - MinuteMs - (319 - i) * 10 * MinuteMs;
        t.id = snowflake(t.createdAtMs, i % 4096);
        const int a = i % authors.size();
        t.authorId = QString::number(1000 + a);
        t.authorUsername = authors[a];
        t.authorName = authors[a].toUpper() + u" Example"_s;
        t.authorFollowers = 10 * (a + 1);
        t.authorVerified = a == 0;
        t.lang = i % 7 == 0 ? u"ja"_s : i % 11 == 0 ? u"de"_s : u"en"_s;
        t.source = u"Twitter Web App"_s;
        t.conversationId = t.id;
        QString text = u"note %1"_s.arg(i);
        if (i % 3 == 0)
            text += u" zebra crossing"_s;
        if (i % 5 == 0)
            text += u" eclipse tonight"_s;
        if (i % 4 == 0) {
            text += u" #Daily"_s;
            t.hashtags << u"Daily"_s;
        }
        if (i % 6 == 0) {
            text += u" with @carol"_s;
            t.mentions << u"carol"_s;
        }
        if (i % 8 == 0) {
            text += u" https://t.co/x%1"_s.arg(i);
            t.urls << u"https://example.com/page/%1"_s.arg(i);
        }
        if (i % 9 == 0)
            text += u" 🌒 日食"_s;
        if (i % 10 == 0)
            text += u" and a long tail of words to pass one hundred and forty characters: lorem ipsum dolor sit "
                    "amet consectetur adipiscing elit sed do eiusmod"_s;
        if (i % 13 == 0) {
            t.coordinates = ts::Coordinates { 35.6 + i * 0.001, 139.7 };
            t.placeFullName = u"Tokyo, Japan"_s;
            t.placeCountryCode = u"JP"_s;
        }
        if (i % 17 == 0)
            t.mediaUrls << u"https://pbs.twimg.com/media/m%1.jpg"_s.arg(i);
        t.likeCount = i * 3;
        t.retweetCount = i % 10;
        t.replyCount = i % 4;
        t.quoteCount = i % 3;
        if (i % 15 == 7) { // retweet of the previous tweet
            const ts::Tweet &orig = out.last();
            t.type = ts::TweetType::Retweet;
            t.retweetedId = orig.id;
            t.retweetedText = orig.text;
            text = u"RT @"_s + orig.authorUsername + u": "_s + orig.text;
            t.mentions = QStringList { orig.authorUsername } + orig.mentions;
            t.hashtags = orig.hashtags;
            t.urls = orig.urls;
            t.mediaUrls = orig.mediaUrls;
        } else if (i % 15 == 11) { // quote
            t.type = ts::TweetType::Quote;
            t.quotedId = out.last().id;
            t.quotedText = out.last().text;
            t.urls += out.last().urls; // a quote's links include the quoted tweet's (tweet_parser)
        } else if (i % 15 == 13) { // reply to the previous tweet
            t.type = ts::TweetType::Reply;
            t.inReplyToStatusId = out.last().id;
            t.inReplyToUserId = out.last().authorId;
            t.conversationId = out.last().conversationId;
        }
        t.text = text;
        t.allText = t.type == ts::TweetType::Retweet ? t.retweetedText
            : t.type == ts::TweetType::Quote         ? t.text + u'\n' + t.quotedText
                                                     : t.text;
        out.append(t);
    }
    return out;
}

using ts::testing::writeArchive;

/// Writes tweets into a new archive at path and serves it on 127.0.0.1 (port 0) without
/// latency, with NowMs as "now"; nullptr and *error when either fails.
inline std::unique_ptr<ts::archive::LocalArchiveServer> startService(
    const QString &path, const QList<ts::Tweet> &tweets, QString *error)
{
    if (!writeArchive(path, tweets, error))
        return nullptr;
    ts::archive::ServiceOptions o = ts::testing::testServiceOptions();
    o.nowMs = NowMs;
    return ts::testing::serveArchive(path, o, error);
}

/// Base of the test classes that serve one archive for all their test functions (derive,
/// add Q_OBJECT, and call serve() in initTestCase).
class ServedArchiveTest : public QObject
{
protected:
    QTemporaryDir m_dir;
    QList<ts::Tweet> m_tweets; ///< what the archive holds
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
    QNetworkAccessManager m_nam;

    /// Writes tweets to a new archive named file and starts the service on it.
    bool serve(const QString &file, const QList<ts::Tweet> &tweets, QString *error)
    {
        m_tweets = tweets;
        m_server = startService(m_dir.filePath(file), tweets, error);
        return m_server != nullptr;
    }
};

/// A time as the v2 API's start_time/end_time take it (RFC 3339, whole seconds, UTC).
inline QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ssZ"_s);
}

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray reason;
    qint64 elapsedMs = 0;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

inline HttpResult collect(QNetworkReply *reply)
{
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    r.body = reply->readAll();
    r.error = reply->error();
    for (const auto &[k, v] : reply->rawHeaderPairs())
        r.headers.insert(k.toLower(), v);
    return r;
}

/// Sends a request and waits for the answer (at most timeoutMs).
inline HttpResult send(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url,
    const QList<QPair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {}, int timeoutMs = 15000)
{
    QNetworkRequest req(url);
    for (const auto &[k, v] : headers)
        req.setRawHeader(k, v);
    if (!body.isEmpty() && !req.hasRawHeader("Content-Type"))
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished())
        reply->abort();
    HttpResult r = collect(reply);
    r.elapsedMs = clock.elapsed();
    reply->deleteLater();
    return r;
}

inline HttpResult get(
    QNetworkAccessManager &nam, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    return send(nam, "GET", url, headers);
}

/// base + path + ?query (values percent-encoded the RFC 3986 way).
inline QUrl apiUrl(const QUrl &base, const QString &path, const QList<QPair<QString, QString>> &params = {})
{
    QUrl url = base;
    url.setPath(path);
    QStringList parts;
    for (const auto &[k, v] : params)
        parts << QString::fromLatin1(QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v));
    if (!parts.isEmpty())
        url.setQuery(parts.join(u'&'), QUrl::StrictMode);
    return url;
}

} // namespace servicetest
