// SPDX-License-Identifier: MIT
// File > Import…'s worker, offscreen: an X account archive ZIP and a JSONL file imported into a
// real archive off the GUI thread behind its progress dialog, the result message, cancel.
#include "archive/accountarchivefixture.h"
#include "archive/archivestore.h"
// The ui headers by plain name, or (with per-target include roots) under "ui/", where the
// credential store is search's.
#if __has_include("ui/importrunner.h")
#include "search/credentialstore.h"
#include "ui/embeddedarchivehost.h"
#include "ui/importrunner.h"
#include "ui/mainwindow.h"
using CredentialStore = ts::search::CredentialStore;
#else
using CredentialStore = ts::search::CredentialStore;
#endif

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace Qt::StringLiterals;

class TestImportRunner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"TweetscopeTest"_s);
        QCoreApplication::setApplicationName(u"tst_importrunner"_s);
    }

    void fileImportIntoTheServedLocalArchive()
    {
        // The window's File > Import… into the local archive that it serves (real service on
        // 127.0.0.1, port 0): the result message, the status bar, the served archive grows.
        const QString archive = m_dir.filePath(u"served.sqlite"_s);
        {
            ts::archive::ArchiveStore store;
            QString error;
            QVERIFY2(store.open(archive, &error), qPrintable(error));
        }
        ts::ui::EmbeddedArchiveHost host(archive);
        QSignalSpy ready(&host, &ts::ui::LocalArchiveHost::ready);
        CredentialStore credentials(u"tweetscope-test"_s);
        ts::ui::MainWindow window(&credentials, &host);
        QAction *import = window.findChild<QAction *>(u"actionImport"_s);
        QVERIFY(import);
        QVERIFY(window.menuBar()->actions().constFirst()->menu()->actions().contains(import)); // in File
        host.start(u"none"_s);
        QTRY_VERIFY_WITH_TIMEOUT(host.isReady(), 30000);
        QCOMPARE(host.archivePath(), archive);

        const QString zip = m_dir.filePath(u"window.zip"_s);
        QVERIFY(accountarchivefixture::writeZip(zip, accountarchivefixture::sampleArchive()));
        QVERIFY(window.importFiles({ zip }));
        QVERIFY(!import->isEnabled()); // one import at a time
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = window.findChild<QMessageBox *>(u"importResult"_s)) != nullptr, 60000);
        QVERIFY2(box->text().startsWith(u"Imported 5 new tweets (1 already there)."_s), qPrintable(box->text()));
        QVERIFY(box->text().contains(u"account archive of @archiveowner"_s));
        QVERIFY(import->isEnabled());
        QVERIFY(window.statusBar()->currentMessage().contains(
            u"Imported 5 new tweets"_s)); // with a warning sign: bad elements
        box->close();
        ts::archive::ArchiveStore store;
        QString error;
        QVERIFY(store.open(archive, &error, true));
        QCOMPARE(store.tweetCount(), 5);
    }

    void noLocalArchiveNoImport()
    {
        CredentialStore credentials(u"tweetscope-test"_s);
        ts::ui::MainWindow window(&credentials, nullptr);
        QVERIFY(!window.importFiles({ m_dir.filePath(u"x.zip"_s) }));
        QVERIFY(window.statusBar()->currentMessage().contains(u"not ready"_s));
    }

    void importsInTheBackgroundWithAResultMessage()
    {
        const QString archive = m_dir.filePath(u"local.sqlite"_s);
        {
            ts::archive::ArchiveStore store;
            QString error;
            QVERIFY2(store.open(archive, &error), qPrintable(error));
        }
        const QString zip = m_dir.filePath(u"my-archive.zip"_s);
        QVERIFY(accountarchivefixture::writeZip(zip, accountarchivefixture::sampleArchive()));
        const QString jsonl = m_dir.filePath(u"more.jsonl"_s);
        {
            QFile f(jsonl);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"id":"1700000000000000001","text":"from a file","created_at":"2023-11-14T22:13:20.000Z",)"
                    R"("author_id":"5"})"
                    "\nnot json\n");
        }
        QWidget window;
        window.show();
        bool called = false;
        ts::ui::ImportResult result;
        const Qt::HANDLE gui = QThread::currentThreadId();
        Qt::HANDLE doneThread = nullptr;
        ts::ui::importInBackground(&window, archive, { zip, jsonl }, [&](const ts::ui::ImportResult &r) {
            called = true;
            result = r;
            doneThread = QThread::currentThreadId();
        });
        // The progress dialog belongs to the window while the import runs off the GUI thread.
        QVERIFY(window.findChild<QProgressDialog *>() != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(called, 60000);
        QCOMPARE(doneThread, gui);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.stats.inserted, 6); // 5 from the account archive, 1 from the file
        QCOMPARE(result.problemCount, 3); // the archive's two, the file's bad line
        const QString message = result.summary();
        QVERIFY2(message.startsWith(u"Imported 6 new tweets (1 already there)."_s), qPrintable(message));
        QVERIFY2(message.contains(u"account archive of @archiveowner"_s), qPrintable(message));
        QVERIFY2(message.contains(jsonl + u":2: "_s), qPrintable(message));

        ts::archive::ArchiveStore store;
        QString error;
        QVERIFY(store.open(archive, &error));
        QCOMPARE(store.tweetCount(), 6);
    }

    void cancelKeepsWhatWasImported()
    {
        const QString archive = m_dir.filePath(u"cancel.sqlite"_s);
        const QString zip = m_dir.filePath(u"cancel.zip"_s);
        QVERIFY(accountarchivefixture::writeZip(zip, accountarchivefixture::sampleArchive()));
        int calls = 0;
        const ts::ui::ImportResult r = ts::ui::importIntoArchive(archive, { zip }, [&](qint64, qint64 total) {
            return total > 0 && ++calls < 1; // cancel at the first report
        });
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok);
        QVERIFY2(r.summary().startsWith(u"Import cancelled after"_s), qPrintable(r.summary()));
        const ts::ui::ImportResult missing = ts::ui::importIntoArchive(archive, { m_dir.filePath(u"no.zip"_s) });
        QVERIFY(!missing.ok);
        QVERIFY2(missing.summary().contains(u"The import stopped: "_s), qPrintable(missing.summary()));
    }
};

QTEST_MAIN(TestImportRunner)
#include "tst_importrunner.moc"
