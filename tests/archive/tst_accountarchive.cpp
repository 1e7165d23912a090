// SPDX-License-Identifier: MIT
// Importing the X account archive (docs/x-account-archive.md) from a ZIP that the test writes
// itself with libarchive, in the shape X gives it: tweets in several parts, the owner in
// account.js (after the tweets in the ZIP), likes, direct messages, media and other files that
// are not the owner's tweets, string counts, a malformed element and a broken entry.
#include "archive/accountarchive.h"
#include "archive/archivestore.h"
#include "archive/importer.h"

#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

using namespace ts;
using namespace ts::archive;

namespace {

using Entries = QList<std::pair<QString, QByteArray>>;

bool writeZip(const QString &path, const Entries &entries)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    bool ok = archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    for (const auto &[name, data] : entries) {
        if (!ok)
            break;
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, name.toUtf8().constData());
        archive_entry_set_size(e, data.size());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        ok = archive_write_header(a, e) == ARCHIVE_OK
            && archive_write_data(a, data.constData(), size_t(data.size())) == la_ssize_t(data.size());
        archive_entry_free(e);
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

/// One element of tweets.js as X writes it: pretty-printed, every number a string.
QByteArray tweet(const QString &id, const QString &text, const QString &extra = {})
{
    return QStringLiteral(R"(  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "%1" ], "editsRemaining" : "5", "isEditEligible" : false } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ { "text" : "archived", "indices" : [ "0", "9" ] } ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [ "0", "40" ],
      "favorite_count" : "7",
      "id_str" : "%1",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "%1",
      "created_at" : "Sat Feb 18 12:33:11 +0000 2023",
      "favorited" : false,
      "full_text" : "%2",%3
      "lang" : "en"
    }
  })")
        .arg(id, text, extra)
        .toUtf8();
}

QByteArray ytd(const QByteArray &name, const QList<QByteArray> &elements)
{
    QByteArray out = "window.YTD." + name + " = [\n";
    for (qsizetype i = 0; i < elements.size(); ++i)
        out += elements[i] + (i + 1 < elements.size() ? ",\n" : "\n");
    return out + "]";
}

const QByteArray accountJs = R"(window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "owner@example.org",
      "createdVia" : "web",
      "username" : "archiveowner",
      "accountId" : "322603863",
      "createdAt" : "2011-06-23T13:04:14.000Z",
      "accountDisplayName" : "The Owner"
    }
  }
])";

Entries sampleArchive()
{
    const QByteArray reply = tweet(u"1626922779105759235"_qs, u"#archived reply to someone"_qs,
        QStringLiteral("\n      \"in_reply_to_status_id_str\" : \"1626916612560281601\",\n"
                       "      \"in_reply_to_user_id_str\" : \"732980797985148928\",\n"
                       "      \"in_reply_to_screen_name\" : \"someone\","));
    const QByteArray retweet = tweet(u"1626922779105759236"_qs, u"RT @other: #archived what they said"_qs);
    const QByteArray plain = tweet(u"1626922779105759237"_qs, u"#archived my own words"_qs);
    const QByteArray part1 = tweet(u"1626922779105759238"_qs, u"#archived in the second part"_qs);
    const QByteArray noId
        = R"(  { "tweet" : { "full_text" : "no id here", "created_at" : "Sat Feb 18 12:33:11 +0000 2023" } })";
    const QByteArray part2 = tweet(u"1626922779105759239"_qs, u"#archived before the break"_qs);
    return {
        { u"Your archive.html"_qs, "<html></html>" },
        { u"data/tweets.js"_qs, ytd("tweets.part0", { plain, reply, retweet }) },
        { u"data/tweets-part1.js"_qs, ytd("tweets.part1", { part1, noId, plain }) },
        // Broken: no comma between two elements, then cut short.
        { u"data/tweets-part2.js"_qs, "window.YTD.tweets.part2 = [\n" + part2 + "\n" + part1 + "\n" },
        { u"data/like.js"_qs,
            R"(window.YTD.like.part0 = [ { "like" : { "tweetId" : "1111111111111111111", "fullText" : "liked",
              "expandedUrl" : "https://twitter.com/i/web/status/1111111111111111111" } } ])" },
        { u"data/direct-messages.js"_qs,
            R"(window.YTD.direct_messages.part0 = [ { "dmConversation" : { "conversationId" : "1-2",
              "messages" : [ { "messageCreate" : { "id" : "2222222222222222222", "text" : "secret" } } ] } } ])" },
        { u"data/tweets_media/1626922779105759237-abc.jpg"_qs, QByteArray("\xff\xd8\xff\xe0 not really a jpeg", 22) },
        { u"data/follower.js"_qs, R"(window.YTD.follower.part0 = [ ])" },
        { u"data/account.js"_qs, accountJs },
    };
}

} // namespace

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
