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

/// A parsed X v2 search query (the operator subset in api-shapes.md).
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
/// User text only ever travels in `binds`, never pasted into `where`.
struct SqlFilter
{
    QString where;
    QVariantList binds;
};

/**
 * @brief The X API v2 search query language: parse (with the API's own error reasons
 * and positions) and compile to SQL over the archive schema.
 */
class QueryLanguage
{
public:
    /// maxLength: 512 (v2 recent), 1024 (v2 all), 2048 (Enterprise), 4096.
    static std::variant<ParsedQuery, QueryError> parse(const QString &query, int maxLength = 1024);
    static SqlFilter compile(const ParsedQuery &query);
};

} // namespace ts::archive
