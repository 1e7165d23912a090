// SPDX-License-Identifier: MIT
// The tweet parser on every real fixture file (tests/data/fixtures) and on hand-written edge cases.
#include "fixtures.h"

#include "tweet/normalizedjson.h"
#include "tweet/tweettime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ts;

class TestTweetParser : public QObject
{
    Q_OBJECT

private slots:
    void everyFixtureFile_data();
    void everyFixtureFile();

    void originalExtendedTweetHasFullTextAndExtendedEntities();
    void htmlEntitiesAreDecodedInText();
    void originalQuoteAndRetweet();
    void originalRetweetMentions();
    void geoOrderIsLatLon_data();
    void geoOrderIsLatLon();
    void originalAndActivityStreamsPairsAgree();
    void originalCountsAndMatchingRules();
    void activityStreamsLongObject();

    void v2AuthorsAreResolvedFromIncludes();
    void v2RetweetGetsFullTextAndMentions();
    void v2QuoteAndReply();
    void v2MediaAndPlace();
    void v2PartialErrorsAreKept_data();
    void v2PartialErrorsAreKept();
    void v2PageMeta();
    void v2StreamLinesAndTruncatedLine();
    void tweepyMinimalResponses();
    void countsPageIsAClearError();
    void v2IncludesAreResolvedWhereverTheyStand_data();
    void v2IncludesAreResolvedWhereverTheyStand();

    void brokenPayloads();
    void publicApiCompatTweetsDoNotFail();

    void rawJsonOutlivesItsPageAndParser();
    void corruptIncludedTweetDoesNotLoseThePage_data();
    void corruptIncludedTweetDoesNotLoseThePage();
    void corruptIncludedTweetInARealPage();
    void parseInPlaceSharesThePaddedInput();
    void handWrittenEdgeCases_data();
    void handWrittenEdgeCases();
    void timestamps_data();
    void timestamps();
};

void TestTweetParser::everyFixtureFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("okLines");
    QTest::addColumn<int>("failedLines");
    QTest::addColumn<int>("tweets");
    QTest::addColumn<int>("apiErrors");
    QTest::addColumn<QString>("format");

    // Counts from each fixture's SOURCE.md.
    QTest::addRow("brexit") << u"twarc-csv/brexit.jsonl"_qs << 1 << 0 << 100 << 0 << u"v2"_qs;
    QTest::addRow("kpop") << u"twarc-csv/kpop.jsonl"_qs << 1 << 0 << 100 << 1 << u"v2"_qs;
    QTest::addRow("noflat") << u"twarc-csv/noflat.jsonl"_qs << 1 << 0 << 100 << 1 << u"v2"_qs;
    QTest::addRow("media_policy") << u"twarc-csv/media_policy_violation_off.jsonl"_qs << 1 << 0 << 100 << 0 << u"v2"_qs;
    QTest::addRow("entities_test") << u"twarc-csv/entities_test.jsonl"_qs << 1 << 0 << 474 << 11 << u"v2"_qs;
    QTest::addRow("two_tweets") << u"twarc-csv/two_tweets.jsonl"_qs << 1 << 0 << 1 << 0 << u"v2"_qs;
    QTest::addRow("withheld") << u"twarc-csv/withheld.jsonl"_qs << 5 << 0 << 215 << 5 << u"v2"_qs;
    QTest::addRow("streaming") << u"twarc-csv/streaming_output_with_error.jsonl"_qs << 7 << 1 << 7 << 0 << u"v2"_qs;
    QTest::addRow("counts") << u"twarc-csv/counts.jsonl"_qs << 0 << 1 << 0 << 0 << u"v2"_qs;
    for (const char *f : { "cashtags", "cotweet", "edited", "edited_after", "edited_before", "quoted_edit", "many_urls",
             "media_tweet", "mentions_tweet", "verified_type" })
        QTest::addRow("%s", f) << QStringLiteral("twarc-csv/%1.jsonl").arg(QLatin1String(f)) << 1 << 0 << 1 << 0
                               << u"v2"_qs;
    QTest::addRow("geo_tweets") << u"twarc-csv/geo_tweets.jsonl"_qs << 2 << 0 << 2 << 0 << u"v2"_qs;
    QTest::addRow("tweepy_recent") << u"tweepy/test_client_search_recent_tweets.response_body.json"_qs << 1 << 0 << 10
                                   << 0 << u"v2"_qs;
    QTest::addRow("tweepy_all") << u"tweepy/test_client_search_all_tweets.response_body.json"_qs << 1 << 0 << 10 << 0
                                << u"v2"_qs;
    QTest::addRow("original") << u"tweet_parser/original_format_examples.json"_qs << 25 << 0 << 25 << 0
                              << u"original"_qs;
    QTest::addRow("activity") << u"tweet_parser/activity_streams_examples.json"_qs << 25 << 0 << 25 << 0
                              << u"activity_streams"_qs;
    const QString broken = u"tweet_parser/broken_and_unsupported_payloads/"_qs;
    // Despite its name this file holds an original-format tweet (SOURCE.md).
    QTest::addRow("as_additional") << broken + u"activity_streams_additional_field.json"_qs << 1 << 0 << 1 << 0
                                   << u"original"_qs;
    QTest::addRow("as_missing") << broken + u"activity_streams_missing_field.json"_qs << 1 << 0 << 1 << 0
                                << u"activity_streams"_qs;
    QTest::addRow("of_additional") << broken + u"original_format_additional_field.json"_qs << 1 << 0 << 1 << 0
                                   << u"original"_qs;
    QTest::addRow("of_missing") << broken + u"original_format_missing_field.json"_qs << 1 << 0 << 1 << 0
                                << u"original"_qs;
    QTest::addRow("of_missing_quote") << broken + u"original_format_missing_quotetweet_field.json"_qs << 1 << 0 << 1
                                      << 0 << u"original"_qs;
    QTest::addRow("of_missing_user") << broken + u"original_format_missing_user.json"_qs << 0 << 1 << 0 << 0
                                     << u"original"_qs;
    QTest::addRow("public_api") << broken + u"public_api_sample.json"_qs << 20 << 0 << 20 << 0 << u"original"_qs;
}

void TestTweetParser::everyFixtureFile()
{
    QFETCH(QString, file);
    QFETCH(int, okLines);
    QFETCH(int, failedLines);
    QFETCH(int, tweets);
    QFETCH(int, apiErrors);
    QFETCH(QString, format);

    const QList<fixtures::Line> lines = fixtures::parseFile(file);
    int ok = 0, failed = 0, tweetCount = 0, errorCount = 0;
    for (const fixtures::Line &l : lines) {
        if (!l.result.ok()) {
            ++failed;
            QVERIFY2(!l.result.error.isEmpty(), "a failed line must say why");
            continue;
        }
        ++ok;
        QVERIFY2(l.result.document->tweetErrors.isEmpty(),
            qPrintable(l.result.document->tweetErrors.join(QLatin1Char('\n'))));
        errorCount += int(l.result.document->errors.size());
        for (const Tweet &t : l.result.document->tweets) {
            ++tweetCount;
            QVERIFY(!t.id.isEmpty());
            QCOMPARE(formatName(t.format), format);
            QVERIFY2(t.createdAtMs > 1'100'000'000'000LL, qPrintable(t.id)); // after 2004: parsed, not zero
            QVERIFY(!t.rawJson.isEmpty());
            QCOMPARE(t.rawJson.front(), '{');
            QCOMPARE(t.rawJson.back(), '}');
            // The raw bytes are the tweet object itself: valid JSON with the same id.
            QJsonParseError error;
            const QJsonDocument raw = QJsonDocument::fromJson(t.rawJson, &error);
            QVERIFY2(raw.isObject(), qPrintable(error.errorString()));
            QVERIFY(!t.text.isEmpty());
            // Every tweet renders to valid normalized JSON.
            QVERIFY(QJsonDocument::fromJson(normalizedJson(t)).isObject());
        }
    }
    QCOMPARE(ok, okLines);
    QCOMPARE(failed, failedLines);
    QCOMPARE(tweetCount, tweets);
    QCOMPARE(errorCount, apiErrors);
}

void TestTweetParser::originalExtendedTweetHasFullTextAndExtendedEntities()
{
    const auto of = fixtures::tweetsById(u"tweet_parser/original_format_examples.json"_qs);
    const auto as = fixtures::tweetsById(u"tweet_parser/activity_streams_examples.json"_qs);
    for (const auto *set : { &of, &as }) {
        const Tweet t = set->value(u"867479301360205824"_qs);
        QVERIFY2(t.text.endsWith(QStringLiteral("\u00a0Magic! https://t.co/5PU0FLFRYz")), qPrintable(t.text));
        QVERIFY(!t.text.contains(QChar(0x2026))); // never the truncated form with '…'
        // The link in the hidden part of the text comes from the extended entities, not the
        // top-level self link "twitter.com/i/web/status/...".
        QCOMPARE(t.urls, QStringList { u"https://twitter.com/notFromShrek/status/861652051016663040"_qs });

        const Tweet media = set->value(u"867473446648676352"_qs);
        QVERIFY(media.text.endsWith(u"\U0001F408 https://t.co/eAQvI8SV57"_qs));
        QCOMPARE(media.mediaUrls, QStringList { u"https://pbs.twimg.com/tweet_video_thumb/DAnifgeWAAAHTea.jpg"_qs });
        QVERIFY(media.urls.isEmpty());
    }
}

void TestTweetParser::htmlEntitiesAreDecodedInText()
{
    // The APIs send '&', '<', '>' escaped in tweet text; people read the decoded text, the raw
    // JSON stays as it came.
    const auto of = fixtures::tweetsById(u"tweet_parser/original_format_examples.json"_qs);
    const auto as = fixtures::tweetsById(u"tweet_parser/activity_streams_examples.json"_qs);
    for (const auto *set : { &of, &as }) {
        const Tweet t = set->value(u"867472736871866368"_qs);
        QVERIFY2(t.text.startsWith(u"@notFromShrek @ericmbudd G) 140 chars & replies."_qs), qPrintable(t.text));
        QVERIFY(!t.text.contains(u"&amp;"_qs));
        QVERIFY(t.rawJson.contains("140 chars &amp; replies"));
    }
    const auto kpop = fixtures::tweetsById(u"twarc-csv/kpop.jsonl"_qs);
    const Tweet rt = kpop.value(u"1440716774706532357"_qs);
    QCOMPARE(rt.type, TweetType::Retweet);
    QVERIFY2(rt.text.startsWith(u"RT @itsLIVEofficial: <COMING UP NEXT>\n"_qs), qPrintable(rt.text));
    QVERIFY2(rt.retweetedText.startsWith(u"<COMING UP NEXT>\n"_qs), qPrintable(rt.retweetedText));
    QVERIFY(rt.rawJson.contains("&lt;COMING UP NEXT&gt;"));
    int decoded = 0;
    for (const Tweet &t : kpop)
        decoded += t.text.contains(u"<COMING UP NEXT>"_qs) ? 1 : 0;
    QCOMPARE(decoded, 3);
}

void TestTweetParser::originalQuoteAndRetweet()
{
    const auto of = fixtures::tweetsById(u"tweet_parser/original_format_examples.json"_qs);
    const Tweet q = of.value(u"867474613139156993"_qs);
    QCOMPARE(q.type, TweetType::Quote);
    QCOMPARE(q.quotedId, u"867473446648676352"_qs);
    // The quoted tweet is itself an extended tweet: its full text, not the truncated one.
    QVERIFY(q.quotedText.endsWith(u"\U0001F408 https://t.co/eAQvI8SV57"_qs));
    QVERIFY(q.allText.startsWith(q.text + u'\n' + q.quotedText.left(20)));
    QVERIFY(q.retweetedId.isEmpty());

    const Tweet rt = of.value(u"867475059358683136"_qs);
    QCOMPARE(rt.type, TweetType::Retweet);
    QCOMPARE(rt.retweetedId, u"867471562613575680"_qs);
    QCOMPARE(rt.retweetedAuthorId, u"815279070241955840"_qs); // retweeted_status.user (RobotPrincessFi)
    QVERIFY(rt.retweetedText.endsWith(u"consectetur adipi https://t.co/x2MZliBLyk"_qs));
    QCOMPARE(rt.text, u"RT @RobotPrincessFi: "_qs + rt.retweetedText);
    QCOMPARE(rt.allText, rt.retweetedText); // the retweeter typed nothing
    QCOMPARE(rt.mediaUrls, QStringList { u"https://pbs.twimg.com/tweet_video_thumb/DAngwRuW0AAzmYK.jpg"_qs });
}

void TestTweetParser::originalRetweetMentions()
{
    for (const QString &file :
        { u"tweet_parser/original_format_examples.json"_qs, u"tweet_parser/activity_streams_examples.json"_qs }) {
        const auto tweets = fixtures::tweetsById(file);
        const Tweet rt = tweets.value(u"867478374385557508"_qs);
        QCOMPARE(rt.type, TweetType::Retweet);
        QCOMPARE(rt.retweetedId, u"863566329168711681"_qs);
        QCOMPARE(rt.retweetedAuthorId, u"2382763597"_qs); // v1.1 user.id_str, AS "id:twitter.com:2382763597"
        // The retweeted author first, then the mentions inside the retweeted tweet.
        QCOMPARE(rt.mentions, (QStringList { u"notFromShrek"_qs, u"ericmbudd"_qs }));
        QVERIFY(rt.text.startsWith(u"RT @notFromShrek: .@ericmbudd is sitting at the table"_qs));
    }
}

void TestTweetParser::geoOrderIsLatLon_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<QString>("place");
    // v1.1 `geo` is [lat, lon] (and `coordinates` [lon, lat]): Boulder, CO.
    QTest::addRow("original") << u"tweet_parser/original_format_examples.json"_qs << u"887453193294282752"_qs
                              << 40.01736548 << -105.27786886 << u"Boulder, CO"_qs;
    QTest::addRow("activity") << u"tweet_parser/activity_streams_examples.json"_qs << u"887453193294282752"_qs
                              << 40.01736548 << -105.27786886 << u"Boulder, CO"_qs;
    // v2 GeoJSON `coordinates` are [lon, lat]: the payload says [42.77810097, 88.01785747].
    QTest::addRow("v2 point") << u"twarc-csv/geo_tweets.jsonl"_qs << u"1249702384659554308"_qs << 88.01785747
                              << 42.77810097 << QString();
}

void TestTweetParser::geoOrderIsLatLon()
{
    QFETCH(QString, file);
    QFETCH(QString, id);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(QString, place);
    const Tweet t = fixtures::tweetsById(file).value(id);
    QCOMPARE(t.id, id);
    QVERIFY(t.coordinates.has_value());
    QCOMPARE(t.coordinates->lat, lat);
    QCOMPARE(t.coordinates->lon, lon);
    QCOMPARE(t.placeFullName, place);
}

void TestTweetParser::originalAndActivityStreamsPairsAgree()
{
    const auto of = fixtures::tweetsById(u"tweet_parser/original_format_examples.json"_qs);
    const auto as = fixtures::tweetsById(u"tweet_parser/activity_streams_examples.json"_qs);
    QCOMPARE(of.size(), 25);
    QCOMPARE(as.size(), 25);
    for (auto it = of.cbegin(); it != of.cend(); ++it) {
        const Tweet &o = it.value();
        QVERIFY2(as.contains(it.key()), qPrintable(it.key()));
        const Tweet &a = as.value(it.key());
        const char *id = qPrintable(it.key());
        QVERIFY2(o.createdAtMs == a.createdAtMs, id);
        QVERIFY2(o.type == a.type, id);
        QVERIFY2(o.text == a.text, id);
        // The one documented difference: activity streams carry no poll options.
        if (it.key() != u"867503895978754048"_qs)
            QVERIFY2(o.allText == a.allText, id);
        else
            QCOMPARE(o.allText, a.allText + u"\n\U0001F604\n\U0001F910\n\U0001F631"_qs);
        QVERIFY2(o.authorId == a.authorId && o.authorUsername == a.authorUsername && o.authorName == a.authorName, id);
        QVERIFY2(o.authorFollowers == a.authorFollowers, id);
        QVERIFY2(o.lang == a.lang, id);
        QVERIFY2(o.hashtags == a.hashtags, id);
        QVERIFY2(o.mentions == a.mentions, id);
        QVERIFY2(o.urls == a.urls, qPrintable(it.key() + o.urls.join(u' ') + u" | "_qs + a.urls.join(u' ')));
        QVERIFY2(o.mediaUrls == a.mediaUrls, id);
        QVERIFY2(o.likeCount == a.likeCount && o.retweetCount == a.retweetCount, id);
        QVERIFY2(o.inReplyToStatusId == a.inReplyToStatusId, id);
        QVERIFY2(o.retweetedId == a.retweetedId && o.retweetedText == a.retweetedText, id);
        QVERIFY2(o.quotedId == a.quotedId && o.quotedText == a.quotedText, id);
        QVERIFY2(o.source == a.source, id);
        QVERIFY2(o.coordinates == a.coordinates, id);
        QVERIFY2(o.placeFullName == a.placeFullName, id);
        QVERIFY2(o.matchingRules == a.matchingRules, id);
    }
}

void TestTweetParser::originalCountsAndMatchingRules()
{
    const auto of = fixtures::tweetsById(u"tweet_parser/original_format_examples.json"_qs);
    const Tweet reply = of.value(u"867478493000368128"_qs); // a quote that also has counts in the payload
    QCOMPARE(reply.source, u"Twitter Web Client"_qs);
    const Tweet rt = of.value(u"867478524235366400"_qs);
    QCOMPARE(rt.retweetCount, 1);
    QCOMPARE(rt.likeCount, 0);
    QCOMPARE(rt.authorUsername, u"RobotPrincessFi"_qs);
    QCOMPARE(rt.authorName, u"jk no"_qs);
    QCOMPARE(rt.authorFollowers, 1);
    QCOMPARE(rt.lang, u"en"_qs);
    // The retweeted link: unwound by Gnip.
    QCOMPARE(rt.urls,
        QStringList { u"https://github.com/fionapigott/character-encoding/blob/master/character_encoding.pdf"_qs });
}

void TestTweetParser::activityStreamsLongObject()
{
    const auto as = fixtures::tweetsById(u"tweet_parser/activity_streams_examples.json"_qs);
    const Tweet t = as.value(u"867472736871866368"_qs);
    QCOMPARE(t.format, TweetFormat::ActivityStreams);
    QVERIFY(t.text.size() > 140);
    QVERIFY(!t.text.contains(QChar(0x2026)));
    QCOMPARE(t.authorId, u"815279070241955840"_qs);
    QCOMPARE(t.id, u"867472736871866368"_qs); // "tag:search.twitter.com,2005:<id>" -> id
}

void TestTweetParser::v2AuthorsAreResolvedFromIncludes()
{
    const auto tweets = fixtures::tweetsById(u"twarc-csv/two_tweets.jsonl"_qs);
    const Tweet t = tweets.value(u"1394735776701816833"_qs);
    QCOMPARE(t.authorId, u"1379899464345923590"_qs);
    QCOMPARE(t.authorUsername, u"LachiVeronica"_qs);
    QCOMPARE(t.authorName, u"Veronica Lachi"_qs);
    QCOMPARE(t.authorFollowers, 0);
    QCOMPARE(t.lang, QString()); // "und"
    QCOMPARE(t.source, u"Twitter for Android"_qs);
    QCOMPARE(t.conversationId, u"1394735776701816833"_qs);

    // On a full search page every tweet's author is found in includes.users.
    const auto brexit = fixtures::tweetsById(u"twarc-csv/brexit.jsonl"_qs);
    int resolved = 0;
    for (const Tweet &b : brexit)
        resolved += !b.authorUsername.isEmpty() && !b.authorName.isEmpty();
    QCOMPARE(resolved, 100);
    const Tweet first = brexit.value(u"1440716895355764743"_qs);
    QCOMPARE(first.authorUsername, u"WarmongerHodges"_qs);
    QCOMPARE(first.hashtags, (QStringList { u"PeoplesVote"_qs, u"Brexit"_qs }));
    QCOMPARE(first.createdAtMs, 1632328649000LL); // 2021-09-22T16:37:29.000Z
}

void TestTweetParser::v2RetweetGetsFullTextAndMentions()
{
    const auto tweets = fixtures::tweetsById(u"twarc-csv/two_tweets.jsonl"_qs);
    const Tweet t = tweets.value(u"1394735776701816833"_qs);
    QCOMPARE(t.type, TweetType::Retweet);
    QCOMPARE(t.retweetedId, u"1391677057810288641"_qs);
    QCOMPARE(t.retweetedAuthorId, u"1380086327023169540"_qs); // from includes.tweets
    QCOMPARE(t.retweetedText, u"#POIUYTREWQ"_qs);
    QCOMPARE(t.text, u"RT @bibaigna96: #POIUYTREWQ"_qs);
    QCOMPARE(t.mentions, QStringList { u"bibaigna96"_qs });
    QCOMPARE(t.hashtags, QStringList { u"POIUYTREWQ"_qs });

    // A retweet whose page text is truncated ("…") gets the full text from includes.tweets.
    const auto brexit = fixtures::tweetsById(u"twarc-csv/brexit.jsonl"_qs);
    const Tweet rt = brexit.value(u"1440716856763977732"_qs);
    QCOMPARE(rt.type, TweetType::Retweet);
    QCOMPARE(rt.retweetedId, u"1440713161355583489"_qs);
    QCOMPARE(rt.retweetedAuthorId, u"711945679"_qs);
    QVERIFY(rt.text.startsWith(u"RT @carolJhedges: . #BorisJohnson has revealed"_qs));
    QVERIFY(rt.text.endsWith(u"#BorisTheLiar https://t.co/IeqDhr3WET"_qs));
    QCOMPARE(rt.hashtags.size(), 6);
    QCOMPARE(rt.mentions, QStringList { u"carolJhedges"_qs });
    int retweets = 0, withFullText = 0;
    for (const Tweet &b : brexit) {
        if (b.type != TweetType::Retweet)
            continue;
        ++retweets;
        if (!b.retweetedText.isEmpty()) {
            ++withFullText;
            QVERIFY(b.text.endsWith(b.retweetedText));
        }
    }
    QVERIFY(retweets > 30);
    QCOMPARE(withFullText, retweets);
}

void TestTweetParser::v2QuoteAndReply()
{
    const Tweet q = fixtures::tweetsById(u"twarc-csv/quoted_edit.jsonl"_qs).value(u"1576995594388000768"_qs);
    QCOMPARE(q.type, TweetType::Quote); // a reply that quotes is a quote
    QCOMPARE(q.quotedId, u"1576994746135764992"_qs);
    QVERIFY(q.quotedText.startsWith(u"i miss y\u2019all so much haha"_qs));
    QCOMPARE(q.inReplyToStatusId, u"1576994789110992896"_qs);
    QCOMPARE(q.inReplyToUserId, u"337119125"_qs);
    QCOMPARE(q.allText, q.text + u'\n' + q.quotedText);

    const Tweet r = fixtures::tweetsById(u"twarc-csv/geo_tweets.jsonl"_qs).value(u"1501963039859363843"_qs);
    QCOMPARE(r.type, TweetType::Reply);
    QCOMPARE(r.inReplyToStatusId, u"1501958949863661574"_qs);
    QCOMPARE(r.mentions, (QStringList { u"j2bryson"_qs, u"Twitter"_qs }));
    QCOMPARE(r.urls, QStringList { u"https://twarc-project.readthedocs.io/en/latest/twarc2_en_us/"_qs });
    QCOMPARE(r.likeCount, 3);
}

void TestTweetParser::v2MediaAndPlace()
{
    const Tweet m = fixtures::tweetsById(u"twarc-csv/media_tweet.jsonl"_qs).value(u"1558553189766631429"_qs);
    // A video: its preview image (media_keys -> includes.media).
    QCOMPARE(m.mediaUrls,
        QStringList { u"https://pbs.twimg.com/ext_tw_video_thumb/1558552952549277696/pu/img/7VaQu-AvReI8RHkv.jpg"_qs });
    QCOMPARE(m.likeCount, 93);
    QCOMPARE(m.retweetCount, 13);
    QCOMPARE(m.replyCount, 3);
    QCOMPARE(m.quoteCount, 7);

    const Tweet c = fixtures::tweetsById(u"twarc-csv/cashtags.jsonl"_qs).value(u"1611077073803841538"_qs);
    QCOMPARE(c.mediaUrls, QStringList { u"https://pbs.twimg.com/media/Flux6uuaAAAq9Ap.png"_qs });
    QVERIFY(c.cashtags.contains(u"AMD"_qs));
    QCOMPARE(c.hashtags, (QStringList { u"business"_qs, u"NFT"_qs, u"StockMarket"_qs, u"option"_qs }));

    const Tweet p = fixtures::tweetsById(u"twarc-csv/geo_tweets.jsonl"_qs).value(u"1501963039859363843"_qs);
    QCOMPARE(p.placeFullName, u"Berlin, Germany"_qs); // geo.place_id -> includes.places
    QCOMPARE(p.placeCountryCode, u"DE"_qs);
    QVERIFY(!p.coordinates.has_value());
}

void TestTweetParser::v2PartialErrorsAreKept_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("detailPart");
    QTest::addRow("kpop") << u"twarc-csv/kpop.jsonl"_qs << 0 << u"Forbidden"_qs << u"leeseunggi"_qs << u"suspended"_qs;
    QTest::addRow("noflat") << u"twarc-csv/noflat.jsonl"_qs << 0 << u"Forbidden"_qs << u"gatewaypundit"_qs
                            << u"suspended"_qs;
    QTest::addRow("entities_test") << u"twarc-csv/entities_test.jsonl"_qs << 0 << u"Not Found Error"_qs
                                   << u"1574182774923296771"_qs << u"Could not find"_qs;
    QTest::addRow("withheld") << u"twarc-csv/withheld.jsonl"_qs << 2 << u"Not Found Error"_qs
                              << u"506694458445152256"_qs << u"Could not find"_qs;
}

void TestTweetParser::v2PartialErrorsAreKept()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, title);
    QFETCH(QString, resource);
    QFETCH(QString, detailPart);
    const QList<fixtures::Line> lines = fixtures::parseFile(file);
    QVERIFY(lines.size() > line);
    const ParseResult &r = lines.at(line).result;
    QVERIFY(r.ok());
    QVERIFY(!r.document->tweets.isEmpty()); // errors next to data are not fatal
    QVERIFY(!r.document->errors.isEmpty());
    const ApiProblem &p = r.document->errors.constFirst();
    QCOMPARE(p.title, title);
    QCOMPARE(p.resourceId, resource);
    QVERIFY2(p.detail.contains(detailPart), qPrintable(p.detail));
}

void TestTweetParser::v2PageMeta()
{
    const QList<fixtures::Line> kpop = fixtures::parseFile(u"twarc-csv/kpop.jsonl"_qs);
    QCOMPARE(kpop.size(), 1);
    const ParsedDocument &d = *kpop.constFirst().result.document;
    QCOMPARE(d.kind, ParsedDocument::Kind::V2Page);
    QCOMPARE(d.nextToken, u"b26v89c19zqg8o3fpds60ssjlg8rrux0bxoa7beulbhbx"_qs);
    QCOMPARE(d.resultCount, 100);
    // The place of the one geo-tagged kpop tweet is resolved.
    int withPlace = 0;
    for (const Tweet &t : d.tweets)
        withPlace += !t.placeFullName.isEmpty();
    QCOMPARE(withPlace, 1);

    const QList<fixtures::Line> two = fixtures::parseFile(u"twarc-csv/two_tweets.jsonl"_qs);
    QCOMPARE(two.constFirst().result.document->nextToken, QString()); // the last page
    QCOMPARE(two.constFirst().result.document->resultCount, 1);
}

void TestTweetParser::v2StreamLinesAndTruncatedLine()
{
    const QList<fixtures::Line> lines = fixtures::parseFile(u"twarc-csv/streaming_output_with_error.jsonl"_qs);
    QCOMPARE(lines.size(), 8);
    for (int i = 0; i < 7; ++i) {
        const ParseResult &r = lines.at(i).result;
        QVERIFY(r.ok());
        QCOMPARE(r.document->tweets.size(), 1); // `data` is a single object in stream output
        QVERIFY(!r.document->tweets.constFirst().authorUsername.isEmpty());
    }
    QCOMPARE(lines.at(7).number, 8);
    QVERIFY(!lines.at(7).result.ok());
    QVERIFY2(lines.at(7).result.error.startsWith(u"invalid JSON"_qs), qPrintable(lines.at(7).result.error));
}

void TestTweetParser::tweepyMinimalResponses()
{
    const QList<fixtures::Line> lines
        = fixtures::parseFile(u"tweepy/test_client_search_recent_tweets.response_body.json"_qs);
    QCOMPARE(lines.size(), 1);
    const ParsedDocument &d = *lines.constFirst().result.document;
    QCOMPARE(d.tweets.size(), 10);
    QCOMPARE(d.resultCount, 10);
    QVERIFY(!d.nextToken.isEmpty());
    for (const Tweet &t : d.tweets) {
        // No created_at, no author_id: defaults, and the time from the snowflake id.
        QVERIFY(t.authorId.isEmpty());
        QVERIFY(t.authorUsername.isEmpty());
        QCOMPARE(t.createdAtMs, *snowflakeTimestamp(t.id.toStdString()));
        QVERIFY(QDateTime::fromMSecsSinceEpoch(t.createdAtMs, Qt::UTC).date().year() == 2022);
        QVERIFY(!t.text.isEmpty());
    }
}

void TestTweetParser::countsPageIsAClearError()
{
    const QList<fixtures::Line> lines = fixtures::parseFile(u"twarc-csv/counts.jsonl"_qs);
    QCOMPARE(lines.size(), 1);
    QVERIFY(!lines.constFirst().result.ok());
    QVERIFY2(lines.constFirst().result.error.contains(u"counts page"_qs), qPrintable(lines.constFirst().result.error));
}

void TestTweetParser::brokenPayloads()
{
    const QString dir = u"tweet_parser/broken_and_unsupported_payloads/"_qs;
    const QList<fixtures::Line> noUser = fixtures::parseFile(dir + u"original_format_missing_user.json"_qs);
    QVERIFY(!noUser.constFirst().result.ok());
    QVERIFY2(noUser.constFirst().result.error.contains(u"'user'"_qs), qPrintable(noUser.constFirst().result.error));

    // user.description missing: an optional field, so a normal tweet.
    const QList<fixtures::Line> missing = fixtures::parseFile(dir + u"original_format_missing_field.json"_qs);
    QVERIFY(missing.constFirst().result.ok());
    QVERIFY(!missing.constFirst().result.document->tweets.constFirst().authorUsername.isEmpty());

    // The quoted tweet lacks its user: still a quote with the quoted id and text, no author.
    const QList<fixtures::Line> quote = fixtures::parseFile(dir + u"original_format_missing_quotetweet_field.json"_qs);
    QVERIFY(quote.constFirst().result.ok());
    const Tweet q = quote.constFirst().result.document->tweets.constFirst();
    QCOMPARE(q.type, TweetType::Quote);
    QVERIFY(!q.quotedId.isEmpty());
    QVERIFY(!q.quotedText.isEmpty());

    const QList<fixtures::Line> asMissing = fixtures::parseFile(dir + u"activity_streams_missing_field.json"_qs);
    QVERIFY(asMissing.constFirst().result.ok());
}

void TestTweetParser::publicApiCompatTweetsDoNotFail()
{
    // REST "compat" tweets: truncated:true without extended_tweet. The reference parser raises
    // KeyError on 8 of 20; here they parse, with the only text the payload has.
    const QList<fixtures::Line> lines
        = fixtures::parseFile(u"tweet_parser/broken_and_unsupported_payloads/public_api_sample.json"_qs);
    QCOMPARE(lines.size(), 20);
    int truncated = 0;
    for (const fixtures::Line &l : lines) {
        QVERIFY(l.result.ok());
        const Tweet &t = l.result.document->tweets.constFirst();
        QVERIFY(!t.text.isEmpty());
        QVERIFY(!t.authorUsername.isEmpty());
        truncated += t.text.contains(QChar(0x2026));
    }
    QVERIFY(truncated > 0);
}

void TestTweetParser::v2IncludesAreResolvedWhereverTheyStand_data()
{
    // One page: two retweets of the same included tweet (which quotes another) and a plain tweet
    // with media and a place. The parser reads a page in one pass, completing data[] from
    // includes afterwards: the key order must not matter, and an error after them still counts.
    const QByteArray data = R"("data":[
        {"id":"11","text":"RT @amy: long text cut…","author_id":"1","conversation_id":"11",
         "referenced_tweets":[{"type":"retweeted","id":"100"}],"entities":{"mentions":[{"username":"amy"}]}},
        {"id":"12","text":"RT @amy: long text cut…","author_id":"2","conversation_id":"12",
         "referenced_tweets":[{"type":"retweeted","id":"100"}]},
        {"id":"13","text":"look","author_id":"2","conversation_id":"10","in_reply_to_user_id":"1",
         "attachments":{"media_keys":["3_1"]},"geo":{"place_id":"p1"}}])";
    const QByteArray includes = R"("includes":{
        "users":[{"id":"1","username":"amy","name":"Amy"},{"id":"2","username":"bob","name":"Bob",
                  "public_metrics":{"followers_count":7}},{"id":"3","username":"cy","name":"Cy"}],
        "tweets":[{"id":"100","text":"long text in full #tag","author_id":"3",
                   "entities":{"hashtags":[{"tag":"tag"}]},"referenced_tweets":[{"type":"quoted","id":"200"}]},
                  {"id":"200","text":"the quoted one","author_id":"1"}],
        "media":[{"media_key":"3_1","type":"photo","url":"https://pbs.twimg.com/media/x.jpg"}],
        "places":[{"id":"p1","full_name":"Lyon, France","country_code":"FR"}]})";
    const QByteArray meta = R"("meta":{"result_count":3,"next_token":"abc"})";
    QTest::addColumn<QByteArray>("page");
    QTest::addRow("data, includes, meta") << QByteArray("{" + data + "," + includes + "," + meta + "}");
    QTest::addRow("includes first") << QByteArray("{" + includes + "," + meta + "," + data + "}");
    QTest::addRow("meta first, pretty") << QByteArray("{\n  " + meta + ",\n  " + data + " ,\n  " + includes + "\n}\n");
}

void TestTweetParser::v2IncludesAreResolvedWhereverTheyStand()
{
    QFETCH(QByteArray, page);
    TweetParser parser;
    const ParseResult r = parser.parse(page);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.document->nextToken, u"abc"_qs);
    const QList<Tweet> &t = r.document->tweets;
    QCOMPARE(t.size(), 3);
    QCOMPARE(t[0].authorUsername, u"amy"_qs);
    QCOMPARE(t[0].type, TweetType::Retweet);
    QCOMPARE(t[0].text, u"RT @cy: long text in full #tag"_qs); // the full text of the included tweet
    QCOMPARE(t[0].retweetedText, u"long text in full #tag"_qs);
    QCOMPARE(t[0].hashtags, QStringList { u"tag"_qs });
    QCOMPARE(t[0].mentions, QStringList { u"cy"_qs });
    QCOMPARE(t[0].quotedId, u"200"_qs); // the retweeted tweet quotes 200
    QCOMPARE(t[1].text, t[0].text);
    QCOMPARE(t[1].authorName, u"Bob"_qs);
    QCOMPARE(t[1].authorFollowers, 7);
    QCOMPARE(t[2].type, TweetType::Tweet);
    QCOMPARE(t[2].conversationId, u"10"_qs);
    QCOMPARE(t[2].inReplyToUserId, u"1"_qs);
    QCOMPARE(t[2].mediaUrls, QStringList { u"https://pbs.twimg.com/media/x.jpg"_qs });
    QCOMPARE(t[2].placeFullName, u"Lyon, France"_qs);
    QCOMPARE(t[2].placeCountryCode, u"FR"_qs);
    QCOMPARE(t[0].conversationId, u"11"_qs);
    for (const Tweet &tweet : t) {
        // The raw JSON is the data[] element alone, whatever surrounds it.
        const QJsonObject raw = QJsonDocument::fromJson(tweet.rawJson).object();
        QCOMPARE(raw.value(u"id"_qs).toString(), tweet.id);
        QCOMPARE(tweet.rawJson.front(), '{');
        QCOMPARE(tweet.rawJson.back(), '}');
    }

    // The same page followed by anything but whitespace is not one document.
    const ParseResult twice = parser.parse(QByteArray(page + " {}"));
    QVERIFY(!twice.ok());
    QVERIFY2(twice.error.contains(u"more content after the end"_qs), qPrintable(twice.error));
    // And the parser is not confused by that for the next page.
    QCOMPARE(parser.parse(page).document->tweets.size(), 3);
}

void TestTweetParser::rawJsonOutlivesItsPageAndParser()
{
    // Raw JSON shares the memory of the page it was cut from: it must stay exact, and end with
    // the '\0' QByteArray promises, after the parser moved on to other pages and was destroyed.
    const QByteArray first = R"({"data":[ {"id":"1","text":"one &amp; only"} ,
        {"id":"2","text":"two"}],"meta":{"result_count":2}}  )";
    const QByteArray second = R"({"data":[{"id":"3","text":"three, a longer page than the first one"}]})";
    QList<Tweet> kept;
    {
        TweetParser parser;
        kept = parser.parse(first).document->tweets;
        QCOMPARE(parser.parse(second).document->tweets.constFirst().rawJson,
            QByteArray(R"({"id":"3","text":"three, a longer page than the first one"})"));
        // A page whose tweets were all dropped leaves its memory to the next page.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(parser.parse(second).document->tweets.size(), 1);
    }
    QCOMPARE(kept.size(), 2);
    QCOMPARE(kept[0].rawJson, QByteArray(R"({"id":"1","text":"one &amp; only"})"));
    QCOMPARE(kept[1].rawJson, QByteArray(R"({"id":"2","text":"two"})"));
    for (const Tweet &t : kept)
        QCOMPARE(t.rawJson.constData()[t.rawJson.size()], '\0');
    // Changing one tweet's copy changes nothing else.
    QByteArray changed = kept[0].rawJson;
    changed.append("xyz");
    changed[1] = '!';
    QCOMPARE(kept[0].rawJson, QByteArray(R"({"id":"1","text":"one &amp; only"})"));
    QCOMPARE(kept[1].rawJson, QByteArray(R"({"id":"2","text":"two"})"));
}

void TestTweetParser::parseInPlaceSharesThePaddedInput()
{
    const QByteArray page = "\xEF\xBB\xBF"
                            R"({"data":[{"id":"1","text":"one"},{"id":"2","text":"two"}]})"
                            "\n";
    TweetParser parser;
    QByteArray padded;
    padded.reserve(page.size() + TweetParser::padding);
    padded.append(page);
    QList<Tweet> tweets = parser.parseInPlace(padded).document->tweets;
    QCOMPARE(tweets.size(), 2);
    QCOMPARE(tweets[1].rawJson, QByteArray(R"({"id":"2","text":"two"})"));
    // Read where it was: the raw JSON points into the caller's block.
    QVERIFY(tweets[0].rawJson.constData() >= padded.constData()
        && tweets[0].rawJson.constData() < padded.constData() + padded.size());
    // The caller may change or drop its buffer: the tweets keep the bytes they were parsed from.
    padded.fill('x');
    padded.clear();
    QCOMPARE(tweets[0].rawJson, QByteArray(R"({"id":"1","text":"one"})"));
    QCOMPARE(tweets[1].rawJson, QByteArray(R"({"id":"2","text":"two"})"));

    // Without the spare capacity (or from raw data) it is parse(): same tweets, a copy.
    const QByteArray tight = page;
    const ParseResult copied = parser.parseInPlace(tight);
    QCOMPARE(copied.document->tweets.size(), 2);
    QCOMPARE(copied.document->tweets[0].rawJson, tweets[0].rawJson);
    QVERIFY(copied.document->tweets[0].rawJson.constData() < tight.constData()
        || copied.document->tweets[0].rawJson.constData() >= tight.constData() + tight.size());
    const QByteArray raw = QByteArray::fromRawData(page.constData(), page.size());
    QCOMPARE(parser.parseInPlace(raw).document->tweets[1].rawJson, tweets[1].rawJson);
    // Errors are the same as parse()'s.
    QByteArray broken = R"({"data":[{"id":"1","text":"one"})";
    broken.reserve(broken.size() + TweetParser::padding);
    QCOMPARE(parser.parseInPlace(broken).error, parser.parse(broken).error);
    QVERIFY(!parser.parseInPlace(QByteArray("  \n")).ok());
}

void TestTweetParser::corruptIncludedTweetDoesNotLoseThePage_data()
{
    // A retweet (1) of an included tweet (2) and a plain tweet (3); %1 is the included tweets.
    const QByteArray page
        = R"({"data":[{"id":"1","text":"RT @b: hi","author_id":"9","referenced_tweets":)"
          R"([{"type":"retweeted","id":"2"}]},{"id":"3","text":"%2","author_id":"9"}],)"
          R"("includes":{"tweets":[%1],"users":[{"id":"9","username":"a"},{"id":"8","username":"b"}]}})";
    const auto make = [&page](const QByteArray &included, const QByteArray &text = "own") {
        return QByteArray(page).replace("%1", included).replace("%2", text);
    };
    QTest::addColumn<QByteArray>("doc");
    QTest::addColumn<bool>("resolved"); // the retweet got the included tweet's full text
    QTest::addColumn<QString>("problem"); // part of the page problem expected, empty for none
    QTest::addColumn<QString>("text3"); // tweet 3's text
    const QByteArray good = R"({"id":"2","text":"hi there","author_id":"8"})";
    QTest::addRow("sound") << make(good) << true << QString() << u"own"_qs;
    QTest::addRow("invalid UTF-8 in its text")
        << make(R"({"id":"2","text":"hi )"
                "\xff\xfe"
                R"( there","author_id":"8"})")
        << false << u"includes.tweets[0] holds bytes that are not UTF-8"_qs << u"own"_qs;
    QTest::addRow("cut sequence in a nested string") << make(good
        + R"(,{"id":"5","text":"x","entities":{"hashtags":[{"tag":"a)"
          "\xe2\x82"
          R"("}]}})") << true << u"includes.tweets[1] holds bytes that are not UTF-8"_qs
                                                     << u"own"_qs;
    QTest::addRow("surrogate bytes in a key") << make(R"({"id":"2","te)"
                                                      "\xed\xa0\x80"
                                                      R"(xt":"hi there","author_id":"8"})")
                                              << false << u"includes.tweets[0] holds"_qs << u"own"_qs;
    QTest::addRow("not an object") << make(R"("oops",)" + good) << true << u"includes.tweets[0] is not an object"_qs
                                   << u"own"_qs;
    QTest::addRow("no id") << make(R"({"text":"orphan"},)" + good) << true << u"includes.tweets[0] has no id"_qs
                           << u"own"_qs;
    QTest::addRow("wrong types") << make(R"({"id":"2","text":["x"],"entities":"x","public_metrics":[1]})") << false
                                 << QString() << u"own"_qs;
    // Bytes that are not UTF-8 in a data tweet: it is kept with U+FFFD, and the page says so.
    QTest::addRow("invalid UTF-8 in a data tweet")
        << make(good, "caf\xe9 cr\xe8me") << true << u"not UTF-8 replaced with U+FFFD"_qs << u"caf\uFFFD cr\uFFFDme"_qs;
}

void TestTweetParser::corruptIncludedTweetDoesNotLoseThePage()
{
    QFETCH(QByteArray, doc);
    QFETCH(bool, resolved);
    QFETCH(QString, problem);
    QFETCH(QString, text3);
    TweetParser parser;
    for (const bool inPlace : { false, true }) {
        QByteArray input = doc;
        input.reserve(input.size() + TweetParser::padding);
        const ParseResult r = inPlace ? parser.parseInPlace(input) : parser.parse(input);
        QVERIFY2(r.ok(), qPrintable(r.error));
        const QList<Tweet> &t = r.document->tweets;
        QCOMPARE(t.size(), 2);
        QCOMPARE(t[0].type, TweetType::Retweet);
        QCOMPARE(t[0].retweetedId, u"2"_qs);
        QCOMPARE(t[0].authorUsername, u"a"_qs);
        // Without its included tweet a retweet keeps what it has: its own (truncated) text.
        QCOMPARE(t[0].text, resolved ? u"RT @b: hi there"_qs : u"RT @b: hi"_qs);
        QCOMPARE(t[0].retweetedText, resolved ? u"hi there"_qs : QString());
        QCOMPARE(t[1].id, u"3"_qs);
        QCOMPARE(t[1].text, text3);
        QCOMPARE(t[1].rawJson.isEmpty(), false);
        if (problem.isEmpty()) {
            QVERIFY(r.document->errors.isEmpty());
            continue;
        }
        QCOMPARE(r.document->errors.size(), 1);
        const ApiProblem &p = r.document->errors.constFirst();
        QVERIFY2(p.detail.contains(problem), qPrintable(p.title + u": "_qs + p.detail));
        QVERIFY(p.title.startsWith(u"Invalid"_qs));
    }
}

void TestTweetParser::corruptIncludedTweetInARealPage()
{
    // kpop.jsonl's first page: 100 tweets; three retweets of one included tweet whose text
    // starts "&lt;COMING UP NEXT&gt;". One byte of that text is corrupted.
    QByteArray page = fixtures::readAll(fixtures::path(u"twarc-csv/kpop.jsonl"_qs));
    page.truncate(page.indexOf('\n'));
    const qsizetype at = page.indexOf("\"text\": \"&lt;COMING UP NEXT&gt;");
    QVERIFY(at > 0);
    page[at + 12] = char(0xC3); // "&lt;C" -> "&lt;\xC3": a lead byte without its continuation
    TweetParser parser;
    const ParseResult r = parser.parse(page);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.document->tweets.size(), 100);
    const auto problem = std::find_if(r.document->errors.cbegin(), r.document->errors.cend(),
        [](const ApiProblem &p) { return p.title == u"Invalid included tweet"_qs; });
    QVERIFY(problem != r.document->errors.cend());
    QCOMPARE(problem->resourceId, u"1440511175058358272"_qs);
    int retweets = 0;
    for (const Tweet &t : r.document->tweets) {
        if (t.retweetedId != u"1440511175058358272"_qs)
            continue;
        ++retweets;
        QVERIFY(t.retweetedText.isEmpty());
        QVERIFY2(t.text.startsWith(u"RT @itsLIVEofficial: <COMING UP NEXT>"_qs), qPrintable(t.text));
        QCOMPARE(t.authorUsername.isEmpty(), false);
    }
    QCOMPARE(retweets, 3);
    // The page's other included tweets are still resolved.
    const auto resolved = std::count_if(r.document->tweets.cbegin(), r.document->tweets.cend(),
        [](const Tweet &t) { return t.type == TweetType::Retweet && !t.retweetedText.isEmpty(); });
    QVERIFY(resolved > 10);
    // Without the corruption: the same page, nothing left out.
    page[at + 12] = 'C';
    const ParseResult sound = parser.parse(page);
    QVERIFY(std::none_of(sound.document->errors.cbegin(), sound.document->errors.cend(),
        [](const ApiProblem &p) { return p.title.startsWith(u"Invalid"_qs); }));
    // A bad byte between tokens leaves no well-formed document to recover: the page fails.
    page.insert(at + 6, char(0xFF)); // "text"\xFF: ...
    const ParseResult broken = parser.parse(page);
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error.contains(u"UTF-8"_qs), qPrintable(broken.error));
    // An Enterprise page keeps its tweets too, the broken one with U+FFFD.
    const QByteArray enterprise = R"({"results":[{"id_str":"50","text":"caf)"
                                  "\xe9"
                                  R"(","user":{"id_str":"1","screen_name":"a"}},{"id_str":"51","text":"fine",)"
                                  R"("user":{"id_str":"1","screen_name":"a"}}],"next":"N"})";
    const ParseResult gnip = parser.parse(enterprise);
    QVERIFY2(gnip.ok(), qPrintable(gnip.error));
    QCOMPARE(gnip.document->tweets.size(), 2);
    QCOMPARE(gnip.document->tweets[0].text, u"caf\uFFFD"_qs);
    QCOMPARE(gnip.document->tweets[1].text, u"fine"_qs);
    QCOMPARE(gnip.document->nextToken, u"N"_qs);
    QCOMPARE(gnip.document->errors.size(), 1);
    QVERIFY2(gnip.document->errors[0].detail.contains(u"in tweets 50"_qs), qPrintable(gnip.document->errors[0].detail));
    // And a single tweet with such bytes stays an error too (a line, not a page).
    QVERIFY(!parser.parse(QByteArray("{\"id\":\"1\",\"text\":\"bad \xff\xfe bytes\"}")).ok());
}

void TestTweetParser::handWrittenEdgeCases_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expect"); // key=value;... checked against the normalized JSON, or an error part
    const QString dir = QStringLiteral(TS_TEST_DATA_DIR "/tweet/");
    const QStringList names = QDir(dir).entryList({ u"*.json"_qs }, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        // The first line of each case file's companion .expect says what to check.
        const QByteArray spec = fixtures::readAll(dir + QString(name).replace(u".json"_qs, u".expect"_qs)).trimmed();
        const bool ok = !spec.startsWith("error:");
        QTest::addRow("%s", qPrintable(name))
            << dir + name << ok << QString::fromUtf8(ok ? spec : spec.mid(6).trimmed());
    }
}

void TestTweetParser::handWrittenEdgeCases()
{
    QFETCH(QString, file);
    QFETCH(bool, ok);
    QFETCH(QString, expect);
    TweetParser parser;
    const ParseResult r = parser.parse(fixtures::readAll(file));
    if (!ok) {
        QVERIFY2(!r.ok(), "expected an error");
        QVERIFY2(r.error.contains(expect), qPrintable(r.error));
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.error));
    // expect: lines of `key=<compact JSON value>` about the first tweet's normalized JSON, `last.key=`
    // about the last tweet, and `tweets=N`, `errors=N`, `next="..."` about the document.
    for (const QString &line : expect.split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf(u'=');
        QVERIFY2(eq > 0, qPrintable(line));
        QString key = line.left(eq).trimmed();
        const QByteArray want = line.mid(eq + 1).trimmed().toUtf8();
        if (key == u"tweets"_qs) {
            QCOMPARE(r.document->tweets.size(), want.toInt());
            continue;
        }
        if (key == u"errors"_qs) {
            QCOMPARE(r.document->errors.size(), want.toInt());
            continue;
        }
        if (key == u"next"_qs) {
            QCOMPARE(QJsonValue(r.document->nextToken), QJsonDocument::fromJson("[" + want + "]").array().at(0));
            continue;
        }
        QVERIFY(!r.document->tweets.isEmpty());
        const bool last = key.startsWith(u"last."_qs);
        if (last)
            key = key.mid(5);
        const Tweet &t = last ? r.document->tweets.constLast() : r.document->tweets.constFirst();
        const QJsonObject o = QJsonDocument::fromJson(normalizedJson(t)).object();
        QVERIFY2(o.contains(key), qPrintable(key));
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + want + "]");
        QVERIFY2(wrapped.isArray(), qPrintable(u"bad expectation "_qs + line));
        QCOMPARE(o.value(key), wrapped.array().at(0));
    }
}

void TestTweetParser::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::addRow("v1.1") << u"Wed May 24 20:35:57 +0000 2017"_qs << 1495658157000LL;
    QTest::addRow("v1.1 offset") << u"Wed May 24 22:35:57 +0200 2017"_qs << 1495658157000LL;
    QTest::addRow("iso ms") << u"2017-05-24T20:35:57.123Z"_qs << 1495658157123LL;
    QTest::addRow("iso") << u"2017-05-24T20:35:57Z"_qs << 1495658157000LL;
    QTest::addRow("iso offset") << u"2017-05-24T21:35:57+01:00"_qs << 1495658157000LL;
    QTest::addRow("leap day") << u"2020-02-29T00:00:00.000Z"_qs << 1582934400000LL;
    QTest::addRow("2006") << u"Tue Mar 21 20:50:14 +0000 2006"_qs << 1142974214000LL;
    QTest::addRow("garbage") << u"yesterday"_qs << qint64(-1);
    QTest::addRow("bad month") << u"Wed Foo 24 20:35:57 +0000 2017"_qs << qint64(-1);
    QTest::addRow("bad iso") << u"2017-13-24T20:35:57Z"_qs << qint64(-1);
}

void TestTweetParser::timestamps()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const QByteArray utf8 = text.toUtf8();
    const auto parsed = parseTweetTimestamp(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (ms < 0) {
        QVERIFY(!parsed.has_value());
        return;
    }
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, ms);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(*parsed, Qt::UTC).toMSecsSinceEpoch(), ms);
    char iso[24];
    appendIsoTimestamp(iso, ms);
    QCOMPARE(QByteArray(iso, 24), QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8());
}

QTEST_GUILESS_MAIN(TestTweetParser)
#include "tst_tweetparser.moc"
