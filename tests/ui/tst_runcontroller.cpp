// SPDX-License-Identifier: MIT
// RunController's refusals, as a person and a script meet them: a remote provider whose
// keychain never answers is refused after a bounded wait (not held forever), the reason is
// said in plain words, and the Credentials dialog opens to give a credential.
#include "search/credentialstore.h"
#include "testarchive.h"
#include "ui/credentialsdialog.h"
#include "ui/mainwindow.h"
#include "ui/runcontroller.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QLocalServer>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using ts::ui::MainWindow;
using ts::ui::RunController;

class TestRunController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_runcontroller"_s);
        // A session bus that accepts the connection and never says a word: the keychain's
        // read waits (D-Bus's own timeout is 25 s, and libsecret may wait longer).
        QVERIFY(m_bus.listen(m_home.filePath(u"bus"_s)));
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(m_home.filePath(u"bus"_s)));
    }

    void keychainThatNeverAnswersIsBounded()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *provider = window.findChild<QComboBox *>(u"provider"_s);
        provider->setCurrentIndex(provider->findData(int(ts::search::ProviderKind::XRecent)));
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(u"http://127.0.0.1:9"_s);
        RunController *runs = window.runController();
        runs->setKeychainWaitMs(300);

        // The refusal opens the Credentials dialog (a person can give one at once).
        bool dialogOpened = false;
        auto *poll = new QTimer(&window);
        poll->setInterval(20);
        connect(poll, &QTimer::timeout, &window, [&dialogOpened, poll] {
            if (auto *dialog = qobject_cast<ts::ui::CredentialsDialog *>(QApplication::activeModalWidget())) {
                dialogOpened = true;
                poll->stop();
                dialog->reject();
            }
        });
        poll->start();

        QSignalSpy refused(runs, &RunController::startFailed);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(window.startRun(MainWindow::RunKind::Concurrent)); // accepted: waiting for the keychain
        QVERIFY(window.isRunning());
        QVERIFY(refused.wait(5000));
        const qint64 waited = clock.elapsed();
        QVERIFY2(waited >= 300 && waited < 3000, qPrintable(QString::number(waited)));
        const QString message = refused.at(0).at(0).toString();
        QVERIFY2(message.contains(u"no keychain is available here, and TWEETSCOPE_BEARER_TOKEN is not set"_s),
            qPrintable(message));
        QVERIFY(!window.isRunning());
        QVERIFY(window.statusBar()->currentMessage().contains(message));
        QTRY_VERIFY(dialogOpened);

        // A keychain answer after the wait changes nothing: the refusal stands.
        QTest::qWait(100);
        QCOMPARE(refused.size(), 1);
    }

private:
    QTemporaryDir m_home;
    QLocalServer m_bus;
};

QTEST_MAIN(TestRunController)
#include "tst_runcontroller.moc"
