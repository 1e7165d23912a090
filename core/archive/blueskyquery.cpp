// SPDX-License-Identifier: MIT
#include "blueskyquery.h"

#include "querynode.h"

namespace ts::archive {

namespace {

void collect(const QueryNode *n, BlueskySearch &out, QStringList &terms)
{
    using F = QueryNode::Field;
    if (n->kind != QueryNode::Kind::Clause) {
        // Only AND groups pass the Bluesky dialect's check.
        for (const auto &c : n->children)
            collect(c.get(), out, terms);
        return;
    }
    const QString neg = n->negated ? QStringLiteral("-") : QString();
    switch (n->field) {
    case F::Keyword:
        terms << neg + n->value;
        break;
    case F::Phrase: {
        QString text = n->value;
        text.remove(u'"');
        terms << neg + u'"' + text + u'"';
        break;
    }
    case F::From:
        out.author = n->value;
        break;
    case F::Mention:
        out.mentions = n->value;
        break;
    case F::Hashtag:
        if (!out.tags.contains(n->value))
            out.tags << n->value;
        break;
    case F::Lang:
        out.lang = n->value;
        break;
    case F::Url: {
        const QString v = n->value.startsWith(u'"') && n->value.endsWith(u'"') && n->value.size() >= 2
            ? n->value.mid(1, n->value.size() - 2)
            : n->value;
        if (v.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
            || v.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
            out.url = v;
        else
            out.domain = v;
        break;
    }
    default:
        break; // refused by the check
    }
}

} // namespace

std::variant<BlueskySearch, QueryError> toBlueskySearch(const QString &query, int maxLength)
{
    auto parsed = QueryLanguage::parse(query, maxLength, QueryDialect::Bluesky);
    if (auto *e = std::get_if<QueryError>(&parsed))
        return *e;
    BlueskySearch out;
    QStringList terms;
    collect(std::get<ParsedQuery>(parsed).root(), out, terms);
    out.q = terms.isEmpty() ? QStringLiteral("*") : terms.join(u' ');
    return out;
}

} // namespace ts::archive
