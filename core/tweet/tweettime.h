// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <optional>
#include <string_view>

namespace ts {

/**
 * Timestamps as tweet payloads write them, parsed by hand (QDateTime::fromString is
 * two orders of magnitude slower and this runs once per tweet).
 *
 * Accepts the three forms the APIs use:
 *  - v1.1 `created_at`: "Wed May 24 20:35:57 +0000 2017"
 *  - ISO 8601 with milliseconds (v2 `created_at`, Gnip `postedTime`): "2017-05-24T20:35:57.000Z"
 *  - ISO 8601 without fraction or with an offset: "2021-05-19T15:26:17+00:00"
 * Returns milliseconds since the Unix epoch (UTC), or nullopt when the text is none of these.
 */
std::optional<qint64> parseTweetTimestamp(std::string_view text);

/// Creation time encoded in a snowflake tweet id (ids from Nov 2010 on), or nullopt for
/// older ids and non-numbers.
std::optional<qint64> snowflakeTimestamp(std::string_view id);

/// Appends "YYYY-MM-DDTHH:MM:SS.mmmZ" (24 bytes) for msSinceEpoch to out.
void appendIsoTimestamp(char *out24, qint64 msSinceEpoch);

} // namespace ts
