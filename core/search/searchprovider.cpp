// SPDX-License-Identifier: MIT
#include "searchprovider.h"

#include "archive/blueskyquery.h"
#include "archive/querylanguage.h"
#include "common/urltext.h"
#include "hydration.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimeZone>

namespace ts::search {

namespace {

// Fields that give the Tweet value type everything it has: authors, referenced tweets (for
// retweet/quote text), media and places. No context_annotations: /all would cap pages at 100.
constexpr auto tweetFields = "attachments,author_id,conversation_id,created_at,entities,geo,id,"
                             "in_reply_to_user_id,lang,note_tweet,public_metrics,referenced_tweets,source,text";
constexpr auto expansions = "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
                            "attachments.media_keys,geo.place_id";
constexpr auto userFields = "created_at,description,id,location,name,public_metrics,username,verified";
constexpr auto mediaFields = "media_key,preview_image_url,type,url";
constexpr auto placeFields = "country_code,full_name,geo,id,name,place_type";

QString rfc3339(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

QString gnipDate(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyyMMddHHmm"));
}

QByteArray encodeItem(const char *key, const QString &value)
{
    // Percent-encode everything outside the unreserved set: '+' must not reach a server
    // that decodes it as a space.
    return QByteArray(key) + '=' + QUrl::toPercentEncoding(value);
}

bool isEnterprise(ProviderKind kind)
{
    return kind == ProviderKind::Enterprise30Day || kind == ProviderKind::EnterpriseFullArchive;
}

} // namespace

QString providerName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Local:
        return QStringLiteral("local");
    case ProviderKind::XRecent:
        return QStringLiteral("x-recent");
    case ProviderKind::XAll:
        return QStringLiteral("x-all");
    case ProviderKind::Enterprise30Day:
        return QStringLiteral("enterprise-30day");
    case ProviderKind::EnterpriseFullArchive:
        return QStringLiteral("enterprise-fullarchive");
    case ProviderKind::Bluesky:
        return QStringLiteral("bluesky");
    }
    return {};
}

std::optional<ProviderKind> providerFromName(QStringView name)
{
    for (auto k : { ProviderKind::Local, ProviderKind::XRecent, ProviderKind::XAll, ProviderKind::Enterprise30Day,
             ProviderKind::EnterpriseFullArchive, ProviderKind::Bluesky }) {
        if (name == providerName(k))
            return k;
    }
    return std::nullopt;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QString h = host;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    const QHostAddress address(h);
    return !address.isNull() && address.isLoopback();
}

SearchProvider::SearchProvider(const ConnectionConfig &connection, const QUrl &baseUrl)
    : m_connection(connection)
    , m_baseUrl(baseUrl)
{ }

std::optional<QSslConfiguration> tlsConfigurationFor(const QString &caFile, QString *error)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setAllowedNextProtocols({ QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1 });
    if (caFile.isEmpty())
        return tls;
    auto fail = [&](const QString &why) -> std::optional<QSslConfiguration> {
        if (error)
            *error = QStringLiteral("cannot use the CA file '%1': %2").arg(caFile, why);
        return std::nullopt;
    };
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    const QByteArray pem = file.read(maxCaFileBytes + 1);
    if (pem.size() > maxCaFileBytes)
        return fail(QStringLiteral("it is larger than %1 MiB").arg(maxCaFileBytes >> 20));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty())
        return fail(QStringLiteral("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
    tls.addCaCertificates(certificates);
    return tls;
}

QUrl SearchProvider::defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Local:
        return {};
    case ProviderKind::XRecent:
    case ProviderKind::XAll:
        return QUrl(QStringLiteral("https://api.x.com"));
    case ProviderKind::Enterprise30Day:
    case ProviderKind::EnterpriseFullArchive:
        return QUrl(QStringLiteral("https://gnip-api.x.com"));
    case ProviderKind::Bluesky:
        // The entryway: it forwards to the account's PDS, which proxies the search to the AppView.
        return QUrl(QStringLiteral("https://bsky.social"));
    }
    return {};
}

QString SearchProvider::baseUrlProblem(const QUrl &base)
{
    if (!base.isValid() || base.host().isEmpty()
        || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https")))
        return QStringLiteral("invalid base URL '%1': expected http(s)://HOST[:PORT]").arg(redactedUrl(base));
    if (!base.userInfo().isEmpty())
        return QStringLiteral("credentials do not belong in the base URL; use the environment or the keychain");
    return {};
}

bool SearchProvider::repeatsFirst(
    ProviderKind first, const QUrl &firstBaseUrl, ProviderKind second, const QUrl &secondBaseUrl)
{
    if (first != second)
        return false;
    if (secondBaseUrl.isEmpty() && second == ProviderKind::Local)
        return true; // the first's local archive, embedded or given
    const QUrl a = firstBaseUrl.isEmpty() ? defaultBaseUrl(first) : firstBaseUrl;
    const QUrl b = secondBaseUrl.isEmpty() ? defaultBaseUrl(second) : secondBaseUrl;
    if (a.isEmpty() || b.isEmpty())
        return false; // the embedded archive against a given one: two archives
    const auto key = [](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        const int port = url.port(scheme == QLatin1String("https") ? 443 : scheme == QLatin1String("http") ? 80 : -1);
        QString path = url.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        return QStringLiteral("%1://%2:%3%4").arg(scheme, url.host().toLower()).arg(port).arg(path);
    };
    return key(a) == key(b);
}

std::optional<SearchProvider> SearchProvider::create(const ConnectionConfig &connection, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<SearchProvider> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QUrl base = connection.baseUrl.isEmpty() ? defaultBaseUrl(connection.provider) : connection.baseUrl;
    if (base.isEmpty())
        return fail(QStringLiteral("the local provider needs the base URL of a running local archive"));
    if (const QString problem = baseUrlProblem(base); !problem.isEmpty())
        return fail(problem);
    QString tlsProblem;
    auto tls = tlsConfigurationFor(connection.caFile, &tlsProblem);
    if (!tls)
        return fail(tlsProblem);
    base.setQuery(QString());
    base.setFragment(QString());
    if (base.path().endsWith(u'/'))
        base.setPath(base.path().chopped(1));

    const bool enterprise = isEnterprise(connection.provider) || connection.provider == ProviderKind::Bluesky;
    const bool hasCredentials = enterprise ? (!connection.username.isEmpty() || !connection.password.isEmpty())
                                           : !connection.bearerToken.isEmpty();
    if (hasCredentials && base.scheme() == QLatin1String("http") && !isLoopbackHost(base.host()))
        return fail(QStringLiteral("refusing to send credentials over plain http to %1; use https").arg(base.host()));

    switch (connection.provider) {
    case ProviderKind::Local:
        break;
    case ProviderKind::XRecent:
    case ProviderKind::XAll:
        if (connection.bearerToken.isEmpty())
            return fail(QStringLiteral("%1 needs a bearer token (TWEETSCOPE_BEARER_TOKEN or the keychain)")
                            .arg(providerName(connection.provider)));
        break;
    case ProviderKind::Enterprise30Day:
    case ProviderKind::EnterpriseFullArchive:
        if (connection.account.isEmpty() || connection.label.isEmpty())
            return fail(QStringLiteral("%1 needs --account and --label").arg(providerName(connection.provider)));
        if (connection.account.contains(u'/') || connection.label.contains(u'/'))
            return fail(QStringLiteral("account and label must not contain '/'"));
        if (connection.username.isEmpty() || connection.password.isEmpty())
            return fail(QStringLiteral("%1 needs a user name and password (TWEETSCOPE_USERNAME / "
                                       "TWEETSCOPE_PASSWORD or the keychain)")
                            .arg(providerName(connection.provider)));
        break;
    case ProviderKind::Bluesky:
        if (connection.username.isEmpty() || connection.password.isEmpty())
            return fail(QStringLiteral("bluesky needs a handle and an app password (TWEETSCOPE_USERNAME and "
                                       "TWEETSCOPE_PASSWORD, or the keychain): search needs a session since 2025"));
        break;
    }
    SearchProvider provider(connection, base);
    provider.m_tls = std::make_shared<const QSslConfiguration>(std::move(*tls));
    if (connection.provider == ProviderKind::Bluesky) {
        // The one validator, in its Bluesky dimension: operators without an equivalent are
        // reported at their position before sending.
        provider.setQueryValidator([](const QString &query, int maxLength) -> QString {
            const auto parsed = archive::QueryLanguage::parse(query, maxLength, archive::QueryDialect::Bluesky);
            if (const auto *e = std::get_if<archive::QueryError>(&parsed))
                return QStringLiteral("invalid query for bluesky: %1 (at position %2)")
                    .arg(archive::QueryLanguage::plainReason(e->reason))
                    .arg(e->position);
            return {};
        });
    }
    if (connection.provider == ProviderKind::Local) {
        // The local archive answers only its operator subset: reject the rest before sending.
        provider.setQueryValidator([](const QString &query, int maxLength) -> QString {
            const auto parsed = archive::QueryLanguage::parse(query, maxLength);
            if (const auto *e = std::get_if<archive::QueryError>(&parsed))
                return QStringLiteral("invalid query: %1 (at position %2)")
                    .arg(archive::QueryLanguage::plainReason(e->reason))
                    .arg(e->position);
            return {};
        });
    }
    return provider;
}

QString SearchProvider::endpointPath() const
{
    switch (kind()) {
    case ProviderKind::XRecent:
        return QStringLiteral("/2/tweets/search/recent");
    case ProviderKind::Local:
    case ProviderKind::XAll:
        return QStringLiteral("/2/tweets/search/all");
    case ProviderKind::Enterprise30Day:
        return QStringLiteral("/search/30day/accounts/%1/%2.json").arg(m_connection.account, m_connection.label);
    case ProviderKind::EnterpriseFullArchive:
        return QStringLiteral("/search/fullarchive/accounts/%1/%2.json").arg(m_connection.account, m_connection.label);
    case ProviderKind::Bluesky:
        return QStringLiteral("/xrpc/app.bsky.feed.searchPosts");
    }
    return {};
}

ProviderLimits SearchProvider::limitsFor(ProviderKind kind)
{
    constexpr qint64 fifteenMinutes = 15 * 60 * 1000;
    switch (kind) {
    case ProviderKind::XRecent:
        return { 10, 100, 512, 450, fifteenMinutes, 0 };
    case ProviderKind::XAll:
        return { 10, 500, 1024, 300, fifteenMinutes, 1 };
    case ProviderKind::Enterprise30Day:
    case ProviderKind::EnterpriseFullArchive:
        // 20 requests/s per product; the per-minute budget is per contract (120/min is the documented default).
        return { 10, 500, 2048, 120, 60 * 1000, 20 };
    case ProviderKind::Local:
        // The local archive speaks /2/tweets/search/all; its rate limits are whatever it was
        // started with, learned from x-rate-limit-* headers or given in ConnectionConfig::rateLimit.
        return { 10, 500, 1024, 0, 0, 0 };
    case ProviderKind::Bluesky:
        // limit 1-100 (lexicon); the PDS's general budget is 3000 requests per 5 minutes per IP,
        // refined by the ratelimit-* headers. No documented query length: 1024 as the archive.
        return { 1, 100, 1024, 3000, 5 * 60 * 1000, 0 };
    }
    return {};
}

ProviderLimits SearchProvider::lookupLimitsFor(ProviderKind kind)
{
    if (kind == ProviderKind::XRecent || kind == ProviderKind::XAll) {
        // The v2 rate-limit table: tweet lookup 900 requests per 15 minutes (app and user).
        return { 1, hydration::MaxIdsPerLookup, 0, 900, 15 * 60 * 1000, 0 };
    }
    if (kind == ProviderKind::Local) // whatever the archive was started with, from its headers
        return { 1, hydration::MaxIdsPerLookup, 0, 0, 0, 0 };
    return { 1, hydration::MaxIdsPerLookup, 0, 0, 0, 0 }; // no lookup: validateQuery refuses first
}

bool SearchProvider::supportsHydration(ProviderKind kind)
{
    return kind == ProviderKind::Local || kind == ProviderKind::XRecent || kind == ProviderKind::XAll;
}

int SearchProvider::clampMaxResults(int requested) const
{
    const auto l = limits();
    return std::clamp(requested, l.minResults, l.maxResults);
}

QString SearchProvider::validateQuery(const QString &query, RunKind run) const
{
    if (run == RunKind::Hydrate) {
        if (!supportsHydration(kind()))
            return QStringLiteral("hydration is not available for this provider");
        return hydration::validateBatch(query);
    }
    if (query.trimmed().isEmpty())
        return QStringLiteral("the query is empty");
    const int maxLength = limits().maxQueryLength;
    if (query.size() > maxLength)
        return QStringLiteral("the query is %1 characters long; %2 allows at most %3")
            .arg(query.size())
            .arg(providerName(kind()))
            .arg(maxLength);
    if (m_queryValidator) {
        const QString problem = m_queryValidator(query, maxLength);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

PreparedRequest SearchProvider::buildRequest(
    const QString &query, const QString &pageToken, const SearchOptions &options) const
{
    PreparedRequest out;
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + endpointPath());
    const int maxResults = clampMaxResults(options.maxResults);

    if (kind() == ProviderKind::Bluesky) {
        QByteArrayList items;
        const auto mapped = archive::toBlueskySearch(query, limits().maxQueryLength);
        if (const auto *search = std::get_if<archive::BlueskySearch>(&mapped)) {
            items << encodeItem("q", search->q);
            if (!search->author.isEmpty())
                items << encodeItem("author", search->author);
            if (!search->mentions.isEmpty())
                items << encodeItem("mentions", search->mentions);
            if (!search->lang.isEmpty())
                items << encodeItem("lang", search->lang);
            if (!search->domain.isEmpty())
                items << encodeItem("domain", search->domain);
            if (!search->url.isEmpty())
                items << encodeItem("url", search->url);
            for (const QString &tag : search->tags)
                items << encodeItem("tag", tag);
        } else {
            items << encodeItem("q", query); // refused before sending (validateQuery); never reached
        }
        items << encodeItem("limit", QString::number(maxResults));
        if (options.startTime)
            items << encodeItem("since", rfc3339(*options.startTime));
        if (options.endTime)
            items << encodeItem("until", rfc3339(*options.endTime));
        if (!pageToken.isEmpty())
            items << encodeItem("cursor", pageToken);
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
        out.verb = "GET";
        out.request.setUrl(url);
        if (!m_accessToken.isEmpty())
            out.request.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
    } else if (isEnterprise(kind())) {
        QJsonObject body { { QStringLiteral("query"), query }, { QStringLiteral("maxResults"), maxResults } };
        if (options.startTime)
            body.insert(QStringLiteral("fromDate"), gnipDate(*options.startTime));
        if (options.endTime)
            body.insert(QStringLiteral("toDate"), gnipDate(*options.endTime));
        if (!pageToken.isEmpty())
            body.insert(QStringLiteral("next"), pageToken);
        out.verb = "POST";
        out.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        out.request.setUrl(url);
        out.request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QByteArray basic = (m_connection.username + u':' + m_connection.password).toUtf8().toBase64();
        out.request.setRawHeader("Authorization", "Basic " + basic);
    } else if (options.kind == RunKind::Hydrate) {
        // Tweet lookup: the same fields and expansions as a search page, no paging.
        url.setPath(m_baseUrl.path() + QStringLiteral("/2/tweets"));
        const QByteArrayList items { encodeItem("ids", query), encodeItem("tweet.fields", QLatin1String(tweetFields)),
            encodeItem("expansions", QLatin1String(expansions)), encodeItem("user.fields", QLatin1String(userFields)),
            encodeItem("media.fields", QLatin1String(mediaFields)),
            encodeItem("place.fields", QLatin1String(placeFields)) };
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
        out.verb = "GET";
        out.request.setUrl(url);
        if (!m_connection.bearerToken.isEmpty())
            out.request.setRawHeader("Authorization", "Bearer " + m_connection.bearerToken.toUtf8());
    } else {
        QByteArrayList items { encodeItem("query", query), encodeItem("max_results", QString::number(maxResults)),
            encodeItem("tweet.fields", QLatin1String(tweetFields)), encodeItem("expansions", QLatin1String(expansions)),
            encodeItem("user.fields", QLatin1String(userFields)),
            encodeItem("media.fields", QLatin1String(mediaFields)),
            encodeItem("place.fields", QLatin1String(placeFields)) };
        if (options.startTime)
            items << encodeItem("start_time", rfc3339(*options.startTime));
        if (options.endTime)
            items << encodeItem("end_time", rfc3339(*options.endTime));
        if (!options.sinceId.isEmpty())
            items << encodeItem("since_id", options.sinceId);
        if (!options.untilId.isEmpty())
            items << encodeItem("until_id", options.untilId);
        if (!pageToken.isEmpty())
            items << encodeItem("next_token", pageToken);
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
        out.verb = "GET";
        out.request.setUrl(url);
        if (!m_connection.bearerToken.isEmpty())
            out.request.setRawHeader("Authorization", "Bearer " + m_connection.bearerToken.toUtf8());
    }
    finish(out, options);
    return out;
}

void SearchProvider::finish(PreparedRequest &out, const SearchOptions &options) const
{
    out.request.setRawHeader("Accept", "application/json");
    out.request.setHeader(QNetworkRequest::UserAgentHeader,
        QByteArray(QByteArrayLiteral("tweetscope/") + QByteArrayLiteral(TWEETSCOPE_VERSION)));
    // Deferred server responses arrive out of order on a pipelined connection (docs/qt-notes.md, section 3).
    out.request.setAttribute(QNetworkRequest::HttpPipeliningAllowedAttribute, false);
    out.request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    if (out.request.url().scheme() == QLatin1String("https"))
        out.request.setSslConfiguration(*m_tls);
    out.request.setTransferTimeout(options.transferTimeoutMs > 0 ? options.transferTimeoutMs : 30000);
    // Redirects wait for ReplyGuard's verdict: within the origin they are followed, to any other
    // origin (host, port or scheme) they fail the request before anything, credentials included,
    // is sent there. Without a guard a redirect is never followed.
    out.request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    out.request.setMaximumRedirectsAllowed(5);
    out.limits.maxBodyBytes = options.maxBodyBytes > 0 ? options.maxBodyBytes : TransferLimits {}.maxBodyBytes;
    out.limits.deadlineMs = std::max<qint64>(options.requestDeadlineMs, 0);
}

PreparedRequest SearchProvider::buildCreateSession(const SearchOptions &options) const
{
    PreparedRequest out;
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + QStringLiteral("/xrpc/com.atproto.server.createSession"));
    out.request.setUrl(url);
    out.verb = "POST";
    out.body = QJsonDocument(QJsonObject { { QStringLiteral("identifier"), m_connection.username },
                                 { QStringLiteral("password"), m_connection.password } })
                   .toJson(QJsonDocument::Compact);
    out.request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    finish(out, options);
    return out;
}

PreparedRequest SearchProvider::buildRefreshSession(const QString &refreshToken, const SearchOptions &options) const
{
    PreparedRequest out;
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + QStringLiteral("/xrpc/com.atproto.server.refreshSession"));
    out.request.setUrl(url);
    out.verb = "POST";
    out.request.setRawHeader("Authorization", "Bearer " + refreshToken.toUtf8());
    finish(out, options);
    return out;
}

std::optional<SearchProvider::Session> SearchProvider::parseSession(const QByteArray &body, QString *error)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    Session s { o.value(QLatin1String("accessJwt")).toString(), o.value(QLatin1String("refreshJwt")).toString(),
        o.value(QLatin1String("did")).toString(), o.value(QLatin1String("handle")).toString() };
    if (s.accessJwt.isEmpty() || s.refreshJwt.isEmpty()) {
        if (error)
            *error = QStringLiteral("the session answer has no accessJwt and refreshJwt");
        return std::nullopt;
    }
    return s;
}

QString SearchProvider::xrpcErrorName(QByteArrayView body)
{
    return QJsonDocument::fromJson(body.toByteArray()).object().value(QLatin1String("error")).toString();
}

PageData SearchProvider::parsePage(const QByteArray &body, TweetParser &parser)
{
    PageData page;
    if (QByteArrayView(body).trimmed().isEmpty()) {
        page.error = QStringLiteral("empty response body");
        return page;
    }
    ParseResult result = parser.parseInPlace(body);
    if (!result.ok()) {
        page.error = QStringLiteral("unreadable response body: %1").arg(result.error);
        return page;
    }
    ParsedDocument &doc = *result.document;
    if (doc.kind == ParsedDocument::Kind::SingleTweet) {
        page.error = QStringLiteral("unreadable response body: a single tweet, not a search page");
        return page;
    }
    page.tweets = std::move(doc.tweets);
    page.nextToken = doc.nextToken;
    page.problems = doc.errors;
    page.unreadableTweets = doc.tweetErrors;
    return page;
}

QString SearchProvider::describeError(int httpStatus, const QByteArray &reasonPhrase, QByteArrayView body)
{
    QString statusText = QStringLiteral("HTTP %1").arg(httpStatus);
    if (!reasonPhrase.isEmpty())
        statusText += u' ' + QString::fromUtf8(reasonPhrase);
    const QJsonObject o = QJsonDocument::fromJson(body.toByteArray()).object();
    if (o.isEmpty())
        return statusText;
    QString title = o.value(QLatin1String("title")).toString();
    QString detail = o.value(QLatin1String("detail")).toString();
    QStringList messages;
    const QJsonArray errors = o.value(QLatin1String("errors")).toArray();
    for (const auto &e : errors) {
        const QString m = e.toObject().value(QLatin1String("message")).toString();
        if (!m.isEmpty() && !messages.contains(m))
            messages << m;
    }
    // Enterprise: {"error":{"message":...}}
    const QJsonValue enterpriseError = o.value(QLatin1String("error"));
    if (enterpriseError.isObject()) {
        const QString m = enterpriseError.toObject().value(QLatin1String("message")).toString();
        if (!m.isEmpty())
            messages << m;
    } else if (enterpriseError.isString()) {
        // XRPC (Bluesky): {"error": "ExpiredToken", "message": "Token has expired"}
        const QString m = o.value(QLatin1String("message")).toString();
        messages << (m.isEmpty() ? enterpriseError.toString() : enterpriseError.toString() + QStringLiteral(": ") + m);
    }
    if (title.isEmpty() && detail.isEmpty() && messages.isEmpty())
        return statusText;
    if (title.isEmpty())
        title = statusText;
    QString text = title;
    if (!detail.isEmpty() && detail != title)
        text += QStringLiteral(": ") + detail;
    if (!messages.isEmpty())
        text += QStringLiteral(" (") + messages.join(QStringLiteral("; ")) + u')';
    return text;
}

} // namespace ts::search
