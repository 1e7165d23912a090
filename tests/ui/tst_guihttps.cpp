// SPDX-License-Identifier: MIT
// The desktop app over HTTPS with HTTP/2 (nginx in front of the local archive, a test CA made
// at test time: tests/support/tlstestbed.h): the connection setting *CA file* trusts the CA,
// is saved with the settings, and without it the run fails in plain words (never ignored).
#include "archive/service/localarchiveserver.h"
#include "search/credentialstore.h"
#include "testarchive.h"
#include "tlstestbed.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"

#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::MainWindow;

class TestGuiHttps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        if (ts::testing::NginxProxy::binary().isEmpty())
            QSKIP("nginx is not installed (scripts/setup.sh installs nginx-light)");
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_guihttps"_s);
        QString error;
        QVERIFY2(ts::testing::makeTestCertificates(m_home.path(), &m_certs, &error), qPrintable(error));
        const QString db = m_home.filePath(u"archive.sqlite"_s);
        QVERIFY2(ts::testing::generateArchive(db, 2000, 3, &error), qPrintable(error));
        m_server = ts::testing::serveArchive(db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(m_server, qPrintable(error));
        QDir(m_home.path()).mkpath(u"nginx"_s);
        QVERIFY2(m_nginx.start(m_home.filePath(u"nginx"_s), m_certs, m_server->port(), &error), qPrintable(error));
    }

    void caFileSettingTrustsThePrivateCa()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        {
            MainWindow window(&credentials, nullptr);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.queryEditor()->setQueries({ u"cats"_s, u"ai"_s, u"the"_s });
            auto *baseUrl = window.findChild<QLineEdit *>(u"baseUrl"_s);
            auto *caFile = window.findChild<QLineEdit *>(u"caFile"_s);
            QVERIFY(caFile);
            baseUrl->setText(m_nginx.baseUrl().toString());
            Q_EMIT baseUrl->editingFinished();

            // Without the CA: the certificate is not trusted, and every query says so.
            QSignalSpy ended(&window, &MainWindow::runEnded);
            QVERIFY(window.startRun(MainWindow::RunKind::Concurrent));
            QVERIFY(ended.wait(20000));
            QCOMPARE(ended.at(0).at(0).toInt(), 3);
            for (const QString &state : queryStates(window))
                QVERIFY2(state.contains(u"is not trusted"_s) && state.contains(u"--ca-file"_s), qPrintable(state));

            // With it: every query done over HTTP/2.
            caFile->setText(m_certs.caFile);
            Q_EMIT caFile->editingFinished(); // pre-connects with the new TLS configuration
            QVERIFY(window.startRun(MainWindow::RunKind::Concurrent));
            QVERIFY(ended.wait(20000));
            QVERIFY2(ended.at(1).at(0).toInt() == 0, qPrintable(queryStates(window).join(u'\n')));
            for (const QString &state : queryStates(window))
                QVERIFY2(state.startsWith(u"done"_s), qPrintable(state));
            window.close(); // saves the settings
        }
        QCOMPARE(QSettings().value(u"connection/caFile"_s).toString(), m_certs.caFile);
        MainWindow again(&credentials, nullptr);
        QCOMPARE(again.findChild<QLineEdit *>(u"caFile"_s)->text(), m_certs.caFile);
    }

private:
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
    ts::testing::TestCertificates m_certs;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
    ts::testing::NginxProxy m_nginx;
};

QTEST_MAIN(TestGuiHttps)
#include "tst_guihttps.moc"
