// SPDX-License-Identifier: MIT
#pragma once

#include "archive/service/latencyprofile.h"
#include "cli.h"
#include "search/searchrunner.h"

#include <QCommandLineOption>

#include <memory>
#include <optional>

namespace ts::archive {
class LocalArchiveServer;
}

/// What the connection options of a command say, checked; no secrets (Connection::open reads them).
struct ConnectionSettings
{
    ts::search::ConnectionConfig config; ///< provider, base URL, account, label, rate limit
    std::optional<ts::archive::LatencyProfile> latency; ///< of the embedded archive
    int timeoutMs = 30000; ///< a request is aborted after this long without data
    int retries = 4; ///< per page, after 5xx, timeouts and dropped connections
    qint64 maxBodyBytes = 64ll << 20; ///< a larger response body fails its query
    qint64 requestDeadlineMs = 300000; ///< total time of one request; 0 = none
    qint64 maxRateLimitWaitMs = 900000; ///< a longer wait for a rate limit's reset fails the query

    /// Copies the transfer bounds above into a run's options.
    void applyTo(ts::search::SearchOptions *options) const;

    /// --provider local without --base-url: the archive is served in this process.
    bool embedded() const;
};

/// The options of every tweetscope-cli command that talks to an API (search, hydrate):
/// --provider, --base-url, --account, --label, --latency, --rate-limit, --timeout, --retries,
/// --max-body-size, --request-deadline, --max-rate-limit-wait, --ca-file.
/// One set of names, help lines and checks (docs/cli.md).
class ConnectionOptions
{
public:
    /// Search: every provider, --account and --label. Hydrate: only the providers with a tweet
    /// lookup (local, x-recent, x-all) in --provider's help, and no --account or --label
    /// (Enterprise-only), so neither is offered nor accepted.
    enum class For { Search, Hydrate };
    explicit ConnectionOptions(For use = For::Search);
    void addTo(QCommandLineParser &parser) const;
    /// Reads the options into *settings; a usage Stop naming the option when a value is wrong.
    std::optional<ts::cli::Stop> read(const QCommandLineParser &parser, ConnectionSettings *settings) const;

private:
    For m_for;
    QCommandLineOption m_provider, m_baseUrl, m_account, m_label, m_latency, m_rateLimit, m_timeout, m_retries,
        m_maxBodySize, m_requestDeadline, m_maxRateLimitWait, m_caFile;
};

/// The run side of the connection options: credentials read (environment first, then the
/// keychain entry the GUI saved; never a flag) and, for the embedded archive, the sample archive
/// served on 127.0.0.1 in this process.
class Connection
{
public:
    Connection();
    ~Connection();
    /// False and *error when the embedded archive cannot start.
    bool open(const ConnectionSettings &settings, QString *error);
    /// With secrets and the embedded archive's URL: never log or persist it.
    const ts::search::ConnectionConfig &config() const { return m_config; }

private:
    ts::search::ConnectionConfig m_config;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_embedded;
};
