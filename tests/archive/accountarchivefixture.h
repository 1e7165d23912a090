// SPDX-License-Identifier: MIT
// A small X account archive ZIP in X's shape (docs/x-account-archive.md), written by the tests
// themselves with libarchive's writer: tst_accountarchive and tst_importrunner.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <archive.h>
#include <archive_entry.h>

#include <utility>

namespace accountarchivefixture {

using Entries = QList<std::pair<QString, QByteArray>>;

inline bool writeZip(const QString &path, const Entries &entries)
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
inline QByteArray tweet(const QString &id, const QString &text, const QString &extra = {})
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

inline QByteArray ytd(const QByteArray &name, const QList<QByteArray> &elements)
{
    QByteArray out = "window.YTD." + name + " = [\n";
    for (qsizetype i = 0; i < elements.size(); ++i)
        out += elements[i] + (i + 1 < elements.size() ? ",\n" : "\n");
    return out + "]";
}

inline const QByteArray accountJs = R"(window.YTD.account.part0 = [
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

inline Entries sampleArchive()
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

} // namespace accountarchivefixture
