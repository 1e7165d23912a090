// SPDX-License-Identifier: MIT
#include "countsrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace ts::search {

namespace {

constexpr qint64 DayMs = 24 * 3600 * 1000LL;

bool isEnterprise(ProviderKind kind)
{
    return kind == ProviderKind::Enterprise30Day || kind == ProviderKind::EnterpriseFullArchive;
}

qint64 lengthMs(CountsGranularity g)
{
    switch (g) {
    case CountsGranularity::Minute:
        return 60 * 1000;
    case CountsGranularity::Hour:
        return 3600 * 1000;
    case CountsGranularity::Day:
        return DayMs;
    }
    return DayMs;
}

std::optional<qint64> isoMs(const QJsonValue &v)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

std::optional<qint64> gnipMs(const QJsonValue &v)
{
    // "201101010000": UTC, minute precision (docs/api-shapes.md, "Enterprise (Gnip) search").
    const QString s = v.isDouble() ? QString::number(qint64(v.toDouble())) : v.toString();
    QDateTime t = QDateTime::fromString(s, QStringLiteral("yyyyMMddHHmm"));
    if (s.size() != 12 || !t.isValid())
        return std::nullopt;
    t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

QString pageError(const QString &what)
{
    return QStringLiteral("unreadable counts response: %1").arg(what);
}

} // namespace

QString granularityName(CountsGranularity granularity)
{
    switch (granularity) {
    case CountsGranularity::Minute:
        return QStringLiteral("minute");
    case CountsGranularity::Hour:
        return QStringLiteral("hour");
    case CountsGranularity::Day:
        return QStringLiteral("day");
    }
    return {};
}

namespace counts {

QString endpointPath(const SearchProvider &provider)
{
    const ConnectionConfig &c = provider.connection();
    switch (provider.kind()) {
    case ProviderKind::XRecent:
        return QStringLiteral("/2/tweets/counts/recent");
    case ProviderKind::Local:
    case ProviderKind::XAll:
        return QStringLiteral("/2/tweets/counts/all");
    case ProviderKind::Enterprise30Day:
        return QStringLiteral("/search/30day/accounts/%1/%2/counts.json").arg(c.account, c.label);
    case ProviderKind::EnterpriseFullArchive:
        return QStringLiteral("/search/fullarchive/accounts/%1/%2/counts.json").arg(c.account, c.label);
    case ProviderKind::Bluesky:
        break; // none: CountsFetcher refuses Bluesky before building a request
    }
    return {};
}

qint64 defaultSpanMs(ProviderKind kind)
{
    return kind == ProviderKind::XRecent ? 7 * DayMs : 30 * DayMs;
}

ProviderLimits limitsFor(ProviderKind kind)
{
    ProviderLimits limits = SearchProvider::limitsFor(kind);
    if (kind == ProviderKind::XRecent || kind == ProviderKind::XAll) {
        limits.windowRequests = 300;
        limits.windowMs = 15 * 60 * 1000;
        limits.perSecond = 0; // the 1 request/s cap of /search/all does not apply to counts
    }
    return limits;
}

PreparedRequest buildRequest(const SearchProvider &provider, const QString &query, CountsGranularity granularity,
    const SearchOptions &options, const QString &pageToken)
{
    // The search request of the same query carries the authentication, user agent, timeout
    // and HTTP attributes; only the URL and the parameters differ.
    PreparedRequest out = provider.buildRequest(query, QString(), options);
    QUrl url = provider.baseUrl();
    url.setPath(provider.baseUrl().path() + endpointPath(provider));
    if (isEnterprise(provider.kind())) {
        QJsonObject body { { QStringLiteral("query"), query },
            { QStringLiteral("bucket"), granularityName(granularity) } };
        const auto gnip = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyyMMddHHmm")); };
        if (options.startTime)
            body.insert(QStringLiteral("fromDate"), gnip(*options.startTime));
        if (options.endTime)
            body.insert(QStringLiteral("toDate"), gnip(*options.endTime));
        if (!pageToken.isEmpty())
            body.insert(QStringLiteral("next"), pageToken);
        out.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        url.setQuery(QString());
    } else {
        const auto rfc3339
            = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")); };
        QByteArrayList items { "query=" + QUrl::toPercentEncoding(query),
            "granularity=" + granularityName(granularity).toLatin1() };
        if (options.startTime)
            items << "start_time=" + QUrl::toPercentEncoding(rfc3339(*options.startTime));
        if (options.endTime)
            items << "end_time=" + QUrl::toPercentEncoding(rfc3339(*options.endTime));
        if (!pageToken.isEmpty())
            items << "next_token=" + QUrl::toPercentEncoding(pageToken);
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
        out.body.clear();
    }
    out.request.setUrl(url);
    return out;
}

CountsPage parsePage(ProviderKind kind, QByteArrayView body, CountsGranularity granularity)
{
    CountsPage page;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError) {
        page.error = pageError(pe.errorString());
        return page;
    }
    if (!doc.isObject()) {
        page.error = pageError(QStringLiteral("not a JSON object"));
        return page;
    }
    const QJsonObject o = doc.object();
    if (isEnterprise(kind)) {
        const QJsonValue results = o.value(QLatin1String("results"));
        if (!results.isArray()) {
            page.error = pageError(QStringLiteral("no 'results' array"));
            return page;
        }
        for (const QJsonValue &v : results.toArray()) {
            const QJsonObject b = v.toObject();
            const auto start = gnipMs(b.value(QLatin1String("timePeriod")));
            const QJsonValue count = b.value(QLatin1String("count"));
            if (!start || !count.isDouble()) {
                page.error = pageError(QStringLiteral("a bucket without timePeriod or count"));
                return page;
            }
            page.buckets.append({ *start, *start + lengthMs(granularity), qint64(count.toDouble()) });
        }
        if (o.value(QLatin1String("totalCount")).isDouble())
            page.total = qint64(o.value(QLatin1String("totalCount")).toDouble());
        page.nextToken = o.value(QLatin1String("next")).toVariant().toString();
        return page;
    }
    // v2: "data" is absent when nothing matched (docs/api-shapes.md), so only its shape is checked.
    const QJsonValue data = o.value(QLatin1String("data"));
    if (!data.isUndefined() && !data.isArray()) {
        page.error = pageError(QStringLiteral("'data' is not an array"));
        return page;
    }
    if (data.isUndefined() && !o.value(QLatin1String("meta")).isObject()) {
        page.error = pageError(QStringLiteral("neither 'data' nor 'meta'"));
        return page;
    }
    for (const QJsonValue &v : data.toArray()) {
        const QJsonObject b = v.toObject();
        const auto start = isoMs(b.value(QLatin1String("start")));
        const auto end = isoMs(b.value(QLatin1String("end")));
        const QJsonValue count = b.value(QLatin1String("tweet_count"));
        if (!start || !count.isDouble()) {
            page.error = pageError(QStringLiteral("a bucket without start or tweet_count"));
            return page;
        }
        page.buckets.append({ *start, end.value_or(*start + lengthMs(granularity)), qint64(count.toDouble()) });
    }
    const QJsonObject meta = o.value(QLatin1String("meta")).toObject();
    if (meta.value(QLatin1String("total_tweet_count")).isDouble())
        page.total = qint64(meta.value(QLatin1String("total_tweet_count")).toDouble());
    page.nextToken = meta.value(QLatin1String("next_token")).toString();
    return page;
}

} // namespace counts
} // namespace ts::search
