// SPDX-License-Identifier: MIT
#pragma once

#include "querylanguage.h"

#include <QString>
#include <QStringList>

#include <variant>

namespace ts::archive {

/// A query in the X syntax as app.bsky.feed.searchPosts parameters (docs/bluesky.md, "Queries:
/// one language, two providers"). Empty strings are parameters not sent.
struct BlueskySearch
{
    QString q; ///< words, phrases and negated ones; "*" when the query has only filters
    QString author; ///< from:
    QString mentions; ///< @handle
    QString lang;
    QString domain; ///< url:host
    QString url; ///< url:"https://..."
    QStringList tags; ///< #tag, without '#'
};

/// Checks query with the one validator (QueryLanguage::parse, Bluesky dialect) and maps it.
std::variant<BlueskySearch, QueryError> toBlueskySearch(const QString &query, int maxLength);

} // namespace ts::archive
