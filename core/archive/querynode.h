// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <vector>

namespace ts::archive {

/**
 * @brief One node of a parsed X v2 search query: a group (AND / OR of children) or a
 * clause (keyword, phrase or operator). Built by QueryLanguage::parse, read by compile.
 */
struct QueryNode
{
    enum class Kind { And, Or, Clause };
    /// What a clause matches. Keyword and Phrase match the tweet's text; Url the URLs.
    enum class Field {
        Keyword,
        Phrase,
        Hashtag,
        Mention,
        Cashtag,
        From,
        To,
        Url,
        RetweetsOf,
        ConversationId,
        InReplyToTweetId,
        RetweetsOfTweetId,
        QuotesOfTweetId,
        Is,
        Has,
        Lang,
        PlaceCountry,
        PointRadius,
        BoundingBox,
    };

    Kind kind = Kind::Clause;
    bool negated = false;
    int position = 1; ///< 1-based position of the clause (of its '-' when negated) in the query
    int openParen = 0; ///< groups: 1-based position of the '(' that opened it; 0 at the top level
    std::vector<std::unique_ptr<QueryNode>> children; ///< And / Or

    Field field = Field::Keyword;
    QString value; ///< as typed (keyword, phrase text, username, id, flag name, code)
    QStringList tokens; ///< Keyword / Phrase / Url: the text tokens, folded like the full-text index
    /// PointRadius: lon, lat, radius in km, unused. BoundingBox: west, south, east, north.
    std::array<double, 4> geo {};

    /// is:, has: and lang: only narrow other clauses (the API's "conjunction-required" operators).
    bool isConjunctionOnly() const
    {
        return kind == Kind::Clause && (field == Field::Is || field == Field::Has || field == Field::Lang);
    }
};

} // namespace ts::archive
