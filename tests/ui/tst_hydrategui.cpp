// SPDX-License-Identifier: MIT
// File > Hydrate ids… in the window (offscreen), against a generated archive served on
// 127.0.0.1 (port 0): the id file's tweets fill the table like a run's, the status bar says how
// many ids were found and missing, the charts get the requests, the query list is left alone,
// and the collection holds the run for export; bad input and other providers are refused.
#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"
#include "charts/chartspanel.h"
#include "models/tweettablemodel.h"
#include "search/collection.h"
#include "search/credentialstore.h"
#include "search/runsummaryjson.h"
#include "testarchive.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"
#include "ui/runcontroller.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::MainWindow;
using ts::ui::RunController;

class TestHydrateGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_hydrategui"_s);
        QString error;
        const QString db = m_home.filePath(u"archive.sqlite"_s);
        QVERIFY2(ts::testing::generateArchive(db, 1000, 13, &error), qPrintable(error));
        ts::archive::ArchiveStore store;
        QVERIFY2(store.open(db, &error, true), qPrintable(error));
        QVERIFY(store.forEachTweet([this](const ts::archive::StoredTweet &t) {
            m_ids << t.tweet.id;
            return true;
        }));
        m_server = ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    void idFileBecomesARun()
    {
        // 250 held ids (three batches of 100), 5 absent ones, a comment and a duplicate.
        QByteArray text = "# ids\n";
        for (int i = 0; i < 250; ++i)
            text += m_ids[i].toLatin1() + '\n';
        for (int i = 0; i < 5; ++i)
            text += QByteArray::number(1000 + i) + '\n';
        text += m_ids[0].toLatin1() + '\n';
        const QString file = write(u"ids.txt"_s, text);

        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(m_server->baseUrl().toString());
        const QStringList queriesBefore = window.queryEditor()->queries();
        QVERIFY(window.findChild<QAction *>(u"actionHydrate"_s)->isEnabled());

        QSignalSpy ended(&window, &MainWindow::runEnded);
        const qint64 before = m_server->stats().requests;
        QVERIFY(window.hydrateIds(file));
        QVERIFY(ended.wait(30000));
        QCOMPARE(ended.at(0).at(0).toInt(), 0);
        QCOMPARE(m_server->stats().requests - before, 3);

        QCOMPARE(window.tweetModel()->rowCount(), 250);
        QVERIFY2(
            window.statusBar()->currentMessage().contains(u"250 of 255 ids found; 5 not found; 0 not authorized"_s),
            qPrintable(window.statusBar()->currentMessage()));
        // The query list is the user's: neither replaced nor marked by the batches.
        QCOMPARE(window.queryEditor()->queries(), queriesBefore);
        // The run is saved like any other: the collection has its tweets and missing ids.
        const QString collection = window.collectionPath();
        QVERIFY(!collection.isEmpty());
        ts::search::Collection c;
        QString error;
        QVERIFY2(c.open(collection, &error, true), qPrintable(error));
        QCOMPARE(c.tweetCount(), 250);
        QCOMPARE(c.runs().last().options.kind, ts::search::RunKind::Hydrate);
        QCOMPARE(c.missingIds(c.runs().last().id).size(), 5);
        const auto timings = c.requestTimings(c.runs().last().id);
        QCOMPARE(timings.size(), 3);
        for (const auto &t : timings) // named by their labels, in whatever order they ended
            QVERIFY2(t.query.startsWith(u"batch "_s) && t.query.endsWith(u" ids)"_s), qPrintable(t.query));

        // Opened again, the tweets name their batch by its label, not by its ids.
        QVERIFY(window.openCollection(collection));
        QCOMPARE(window.tweetModel()->rowCount(), 250);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("message");
        QTest::addRow("bad id") << u"20\nabc\n"_s << u"local"_s << u"1 line is not tweet ids, nothing was sent"_s;
        QTest::addRow("no id") << u"# none\n"_s << u"local"_s << u"no tweet id in"_s;
        QTest::addRow("enterprise") << u"20\n"_s << u"enterprise-30day"_s
                                    << u"Hydration is not available for this provider (enterprise-30day)"_s;
    }
    void refusals()
    {
        QFETCH(QString, content);
        QFETCH(QString, provider);
        QFETCH(QString, message);
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *providers = window.findChild<QComboBox *>(u"provider"_s);
        providers->setCurrentIndex(providers->findData(int(*ts::search::providerFromName(provider))));
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(m_server->baseUrl().toString());
        QSignalSpy refused(window.runController(), &RunController::startFailed);
        const qint64 before = m_server->stats().requests;
        QVERIFY(!window.hydrateIds(write(u"refused.txt"_s, content.toLatin1())));
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.at(0).at(0).toString().contains(message), qPrintable(refused.at(0).at(0).toString()));
        QVERIFY(!window.isRunning());
        QCOMPARE(m_server->stats().requests, before);
        // A refused hydration leaves nothing behind: the next run is the query list's.
        providers->setCurrentIndex(providers->findData(int(ts::search::ProviderKind::Local)));
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QVERIFY(window.startRun(MainWindow::RunKind::Concurrent));
        QVERIFY(ended.wait(30000));
        QCOMPARE(window.runController()->lastSummary().runs.value(0).kind, ts::search::RunKind::Search);
    }

private:
    QString write(const QString &name, const QByteArray &content) const
    {
        const QString path = m_home.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    QTemporaryDir m_home;
    QStringList m_ids;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
};

QTEST_MAIN(TestHydrateGui)
#include "tst_hydrategui.moc"
