// SPDX-License-Identifier: MIT
#include "credentialstore.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <atomic>
#include <memory>

namespace ts::search {

namespace {

CredentialStore::Status statusOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return CredentialStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return CredentialStore::Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return CredentialStore::Status::KeychainUnavailable;
    case QKeychain::OtherError:
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    // libsecret without a secret service (no session bus, no provider, locked keyring)
    // reports OtherError: for the person this is "no keychain here" (docs/qt-notes.md, section 7).
    return error == QKeychain::OtherError ? CredentialStore::Status::KeychainUnavailable
                                          : CredentialStore::Status::Failed;
}

} // namespace

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

namespace {

std::atomic<int> g_runningJobs { 0 };

} // namespace

int CredentialStore::runningJobs()
{
    return g_runningJobs.load();
}

template <typename Job, typename Handler> void CredentialStore::start(Job *job, const QString &key, Handler handler)
{
    // No parent: a job is never deleted while the keychain may still call it back. QtKeychain's
    // libsecret back end keeps a raw pointer to the job until libsecret answers, and a job
    // deleted before (with its store) was then written to and deleteLater()ed after its end: a
    // crash in a later event-loop pass. The job deletes itself when it finishes; the handler,
    // connected with this store as context, does not run once the store is gone.
    ++g_runningJobs;
    QObject::connect(job, &QObject::destroyed, [] { --g_runningJobs; });
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, std::move(handler));
    job->start();
}

void CredentialStore::read(const QString &key, ReadCallback callback)
{
    start(new QKeychain::ReadPasswordJob(m_service), key, [callback = std::move(callback)](QKeychain::Job *j) {
        auto *r = static_cast<QKeychain::ReadPasswordJob *>(j);
        const Status status = statusOf(r->error());
        callback(status, status == Status::Ok ? r->textData() : QString(),
            status == Status::Ok ? QString() : r->errorString());
    });
}

void CredentialStore::write(const QString &key, const QString &secret, DoneCallback callback)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(secret);
    start(job, key, [callback = std::move(callback)](QKeychain::Job *j) {
        const Status status = statusOf(j->error());
        callback(status, status == Status::Ok ? QString() : j->errorString());
    });
}

void CredentialStore::remove(const QString &key, DoneCallback callback)
{
    start(new QKeychain::DeletePasswordJob(m_service), key, [callback = std::move(callback)](QKeychain::Job *j) {
        Status status = statusOf(j->error());
        if (status == Status::NotFound)
            status = Status::Ok; // deleting what is not there leaves the wanted state
        callback(status, status == Status::Ok ? QString() : j->errorString());
    });
}

void CredentialStore::isStored(const QString &key, std::function<void(Status)> callback)
{
    read(key, [callback = std::move(callback)](Status status, const QString &, const QString &) { callback(status); });
}

QString CredentialStore::fromEnvironment(const QString &key)
{
    if (key == QLatin1String(BearerTokenKey))
        return qEnvironmentVariable("TWEETSCOPE_BEARER_TOKEN");
    if (key == QLatin1String(EnterprisePasswordKey) || key == QLatin1String(BlueskyAppPasswordKey))
        return qEnvironmentVariable("TWEETSCOPE_PASSWORD");
    if (key == QLatin1String(BlueskyHandleKey))
        return qEnvironmentVariable("TWEETSCOPE_USERNAME");
    return {};
}

QString CredentialStore::readNow(const QString &key, int timeoutMs)
{
    QString secret = fromEnvironment(key);
    if (!secret.isEmpty())
        return secret;
    // The answer goes to shared state, not to this frame: a job that answers after the timeout
    // (while the store lives on) finds the loop gone and writes where nobody reads.
    struct Answer
    {
        bool finished = false;
        QString secret;
        QPointer<QEventLoop> loop;
    };
    const auto answer = std::make_shared<Answer>();
    QEventLoop loop;
    answer->loop = &loop;
    read(key, [answer](Status status, const QString &value, const QString &) {
        answer->finished = true;
        if (status == Status::Ok)
            answer->secret = value;
        if (answer->loop)
            answer->loop->quit();
    });
    if (!answer->finished) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return answer->secret;
}

} // namespace ts::search
