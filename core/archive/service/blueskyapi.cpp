// SPDX-License-Identifier: MIT
#include "blueskyapi.h"

#include "archive/orderkey.h"
#include "jsonwriter.h"
#include "tweet/atproto.h"
#include "tweetentities.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace ts::archive::bluesky {

using namespace Qt::StringLiterals;

namespace {

QByteArray errorBody(const QString &name, const QString &message)
{
    JsonWriter w(128);
    w.beginObject().field("error", name).field("message", message).endObject();
    return w.take();
}

HttpAnswer invalid(const QString &message)
{
    return error(400, u"InvalidRequest"_s, message);
}

std::optional<qint64> parseDatetime(const QString &s)
{
    // A datetime (RFC 3339) or a date (YYYY-MM-DD, midnight UTC), as the lexicon allows.
    static const QRegularExpression dateOnly(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    if (dateOnly.match(s).hasMatch()) {
        const QDate d = QDate::fromString(s, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        return QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }
    return requests::parseRfc3339(s);
}

/// An account filter (at-identifier: handle or DID) as an X query clause value: "alice" for
/// from:/@, "12345" for a DID made from a user id. nullopt: not an identifier. Empty: valid, but
/// no account of the archive.
std::optional<QString> accountValue(const QString &identifier, bool allowId)
{
    QString v = identifier.trimmed();
    if (v.startsWith(u'@'))
        v.remove(0, 1);
    if (v.startsWith(u"did:"_s)) {
        if (!atproto::isValidDid(v))
            return std::nullopt;
        const auto id = atproto::userIdFromDid(v);
        return id && allowId ? QString::number(*id) : QString();
    }
    if (!atproto::isValidHandle(v))
        return std::nullopt;
    return atproto::usernameFromHandle(v).value_or(QString());
}

bool isPlainWord(const QString &w)
{
    for (QChar c : w) {
        if (c == u':' || c == u'"' || c == u'(' || c == u')')
            return false;
    }
    return true;
}

QString quotedPhrase(QString text)
{
    text.remove(u'"');
    return u'"' + text + u'"';
}

struct Translation
{
    QStringList clauses;
    std::optional<qint64> since, until;
    bool noMatch = false;
    QString problem; ///< a parameter that is not valid
};

/// Bluesky's q (its search service's syntax: words, "phrases", -word, #tag, @handle, from:,
/// to:, mentions:, domain:, lang:, since:, until:, http(s) URLs) as clauses of the store's query.
void translateQuery(const QString &q, Translation &out)
{
    QStringList parts;
    QString current;
    bool quoted = false;
    for (QChar c : q) {
        if (c == u'"')
            quoted = !quoted;
        if (c.isSpace() && !quoted) {
            if (!current.isEmpty())
                parts << current;
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.isEmpty())
        parts << current;

    for (const QString &p : std::as_const(parts)) {
        if (p == u"*"_s)
            continue;
        if (p.startsWith(u'"') || (p.startsWith(u"-\""_s))) {
            const bool negated = p.startsWith(u'-');
            out.clauses << (negated ? u"-"_s : QString()) + quotedPhrase(p.mid(negated ? 1 : 0));
            continue;
        }
        if (p.startsWith(u'#') && p.size() > 1) {
            out.clauses << u'#' + p.mid(1);
            continue;
        }
        if (p.startsWith(u'@') && p.size() > 1) {
            const auto who = accountValue(p.mid(1), false);
            if (!who) {
                out.clauses << quotedPhrase(p);
            } else if (who->isEmpty()) {
                out.noMatch = true;
            } else {
                out.clauses << u'@' + *who;
            }
            continue;
        }
        const qsizetype colon = p.indexOf(u':');
        if (colon <= 0) {
            out.clauses << (isPlainWord(p) ? p : quotedPhrase(p));
            continue;
        }
        const QString op = p.left(colon).toLower();
        const QString value = p.mid(colon + 1);
        if (op == u"from"_s || op == u"to"_s || op == u"mentions"_s) {
            const auto who = accountValue(value, op == u"from"_s);
            if (!who)
                continue; // the search service drops what it cannot resolve
            if (who->isEmpty())
                out.noMatch = true;
            else
                out.clauses << (op == u"from"_s ? QString(u"from:"_s + *who) : QString(u'@' + *who));
        } else if (op == u"http"_s || op == u"https"_s) {
            out.clauses << u"url:"_s + quotedPhrase(p);
        } else if (op == u"domain"_s) {
            if (!value.isEmpty())
                out.clauses << u"url:"_s + quotedPhrase(value);
        } else if (op == u"lang"_s) {
            static const QRegularExpression re(u"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?$"_s);
            if (re.match(value).hasMatch())
                out.clauses << u"lang:"_s + value;
        } else if (op == u"since"_s || op == u"until"_s) {
            if (const auto ms = parseDatetime(value))
                (op == u"since"_s ? out.since : out.until) = *ms;
        } else if (op == u"did"_s) {
            continue;
        } else {
            out.clauses << quotedPhrase(p);
        }
    }
}

// ---------- rendering ----------

QString seedDid(const char *kind, const QString &value)
{
    QByteArray seed(kind);
    seed += value.toUtf8();
    return atproto::didForSeed(seed);
}

quint64 idNumber(const QString &id)
{
    bool ok = false;
    const quint64 v = id.toULongLong(&ok);
    return ok ? v : atproto::fnv1a(id.toUtf8());
}

QString didForAuthor(const QString &authorId)
{
    if (authorId.startsWith(u"did:"_s))
        return authorId;
    bool ok = false;
    const quint64 v = authorId.toULongLong(&ok);
    return ok ? atproto::didForUserId(v) : seedDid("user:", authorId);
}

/// The at:// URI of tweet `id` by the account did: its TID from the id's time (a snowflake's,
/// else fallbackMs) and the id's hash.
QString uriFor(const QString &did, const QString &id, qint64 fallbackMs)
{
    const auto sf
        = (id.size() >= 15) ? std::optional<qint64>((qint64(idNumber(id)) >> 22) + orderkey::Twepoch) : std::nullopt;
    const qint64 ms = sf && std::abs(*sf - fallbackMs) < 1000 ? *sf : fallbackMs > 0 ? fallbackMs : sf.value_or(0);
    const quint64 h = atproto::fnv1a(id.toUtf8());
    const quint64 tid = atproto::makeTid(std::max<qint64>(ms, 0) * 1000 + qint64(h % 1000), quint32(h >> 10));
    return u"at://"_s + did + u"/app.bsky.feed.post/"_s + atproto::tidString(tid);
}

qint64 snowflakeMs(const QString &id)
{
    bool ok = false;
    const quint64 v = id.toULongLong(&ok);
    if (!ok || v < (quint64(1) << 32))
        return 0;
    return qint64(v >> 22) + orderkey::Twepoch;
}

QString handleOf(const Tweet &t)
{
    return t.authorUsername.isEmpty() ? u"handle.invalid"_s : atproto::handleForUsername(t.authorUsername);
}

int utf8Length(QStringView s)
{
    int n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (c < 0x80)
            n += 1;
        else if (c < 0x800)
            n += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < s.size() && QChar::isLowSurrogate(s[i + 1].unicode())) {
            n += 4;
            ++i;
        } else
            n += 3;
    }
    return n;
}

struct FacetOut
{
    int byteStart = 0, byteEnd = 0;
    const char *type = nullptr; ///< "tag", "mention", "link"
    QString value;
};

/// The post's text (mentions as @handle, links as their expanded URL) and its facets; the links
/// the text does not show (behind a t.co link that cannot be told apart) go to *unplaced.
QString postText(const Tweet &t, QList<FacetOut> &facets, QStringList *unplaced)
{
    const TweetEntities e = TweetEntities::locate(t.text, t);
    for (const EntitySpan &s : e.urls) {
        if (s.end <= s.start)
            unplaced->append(s.value);
    }
    struct Span
    {
        int start, end;
        const char *type;
        QString replacement, value;
    };
    QList<Span> spans;
    for (const EntitySpan &s : e.hashtags)
        spans.append({ s.start, s.end, "tag", {}, s.value });
    for (const EntitySpan &s : e.mentions)
        spans.append({ s.start, s.end, "mention", u'@' + atproto::handleForUsername(s.value), s.value });
    for (const EntitySpan &s : e.urls)
        spans.append({ s.start, s.end, "link", s.value, s.value });
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.start < b.start; });

    // Walk the text by code points, replacing spans; stop at kMaxTextCodePoints.
    QString out;
    int cp = 0; // code point index in t.text
    qsizetype i = 0;
    int written = 0; // code points written
    qsizetype next = 0;
    const auto advance = [&](QString *to) {
        const bool pair = QChar::isHighSurrogate(t.text[i].unicode()) && i + 1 < t.text.size();
        if (to)
            to->append(t.text.mid(i, pair ? 2 : 1));
        i += pair ? 2 : 1;
        ++cp;
    };
    while (i < t.text.size() && written < kMaxTextCodePoints) {
        while (next < spans.size() && spans[next].start < cp)
            ++next; // overlapping or empty spans
        if (next < spans.size() && spans[next].start == cp && spans[next].end > cp) {
            const Span &s = spans[next++];
            QString shown;
            while (i < t.text.size() && cp < s.end)
                advance(&shown);
            if (!s.replacement.isEmpty())
                shown = s.replacement;
            const int shownCp = codePointCount(shown);
            if (written + shownCp > kMaxTextCodePoints)
                break;
            FacetOut f;
            f.byteStart = utf8Length(out);
            out += shown;
            f.byteEnd = utf8Length(out);
            f.type = s.type;
            f.value = s.value;
            facets.append(f);
            written += shownCp;
            continue;
        }
        advance(&out);
        ++written;
    }
    return out;
}

void writeAuthor(JsonWriter &w, const QString &did, const QString &handle, const QString &name)
{
    w.key("author").beginObject().field("did", did).field("handle", handle);
    if (!name.isEmpty())
        w.field("displayName", leftCodePoints(name, 64));
    w.key("labels").beginArray().endArray();
    w.endObject();
}

void writeRef(JsonWriter &w, const char *key, const QString &uri)
{
    w.key(key).beginObject().field("uri", uri).field("cid", atproto::cidFor(uri.toUtf8())).endObject();
}

/// A link card, in the record (app.bsky.embed.external) or the view (#view): the archive has
/// no title or description for it.
void writeExternal(JsonWriter &w, const char *type, const QString &uri)
{
    w.key("embed").beginObject().field("$type", QLatin1StringView(type));
    w.key("external").beginObject().field("uri", uri).field("title", QString()).field("description", QString());
    w.endObject().endObject();
}

/// A post carries at most four images (app.bsky.embed.images); a tweet's media past them are dropped.
constexpr qsizetype kMaxImages = 4;

/// The record's app.bsky.embed.images: each image a blob (a raw-codec CID of its URL stands in
/// for the image bytes the archive does not have) with its alt text (empty: X gave none).
void writeImagesRecord(JsonWriter &w, const char *key, const QStringList &images)
{
    w.key(key).beginObject().field("$type", QLatin1StringView("app.bsky.embed.images"));
    w.key("images").beginArray();
    for (const QString &url : images) {
        w.beginObject().field("alt", QString());
        w.key("image").beginObject().field("$type", QLatin1StringView("blob"));
        w.key("ref").beginObject().field("$link", atproto::blobCidFor(url.toUtf8())).endObject();
        w.field("mimeType", QLatin1StringView("image/jpeg")).field("size", 0).endObject();
        w.endObject();
    }
    w.endArray().endObject();
}

/// The view's app.bsky.embed.images#view: the archive keeps one URL per image, so it is both
/// the thumbnail and the full size.
void writeImagesView(JsonWriter &w, const char *key, const QStringList &images)
{
    w.key(key).beginObject().field("$type", QLatin1StringView("app.bsky.embed.images#view"));
    w.key("images").beginArray();
    for (const QString &url : images)
        w.beginObject().field("thumb", url).field("fullsize", url).field("alt", QString()).endObject();
    w.endArray().endObject();
}

} // namespace

HttpAnswer error(int status, const QString &name, const QString &message)
{
    return HttpAnswer::json(status, errorBody(name, message));
}

HttpAnswer errorForStatus(int status)
{
    const QString message = QString::fromLatin1(reasonPhrase(status));
    switch (status) {
    case 400:
        return error(status, u"InvalidRequest"_s, message);
    case 401:
        return error(status, u"AuthenticationRequired"_s, message);
    case 403:
        return error(status, u"Forbidden"_s, message);
    case 404:
    case 501:
        return error(status, u"MethodNotImplemented"_s, u"Method Not Implemented"_s);
    case 413:
        return error(status, u"PayloadTooLarge"_s, message);
    case 429:
        return error(status, u"RateLimitExceeded"_s, u"Rate Limit Exceeded"_s);
    case 502:
        return error(status, u"UpstreamFailure"_s, message);
    case 503:
        return error(status, u"NotEnoughResources"_s, message);
    default:
        return error(status, u"InternalServerError"_s, u"Internal Server Error"_s);
    }
}

std::variant<SearchPostsRequest, HttpAnswer> parseSearchPosts(const QueryItems &items)
{
    QString q, sort = u"latest"_s, since, until, lang, author, mentions, domain, url, cursor, limitText;
    QStringList tags;
    bool hasQ = false, hasLimit = false;
    // Unknown parameters are ignored, as the XRPC server does; repeated ones: the last wins
    // (tag accumulates).
    const std::pair<QStringView, QString *> fields[] { { u"q", &q }, { u"sort", &sort }, { u"since", &since },
        { u"until", &until }, { u"lang", &lang }, { u"author", &author }, { u"mentions", &mentions },
        { u"domain", &domain }, { u"url", &url }, { u"limit", &limitText }, { u"cursor", &cursor } };
    for (const auto &[key, value] : items) {
        if (key == u"tag"_s) {
            tags << value;
            continue;
        }
        for (const auto &[name, field] : fields) {
            if (key == name) {
                *field = value;
                break;
            }
        }
        hasQ = hasQ || key == u"q"_s;
        hasLimit = hasLimit || key == u"limit"_s;
    }
    if (!hasQ)
        return invalid(u"Error: Params must have the property \"q\""_s);
    if (q.trimmed().isEmpty())
        return error(400, u"BadQueryString"_s, u"Error: q must not be empty"_s);
    if (q.size() > kMaxQueryLength)
        return error(
            400, u"BadQueryString"_s, u"Error: q must not be longer than %1 characters"_s.arg(kMaxQueryLength));
    int limit = kDefaultLimit;
    if (hasLimit) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok)
            return invalid(u"Error: limit must be an integer"_s);
        if (limit < kMinLimit)
            return invalid(u"Error: limit can not be less than %1"_s.arg(kMinLimit));
        if (limit > kMaxLimit)
            return invalid(u"Error: limit can not be greater than %1"_s.arg(kMaxLimit));
    }
    if (sort != u"latest"_s && sort != u"top"_s)
        return invalid(u"Error: sort must be one of \"top\" or \"latest\""_s);

    Translation t;
    translateQuery(q, t);
    if (!since.isEmpty()) {
        const auto ms = parseDatetime(since);
        if (!ms)
            return invalid(u"Error: since must be a valid datetime or date (YYYY-MM-DD)"_s);
        t.since = ms;
    }
    if (!until.isEmpty()) {
        const auto ms = parseDatetime(until);
        if (!ms)
            return invalid(u"Error: until must be a valid datetime or date (YYYY-MM-DD)"_s);
        t.until = ms;
    }
    if (!lang.isEmpty()) {
        static const QRegularExpression re(u"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"_s);
        if (!re.match(lang).hasMatch())
            return invalid(u"Error: lang must be a valid language"_s);
        t.clauses << u"lang:"_s + lang.section(u'-', 0, 1);
    }
    if (!author.isEmpty()) {
        const auto who = accountValue(author, true);
        if (!who)
            return invalid(u"Error: author must be a valid did or a handle"_s);
        if (who->isEmpty())
            t.noMatch = true;
        else
            t.clauses << u"from:"_s + *who;
    }
    if (!mentions.isEmpty()) {
        const auto who = accountValue(mentions, false);
        if (!who)
            return invalid(u"Error: mentions must be a valid did or a handle"_s);
        if (who->isEmpty())
            t.noMatch = true;
        else
            t.clauses << u'@' + *who;
    }
    if (!domain.isEmpty()) {
        if (domain.contains(u'/') || domain.contains(u' ') || domain.contains(u'"'))
            return invalid(u"Error: domain must be a hostname"_s);
        t.clauses << u"url:"_s + quotedPhrase(domain);
    }
    if (!url.isEmpty()) {
        const QUrl u(url, QUrl::StrictMode);
        if (!u.isValid() || u.scheme().isEmpty())
            return invalid(u"Error: url must be a valid uri"_s);
        t.clauses << u"url:"_s + quotedPhrase(url);
    }
    if (tags.size() > kMaxTags)
        return invalid(u"Error: at most %1 tag values"_s.arg(kMaxTags));
    for (const QString &tag : std::as_const(tags)) {
        QString v = tag.startsWith(u'#') ? tag.mid(1) : tag;
        if (v.isEmpty() || v.toUtf8().size() > kMaxTagBytes || codePointCount(v) > 64)
            return invalid(u"Error: tag must be 1 to 64 graphemes (640 bytes) long"_s);
        t.clauses << u'#' + v;
    }
    if (t.since && t.until && *t.since >= *t.until)
        t.noMatch = true;

    SearchPostsRequest out;
    out.noMatch = t.noMatch;
    // Reposts are not posts: searchPosts never returns them.
    out.params.query = u"("_s + t.clauses.join(u' ') + u") -is:retweet"_s;
    out.params.maxQueryLength = 4 * kMaxQueryLength;
    out.params.startMs = t.since;
    out.params.endMs = t.until;
    out.params.maxResults = limit;
    out.params.pageToken = cursor;
    out.params.relevancy = sort == u"top"_s;
    if (t.clauses.isEmpty() && !out.noMatch)
        return error(400, u"BadQueryString"_s,
            u"Error: the local archive needs a word, phrase, #tag, author or mention to search for"_s);
    return out;
}

QString postUriFor(const Tweet &t)
{
    if (t.format == TweetFormat::Bluesky)
        return atproto::postUri(t);
    return uriFor(didForAuthor(t.authorId), t.id, t.createdAtMs);
}

QByteArray renderPostView(const StoredTweet &stored)
{
    const Tweet &t = stored.tweet;
    if (stored.rawFormat == TweetFormat::Bluesky && !t.rawJson.isEmpty())
        return t.rawJson;
    const QString did = didForAuthor(t.authorId);
    const QString uri = uriFor(did, t.id, t.createdAtMs);
    const QString created = atproto::datetime(t.createdAtMs);
    QList<FacetOut> facets;
    QStringList unplacedLinks;
    const QString text = postText(t, facets, &unplacedLinks);

    JsonWriter w(1024);
    w.beginObject();
    w.field("uri", uri);
    w.field("cid", atproto::cidFor((uri + u'\n' + text).toUtf8()));
    writeAuthor(w, did, handleOf(t), t.authorName);

    w.key("record").beginObject();
    w.field("$type", QLatin1StringView("app.bsky.feed.post"));
    w.field("text", text);
    w.field("createdAt", created);
    if (!t.lang.isEmpty())
        w.key("langs").beginArray().value(t.lang).endArray();
    if (!facets.isEmpty()) {
        w.key("facets").beginArray();
        for (const FacetOut &f : std::as_const(facets)) {
            w.beginObject();
            w.key("index").beginObject().field("byteStart", f.byteStart).field("byteEnd", f.byteEnd).endObject();
            w.key("features").beginArray().beginObject();
            if (qstrcmp(f.type, "tag") == 0) {
                w.field("$type", QLatin1StringView("app.bsky.richtext.facet#tag")).field("tag", f.value);
            } else if (qstrcmp(f.type, "mention") == 0) {
                w.field("$type", QLatin1StringView("app.bsky.richtext.facet#mention"))
                    .field("did", seedDid("user:", f.value.toLower()));
            } else {
                w.field("$type", QLatin1StringView("app.bsky.richtext.facet#link")).field("uri", f.value);
            }
            w.endObject().endArray();
            w.endObject();
        }
        w.endArray();
    }
    QString parentUri, quotedUri;
    if (!t.inReplyToStatusId.isEmpty()) {
        const QString parentDid
            = t.inReplyToUserId.isEmpty() ? seedDid("tweet:", t.inReplyToStatusId) : didForAuthor(t.inReplyToUserId);
        parentUri = uriFor(parentDid, t.inReplyToStatusId, snowflakeMs(t.inReplyToStatusId));
        const bool rootIsParent = t.conversationId.isEmpty() || t.conversationId == t.inReplyToStatusId;
        const QString rootUri = rootIsParent
            ? parentUri
            : uriFor(seedDid("tweet:", t.conversationId), t.conversationId, snowflakeMs(t.conversationId));
        w.key("reply").beginObject();
        writeRef(w, "root", rootUri);
        writeRef(w, "parent", parentUri);
        w.endObject();
    }
    const QStringList images = t.mediaUrls.mid(0, kMaxImages);
    if (!t.quotedId.isEmpty()) {
        quotedUri = uriFor(seedDid("tweet:", t.quotedId), t.quotedId, snowflakeMs(t.quotedId));
        if (images.isEmpty()) {
            w.key("embed").beginObject().field("$type", QLatin1StringView("app.bsky.embed.record"));
            writeRef(w, "record", quotedUri);
            w.endObject();
        } else {
            // A quote with images: one embed holds both.
            w.key("embed").beginObject().field("$type", QLatin1StringView("app.bsky.embed.recordWithMedia"));
            w.key("record").beginObject().field("$type", QLatin1StringView("app.bsky.embed.record"));
            writeRef(w, "record", quotedUri);
            w.endObject();
            writeImagesRecord(w, "media", images);
            w.endObject();
        }
    } else if (!images.isEmpty()) {
        writeImagesRecord(w, "embed", images);
    } else if (!unplacedLinks.isEmpty()) {
        // A link the text does not show: the post's link card (one embed per post).
        writeExternal(w, "app.bsky.embed.external", unplacedLinks.constFirst());
    }
    w.endObject(); // record

    if (!quotedUri.isEmpty()) {
        const bool withMedia = !images.isEmpty();
        if (withMedia) {
            w.key("embed").beginObject().field("$type", QLatin1StringView("app.bsky.embed.recordWithMedia#view"));
            w.key("record").beginObject().field("$type", QLatin1StringView("app.bsky.embed.record#view"));
        } else {
            w.key("embed").beginObject().field("$type", QLatin1StringView("app.bsky.embed.record#view"));
        }
        w.key("record").beginObject();
        if (t.quotedText.isEmpty()) {
            w.field("$type", QLatin1StringView("app.bsky.embed.record#viewNotFound"))
                .field("uri", quotedUri)
                .field("notFound", true);
        } else {
            const qint64 quotedMs = snowflakeMs(t.quotedId) > 0 ? snowflakeMs(t.quotedId) : t.createdAtMs;
            w.field("$type", QLatin1StringView("app.bsky.embed.record#viewRecord"))
                .field("uri", quotedUri)
                .field("cid", atproto::cidFor(quotedUri.toUtf8()));
            writeAuthor(w, seedDid("tweet:", t.quotedId), u"handle.invalid"_s, QString());
            w.key("value")
                .beginObject()
                .field("$type", QLatin1StringView("app.bsky.feed.post"))
                .field("text", leftCodePoints(t.quotedText, kMaxTextCodePoints))
                .field("createdAt", atproto::datetime(quotedMs))
                .endObject();
            w.field("indexedAt", atproto::datetime(quotedMs));
        }
        w.endObject().endObject();
        if (withMedia) {
            writeImagesView(w, "media", images);
            w.endObject();
        }
    } else if (!images.isEmpty()) {
        writeImagesView(w, "embed", images);
    }
    if (quotedUri.isEmpty() && images.isEmpty() && !unplacedLinks.isEmpty()) {
        writeExternal(w, "app.bsky.embed.external#view", unplacedLinks.constFirst());
    }
    w.field("replyCount", t.replyCount);
    w.field("repostCount", t.retweetCount);
    w.field("likeCount", t.likeCount);
    w.field("quoteCount", t.quoteCount);
    w.field("indexedAt", created);
    w.key("labels").beginArray().endArray();
    w.endObject();
    return w.take();
}

QByteArray renderSearchPosts(const QList<StoredTweet> &tweets, const QString &cursor)
{
    JsonWriter w(1024 + 1200 * tweets.size());
    w.beginObject();
    if (!cursor.isEmpty())
        w.field("cursor", cursor);
    w.key("posts").beginArray();
    for (const StoredTweet &s : tweets)
        w.raw(renderPostView(s));
    w.endArray();
    w.endObject();
    return w.take();
}

// ---------- sessions ----------

Sessions::Sessions(Options options)
    : m_options(std::move(options))
{ }

QByteArray Sessions::makeToken(const char *scope, const QString &did, qint64 nowMs, qint64 ttlMs)
{
    // JWT-shaped (header.payload.signature, base64url), as clients may read exp from it; the
    // signature is random: the service knows its tokens by value.
    const QByteArray header = QByteArrayLiteral("{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}");
    QJsonObject payload { { u"scope"_s, QLatin1StringView(scope) }, { u"sub"_s, did }, { u"iat"_s, nowMs / 1000 },
        { u"exp"_s, (nowMs + ttlMs + 999) / 1000 } };
    QByteArray random(32, '\0');
    QRandomGenerator::system()->generate(random.begin(), random.end());
    const auto b64 = [](const QByteArray &b) {
        return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return b64(header) + '.' + b64(QJsonDocument(payload).toJson(QJsonDocument::Compact)) + '.' + b64(random);
}

HttpAnswer Sessions::issue(const QString &did, const QString &handle, qint64 nowMs)
{
    const QByteArray access = makeToken("com.atproto.access", did, nowMs, m_options.accessTtlMs);
    const QByteArray refresh = makeToken("com.atproto.refresh", did, nowMs, m_options.refreshTtlMs);
    for (const auto &[token, isRefresh, ttl] :
        { std::tuple { access, false, m_options.accessTtlMs }, std::tuple { refresh, true, m_options.refreshTtlMs } }) {
        while (m_tokens.size() >= 2 * kMaxSessions && !m_order.isEmpty())
            m_tokens.remove(m_order.takeFirst());
        m_tokens.insert(token, Token { nowMs + ttl, did, handle, isRefresh });
        m_order.append(token);
    }
    JsonWriter w(1024);
    w.beginObject()
        .field("accessJwt", QString::fromLatin1(access))
        .field("refreshJwt", QString::fromLatin1(refresh))
        .field("handle", handle)
        .field("did", did)
        .field("active", true)
        .endObject();
    return HttpAnswer::json(200, w.take());
}

HttpAnswer Sessions::create(const QByteArray &body, qint64 nowMs)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return invalid(u"Request body must be a JSON object"_s);
    const QJsonObject o = doc.object();
    if (!o.value(u"identifier"_s).isString())
        return invalid(u"Input must have the property \"identifier\""_s);
    if (!o.value(u"password"_s).isString())
        return invalid(u"Input must have the property \"password\""_s);
    const QString identifier = o.value(u"identifier"_s).toString().trimmed();
    const QString password = o.value(u"password"_s).toString();
    const QString wanted = m_options.identifier;
    const bool identifierOk = wanted.isEmpty() || identifier.compare(wanted, Qt::CaseInsensitive) == 0;
    // Compared in constant time, whatever matches first.
    const QByteArray a = password.toUtf8(), b = m_options.password.toUtf8();
    unsigned diff = unsigned(a.size() ^ b.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= unsigned(uchar(a[i]) ^ uchar(i < b.size() ? b[i] : 0));
    const bool passwordOk = m_options.password.isEmpty() || diff == 0;
    if (identifier.isEmpty() || !identifierOk || !passwordOk)
        return error(401, u"AuthenticationRequired"_s, u"Invalid identifier or password"_s);
    QString handle = identifier.startsWith(u"did:"_s) ? u"local.bsky.social"_s : identifier.toLower();
    if (!atproto::isValidHandle(handle))
        handle = u"local.bsky.social"_s;
    const QString did = identifier.startsWith(u"did:"_s) && atproto::isValidDid(identifier)
        ? identifier
        : seedDid("session:", handle);
    return issue(did, handle, nowMs);
}

HttpAnswer Sessions::refresh(const QByteArray &authorization, qint64 nowMs)
{
    if (!authorization.startsWith("Bearer "))
        return error(401, u"AuthMissing"_s, u"Authentication Required"_s);
    const QByteArray token = authorization.mid(7).trimmed();
    const auto it = m_tokens.constFind(token);
    if (it == m_tokens.cend() || !it->refresh)
        return error(400, u"InvalidToken"_s, u"Token could not be verified"_s);
    if (it->expiresMs <= nowMs)
        return error(400, u"ExpiredToken"_s, u"Token has expired"_s);
    const Token session = *it;
    m_tokens.remove(token); // a refresh token is used once
    m_order.removeOne(token);
    return issue(session.did, session.handle, nowMs);
}

std::optional<HttpAnswer> Sessions::check(const QByteArray &authorization, qint64 nowMs) const
{
    if (!authorization.startsWith("Bearer "))
        return error(401, u"AuthMissing"_s, u"Authentication Required"_s);
    const auto it = m_tokens.constFind(authorization.mid(7).trimmed());
    if (it == m_tokens.cend() || it->refresh)
        return error(400, u"InvalidToken"_s, u"Token could not be verified"_s);
    if (it->expiresMs <= nowMs)
        return error(400, u"ExpiredToken"_s, u"Token has expired"_s);
    return std::nullopt;
}

} // namespace ts::archive::bluesky
