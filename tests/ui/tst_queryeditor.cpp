// SPDX-License-Identifier: MIT
#include "archive/querylanguage.h"
#include "search/searchrunner.h"
#include "ui/queryeditor.h"
#include "ui/runoptionspanel.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::QueryEditor;

class TestQueryEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseQueryFile_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("queries");
        QTest::addRow("plain") << u"cats\ndogs\n"_s << QStringList { u"cats"_s, u"dogs"_s };
        QTest::addRow("comments and blanks")
            << u"# mine\n\n  cats  \n#dogs\nai lang:en\r\n"_s << QStringList { u"cats"_s, u"ai lang:en"_s };
        QTest::addRow("hashtag query is not a comment")
            << u" (#cats OR #dogs)\n"_s << QStringList { u"(#cats OR #dogs)"_s };
        QTest::addRow("empty") << QString() << QStringList {};
    }
    void parseQueryFile()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, queries);
        QCOMPARE(QueryEditor::parseQueryFile(text), queries);
    }

    void validatesAsYouTypeWithPosition_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("fine") << u"cats lang:en"_s << 512 << true << QString();
        QTest::addRow("unbalanced parenthesis") << u"(cats OR dogs"_s << 512 << false << u"position"_s;
        QTest::addRow("too long for recent search") << QString(600, u'a') << 512 << false << u"position"_s;
        QTest::addRow("fits the full archive") << QString(600, u'a') << 1024 << true << QString();
    }
    void validatesAsYouTypeWithPosition()
    {
        QFETCH(QString, typed);
        QFETCH(int, maxLength);
        QFETCH(bool, valid);
        QFETCH(QString, mentions);
        QueryEditor editor;
        editor.setMaxQueryLength(maxLength);
        editor.setQueries({});
        editor.resize(500, 300);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.addQuery(); // opens an editor on the new row
        auto *line = editor.findChild<QTableWidget *>()->findChild<QLineEdit *>();
        QVERIFY(line);
        line->insert(typed); // an edit as the user makes it: emits textEdited
        QCOMPARE(line->text(), typed);
        auto *error = editor.findChild<QLabel *>(u"queryError"_s);
        // Validated while typing, before the edit is committed.
        QCOMPARE(error->isVisible(), !valid);
        if (!valid) {
            QVERIFY2(error->text().contains(mentions), qPrintable(error->text()));
            QVERIFY(error->text().contains(u'^'));
        }
        auto *table = editor.findChild<QTableWidget *>();
        Q_EMIT table->itemDelegateForColumn(0)->commitData(line);
        Q_EMIT table->itemDelegateForColumn(0)->closeEditor(line);
        QCOMPARE(editor.invalidCount(), valid ? 0 : 1);
        QCOMPARE(editor.queries(), QStringList { typed });
    }

    void blueskyDialect()
    {
        // The same editor, checking for Bluesky: X operators without an equivalent are marked
        // at their position; switching back to X clears them.
        QueryEditor editor;
        editor.setQueries({ u"cats is:retweet"_s, u"from:alice.bsky.social cats"_s, u"cats OR dogs"_s });
        QCOMPARE(editor.invalidCount(), 1); // X: a handle is no user name
        editor.setDialect(ts::archive::QueryDialect::Bluesky);
        QCOMPARE(editor.invalidCount(), 2);
        auto *table = editor.findChild<QTableWidget *>();
        QVERIFY2(table->item(0, 0)->toolTip().contains(u"(at position 6)"_s), qPrintable(table->item(0, 0)->toolTip()));
        QVERIFY(table->item(1, 0)->toolTip() == u"from:alice.bsky.social cats"_s);
        QVERIFY(table->item(2, 0)->toolTip().contains(u"OR has no Bluesky equivalent"_s));
        editor.setDialect(ts::archive::QueryDialect::X);
        QCOMPARE(editor.invalidCount(), 1);
    }

    void pasteReorderRemove()
    {
        QueryEditor editor;
        editor.setQueries({ u"a"_s });
        QSignalSpy changed(&editor, &QueryEditor::queriesChanged);
        QApplication::clipboard()->setText(u"b\n# note\nc\n"_s);
        editor.pasteLines();
        QCOMPARE(editor.queries(), (QStringList { u"a"_s, u"b"_s, u"c"_s }));
        auto *table = editor.findChild<QTableWidget *>();
        table->setCurrentCell(2, 0);
        editor.moveSelected(-1);
        QCOMPARE(editor.queries(), (QStringList { u"a"_s, u"c"_s, u"b"_s }));
        table->clearSelection();
        table->setCurrentCell(0, 0);
        table->selectRow(0);
        editor.removeSelected();
        QCOMPARE(editor.queries(), (QStringList { u"c"_s, u"b"_s }));
        QVERIFY(changed.count() >= 3);
    }

    void showsQueryStates()
    {
        QueryEditor editor;
        editor.setQueries({ u"a"_s, QString(), u"b"_s });
        auto *table = editor.findChild<QTableWidget *>();
        ts::search::QueryResult state;
        state.status = ts::search::QueryStatus::RateLimited;
        editor.setQueryState(1, state, u"rate-limited until 12:00:03"_s); // query 1 is row 2 (row 1 is blank)
        QCOMPARE(table->item(2, 1)->text(), u"rate-limited until 12:00:03"_s);
        state.status = ts::search::QueryStatus::Ok;
        state.tweets = 42;
        editor.setQueryState(0, state, QString());
        QCOMPARE(table->item(0, 1)->text(), u"done, 42 tweets"_s);
        state.unreadableTweets = 3; // kept "done": the other tweets were read
        editor.setQueryState(0, state, QString());
        QCOMPARE(table->item(0, 1)->text(), u"done, 42 tweets, 3 unreadable"_s);
        state.unreadableTweets = 0;
        state.status = ts::search::QueryStatus::Error;
        state.error = u"Invalid Request: bad operator"_s;
        editor.setQueryState(1, state, QString());
        QVERIFY(table->item(2, 1)->text().contains(u"bad operator"_s));
    }

    void runOptionsKeepTheMaxBodySize()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        {
            ts::ui::RunOptionsPanel panel;
            QCOMPARE(panel.options().maxBodyBytes, ts::search::SearchOptions {}.maxBodyBytes);
            auto *size = panel.findChild<QSpinBox *>(u"maxBodySize"_s);
            QVERIFY(size);
            size->setValue(8);
            QCOMPARE(panel.options().maxBodyBytes, qint64(8) << 20);
            panel.save(settings);
        }
        ts::ui::RunOptionsPanel restored;
        restored.load(settings);
        QCOMPARE(restored.options().maxBodyBytes, qint64(8) << 20);
    }

    // The spin boxes take what the command lines take (tweetscope and tweetscope-cli), from the
    // one pair of bounds next to SearchOptions; 0 is "all" in both.
    void runOptionBounds()
    {
        ts::ui::RunOptionsPanel panel;
        auto *pages = panel.findChild<QSpinBox *>(u"pages"_s);
        auto *concurrency = panel.findChild<QSpinBox *>(u"maxConcurrency"_s);
        QVERIFY(pages && concurrency);
        QCOMPARE(pages->minimum(), 0);
        QCOMPARE(pages->maximum(), 1000000);
        QCOMPARE(pages->maximum(), ts::search::kMaxPagesBound);
        QCOMPARE(concurrency->minimum(), 0);
        QCOMPARE(concurrency->maximum(), 1024);
        QCOMPARE(concurrency->maximum(), ts::search::kMaxConcurrencyBound);
        concurrency->setValue(1024);
        pages->setValue(1000000);
        QCOMPARE(panel.options().maxConcurrency, 1024);
        QCOMPARE(panel.options().pages, 1000000);
    }

    // Tweets per page takes what the CLI's --max-results takes (1-500), whatever the provider:
    // switching to X recent (10-100) does not cut a 500 down, nor Bluesky refuse 1. The value
    // a provider is sent instead is said under the spin box.
    void maxResultsIsTheCliRange()
    {
        using ts::search::ProviderKind;
        ts::ui::RunOptionsPanel panel;
        panel.show();
        auto *maxResults = panel.findChild<QSpinBox *>(u"maxResults"_s);
        auto *note = panel.findChild<QLabel *>(u"maxResultsNote"_s);
        QVERIFY(maxResults && note);
        for (const auto kind : { ProviderKind::Local, ProviderKind::XRecent, ProviderKind::XAll,
                 ProviderKind::Enterprise30Day, ProviderKind::EnterpriseFullArchive, ProviderKind::Bluesky }) {
            panel.setProviders({ kind });
            QCOMPARE(maxResults->minimum(), 1);
            QCOMPARE(maxResults->maximum(), 500);
        }
        QCOMPARE(maxResults->minimum(), ts::search::kMaxResultsFloor);
        QCOMPARE(maxResults->maximum(), ts::search::kMaxResultsBound);
        panel.setProviders({ ProviderKind::Local });
        maxResults->setValue(500);
        QVERIFY(!note->isVisible()); // the local archive takes 10-500
        panel.setProviders({ ProviderKind::XRecent });
        QCOMPARE(panel.options().maxResults, 500); // kept: the CLI sends 500 as 100 too
        QVERIFY(note->isVisible());
        QCOMPARE(panel.maxResultsNote(), u"X API v2, recent search takes 10-100 a page: 100 is sent."_s);
        maxResults->setValue(1);
        QCOMPARE(panel.options().maxResults, 1);
        panel.setProviders({ ProviderKind::Local, ProviderKind::Bluesky }); // Bluesky takes 1
        QCOMPARE(panel.maxResultsNote(), u"Local archive (offline) takes 10-500 a page: 10 is sent."_s);
        maxResults->setValue(100); // every provider takes 100
        QVERIFY(!note->isVisible());
        QVERIFY(panel.maxResultsNote().isEmpty());
    }
};

QTEST_MAIN(TestQueryEditor)
#include "tst_queryeditor.moc"
