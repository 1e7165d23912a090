// SPDX-License-Identifier: MIT
// Importing the X account archive (docs/x-account-archive.md) from a ZIP that the test writes
// itself with libarchive, in the shape X gives it: tweets in several parts, the owner in
// account.js (after the tweets in the ZIP), likes, direct messages, media and other files that
// are not the owner's tweets, string counts, a malformed element and a broken entry.
#include "archive/accountarchive.h"
#include "archive/accountarchivefixture.h"
#include "archive/archivestore.h"
#include "archive/importer.h"

#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::archive;

using namespace accountarchivefixture;

class tst_AccountArchive : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void entryKinds()
    {
        using K = AccountArchive::Kind;
        QCOMPARE(AccountArchive::kindOf(u"data/tweets.js"_qs), K::Tweets);
        QCOMPARE(AccountArchive::kindOf(u"twitter-2024/data/tweets-part12.js"_qs), K::Tweets);
        QCOMPARE(AccountArchive::kindOf(u"data/tweet.js"_qs), K::Tweets);
        QCOMPARE(AccountArchive::kindOf(u"data/community-tweet.js"_qs), K::Tweets);
        QCOMPARE(AccountArchive::kindOf(u"data/account.js"_qs), K::Account);
        QCOMPARE(AccountArchive::kindOf(u"data/like-part1.js"_qs), K::Likes);
        QCOMPARE(AccountArchive::kindOf(u"data/direct-messages-group.js"_qs), K::DirectMessages);
        QCOMPARE(AccountArchive::kindOf(u"data/deleted-tweets.js"_qs), K::DeletedTweets);
        QCOMPARE(AccountArchive::kindOf(u"data/note-tweet.js"_qs), K::NoteTweets);
        QCOMPARE(AccountArchive::kindOf(u"data/tweets_media/1-a.jpg"_qs), K::Media);
        QCOMPARE(AccountArchive::kindOf(u"data/tweet-headers.js"_qs), K::Other);
        QCOMPARE(AccountArchive::kindOf(u"data/follower.js"_qs), K::Other);
    }

    void importsTheOwnersTweetsOnly()
    {
        // Named .bin: a ZIP is known by its first bytes, not by its name.
        const QString zip = m_dir.filePath(u"archive.bin"_qs);
        QVERIFY(writeZip(zip, sampleArchive()));
        ArchiveStore store;
        QString error;
        QVERIFY2(store.open(m_dir.filePath(u"a.sqlite"_qs), &error), qPrintable(error));
        Importer importer(store);
        QStringList problems;
        importer.setProblemHandler([&](const QString &m) { problems.append(m); });
        qint64 lastProgress = 0;
        importer.setProgressHandler([&](qint64 bytes) {
            lastProgress = bytes;
            return true;
        });
        QVERIFY2(importer.importFile(zip, &error), qPrintable(error));
        QVERIFY2(importer.finish(&error), qPrintable(error));

        const ImportStats &s = importer.stats();
        QCOMPARE(s.read, 6); // 3 + 2 (one a duplicate) + 1 before the break
        QCOMPARE(s.inserted, 5);
        QCOMPARE(s.duplicates, 1);
        QCOMPARE(s.badLines, 2); // the element without id, the broken entry
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems[0].startsWith(zip + u":data/tweets-part1.js:25: element 1: not a tweet: no 'id' key"_qs),
            qPrintable(problems[0]));
        QVERIFY2(problems[1].startsWith(zip + u":data/tweets-part2.js: line 25: expected ',' or ']'"_qs),
            qPrintable(problems[1]));
        QVERIFY(lastProgress > 0);

        const QString notes = importer.notes().join(u'\n');
        QVERIFY2(notes.contains(u"account archive of @archiveowner (322603863)"_qs), qPrintable(notes));
        QVERIFY2(notes.contains(u"3 tweets files"_qs), qPrintable(notes));
        QVERIFY2(notes.contains(u"likes (1 file)"_qs), qPrintable(notes));
        QVERIFY2(notes.contains(u"direct messages (1 file)"_qs), qPrintable(notes));
        QVERIFY2(notes.contains(u"media (1 file)"_qs), qPrintable(notes));
        QVERIFY2(notes.contains(u"other (2 files)"_qs), qPrintable(notes));

        QHash<QString, Tweet> stored;
        QVERIFY(store.forEachTweet([&](const StoredTweet &t) {
            stored.insert(t.tweet.id, t.tweet);
            return true;
        }));
        QCOMPARE(stored.size(), 5);
        QVERIFY(!stored.contains(u"1111111111111111111"_qs)); // a like
        QVERIFY(!stored.contains(u"2222222222222222222"_qs)); // a direct message
        for (const Tweet &t : std::as_const(stored)) {
            QCOMPARE(t.authorId, u"322603863"_qs);
            QCOMPARE(t.authorUsername, u"archiveowner"_qs);
            QCOMPARE(t.likeCount, 7); // "7": a string in the archive
            QCOMPARE(t.retweetCount, 3);
            QCOMPARE(t.createdAtMs, 1676723591000LL); // Sat Feb 18 12:33:11 +0000 2023
            QCOMPARE(t.hashtags, QStringList { u"archived"_qs });
            QCOMPARE(t.lang, u"en"_qs);
        }
        const Tweet &reply = stored[u"1626922779105759235"_qs];
        QCOMPARE(reply.type, TweetType::Reply);
        QCOMPARE(reply.inReplyToStatusId, u"1626916612560281601"_qs);
        QCOMPARE(stored[u"1626922779105759236"_qs].type, TweetType::Retweet);
        QCOMPARE(stored[u"1626922779105759237"_qs].type, TweetType::Tweet);
        QCOMPARE(stored[u"1626922779105759237"_qs].text, u"#archived my own words"_qs);
        QVERIFY(stored[u"1626922779105759237"_qs].rawJson.startsWith("{\n      \"edit_info\""));

        SearchParams p;
        p.query = u"from:archiveowner #archived"_qs;
        p.maxResults = 100;
        QCOMPARE(std::get<SearchPage>(store.search(p)).tweets.size(), 5);

        // The same archive again: deduplicated by id, nothing new.
        Importer again(store);
        QVERIFY(again.importFile(zip, &error));
        QVERIFY(again.finish(&error));
        QCOMPARE(again.stats().inserted, 0);
        QCOMPARE(again.stats().duplicates, 6);
    }

    void olderArchiveAndMissingOwner()
    {
        // tweet.js of older archives: bare tweet objects, no {"tweet": ...} wrapper.
        QByteArray bare = tweet(u"1626922779105759240"_qs, u"#archived older"_qs);
        bare = bare.mid(bare.indexOf("\"tweet\" : ") + 10);
        bare.chop(bare.size() - bare.lastIndexOf('}'));
        const QString older = m_dir.filePath(u"older.zip"_qs);
        QVERIFY(writeZip(
            older, { { u"data/account.js"_qs, accountJs }, { u"data/tweet.js"_qs, ytd("tweet.part0", { bare }) } }));
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(m_dir.filePath(u"older.sqlite"_qs), &error));
        Importer importer(store);
        QVERIFY2(importer.importFile(older, &error), qPrintable(error));
        QVERIFY(importer.finish(&error));
        QCOMPARE(importer.stats().inserted, 1);
        QCOMPARE(importer.stats().badLines, 0);

        // No account.js: nothing is imported, and the error says why.
        const QString ownerless = m_dir.filePath(u"ownerless.zip"_qs);
        QVERIFY(writeZip(ownerless, { { u"data/tweets.js"_qs, ytd("tweets.part0", { bare }) } }));
        Importer none(store);
        QVERIFY(!none.importFile(ownerless, &error));
        QVERIFY2(error.contains(u"no data/account.js"_qs), qPrintable(error));
        QCOMPARE(none.stats().read, 0);
    }

    void commandLine()
    {
        const QString zip = m_dir.filePath(u"cli-archive.zip"_qs);
        QVERIFY(writeZip(zip, sampleArchive()));
        QProcess p;
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-archive"),
            { u"import"_qs, u"--db"_qs, m_dir.filePath(u"cli.sqlite"_qs), zip });
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1); // two bad elements
        QVERIFY2(out.contains(u"account archive of @archiveowner (322603863)"_qs), qPrintable(out));
        QVERIFY2(out.contains(u"5 inserted, 1 duplicates, 2 bad lines"_qs), qPrintable(out));
        QVERIFY2(err.contains(u"data/tweets-part1.js:25: element 1: "_qs), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(tst_AccountArchive)
#include "tst_accountarchive.moc"
