// SPDX-License-Identifier: MIT
#pragma once

#include "serviceoptions.h"

#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace ts::archive {

/// A snapshot of a running service's counters.
struct LocalArchiveStats
{
    qint64 requests = 0;
    qint64 answered = 0;
    qint64 clientGone = 0; ///< answers skipped because the client disconnected first
    int inFlight = 0;
    int maxInFlight = 0;
};

/**
 * @brief The local archive service, embedded: starts ArchiveService on its own thread
 * (never the caller's, so never the GUI thread) and stops it in the destructor.
 *
 * @code
 * ts::archive::ServiceOptions options;          // 127.0.0.1, port 0, realistic latency
 * options.dbPath = ts::archive::LocalArchiveServer::sampleArchivePath();
 * ts::archive::LocalArchiveServer server(options);
 * QString error;
 * if (!server.start(&error)) ...                 // blocks until listening or failed
 * QUrl base = server.baseUrl();                  // http://127.0.0.1:PORT
 * @endcode
 */
class LocalArchiveServer
{
public:
    explicit LocalArchiveServer(ServiceOptions options);
    ~LocalArchiveServer();
    LocalArchiveServer(const LocalArchiveServer &) = delete;
    LocalArchiveServer &operator=(const LocalArchiveServer &) = delete;

    /// Opens the archive and starts listening on the service thread; blocks until it
    /// listens (true) or failed (false, *error says why: missing archive, port in use...).
    /// An empty options.dbPath means the sample archive, created first when missing.
    bool start(QString *error);
    /// Stops the service and its thread (also done by the destructor). Idempotent.
    void stop();
    bool isRunning() const;

    /// "http://127.0.0.1:PORT" (the bound address and the port the OS picked).
    QUrl baseUrl() const;
    quint16 port() const;
    LocalArchiveStats stats() const;

    /// Where the sample archive lives: the AppLocalDataLocation of the app "tweetscope"
    /// (~/.local/share/Tweetscope/tweetscope/sample-archive.sqlite on Linux).
    static QString sampleArchivePath();
    /// Creates the sample archive (200k tweets ending now) when it does not exist yet.
    /// progress(done, total) is called now and then on the calling thread. Returns false
    /// with *error set when it cannot be created (the partial file is removed).
    static bool ensureSampleArchive(const std::function<void(qint64 done, qint64 total)> &progress, QString *error);
    /// The same with another size (tests use a small one).
    static bool ensureSampleArchive(
        const std::function<void(qint64 done, qint64 total)> &progress, QString *error, qint64 tweets);
    static constexpr qint64 SampleArchiveTweets = 200000;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::archive
