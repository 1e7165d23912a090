// SPDX-License-Identifier: MIT
#include "ui/tweetdetailpane.h"

#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::TweetDetailPane;

class TestTweetDetailPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linkified_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("html");
        QTest::addRow("plain, escaped") << u"a < b & c"_s << u"a &lt; b &amp; c"_s;
        QTest::addRow("url")
            << u"see https://example.org/x?a=1&b=2 now"_s
            << u"see <a href=\"https://example.org/x?a=1&amp;b=2\">https://example.org/x?a=1&amp;b=2</a> now"_s;
        QTest::addRow("hashtag") << u"#Eclipse2024!"_s
                                 << u"<a href=\"https://x.com/hashtag/Eclipse2024\">#Eclipse2024</a>!"_s;
        QTest::addRow("mention") << u"hi @nasa."_s << u"hi <a href=\"https://x.com/nasa\">@nasa</a>."_s;
        QTest::addRow("email is not a mention") << u"me@example.org"_s << u"me@example.org"_s;
        QTest::addRow("newline") << u"a\nb"_s << u"a<br>b"_s;
    }
    void linkified()
    {
        QFETCH(QString, text);
        QFETCH(QString, html);
        QCOMPARE(TweetDetailPane::linkified(text), html);
    }

    // A Bluesky post's mentions are handles (domain names) and link to bsky.app, as do its tags.
    void linkifiedBluesky()
    {
        using Site = TweetDetailPane::Site;
        QCOMPARE(TweetDetailPane::linkified(u"hi @alice.bsky.social."_s, Site::Bluesky),
            u"hi <a href=\"https://bsky.app/profile/alice.bsky.social\">@alice.bsky.social</a>."_s);
        QCOMPARE(TweetDetailPane::linkified(u"#eclipse"_s, Site::Bluesky),
            u"<a href=\"https://bsky.app/hashtag/eclipse\">#eclipse</a>"_s);
        QCOMPARE(TweetDetailPane::linkified(u"me@example.org"_s, Site::Bluesky), u"me@example.org"_s);
        // The same text of an X tweet keeps X's rule: @alice is the user, ".bsky.social" text.
        QCOMPARE(TweetDetailPane::linkified(u"@alice.bsky.social"_s),
            u"<a href=\"https://x.com/alice\">@alice</a>.bsky.social"_s);
    }

    void showsTweet()
    {
        TweetDetailPane pane;
        ts::Tweet t;
        t.id = u"1234567890123456789"_s;
        t.authorUsername = u"astro"_s;
        t.authorName = u"Astro Lab"_s;
        t.text = u"RT @nasa: totality #eclipse"_s;
        t.type = ts::TweetType::Retweet;
        t.retweetedId = u"42"_s;
        t.retweetedText = u"totality #eclipse"_s;
        t.likeCount = 1234;
        t.rawJson = R"({"id":"1234567890123456789","text":"x"})";
        pane.showTweet(t, { u"eclipse"_s });
        const QString html = pane.currentHtml();
        QVERIFY(html.contains(u"https://x.com/astro/status/1234567890123456789"_s));
        QVERIFY(html.contains(u"Open on x.com"_s));
        QVERIFY(html.contains(u"Retweet of"_s));
        QVERIFY(html.contains(u"https://x.com/hashtag/eclipse"_s));
        QVERIFY(html.contains(u"eclipse"_s));
        QVERIFY(pane.currentRawJson().contains(u"\"id\": \"1234567890123456789\""_s)); // pretty-printed
    }
};

QTEST_MAIN(TestTweetDetailPane)
#include "tst_tweetdetailpane.moc"
