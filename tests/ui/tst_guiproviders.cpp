// SPDX-License-Identifier: MIT
// "Also run on": the same queries on the local archive (X shape) and on Bluesky (the same
// store served in Bluesky's shape by the embedded archive on 127.0.0.1), in the window
// offscreen: the table holds both providers' rows, the provider filter tells them apart, the
// JSON summary carries both runs; the second provider's own base URL (a second archive served
// on 127.0.0.1) is where its queries go; a Compare run, a query Bluesky cannot take, a missing
// Bluesky credential and a bad base URL are refused before anything is sent; at 1024x700 the
// query list keeps 6 rows (the rarely changed connection rows fold away); the settings
// survive a restart.
#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"
#include "charts/chartspanel.h"
#include "models/tweettablemodel.h"
#include "search/credentialstore.h"
#include "search/runsummaryjson.h"
#include "testarchive.h"
#include "ui/credentialsdialog.h"
#include "ui/embeddedarchivehost.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"
#include "ui/runcontroller.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;
using ts::search::ProviderKind;
using ts::ui::MainWindow;
using ts::ui::RunController;
using ts::ui::TweetTableModel;

namespace {

// "eclipse" matches 5 tweets, "cats" 3: 8 rows per provider.
constexpr int kEclipse = 5;
constexpr int kCats = 3;

QList<ts::Tweet> archiveTweets()
{
    constexpr qint64 twepoch = 1288834974657LL;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    QList<ts::Tweet> tweets;
    auto add = [&](const QString &text) {
        const int n = int(tweets.size());
        ts::Tweet t;
        t.createdAtMs = now - qint64(n) * 60 * 1000;
        t.id = QString::number(((t.createdAtMs - twepoch) << 22) | n);
        t.text = text;
        t.allText = text;
        t.authorId = QString::number(7000 + n);
        t.authorUsername = u"user%1"_s.arg(n);
        t.authorName = u"User %1"_s.arg(n);
        t.lang = u"en"_s;
        t.conversationId = t.id;
        tweets.append(t);
    };
    for (int i = 0; i < kEclipse; ++i)
        add(u"eclipse seen from the hill, take %1"_s.arg(i));
    for (int i = 0; i < kCats; ++i)
        add(u"cats asleep in the sun, photo %1"_s.arg(i));
    return tweets;
}

/// Dismisses the Credentials dialog a refusal opens, and says which provider it was for.
QString *answerCredentialsDialog(QObject *context)
{
    auto *title = new QString;
    auto *poll = new QTimer(context);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, context, [poll, title] {
        if (auto *dialog = qobject_cast<ts::ui::CredentialsDialog *>(QApplication::activeModalWidget())) {
            *title = dialog->windowTitle();
            poll->stop();
            dialog->reject();
        }
    });
    QObject::connect(context, &QObject::destroyed, [title] { delete title; });
    poll->start();
    return title;
}

} // namespace

class TestGuiProviders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_guiproviders"_s);
        ts::testing::useNoKeychain(m_home.path());
        m_db = m_home.filePath(u"archive.sqlite"_s);
        QString error;
        QVERIFY2(ts::testing::writeArchive(m_db, archiveTweets(), &error), qPrintable(error));
    }

    void init()
    {
        qputenv("TWEETSCOPE_USERNAME", "alice.bsky.social");
        qputenv("TWEETSCOPE_PASSWORD", "app-password-for-the-test");
        qunsetenv("TWEETSCOPE_BEARER_TOKEN");
        QSettings().remove(u"collections/last"_s); // each window starts with an empty table
    }

    void runOnLocalAndBluesky()
    {
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Bluesky, { u"eclipse"_s, u"cats"_s });
        // The local archive needs no credential: the panel says where Bluesky's comes from.
        auto *state = window.findChild<QLabel *>(u"credentialState"_s);
        QTRY_COMPARE(state->text(), u"Bluesky post search: from the environment (TWEETSCOPE_PASSWORD)"_s);

        int exitCode = -1;
        QVERIFY(runToEnd(window, MainWindow::RunKind::Concurrent, &exitCode));
        QCOMPARE(exitCode, 0);

        // Both providers' rows, told apart by the Provider column.
        TweetTableModel *model = window.tweetModel();
        QCOMPARE(model->rowCount(), 2 * (kEclipse + kCats));
        QHash<QString, int> byProvider;
        for (int r = 0; r < model->rowCount(); ++r)
            ++byProvider[model->index(r, TweetTableModel::Provider).data().toString()];
        QCOMPARE(byProvider.value(u"X"_s), kEclipse + kCats);
        QCOMPARE(byProvider.value(u"Bluesky"_s), kEclipse + kCats);

        // The provider filter shows each in turn.
        auto *filter = window.findChild<QComboBox *>(u"filterProvider"_s);
        QVERIFY(filter);
        QTRY_VERIFY(filter->isVisible());
        filter->setCurrentIndex(filter->findText(u"Bluesky"_s));
        QTRY_COMPARE(window.countsText(), u"8 of 16 tweets"_s);
        filter->setCurrentIndex(filter->findText(u"X"_s));
        QTRY_COMPARE(window.countsText(), u"8 of 16 tweets"_s);
        filter->setCurrentIndex(0);
        QTRY_COMPARE(window.countsText(), u"16 tweets"_s);

        // One run per provider, in order, and the summary says providers were compared.
        const ts::search::SearchSummary summary = window.runController()->lastSummary();
        QVERIFY(summary.compareProviders);
        QVERIFY(!summary.compare);
        QCOMPARE(summary.runs.size(), 2);
        QCOMPARE(summary.runs.at(0).provider, u"local"_s);
        QCOMPARE(summary.runs.at(1).provider, u"bluesky"_s);
        QCOMPARE(summary.runs.at(0).tweets, kEclipse + kCats);
        QCOMPARE(summary.runs.at(1).tweets, kEclipse + kCats);
        // The second goes to the first's local archive (it serves Bluesky's shape too).
        QCOMPARE(summary.runs.at(1).baseUrl, summary.runs.at(0).baseUrl);
        QCOMPARE(QUrl(summary.runs.at(0).baseUrl), shown.archive.baseUrl());
        QVERIFY2(window.statusBar()->currentMessage().startsWith(u"Concurrent run on Bluesky post search: 8 tweets"_s),
            qPrintable(window.statusBar()->currentMessage()));
        // Not offered for Resume (it would go on with the first provider only).
        QVERIFY(window.runController()->resumablePath().isEmpty());
    }

    // A remote first provider (X recent, at an archive served on 127.0.0.1 with a bearer token
    // from the environment) and the local archive second: the embedded one, started on demand.
    void remoteFirstLocalSecond()
    {
        QString error;
        const auto server = ts::testing::serveArchive(m_db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(server, qPrintable(error));
        qputenv("TWEETSCOPE_BEARER_TOKEN", "a-token-for-the-test");
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Local, { u"eclipse"_s });
        auto *provider = window.findChild<QComboBox *>(u"provider"_s);
        provider->setCurrentIndex(provider->findData(int(ProviderKind::XRecent)));
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(server->baseUrl().toString());
        QVERIFY(!shown.archive.isReady());

        QVERIFY(runToEnd(window, MainWindow::RunKind::Sequential));
        const ts::search::SearchSummary summary = window.runController()->lastSummary();
        QCOMPARE(summary.runs.size(), 2);
        QCOMPARE(summary.runs.at(0).provider, u"x-recent"_s);
        QCOMPARE(QUrl(summary.runs.at(0).baseUrl), server->baseUrl());
        QCOMPARE(summary.runs.at(1).provider, u"local"_s);
        QVERIFY(shown.archive.isReady());
        QCOMPARE(QUrl(summary.runs.at(1).baseUrl), shown.archive.baseUrl());
        QCOMPARE(summary.runs.at(0).tweets, kEclipse);
        QCOMPARE(summary.runs.at(1).tweets, kEclipse);
        // The same tweets from both (X ids): one row each, listing the query once.
        QCOMPARE(window.tweetModel()->rowCount(), kEclipse);
    }

    // "Also run on" at its own base URL: a second archive (2 of the eclipse tweets) served on
    // 127.0.0.1, not the first's embedded one. The field shows only with a second provider.
    void compareBaseUrlReachesTheRun()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(u"second.sqlite"_s);
        QString error;
        QVERIFY2(ts::testing::writeArchive(db, archiveTweets().mid(0, 2), &error), qPrintable(error));
        const auto second = ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(second, qPrintable(error));
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Bluesky, { u"eclipse"_s });
        auto *field = window.findChild<QLineEdit *>(u"compareBaseUrl"_s);
        QVERIFY(field);
        auto *compare = window.findChild<QComboBox *>(u"compareProvider"_s);
        auto *more = window.findChild<QToolButton *>(u"moreConnection"_s);
        QVERIFY(more);
        if (!compare->isVisible())
            more->click();
        QVERIFY(compare->isVisible());
        QVERIFY(field->isVisible());
        QCOMPARE(field->placeholderText(), u"the local archive of the provider above"_s);
        compare->setCurrentIndex(0); // none: no second base URL to give
        QVERIFY(!field->isVisible());
        compare->setCurrentIndex(compare->findData(int(ProviderKind::Bluesky)));
        QVERIFY(field->isVisible());
        field->setText(second->baseUrl().toString());

        QVERIFY(runToEnd(window, MainWindow::RunKind::Sequential));
        const ts::search::SearchSummary summary = window.runController()->lastSummary();
        QCOMPARE(summary.runs.size(), 2);
        QCOMPARE(summary.runs.at(0).provider, u"local"_s);
        QCOMPARE(QUrl(summary.runs.at(0).baseUrl), shown.archive.baseUrl());
        QCOMPARE(summary.runs.at(0).tweets, kEclipse);
        QCOMPARE(summary.runs.at(1).provider, u"bluesky"_s);
        QCOMPARE(QUrl(summary.runs.at(1).baseUrl), second->baseUrl());
        QCOMPARE(summary.runs.at(1).tweets, 2);
        int bluesky = 0;
        TweetTableModel *model = window.tweetModel();
        for (int r = 0; r < model->rowCount(); ++r)
            bluesky += model->index(r, TweetTableModel::Provider).data().toString() == u"Bluesky"_s ? 1 : 0;
        QCOMPARE(bluesky, 2);
    }

    // "Also run on" at its own base URL: its connections open as soon as the panel says where
    // it goes, before any run (as the first provider's do), and its run's requests open none.
    void secondProviderIsPreconnected()
    {
        QString error;
        const auto second = ts::testing::serveArchive(m_db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(second, qPrintable(error));
        qputenv("TWEETSCOPE_BEARER_TOKEN", "a-token-for-the-test");
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::XRecent, { u"eclipse"_s });
        QCOMPARE(ts::testing::connectionsTo(second->port()), 0);
        auto *field = window.findChild<QLineEdit *>(u"compareBaseUrl"_s);
        field->setText(second->baseUrl().toString());
        Q_EMIT field->editingFinished(); // as when the person leaves the field
        QTRY_COMPARE(ts::testing::connectionsTo(second->port()), 1);

        QVERIFY(runToEnd(window, MainWindow::RunKind::Sequential));
        const ts::search::SearchSummary summary = window.runController()->lastSummary();
        QCOMPARE(summary.runs.size(), 2);
        const ts::search::RunSummary &run = summary.runs.at(1);
        QCOMPARE(run.provider, u"x-recent"_s);
        QCOMPARE(QUrl(run.baseUrl), second->baseUrl());
        QCOMPARE(run.tweets, kEclipse);
        QVERIFY(!run.requestTimings.isEmpty());
        for (const ts::search::RequestTiming &t : run.requestTimings)
            QCOMPARE(t.connectStartMs, -1.0); // the pre-opened connection, warm
        QCOMPARE(ts::testing::connectionsTo(second->port()), 1);
    }

    // The Credentials dialog of "Also run on" warns of where that provider goes (its own base
    // URL, plain http to another machine), not of the first provider's base URL.
    void secondCredentialsDialogWarnsOfItsBaseUrl()
    {
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Bluesky, { u"eclipse"_s });
        window.findChild<QLineEdit *>(u"compareBaseUrl"_s)->setText(u"http://bsky.example"_s);
        QString said;
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, this, [&] {
            if (auto *dialog = qobject_cast<ts::ui::CredentialsDialog *>(QApplication::activeModalWidget())) {
                poll.stop();
                for (const QLabel *label : dialog->findChildren<QLabel *>())
                    said += label->text() + u'\n';
                dialog->reject();
            }
        });
        poll.start();
        window.findChild<QPushButton *>(u"credentials"_s)->click(); // the local archive needs none: Bluesky's
        QVERIFY2(said.contains(u"http://bsky.example is plain http to another machine"_s), qPrintable(said));
    }

    // At 1024x700 with a second provider, the query list shows 6 rows without scrolling: the
    // comparison and the rarely changed rows start folded under "More connection settings",
    // and the run options and the fold's header are not cut off.
    void queryListKeepsSixRowsAt1024x700()
    {
        QSettings().remove(u"window"_s); // a first start: no splitter or fold remembered
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        const QStringList six { u"eclipse"_s, u"nuclear"_s, u"korea"_s, u"cats"_s, u"ai"_s, u"memes"_s };
        setUp(window, ProviderKind::Bluesky, six);
        window.resize(1024, 700);
        QTRY_COMPARE(window.width(), 1024);
        QApplication::processEvents();
        auto *table = window.findChild<QTableWidget *>(u"queryTable"_s);
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 6);
        const int bottom = table->rowViewportPosition(5) + table->rowHeight(5);
        QVERIFY2(bottom <= table->viewport()->height(),
            qPrintable(u"6 rows need %1 px, the list shows %2"_s.arg(bottom).arg(table->viewport()->height())));
        QCOMPARE(window.height(), 700); // not held taller by the panels' minimum sizes
        QVERIFY(!window.findChild<QLineEdit *>(u"baseUrl"_s)->isVisible());
        // What is folded away and set is said next to the fold.
        auto *summary = window.findChild<QLabel *>(u"moreSummary"_s);
        QVERIFY2(summary->toolTip().contains(u"Also run on: Bluesky post search"_s), qPrintable(summary->toolTip()));
        for (const char *name : { "moreConnection", "maxBodySize", "provider" }) {
            auto *w = window.findChild<QWidget *>(QString::fromLatin1(name));
            QVERIFY2(w && w->isVisible() && w->visibleRegion().boundingRect() == w->rect(), name);
        }
    }

    void refusals_data()
    {
        QTest::addColumn<int>("run");
        QTest::addColumn<QStringList>("queries");
        QTest::addColumn<bool>("password");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("compareBaseUrl");
        QTest::addRow("compare mode") << int(MainWindow::RunKind::Compare) << QStringList { u"eclipse"_s } << true
                                      << u"use Run sequential or Run concurrent"_s << QString() << QString();
        // X's editor takes is:retweet; Bluesky has no equivalent.
        QTest::addRow("query bluesky cannot take")
            << int(MainWindow::RunKind::Sequential) << QStringList { u"eclipse"_s, u"cats -is:retweet"_s } << true
            << u"Nothing was sent: bluesky, query 2:"_s << QString() << QString();
        QTest::addRow("no bluesky credential") << int(MainWindow::RunKind::Concurrent) << QStringList { u"eclipse"_s }
                                               << false << u"No credential for bluesky"_s << QString() << QString();
        // The base URL fields: the same check (the provider's), the refusal names the field.
        QTest::addRow("bad base url of also run on")
            << int(MainWindow::RunKind::Sequential) << QStringList { u"eclipse"_s } << true
            << u"The base URL of “Also run on”: invalid base URL 'ftp://127.0.0.1': expected http(s)://HOST[:PORT]. "
               "Nothing was sent."_s
            << QString() << u"ftp://127.0.0.1"_s;
        QTest::addRow("password in base url of also run on")
            << int(MainWindow::RunKind::Concurrent) << QStringList { u"eclipse"_s } << true
            << u"The base URL of “Also run on”: credentials do not belong in the base URL"_s << QString()
            << u"https://alice:hunter2@bsky.example"_s;
        QTest::addRow("bad base url") << int(MainWindow::RunKind::Concurrent) << QStringList { u"eclipse"_s } << true
                                      << u"Base URL: invalid base URL 'ftp://127.0.0.1'"_s << u"ftp://127.0.0.1"_s
                                      << QString();
    }
    void refusals()
    {
        QFETCH(int, run);
        QFETCH(QStringList, queries);
        QFETCH(bool, password);
        QFETCH(QString, message);
        QFETCH(QString, baseUrl);
        QFETCH(QString, compareBaseUrl);
        if (!password)
            qunsetenv("TWEETSCOPE_PASSWORD");
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Bluesky, queries);
        auto *compareBaseUrlField = window.findChild<QLineEdit *>(u"compareBaseUrl"_s);
        QVERIFY(compareBaseUrlField);
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(baseUrl);
        compareBaseUrlField->setText(compareBaseUrl);
        QCOMPARE(window.queryEditor()->invalidCount(), 0); // the editor checks X's dialect
        QString *dialogTitle = answerCredentialsDialog(&window);
        const QStringList collectionsBefore = collections();

        RunController *runs = window.runController();
        QSignalSpy refused(runs, &RunController::startFailed);
        QSignalSpy needed(runs, &RunController::credentialsNeeded);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        window.startRun(MainWindow::RunKind(run));
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 15000);
        const QString said = refused.at(0).at(0).toString();
        QVERIFY2(said.contains(message), qPrintable(said));
        QVERIFY(window.statusBar()->currentMessage().contains(said));
        QVERIFY2(!said.contains(u"hunter2"_s), qPrintable(said)); // no secret in the message
        if (!compareBaseUrl.isEmpty() || !baseUrl.isEmpty()) // the field refused is shown
            QVERIFY(window.findChild<QLineEdit *>(compareBaseUrl.isEmpty() ? u"baseUrl"_s : u"compareBaseUrl"_s)
                        ->isVisible());
        QTRY_VERIFY(!window.isRunning());
        // Nothing was sent: no run, no row, no collection file.
        QTest::qWait(200);
        QCOMPARE(ended.size(), 0);
        QCOMPARE(window.tweetModel()->rowCount(), 0);
        QVERIFY(runs->lastSummary().runs.isEmpty());
        QCOMPARE(collections(), collectionsBefore);
        if (!password) {
            QVERIFY2(window.findChild<QLabel *>(u"credentialState"_s)
                         ->text()
                         .startsWith(u"Bluesky post search: <b>needed</b>"_s),
                qPrintable(window.findChild<QLabel *>(u"credentialState"_s)->text()));
            QCOMPARE(needed.size(), 1);
            QCOMPARE(needed.at(0).at(0).value<ProviderKind>(), ProviderKind::Bluesky);
            // The dialog opened is Bluesky's, where the missing credential goes.
            QTRY_VERIFY(!dialogTitle->isEmpty());
            QVERIFY2(dialogTitle->contains(u"Bluesky"_s), qPrintable(*dialogTitle));
        } else {
            QCOMPARE(needed.size(), 0);
        }
    }

    // The CLI's rule (SearchProvider::repeatsFirst): "Also run on" may be the provider above
    // only at another base URL. At the same place the panel says why under the field and a run
    // is refused; at another (a second archive) both run, and every place that names a side
    // says which archive it was.
    void sameProviderNeedsAnotherBaseUrl()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(u"second.sqlite"_s);
        QString error;
        QVERIFY2(ts::testing::writeArchive(db, archiveTweets().mid(0, 2), &error), qPrintable(error));
        const auto second = ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(second, qPrintable(error));
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Bluesky, { u"eclipse"_s });
        auto *compare = window.findChild<QComboBox *>(u"compareProvider"_s);
        auto *field = window.findChild<QLineEdit *>(u"compareBaseUrl"_s);
        auto *note = window.findChild<QLabel *>(u"compareNote"_s);
        // The provider of the run is offered as the second one too...
        const auto *items = qobject_cast<const QStandardItemModel *>(compare->model());
        QVERIFY(items);
        QVERIFY(items->item(compare->findData(int(ProviderKind::Local)))->isEnabled());
        QVERIFY(!note->isVisible());
        // ...but without a base URL of its own it is the same archive: said, and refused.
        compare->setCurrentIndex(compare->findData(int(ProviderKind::Local)));
        QVERIFY(note->isVisible());
        QVERIFY(field->isVisible()); // where the fix goes
        QVERIFY2(note->text().contains(u"The provider above again: give it a base URL of its own"_s),
            qPrintable(note->text()));
        QSignalSpy refused(window.runController(), &RunController::startFailed);
        QVERIFY(!window.startRun(MainWindow::RunKind::Concurrent));
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.at(0).at(0).toString().contains(u"the provider of the run already: give it a base URL of "
                                                         "its own"_s),
            qPrintable(refused.at(0).at(0).toString()));
        QCOMPARE(window.tweetModel()->rowCount(), 0);

        // A second archive: allowed, the note goes as the URL is typed, and both run.
        field->setText(second->baseUrl().toString());
        QVERIFY(!note->isVisible());
        QVERIFY(runToEnd(window, MainWindow::RunKind::Sequential));
        const ts::search::SearchSummary summary = window.runController()->lastSummary();
        QVERIFY(summary.compareProviders);
        QCOMPARE(summary.runs.size(), 2);
        QCOMPARE(summary.runs.at(0).provider, u"local"_s);
        QCOMPARE(summary.runs.at(1).provider, u"local"_s);
        QCOMPARE(QUrl(summary.runs.at(0).baseUrl), shown.archive.baseUrl());
        QCOMPARE(QUrl(summary.runs.at(1).baseUrl), second->baseUrl());
        QCOMPARE(summary.runs.at(0).tweets, kEclipse);
        QCOMPARE(summary.runs.at(1).tweets, 2);
        // Same provider name on both sides: the charts and the status bar add host:port.
        const auto place = [](const QUrl &url) { return u"Local archive at 127.0.0.1:%1"_s.arg(url.port()); };
        const auto *charts = window.findChild<ts::ui::ChartsPanel *>();
        QVERIFY(charts);
        QCOMPARE(charts->compareData().title(0), place(shown.archive.baseUrl()));
        QCOMPARE(charts->compareData().title(1), place(second->baseUrl()));
        QVERIFY2(window.statusBar()->currentMessage().startsWith(
                     u"Sequential run on "_s + place(second->baseUrl()) + u": 2 tweets"_s),
            qPrintable(window.statusBar()->currentMessage()));

        // The first at that archive too: the same place again, said and refused.
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(second->baseUrl().toString() + u"/"_s);
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(u"Where the provider above goes already: give it another base URL"_s),
            qPrintable(note->text()));
        QVERIFY(!window.startRun(MainWindow::RunKind::Sequential));
        QCOMPARE(refused.size(), 2);
        QVERIFY2(refused.at(1).at(0).toString().contains(u"at the base URL the run goes to already"_s),
            qPrintable(refused.at(1).at(0).toString()));
    }

    void volumeRunUsesTheFirstProviderOnly()
    {
        ProviderWindow shown(m_db);
        MainWindow &window = shown.window;
        setUp(window, ProviderKind::Bluesky, { u"eclipse"_s });
        QSignalSpy messages(window.statusBar(), &QStatusBar::messageChanged);
        QVERIFY(window.startRun(MainWindow::RunKind::CountsVolume));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 20000);
        bool said = false;
        for (const auto &m : messages)
            said = said || m.at(0).toString().contains(u"A volume run uses Local archive (offline) only"_s);
        QVERIFY(said);
    }

    void settingSurvivesRestart()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        {
            MainWindow window(&credentials, nullptr);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *compare = window.findChild<QComboBox *>(u"compareProvider"_s);
            compare->setCurrentIndex(compare->findData(int(ProviderKind::XRecent)));
            window.findChild<QLineEdit *>(u"compareBaseUrl"_s)->setText(u"https://x.example"_s);
            auto *more = window.findChild<QToolButton *>(u"moreConnection"_s);
            QVERIFY(!compare->isVisible()); // folded at first
            more->click();
            QVERIFY(compare->isVisible());
            window.close(); // saves the settings
        }
        QCOMPARE(QSettings().value(u"connection/compareProvider"_s).toString(), u"x-recent"_s);
        QCOMPARE(QSettings().value(u"connection/compareBaseUrl"_s).toString(), u"https://x.example"_s);
        {
            MainWindow window(&credentials, nullptr);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *compare = window.findChild<QComboBox *>(u"compareProvider"_s);
            QCOMPARE(compare->currentData().toInt(), int(ProviderKind::XRecent));
            QCOMPARE(window.findChild<QLineEdit *>(u"compareBaseUrl"_s)->text(), u"https://x.example"_s);
            QVERIFY(compare->isVisible()); // the fold stayed open
            compare->setCurrentIndex(0); // none
            window.close();
        }
        QCOMPARE(QSettings().value(u"connection/compareProvider"_s).toString(), QString());
        MainWindow window(&credentials, nullptr);
        QCOMPARE(window.findChild<QComboBox *>(u"compareProvider"_s)->currentData().toInt(), -1);
    }

private:
    /// A window on the embedded archive (and a test keychain that is never there).
    struct ProviderWindow
    {
        explicit ProviderWindow(const QString &db)
            : archive(db)
        { }
        ts::search::CredentialStore credentials { u"tweetscope-test"_s };
        ts::ui::EmbeddedArchiveHost archive;
        MainWindow window { &credentials, &archive };
    };

    /// Shows the window with the local archive first, `second` as "Also run on", and `queries`.
    void setUp(MainWindow &window, ProviderKind second, const QStringList &queries)
    {
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *provider = window.findChild<QComboBox *>(u"provider"_s);
        provider->setCurrentIndex(provider->findData(int(ProviderKind::Local)));
        window.findChild<QLineEdit *>(u"baseUrl"_s)->clear();
        if (auto *compareBaseUrl = window.findChild<QLineEdit *>(u"compareBaseUrl"_s))
            compareBaseUrl->clear();
        window.findChild<QComboBox *>(u"latency"_s)->setCurrentText(u"none"_s);
        auto *compare = window.findChild<QComboBox *>(u"compareProvider"_s);
        QVERIFY(compare);
        compare->setCurrentIndex(compare->findData(int(second)));
        window.queryEditor()->setQueries(queries);
    }

    /// Starts a run of `kind` and waits for its end: false (the test fails) if it was refused.
    static bool runToEnd(MainWindow &window, MainWindow::RunKind kind, int *exitCode = nullptr)
    {
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QSignalSpy refused(window.runController(), &RunController::startFailed);
        if (!window.startRun(kind) || !ended.wait(30000)) {
            qWarning("the run did not start or end: %s", qPrintable(refused.value(0).value(0).toString()));
            return false;
        }
        if (!refused.isEmpty()) {
            qWarning("refused: %s", qPrintable(refused.value(0).value(0).toString()));
            return false;
        }
        if (exitCode)
            *exitCode = ended.at(0).at(0).toInt();
        return true;
    }

    QStringList collections() const { return QDir(RunController::collectionsDir()).entryList(QDir::Files); }

    QTemporaryDir m_home;
    QString m_db;
};

QTEST_MAIN(TestGuiProviders)
#include "tst_guiproviders.moc"
