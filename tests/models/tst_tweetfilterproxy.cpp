// SPDX-License-Identifier: MIT
#include "models/tweetfactory.h"
#include "models/tweetfilterproxy.h"
#include "models/tweettablemodel.h"
#include "tweet/atproto.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::TweetType;
using ts::test::makeTweet;
using ts::ui::TweetFilterProxy;
using ts::ui::TweetTableModel;

class TestTweetFilterProxy : public QObject
{
    Q_OBJECT
private:
    // Query 0 "eclipse": 1, 2, 3; query 1 "cats": 3, 4, 5 (3 matched by both).
    static void fill(TweetTableModel &model)
    {
        model.setQueryNames({ u"eclipse"_s, u"cats"_s });
        model.appendTweets(0,
            { makeTweet(1, u"Total ECLIPSE tonight"_s, u"zoe"_s, TweetType::Tweet, u"en"_s, 50),
                makeTweet(2, u"RT @nasa: eclipse map"_s, u"Amir"_s, TweetType::Retweet, u"en"_s, 7),
                makeTweet(
                    3, u"my cat watched the eclipse"_s, u"bea"_s, TweetType::Reply, u"fr"_s, 300, { u"CatsOfX"_s }) });
        model.appendTweets(1,
            { makeTweet(3, u"my cat watched the eclipse"_s, u"bea"_s, TweetType::Reply, u"fr"_s, 300, { u"CatsOfX"_s }),
                makeTweet(4, u"Café cats ☕"_s, u"chloé"_s, TweetType::Quote, u"fr"_s, 2),
                makeTweet(5, u"cats\nand more cats"_s, u"dan"_s, TweetType::Tweet, QString(), 9) });
    }

    static QStringList visibleIds(const TweetFilterProxy &proxy)
    {
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids.append(proxy.index(r, 0).data(TweetTableModel::TweetIdRole).toString());
        return ids;
    }

private Q_SLOTS:
    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("query");
        QTest::addColumn<int>("type"); // -1: any
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QStringList>("ids");
        QTest::addRow("none") << QString() << -1 << -1 << QString()
                              << QStringList { u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s };
        QTest::addRow("text, any case") << u"eclipse"_s << -1 << -1 << QString()
                                        << QStringList { u"1"_s, u"2"_s, u"3"_s };
        QTest::addRow("text across newline") << u"more CATS"_s << -1 << -1 << QString() << QStringList { u"5"_s };
        QTest::addRow("text non-ASCII") << u"CAFÉ"_s << -1 << -1 << QString() << QStringList { u"4"_s };
        QTest::addRow("text matches author") << u"amir"_s << -1 << -1 << QString() << QStringList { u"2"_s };
        QTest::addRow("text matches @author") << u"@AMIR"_s << -1 << -1 << QString() << QStringList { u"2"_s };
        QTest::addRow("text matches hashtag") << u"catsofx"_s << -1 << -1 << QString() << QStringList { u"3"_s };
        QTest::addRow("text, spaces trimmed") << u"  zoe "_s << -1 << -1 << QString() << QStringList { u"1"_s };
        QTest::addRow("query eclipse") << QString() << 0 << -1 << QString() << QStringList { u"1"_s, u"2"_s, u"3"_s };
        QTest::addRow("query cats") << QString() << 1 << -1 << QString() << QStringList { u"3"_s, u"4"_s, u"5"_s };
        QTest::addRow("type retweet") << QString() << -1 << int(TweetType::Retweet) << QString()
                                      << QStringList { u"2"_s };
        QTest::addRow("lang fr") << QString() << -1 << -1 << u"fr"_s << QStringList { u"3"_s, u"4"_s };
        QTest::addRow("combined") << u"cat"_s << 1 << int(TweetType::Reply) << u"fr"_s << QStringList { u"3"_s };
        QTest::addRow("nothing") << u"no such words"_s << -1 << -1 << QString() << QStringList {};
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(int, query);
        QFETCH(int, type);
        QFETCH(QString, lang);
        QFETCH(QStringList, ids);
        TweetTableModel model;
        TweetFilterProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fill(model);
        proxy.sort(TweetTableModel::Created, Qt::AscendingOrder);
        proxy.setTextFilter(text);
        proxy.setQueryFilter(query);
        proxy.setTypeFilter(type < 0 ? std::nullopt : std::optional(TweetType(type)));
        proxy.setLanguageFilter(lang);
        QCOMPARE(visibleIds(proxy), ids);
        QCOMPARE(model.rowCount(), 5);
    }

    void unchangedSetterDoesNothing()
    {
        TweetTableModel model;
        TweetFilterProxy proxy(&model);
        fill(model);
        proxy.setTextFilter(u"cat"_s);
        QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
        proxy.setTextFilter(u"cat"_s);
        proxy.setTextFilter(u" cat "_s);
        proxy.setQueryFilter(-1);
        proxy.setTypeFilter(std::nullopt);
        proxy.setLanguageFilter(QString());
        QCOMPARE(layout.count() + reset.count(), 0);
        proxy.setQueryFilter(1);
        QCOMPARE(layout.count() + reset.count(), 1);
    }

    void providerColumnAndFilter()
    {
        // X tweets and Bluesky posts in one table (ids of posts are post keys): a column and a filter.
        TweetTableModel model;
        TweetFilterProxy proxy(&model);
        model.setQueryNames({ u"q"_s });
        const quint64 post = ts::atproto::kKeyBit | ts::atproto::makeTid(1700000000000000LL, 7);
        ts::Tweet bluesky = makeTweet(2, u"a bluesky post"_s);
        bluesky.id = QString::number(post);
        model.appendTweets(0, { makeTweet(1, u"an x tweet"_s), bluesky });
        QCOMPARE(model.index(0, TweetTableModel::Provider).data().toString(), u"X"_s);
        QCOMPARE(model.index(1, TweetTableModel::Provider).data().toString(), u"Bluesky"_s);
        QCOMPARE(model.headerData(TweetTableModel::Provider, Qt::Horizontal).toString(), u"Provider"_s);
        proxy.setProviderFilter(true);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, TweetTableModel::Text).data().toString(), u"a bluesky post"_s);
        proxy.setProviderFilter(false);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, TweetTableModel::Text).data().toString(), u"an x tweet"_s);
        proxy.setProviderFilter(std::nullopt);
        proxy.sort(TweetTableModel::Provider, Qt::DescendingOrder);
        QCOMPARE(proxy.rowCount(), 2);
        QCOMPARE(proxy.index(0, TweetTableModel::Provider).data().toString(), u"Bluesky"_s);
    }

    void pagesArrivingWhileFiltered()
    {
        TweetTableModel model;
        TweetFilterProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(TweetTableModel::Likes, Qt::DescendingOrder);
        proxy.setTextFilter(u"cat"_s);
        fill(model);
        QCOMPARE(visibleIds(proxy), (QStringList { u"3"_s, u"5"_s, u"4"_s }));
        model.appendTweets(0,
            { makeTweet(9, u"a cat with 1000 likes"_s, u"e"_s, TweetType::Tweet, u"en"_s, 1000),
                makeTweet(10, u"a dog"_s) });
        QCOMPARE(visibleIds(proxy), (QStringList { u"9"_s, u"3"_s, u"5"_s, u"4"_s }));
        QCOMPARE(proxy.rowCount(), 4);
        QCOMPARE(model.rowCount(), 7);
    }

    void queryFilterFollowsMerge()
    {
        TweetTableModel model;
        TweetFilterProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQueryNames({ u"a"_s, u"b"_s });
        model.appendTweets(0, { makeTweet(1, u"x"_s), makeTweet(2, u"y"_s) });
        proxy.setQueryFilter(1);
        QCOMPARE(proxy.rowCount(), 0);
        model.appendTweets(1, { makeTweet(2, u"y"_s) }); // now matched by b too
        QCOMPARE(visibleIds(proxy), QStringList { u"2"_s });
    }

    void sortEveryColumnByRawValue_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("ascending");
        QTest::addRow("queries") << int(TweetTableModel::Queries)
                                 << QStringList { u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s };
        QTest::addRow("created") << int(TweetTableModel::Created)
                                 << QStringList { u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s };
        // Case-insensitive: Amir < bea < chloé < dan < zoe.
        QTest::addRow("author") << int(TweetTableModel::Author)
                                << QStringList { u"2"_s, u"3"_s, u"4"_s, u"5"_s, u"1"_s };
        QTest::addRow("text") << int(TweetTableModel::Text) << QStringList { u"4"_s, u"2"_s, u"1"_s, u"5"_s, u"3"_s };
        QTest::addRow("type") << int(TweetTableModel::Type) << QStringList { u"1"_s, u"5"_s, u"2"_s, u"4"_s, u"3"_s };
        QTest::addRow("lang") << int(TweetTableModel::Lang) << QStringList { u"5"_s, u"1"_s, u"2"_s, u"3"_s, u"4"_s };
        QTest::addRow("likes numeric, not text")
            << int(TweetTableModel::Likes) << QStringList { u"4"_s, u"2"_s, u"5"_s, u"1"_s, u"3"_s };
        QTest::addRow("quotes") << int(TweetTableModel::Quotes)
                                << QStringList { u"4"_s, u"2"_s, u"5"_s, u"1"_s, u"3"_s };
        QTest::addRow("hashtags") << int(TweetTableModel::Hashtags)
                                  << QStringList { u"1"_s, u"2"_s, u"4"_s, u"5"_s, u"3"_s };
    }

    void sortEveryColumnByRawValue()
    {
        QFETCH(int, column);
        QFETCH(QStringList, ascending);
        TweetTableModel model;
        TweetFilterProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fill(model);
        proxy.sort(column, Qt::AscendingOrder);
        QCOMPARE(visibleIds(proxy), ascending);
        proxy.sort(column, Qt::DescendingOrder);
        QStringList descending(ascending.rbegin(), ascending.rend());
        QCOMPARE(visibleIds(proxy), descending);
    }

    // The text filter agrees with QString::contains(Qt::CaseInsensitive) on any script: texts
    // with letters that case folding changes are searched through their folded copy.
    void textFilterFoldsUnicodeCase_data()
    {
        QTest::addColumn<QString>("needle");
        for (const QString &needle : { u"éclipse"_s, u"ÉCLIPSE"_s, u"eclipse"_s, u"MÉTÉO"_s, u"москва"_s, u"Сегодня"_s,
                 u"σοφία"_s, u"ΣΟΦΊΑ"_s, u"straße"_s, u"strasse"_s, u"日本"_s, u"🐱 cats"_s, u"𝐁𝐎𝐋𝐃"_s, u"k scale"_s,
                 u"à paris"_s, u"nothing"_s })
            QTest::addRow("%s", qPrintable(needle)) << needle;
    }
    void textFilterFoldsUnicodeCase()
    {
        QFETCH(QString, needle);
        const QStringList texts = { u"ÉCLIPSE totale à PARIS"_s, u"météo du jour"_s, u"МОСКВА сегодня"_s,
            u"ΣΟΦΊΑ και σοφία"_s, u"Straße und STRASSE"_s, u"plain ascii ECLIPSE"_s, u"日本語のツイート"_s,
            u"emoji 🐱 CATS 𝐁𝐎𝐋𝐃"_s, u"Kelvin \u212A scale"_s };
        TweetTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ts::Tweet> page;
        for (int i = 0; i < texts.size(); ++i)
            page.append(makeTweet(quint64(i + 1), texts.at(i), u"x"_s));
        model.appendTweets(0, page);
        TweetFilterProxy proxy(&model);
        proxy.setTextFilter(needle);
        QStringList expected;
        for (int i = 0; i < texts.size(); ++i) {
            if (texts.at(i).contains(needle, Qt::CaseInsensitive))
                expected.append(QString::number(i + 1));
        }
        QCOMPARE(visibleIds(proxy), expected);
    }
};

QTEST_MAIN(TestTweetFilterProxy)
#include "tst_tweetfilterproxy.moc"
