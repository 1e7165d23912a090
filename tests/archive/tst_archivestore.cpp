// SPDX-License-Identifier: MIT
// ArchiveStore on real SQLite files: fields round-trip, pages are reverse-chronological with
// stable tokens and no gaps or duplicates, bounds are inclusive/exclusive as the API says,
// counts bucket correctly, duplicates are skipped, and failures leave the store as it was.
#include "archive/archivestore.h"
#include "archivefixture.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace ts;
using namespace ts::archive;

namespace {

/// n tweets, one every 7 seconds going forward from the fixture's base time; every third
/// mentions "eclipse", every fifth is about "cats".
QList<Tweet> manyTweets(int n, int firstSequence = 100)
{
    QList<Tweet> out;
    for (int i = 0; i < n; ++i) {
        QString text = QStringLiteral("tweet number %1").arg(i);
        if (i % 3 == 0)
            text += QStringLiteral(" about the eclipse");
        if (i % 5 == 0)
            text += QStringLiteral(" with cats");
        Tweet t = testing::makeTweet(0, text, QString::number(1000 + i % 17), QStringLiteral("user%1").arg(i % 17));
        t.createdAtMs = testing::baseMs() + i * 7000LL;
        t.id = testing::snowflake(t.createdAtMs, firstSequence + i);
        t.conversationId = t.id;
        out.append(t);
    }
    return out;
}

/// A plain connection to an archive file, beside the store's.
QSqlDatabase rawConnection(const QString &path)
{
    const QString name = QStringLiteral("raw_") + path;
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name)
                                                   : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.open();
    return db;
}

SearchPage mustSearch(ArchiveStore &store, const SearchParams &p)
{
    auto r = store.search(p);
    if (auto *e = std::get_if<QueryError>(&r))
        qFatal("query error %s", qPrintable(e->reason));
    if (auto *e = std::get_if<StoreError>(&r))
        qFatal("store error %s", qPrintable(e->message));
    return std::get<SearchPage>(r);
}

/// The first field where a and b differ, or an empty string.
QString differingField(const Tweet &a, const Tweet &b)
{
#define TS_SAME(field)                                                                                                 \
    if (!(a.field == b.field))                                                                                         \
        return QStringLiteral(#field);
    TS_SAME(id)
    TS_SAME(createdAtMs)
    TS_SAME(format)
    TS_SAME(type)
    TS_SAME(text)
    TS_SAME(allText)
    TS_SAME(authorId)
    TS_SAME(authorUsername)
    TS_SAME(authorName)
    TS_SAME(authorFollowers)
    TS_SAME(authorVerified)
    TS_SAME(lang)
    TS_SAME(hashtags)
    TS_SAME(cashtags)
    TS_SAME(mentions)
    TS_SAME(urls)
    TS_SAME(mediaUrls)
    TS_SAME(likeCount)
    TS_SAME(retweetCount)
    TS_SAME(replyCount)
    TS_SAME(quoteCount)
    TS_SAME(inReplyToStatusId)
    TS_SAME(inReplyToUserId)
    TS_SAME(conversationId)
    TS_SAME(retweetedId)
    TS_SAME(retweetedText)
    TS_SAME(quotedId)
    TS_SAME(quotedText)
    TS_SAME(source)
    TS_SAME(coordinates)
    TS_SAME(placeFullName)
    TS_SAME(placeCountryCode)
    TS_SAME(matchingRules)
    TS_SAME(rawJson)
#undef TS_SAME
    return {};
}

} // namespace

class tst_ArchiveStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    // Shared by the rows of paginationReachesTheEndWithoutGapsOrDuplicates (filled once). A
    // member, not a function static: a static store closed only after QSqlDatabase's registry
    // of connections was gone, so its SQLite connection was never closed (LeakSanitizer).
    ArchiveStore m_paged;

    QString newPath() { return m_dir.filePath(QStringLiteral("a%1.sqlite").arg(++m_files)); }

private Q_SLOTS:
    void roundTripKeepsEveryField()
    {
        ArchiveStore store;
        QString error;
        QVERIFY2(store.open(newPath(), &error), qPrintable(error));
        QList<Tweet> in = testing::fixtureTweets();
        in[1].rawJson = R"({"id":"x","text":"raw"})";
        in[1].format = TweetFormat::Original;
        in[2].matchingRules = { QStringLiteral("rule one"), QStringLiteral("rule two") };
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(in)));
        QCOMPARE(store.tweetCount(), in.size());

        SearchParams p;
        p.query = QStringLiteral("cats OR eclipse OR nuclear OR paris OR korea OR memes");
        p.maxResults = 100;
        const SearchPage page = mustSearch(store, p);
        QCOMPARE(page.tweets.size(), in.size());
        QVERIFY(page.nextToken.isEmpty());
        for (const StoredTweet &s : page.tweets) {
            const Tweet &a = s.tweet;
            auto it = std::find_if(in.begin(), in.end(), [&](const Tweet &t) { return t.id == a.id; });
            QVERIFY(it != in.end());
            const Tweet &b = *it;
            QCOMPARE(a.createdAtMs, b.createdAtMs);
            QCOMPARE(a.format, b.format);
            QCOMPARE(s.rawFormat, b.format);
            QCOMPARE(a.type, b.type);
            QCOMPARE(a.text, b.text);
            QCOMPARE(a.allText, b.allText);
            QCOMPARE(a.authorId, b.authorId);
            QCOMPARE(a.authorUsername, b.authorUsername);
            QCOMPARE(a.authorName, b.authorName);
            QCOMPARE(a.authorFollowers, b.authorFollowers);
            QCOMPARE(a.authorVerified, b.authorVerified);
            QCOMPARE(a.lang, b.lang);
            QCOMPARE(a.hashtags, b.hashtags);
            QCOMPARE(a.cashtags, b.cashtags);
            QCOMPARE(a.mentions, b.mentions);
            QCOMPARE(a.urls, b.urls);
            QCOMPARE(a.mediaUrls, b.mediaUrls);
            QCOMPARE(a.likeCount, b.likeCount);
            QCOMPARE(a.retweetCount, b.retweetCount);
            QCOMPARE(a.replyCount, b.replyCount);
            QCOMPARE(a.quoteCount, b.quoteCount);
            QCOMPARE(a.inReplyToStatusId, b.inReplyToStatusId);
            QCOMPARE(a.inReplyToUserId, b.inReplyToUserId);
            QCOMPARE(a.conversationId, b.conversationId);
            QCOMPARE(a.retweetedId, b.retweetedId);
            QCOMPARE(a.retweetedText, b.retweetedText);
            QCOMPARE(a.quotedId, b.quotedId);
            QCOMPARE(a.quotedText, b.quotedText);
            QCOMPARE(a.source, b.source);
            QCOMPARE(a.coordinates, b.coordinates);
            QCOMPARE(a.placeFullName, b.placeFullName);
            QCOMPARE(a.placeCountryCode, b.placeCountryCode);
            QCOMPARE(a.matchingRules, b.matchingRules);
            QCOMPARE(a.rawJson, b.rawJson);
        }
        const auto span = store.timeSpan();
        QVERIFY(span);
        QCOMPARE(span->first, in.first().createdAtMs);
        QCOMPARE(span->second, in.last().createdAtMs);
    }

    // Reads by id (exports of chosen rows) give what the store holds: every column, the ids'
    // order, missing ids left out, a repeated id once, raw JSON only when asked for.
    void tweetsByIdInTheirOrder()
    {
        ArchiveStore store;
        QString error;
        QVERIFY2(store.open(newPath(), &error), qPrintable(error));
        QList<Tweet> in = testing::fixtureTweets();
        in[0].cashtags = { QStringLiteral("AAPL"), QStringLiteral("TSLA") };
        in[0].urls = { QStringLiteral("https://example.com/a?b=c,d e"), QStringLiteral("https://t.co/x") };
        in[0].mediaUrls = { QStringLiteral("https://pbs.twimg.com/media/x.jpg") };
        in[0].coordinates = Coordinates { -33.86785, 151.20732 };
        in[0].conversationId = QStringLiteral("1391677057810288641");
        in[0].matchingRules = { QStringLiteral("rule, one"), QStringLiteral("rule two") };
        in[1].rawJson = R"({"id":"x","text":"raw"})";
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(in)));
        QHash<quint64, Tweet> stored;
        QVERIFY(store.forEachTweet([&](const StoredTweet &s) {
            stored.insert(s.tweet.id.toULongLong(), s.tweet);
            return true;
        }));
        QCOMPARE(stored.size(), in.size());
        QCOMPARE(differingField(stored.value(in[0].id.toULongLong()), in[0]), QString());

        std::vector<quint64> ids;
        for (qsizetype i = in.size() - 1; i >= 0; --i)
            ids.push_back(in.at(i).id.toULongLong());
        ids.insert(ids.begin() + 1, 42); // not stored
        ids.push_back(ids.front()); // listed twice
        const auto read = store.tweetsById(ids, true, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->size(), in.size());
        for (qsizetype i = 0; i < read->size(); ++i) {
            const Tweet &t = read->at(i).tweet;
            QCOMPARE(t.id, in.at(in.size() - 1 - i).id);
            QCOMPARE(differingField(t, stored.value(t.id.toULongLong())), QString());
        }
        const auto withoutRaw = store.tweetsById(ids, false, &error);
        QVERIFY2(withoutRaw, qPrintable(error));
        QCOMPARE(withoutRaw->size(), in.size());
        for (const StoredTweet &s : *withoutRaw) {
            QVERIFY(s.tweet.rawJson.isEmpty());
            Tweet expected = stored.value(s.tweet.id.toULongLong());
            expected.rawJson.clear();
            QCOMPARE(differingField(s.tweet, expected), QString());
        }
        QCOMPARE(store.tweetsById({}, true, &error)->size(), 0);
        store.close();
        QVERIFY(!store.tweetsById(ids, true, &error));
        QVERIFY(!error.isEmpty());
    }

    void paginationReachesTheEndWithoutGapsOrDuplicates_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("expected");
        QTest::addRow("keyword, pages of 10") << QStringLiteral("eclipse") << 10 << 667;
        QTest::addRow("keyword, pages of 100") << QStringLiteral("tweet") << 100 << 2000;
        QTest::addRow("AND NOT") << QStringLiteral("eclipse -cats") << 50 << 533;
        QTest::addRow("operator only") << QStringLiteral("from:user3") << 7 << 118;
        QTest::addRow("geo, SQL driven") << QStringLiteral("point_radius:[0 0 1km] OR number") << 100 << 2000;
    }

    void paginationReachesTheEndWithoutGapsOrDuplicates()
    {
        QFETCH(QString, query);
        QFETCH(int, pageSize);
        QFETCH(int, expected);
        ArchiveStore &store = m_paged;
        if (!store.isOpen()) {
            QString error;
            QVERIFY(store.open(newPath(), &error));
            QVERIFY(std::holds_alternative<InsertStats>(store.insert(manyTweets(2000))));
        }
        SearchParams p;
        p.query = query;
        p.maxResults = pageSize;
        QSet<QString> seen;
        qint64 previous = std::numeric_limits<qint64>::max();
        int pages = 0;
        while (true) {
            const SearchPage page = mustSearch(store, p);
            ++pages;
            QVERIFY(!page.tweets.isEmpty() || pages == 1);
            QVERIFY(page.tweets.size() <= pageSize);
            for (const StoredTweet &s : page.tweets) {
                QVERIFY2(!seen.contains(s.tweet.id), "duplicate across pages");
                seen.insert(s.tweet.id);
                QVERIFY2(s.tweet.createdAtMs < previous, "not reverse-chronological");
                previous = s.tweet.createdAtMs;
            }
            if (page.nextToken.isEmpty())
                break;
            QCOMPARE(page.tweets.size(), pageSize);
            p.pageToken = page.nextToken;
        }
        QCOMPARE(seen.size(), expected);
    }

    void tokensAreStable()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(manyTweets(300))));
        SearchParams p;
        p.query = QStringLiteral("tweet");
        p.maxResults = 25;
        const SearchPage first = mustSearch(store, p);
        p.pageToken = first.nextToken;
        const SearchPage second = mustSearch(store, p);
        // Same token, later, after the archive grew with newer tweets: the same page.
        QList<Tweet> newer = manyTweets(10, 3000);
        for (Tweet &t : newer) {
            t.createdAtMs += 86400000LL * 5;
            t.id = testing::snowflake(t.createdAtMs, 3000 + int(&t - newer.data()));
        }
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(newer)));
        ArchiveStore other; // and from another connection (another service thread)
        QVERIFY(other.open(store.path(), &error, true));
        for (ArchiveStore *s : { &store, &other }) {
            const SearchPage again = mustSearch(*s, p);
            QCOMPARE(again.tweets.size(), second.tweets.size());
            for (int i = 0; i < again.tweets.size(); ++i)
                QCOMPARE(again.tweets[i].tweet.id, second.tweets[i].tweet.id);
            QCOMPARE(again.nextToken, second.nextToken);
        }
        p.pageToken = QStringLiteral("not-a-token!");
        QVERIFY(std::holds_alternative<QueryError>(store.search(p)));
    }

    void boundsAreInclusiveAndExclusive()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        const QList<Tweet> all = manyTweets(100);
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(all)));
        auto ids = [&](const SearchParams &p) {
            QStringList out;
            for (const StoredTweet &s : mustSearch(store, p).tweets)
                out.append(s.tweet.id);
            return out;
        };
        SearchParams p;
        p.query = QStringLiteral("tweet");
        p.maxResults = 500;
        p.startMs = all[10].createdAtMs; // inclusive
        p.endMs = all[20].createdAtMs; // exclusive
        QStringList got = ids(p);
        QCOMPARE(got.size(), 10);
        QCOMPARE(got.first(), all[19].id);
        QCOMPARE(got.last(), all[10].id);

        p.startMs.reset();
        p.endMs.reset();
        p.sinceId = all[10].id.toULongLong(); // exclusive
        p.untilId = all[20].id.toULongLong(); // exclusive
        got = ids(p);
        QCOMPARE(got.size(), 9);
        QCOMPARE(got.first(), all[19].id);
        QCOMPARE(got.last(), all[11].id);
    }

    void countsBucketByGranularity()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        const QList<Tweet> all = manyTweets(1000); // one every 7 s from 12:00 for ~1h57m
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(all)));
        const qint64 start = testing::baseMs();
        const qint64 end = start + 2 * 3600000LL;
        auto r = store.counts(QStringLiteral("tweet"), 1024, start, end, Granularity::Hour);
        QVERIFY(std::holds_alternative<QList<CountBucket>>(r));
        const auto hours = std::get<QList<CountBucket>>(r);
        QCOMPARE(hours.size(), 2);
        QCOMPARE(hours[0].startMs, start);
        QCOMPARE(hours[0].endMs, start + 3600000LL);
        QCOMPARE(hours[0].count, 515); // 0 s .. 3598 s
        QCOMPARE(hours[1].count, 485);
        auto m = store.counts(QStringLiteral("eclipse"), 1024, start, start + 600000, Granularity::Minute);
        const auto minutes = std::get<QList<CountBucket>>(m);
        QCOMPARE(minutes.size(), 10);
        qint64 total = 0;
        for (const CountBucket &b : minutes)
            total += b.count;
        QCOMPARE(total, 29); // tweets 0..85 are before 600 s; every third one: 0, 3, ..., 84
        auto d = store.counts(QStringLiteral("cats"), 1024, start - 3600000, end, Granularity::Day);
        const auto days = std::get<QList<CountBucket>>(d);
        QCOMPARE(days.size(), 1);
        QCOMPARE(days[0].startMs, start - 3600000);
        QCOMPARE(days[0].count, 200);
        QVERIFY(std::holds_alternative<QueryError>(
            store.counts(QStringLiteral("is:reply"), 1024, start, end, Granularity::Hour)));
    }

    void duplicatesAreSkipped()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        const QList<Tweet> all = manyTweets(50);
        auto r1 = store.insert(all.mid(0, 30));
        QCOMPARE(std::get<InsertStats>(r1).inserted, 30);
        QList<Tweet> again = all.mid(20, 30);
        again.append(all[25]); // twice in one batch
        auto r2 = store.insert(again);
        QCOMPARE(std::get<InsertStats>(r2).inserted, 20);
        QCOMPARE(std::get<InsertStats>(r2).duplicates, 11);
        QCOMPARE(store.tweetCount(), 50);
        SearchParams p;
        p.query = QStringLiteral("tweet");
        p.maxResults = 100;
        QCOMPARE(mustSearch(store, p).tweets.size(), 50);
    }

    void idsThatAreNotSnowflakesStillSortByTime()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        QList<Tweet> in;
        for (int i = 0; i < 5; ++i) {
            Tweet t = testing::makeTweet(i, QStringLiteral("old tweet"), QStringLiteral("1"), QStringLiteral("a"));
            t.id = QString::number(1000 - i); // ids going down while time goes up (pre-2010 style)
            in.append(t);
        }
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(in)));
        SearchParams p;
        p.query = QStringLiteral("old");
        p.maxResults = 2;
        QStringList got;
        do {
            const SearchPage page = mustSearch(store, p);
            for (const StoredTweet &s : page.tweets)
                got.append(s.tweet.id);
            p.pageToken = page.nextToken;
        } while (!p.pageToken.isEmpty());
        QCOMPARE(got, (QStringList { u"996"_qs, u"997"_qs, u"998"_qs, u"999"_qs, u"1000"_qs }));
        p.pageToken.clear();
        p.maxResults = 10;
        p.sinceId = 997;
        QCOMPARE(mustSearch(store, p).tweets.size(), 3);
    }

    void readOnlyStoreRefusesWritesAndStaysIntact()
    {
        const QString path = newPath();
        {
            ArchiveStore store;
            QString error;
            QVERIFY(store.open(path, &error));
            QVERIFY(std::holds_alternative<InsertStats>(store.insert(manyTweets(20))));
        }
        ArchiveStore ro;
        QString error;
        QVERIFY2(ro.open(path, &error, true), qPrintable(error));
        auto r = ro.insert(manyTweets(5, 900));
        QVERIFY(std::holds_alternative<StoreError>(r));
        QVERIFY(!std::get<StoreError>(r).message.isEmpty());
        QCOMPARE(ro.tweetCount(), 20);
        QVERIFY(!ro.open(m_dir.filePath(QStringLiteral("missing.sqlite")), &error, true));
        QVERIFY(error.contains(u"no such archive"_qs));
    }

    void fullDiskRollsBackTheWholeBatch()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(manyTweets(100))));
        store.setSizeLimit(QFileInfo(store.path()).size() + 8192);
        auto r = store.insert(manyTweets(3000, 500));
        QVERIFY(std::holds_alternative<StoreError>(r));
        QVERIFY2(std::get<StoreError>(r).message.contains(u"full"_qs), qPrintable(std::get<StoreError>(r).message));
        QCOMPARE(store.tweetCount(), 100);
        SearchParams p;
        p.query = QStringLiteral("tweet");
        p.maxResults = 500;
        QCOMPARE(mustSearch(store, p).tweets.size(), 100);
        store.setSizeLimit(0);
        QCOMPARE(std::get<InsertStats>(store.insert(manyTweets(10, 9000))).inserted, 10);
    }

    void newestFirstPagesWriteOneIndexSegmentEach()
    {
        // API pages come newest first. FTS5 starts a new index segment whenever a row's key is
        // below the previous one's: rows out of key order would write one segment per tweet.
        const QString path = m_dir.filePath(QStringLiteral("newest-first.sqlite"));
        ArchiveStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QSqlQuery raw(rawConnection(path));
        // No merging, so that the segments written are the segments left.
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO tweets_fts(tweets_fts, rank) VALUES('automerge', 0)")));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO tweets_fts(tweets_fts, rank) VALUES('crisismerge', 1000)")));
        QList<Tweet> all = manyTweets(200);
        std::reverse(all.begin(), all.end());
        store.close();
        QVERIFY2(store.open(path, &error), qPrintable(error));
        for (int page = 0; page < 10; ++page)
            QCOMPARE(std::get<InsertStats>(store.insert(all.mid(page * 20, 20))).inserted, 20);
        QVERIFY(raw.exec(QStringLiteral("SELECT count(DISTINCT segid) FROM tweets_fts_idx")) && raw.next());
        QCOMPARE(raw.value(0).toInt(), 10);
        SearchParams p;
        p.query = QStringLiteral("eclipse");
        p.maxResults = 500;
        QCOMPARE(mustSearch(store, p).tweets.size(), 67);
    }

    void retweetOfAnAuthorNeverSeenIsFoundByTheirId()
    {
        // Newest-first input brings a retweet before its original author's own tweets (if any):
        // the id comes from the payload's retweeted tweet.
        const QString path = m_dir.filePath(QStringLiteral("retweet-author.sqlite"));
        ArchiveStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        Tweet rt = manyTweets(1, 500).front();
        rt.type = TweetType::Retweet;
        rt.text = QStringLiteral("RT @carol: hello from carol");
        rt.retweetedId = testing::snowflake(testing::baseMs() - 60000, 7);
        rt.retweetedText = QStringLiteral("hello from carol");
        rt.retweetedAuthorId = QStringLiteral("4242");
        rt.mentions = { QStringLiteral("carol") };
        QCOMPARE(std::get<InsertStats>(store.insert({ rt })).inserted, 1);
        for (const char *q : { "retweets_of:4242", "retweets_of:carol", "retweets_of:CAROL" }) {
            SearchParams p;
            p.query = QString::fromLatin1(q);
            const SearchPage page = mustSearch(store, p);
            QCOMPARE(page.tweets.size(), 1);
            QCOMPARE(page.tweets.front().tweet.id, rt.id);
        }
        SearchParams other;
        other.query = QStringLiteral("retweets_of:4243");
        QVERIFY(mustSearch(store, other).tweets.isEmpty());
    }

    void notAnArchive()
    {
        const QString path = m_dir.filePath(QStringLiteral("junk.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        // Refused by its first bytes, with a sentence and no SQLite error (nor a logged warning),
        // read-write or read-only, and left as it was.
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        for (const bool readOnly : { false, true }) {
            ArchiveStore store;
            QString error;
            QVERIFY(!store.open(path, &error, readOnly));
            QCOMPARE(error,
                path
                    + QStringLiteral(": not a Tweetscope archive or collection (not an SQLite file); it was left "
                                     "unchanged"));
            QVERIFY(!store.isOpen());
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray(4096, 'x'));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    // An archive cut short (a copy that stopped, a crash that tore the file) is said to be
    // unreadable with SQLite's reason and what to do, not "not a Tweetscope archive"; it is left
    // as it was.
    void archiveCutShortIsUnreadableAndLeftAlone()
    {
        const QString path = m_dir.filePath(QStringLiteral("cut.sqlite"));
        {
            ArchiveStore store;
            QString error;
            QVERIFY2(store.open(path, &error), qPrintable(error));
            QVERIFY(std::holds_alternative<InsertStats>(store.insert(manyTweets(2000))));
        }
        QFile f(path);
        QVERIFY(f.size() > 8 * 4096);
        QVERIFY(f.resize(4096)); // the first page only: the schema's other pages are gone
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        for (const bool readOnly : { false, true }) {
            ArchiveStore store;
            QString error;
            QVERIFY(!store.open(path, &error, readOnly));
            QVERIFY2(error.startsWith(path + QStringLiteral(": cannot read the archive (database disk image is malformed); ")),
                qPrintable(error));
            QVERIFY2(error.endsWith(QStringLiteral("delete it and run that again")), qPrintable(error));
            QVERIFY(!store.isOpen());
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    // An SQLite file of another program (an --out or --db that names the wrong file) gets no
    // archive tables added; an empty SQLite file becomes an archive.
    void anotherProgramsSqliteFileIsLeftAlone()
    {
        const QString path = m_dir.filePath(QStringLiteral("places.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE bookmarks (url TEXT)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        for (const bool readOnly : { false, true }) {
            ArchiveStore store;
            QString error;
            QVERIFY(!store.open(path, &error, readOnly));
            QVERIFY2(error.contains(QStringLiteral("an SQLite file of another program")), qPrintable(error));
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT group_concat(name) FROM sqlite_master")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("bookmarks"));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));

        const QString empty = m_dir.filePath(QStringLiteral("empty.sqlite"));
        QFile f(empty);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        ArchiveStore store;
        QString error;
        QVERIFY2(store.open(empty, &error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_ArchiveStore)
#include "tst_archivestore.moc"
