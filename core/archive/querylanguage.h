// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <memory>
#include <optional>
#include <variant>

namespace ts::archive {

/// Why a search query was rejected, in the API's words. The HTTP service turns it into
/// "There were errors processing your request: <reason> (at position <position>)".
struct QueryError
{
    int position = 0; ///< 1-based character position, as the X API reports it
    QString reason;
};

struct QueryNode; // syntax tree, defined in querylanguage.cpp / querynode.h

/// Which search a query is checked for: the X v2 language (the X APIs and the local archive), or
/// what of it Bluesky's searchPosts can answer (docs/bluesky.md, "Queries: one language, two
/// providers"): from:/@ also take a handle or a DID, and every operator without a Bluesky
/// equivalent is an error at its position.
enum class QueryDialect : quint8 { X, Bluesky };

/// A parsed X v2 search query (the operator subset in docs/api-shapes.md).
class ParsedQuery
{
public:
    ParsedQuery();
    ~ParsedQuery();
    ParsedQuery(ParsedQuery &&) noexcept;
    ParsedQuery &operator=(ParsedQuery &&) noexcept;

    const QueryNode *root() const { return m_root.get(); }
    /// Positive keywords and phrases, for highlighting and for relevancy ranking.
    QStringList terms() const;

private:
    friend class QueryLanguage;
    std::unique_ptr<QueryNode> m_root;
};

/// SQL produced from a query: a WHERE clause over the archive schema and its bound values.
/// User text only ever travels in `binds` (and `match`, which is bound too), never pasted into `where`.
///
/// When `match` is not empty the query drives from the full-text index: the store selects
/// `FROM tweets_fts JOIN tweets t ON t.sort_key = tweets_fts.rowid WHERE tweets_fts MATCH :match
/// AND (where)`. Otherwise `where` alone filters `tweets t` (it may hold its own
/// `t.sort_key IN (SELECT rowid FROM tweets_fts WHERE tweets_fts MATCH ?)` sub-selects).
/// `where` is never empty ("1" when there is nothing more to check).
struct SqlFilter
{
    QString where;
    QVariantList binds;
    QString match; ///< an FTS5 expression built from quoted, escaped tokens; empty when not used
};

/**
 * @brief The X API v2 search query language: parse (with the API's own error reasons
 * and positions) and compile to SQL over the archive schema.
 */
class QueryLanguage
{
public:
    /// Groups nest at most this deep once same-kind groups are flattened ("a (b OR (c d))" is 2);
    /// deeper is a QueryError at the '(' of the first group too deep.
    static constexpr int MaxGroupDepth = 16;
    /// Parentheses nest at most this deep, flattened or not (the parser's recursion).
    static constexpr int MaxParenDepth = 64;

    /// maxLength: 512 (v2 recent), 1024 (v2 all), 2048 (Enterprise), 4096.
    /// The one validator of queries: the CLI and the GUI check with it before sending, and the
    /// archive service answers its errors as 400 (v2) or 422 (Enterprise).
    static std::variant<ParsedQuery, QueryError> parse(
        const QString &query, int maxLength = 1024, QueryDialect dialect = QueryDialect::X);
    static SqlFilter compile(const ParsedQuery &query);

    /// A QueryError's reason as a person reads it: the API's parser-generator reasons
    /// ("mismatched input '<EOF>' expecting ')'") get what they mean in plain words after a
    /// colon; the reason itself stays, as it is what the X API answers. Others are unchanged.
    static QString plainReason(const QString &reason);

    /// Text tokens the way the full-text index folds them (unicode61, remove_diacritics 2):
    /// split on anything that is not a letter, digit, mark or symbol; case-folded; accents removed.
    static QStringList tokenize(QStringView text);
    /// Folds one entity value (hashtag, username, language code) the way tags are indexed.
    static QString fold(QStringView text);
};

} // namespace ts::archive
