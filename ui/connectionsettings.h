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
    /// "Also run on" names the provider of the run itself: refused (a run compares two).
    bool compareIsSame() const { return compareProvider == provider; }

    void save(QSettings &settings) const;
    static ConnectionSettings load(const QSettings &settings);
    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;
};

/// A person-facing provider name ("X API v2, recent search").
QString providerTitle(ts::search::ProviderKind kind);

} // namespace ts::ui
