// SPDX-License-Identifier: MIT
#include "connectionsettings.h"

#include "search/searchprovider.h"

#include <QCoreApplication>
#include <QSettings>

namespace ts::ui {

void ConnectionSettings::save(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("connection"));
    settings.setValue(QStringLiteral("provider"), ts::search::providerName(provider));
    settings.setValue(QStringLiteral("baseUrl"), baseUrl);
    settings.setValue(QStringLiteral("account"), account);
    settings.setValue(QStringLiteral("label"), label);
    settings.setValue(QStringLiteral("username"), username);
    settings.setValue(QStringLiteral("latency"), latency);
    settings.setValue(QStringLiteral("caFile"), caFile);
    settings.setValue(
        QStringLiteral("compareProvider"), compareProvider ? ts::search::providerName(*compareProvider) : QString());
    settings.setValue(QStringLiteral("compareBaseUrl"), compareBaseUrl);
    settings.endGroup();
}

bool ConnectionSettings::compareIsSame() const
{
    // The fields as a run reads them (RunController::startRun).
    const auto url = [](const QString &text) { return text.isEmpty() ? QUrl() : QUrl::fromUserInput(text); };
    return compareProvider
        && ts::search::SearchProvider::repeatsFirst(provider, url(baseUrl), *compareProvider, url(compareBaseUrl));
}

ConnectionSettings ConnectionSettings::load(const QSettings &settings)
{
    ConnectionSettings c;
    const QString prefix = QStringLiteral("connection/");
    c.provider = ts::search::providerFromName(settings.value(prefix + u"provider").toString())
                     .value_or(ts::search::ProviderKind::Local);
    c.baseUrl = settings.value(prefix + u"baseUrl").toString();
    c.account = settings.value(prefix + u"account").toString();
    c.label = settings.value(prefix + u"label").toString();
    c.username = settings.value(prefix + u"username").toString();
    c.latency = settings.value(prefix + u"latency", c.latency).toString();
    c.caFile = settings.value(prefix + u"caFile").toString();
    c.compareProvider = ts::search::providerFromName(settings.value(prefix + u"compareProvider").toString());
    c.compareBaseUrl = settings.value(prefix + u"compareBaseUrl").toString();
    return c;
}

QString providerTitle(ts::search::ProviderKind kind)
{
    switch (kind) {
    case ts::search::ProviderKind::Local:
        return QCoreApplication::translate("ts::ui", "Local archive (offline)");
    case ts::search::ProviderKind::XRecent:
        return QCoreApplication::translate("ts::ui", "X API v2, recent search");
    case ts::search::ProviderKind::XAll:
        return QCoreApplication::translate("ts::ui", "X API v2, full archive");
    case ts::search::ProviderKind::Enterprise30Day:
        return QCoreApplication::translate("ts::ui", "Enterprise, 30-day");
    case ts::search::ProviderKind::EnterpriseFullArchive:
        return QCoreApplication::translate("ts::ui", "Enterprise, full archive");
    case ts::search::ProviderKind::Bluesky:
        return QCoreApplication::translate("ts::ui", "Bluesky post search");
    }
    return {};
}

QString sideTitle(ts::search::ProviderKind kind, const QUrl &baseUrl, bool withPlace)
{
    if (!withPlace)
        return providerTitle(kind);
    const QUrl url = baseUrl.isEmpty() ? ts::search::SearchProvider::defaultBaseUrl(kind) : baseUrl;
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    // The place says which archive: "(offline)" would only make the title longer.
    const QString title = kind == ts::search::ProviderKind::Local
        ? QCoreApplication::translate("ts::ui", "Local archive")
        : providerTitle(kind);
    return QCoreApplication::translate("ts::ui", "%1 at %2:%3").arg(title, url.host()).arg(port);
}

} // namespace ts::ui
