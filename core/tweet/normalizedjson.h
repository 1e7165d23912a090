// SPDX-License-Identifier: MIT
#pragma once

#include "tweet.h"

#include <QByteArray>

namespace ts {

/**
 * The normalized form of a tweet that `tweetscope-cli parse` prints (docs/cli.md): one
 * compact JSON object with exactly these keys, in this order:
 * id, created_at (ISO 8601 UTC with milliseconds), format, type, text, all_text, author_id,
 * author_username, author_name, lang (null when empty), hashtags, mentions, urls, media_urls,
 * like_count, retweet_count, reply_count, quote_count, in_reply_to_status_id,
 * in_reply_to_user_id, retweeted_id, quoted_id (empty ids are null), source,
 * coordinates ({"lat","lon"} or null).
 *
 * Strings are UTF-8 with JSON escapes for quotes, backslashes and control characters only.
 */
QByteArray normalizedJson(const Tweet &tweet);

/// Appends normalizedJson(tweet) to out without a newline (no temporary allocation: use
/// this on hot paths, with one reused buffer).
void appendNormalizedJson(QByteArray &out, const Tweet &tweet);

/// Appends s as a JSON string literal (quoted, escaped, UTF-8) to out.
void appendJsonString(QByteArray &out, QStringView s);

} // namespace ts
