// SPDX-License-Identifier: MIT
#include "credentialstore.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

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

void CredentialStore::read(const QString &key, ReadCallback callback)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [callback = std::move(callback)](QKeychain::Job *j) {
        auto *r = static_cast<QKeychain::ReadPasswordJob *>(j);
        const Status status = statusOf(r->error());
        callback(status, status == Status::Ok ? r->textData() : QString(),
            status == Status::Ok ? QString() : r->errorString());
    });
    job->start();
}

void CredentialStore::write(const QString &key, const QString &secret, DoneCallback callback)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [callback = std::move(callback)](QKeychain::Job *j) {
        const Status status = statusOf(j->error());
        callback(status, status == Status::Ok ? QString() : j->errorString());
    });
    job->start();
}

void CredentialStore::remove(const QString &key, DoneCallback callback)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [callback = std::move(callback)](QKeychain::Job *j) {
        Status status = statusOf(j->error());
        if (status == Status::NotFound)
            status = Status::Ok; // deleting what is not there leaves the wanted state
        callback(status, status == Status::Ok ? QString() : j->errorString());
    });
    job->start();
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
    QEventLoop loop;
    bool finished = false;
    read(key, [&](Status status, const QString &value, const QString &) {
        finished = true;
        if (status == Status::Ok)
            secret = value;
        loop.quit();
    });
    if (!finished) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    // A job still running after the timeout is deleted with this store (its parent); its
    // callback then never runs, so the captured locals are not touched after return.
    return secret;
}

} // namespace ts::search
