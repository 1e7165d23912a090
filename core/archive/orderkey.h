// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// The archive's order keys (tweets.sort_key, the full-text rowid): ORDER BY key DESC is
/// reverse-chronological. See the schema comment in archiveschema.cpp.
namespace ts::archive::orderkey {

constexpr qint64 Twepoch = 1288834974657LL;
constexpr qint64 LowBits = 22;
constexpr qint64 LowMask = (1LL << LowBits) - 1;

/// The smallest key a tweet created at ms can have.
constexpr qint64 lowerBoundForTime(qint64 ms)
{
    return (ms - Twepoch) * (qint64(1) << LowBits);
}

/// The tweet id when it is a snowflake of createdAtMs (every tweet since 2010), else a key
/// built from the time and the id's low bits. A collision moves the key up at insert time.
constexpr qint64 preferred(qint64 id, qint64 createdAtMs)
{
    const qint64 idMs = (id >> LowBits) + Twepoch;
    if (id > (qint64(1) << 32) && idMs >= createdAtMs && idMs < createdAtMs + 1000)
        return id;
    return lowerBoundForTime(createdAtMs) + (id & LowMask);
}

} // namespace ts::archive::orderkey
