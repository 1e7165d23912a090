// SPDX-License-Identifier: MIT
#include "atproto.h"

#include "tweet.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace ts::atproto {

namespace {

constexpr char kSortable[] = "234567abcdefghijklmnopqrstuvwxyz";
constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr int kDidChars = 24;
constexpr int kDidIdChars = 13; ///< 65 bits: a 64-bit user id
constexpr QLatin1StringView kPostCollection("app.bsky.feed.post");
constexpr QLatin1StringView kHandleSuffix(".bsky.social");
constexpr QLatin1StringView kWrappedSuffix(".u.bsky.social");

int base32Value(QChar c)
{
    const ushort u = c.unicode();
    if (u >= 'a' && u <= 'z')
        return u - 'a';
    if (u >= '2' && u <= '7')
        return 26 + (u - '2');
    return -1;
}

quint64 didMix(const QString &did)
{
    return fnv1a(did.toUtf8()) & 0x3ff;
}

} // namespace

quint64 fnv1a(QByteArrayView bytes)
{
    quint64 h = 0xcbf29ce484222325ull;
    for (char c : bytes)
        h = (h ^ uchar(c)) * 0x100000001b3ull;
    return h;
}

QString tidString(quint64 tid)
{
    QString out(13, u'2');
    for (int i = 12; i >= 0; --i) {
        out[i] = QLatin1Char(kSortable[tid & 31]);
        tid >>= 5;
    }
    return out;
}

std::optional<quint64> parseTid(QStringView s)
{
    // 13 characters; the first one carries the top bit, which is always 0.
    if (s.size() != 13)
        return std::nullopt;
    quint64 v = 0;
    for (qsizetype i = 0; i < 13; ++i) {
        const ushort u = s[i].unicode();
        int digit = -1;
        if (u >= '2' && u <= '7')
            digit = u - '2';
        else if (u >= 'a' && u <= 'z')
            digit = 6 + (u - 'a');
        if (digit < 0 || (i == 0 && digit >= 16))
            return std::nullopt;
        v = (v << 5) | quint64(digit);
    }
    return v;
}

std::optional<PostUri> parsePostUri(QStringView uri)
{
    if (!uri.startsWith(QLatin1StringView("at://")))
        return std::nullopt;
    const QStringView rest = uri.mid(5);
    const qsizetype a = rest.indexOf(u'/');
    if (a <= 0)
        return std::nullopt;
    const qsizetype b = rest.indexOf(u'/', a + 1);
    if (b <= a + 1 || b + 1 >= rest.size() || rest.indexOf(u'/', b + 1) >= 0)
        return std::nullopt;
    return PostUri { rest.left(a).toString(), rest.mid(a + 1, b - a - 1).toString(), rest.mid(b + 1).toString() };
}

std::optional<quint64> postKey(QStringView uri, qint64 createdAtMs)
{
    const auto parts = parsePostUri(uri);
    if (!parts)
        return std::nullopt;
    if (const auto tid = parseTid(parts->rkey); tid && *tid < kHashedBit)
        return kKeyBit | (*tid ^ didMix(parts->did));
    const quint64 ms = quint64(std::max<qint64>(createdAtMs, 0)) & ((quint64(1) << 41) - 1);
    return kKeyBit | kHashedBit | (ms << 20) | (fnv1a(uri.toUtf8()) & 0xfffff);
}

bool isPostKey(quint64 key)
{
    return (key & kKeyBit) != 0 && key < (quint64(1) << 63);
}

QString postUri(quint64 key, const QString &did)
{
    if (!isPostKey(key) || (key & kHashedBit) || did.isEmpty())
        return {};
    const quint64 tid = (key & (kHashedBit - 1)) ^ didMix(did);
    return QLatin1StringView("at://") + did + u'/' + kPostCollection + u'/' + tidString(tid);
}

QString postUri(const Tweet &t)
{
    if (t.format != TweetFormat::Bluesky)
        return {};
    bool ok = false;
    const quint64 key = t.id.toULongLong(&ok);
    if (ok) {
        const QString uri = postUri(key, t.authorId);
        if (!uri.isEmpty())
            return uri;
    }
    return QJsonDocument::fromJson(t.rawJson).object().value(QLatin1StringView("uri")).toString();
}

QString webUrl(const Tweet &t)
{
    const auto parts = parsePostUri(postUri(t));
    if (!parts)
        return {};
    const QString who = isValidHandle(t.authorUsername) ? t.authorUsername : parts->did;
    return QLatin1StringView("https://bsky.app/profile/") + who + QLatin1StringView("/post/") + parts->rkey;
}

QString base32(QByteArrayView bytes)
{
    QString out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (char c : bytes) {
        buffer = (buffer << 8) | uchar(c);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(kBase32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(kBase32[(buffer << (5 - bits)) & 31]);
    return out;
}

namespace {
QString cidOf(QByteArrayView content, char codec)
{
    QByteArray bytes("\x01", 1);
    bytes += codec;
    bytes += QByteArrayView("\x12\x20", 2);
    bytes += QCryptographicHash::hash(content, QCryptographicHash::Sha256);
    return u'b' + base32(bytes);
}
} // namespace

QString cidFor(QByteArrayView content)
{
    return cidOf(content, '\x71');
}

QString blobCidFor(QByteArrayView content)
{
    return cidOf(content, '\x55');
}

bool isValidCid(QStringView s)
{
    // b + base32 of 36 bytes = 1 + 58 characters.
    if (s.size() != 59 || s[0] != u'b')
        return false;
    QByteArray bytes;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar c : s.mid(1)) {
        const int v = base32Value(c);
        if (v < 0)
            return false;
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            bytes += char((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return bytes.size() == 36 && bytes[0] == 0x01 && (bytes[1] == 0x71 || bytes[1] == 0x55) && bytes[2] == 0x12
        && bytes[3] == 0x20;
}

QString didForUserId(quint64 userId)
{
    // 11 characters of a hash (DIDs do not all start alike), then the id in 13 characters.
    QByteArray idBytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        idBytes[7 - i] = char((userId >> (8 * i)) & 0xff);
    const QString hash
        = base32(QCryptographicHash::hash(idBytes, QCryptographicHash::Sha256)).left(kDidChars - kDidIdChars);
    QString id;
    quint64 v = userId;
    for (int i = 0; i < kDidIdChars; ++i) {
        id.prepend(QLatin1Char(kBase32[v & 31]));
        v >>= 5;
    }
    return QLatin1StringView("did:plc:") + hash + id;
}

std::optional<quint64> userIdFromDid(QStringView did)
{
    if (!did.startsWith(QLatin1StringView("did:plc:")) || did.size() != 8 + kDidChars)
        return std::nullopt;
    quint64 v = 0;
    const QStringView id = did.right(kDidIdChars);
    for (qsizetype i = 0; i < id.size(); ++i) {
        const int c = base32Value(id[i]);
        if (c < 0 || (i == 0 && c > 1))
            return std::nullopt;
        v = (v << 5) | quint64(c);
    }
    if (didForUserId(v) != did)
        return std::nullopt;
    return v;
}

QString didForSeed(QByteArrayView seed)
{
    return QLatin1StringView("did:plc:")
        + base32(QCryptographicHash::hash(seed, QCryptographicHash::Sha256)).left(kDidChars);
}

bool isValidDid(QStringView s)
{
    // did:<method>:<id>; the id part [A-Za-z0-9._:%-], not ending with ':' (atproto DID syntax).
    if (!s.startsWith(QLatin1StringView("did:")) || s.size() > 2048)
        return false;
    const qsizetype colon = s.indexOf(u':', 4);
    if (colon <= 4 || colon + 1 >= s.size() || s.endsWith(u':'))
        return false;
    for (QChar c : s.mid(4, colon - 4)) {
        if (!(c >= u'a' && c <= u'z'))
            return false;
    }
    for (QChar c : s.mid(colon + 1)) {
        if (!(c.unicode() < 128
                && (c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u':' || c == u'%' || c == u'-')))
            return false;
    }
    if (s.startsWith(QLatin1StringView("did:plc:"))) {
        if (s.size() != 8 + kDidChars)
            return false;
        for (QChar c : s.mid(8)) {
            if (base32Value(c) < 0)
                return false;
        }
    }
    return true;
}

QString handleForUsername(const QString &username)
{
    QString label = username.toLower();
    label.replace(u'_', u'-');
    if (label.isEmpty() || label.startsWith(u'-') || label.endsWith(u'-'))
        return u'u' + label + u'u' + kWrappedSuffix;
    return label + kHandleSuffix;
}

std::optional<QString> usernameFromHandle(QStringView handle)
{
    QString h = handle.toString().toLower();
    if (h.startsWith(u'@'))
        h.remove(0, 1);
    QString label;
    if (h.endsWith(kWrappedSuffix)) {
        label = h.chopped(kWrappedSuffix.size());
        if (label.size() < 2 || !label.startsWith(u'u') || !label.endsWith(u'u'))
            return std::nullopt;
        label = label.mid(1, label.size() - 2);
    } else if (h.endsWith(kHandleSuffix)) {
        label = h.chopped(kHandleSuffix.size());
    } else {
        return std::nullopt;
    }
    if (label.contains(u'.') || label.contains(u'_'))
        return std::nullopt;
    for (QChar c : std::as_const(label)) {
        if (!(c == u'-' || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')))
            return std::nullopt;
    }
    label.replace(u'-', u'_');
    return label;
}

bool isValidHandle(QStringView s)
{
    if (s.isEmpty() || s.size() > 253)
        return false;
    const auto labels = s.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const QStringView label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (QChar c : label) {
            const ushort u = c.unicode();
            if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-'))
                return false;
        }
    }
    const QChar tldFirst = labels.back().front();
    return !(tldFirst >= u'0' && tldFirst <= u'9');
}

QString datetime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

} // namespace ts::atproto
