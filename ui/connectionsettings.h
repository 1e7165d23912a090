// SPDX-License-Identifier: MIT
#pragma once

#include "search/searchrunner.h"

#include <QString>

#include <optional>

class QSettings;

namespace ts::ui {

/// Where runs go, as the connection panel edits it and QSettings keeps it. Never holds a
/// secret: tokens and passwords live in the keychain (search::CredentialStore) or the environment.
struct ConnectionSettings
{
    ts::search::ProviderKind provider = ts::search::ProviderKind::Local;
    QString baseUrl; ///< empty: the provider's public host (for the local archive: the embedded one)
    QString account; ///< Enterprise
    QString label; ///< Enterprise
    QString username; ///< Enterprise Basic auth user name, Bluesky handle (not secrets; the passwords are)
    QString latency = QStringLiteral("realistic"); ///< local archive latency profile
    QString caFile; ///< PEM file of CA certificates trusted for https besides the system's (--ca-file)
    /// "Also run on": sequential and concurrent runs go to this provider too, after the first
    /// (the CLI's --compare-provider); empty: none. Its base URL, unless compareBaseUrl gives
    /// one: the embedded or given local archive when the first provider is local (it serves
    /// every API shape), else its public host.
    std::optional<ts::search::ProviderKind> compareProvider;
    /// The base URL of compareProvider (the CLI's --compare-base-url); empty: the default above.
    QString compareBaseUrl;

    bool usesEmbeddedArchive() const { return provider == ts::search::ProviderKind::Local && baseUrl.isEmpty(); }
    bool isEnterprise() const
    {
        return provider == ts::search::ProviderKind::Enterprise30Day
            || provider == ts::search::ProviderKind::EnterpriseFullArchive;
    }

    /// Enterprise and Bluesky sign in with a user name (a handle) and a password.
    bool needsUserName() const { return isEnterprise() || provider == ts::search::ProviderKind::Bluesky; }
    /// "Also run on" would only repeat the run: the provider above at the same base URL
    /// (SearchProvider::repeatsFirst, the CLI's rule for --compare-provider). Refused; the same
    /// provider at another base URL (a second archive, a staging server) is a comparison.
    bool compareIsSame() const;

    void save(QSettings &settings) const;
    static ConnectionSettings load(const QSettings &settings);
    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;
};

/// A person-facing provider name ("X API v2, recent search").
QString providerTitle(ts::search::ProviderKind kind);

/// The title of one side of a run on two providers (the charts, the status bar): the
/// provider's title, and with withPlace (both sides are the same provider) where it goes, the
/// base URL's host:port ("Local archive at 127.0.0.1:41234"; an empty base URL is the
/// provider's public host).
QString sideTitle(ts::search::ProviderKind kind, const QUrl &baseUrl, bool withPlace);

} // namespace ts::ui
