// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace ts {
struct Tweet;
}

/**
 * AT Protocol (Bluesky) identifiers: TIDs, post URIs, CIDs, DIDs and handles, and the 64-bit
 * key that a Bluesky post has in Tweetscope's tables (docs/bluesky.md, "Post keys").
 *
 * The key of a post `at://<did>/app.bsky.feed.post/<rkey>` whose rkey is a TID is
 *
 *     bit 62 set | (TID ^ (fnv1a(did) & 0x3ff))
 *
 * A TID is (microseconds since 1970 << 10) | a 10-bit clock id, below 2^61 until 2041; the
 * DID's hash is mixed into the clock bits only, so keys sort by the post's time like X
 * snowflakes do, two authors' posts with the same TID get different keys, and the URI comes
 * back from the key and the author's DID (postUri()). X snowflakes stay below 2^62 until 2045.
 * A post whose rkey is not a TID gets bit 61 too, its creation time in milliseconds in bits
 * 20..60 and a hash of its URI in bits 0..19; its URI is then only in its raw JSON.
 */
namespace ts::atproto {

inline constexpr quint64 kKeyBit = quint64(1) << 62; ///< every Bluesky post key has it
inline constexpr quint64 kHashedBit = quint64(1) << 61; ///< keys of posts whose rkey is not a TID

/// 64-bit FNV-1a.
quint64 fnv1a(QByteArrayView bytes);

/// A TID's 13 characters (base32-sortable "234567abcdefghijklmnopqrstuvwxyz"), from its value.
QString tidString(quint64 tid);
/// The TID's value, nullopt when s is not a valid TID.
std::optional<quint64> parseTid(QStringView s);
/// (microseconds << 10) | (clockId & 0x3ff).
constexpr quint64 makeTid(qint64 micros, quint32 clockId)
{
    return (quint64(micros) << 10) | (clockId & 0x3ff);
}

/// The parts of an at:// URI of a post.
struct PostUri
{
    QString did; ///< the authority (a DID, or a handle)
    QString collection; ///< app.bsky.feed.post
    QString rkey;
};
std::optional<PostUri> parsePostUri(QStringView uri);

/// The post's 64-bit key (see above); createdAtMs is used only when the rkey is not a TID.
/// nullopt when uri is not an at:// URI with a record key.
std::optional<quint64> postKey(QStringView uri, qint64 createdAtMs);
bool isPostKey(quint64 key);
/// The at:// URI back from a key and its author's DID; empty for keys with kHashedBit.
QString postUri(quint64 key, const QString &did);
/// A tweet of format Bluesky: its at:// URI (from id and authorId, else from its raw JSON).
QString postUri(const Tweet &t);
/// https://bsky.app/profile/<handle or did>/post/<rkey>; empty when t is not a Bluesky post.
QString webUrl(const Tweet &t);

/// Lower-case RFC 4648 base32 without padding (as CIDs and did:plc use it).
QString base32(QByteArrayView bytes);
/// A CIDv1 string: 'b' + base32(0x01 dag-cbor(0x71) sha2-256(0x12) 32(0x20) + sha256(content)).
QString cidFor(QByteArrayView content);
/// The CID of a blob (an image): 'b' + base32(0x01 raw(0x55) sha2-256(0x12) 32(0x20) + sha256(content)).
QString blobCidFor(QByteArrayView content);
/// True when s is a CIDv1 in base32 with the dag-cbor or raw codec and a sha2-256 multihash.
bool isValidCid(QStringView s);

/// did:plc:<24 base32 characters> for a numeric X user id, reversible with userIdFromDid().
QString didForUserId(quint64 userId);
std::optional<quint64> userIdFromDid(QStringView did);
/// A did:plc: for something without a known author (hash of seed).
QString didForSeed(QByteArrayView seed);
bool isValidDid(QStringView s);

/// A handle for an X username: "<name>.bsky.social" with '_' as '-' (lower case); a name that
/// would start or end with '-' becomes "u<name>u.u.bsky.social". Reversible (usernameFromHandle).
QString handleForUsername(const QString &username);
/// The X username back from a handle made by handleForUsername(); nullopt for other handles.
std::optional<QString> usernameFromHandle(QStringView handle);
/// Handle syntax (atproto): labels of [a-z0-9-] not starting or ending with '-', at least two
/// labels, the last not starting with a digit, at most 253 characters.
bool isValidHandle(QStringView s);

/// "2024-05-31T12:34:56.789Z"
QString datetime(qint64 ms);

} // namespace ts::atproto
