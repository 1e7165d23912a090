// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace ts::search {

/**
 * Secrets in the system keychain through QtKeychain (service "tweetscope"), and nowhere else:
 * never in QSettings, logs or exports. Every call is asynchronous and reports through a callback.
 * When no keychain is reachable, the callbacks say so (KeychainUnavailable) and the app offers
 * the TWEETSCOPE_* environment variables instead.
 */
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    enum class Status { Ok, NotFound, KeychainUnavailable, Failed };
    Q_ENUM(Status)

    static constexpr auto BearerTokenKey = "bearer-token";
    static constexpr auto EnterprisePasswordKey = "enterprise-password";
    /// Bluesky: the handle (or DID) and the app password createSession signs in with.
    static constexpr auto BlueskyHandleKey = "bluesky-handle";
    static constexpr auto BlueskyAppPasswordKey = "bluesky-app-password";

    /// service: the keychain service name ("tweetscope"; tests use their own).
    explicit CredentialStore(const QString &service = QStringLiteral("tweetscope"), QObject *parent = nullptr);

    using ReadCallback = std::function<void(Status, const QString &secret, const QString &error)>;
    using DoneCallback = std::function<void(Status, const QString &error)>;

    void read(const QString &key, ReadCallback callback);
    void write(const QString &key, const QString &secret, DoneCallback callback);
    void remove(const QString &key, DoneCallback callback);
    /// Whether a secret is stored, without handing its value to the caller.
    void isStored(const QString &key, std::function<void(Status)> callback);

    /// The secret from the environment (TWEETSCOPE_BEARER_TOKEN, TWEETSCOPE_PASSWORD; for Bluesky
    /// TWEETSCOPE_USERNAME and TWEETSCOPE_PASSWORD), if set.
    static QString fromEnvironment(const QString &key);

    /// For command-line tools: the secret from the environment if set, else from the keychain,
    /// waiting at most `timeoutMs` in a local event loop. Empty when neither has it: for a tool
    /// the keychain is optional, so any keychain error means "not there", quickly and quietly.
    QString readNow(const QString &key, int timeoutMs = 3000);

    /// Keychain jobs started (by any store, gone or not) and not yet ended. A job outlives a
    /// store destroyed while it runs and deletes itself when the keychain answers.
    static int runningJobs();

private:
    template <typename Job, typename Handler> void start(Job *job, const QString &key, Handler handler);

    QString m_service;
};

} // namespace ts::search
