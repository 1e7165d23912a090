// SPDX-License-Identifier: MIT
#include "connectionoptions.h"

#include "archive/service/localarchiveserver.h"
#include "common/urltext.h"
#include "search/credentialstore.h"
#include "search/searchprovider.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSslConfiguration>
#include <QTextStream>

using namespace ts::search;

bool ConnectionSettings::embedded() const
{
    return config.provider == ProviderKind::Local && config.baseUrl.isEmpty();
}

ConnectionOptions::ConnectionOptions(For use)
    : m_for(use)
    , m_provider(QStringLiteral("provider"),
          use == For::Hydrate
              ? QStringLiteral("local (default), x-recent or x-all (the providers with a tweet lookup).")
              : QStringLiteral("local (default), x-recent, x-all, enterprise-30day, "
                               "enterprise-fullarchive or bluesky."),
          QStringLiteral("NAME"), QStringLiteral("local"))
    , m_baseUrl(QStringLiteral("base-url"),
          QStringLiteral("API base URL (default: the provider's public host; for local, an "
                         "embedded archive is started)."),
          QStringLiteral("URL"))
    , m_account(QStringLiteral("account"), QStringLiteral("Enterprise account name."), QStringLiteral("A"))
    , m_label(QStringLiteral("label"), QStringLiteral("Enterprise stream label."), QStringLiteral("L"))
    , m_latency(QStringLiteral("latency"),
          QStringLiteral("Latency profile of the embedded local archive (none, fixed:MS, "
                         "lognormal:MEDIAN,SIGMA, realistic)."),
          QStringLiteral("PROFILE"))
    , m_rateLimit(QStringLiteral("rate-limit"),
          QStringLiteral("Pace requests to this budget, e.g. 1/s, 450/900s, 300/15m,1/s or x-all (default: "
                         "the provider's published limits)."),
          QStringLiteral("SPEC"))
    , m_timeout(QStringLiteral("timeout"), QStringLiteral("Abort a request after MS without data (default 30000)."),
          QStringLiteral("MS"))
    , m_retries(QStringLiteral("retries"),
          QStringLiteral("Retries per page after 5xx, timeouts and dropped connections "
                         "(default 4)."),
          QStringLiteral("N"))
    , m_maxBodySize(QStringLiteral("max-body-size"),
          QStringLiteral("Largest response body in MiB; a larger one fails its query (default 64)."),
          QStringLiteral("MIB"))
    , m_requestDeadline(QStringLiteral("request-deadline"),
          QStringLiteral("Abort a request after MS in total, however steadily data arrives; 0 = none "
                         "(default 300000)."),
          QStringLiteral("MS"))
    , m_maxRateLimitWait(QStringLiteral("max-rate-limit-wait"),
          QStringLiteral("Longest wait for a rate limit's reset in seconds; a longer one fails the query "
                         "(default 900)."),
          QStringLiteral("S"))
    , m_caFile(QStringLiteral("ca-file"),
          QStringLiteral("Trust the CA certificates in FILE (PEM) for https, besides the system's (a private "
                         "or test CA). TLS errors are never ignored."),
          QStringLiteral("FILE"))
{ }

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({ m_provider, m_baseUrl });
    if (m_for == For::Search)
        parser.addOptions({ m_account, m_label });
    parser.addOptions({ m_latency, m_rateLimit, m_timeout, m_retries, m_maxBodySize, m_requestDeadline,
        m_maxRateLimitWait, m_caFile });
}

std::optional<ts::cli::Stop> ConnectionOptions::read(const QCommandLineParser &p, ConnectionSettings *settings) const
{
    using ts::cli::usage;
    ConnectionConfig &connection = settings->config;
    const auto kind = providerFromName(p.value(m_provider));
    if (!kind)
        return usage(
            ts::cli::invalidValue(QStringLiteral("provider"), p.value(m_provider), ts::cli::providersExpected()));
    connection.provider = *kind;
    QString why;
    if (p.isSet(m_rateLimit)) {
        const auto windows = ts::parseRateLimit(p.value(m_rateLimit), &why);
        if (!windows)
            return usage(QStringLiteral("invalid value for --rate-limit: %1").arg(why));
        connection.rateLimit = *windows;
    }
    if (p.isSet(m_baseUrl)) {
        connection.baseUrl = QUrl(p.value(m_baseUrl), QUrl::StrictMode);
        if (!SearchProvider::baseUrlProblem(connection.baseUrl).isEmpty()) // the providers' own check
            return usage(ts::cli::invalidValue(
                QStringLiteral("base-url"), ts::redactedUrl(p.value(m_baseUrl)), ts::cli::baseUrlExpected()));
    }
    if (p.isSet(m_caFile)) {
        connection.caFile = p.value(m_caFile);
        if (!ts::search::tlsConfigurationFor(connection.caFile, &why))
            return usage(QStringLiteral("invalid value for --ca-file: %1").arg(why));
    }
    if (m_for == For::Search) {
        connection.account = p.value(m_account);
        connection.label = p.value(m_label);
    }
    const auto timeout = ts::cli::intValue(p, QStringLiteral("timeout"), 30000, 100, 3600000, &why);
    if (!timeout)
        return usage(why);
    settings->timeoutMs = *timeout;
    const auto retries = ts::cli::intValue(p, QStringLiteral("retries"), 4, 0, 100, &why);
    if (!retries)
        return usage(why);
    settings->retries = *retries;
    const auto mb = ts::cli::intValue(p, QStringLiteral("max-body-size"), 64, 1, 4096, &why);
    if (!mb)
        return usage(why);
    settings->maxBodyBytes = qint64(*mb) << 20;
    const auto dl = ts::cli::intValue(p, QStringLiteral("request-deadline"), 300000, 0, 86400000, &why);
    if (!dl)
        return usage(why);
    settings->requestDeadlineMs = *dl;
    const auto rw = ts::cli::intValue(p, QStringLiteral("max-rate-limit-wait"), 900, 0, 7 * 86400, &why);
    if (!rw)
        return usage(why);
    settings->maxRateLimitWaitMs = qint64(*rw) * 1000;
    if (p.isSet(m_latency)) {
        if (!settings->embedded())
            return usage(QStringLiteral("--latency applies to the embedded local archive only "
                                        "(--provider local without --base-url)"));
        const auto profile = ts::archive::LatencyProfile::parse(p.value(m_latency), &why);
        if (!profile)
            return usage(ts::cli::invalidValue(QStringLiteral("latency"), p.value(m_latency), why));
        settings->latency = *profile;
    }
    return std::nullopt;
}

void ConnectionSettings::applyTo(SearchOptions *options) const
{
    options->transferTimeoutMs = timeoutMs;
    options->maxRetries = retries;
    options->maxBodyBytes = maxBodyBytes;
    options->requestDeadlineMs = requestDeadlineMs;
    options->maxRateLimitWaitMs = maxRateLimitWaitMs;
}

Connection::Connection() = default;
Connection::~Connection() = default;

bool Connection::open(const ConnectionSettings &settings, QString *error)
{
    m_config = settings.config;
    const ProviderKind kind = m_config.provider;
    const auto env = QProcessEnvironment::systemEnvironment();
    if (kind == ProviderKind::Bluesky) {
        // A handle (or DID) and an app password: sent to the configured host only (createSession).
        m_config.username = CredentialStore().readNow(QLatin1String(CredentialStore::BlueskyHandleKey));
        m_config.password = CredentialStore().readNow(QLatin1String(CredentialStore::BlueskyAppPasswordKey));
    } else if (kind == ProviderKind::Enterprise30Day || kind == ProviderKind::EnterpriseFullArchive) {
        m_config.username = env.value(QStringLiteral("TWEETSCOPE_USERNAME"));
        m_config.password = CredentialStore().readNow(QLatin1String(CredentialStore::EnterprisePasswordKey));
    } else if (kind != ProviderKind::Local) {
        m_config.bearerToken = CredentialStore().readNow(QLatin1String(CredentialStore::BearerTokenKey));
    } else {
        m_config.bearerToken = env.value(QStringLiteral("TWEETSCOPE_BEARER_TOKEN"));
    }
    if (!settings.embedded())
        return true;
    // The sample archive, served in this process on its own thread.
    ts::archive::ServiceOptions serviceOptions;
    if (settings.latency)
        serviceOptions.latency = *settings.latency;
    serviceOptions.bearerToken = m_config.bearerToken;
    if (ts::cli::stderrIsTerminal() && !QFileInfo::exists(ts::archive::LocalArchiveServer::sampleArchivePath()))
        ts::cli::err() << "creating the sample archive (first use)...\n" << Qt::flush;
    m_embedded = std::make_unique<ts::archive::LocalArchiveServer>(serviceOptions);
    QString why;
    if (!m_embedded->start(&why)) {
        *error = QStringLiteral("cannot start the embedded local archive: %1").arg(why);
        return false;
    }
    m_config.baseUrl = m_embedded->baseUrl();
    return true;
}
