// SPDX-License-Identifier: MIT
// The desktop app end to end, driven like a person drives it: QTest keys and clicks start a
// compare run against the embedded local archive (a small real archive served on 127.0.0.1),
// then the table, sorting, every filter, the detail pane, a CSV export through the Export
// menu's dialogs and a cancel during a slow run are checked on what the window shows.
#include "archive/archivestore.h"
#include "charts/chartspanel.h"
#include "charts/timingchart.h"
#include "models/tweetfilterproxy.h"
#include "models/tweettablemodel.h"
#include "search/credentialstore.h"
#include "testarchive.h"
#include "ui/csvexportdialog.h"
#include "ui/embeddedarchivehost.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"
#include "ui/resultspane.h"
#include "ui/tweetdetailpane.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputMethodEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <functional>
#include <variant>

using namespace Qt::StringLiterals;
using ts::TweetType;
using ts::ui::MainWindow;
using ts::ui::TweetTableModel;

namespace {

// What the archive holds: "eclipse" 8 tweets (3 of them replies), "cats" 6 (French), both
// words in 3 more, "korea" 4 retweets in Korean. So the queries fetch 11 + 9 + 4 = 24
// tweets, 21 distinct, and 3 rows list two queries.
constexpr int kEclipseOnly = 8;
constexpr int kCatsOnly = 6;
constexpr int kBoth = 3;
constexpr int kKorea = 4;
constexpr int kDistinct = kEclipseOnly + kCatsOnly + kBoth + kKorea;

QList<ts::Tweet> archiveTweets()
{
    constexpr qint64 twepoch = 1288834974657LL;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    QList<ts::Tweet> tweets;
    auto add = [&](const QString &text, const QString &author, const QString &lang) -> ts::Tweet & {
        const int n = int(tweets.size());
        ts::Tweet t;
        t.createdAtMs = now - qint64(n) * 60 * 1000;
        t.id = QString::number(((t.createdAtMs - twepoch) << 22) | n);
        t.text = text;
        t.allText = text;
        t.authorId = QString::number(5000 + n);
        t.authorUsername = author;
        t.authorName = author.toUpper();
        t.lang = lang;
        t.conversationId = t.id;
        t.likeCount = (n * 37) % 101;
        t.retweetCount = n;
        tweets.append(t);
        return tweets.last();
    };
    for (int i = 0; i < kEclipseOnly; ++i) {
        ts::Tweet &t = add(
            u"eclipse watch party number %1 tonight https://example.org/e%1"_s.arg(i), u"astro%1"_s.arg(i), u"en"_s);
        if (i < 3)
            t.inReplyToStatusId = u"1000000000000000%1"_s.arg(i);
    }
    for (int i = 0; i < kCatsOnly; ++i)
        add(u"cats au soleil, photo %1 #chats"_s.arg(i), u"minou%1"_s.arg(i), u"fr"_s).hashtags = { u"chats"_s };
    for (int i = 0; i < kBoth; ++i)
        add(u"my cats ignored the eclipse, take %1"_s.arg(i), u"both%1"_s.arg(i), u"en"_s);
    for (int i = 0; i < kKorea; ++i) {
        ts::Tweet &t = add(u"RT @news: korea 한국 뉴스 %1"_s.arg(i), u"seoul%1"_s.arg(i), u"ko"_s);
        t.retweetedId = u"2000000000000000%1"_s.arg(i);
    }
    return tweets;
}

/// Runs f on the next modal dialog of type D once it is up (exec() blocks the test until then).
template <typename D> void whenModal(std::function<void(D *)> f)
{
    auto *poll = new QTimer(qApp);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, qApp, [poll, f] {
        if (auto *dialog = qobject_cast<D *>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            f(dialog);
        }
    });
    poll->start();
}

} // namespace

class TestGuiRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Collections and settings go under a throwaway home.
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_guirun"_s);

        m_db = m_home.filePath(u"archive.sqlite"_s);
        ts::archive::ArchiveStore store;
        QString error;
        QVERIFY2(store.open(m_db, &error), qPrintable(error));
        QVERIFY(std::holds_alternative<ts::archive::InsertStats>(store.insert(archiveTweets())));
    }

    void compareRunTableFiltersDetailExport()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        ts::ui::EmbeddedArchiveHost archive(m_db);
        MainWindow window(&credentials, &archive);
        QAbstractItemModelTester modelTester(
            window.tweetModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            window.filterProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        setUpRun(window, u"none"_s, { u"eclipse"_s, u"cats"_s, u"korea"_s });
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier); // Run > Compare
        QVERIFY(window.isRunning());
        QVERIFY(ended.wait(20000));
        QCOMPARE(ended.at(0).at(0).toInt(), 0); // no query failed
        QVERIFY2(window.findChild<QLabel *>(u"runLabel"_s)->text().contains(u"faster"_s),
            qPrintable(window.findChild<QLabel *>(u"runLabel"_s)->text()));
        QCOMPARE(queryStates(window), (QStringList { u"done, 11 tweets"_s, u"done, 9 tweets"_s, u"done, 4 tweets"_s }));

        // One row per distinct tweet; the tweets both queries matched list both.
        TweetTableModel *model = window.tweetModel();
        QCOMPARE(model->rowCount(), kDistinct);
        QTRY_COMPARE(window.countsText(), u"21 tweets"_s);
        int both = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString queries = model->index(r, TweetTableModel::Queries).data().toString();
            if (queries == u"eclipse, cats"_s) {
                ++both;
                QVERIFY(model->index(r, TweetTableModel::Text).data().toString().startsWith(u"my cats ignored"_s));
            }
        }
        QCOMPARE(both, kBoth);

        // Sorting: a click on the Likes header orders the rows by the raw count.
        QTableView *table = window.tweetTable();
        QHeaderView *header = table->horizontalHeader();
        const int likesX
            = header->sectionViewportPosition(TweetTableModel::Likes) + header->sectionSize(TweetTableModel::Likes) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(likesX, header->height() / 2));
        QCOMPARE(window.filterProxy()->sortColumn(), int(TweetTableModel::Likes));
        const bool ascending = window.filterProxy()->sortOrder() == Qt::AscendingOrder;
        QAbstractItemModel *view = table->model();
        for (int r = 1; r < view->rowCount(); ++r) {
            const qint64 prev = view->index(r - 1, TweetTableModel::Likes).data(TweetTableModel::SortRole).toLongLong();
            const qint64 cur = view->index(r, TweetTableModel::Likes).data(TweetTableModel::SortRole).toLongLong();
            QVERIFY2(ascending ? prev <= cur : prev >= cur, qPrintable(u"row %1"_s.arg(r)));
        }

        // Each filter, with the count the status bar shows.
        auto *text = window.findChild<QLineEdit *>(u"filterText"_s);
        QTest::keyClicks(text, u"ECLIPSE"_s);
        QTRY_COMPARE(window.countsText(), u"11 of 21 tweets"_s);
        QTest::keyClick(text, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(text, Qt::Key_Delete);
        // Korean comes from an input method: one commit of the composed text.
        QInputMethodEvent compose;
        compose.setCommitString(u"한국"_s);
        QApplication::sendEvent(text, &compose);
        QCOMPARE(text->text(), u"한국"_s);
        QTRY_COMPARE(window.countsText(), u"4 of 21 tweets"_s);
        text->clear();
        QTRY_COMPARE(window.countsText(), u"21 tweets"_s);

        auto *query = window.findChild<QComboBox *>(u"filterQuery"_s);
        QCOMPARE(query->count(), 4); // all + the three queries
        query->setFocus();
        QTest::keyClick(query, Qt::Key_Down); // "eclipse" -> "cats"
        QTest::keyClick(query, Qt::Key_Down);
        QCOMPARE(query->currentText(), u"cats"_s);
        QTRY_COMPARE(window.countsText(), u"9 of 21 tweets"_s);
        query->setCurrentIndex(0);

        auto *type = window.findChild<QComboBox *>(u"filterType"_s);
        type->setCurrentIndex(type->findData(int(TweetType::Reply)));
        QTRY_COMPARE(window.countsText(), u"3 of 21 tweets"_s);
        type->setCurrentIndex(type->findData(int(TweetType::Retweet)));
        QTRY_COMPARE(window.countsText(), u"4 of 21 tweets"_s);
        type->setCurrentIndex(0);

        auto *lang = window.findChild<QComboBox *>(u"filterLang"_s);
        QCOMPARE(lang->findData(u"ko"_s) > 0, true);
        lang->setCurrentIndex(lang->findData(u"fr"_s));
        QTRY_COMPARE(window.countsText(), u"6 of 21 tweets"_s);
        // Filters combine: French tweets that mention eclipse: none.
        QTest::keyClicks(text, u"eclipse"_s);
        QTRY_COMPARE(window.countsText(), u"0 of 21 tweets"_s);
        text->clear();
        lang->setCurrentIndex(0);
        QTRY_COMPARE(window.countsText(), u"21 tweets"_s);

        // The detail pane shows the clicked tweet in full, from the collection (raw JSON too).
        QTest::keyClicks(text, u"@seoul2"_s);
        QTRY_COMPARE(window.countsText(), u"1 of 21 tweets"_s);
        const QRect cell = table->visualRect(view->index(0, TweetTableModel::Text));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        const QString id = view->index(0, 0).data(TweetTableModel::TweetIdRole).toString();
        ts::ui::TweetDetailPane *detail = window.detailPane();
        QTRY_VERIFY(detail->currentHtml().contains(u"한국 뉴스 2"_s));
        QVERIFY(detail->currentHtml().contains(u"seoul2"_s));
        QVERIFY(detail->currentHtml().contains(u"https://x.com/seoul2/status/"_s + id));
        QVERIFY2(detail->currentRawJson().contains(u"\"id\""_s) && detail->currentRawJson().contains(id),
            qPrintable(detail->currentRawJson().left(300)));
        text->clear();

        // Export CSV from the menu: the dialogs are answered with keys; the file has every row.
        const QString csv = m_home.filePath(u"export.csv"_s);
        exportCsv(window, csv, [](ts::ui::CsvExportDialog *dialog) {
            QVERIFY(dialog->findChild<QRadioButton *>(u"exportAllRows"_s)->isChecked());
            QTest::keyClick(dialog, Qt::Key_Return);
        });
        const QList<QByteArray> all = csvRecords(csv);
        QVERIFY(all.value(0).startsWith("queries,id,created_at"));
        QCOMPARE(all.size() - 1, kDistinct);
        int bothInCsv = 0;
        for (const QByteArray &record : all) {
            if (!record.contains("my cats ignored the eclipse"))
                continue;
            ++bothInCsv; // one record, listing both queries in its first cell
            QVERIFY2(record.startsWith("\"eclipse") && record.left(record.indexOf(',')).contains("cats"),
                record.constData());
        }
        QCOMPARE(bothInCsv, kBoth);

        // Only the visible rows, in the table's order, with chosen columns in a chosen order.
        lang->setCurrentIndex(lang->findData(u"fr"_s));
        QTRY_COMPARE(window.countsText(), u"6 of 21 tweets"_s);
        table->sortByColumn(TweetTableModel::Likes, Qt::DescendingOrder);
        QStringList expectedIds;
        for (int r = 0; r < view->rowCount(); ++r)
            expectedIds.append(view->index(r, 0).data(TweetTableModel::TweetIdRole).toString());
        const QString visibleCsv = m_home.filePath(u"visible.csv"_s);
        exportCsv(window, visibleCsv, [](ts::ui::CsvExportDialog *dialog) {
            QTest::mouseClick(dialog->findChild<QRadioButton *>(u"exportVisibleRows"_s), Qt::LeftButton);
            auto *list = dialog->findChild<QListWidget *>(u"exportColumns"_s);
            for (int i = 0; i < list->count(); ++i) {
                const QString name = list->item(i)->text();
                list->item(i)->setCheckState(
                    name == u"id"_s || name == u"like_count"_s || name == u"lang"_s ? Qt::Checked : Qt::Unchecked);
            }
            // like_count before lang: select it, press Up past "text" (unchecked), then past "lang".
            list->setCurrentItem(list->findItems(u"like_count"_s, Qt::MatchExactly).value(0));
            QTest::mouseClick(dialog->findChild<QPushButton *>(u"columnUp"_s), Qt::LeftButton);
            QTest::mouseClick(dialog->findChild<QPushButton *>(u"columnUp"_s), Qt::LeftButton);
            QCOMPARE(dialog->columns(), (QStringList { u"id"_s, u"like_count"_s, u"lang"_s }));
            QTest::keyClick(dialog, Qt::Key_Return);
        });
        const QList<QByteArray> visible = csvRecords(visibleCsv);
        QCOMPARE(visible.value(0), QByteArray("id,like_count,lang"));
        QStringList ids;
        for (const QByteArray &record : visible.mid(1)) {
            QVERIFY2(record.endsWith(",fr"), record.constData());
            ids.append(QString::fromLatin1(record.split(',').value(0)));
        }
        QCOMPARE(ids, expectedIds);
        // The choice is remembered for the next export.
        QCOMPARE(QSettings().value(u"export/csvColumns"_s).toStringList(),
            (QStringList { u"id"_s, u"like_count"_s, u"lang"_s }));

        // The same rows as JSONL: raw tweets in twarc-style pages, in the table's order.
        const QString visibleJsonl = m_home.filePath(u"visible.jsonl"_s);
        exportCsv(
            window, visibleJsonl,
            [](ts::ui::CsvExportDialog *dialog) {
                QVERIFY(!dialog->findChild<QListWidget *>(u"exportColumns"_s)->isVisible());
                QTest::mouseClick(dialog->findChild<QRadioButton *>(u"exportVisibleRows"_s), Qt::LeftButton);
                QTest::keyClick(dialog, Qt::Key_Return);
            },
            u"actionExportJsonl"_s);
        QFile jsonl(visibleJsonl);
        QVERIFY(jsonl.open(QIODevice::ReadOnly));
        QStringList jsonlIds;
        while (!jsonl.atEnd()) {
            const QJsonObject page = QJsonDocument::fromJson(jsonl.readLine()).object();
            QVERIFY(page.contains(u"__twarc"_s));
            for (const auto &tweet : page[u"data"_s].toArray()) {
                QCOMPARE(tweet[u"lang"_s].toString(), u"fr"_s);
                jsonlIds.append(tweet[u"id"_s].toString());
            }
        }
        QCOMPARE(jsonlIds, expectedIds);
        lang->setCurrentIndex(0);
    }

    void cancelDuringSlowRunKeepsRows()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        ts::ui::EmbeddedArchiveHost archive(m_db);
        MainWindow window(&credentials, &archive);
        QAbstractItemModelTester modelTester(
            window.tweetModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Every request takes 2 s: the first page lands after about 2 s, then Cancel.
        setUpRun(window, u"fixed:2000"_s, { u"eclipse"_s, u"cats"_s, u"korea"_s });
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.tweetModel()->rowCount() > 0, 15000);
        const int kept = window.tweetModel()->rowCount();
        QVERIFY(window.isRunning());

        auto *toolbar = window.findChild<QToolBar *>(u"runToolBar"_s);
        QWidget *cancel = toolbar->widgetForAction(window.findChild<QAction *>(u"actionCancel"_s));
        QVERIFY(cancel && cancel->isEnabled());
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(ended.wait(5000));
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed()))); // not waiting for a 2 s answer
        QVERIFY(!window.isRunning());
        QVERIFY(window.findChild<QLabel *>(u"runLabel"_s)->text().contains(u"cancelled"_s, Qt::CaseInsensitive));
        QVERIFY(queryStates(window).at(0).startsWith(u"cancelled"_s));
        QCOMPARE(window.tweetModel()->rowCount(), kept); // what was fetched stays
        QVERIFY(window.findChild<QAction *>(u"actionCompare"_s)->isEnabled());
        QVERIFY(window.findChild<QAction *>(u"actionResume"_s)->isEnabled()); // the run can go on later
    }

    void everyRequestFailedShowsNoSpeedup()
    {
        // A provider that answers every request with an error (404 from a path the archive does
        // not serve: not retried, so the test is fast). Failing is fast: a speedup from it would lie.
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        ts::ui::EmbeddedArchiveHost archive(m_db);
        archive.start(u"none"_s);
        QTRY_VERIFY_WITH_TIMEOUT(archive.isReady(), 20000);
        MainWindow window(&credentials, &archive);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        setUpRun(window, u"none"_s, { u"eclipse"_s, u"cats"_s, u"korea"_s });
        auto *baseUrl = window.findChild<QLineEdit *>(u"baseUrl"_s);
        baseUrl->setText(archive.baseUrl().toString() + u"/nothing-here"_s);
        Q_EMIT baseUrl->editingFinished(); // as when the field loses the focus
        // Not the built-in archive any more: the empty table does not say it is.
        const QString before = window.findChild<QLabel *>(u"emptyHint"_s)->text();
        QVERIFY2(before.startsWith(u"Press Compare"_s) && !before.contains(u"built-in"_s), qPrintable(before));
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier); // Run > Compare
        QVERIFY(ended.wait(20000));
        QCOMPARE(ended.at(0).at(0).toInt(), 6); // 3 queries, twice
        // The empty table says why it is empty, not how to start a run.
        QCOMPARE(window.resultsPane()->emptyHint(),
            u"No tweets: 3 of 3 queries failed. Each query's error is in the Queries list on the left."_s);

        const QString runLabel = window.findChild<QLabel *>(u"runLabel"_s)->text();
        QVERIFY2(runLabel.contains(u"no speedup"_s), qPrintable(runLabel));
        QVERIFY2(!runLabel.contains(u"faster"_s) && !runLabel.contains(u"×"_s), qPrintable(runLabel));
        // Per run, not summed over the two: 3 of 3, not "6 of the queries".
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(u"Sequential run: 3 of 3 queries failed; concurrent run: 3 of 3 queries failed"_s),
            qPrintable(status));
        window.chartsPanel()->refreshNow();
        const QString totals = window.chartsPanel()->timingChart()->totalsText();
        QVERIFY2(!totals.contains(u"Speedup"_s) && !totals.contains(u"efficiency"_s), qPrintable(totals));
        QVERIFY2(totals.contains(u"No speedup: 3 of 3 queries failed in the sequential run"_s), qPrintable(totals));
    }

private:
    // File > Export > CSV: the rows-and-columns dialog (answered by choose), then the file
    // dialog (the path typed, Return), then the export off the GUI thread.
    static void exportCsv(MainWindow &window, const QString &path,
        std::function<void(ts::ui::CsvExportDialog *)> choose, const QString &action = u"actionExportCsv"_s)
    {
        whenModal<ts::ui::CsvExportDialog>([path, choose](ts::ui::CsvExportDialog *dialog) {
            whenModal<QFileDialog>([path](QFileDialog *files) {
                // Set, not typed: typing a path opens the completer's popup, which takes the Return.
                auto *name = files->findChild<QLineEdit *>(u"fileNameEdit"_s);
                name->setText(path);
                QTest::keyClick(name, Qt::Key_Return);
            });
            choose(dialog);
            if (QTest::currentTestFailed())
                dialog->reject(); // do not leave the test waiting on a modal dialog
        });
        window.statusBar()->clearMessage();
        window.findChild<QAction *>(action)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith(u"Exported"_s), 10000);
        QVERIFY2(window.statusBar()->currentMessage().contains(path), qPrintable(window.statusBar()->currentMessage()));
    }

    // The records of a CSV file (RFC 4180: CRLF ends a record; a quoted cell may hold a
    // line break, as the queries cell does).
    static QList<QByteArray> csvRecords(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QList<QByteArray> records;
        QByteArray current;
        bool quoted = false;
        const QByteArray data = file.readAll();
        for (qsizetype i = 0; i < data.size(); ++i) {
            const char c = data.at(i);
            if (c == '"')
                quoted = !quoted;
            if (!quoted && c == '\r' && i + 1 < data.size() && data.at(i + 1) == '\n') {
                records.append(current);
                current.clear();
                ++i;
                continue;
            }
            current.append(c);
        }
        if (!current.isEmpty())
            records.append(current);
        return records;
    }

    // Queries typed into the editor, the latency chosen, pages of 10 tweets, every page.
    static void setUpRun(MainWindow &window, const QString &latency, const QStringList &queries)
    {
        window.queryEditor()->setQueries({});
        auto *add = window.findChild<QToolButton *>(u"addQuery"_s);
        auto *list = window.findChild<QTableWidget *>(u"queryTable"_s);
        for (const QString &q : queries) {
            const int rows = list->rowCount();
            QTest::mouseClick(add, Qt::LeftButton); // a new row, its editor open
            QCOMPARE(list->rowCount(), rows + 1);
            QLineEdit *editor = nullptr;
            QTRY_VERIFY((editor = qobject_cast<QLineEdit *>(QApplication::focusWidget()))
                && editor->parentWidget() == list->viewport());
            QTest::keyClicks(editor, q);
            QTest::keyClick(editor, Qt::Key_Return);
            QTRY_VERIFY(QApplication::focusWidget() != editor);
        }
        QTRY_COMPARE(window.queryEditor()->queries(), queries);
        QVERIFY(list);

        auto *latencyBox = window.findChild<QComboBox *>(u"latency"_s);
        latencyBox->lineEdit()->selectAll();
        QTest::keyClicks(latencyBox->lineEdit(), latency);
        QCOMPARE(latencyBox->currentText(), latency);
        auto *maxResults = window.findChild<QSpinBox *>(u"maxResults"_s);
        maxResults->setValue(10);
        window.findChild<QSpinBox *>(u"pages"_s)->setValue(0);
    }

    static QStringList queryStates(MainWindow &window)
    {
        auto *list = window.findChild<QTableWidget *>(u"queryTable"_s);
        QStringList states;
        for (int r = 0; r < list->rowCount(); ++r) {
            if (list->item(r, 0) && !list->item(r, 0)->text().isEmpty())
                states.append(list->item(r, 1) ? list->item(r, 1)->text() : QString());
        }
        return states;
    }

    QTemporaryDir m_home;
    QString m_db;
};

QTEST_MAIN(TestGuiRun)
#include "tst_guirun.moc"
