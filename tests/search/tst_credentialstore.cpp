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

    // A store destroyed while its job runs (a dialog closed at once, a window closed): the job
    // is not deleted with it, since the keychain calls it back later (QtKeychain's libsecret back
    // end holds a raw pointer to it; a deleted job was written to and deleteLater()ed after its
    // end, a crash in a later event-loop pass). It ends on its own and the callback never runs.
    void storeGoneWhileItsJobRuns()
    {
        const int before = CredentialStore::runningJobs();
        int called = 0;
        {
            CredentialStore store(m_service);
            store.isStored(u"probe"_s, [&called](CredentialStore::Status) { ++called; });
            QCOMPARE(CredentialStore::runningJobs(), before + 1);
        }
        QCOMPARE(CredentialStore::runningJobs(), before + 1); // it outlives the store
        QTRY_COMPARE(CredentialStore::runningJobs(), before); // the keychain answered: it deleted itself
        QTest::qWait(20);
        QCOMPARE(called, 0);
    }

    // readNow() that gives up (here at once) returns empty; the job answers later into its own
    // state, not into readNow's returned frame, and ends.
    void readNowThatGivesUpLeavesNothingBehind()
    {
        CredentialStore store(m_service);
        const int before = CredentialStore::runningJobs();
        QCOMPARE(store.readNow(u"probe"_s, 0), QString());
        QCOMPARE(CredentialStore::runningJobs(), before + 1);
        QTRY_COMPARE(CredentialStore::runningJobs(), before);
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
