// SPDX-License-Identifier: MIT
// The local archive's Bluesky side over real HTTP on 127.0.0.1 (docs/bluesky.md): sessions,
// app.bsky.feed.searchPosts with every parameter, cursor paging, the XRPC error shape, the
// ratelimit-* headers, posts that are valid atproto objects, and TweetParser reading them back.
#include "archive/service/blueskyapi.h"
#include "servicetestutil.h"
#include "tweet/atproto.h"
#include "tweet/tweetparser.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QThread>

using namespace servicetest;
namespace atproto = ts::atproto;
using Params = QList<QPair<QString, QString>>;
using Pred = std::function<bool(const ts::Tweet &)>;

namespace {

/// RFC 4648 base32 (lower case, no padding) decoded independently of the code under test.
QByteArray base32Decode(const QString &s, bool *ok)
{
    const QByteArray alphabet("abcdefghijklmnopqrstuvwxyz234567");
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    *ok = true;
    for (QChar c : s) {
        const qsizetype v = alphabet.indexOf(char(c.unicode()));
        if (v < 0 || c.unicode() > 127) {
            *ok = false;
            return {};
        }
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            out += char((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

/// What a lexicon-validating client checks of one postView; empty when it is valid.
QString invalidPost(const QJsonObject &p)
{
    static const QRegularExpression did(u"^did:plc:[a-z2-7]{24}$"_s);
    static const QRegularExpression uri(
        u"^at://(did:plc:[a-z2-7]{24})/app\\.bsky\\.feed\\.post/([2-7a-j][2-7a-z]{12})$"_s);
    static const QRegularExpression handle(
        u"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"_s);
    static const QRegularExpression datetime(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"_s);
    const QJsonObject author = p.value(u"author"_s).toObject();
    if (!did.match(author.value(u"did"_s).toString()).hasMatch())
        return u"author.did "_s + author.value(u"did"_s).toString();
    if (!handle.match(author.value(u"handle"_s).toString()).hasMatch())
        return u"author.handle "_s + author.value(u"handle"_s).toString();
    const auto m = uri.match(p.value(u"uri"_s).toString());
    if (!m.hasMatch() || m.captured(1) != author.value(u"did"_s).toString())
        return u"uri "_s + p.value(u"uri"_s).toString();
    const QString cid = p.value(u"cid"_s).toString();
    bool ok = false;
    const QByteArray bytes = cid.startsWith(u'b') ? base32Decode(cid.mid(1), &ok) : QByteArray();
    if (!ok || bytes.size() != 36 || bytes[0] != 0x01 || bytes[1] != 0x71 || bytes[2] != 0x12 || bytes[3] != 0x20)
        return u"cid "_s + cid;
    const QJsonObject record = p.value(u"record"_s).toObject();
    if (record.value(u"$type"_s).toString() != u"app.bsky.feed.post"_s)
        return u"record.$type"_s;
    if (!datetime.match(record.value(u"createdAt"_s).toString()).hasMatch()
        || !datetime.match(p.value(u"indexedAt"_s).toString()).hasMatch())
        return u"createdAt/indexedAt"_s;
    const QByteArray text = record.value(u"text"_s).toString().toUtf8();
    if (text.size() > 3000)
        return u"text longer than 3000 bytes"_s;
    for (const auto &fv : record.value(u"facets"_s).toArray()) {
        const QJsonObject f = fv.toObject();
        const int start = f.value(u"index"_s).toObject().value(u"byteStart"_s).toInt(-1);
        const int end = f.value(u"index"_s).toObject().value(u"byteEnd"_s).toInt(-1);
        if (start < 0 || end <= start || end > text.size())
            return u"facet range"_s;
        const QString shown = QString::fromUtf8(text.mid(start, end - start));
        const QJsonObject feature = f.value(u"features"_s).toArray().at(0).toObject();
        const QString type = feature.value(u"$type"_s).toString();
        if (type == u"app.bsky.richtext.facet#tag"_s && shown != u'#' + feature.value(u"tag"_s).toString())
            return u"tag facet over '%1'"_s.arg(shown);
        if (type == u"app.bsky.richtext.facet#mention"_s
            && (!shown.startsWith(u'@') || !did.match(feature.value(u"did"_s).toString()).hasMatch()))
            return u"mention facet over '%1'"_s.arg(shown);
        if (type == u"app.bsky.richtext.facet#link"_s && shown != feature.value(u"uri"_s).toString())
            return u"link facet over '%1'"_s.arg(shown);
    }
    for (const char *key : { "replyCount", "repostCount", "likeCount", "quoteCount" }) {
        if (!p.value(QLatin1StringView(key)).isDouble())
            return QLatin1StringView(key);
    }
    // Images (app.bsky.embed.images, alone or in recordWithMedia): at most 4, each a blob with a
    // raw-codec CID and an alt text; the view gives each a thumb and a fullsize URL.
    const QJsonObject embed = record.value(u"embed"_s).toObject();
    const QString embedType = embed.value(u"$type"_s).toString();
    const QJsonObject images
        = embedType == u"app.bsky.embed.recordWithMedia"_s ? embed.value(u"media"_s).toObject() : embed;
    if (images.value(u"$type"_s).toString() == u"app.bsky.embed.images"_s) {
        const QJsonArray list = images.value(u"images"_s).toArray();
        if (list.isEmpty() || list.size() > 4)
            return u"embed.images count"_s;
        for (const auto &iv : list) {
            const QJsonObject blob = iv.toObject().value(u"image"_s).toObject();
            const QString link = blob.value(u"ref"_s).toObject().value(u"$link"_s).toString();
            bool linkOk = false;
            const QByteArray b = link.startsWith(u'b') ? base32Decode(link.mid(1), &linkOk) : QByteArray();
            if (!iv.toObject().value(u"alt"_s).isString() || blob.value(u"$type"_s).toString() != u"blob"_s || !linkOk
                || b.size() != 36 || b[1] != 0x55 || blob.value(u"mimeType"_s).toString().isEmpty()
                || !blob.value(u"size"_s).isDouble())
                return u"embed image blob"_s;
        }
        const QJsonObject view = p.value(u"embed"_s).toObject();
        const QJsonObject viewImages
            = embedType == u"app.bsky.embed.recordWithMedia"_s ? view.value(u"media"_s).toObject() : view;
        if (view.value(u"$type"_s).toString() != embedType + u"#view"_s
            || viewImages.value(u"$type"_s).toString() != u"app.bsky.embed.images#view"_s
            || viewImages.value(u"images"_s).toArray().size() != list.size())
            return u"embed view of the images"_s;
        for (const auto &iv : viewImages.value(u"images"_s).toArray()) {
            const QJsonObject o = iv.toObject();
            if (!o.value(u"thumb"_s).toString().startsWith(u"https://"_s)
                || !o.value(u"fullsize"_s).toString().startsWith(u"https://"_s) || !o.value(u"alt"_s).isString())
                return u"embed view image"_s;
        }
    }
    return {};
}

} // namespace

class TestBlueskyService : public ServedArchiveTest
{
    Q_OBJECT

    QByteArray m_access;

    QUrl xrpc(const QString &method, const QList<QPair<QString, QString>> &params = {}) const
    {
        return apiUrl(m_server->baseUrl(), u"/xrpc/"_s + method, params);
    }
    HttpResult search(const QList<QPair<QString, QString>> &params, const QByteArray &token)
    {
        return get(m_nam, xrpc(u"app.bsky.feed.searchPosts"_s, params), { { "Authorization", "Bearer " + token } });
    }
    HttpResult search(const QList<QPair<QString, QString>> &params) { return search(params, m_access); }
    QJsonObject createSession(QNetworkAccessManager &nam, const QUrl &base, const QByteArray &body, int *status)
    {
        const HttpResult r = send(nam, "POST", apiUrl(base, u"/xrpc/com.atproto.server.createSession"_s), {}, body);
        *status = r.status;
        return r.json();
    }
    /// Every post of a search, following cursors to the end; fails on a duplicate.
    QStringList all(QList<QPair<QString, QString>> params, int limit, int *pages = nullptr)
    {
        QStringList uris;
        QString cursor;
        params.append({ u"limit"_s, QString::number(limit) });
        for (int page = 1; page < 1000; ++page) {
            auto p = params;
            if (!cursor.isEmpty())
                p.append({ u"cursor"_s, cursor });
            const HttpResult r = search(p);
            if (r.status != 200) {
                qWarning() << r.status << r.body;
                return {};
            }
            const QJsonObject o = r.json();
            const QJsonArray posts = o.value(u"posts"_s).toArray();
            if (posts.size() > limit)
                return {};
            for (const auto &v : posts)
                uris << v.toObject().value(u"uri"_s).toString();
            cursor = o.value(u"cursor"_s).toString();
            if (pages)
                *pages = page;
            if (cursor.isEmpty())
                break;
        }
        return uris;
    }
    /// URIs the archive should answer: its non-retweets matching pred, newest first.
    QStringList expected(const std::function<bool(const ts::Tweet &)> &pred) const
    {
        QList<ts::Tweet> hits;
        for (const ts::Tweet &t : m_tweets) {
            if (t.type != ts::TweetType::Retweet && pred(t))
                hits << t;
        }
        std::sort(hits.begin(), hits.end(),
            [](const ts::Tweet &a, const ts::Tweet &b) { return a.createdAtMs > b.createdAtMs; });
        QStringList out;
        for (const ts::Tweet &t : hits)
            out << ts::archive::bluesky::postUriFor(t);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(serve(u"bluesky.db"_s, corpus(), &error), qPrintable(error));
        int status = 0;
        const QJsonObject s = createSession(m_nam, m_server->baseUrl(),
            QByteArray("{\"identifier\":\"someone.bsky.social\",\"password\":\"any app password\"}"), &status);
        QCOMPARE(status, 200);
        m_access = s.value(u"accessJwt"_s).toString().toLatin1();
        QVERIFY(!m_access.isEmpty());
        QCOMPARE(s.value(u"handle"_s).toString(), u"someone.bsky.social"_s);
        QVERIFY(atproto::isValidDid(s.value(u"did"_s).toString()));
    }

    void identifiers()
    {
        // TIDs, keys and the identifiers made from X ids and usernames go both ways.
        const quint64 tid = atproto::makeTid(1717158896789123LL, 0x2a5);
        QCOMPARE(atproto::parseTid(atproto::tidString(tid)), tid);
        QVERIFY(!atproto::parseTid(u"3kz"_s));
        QVERIFY(!atproto::parseTid(u"zzzzzzzzzzzzz"_s)); // top bit set
        const QString did = atproto::didForUserId(1234567890123ull);
        QVERIFY(atproto::isValidDid(did));
        QCOMPARE(atproto::userIdFromDid(did), 1234567890123ull);
        QVERIFY(!atproto::userIdFromDid(atproto::didForSeed("x")));
        for (const QString &name : { u"alice"_s, u"a_b_c"_s, u"_lead"_s, u"trail_"_s, u"X_"_s, u"123"_s }) {
            const QString handle = atproto::handleForUsername(name);
            QVERIFY2(atproto::isValidHandle(handle), qPrintable(handle));
            QCOMPARE(atproto::usernameFromHandle(handle), name.toLower());
        }
        QVERIFY(!atproto::usernameFromHandle(u"alice.example.com"_s));
        QVERIFY(!atproto::isValidHandle(u"under_score.bsky.social"_s));
        QVERIFY(!atproto::isValidHandle(u"nodots"_s));
        // Keys: time order, apart from snowflakes, the URI comes back.
        const QString a = u"at://"_s + did + u"/app.bsky.feed.post/"_s + atproto::tidString(tid);
        const QString b = u"at://"_s + did + u"/app.bsky.feed.post/"_s + atproto::tidString(tid + (1 << 10));
        const auto ka = atproto::postKey(a, 0), kb = atproto::postKey(b, 0);
        QVERIFY(ka && kb && *ka < *kb);
        QVERIFY(atproto::isPostKey(*ka));
        QVERIFY(!atproto::isPostKey(2116658968272049022ull)); // an X snowflake of 2026
        QCOMPARE(atproto::postUri(*ka, did), a);
        const QString other
            = u"at://"_s + atproto::didForUserId(7) + u"/app.bsky.feed.post/"_s + atproto::tidString(tid);
        QVERIFY(atproto::postKey(other, 0) != ka); // same TID, another author
        const auto hashed = atproto::postKey(u"at://did:plc:abc/app.bsky.feed.post/notatid"_s, 1717158896789LL);
        QVERIFY(hashed && (*hashed & atproto::kHashedBit));
        QVERIFY(atproto::postUri(*hashed, u"did:plc:abc"_s).isEmpty());
        QVERIFY(atproto::isValidCid(atproto::cidFor("x")));
        QVERIFY(!atproto::isValidCid(u"bafy"_s));
    }

    void authFlow()
    {
        // No token: 401 AuthMissing; a made-up one: 400 InvalidToken; in the XRPC error shape.
        HttpResult r = get(m_nam, xrpc(u"app.bsky.feed.searchPosts"_s, { { u"q"_s, u"zebra"_s } }));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(u"error"_s).toString(), u"AuthMissing"_s);
        QVERIFY(!r.json().value(u"message"_s).toString().isEmpty());
        r = search({ { u"q"_s, u"zebra"_s } }, "not-a-token");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toString(), u"InvalidToken"_s);

        // A service that wants one app password, with access tokens of 300 ms.
        ts::archive::ServiceOptions o = ts::testing::testServiceOptions();
        o.nowMs = NowMs;
        o.blueskyIdentifier = u"me.bsky.social"_s;
        o.blueskyPassword = u"abcd-efgh-ijkl-mnop"_s;
        o.blueskyAccessTtlMs = 300;
        QString error;
        auto server = ts::testing::serveArchive(m_dir.filePath(u"bluesky.db"_s), o, &error);
        QVERIFY2(server, qPrintable(error));
        int status = 0;
        QJsonObject s = createSession(m_nam, server->baseUrl(),
            QByteArray("{\"identifier\":\"me.bsky.social\",\"password\":\"wrong\"}"), &status);
        QCOMPARE(status, 401);
        QCOMPARE(s.value(u"error"_s).toString(), u"AuthenticationRequired"_s);
        s = createSession(m_nam, server->baseUrl(), QByteArray("{\"identifier\":\"me.bsky.social\"}"), &status);
        QCOMPARE(status, 400);
        QCOMPARE(s.value(u"error"_s).toString(), u"InvalidRequest"_s);
        s = createSession(m_nam, server->baseUrl(),
            QByteArray("{\"identifier\":\"me.bsky.social\",\"password\":\"abcd-efgh-ijkl-mnop\"}"), &status);
        QCOMPARE(status, 200);
        const QByteArray access = s.value(u"accessJwt"_s).toString().toLatin1();
        const QByteArray refresh = s.value(u"refreshJwt"_s).toString().toLatin1();
        const QUrl url = apiUrl(server->baseUrl(), u"/xrpc/app.bsky.feed.searchPosts"_s, { { u"q"_s, u"zebra"_s } });
        QCOMPARE(get(m_nam, url, { { "Authorization", "Bearer " + access } }).status, 200);
        // A refresh token is no access token.
        QCOMPARE(get(m_nam, url, { { "Authorization", "Bearer " + refresh } }).json().value(u"error"_s).toString(),
            u"InvalidToken"_s);
        QThread::msleep(400);
        r = get(m_nam, url, { { "Authorization", "Bearer " + access } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toString(), u"ExpiredToken"_s);
        // refreshSession with the refresh token: a new pair; the old refresh token is spent.
        const QUrl refreshUrl = apiUrl(server->baseUrl(), u"/xrpc/com.atproto.server.refreshSession"_s);
        r = send(m_nam, "POST", refreshUrl, { { "Authorization", "Bearer " + refresh } });
        QCOMPARE(r.status, 200);
        const QByteArray access2 = r.json().value(u"accessJwt"_s).toString().toLatin1();
        QVERIFY(!access2.isEmpty() && access2 != access);
        QCOMPARE(get(m_nam, url, { { "Authorization", "Bearer " + access2 } }).status, 200);
        r = send(m_nam, "POST", refreshUrl, { { "Authorization", "Bearer " + refresh } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toString(), u"InvalidToken"_s);
        // GET on a procedure, an unknown method.
        QCOMPARE(get(m_nam, refreshUrl).status, 405);
        r = get(m_nam, apiUrl(server->baseUrl(), u"/xrpc/app.bsky.feed.getTimeline"_s));
        QCOMPARE(r.status, 501);
        QCOMPARE(r.json().value(u"error"_s).toString(), u"MethodNotImplemented"_s);
    }

    void postsAreValid()
    {
        int checked = 0;
        QSet<QString> kinds;
        QString cursor;
        for (int page = 0; page < 10; ++page) {
            QList<QPair<QString, QString>> p { { u"q"_s, u"note"_s }, { u"limit"_s, u"100"_s } };
            if (!cursor.isEmpty())
                p.append({ u"cursor"_s, cursor });
            const HttpResult r = search(p);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("content-type").left(16), QByteArray("application/json"));
            for (const auto &v : r.json().value(u"posts"_s).toArray()) {
                const QJsonObject post = v.toObject();
                const QString problem = invalidPost(post);
                QVERIFY2(problem.isEmpty(),
                    qPrintable(problem + u" in "_s + QString::fromUtf8(QJsonDocument(post).toJson())));
                const QJsonObject record = post.value(u"record"_s).toObject();
                if (record.contains(u"reply"_s))
                    kinds << u"reply"_s;
                const QString embedType = record.value(u"embed"_s).toObject().value(u"$type"_s).toString();
                if (embedType == u"app.bsky.embed.record"_s || embedType == u"app.bsky.embed.recordWithMedia"_s)
                    kinds << u"quote"_s;
                if (embedType == u"app.bsky.embed.images"_s || embedType == u"app.bsky.embed.recordWithMedia"_s)
                    kinds << u"images"_s;
                if (record.contains(u"facets"_s))
                    kinds << u"facets"_s;
                ++checked;
            }
            cursor = r.json().value(u"cursor"_s).toString();
            if (cursor.isEmpty())
                break;
        }
        QCOMPARE(checked, int(expected([](const ts::Tweet &) { return true; }).size()));
        QCOMPARE(kinds, (QSet<QString> { u"reply"_s, u"quote"_s, u"facets"_s, u"images"_s }));
    }

    void pagination()
    {
        // Small pages to the end: every post once, newest first, the same as one big page.
        int pages = 0;
        const QStringList paged = all({ { u"q"_s, u"zebra"_s } }, 7, &pages);
        const QStringList want = expected([](const ts::Tweet &t) { return t.text.contains(u"zebra"_s); });
        QVERIFY(want.size() > 50);
        QCOMPARE(paged, want);
        QCOMPARE(pages, int((want.size() + 6) / 7));
        QCOMPARE(QSet<QString>(paged.begin(), paged.end()).size(), paged.size());
        // Default page: 25.
        QCOMPARE(search({ { u"q"_s, u"zebra"_s } }).json().value(u"posts"_s).toArray().size(), 25);
        // sort=top: the same posts, in another order.
        QStringList top = all({ { u"q"_s, u"zebra"_s }, { u"sort"_s, u"top"_s } }, 10);
        std::sort(top.begin(), top.end());
        QStringList sortedWant = want;
        std::sort(sortedWant.begin(), sortedWant.end());
        QCOMPARE(top, sortedWant);
    }

    void parameters_data()
    {
        QTest::addColumn<Params>("params");
        QTest::addColumn<Pred>("pred");
        using P = QList<QPair<QString, QString>>;
        QTest::newRow("author handle") << P { { u"q"_s, u"note"_s }, { u"author"_s, u"bob.bsky.social"_s } }
                                       << std::function<bool(const ts::Tweet &)>(
                                              [](const ts::Tweet &t) { return t.authorUsername == u"bob"_s; });
        QTest::newRow("author did") << P { { u"q"_s, u"note"_s }, { u"author"_s, atproto::didForUserId(1002) } }
                                    << std::function<bool(const ts::Tweet &)>(
                                           [](const ts::Tweet &t) { return t.authorId == u"1002"_s; });
        QTest::newRow("mentions") << P { { u"q"_s, u"note"_s }, { u"mentions"_s, u"carol.bsky.social"_s } }
                                  << std::function<bool(const ts::Tweet &)>(
                                         [](const ts::Tweet &t) { return t.mentions.contains(u"carol"_s); });
        QTest::newRow("lang") << P { { u"q"_s, u"note"_s }, { u"lang"_s, u"ja"_s } }
                              << std::function<bool(const ts::Tweet &)>(
                                     [](const ts::Tweet &t) { return t.lang == u"ja"_s; });
        QTest::newRow("tag") << P { { u"q"_s, u"note"_s }, { u"tag"_s, u"Daily"_s } }
                             << std::function<bool(const ts::Tweet &)>(
                                    [](const ts::Tweet &t) { return t.hashtags.contains(u"Daily"_s); });
        QTest::newRow("two tags (AND)") << P {
            { u"q"_s, u"note"_s }, { u"tag"_s, u"Daily"_s }, { u"tag"_s, u"Nope"_s }
        } << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &) { return false; });
        QTest::newRow("domain") << P { { u"q"_s, u"note"_s }, { u"domain"_s, u"example.com"_s } }
                                << std::function<bool(const ts::Tweet &)>(
                                       [](const ts::Tweet &t) { return !t.urls.isEmpty(); });
        QTest::newRow("url") << P { { u"q"_s, u"note"_s }, { u"url"_s, u"https://example.com/page/16"_s } }
                             << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &t) {
                                    return t.urls.contains(u"https://example.com/page/16"_s);
                                });
        QTest::newRow("since until") << P { { u"q"_s, u"note"_s }, { u"since"_s, atproto::datetime(NowMs - DayMs) },
            { u"until"_s, atproto::datetime(NowMs - DayMs / 2) } }
                                     << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &t) {
                                            return t.createdAtMs >= NowMs - DayMs && t.createdAtMs < NowMs - DayMs / 2;
                                        });
        QTest::newRow("since date") << P { { u"q"_s, u"eclipse"_s }, { u"since"_s, u"2024-03-15"_s } }
                                    << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &t) {
                                           return t.text.contains(u"eclipse"_s)
                                               && t.createdAtMs >= NowMs - 12 * 3600000;
                                       });
        QTest::newRow("q: from: and a word")
            << P { { u"q"_s, u"from:alice.bsky.social zebra"_s } }
            << std::function<bool(const ts::Tweet &)>(
                   [](const ts::Tweet &t) { return t.authorUsername == u"alice"_s && t.text.contains(u"zebra"_s); });
        QTest::newRow("q: #tag lang:") << P { { u"q"_s, u"#Daily lang:de"_s } }
                                       << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &t) {
                                              return t.hashtags.contains(u"Daily"_s) && t.lang == u"de"_s;
                                          });
        QTest::newRow("q: phrase, -word")
            << P { { u"q"_s, u"\"zebra crossing\" -eclipse"_s } }
            << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &t) {
                   return t.text.contains(u"zebra crossing"_s) && !t.text.contains(u"eclipse"_s);
               });
        QTest::newRow("q: domain: @mention") << P { { u"q"_s, u"domain:example.com @carol.bsky.social"_s } }
                                             << std::function<bool(const ts::Tweet &)>([](const ts::Tweet &t) {
                                                    return !t.urls.isEmpty() && t.mentions.contains(u"carol"_s);
                                                });
        QTest::newRow("unknown handle") << P { { u"q"_s, u"note"_s }, { u"author"_s, u"nobody.example.org"_s } }
                                        << std::function<bool(const ts::Tweet &)>(
                                               [](const ts::Tweet &) { return false; });
    }
    void parameters()
    {
        QFETCH(Params, params);
        QFETCH(Pred, pred);
        const QStringList want = expected(pred);
        const QStringList got = all(params, 100);
        if (QByteArray(QTest::currentDataTag()) == "since until" || QByteArray(QTest::currentDataTag()) == "author did")
            QVERIFY(!want.isEmpty());
        QCOMPARE(got, want);
    }

    void invalidParameters_data()
    {
        QTest::addColumn<Params>("params");
        QTest::addColumn<QString>("error");
        using P = QList<QPair<QString, QString>>;
        QTest::newRow("no q") << P {} << u"InvalidRequest"_s;
        QTest::newRow("empty q") << P { { u"q"_s, u" "_s } } << u"BadQueryString"_s;
        QTest::newRow("limit 0") << P { { u"q"_s, u"a"_s }, { u"limit"_s, u"0"_s } } << u"InvalidRequest"_s;
        QTest::newRow("limit 101") << P { { u"q"_s, u"a"_s }, { u"limit"_s, u"101"_s } } << u"InvalidRequest"_s;
        QTest::newRow("limit abc") << P { { u"q"_s, u"a"_s }, { u"limit"_s, u"abc"_s } } << u"InvalidRequest"_s;
        QTest::newRow("sort") << P { { u"q"_s, u"a"_s }, { u"sort"_s, u"oldest"_s } } << u"InvalidRequest"_s;
        QTest::newRow("since") << P { { u"q"_s, u"a"_s }, { u"since"_s, u"yesterday"_s } } << u"InvalidRequest"_s;
        QTest::newRow("until") << P { { u"q"_s, u"a"_s }, { u"until"_s, u"2024-13-01"_s } } << u"InvalidRequest"_s;
        QTest::newRow("lang") << P { { u"q"_s, u"a"_s }, { u"lang"_s, u"not a lang"_s } } << u"InvalidRequest"_s;
        QTest::newRow("author") << P { { u"q"_s, u"a"_s }, { u"author"_s, u"under_score"_s } } << u"InvalidRequest"_s;
        QTest::newRow("mentions") << P { { u"q"_s, u"a"_s }, { u"mentions"_s, u"did:"_s } } << u"InvalidRequest"_s;
        QTest::newRow("url") << P { { u"q"_s, u"a"_s }, { u"url"_s, u"no scheme"_s } } << u"InvalidRequest"_s;
        QTest::newRow("domain") << P { { u"q"_s, u"a"_s }, { u"domain"_s, u"a/b"_s } } << u"InvalidRequest"_s;
        QTest::newRow("tag too long") << P { { u"q"_s, u"a"_s }, { u"tag"_s, QString(65, u'x') } }
                                      << u"InvalidRequest"_s;
        QTest::newRow("cursor") << P { { u"q"_s, u"a"_s }, { u"cursor"_s, u"garbage"_s } } << u"InvalidRequest"_s;
        QTest::newRow("q too long") << P { { u"q"_s, QString(1025, u'a') } } << u"BadQueryString"_s;
    }
    void invalidParameters()
    {
        QFETCH(Params, params);
        QFETCH(QString, error);
        const HttpResult r = search(params);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toString(), error);
        QVERIFY(!r.json().value(u"message"_s).toString().isEmpty());
        QCOMPARE(r.json().keys(), (QStringList { u"error"_s, u"message"_s }));
    }

    void rateLimitHeaders()
    {
        ts::archive::ServiceOptions o = ts::testing::testServiceOptions();
        o.nowMs = NowMs;
        o.rateLimit = { { 3, 60000 } };
        QString error;
        auto server = ts::testing::serveArchive(m_dir.filePath(u"bluesky.db"_s), o, &error);
        QVERIFY2(server, qPrintable(error));
        int status = 0;
        const QByteArray access = createSession(
            m_nam, server->baseUrl(), QByteArray("{\"identifier\":\"a.bsky.social\",\"password\":\"p\"}"), &status)
                                      .value(u"accessJwt"_s)
                                      .toString()
                                      .toLatin1();
        QCOMPARE(status, 200);
        const QUrl url = apiUrl(server->baseUrl(), u"/xrpc/app.bsky.feed.searchPosts"_s, { { u"q"_s, u"zebra"_s } });
        HttpResult r = get(m_nam, url, { { "Authorization", "Bearer " + access } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("ratelimit-limit"), QByteArray("3"));
        QCOMPARE(r.header("ratelimit-remaining"), QByteArray("1")); // createSession took one
        QCOMPARE(r.header("ratelimit-policy"), QByteArray("3;w=60"));
        QVERIFY(r.header("ratelimit-reset").toLongLong() > QDateTime::currentSecsSinceEpoch());
        QVERIFY(r.header("x-rate-limit-limit").isEmpty());
        get(m_nam, url, { { "Authorization", "Bearer " + access } });
        r = get(m_nam, url, { { "Authorization", "Bearer " + access } });
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json().value(u"error"_s).toString(), u"RateLimitExceeded"_s);
        QCOMPARE(r.header("ratelimit-remaining"), QByteArray("0"));
    }

    void parsedBack()
    {
        // TweetParser reads the pages: ids are post keys, URIs come back, facets become entities.
        ts::TweetParser parser;
        const HttpResult r = search({ { u"q"_s, u"note"_s }, { u"limit"_s, u"100"_s } });
        QCOMPARE(r.status, 200);
        const ts::ParseResult parsed = parser.parse(r.body);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.document->kind, ts::ParsedDocument::Kind::BlueskyPage);
        QCOMPARE(parsed.document->nextToken, r.json().value(u"cursor"_s).toString());
        const QJsonArray posts = r.json().value(u"posts"_s).toArray();
        QCOMPARE(parsed.document->tweets.size(), posts.size());
        QHash<QString, ts::Tweet> byUri;
        for (const ts::Tweet &t : m_tweets)
            byUri.insert(ts::archive::bluesky::postUriFor(t), t);
        QSet<ts::TweetType> types;
        qint64 previousKey = std::numeric_limits<qint64>::max();
        for (qsizetype i = 0; i < posts.size(); ++i) {
            const ts::Tweet &t = parsed.document->tweets[i];
            const QJsonObject post = posts[i].toObject();
            QCOMPARE(t.format, ts::TweetFormat::Bluesky);
            QCOMPARE(atproto::postUri(t), post.value(u"uri"_s).toString());
            QVERIFY(atproto::isPostKey(t.id.toULongLong()));
            QVERIFY(t.id.toLongLong() < previousKey); // keys order like the posts' times
            previousKey = t.id.toLongLong();
            QCOMPARE(t.authorId, post.value(u"author"_s).toObject().value(u"did"_s).toString());
            QVERIFY(atproto::webUrl(t).startsWith(u"https://bsky.app/profile/"_s + t.authorUsername + u"/post/"_s));
            QCOMPARE(QJsonDocument::fromJson(t.rawJson).object(), post);
            const ts::Tweet source = byUri.value(atproto::postUri(t));
            QVERIFY(!source.id.isEmpty());
            QCOMPARE(t.createdAtMs, source.createdAtMs);
            QCOMPARE(t.type, source.type);
            QCOMPARE(t.hashtags, source.hashtags);
            // One link card per post: a quote keeps its links in the text only.
            if (t.type != ts::TweetType::Quote)
                QCOMPARE(t.urls, source.urls);
            QCOMPARE(t.mentions.size(), source.mentions.size());
            for (const QString &m : source.mentions)
                QVERIFY(t.mentions.contains(atproto::handleForUsername(m)));
            QCOMPARE(t.lang, source.lang);
            QCOMPARE(t.likeCount, source.likeCount);
            QCOMPARE(t.retweetCount, source.retweetCount);
            QCOMPARE(t.replyCount, source.replyCount);
            QCOMPARE(t.quoteCount, source.quoteCount);
            if (t.type == ts::TweetType::Quote)
                QCOMPARE(t.quotedText, source.quotedText);
            QCOMPARE(t.mediaUrls, source.mediaUrls.mid(0, 4)); // a post holds at most four images
            types << t.type;
        }
        QCOMPARE(types, (QSet<ts::TweetType> { ts::TweetType::Tweet, ts::TweetType::Reply, ts::TweetType::Quote }));

        // A single postView, an XRPC error and a page whose posts is not an array.
        const ts::ParseResult one = parser.parse(QJsonDocument(posts.first().toObject()).toJson());
        QVERIFY(one.ok());
        QCOMPARE(one.document->kind, ts::ParsedDocument::Kind::SingleTweet);
        QCOMPARE(one.document->tweets.first().id, parsed.document->tweets.first().id);
        const ts::ParseResult err
            = parser.parse(QByteArray("{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}"));
        QVERIFY(!err.ok());
        QVERIFY2(err.error.contains(u"ExpiredToken: Token has expired"_s), qPrintable(err.error));
        QVERIFY(!parser.parse(QByteArray("{\"posts\":{}}")).ok());
        const ts::ParseResult badPost
            = parser.parse(QByteArray("{\"posts\":[{\"uri\":\"https://x\",\"record\":{}}, 3]}"));
        QVERIFY(badPost.ok());
        QCOMPARE(badPost.document->tweets.size(), 0);
        QCOMPARE(badPost.document->tweetErrors.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestBlueskyService)
#include "tst_blueskyservice.moc"
