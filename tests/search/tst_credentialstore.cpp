// SPDX-License-Identifier: MIT
// Runs only inside a throwaway secret service (scripts/test.sh: dbus-run-session +
// gnome-keyring-daemon --unlock with a temporary HOME); skips with a clear message otherwise.
#include "search/credentialstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::search::CredentialStore;

class TestCredentialStore : public QObject
{
    Q_OBJECT
private:
    // A service name of its own, so a test never touches the app's real entries.
    const QString m_service = u"tweetscope-test-%1"_s.arg(QCoreApplication::applicationPid());

    template <typename Call> static bool waitFor(Call call, int timeoutMs = 5000)
    {
        bool done = false;
        call(done);
        return QTest::qWaitFor([&] { return done; }, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("No session bus: run through scripts/test.sh, which provides a throwaway keyring");
        ts::search::CredentialStore store(m_service);
        ts::search::CredentialStore::Status status = ts::search::CredentialStore::Status::Failed;
        const bool answered = waitFor([&](bool &done) {
            store.write(u"probe"_s, u"x"_s, [&](ts::search::CredentialStore::Status s, const QString &) {
                status = s;
                done = true;
            });
        });
        if (!answered)
            QSKIP("The secret service did not answer (a locked keyring waiting for a prompt?)");
        if (status != ts::search::CredentialStore::Status::Ok)
            QSKIP("No secret service is reachable: run through scripts/test.sh (throwaway keyring)");
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("secret");
        QTest::addRow("bearer token") << QString::fromLatin1(ts::search::CredentialStore::BearerTokenKey)
                                      << u"AAAA%2Ftoken"_s;
        QTest::addRow("enterprise password")
            << QString::fromLatin1(ts::search::CredentialStore::EnterprisePasswordKey) << u"pä55 wörd"_s;
    }
    void roundTrip()
    {
        QFETCH(QString, key);
        QFETCH(QString, secret);
        ts::search::CredentialStore store(m_service);
        ts::search::CredentialStore::Status status = ts::search::CredentialStore::Status::Failed;
        QVERIFY(waitFor([&](bool &done) {
            store.write(key, secret, [&](ts::search::CredentialStore::Status s, const QString &) {
                status = s;
                done = true;
            });
        }));
        QCOMPARE(status, ts::search::CredentialStore::Status::Ok);
        QString read;
        QVERIFY(waitFor([&](bool &done) {
            store.read(key, [&](ts::search::CredentialStore::Status s, const QString &value, const QString &) {
                status = s;
                read = value;
                done = true;
            });
        }));
        QCOMPARE(status, ts::search::CredentialStore::Status::Ok);
        QCOMPARE(read, secret);
        QVERIFY(waitFor([&](bool &done) {
            store.remove(key, [&](ts::search::CredentialStore::Status s, const QString &) {
                status = s;
                done = true;
            });
        }));
        QCOMPARE(status, ts::search::CredentialStore::Status::Ok);
        QVERIFY(waitFor([&](bool &done) {
            store.isStored(key, [&](ts::search::CredentialStore::Status s) {
                status = s;
                done = true;
            });
        }));
        QCOMPARE(status, ts::search::CredentialStore::Status::NotFound);
    }

    void cleanupTestCase()
    {
        ts::search::CredentialStore store(m_service);
        waitFor([&](bool &done) {
            store.remove(u"probe"_s, [&](ts::search::CredentialStore::Status, const QString &) { done = true; });
        });
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
