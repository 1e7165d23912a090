// SPDX-License-Identifier: MIT
// tweetscope-cli search takes the bearer token the GUI saved in the keychain when the
// environment has none (docs/cli.md: "or the keychain entry the GUI saved"), against a local
// archive that requires that token. Needs a secret service: scripts/test.sh starts a throwaway
// gnome-keyring (docs/qt-notes.md, section 7); without one the test skips, saying why.
#include "archive/service/localarchiveserver.h"
#include "testarchive.h"

#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {

constexpr auto kService = "tweetscope"; // the GUI's ts::search::CredentialStore service name
constexpr auto kKey = "bearer-token"; // ts::search::CredentialStore::BearerTokenKey
const QString kSecret = u"kc-7f3a9e-not-in-any-log"_s;

/// Runs a keychain job to its end (at most 10 s); the error text, empty on success.
QString runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    bool done = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        done = true;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    job.start();
    if (!done)
        loop.exec();
    if (!done)
        return u"the keychain did not answer in 10 s"_s;
    return job.error() == QKeychain::NoError ? QString() : job.errorString();
}

} // namespace

class TestCliKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        {
            // Never overwrite a person's real token: run only where the entry does not exist
            // (scripts/test.sh runs the suite against a throwaway keyring).
            QKeychain::ReadPasswordJob read(QString::fromLatin1(kService));
            read.setKey(QString::fromLatin1(kKey));
            if (runJob(read).isEmpty())
                QSKIP("a bearer token is stored in this keychain already; not touching it");
        }
        QKeychain::WritePasswordJob write(QString::fromLatin1(kService));
        write.setKey(QString::fromLatin1(kKey));
        write.setTextData(kSecret);
        if (const QString error = runJob(write); !error.isEmpty())
            QSKIP(qPrintable(u"no usable keychain here (%1); scripts/test.sh provides one"_s.arg(error)));
        m_wrote = true;

        ts::archive::ServiceOptions so = ts::testing::testServiceOptions();
        so.bearerToken = kSecret;
        QString error;
        const QString db = m_dir.filePath(u"archive.sqlite"_s);
        QVERIFY2(ts::testing::generateArchive(db, 2000, 3, &error), qPrintable(error));
        m_server = ts::testing::serveArchive(db, so, &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    void cleanupTestCase()
    {
        if (!m_wrote)
            return;
        QKeychain::DeletePasswordJob remove(QString::fromLatin1(kService));
        remove.setKey(QString::fromLatin1(kKey));
        runJob(remove);
    }

    void tokenFromKeychain()
    {
        const auto [code, output] = search();
        QVERIFY2(code == 0, qPrintable(output));
        QVERIFY2(!output.contains(kSecret), "the token appeared in the output");
    }

    void environmentWinsOverKeychain()
    {
        const auto [code, output] = search(u"wrong-token"_s);
        QCOMPARE(code, 1); // the query failed with the server's 401, the run itself completed
        QVERIFY2(output.contains(u"401"_s) || output.contains(u"Unauthorized"_s), qPrintable(output));
        QVERIFY(!output.contains(kSecret));
        QVERIFY2(!output.contains(u"wrong-token"_s), "the token appeared in the output");
    }

private:
    /// tweetscope-cli search as X API v2 recent against the local archive; (exit code, stdout + stderr).
    std::pair<int, QString> search(const QString &envToken = {}) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"TWEETSCOPE_BEARER_TOKEN"_s);
        if (!envToken.isEmpty())
            env.insert(u"TWEETSCOPE_BEARER_TOKEN"_s, envToken);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"search"_s, u"--provider"_s, u"x-recent"_s, u"--base-url"_s, m_server->baseUrl().toString(),
                u"--max-results"_s, u"10"_s, u"--json-summary"_s, u"cats"_s });
        if (!p.waitForFinished(60000))
            return { -1, u"tweetscope-cli did not finish"_s };
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()) };
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
    bool m_wrote = false;
};

QTEST_GUILESS_MAIN(TestCliKeychain)
#include "tst_clikeychain.moc"
