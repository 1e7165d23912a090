// SPDX-License-Identifier: MIT
#include "rowbatch.h"

#include "archiveschema.h"
#include "ftstags.h"
#include "orderkey.h"

#include <algorithm>

namespace ts::archive {

namespace {

bool isImageUrl(const QString &u)
{
    static const QLatin1String exts[] = { QLatin1String(".jpg"), QLatin1String(".jpeg"), QLatin1String(".png"),
        QLatin1String(".gif"), QLatin1String(".webp") };
    if (u.contains(QLatin1String("pbs.twimg.com/media/")))
        return true;
    for (const auto &e : exts) {
        if (u.endsWith(e, Qt::CaseInsensitive) || u.contains(e + u'?', Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool allDigits(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return false;
    }
    return true;
}

/// The username a retweet's text names ("RT @user: ..."), empty otherwise.
QStringView retweetedUser(QStringView text)
{
    if (!text.startsWith(QLatin1String("RT @")))
        return {};
    const qsizetype colon = text.indexOf(u':', 4);
    if (colon < 0)
        return {};
    const QStringView name = text.sliced(4, colon - 4);
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() || c == u'_'))
            return {};
    }
    return name;
}

/// Appends one tag token: the same bytes as the tags:: functions of ftstags.h produce (which
/// the query compiler uses), without their temporary strings for the usual ASCII values.
void hexTag(QByteArray &out, const char *prefix, QStringView value)
{
    static constexpr char hex[] = "0123456789abcdef";
    bool ascii = true;
    for (QChar c : value)
        ascii = ascii && c.unicode() < 0x80;
    if (!out.isEmpty())
        out += ' ';
    if (!ascii) {
        out += tags::hexTag(QLatin1String(prefix), value).toLatin1();
        return;
    }
    out += prefix;
    const qsizetype at = out.size();
    out.resize(at + value.size() * 2);
    char *p = out.data() + at;
    for (QChar c : value) {
        char ch = char(c.unicode());
        if (ch >= 'A' && ch <= 'Z')
            ch = char(ch - 'A' + 'a');
        *p++ = hex[(uchar(ch) >> 4) & 0xf];
        *p++ = hex[uchar(ch) & 0xf];
    }
}

void idTag(QByteArray &out, const char *prefix, QStringView digits)
{
    if (!out.isEmpty())
        out += ' ';
    out += prefix;
    for (QChar c : digits)
        out += char(c.unicode());
}

void flag(QByteArray &out, const char *name)
{
    if (!out.isEmpty())
        out += ' ';
    out += 'x';
    out += name;
}

} // namespace

void RowBatch::clear()
{
    m_cells.clear();
    m_keys.clear();
    m_buffer.resize(0);
    m_error.clear();
}

RowBuilder::RowBuilder()
    : m_utf8(QStringEncoder::Utf8, QStringConverter::Flag::Stateless)
{ }

void RowBuilder::append(const QList<Tweet> &tweets, RowBatch &batch)
{
    for (const Tweet &t : tweets) {
        if (!t.authorId.isEmpty() && !t.authorUsername.isEmpty() && m_userNames.size() < 2000000) {
            auto it = m_userNames.find(t.authorId);
            if (it == m_userNames.end() || *it != t.authorUsername) {
                m_userNames.insert(t.authorId, t.authorUsername);
                m_userIds.insert(t.authorUsername.toLower(), t.authorId);
            }
        }
    }
    batch.m_cells.reserve(batch.m_cells.size() + size_t(tweets.size()) * RowBatch::Cells);
    batch.m_keys.reserve(batch.m_keys.size() + size_t(tweets.size()));
    batch.m_buffer.reserve(batch.m_buffer.size() + tweets.size() * 1024);
    // Rows go in ascending key order: FTS5 writes out its pending terms as a new index segment
    // whenever a row's key is below the previous row's, and SQLite appends to a b-tree fastest
    // in key order. API pages and twarc files are newest first, so a batch usually arrives
    // reversed. Tweets with the same key keep their order (the first of two copies is the one
    // stored).
    m_order.clear();
    m_order.reserve(size_t(tweets.size()));
    for (qsizetype i = 0; i < tweets.size(); ++i) {
        const Tweet &t = tweets.at(i);
        bool ok = false;
        qint64 id = t.id.toLongLong(&ok);
        if (!ok || id < 0)
            id = -1;
        m_order.emplace_back(id >= 0 ? orderkey::preferred(id, t.createdAtMs) : 0, i, id);
    }
    if (!std::is_sorted(m_order.begin(), m_order.end()))
        std::sort(m_order.begin(), m_order.end());
    for (const auto &[key, i, id] : m_order)
        appendOne(tweets.at(i), id, key, batch);
}

void RowBuilder::utf8(QByteArray &buffer, QStringView s)
{
    const qsizetype at = buffer.size();
    buffer.resize(at + m_utf8.requiredSpace(s.size()));
    char *end = m_utf8.appendToBuffer(buffer.data() + at, s);
    buffer.resize(end - buffer.constData());
}

void RowBuilder::bytesFrom(RowBatch &batch, qsizetype at, RowBatch::Cell::Kind kind)
{
    RowBatch::Cell c;
    c.kind = kind;
    c.offset = at;
    c.size = quint32(batch.m_buffer.size() - at);
    batch.m_cells.push_back(c);
}

void RowBuilder::text(RowBatch &batch, QStringView s, bool nullWhenEmpty)
{
    if (s.isEmpty() && nullWhenEmpty) {
        batch.m_cells.push_back(RowBatch::Cell {});
        return;
    }
    const qsizetype at = batch.m_buffer.size();
    utf8(batch.m_buffer, s);
    bytesFrom(batch, at, RowBatch::Cell::Text);
}

void RowBuilder::lines(RowBatch &batch, const QStringList &list)
{
    if (list.isEmpty()) {
        batch.m_cells.push_back(RowBatch::Cell {});
        return;
    }
    const qsizetype at = batch.m_buffer.size();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            batch.m_buffer += schema::kListSeparator;
        utf8(batch.m_buffer, list.at(i));
    }
    bytesFrom(batch, at, RowBatch::Cell::Text);
}

void RowBuilder::integer(RowBatch &batch, qint64 v)
{
    RowBatch::Cell c;
    c.kind = RowBatch::Cell::Int;
    c.integer = v;
    batch.m_cells.push_back(c);
}

void RowBuilder::real(RowBatch &batch, std::optional<double> v)
{
    RowBatch::Cell c;
    if (v) {
        c.kind = RowBatch::Cell::Real;
        c.real = *v;
    }
    batch.m_cells.push_back(c);
}

void RowBuilder::tags(const Tweet &t, bool hasImages, bool hasGeo)
{
    QByteArray &out = m_tags;
    out.resize(0);
    flag(out, "all");
    for (const QString &x : t.hashtags)
        hexTag(out, "h", x);
    for (const QString &x : t.mentions)
        hexTag(out, "m", x);
    for (const QString &x : t.cashtags)
        hexTag(out, "c", x);
    if (!t.authorUsername.isEmpty())
        hexTag(out, "f", t.authorUsername);
    if (allDigits(t.authorId))
        idTag(out, "fi", t.authorId);
    if (allDigits(t.inReplyToUserId)) {
        idTag(out, "ti", t.inReplyToUserId);
        const auto known = m_userNames.constFind(t.inReplyToUserId);
        QStringView name;
        if (known != m_userNames.cend())
            name = *known;
        if (name.isEmpty() && !t.mentions.isEmpty())
            name = t.mentions.front(); // replies name their target first
        if (!name.isEmpty())
            hexTag(out, "t", name);
    }
    if (t.type == TweetType::Retweet) {
        const QStringView rtUser = retweetedUser(t.text);
        if (!rtUser.isEmpty())
            hexTag(out, "r", rtUser);
        // The retweeted author's id: the payload's when it has it, else one learned from the
        // author's own tweets earlier in the load.
        if (allDigits(t.retweetedAuthorId)) {
            idTag(out, "ri", t.retweetedAuthorId);
        } else if (!rtUser.isEmpty()) {
            const QString rtUserId = m_userIds.value(rtUser.toString().toLower());
            if (!rtUserId.isEmpty())
                idTag(out, "ri", rtUserId);
        }
    }
    if (allDigits(t.conversationId))
        idTag(out, "v", t.conversationId);
    if (allDigits(t.inReplyToStatusId))
        idTag(out, "ir", t.inReplyToStatusId);
    if (allDigits(t.retweetedId))
        idTag(out, "rt", t.retweetedId);
    if (allDigits(t.quotedId))
        idTag(out, "qt", t.quotedId);
    if (!t.lang.isEmpty())
        hexTag(out, "l", t.lang);
    if (!t.placeCountryCode.isEmpty())
        hexTag(out, "k", t.placeCountryCode);
    switch (t.type) {
    case TweetType::Retweet:
        flag(out, "retweet");
        break;
    case TweetType::Quote:
        flag(out, "quote");
        break;
    case TweetType::Reply:
        flag(out, "reply");
        break;
    case TweetType::Tweet:
        break;
    }
    // A quote or retweet that also replies still answers is:reply.
    if (t.type != TweetType::Reply && !t.inReplyToStatusId.isEmpty())
        flag(out, "reply");
    if (t.authorVerified)
        flag(out, "verified");
    if (!t.urls.isEmpty())
        flag(out, "links");
    if (!t.mediaUrls.isEmpty())
        flag(out, "media");
    if (hasImages)
        flag(out, "images");
    if (!t.mediaUrls.isEmpty() && !hasImages)
        flag(out, "videos");
    if (!t.hashtags.isEmpty())
        flag(out, "hashtags");
    if (!t.mentions.isEmpty())
        flag(out, "mentions");
    if (!t.cashtags.isEmpty())
        flag(out, "cashtags");
    if (hasGeo)
        flag(out, "geo");
}

void RowBuilder::appendOne(const Tweet &t, qint64 id, qint64 key, RowBatch &batch)
{
    if (id < 0) {
        if (batch.m_error.isEmpty())
            batch.m_error = QStringLiteral("tweet id '%1' is not a 64-bit number").arg(t.id);
        return;
    }
    batch.m_keys.push_back(key);
    const size_t rowStart = batch.m_cells.size();

    bool hasImages = false;
    for (const QString &u : t.mediaUrls)
        hasImages = hasImages || isImageUrl(u);
    const bool hasGeo = t.coordinates.has_value() || !t.placeFullName.isEmpty() || !t.placeCountryCode.isEmpty();

    integer(batch, id);
    integer(batch, t.createdAtMs);
    integer(batch, int(t.format));
    integer(batch, int(t.type));
    text(batch, t.text, false);
    text(batch, t.allText, true);
    text(batch, t.authorId, true);
    text(batch, t.authorUsername, true);
    text(batch, t.authorName, true);
    integer(batch, t.authorFollowers);
    integer(batch, int(t.authorVerified));
    text(batch, t.lang, true);
    text(batch, t.inReplyToStatusId, true);
    text(batch, t.inReplyToUserId, true);
    text(batch, t.conversationId, true);
    text(batch, t.retweetedId, true);
    text(batch, t.retweetedText, true);
    text(batch, t.quotedId, true);
    text(batch, t.quotedText, true);
    integer(batch, t.likeCount);
    integer(batch, t.retweetCount);
    integer(batch, t.replyCount);
    integer(batch, t.quoteCount);
    integer(batch, int(!t.urls.isEmpty()));
    integer(batch, int(!t.mediaUrls.isEmpty()));
    integer(batch, int(hasImages));
    integer(batch, int(!t.hashtags.isEmpty()));
    integer(batch, int(!t.mentions.isEmpty()));
    integer(batch, int(!t.cashtags.isEmpty()));
    integer(batch, int(hasGeo));
    lines(batch, t.hashtags);
    lines(batch, t.cashtags);
    lines(batch, t.mentions);
    lines(batch, t.urls);
    lines(batch, t.mediaUrls);
    real(batch, t.coordinates ? std::optional<double>(t.coordinates->lat) : std::nullopt);
    real(batch, t.coordinates ? std::optional<double>(t.coordinates->lon) : std::nullopt);
    text(batch, t.placeFullName, true);
    text(batch, t.placeCountryCode, true);
    text(batch, t.source, true);
    lines(batch, t.matchingRules);
    if (t.rawJson.isEmpty()) {
        batch.m_cells.push_back(RowBatch::Cell {});
    } else {
        const qsizetype at = batch.m_buffer.size();
        batch.m_buffer += t.rawJson;
        bytesFrom(batch, at, RowBatch::Cell::Blob);
    }

    Q_ASSERT(batch.m_cells.size() == rowStart + RowBatch::TweetCells);
    // The full-text row: the text again (the cell above), the URLs, the tags.
    constexpr size_t textColumn = 4, urlsColumn = 33; // positions in the row's cells (id is 0)
    const RowBatch::Cell textCell = batch.m_cells[rowStart + textColumn];
    RowBatch::Cell urlsCell = batch.m_cells[rowStart + urlsColumn];
    if (urlsCell.kind == RowBatch::Cell::Null) { // the index gets an empty string, not NULL
        urlsCell.kind = RowBatch::Cell::Text;
        urlsCell.offset = 0;
        urlsCell.size = 0;
    }
    batch.m_cells.push_back(textCell);
    batch.m_cells.push_back(urlsCell);
    tags(t, hasImages, hasGeo);
    const qsizetype at = batch.m_buffer.size();
    batch.m_buffer += m_tags;
    bytesFrom(batch, at, RowBatch::Cell::Text);
}

} // namespace ts::archive
