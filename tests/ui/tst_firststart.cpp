// SPDX-License-Identifier: MIT
// The window as a person meets it on the first start and after a restart: the empty table
// says what to do, Text is the wide column with the queries after it, the last collection
// comes back (up to a size), a refusal for invalid queries is taken back once they are fixed,
// export suggests Documents, and a keychain that cannot store a secret says so in plain
// words without losing what was typed. No session bus here: the keychain is unavailable.
#include "charts/chartspanel.h"
#include "models/tweettablemodel.h"
#include "search/collection.h"
#include "search/credentialstore.h"
#include "testarchive.h"
#include "ui/credentialsdialog.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"
#include "ui/resultspane.h"
#include "ui/runcontroller.h"

#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::MainWindow;
using ts::ui::TweetTableModel;

class TestFirstStart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_firststart"_s); // no credential variables
        ts::testing::useNoKeychain(m_home.path());
    }

    void emptyTableSaysWhatToDo()
    {
        MainWindow window(&m_credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString hint = window.resultsPane()->emptyHint();
        QVERIFY2(
            hint.contains(u"Press Compare (Ctrl+R) to run the 6 queries on the built-in archive"_s), qPrintable(hint));
        auto *label = window.findChild<QLabel *>(u"emptyHint"_s);
        QVERIFY(label && label->isVisible());
        QVERIFY(window.tweetTable()->viewport()->rect().contains(label->geometry()));
        window.queryEditor()->setQueries({});
        QVERIFY2(window.resultsPane()->emptyHint().startsWith(u"Add a query"_s),
            qPrintable(window.resultsPane()->emptyHint()));

        // Text takes the room the other columns leave (the queries come after it, visible too),
        // at any window size, until the person resizes it.
        QHeaderView *header = window.tweetTable()->horizontalHeader();
        QCOMPARE(header->visualIndex(TweetTableModel::Queries), header->visualIndex(TweetTableModel::Text) + 1);
        const auto rightEdgeOfQueries = [&] {
            return header->sectionViewportPosition(TweetTableModel::Queries)
                + header->sectionSize(TweetTableModel::Queries);
        };
        window.resize(1300, 800);
        QTRY_VERIFY(header->sectionSize(TweetTableModel::Text) > 100);
        QTRY_VERIFY2(rightEdgeOfQueries() <= window.tweetTable()->viewport()->width(),
            qPrintable(QString::number(rightEdgeOfQueries())));
        window.resize(window.width() + 200, window.height());
        QTRY_VERIFY(rightEdgeOfQueries() >= window.tweetTable()->viewport()->width() - 2);
        QTRY_VERIFY(rightEdgeOfQueries() <= window.tweetTable()->viewport()->width());
        header->resizeSection(TweetTableModel::Text, 150); // the person's width is kept
        window.resize(window.width() - 100, window.height());
        QTRY_COMPARE(header->sectionSize(TweetTableModel::Text), 150);
        // A remote provider says next to it that a credential is needed.
        auto *provider = window.findChild<QComboBox *>(u"provider"_s);
        provider->setCurrentIndex(provider->findData(int(ts::search::ProviderKind::XRecent)));
        auto *state = window.findChild<QLabel *>(u"credentialState"_s);
        QTRY_VERIFY2(state->text().contains(u"needed"_s), qPrintable(state->text()));
        QVERIFY(state->text().contains(u"TWEETSCOPE_BEARER_TOKEN"_s));
        window.close();
    }

    void invalidQueriesRefusalIsTakenBack()
    {
        MainWindow window(&m_credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.queryEditor()->setQueries({ u"cats"_s, u"cats OR"_s });
        QVERIFY(!window.startRun(MainWindow::RunKind::Compare));
        QVERIFY2(window.statusBar()->currentMessage().contains(u"1 query cannot be sent"_s),
            qPrintable(window.statusBar()->currentMessage()));
        window.queryEditor()->setQueries({ u"cats"_s });
        QVERIFY2(window.statusBar()->currentMessage().isEmpty(), qPrintable(window.statusBar()->currentMessage()));
    }

    void lastCollectionComesBack()
    {
        // A collection with one finished run of 3 tweets, remembered as the last one.
        const QString path = m_home.filePath(u"last.sqlite"_s);
        {
            ts::search::Collection collection;
            QString error;
            QVERIFY2(collection.open(path, &error), qPrintable(error));
            const qint64 run = collection.beginRun(
                ts::search::RunMode::Sequential, u"local"_s, u"http://127.0.0.1"_s, { u"cats"_s }, {}, &error);
            QVERIFY2(run > 0, qPrintable(error));
            QList<ts::Tweet> tweets;
            for (int i = 0; i < 3; ++i) {
                ts::Tweet t;
                t.id = QString::number(1000 + i);
                t.text = u"cat %1"_s.arg(i);
                t.createdAtMs = 1700000000000LL + i;
                tweets.append(t);
            }
            QVERIFY2(collection.writePage(run, 0, 1, tweets, {}, true, &error), qPrintable(error));
            ts::search::QueryResult done;
            done.query = u"cats"_s;
            done.tweets = 3;
            done.pages = 1;
            done.status = ts::search::QueryStatus::Ok;
            QVERIFY2(collection.writeQueryState(run, 0, done, &error), qPrintable(error));
            collection.close();
        }
        QSettings().setValue(u"collections/last"_s, path);
        {
            MainWindow window(&m_credentials, nullptr);
            QTRY_COMPARE(window.tweetModel()->rowCount(), 3);
            QCOMPARE(window.collectionPath(), path);
        }
        {
            // Above the size limit it is only offered.
            MainWindow window(&m_credentials, nullptr);
            window.runController()->setReopenLimitBytes(16);
            QTest::qWait(50);
            QCOMPARE(window.tweetModel()->rowCount(), 0);
            QTRY_VERIFY(window.statusBar()->currentMessage().contains(u"File > Open recent opens it"_s));
        }
        QSettings().remove(u"collections/last"_s);
    }

    void exportSuggestsDocuments()
    {
        QSettings().remove(u"export/lastFolder"_s);
        QCOMPARE(
            ts::ui::ResultsPane::exportFolder(), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
        QSettings().setValue(u"export/lastFolder"_s, m_home.path());
        QCOMPARE(ts::ui::ResultsPane::exportFolder(), m_home.path());
        QSettings().remove(u"export/lastFolder"_s);
    }

    void keychainThatCannotStoreSaysSoPlainly()
    {
        ts::ui::ConnectionSettings connection;
        connection.provider = ts::search::ProviderKind::XRecent;
        ts::ui::CredentialsDialog dialog(&m_credentials, connection);
        dialog.show();
        auto *status = dialog.findChild<QLabel *>(u"credentialStatus"_s);
        QTRY_VERIFY(!status->text().contains(u"Checking"_s));
        auto *secret = dialog.findChild<QLineEdit *>(u"secret"_s);
        secret->setEnabled(true); // as if the keychain had looked usable when the dialog opened
        secret->setText(u"a-token"_s);
        dialog.findChild<QPushButton *>(u"storeCredential"_s)->click();
        QTRY_VERIFY2(status->text().contains(u"no keychain is available here"_s), qPrintable(status->text()));
        QVERIFY(status->text().contains(u"environment variables"_s));
        QVERIFY(!status->text().contains(u"org.freedesktop"_s)); // no raw D-Bus error
        QCOMPARE(secret->text(), u"a-token"_s); // nothing lost
    }

private:
    QTemporaryDir m_home;
    // One store for every window: a keychain answer may arrive after its window is gone, and
    // the store (the parent of its pending jobs) must still be there; in the app it lives as
    // long as the process.
    ts::search::CredentialStore m_credentials { u"tweetscope-test"_s };
};

QTEST_MAIN(TestFirstStart)
#include "tst_firststart.moc"
