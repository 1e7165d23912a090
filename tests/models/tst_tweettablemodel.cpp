// SPDX-License-Identifier: MIT
#include "models/tweetfactory.h"
#include "models/tweettablemodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::TweetType;
using ts::test::makeTweet;
using ts::ui::TweetTableModel;

struct Page
{
    int query;
    QList<quint64> ids;
};
Q_DECLARE_METATYPE(Page)

class TestTweetTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void pagesMergeById_data()
    {
        QTest::addColumn<QList<Page>>("pages");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("insertSignals");
        QTest::addColumn<QString>("queriesOfFirst");
        QTest::addRow("one page") << QList<Page> { { 0, { 1, 2, 3 } } } << 3 << 1 << u"cats"_s;
        QTest::addRow("two pages, same query")
            << QList<Page> { { 0, { 1, 2 } }, { 0, { 3, 4 } } } << 4 << 2 << u"cats"_s;
        QTest::addRow("overlap across queries")
            << QList<Page> { { 0, { 1, 2 } }, { 1, { 2, 1, 5 } } } << 3 << 2 << u"cats, memes"_s;
        QTest::addRow("page of known ids only")
            << QList<Page> { { 2, { 1 } }, { 0, { 1 } } } << 1 << 1 << u"cats, ai"_s;
        QTest::addRow("duplicates inside a page") << QList<Page> { { 1, { 7, 7, 8 } } } << 2 << 1 << u"memes"_s;
        QTest::addRow("same query twice (compare run)")
            << QList<Page> { { 0, { 1, 2 } }, { 0, { 1, 2 } } } << 2 << 1 << u"cats"_s;
        QTest::addRow("empty page") << QList<Page> { { 0, {} } } << 0 << 0 << QString();
    }

    void pagesMergeById()
    {
        QFETCH(QList<Page>, pages);
        QFETCH(int, rows);
        QFETCH(int, insertSignals);
        QFETCH(QString, queriesOfFirst);

        TweetTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQueryNames({ u"cats"_s, u"memes"_s, u"ai"_s });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (const Page &page : pages) {
            QList<ts::Tweet> tweets;
            for (quint64 id : page.ids)
                tweets.append(makeTweet(id, u"text %1"_s.arg(id)));
            model.appendTweets(page.query, tweets);
        }
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(inserted.count(), insertSignals);
        if (rows > 0)
            QCOMPARE(model.index(0, TweetTableModel::Queries).data().toString(), queriesOfFirst);
    }

    void mergeEmitsDataChangedOnQueriesColumn()
    {
        TweetTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQueryNames({ u"a"_s, u"b"_s });
        model.appendTweets(0, { makeTweet(10, u"x"_s), makeTweet(11, u"y"_s) });
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.appendTweets(1, { makeTweet(11, u"y"_s) });
        QCOMPARE(changed.count(), 1);
        const auto topLeft = changed.at(0).at(0).toModelIndex();
        QCOMPARE(topLeft.row(), 1);
        QCOMPARE(topLeft.column(), int(TweetTableModel::Queries));
        QCOMPARE(model.index(1, 0).data(TweetTableModel::QueryIndexesRole).value<QList<int>>(), (QList<int> { 0, 1 }));
    }

    void displayAndSortRoles_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QVariant>("sort");
        QTest::addRow("created") << int(TweetTableModel::Created) << u"2023-11-14 22:13:40"_s
                                 << QVariant(qint64(1700000020000));
        QTest::addRow("author") << int(TweetTableModel::Author) << u"@Bob"_s << QVariant(u"Bob"_s);
        QTest::addRow("text one line") << int(TweetTableModel::Text) << u"line one line two"_s
                                       << QVariant(u"line one\nline two"_s);
        QTest::addRow("type") << int(TweetTableModel::Type) << u"reply"_s << QVariant(int(TweetType::Reply));
        QTest::addRow("lang") << int(TweetTableModel::Lang) << u"fr"_s << QVariant(u"fr"_s);
        QTest::addRow("likes grouped") << int(TweetTableModel::Likes) << u"12,345"_s << QVariant(qint64(12345));
        QTest::addRow("retweets") << int(TweetTableModel::Retweets) << u"6,172"_s << QVariant(qint64(6172));
        QTest::addRow("hashtags") << int(TweetTableModel::Hashtags) << u"#one #two"_s << QVariant(u"#one #two"_s);
        QTest::addRow("queries") << int(TweetTableModel::Queries) << u"q1"_s << QVariant::fromValue(QList<int> { 0 });
    }

    void displayAndSortRoles()
    {
        QFETCH(int, column);
        QFETCH(QString, display);
        QFETCH(QVariant, sort);
        TweetTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQueryNames({ u"q1"_s });
        model.appendTweets(0,
            { makeTweet(
                20, u"line one\nline two"_s, u"Bob"_s, TweetType::Reply, u"fr"_s, 12345, { u"one"_s, u"two"_s }) });
        const QModelIndex index = model.index(0, column);
        QCOMPARE(index.data(Qt::DisplayRole).toString(), display);
        QCOMPARE(index.data(TweetTableModel::SortRole), sort);
        QCOMPARE(index.data(TweetTableModel::TweetIdRole).toString(), u"20"_s);
    }

    void tooltipHasFullText()
    {
        TweetTableModel model;
        const QString longText = QString(u"word "_s).repeated(200) + u"<b>end</b>"_s;
        model.appendTweets(0, { makeTweet(1, longText) });
        const QModelIndex text = model.index(0, TweetTableModel::Text);
        QVERIFY(text.data().toString().size() < longText.size());
        QVERIFY(text.data(Qt::ToolTipRole).toString().contains(u"&lt;b&gt;end&lt;/b&gt;"_s));
        QCOMPARE(text.data(TweetTableModel::FullTextRole).toString(), longText);
    }

    void headersAndClear()
    {
        TweetTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(TweetTableModel::ColumnCount));
        QCOMPARE(model.headerData(TweetTableModel::Likes, Qt::Horizontal).toString(), u"Likes"_s);
        model.appendTweets(0, { makeTweet(1, u"a"_s, u"x"_s, TweetType::Tweet, u"de"_s) });
        QCOMPARE(model.languageCodes(), QStringList { u"de"_s });
        QCOMPARE(model.rowOfId(u"1"_s), 0);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowOfId(u"1"_s), -1);
        QVERIFY(model.languageCodes().isEmpty());
    }

    void badIdIsSkipped()
    {
        TweetTableModel model;
        ts::Tweet bad = makeTweet(1, u"a"_s);
        bad.id = u"not-an-id"_s;
        model.appendTweets(0, { bad, makeTweet(2, u"b"_s) });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.idAt(0), u"2"_s);
    }
};

QTEST_MAIN(TestTweetTableModel)
#include "tst_tweettablemodel.moc"
