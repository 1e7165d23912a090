// SPDX-License-Identifier: MIT
#include "requestparser.h"

#include "archive/orderkey.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>

namespace ts::archive {

using namespace Qt::StringLiterals;

QueryItems decodeQueryString(const QByteArray &encodedQuery)
{
    QueryItems items;
    const QList<QByteArray> pairs = encodedQuery.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray key = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        // '+' first (a literal plus arrives as %2B), then percent-decoding.
        key.replace('+', ' ');
        value.replace('+', ' ');
        items.append({ QString::fromUtf8(QByteArray::fromPercentEncoding(key)),
            QString::fromUtf8(QByteArray::fromPercentEncoding(value)) });
    }
    return items;
}

namespace requests {

std::optional<qint64> parseRfc3339(const QString &s)
{
    static const QRegularExpression re(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$"_s);
    if (!re.match(s).hasMatch())
        return std::nullopt;
    QString text = s;
    // Qt parses milliseconds only: cut longer fractions.
    static const QRegularExpression frac(u"\\.(\\d{3})\\d+"_s);
    text.replace(frac, u".\\1"_s);
    const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

namespace {

constexpr qint64 DayMs = 24LL * 3600 * 1000;

const QStringList &tweetFieldNames()
{
    static const QStringList names { u"article"_s, u"attachments"_s, u"author_id"_s, u"card_uri"_s, u"community_id"_s,
        u"context_annotations"_s, u"conversation_id"_s, u"created_at"_s, u"display_text_range"_s, u"edit_controls"_s,
        u"edit_history_tweet_ids"_s, u"entities"_s, u"geo"_s, u"id"_s, u"in_reply_to_user_id"_s, u"lang"_s,
        u"media_metadata"_s, u"non_public_metrics"_s, u"note_tweet"_s, u"organic_metrics"_s, u"possibly_sensitive"_s,
        u"promoted_metrics"_s, u"public_metrics"_s, u"referenced_tweets"_s, u"reply_settings"_s, u"scopes"_s,
        u"source"_s, u"text"_s, u"withheld"_s };
    return names;
}

const QStringList &expansionNames()
{
    static const QStringList names { u"article.cover_media"_s, u"article.media_entities"_s, u"attachments.media_keys"_s,
        u"attachments.media_source_tweet"_s, u"attachments.poll_ids"_s, u"author_id"_s, u"edit_history_tweet_ids"_s,
        u"entities.mentions.username"_s, u"entities.note.mentions.username"_s, u"geo.place_id"_s,
        u"in_reply_to_user_id"_s, u"referenced_tweets.id"_s, u"referenced_tweets.id.author_id"_s };
    return names;
}

const QStringList &userFieldNames()
{
    static const QStringList names { u"affiliation"_s, u"connection_status"_s, u"created_at"_s, u"description"_s,
        u"entities"_s, u"id"_s, u"is_identity_verified"_s, u"location"_s, u"most_recent_tweet_id"_s, u"name"_s,
        u"pinned_tweet_id"_s, u"profile_banner_url"_s, u"profile_image_url"_s, u"protected"_s, u"public_metrics"_s,
        u"receives_your_dm"_s, u"subscription_type"_s, u"url"_s, u"username"_s, u"verified"_s,
        u"verified_followers_count"_s, u"verified_type"_s, u"withheld"_s };
    return names;
}

const QStringList &mediaFieldNames()
{
    static const QStringList names { u"alt_text"_s, u"duration_ms"_s, u"height"_s, u"media_key"_s,
        u"non_public_metrics"_s, u"organic_metrics"_s, u"preview_image_url"_s, u"promoted_metrics"_s,
        u"public_metrics"_s, u"type"_s, u"url"_s, u"variants"_s, u"width"_s };
    return names;
}

const QStringList &placeFieldNames()
{
    static const QStringList names { u"contained_within"_s, u"country"_s, u"country_code"_s, u"full_name"_s, u"geo"_s,
        u"id"_s, u"name"_s, u"place_type"_s };
    return names;
}

const QStringList &pollFieldNames()
{
    static const QStringList names { u"duration_minutes"_s, u"end_datetime"_s, u"id"_s, u"options"_s,
        u"voting_status"_s };
    return names;
}

// The parameters of one request, with the first value of each name.
class Params
{
public:
    explicit Params(const QueryItems &items)
    {
        for (const auto &[k, v] : items) {
            if (!m_values.contains(k)) {
                m_values.insert(k, v);
                m_order.append(k);
            }
        }
    }
    bool has(const QString &k) const { return m_values.contains(k); }
    QString value(const QString &k) const { return m_values.value(k); }
    const QStringList &names() const { return m_order; }

private:
    QHash<QString, QString> m_values;
    QStringList m_order;
};

std::optional<HttpAnswer> checkKnown(const Params &p, const QStringList &allowed)
{
    for (const QString &name : p.names()) {
        if (!allowed.contains(name)) {
            return errors::v2InvalidRequest(name.toUtf8(), { p.value(name) },
                u"The query parameter [%1] is not one of [%2]"_s.arg(name, allowed.join(u',')));
        }
    }
    return std::nullopt;
}

// A comma-separated list whose items must come from `allowed`.
std::variant<QSet<QString>, HttpAnswer> listParam(const Params &p, const QString &name, const QStringList &allowed)
{
    QSet<QString> out;
    if (!p.has(name))
        return out;
    const QStringList items = p.value(name).split(u',');
    for (const QString &item : items) {
        if (!allowed.contains(item)) {
            return errors::v2InvalidRequest(name.toUtf8(), { item },
                u"The `%1` query parameter value [%2] is not one of [%3]"_s.arg(name, item, allowed.join(u',')));
        }
        out.insert(item);
    }
    return out;
}

/// The times the APIs take: from 2006-03-21T00:00Z (the real v2 API's earliest start_time)
/// to the end of 2079, before the archive's order keys overflow (the twitter epoch + 2^41 ms
/// is 2080-07-10). Outside, a 400 (v2) or 422 (Enterprise), never an empty page.
constexpr qint64 EarliestMs = 1142899200000LL; // 2006-03-21T00:00:00Z
constexpr qint64 LatestMs = 3471292799000LL; // 2079-12-31T23:59:59Z
static_assert(LatestMs < orderkey::Twepoch + (qint64(1) << (63 - orderkey::LowBits)));

struct TimeWindow
{
    std::optional<qint64> startMs;
    std::optional<qint64> endMs;
};

std::variant<TimeWindow, HttpAnswer> timeParams(const Params &p, V2Endpoint endpoint, qint64 nowMs)
{
    TimeWindow w;
    for (const QString &name : { u"start_time"_s, u"end_time"_s }) {
        if (!p.has(name))
            continue;
        const auto ms = parseRfc3339(p.value(name));
        if (!ms) {
            return errors::v2InvalidRequest(name.toUtf8(), { p.value(name) },
                u"Invalid '%1':'%2'. '%1' must be a valid RFC 3339 date-time (YYYY-MM-DDTHH:mm:ssZ)."_s.arg(
                    name, p.value(name)));
        }
        if (*ms < EarliestMs) {
            return errors::v2InvalidRequest(name.toUtf8(), { p.value(name) },
                u"Invalid '%1':'%2'. '%1' must be on or after 2006-03-21T00:00Z"_s.arg(name, p.value(name)));
        }
        if (*ms > LatestMs) {
            return errors::v2InvalidRequest(name.toUtf8(), { p.value(name) },
                u"Invalid '%1':'%2'. '%1' must be on or before 2079-12-31T23:59:59Z"_s.arg(name, p.value(name)));
        }
        (name == u"start_time"_s ? w.startMs : w.endMs) = *ms;
    }
    if (endpoint == V2Endpoint::Recent && w.startMs && *w.startMs < nowMs - 7 * DayMs) {
        return errors::v2InvalidRequest("start_time", { p.value(u"start_time"_s) },
            u"Invalid 'start_time':'%1'. 'start_time' must be on or after %2"_s.arg(
                p.value(u"start_time"_s), v2::isoTime(nowMs - 7 * DayMs)));
    }
    if (w.startMs && w.endMs && *w.startMs >= *w.endMs) {
        return errors::v2InvalidRequest(QJsonObject { { u"start_time"_s, QJsonArray { p.value(u"start_time"_s) } },
                                            { u"end_time"_s, QJsonArray { p.value(u"end_time"_s) } } },
            u"Invalid 'start_time':'%1'. 'start_time' must be before 'end_time':'%2'"_s.arg(
                p.value(u"start_time"_s), p.value(u"end_time"_s)));
    }
    return w;
}

std::variant<std::optional<quint64>, HttpAnswer> idParam(const Params &p, const QString &name)
{
    if (!p.has(name))
        return std::optional<quint64>();
    static const QRegularExpression re(u"^[0-9]{1,19}$"_s);
    const QString v = p.value(name);
    bool ok = re.match(v).hasMatch();
    const quint64 id = ok ? v.toULongLong(&ok) : 0;
    if (!ok) {
        return errors::v2InvalidRequest(
            name.toUtf8(), { v }, u"The `%1` query parameter value [%2] does not match ^[0-9]{1,19}$"_s.arg(name, v));
    }
    return std::optional<quint64>(id);
}

std::optional<HttpAnswer> queryParam(const Params &p)
{
    if (!p.has(u"query"_s) || p.value(u"query"_s).trimmed().isEmpty())
        return errors::v2InvalidRequest("query", {}, u"The `query` query parameter can not be empty"_s);
    return std::nullopt;
}

std::variant<QString, HttpAnswer> pageToken(const Params &p)
{
    for (const QString &name : { u"next_token"_s, u"pagination_token"_s }) {
        if (!p.has(name))
            continue;
        if (p.value(name).isEmpty())
            return errors::v2InvalidRequest(
                name.toUtf8(), {}, u"The `%1` query parameter can not be empty"_s.arg(name));
        return p.value(name);
    }
    return QString();
}

std::variant<Granularity, HttpAnswer> granularity(const QString &name, const QString &value, bool enterprise)
{
    if (value.isEmpty() || value == u"hour"_s)
        return Granularity::Hour;
    if (value == u"minute"_s)
        return Granularity::Minute;
    if (value == u"day"_s)
        return Granularity::Day;
    if (enterprise)
        return errors::enterprise(422,
            u"There were errors processing your request: Invalid bucket '%1' (expected day, hour or minute)"_s.arg(
                value));
    return errors::v2InvalidRequest(name.toUtf8(), { value },
        u"The `%1` query parameter value [%2] is not one of [minute,hour,day]"_s.arg(name, value));
}

/// tweet.fields (or its synonym post.fields), expansions, user.fields, and the media, place and
/// poll fields: what search and lookup both take, checked the same way.
std::optional<HttpAnswer> fieldParams(const Params &p, V2Fields *fields)
{
    // Fields: tweet.fields and post.fields are synonyms (the 2026 spec renamed it).
    for (const QString &name : { u"tweet.fields"_s, u"post.fields"_s }) {
        auto f = listParam(p, name, tweetFieldNames());
        if (auto *e = std::get_if<HttpAnswer>(&f))
            return *e;
        fields->tweetFields.unite(std::get<QSet<QString>>(f));
    }
    auto ex = listParam(p, u"expansions"_s, expansionNames());
    if (auto *e = std::get_if<HttpAnswer>(&ex))
        return *e;
    fields->expansions = std::get<QSet<QString>>(ex);
    auto uf = listParam(p, u"user.fields"_s, userFieldNames());
    if (auto *e = std::get_if<HttpAnswer>(&uf))
        return *e;
    fields->userFields = std::get<QSet<QString>>(uf);
    const std::pair<QString, const QStringList *> others[] = { { u"media.fields"_s, &mediaFieldNames() },
        { u"place.fields"_s, &placeFieldNames() }, { u"poll.fields"_s, &pollFieldNames() } };
    for (const auto &[name, names] : others) {
        auto f = listParam(p, name, *names);
        if (auto *e = std::get_if<HttpAnswer>(&f))
            return *e;
    }
    return std::nullopt;
}

} // namespace

HttpAnswer v2QueryError(const QString &query, const QueryError &error)
{
    return errors::v2InvalidQuery(query, error.reason, error.position);
}

HttpAnswer enterpriseQueryError(const QueryError &error)
{
    return errors::enterprise(
        422, u"There were errors processing your request: %1 (at position %2)"_s.arg(error.reason).arg(error.position));
}

std::variant<V2SearchRequest, HttpAnswer> parseV2Search(const QueryItems &items, V2Endpoint endpoint, qint64 nowMs)
{
    const Params p(items);
    static const QStringList allowed { u"query"_s, u"start_time"_s, u"end_time"_s, u"since_id"_s, u"until_id"_s,
        u"max_results"_s, u"next_token"_s, u"pagination_token"_s, u"sort_order"_s, u"expansions"_s, u"tweet.fields"_s,
        u"post.fields"_s, u"media.fields"_s, u"poll.fields"_s, u"place.fields"_s, u"user.fields"_s };
    if (auto e = checkKnown(p, allowed))
        return *e;
    if (auto e = queryParam(p))
        return *e;

    V2SearchRequest r;
    r.params.query = p.value(u"query"_s);
    r.params.maxQueryLength = endpoint == V2Endpoint::Recent ? 512 : 1024;

    if (auto e = fieldParams(p, &r.fields))
        return *e;

    const int maxAllowed = endpoint == V2Endpoint::Recent ? 100 : 500;
    if (p.has(u"max_results"_s)) {
        bool ok = false;
        const QString v = p.value(u"max_results"_s);
        const int n = v.toInt(&ok);
        if (!ok || n < 10 || n > maxAllowed) {
            return errors::v2InvalidRequest("max_results", { v },
                u"The `max_results` query parameter value [%1] is not between 10 and %2"_s.arg(v).arg(maxAllowed));
        }
        if (n > 100 && r.fields.tweetFields.contains(u"context_annotations"_s)) {
            return errors::v2InvalidRequest(
                QJsonObject { { u"tweet.fields"_s, QJsonArray { u"context_annotations"_s } },
                    { u"max_results"_s, QJsonArray { v } } },
                u"when requesting `tweet.fields=context_annotations` `max_results` must be less than or equal to `100`"_s);
        }
        r.params.maxResults = n;
    }

    auto w = timeParams(p, endpoint, nowMs);
    if (auto *e = std::get_if<HttpAnswer>(&w))
        return *e;
    const TimeWindow tw = std::get<TimeWindow>(w);
    r.params.endMs = tw.endMs.value_or(nowMs);
    if (tw.startMs)
        r.params.startMs = tw.startMs;
    else if (endpoint == V2Endpoint::Recent)
        r.params.startMs = nowMs - 7 * DayMs;
    else
        r.params.startMs = *r.params.endMs - 30 * DayMs;

    for (const QString &name : { u"since_id"_s, u"until_id"_s }) {
        auto id = idParam(p, name);
        if (auto *e = std::get_if<HttpAnswer>(&id))
            return *e;
        (name == u"since_id"_s ? r.params.sinceId : r.params.untilId) = std::get<std::optional<quint64>>(id);
    }
    // since_id is the polling mode: the real API ignores the default time window then.
    if (r.params.sinceId && !tw.startMs && endpoint == V2Endpoint::All)
        r.params.startMs.reset();

    auto tok = pageToken(p);
    if (auto *e = std::get_if<HttpAnswer>(&tok))
        return *e;
    r.params.pageToken = std::get<QString>(tok);

    if (p.has(u"sort_order"_s)) {
        const QString v = p.value(u"sort_order"_s);
        if (v != u"recency"_s && v != u"relevancy"_s) {
            return errors::v2InvalidRequest("sort_order", { v },
                u"The `sort_order` query parameter value [%1] is not one of [recency,relevancy]"_s.arg(v));
        }
        r.params.relevancy = v == u"relevancy"_s;
    }
    return r;
}

std::variant<V2LookupRequest, HttpAnswer> parseV2Lookup(const QueryItems &items, const std::optional<QString> &pathId)
{
    const Params p(items);
    static const QStringList fieldNames { u"expansions"_s, u"tweet.fields"_s, u"post.fields"_s, u"media.fields"_s,
        u"poll.fields"_s, u"place.fields"_s, u"user.fields"_s };
    static const QStringList allowedList = QStringList { u"ids"_s } + fieldNames;
    if (auto e = checkKnown(p, pathId ? fieldNames : allowedList))
        return *e;
    static const QRegularExpression digits(u"^[0-9]{1,19}$"_s);
    V2LookupRequest r;
    r.single = pathId.has_value();
    if (pathId) {
        // A path parameter: the real API names it `id` and checks it like the query parameters.
        if (!digits.match(*pathId).hasMatch()) {
            return errors::v2InvalidRequest(
                "id", { *pathId }, u"The `id` query parameter value [%1] does not match ^[0-9]{1,19}$"_s.arg(*pathId));
        }
        r.ids << *pathId;
    } else {
        const QString value = p.value(u"ids"_s);
        if (value.isEmpty())
            return errors::v2InvalidRequest("ids", {}, u"The `ids` query parameter can not be empty"_s);
        const QStringList ids = value.split(u',');
        if (ids.size() > MaxLookupIds) {
            return errors::v2InvalidRequest("ids", { value },
                u"The number of values in the `ids` query parameter list [%1] is not between 1 and %2"_s.arg(ids.size())
                    .arg(MaxLookupIds));
        }
        QSet<QString> seen;
        for (const QString &id : ids) {
            if (!digits.match(id).hasMatch()) {
                return errors::v2InvalidRequest(
                    "ids", { id }, u"The `ids` query parameter value [%1] does not match ^[0-9]{1,19}$"_s.arg(id));
            }
            if (!seen.contains(id)) {
                seen.insert(id);
                r.ids << id;
            }
        }
    }
    if (auto e = fieldParams(p, &r.fields))
        return *e;
    return r;
}

std::variant<CountsRequest, HttpAnswer> parseV2Counts(const QueryItems &items, V2Endpoint endpoint, qint64 nowMs)
{
    const Params p(items);
    static const QStringList allowed { u"query"_s, u"start_time"_s, u"end_time"_s, u"since_id"_s, u"until_id"_s,
        u"next_token"_s, u"pagination_token"_s, u"granularity"_s, u"search_count.fields"_s };
    if (auto e = checkKnown(p, allowed))
        return *e;
    if (auto e = queryParam(p))
        return *e;
    auto fields = listParam(p, u"search_count.fields"_s, { u"end"_s, u"start"_s, u"tweet_count"_s });
    if (auto *e = std::get_if<HttpAnswer>(&fields))
        return *e;
    CountsRequest r;
    r.query = p.value(u"query"_s);
    r.maxQueryLength = endpoint == V2Endpoint::Recent ? 512 : 1024;
    auto g = granularity(u"granularity"_s, p.value(u"granularity"_s), false);
    if (auto *e = std::get_if<HttpAnswer>(&g))
        return *e;
    r.granularity = std::get<Granularity>(g);
    auto w = timeParams(p, endpoint, nowMs);
    if (auto *e = std::get_if<HttpAnswer>(&w))
        return *e;
    const TimeWindow tw = std::get<TimeWindow>(w);
    r.endMs = tw.endMs.value_or(nowMs);
    r.startMs = tw.startMs.value_or(endpoint == V2Endpoint::Recent ? nowMs - 7 * DayMs : r.endMs - 30 * DayMs);
    for (const QString &name : { u"since_id"_s, u"until_id"_s }) {
        auto id = idParam(p, name);
        if (auto *e = std::get_if<HttpAnswer>(&id))
            return *e;
    }
    auto tok = pageToken(p);
    if (auto *e = std::get_if<HttpAnswer>(&tok))
        return *e;
    r.pageToken = std::get<QString>(tok);
    return r;
}

namespace {

std::optional<qint64> parseGnipTime(const QString &s)
{
    static const QRegularExpression re(u"^\\d{12}$"_s);
    if (!re.match(s).hasMatch())
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(s, u"yyyyMMddHHmm"_s);
    if (!dt.isValid())
        return std::nullopt;
    dt.setTimeSpec(Qt::UTC);
    return dt.toMSecsSinceEpoch();
}

HttpAnswer enterpriseInvalid(const QString &what)
{
    return errors::enterprise(422, u"There were errors processing your request: "_s + what);
}

} // namespace

std::variant<EnterpriseRequest, HttpAnswer> parseEnterprise(
    const QueryItems &items, const QByteArray *postBody, bool counts, bool thirtyDay, qint64 nowMs)
{
    // One map of parameter -> JSON value, from either the POST body or the query string.
    QJsonObject in;
    if (postBody) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(*postBody, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return errors::enterprise(
                400, u"There were errors processing your request: Invalid json, could not parse."_s);
        in = doc.object();
    } else {
        for (const auto &[k, v] : items) {
            if (!in.contains(k))
                in.insert(k, v);
        }
    }

    EnterpriseRequest r;
    const QJsonValue query = in.value(u"query"_s);
    if (!query.isString() || query.toString().trimmed().isEmpty())
        return enterpriseInvalid(u"query must be a non-empty string"_s);
    r.params.query = query.toString();
    r.params.maxQueryLength = 2048;
    if (in.contains(u"tag"_s))
        r.tag = in.value(u"tag"_s).toVariant().toString();

    std::optional<qint64> from, to;
    for (const QString &name : { u"fromDate"_s, u"toDate"_s }) {
        if (!in.contains(name))
            continue;
        const QString v = in.value(name).toVariant().toString();
        const auto ms = parseGnipTime(v);
        if (!ms)
            return enterpriseInvalid(u"Could not parse %1 '%2': expected yyyymmddhhmm"_s.arg(name, v));
        if (*ms < EarliestMs || *ms > LatestMs)
            return enterpriseInvalid(u"%1 '%2' must be between 200603210000 and 207912312359"_s.arg(name, v));
        (name == u"fromDate"_s ? from : to) = *ms;
    }
    // Defaults: the last 30 days; only fromDate: from then until now; only toDate: the
    // 30 days before it.
    const qint64 toMs = to.value_or(nowMs);
    const qint64 fromMs = from.value_or(toMs - 30 * DayMs);
    if (fromMs >= toMs)
        return enterpriseInvalid(u"fromDate must be before toDate"_s);
    Q_UNUSED(thirtyDay) // both products default to the last 30 days
    r.params.startMs = fromMs;
    r.params.endMs = toMs;

    if (in.contains(u"next"_s)) {
        r.params.pageToken = in.value(u"next"_s).toVariant().toString();
        if (r.params.pageToken.isEmpty())
            return enterpriseInvalid(u"next must not be empty"_s);
    }

    if (counts) {
        if (in.contains(u"maxResults"_s))
            return enterpriseInvalid(u"maxResults is not a parameter of counts requests"_s);
        auto b = granularity(u"bucket"_s, in.value(u"bucket"_s).toString(), true);
        if (auto *e = std::get_if<HttpAnswer>(&b))
            return *e;
        r.bucket = std::get<Granularity>(b);
        r.requestParameters = QJsonObject { { u"bucket"_s, in.value(u"bucket"_s).toString(u"hour"_s) },
            { u"fromDate"_s, enterprise::gnipTime(fromMs) }, { u"toDate"_s, enterprise::gnipTime(toMs) } };
        return r;
    }

    r.params.maxResults = 100;
    if (in.contains(u"maxResults"_s)) {
        const QJsonValue v = in.value(u"maxResults"_s);
        bool ok = false;
        int n = 0;
        if (v.isDouble()) {
            n = v.toInt(-1);
            ok = double(n) == v.toDouble();
        } else if (v.isString()) {
            n = v.toString().toInt(&ok);
        }
        if (!ok || n < 10 || n > 500)
            return enterpriseInvalid(u"maxResults must be a number between 10 and 500"_s);
        r.params.maxResults = n;
    }
    r.requestParameters = QJsonObject { { u"maxResults"_s, r.params.maxResults },
        { u"fromDate"_s, enterprise::gnipTime(fromMs) }, { u"toDate"_s, enterprise::gnipTime(toMs) } };
    return r;
}

QList<CountBucket> fillBuckets(const QList<CountBucket> &stored, qint64 startMs, qint64 endMs, Granularity g)
{
    const qint64 step = g == Granularity::Minute ? 60000LL : g == Granularity::Hour ? 3600000LL : 86400000LL;
    QHash<qint64, qint64> byStart;
    for (const CountBucket &b : stored)
        byStart[b.startMs - (b.startMs % step)] += b.count;
    QList<CountBucket> out;
    if (endMs <= startMs)
        return out;
    const qint64 first = startMs - (startMs % step);
    out.reserve(qsizetype((endMs - first) / step + 1));
    // Whole buckets on the granularity's boundaries, the first and last clipped to the
    // requested window (as the API answers a start_time in the middle of a day).
    for (qint64 s = first; s < endMs; s += step)
        out.append(CountBucket { std::max(s, startMs), std::min(s + step, endMs), byStart.value(s) });
    return out;
}

} // namespace requests
} // namespace ts::archive
