// SPDX-License-Identifier: MIT
// Round trip: pages the local archive serves (v2, Enterprise original, Enterprise activity
// streams) parse back through core/tweet's TweetParser to the tweets that went in.
#include "archive/service/localarchiveserver.h"
#include "servicetestutil.h"
#include "tweet/tweetparser.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace servicetest;
using namespace ts::archive;

namespace {

// The fields a user sees, one "name=value" line each, so that a mismatch names the field.
QStringList describe(const ts::Tweet &t, ts::TweetFormat format)
{
    QStringList s { u"id=%1"_s.arg(t.id), u"created_at=%1"_s.arg(t.createdAtMs), u"type=%1"_s.arg(ts::typeName(t.type)),
        u"text=%1"_s.arg(t.text), u"author=%1/%2/%3"_s.arg(t.authorId, t.authorUsername, t.authorName),
        u"lang=%1"_s.arg(t.lang), u"hashtags=%1"_s.arg(t.hashtags.join(u',')),
        u"mentions=%1"_s.arg(t.mentions.join(u',')), u"urls=%1"_s.arg(t.urls.join(u',')),
        u"media=%1"_s.arg(t.mediaUrls.join(u',')), u"likes=%1 retweets=%2"_s.arg(t.likeCount).arg(t.retweetCount),
        u"reply_to=%1"_s.arg(t.inReplyToStatusId), u"retweeted=%1"_s.arg(t.retweetedId), u"quoted=%1"_s.arg(t.quotedId),
        u"source=%1"_s.arg(t.source),
        u"coordinates=%1"_s.arg(
            t.coordinates ? u"%1,%2"_s.arg(t.coordinates->lat).arg(t.coordinates->lon) : QString()) };
    // Activity streams carry neither reply/quote counts nor the replied-to user id (as Gnip).
    if (format != ts::TweetFormat::ActivityStreams)
        s << u"replies=%1 quotes=%2 reply_to_user=%3"_s.arg(t.replyCount).arg(t.quoteCount).arg(t.inReplyToUserId);
    return s;
}

} // namespace

class TestServiceRoundTrip : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QList<ts::Tweet> m_tweets;
    QNetworkAccessManager m_nam;

    void compareAll(const QList<ts::Tweet> &parsed, ts::TweetFormat format)
    {
        QHash<QString, const ts::Tweet *> byId;
        for (const ts::Tweet &t : m_tweets)
            byId.insert(t.id, &t);
        QVERIFY(parsed.size() >= 100);
        for (const ts::Tweet &p : parsed) {
            const ts::Tweet *src = byId.value(p.id);
            QVERIFY2(src, qPrintable(p.id));
            QCOMPARE(p.format, format);
            QCOMPARE(describe(p, format), describe(*src, format));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_tweets = corpus();
        QString error;
        QVERIFY2(writeArchive(m_dir.filePath(u"a.sqlite"_s), m_tweets, &error), qPrintable(error));
    }

    void v2Pages()
    {
        ServiceOptions o;
        o.dbPath = m_dir.filePath(u"a.sqlite"_s);
        o.nowMs = NowMs;
        o.latency = *LatencyProfile::parse(u"none"_s, nullptr);
        LocalArchiveServer server(o);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        ts::TweetParser parser;
        QList<ts::Tweet> parsed;
        QString token;
        do {
            QList<QPair<QString, QString>> p { { u"query"_s, u"note"_s }, { u"max_results"_s, u"100"_s },
                { u"start_time"_s, u"2024-03-01T00:00:00Z"_s },
                { u"tweet.fields"_s,
                    u"attachments,author_id,conversation_id,created_at,entities,geo,in_reply_to_user_id,lang,"
                    "public_metrics,referenced_tweets,source"_s },
                { u"expansions"_s, u"author_id,referenced_tweets.id,attachments.media_keys,geo.place_id"_s },
                { u"user.fields"_s, u"public_metrics,verified"_s } };
            if (!token.isEmpty())
                p.append({ u"next_token"_s, token });
            const HttpResult r = get(m_nam, apiUrl(server.baseUrl(), u"/2/tweets/search/all"_s, p));
            QCOMPARE(r.status, 200);
            const ts::ParseResult result = parser.parse(r.body);
            QVERIFY2(result.ok(), qPrintable(result.error));
            QCOMPARE(result.document->kind, ts::ParsedDocument::Kind::V2Page);
            QVERIFY2(result.document->tweetErrors.isEmpty(), qPrintable(result.document->tweetErrors.join(u'\n')));
            parsed += result.document->tweets;
            token = result.document->nextToken;
        } while (!token.isEmpty());
        QCOMPARE(parsed.size(), 320);
        compareAll(parsed, ts::TweetFormat::V2);
    }

    void enterprisePages_data()
    {
        QTest::addColumn<int>("format");
        QTest::addRow("activity streams") << int(EnterpriseFormat::ActivityStreams);
        QTest::addRow("original") << int(EnterpriseFormat::Original);
    }
    void enterprisePages()
    {
        QFETCH(int, format);
        ServiceOptions o;
        o.dbPath = m_dir.filePath(u"a.sqlite"_s);
        o.nowMs = NowMs;
        o.latency = *LatencyProfile::parse(u"none"_s, nullptr);
        o.enterpriseFormat = EnterpriseFormat(format);
        LocalArchiveServer server(o);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        ts::TweetParser parser;
        QList<ts::Tweet> parsed;
        QString next;
        do {
            QJsonObject body { { u"query"_s, u"note"_s }, { u"maxResults"_s, 500 },
                { u"fromDate"_s, u"202403010000"_s } };
            if (!next.isEmpty())
                body.insert(u"next"_s, next);
            const HttpResult r = send(m_nam, "POST",
                apiUrl(server.baseUrl(), u"/search/fullarchive/accounts/a/b.json"_s), {}, QJsonDocument(body).toJson());
            QCOMPARE(r.status, 200);
            const ts::ParseResult result = parser.parse(r.body);
            QVERIFY2(result.ok(), qPrintable(result.error));
            QCOMPARE(result.document->kind, ts::ParsedDocument::Kind::EnterprisePage);
            QVERIFY2(result.document->tweetErrors.isEmpty(), qPrintable(result.document->tweetErrors.join(u'\n')));
            parsed += result.document->tweets;
            next = result.document->nextToken;
        } while (!next.isEmpty());
        QCOMPARE(parsed.size(), 320);
        compareAll(parsed,
            EnterpriseFormat(format) == EnterpriseFormat::Original ? ts::TweetFormat::Original
                                                                   : ts::TweetFormat::ActivityStreams);
    }
};

QTEST_GUILESS_MAIN(TestServiceRoundTrip)
#include "tst_serviceroundtrip.moc"
