// SPDX-License-Identifier: MIT
// X API v2 search syntax: a hand-written lexer + recursive-descent parser producing a QueryNode
// tree, and a compiler from that tree to an FTS5 expression plus an SQL WHERE clause over the
// archive schema (see archiveschema.cpp). No SQL runs here: parse() is cheap enough to validate
// on every keystroke.
#include "querylanguage.h"

#include "ftstags.h"
#include "querynode.h"
#include "tweet/atproto.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace ts::archive {

ParsedQuery::ParsedQuery() = default;
ParsedQuery::~ParsedQuery() = default;
ParsedQuery::ParsedQuery(ParsedQuery &&) noexcept = default;
ParsedQuery &ParsedQuery::operator=(ParsedQuery &&) noexcept = default;

static void collectTerms(const QueryNode *n, QStringList &out)
{
    if (!n || n->negated)
        return;
    if (n->kind != QueryNode::Kind::Clause) {
        for (const auto &c : n->children)
            collectTerms(c.get(), out);
        return;
    }
    if (n->field == QueryNode::Field::Keyword || n->field == QueryNode::Field::Phrase)
        out.append(n->value);
}

QStringList ParsedQuery::terms() const
{
    QStringList out;
    collectTerms(m_root.get(), out);
    return out;
}

// ---- folding and tokenizing, like FTS5 unicode61 remove_diacritics 2 + categories 'L* N* Co M* So Sk'

static bool isTokenChar(QChar::Category c)
{
    switch (c) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Other_PrivateUse:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Symbol_Other:
    case QChar::Symbol_Modifier:
        return true;
    default:
        return false;
    }
}

// unicode61 strips diacritics from Latin letters only (its fold table), so kana voicing marks,
// Arabic harakat and the like must stay; folding more would miss what the index holds.
static bool hasLatinDiacritics(char32_t cp)
{
    return (cp >= 0xC0 && cp < 0x250) || (cp >= 0x1E00 && cp < 0x1F00);
}

QString QueryLanguage::fold(QStringView text)
{
    bool plain = true;
    for (QChar c : text) {
        if (c.unicode() >= 0x80) {
            plain = false;
            break;
        }
    }
    if (plain)
        return text.toString().toLower();
    const QString folded = text.toString().toCaseFolded();
    QString out;
    out.reserve(folded.size());
    for (qsizetype i = 0; i < folded.size(); ++i) {
        const QChar c = folded[i];
        if (hasLatinDiacritics(c.unicode())) {
            const QString d = QString(c).normalized(QString::NormalizationForm_D);
            for (QChar part : d) {
                if (part.unicode() < 0x300 || part.unicode() > 0x36F)
                    out.append(part);
            }
        } else if (c.unicode() >= 0x300 && c.unicode() <= 0x36F) {
            continue; // a combining Latin diacritic typed separately
        } else {
            out.append(c);
        }
    }
    return out;
}

QStringList QueryLanguage::tokenize(QStringView text)
{
    QStringList out;
    qsizetype start = -1;
    auto flush = [&](qsizetype end) {
        if (start >= 0) {
            const QString t = fold(text.mid(start, end - start));
            if (!t.isEmpty())
                out.append(t);
        }
        start = -1;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char32_t cp = (text[i].isHighSurrogate() && i + 1 < text.size())
            ? QChar::surrogateToUcs4(text[i], text[i + 1])
            : text[i].unicode();
        const bool token = isTokenChar(QChar::category(cp));
        if (token && start < 0)
            start = i;
        else if (!token)
            flush(i);
        if (cp > 0xffff)
            ++i;
    }
    flush(text.size());
    return out;
}

// ---- lexer

namespace {

struct Token
{
    enum Type { Word, Phrase, LParen, RParen, Or, End };
    Type type = End;
    QString text; ///< Word: the word without a leading '-'; Phrase: the inside of the quotes
    int position = 1; ///< 1-based, of the first character (the '-' when negated)
    bool negated = false;
    bool quotedValue = false; ///< Word: an operator whose value was quoted (url:"...")
};

struct ParseFailure
{
    QueryError error;
};

class Parser
{
public:
    explicit Parser(const QString &q, QueryDialect dialect = QueryDialect::X)
        : m_q(q)
        , m_bluesky(dialect == QueryDialect::Bluesky)
    { }

    std::unique_ptr<QueryNode> run()
    {
        lex();
        auto root = parseOr();
        const Token &t = peek();
        if (t.type == Token::RParen)
            fail(t.position, QStringLiteral("missing EOF at ')'"));
        if (t.type != Token::End)
            fail(t.position, QStringLiteral("extraneous input '%1' expecting <EOF>").arg(display(t)));
        return root;
    }

    [[noreturn]] static void fail(int position, const QString &reason) { throw ParseFailure { { position, reason } }; }

private:
    static QString display(const Token &t)
    {
        switch (t.type) {
        case Token::LParen:
            return QStringLiteral("(");
        case Token::RParen:
            return QStringLiteral(")");
        case Token::Or:
            return QStringLiteral("OR");
        case Token::End:
            return QStringLiteral("<EOF>");
        case Token::Phrase:
            return u'"' + t.text + u'"';
        case Token::Word:
            break;
        }
        return t.text;
    }

    static bool isSpace(QChar c) { return c.isSpace(); }

    void lex()
    {
        const qsizetype n = m_q.size();
        qsizetype i = 0;
        while (i < n) {
            const QChar c = m_q[i];
            if (isSpace(c)) {
                ++i;
                continue;
            }
            Token t;
            t.position = int(i) + 1;
            if (c == u'(') {
                t.type = Token::LParen;
                ++i;
            } else if (c == u')') {
                t.type = Token::RParen;
                ++i;
            } else {
                if (c == u'-' && i + 1 < n && !isSpace(m_q[i + 1])) {
                    t.negated = true;
                    ++i;
                    if (m_q[i] == u'(')
                        fail(t.position,
                            QStringLiteral("Negating a group is not supported: negate each clause instead "
                                           "(-a -b rather than -(a OR b))"));
                }
                const QChar first = m_q[i];
                if (first == u'\'' || first == u'[' || first == u']' || first == u'{' || first == u'}')
                    fail(int(i) + 1, QStringLiteral("no viable alternative at character '%1'").arg(first));
                if (first == u'"') {
                    const qsizetype close = m_q.indexOf(u'"', i + 1);
                    if (close < 0)
                        fail(int(i) + 1, QStringLiteral("token recognition error at: '%1'").arg(m_q.mid(i)));
                    t.type = Token::Phrase;
                    t.text = m_q.mid(i + 1, close - i - 1);
                    i = close + 1;
                } else {
                    t.type = Token::Word;
                    const qsizetype start = i;
                    while (i < n && !isSpace(m_q[i]) && m_q[i] != u'(' && m_q[i] != u')' && m_q[i] != u'"') {
                        if (m_q[i] == u':' && i + 1 < n && m_q[i + 1] == u'[') {
                            // point_radius:[lon lat r] and bounding_box:[w s e n] keep their spaces.
                            const qsizetype close = m_q.indexOf(u']', i);
                            if (close < 0)
                                fail(int(i) + 2, QStringLiteral("missing ']' at '<EOF>'"));
                            i = close + 1;
                            break;
                        }
                        ++i;
                    }
                    t.text = m_q.mid(start, i - start);
                    if (t.text.endsWith(u':') && i < n && m_q[i] == u'"') {
                        // url:"https://example.com/a b" - an operator with a quoted value.
                        const qsizetype close = m_q.indexOf(u'"', i + 1);
                        if (close < 0)
                            fail(int(i) + 1, QStringLiteral("token recognition error at: '%1'").arg(m_q.mid(i)));
                        t.text += m_q.mid(i + 1, close - i - 1);
                        t.quotedValue = true;
                        i = close + 1;
                    }
                    if (!t.negated && t.text == QLatin1String("OR"))
                        t.type = Token::Or;
                    else if (t.text == QLatin1String("AND"))
                        fail(t.position,
                            QStringLiteral("Ambiguous use of and as a keyword. Use a space to logically "
                                           "join two clauses, or \"and\" to find occurrences of and "
                                           "in text"));
                }
            }
            m_tokens.push_back(t);
        }
        Token end;
        end.position = int(n) + 1;
        m_tokens.push_back(end);
    }

    const Token &peek() const { return m_tokens[m_pos]; }
    Token take() { return m_tokens[m_pos++]; }

    static std::unique_ptr<QueryNode> group(QueryNode::Kind kind, std::vector<std::unique_ptr<QueryNode>> items)
    {
        if (items.size() == 1)
            return std::move(items.front());
        auto g = std::make_unique<QueryNode>();
        g->kind = kind;
        g->position = items.front()->position;
        // A group inside a group of its own kind is flattened: "a (b (c d))" is one AND of four
        // clauses (groups are never negated, so this keeps the meaning).
        for (auto &item : items) {
            if (item->kind == kind) {
                for (auto &child : item->children)
                    g->children.push_back(std::move(child));
            } else {
                g->children.push_back(std::move(item));
            }
        }
        return g;
    }

    std::unique_ptr<QueryNode> parseOr()
    {
        // An alternative of only stopwords ("!!!") is dropped; nothing left means no positive clause.
        std::vector<std::unique_ptr<QueryNode>> alternatives;
        if (auto a = parseAnd())
            alternatives.push_back(std::move(a));
        while (peek().type == Token::Or) {
            take();
            if (auto a = parseAnd())
                alternatives.push_back(std::move(a));
        }
        if (alternatives.empty())
            return nullptr;
        return group(QueryNode::Kind::Or, std::move(alternatives));
    }

    std::unique_ptr<QueryNode> parseAnd()
    {
        std::vector<std::unique_ptr<QueryNode>> items;
        while (true) {
            const Token &t = peek();
            if (t.type == Token::End || t.type == Token::RParen || t.type == Token::Or)
                break;
            if (auto node = parseUnary())
                items.push_back(std::move(node));
        }
        if (items.empty()) {
            const Token &t = peek();
            if (t.type == Token::End && m_pos == 0)
                fail(1, QStringLiteral("The `query` query parameter can not be empty"));
            if (m_droppedStopword && m_pos > 0
                && (m_tokens[m_pos - 1].type == Token::Word || m_tokens[m_pos - 1].type == Token::Phrase))
                return nullptr;
            if (t.type == Token::End)
                fail(t.position, QStringLiteral("mismatched input '<EOF>' expecting a clause"));
            if (t.type == Token::RParen && m_pos > 0 && m_tokens[m_pos - 1].type == Token::LParen)
                fail(t.position, QStringLiteral("no viable alternative at input '()'"));
            fail(t.position, QStringLiteral("no viable alternative at input '%1'").arg(display(t)));
        }
        return group(QueryNode::Kind::And, std::move(items));
    }

    std::unique_ptr<QueryNode> parseUnary()
    {
        Token t = take();
        if (t.type == Token::LParen) {
            // The parser recurses once per parenthesis: bounded, whatever the query's length.
            if (++m_parenDepth > QueryLanguage::MaxParenDepth)
                fail(t.position,
                    QStringLiteral("Parentheses are nested more than %1 deep").arg(QueryLanguage::MaxParenDepth));
            auto inner = parseOr();
            --m_parenDepth;
            if (peek().type != Token::RParen)
                fail(peek().position, QStringLiteral("mismatched input '<EOF>' expecting ')'"));
            take();
            if (!inner) // only stopwords inside
                return nullptr;
            if (inner->kind != QueryNode::Kind::Clause && inner->openParen == 0)
                inner->openParen = t.position;
            return inner;
        }
        auto node = std::make_unique<QueryNode>();
        node->position = t.position;
        node->negated = t.negated;
        if (t.type == Token::Phrase) {
            node->field = QueryNode::Field::Phrase;
            node->value = t.text;
            node->tokens = QueryLanguage::tokenize(t.text);
        } else {
            clause(t, *node);
        }
        if ((node->field == QueryNode::Field::Keyword || node->field == QueryNode::Field::Phrase)
            && node->tokens.isEmpty()) {
            m_droppedStopword = true;
            return nullptr;
        }
        return node;
    }

    static bool isUserName(const QString &v)
    {
        static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_]{1,50}$"));
        return re.match(v).hasMatch();
    }

    static bool isTweetId(const QString &v)
    {
        static const QRegularExpression re(QStringLiteral("^[0-9]{1,19}$"));
        return re.match(v).hasMatch();
    }

    static bool isEntityText(QStringView v)
    {
        if (v.isEmpty())
            return false;
        for (QChar c : v) {
            if (!(c.isLetterOrNumber() || c == u'_' || c.isMark()))
                return false;
        }
        return true;
    }

    static QList<double> numbers(const QString &inside, int count, QStringList *units = nullptr)
    {
        const QStringList parts = inside.split(u' ', Qt::SkipEmptyParts);
        QList<double> out;
        if (parts.size() != count)
            return out;
        for (int i = 0; i < count; ++i) {
            QString p = parts[i];
            if (units && i == count - 1) {
                if (p.endsWith(QLatin1String("km")) || p.endsWith(QLatin1String("mi"))) {
                    units->append(p.right(2));
                    p.chop(2);
                } else {
                    return {};
                }
            }
            bool ok = false;
            const double v = p.toDouble(&ok);
            if (!ok || !std::isfinite(v))
                return {};
            out.append(v);
        }
        return out;
    }

    void clause(const Token &t, QueryNode &node)
    {
        using F = QueryNode::Field;
        const QString &w = t.text;
        const int valuePos = t.position + (t.negated ? 1 : 0);
        const QChar first = w.at(0);
        // #hashtag, @mention, $cashtag ($ followed by a letter; "$100" stays a keyword)
        if (m_bluesky && first == u'@' && w.size() > 1
            && (atproto::isValidHandle(QStringView(w).mid(1)) || atproto::isValidDid(QStringView(w).mid(1)))) {
            node.field = F::Mention;
            node.value = w.mid(1);
            return;
        }
        if ((first == u'#' || first == u'@' || first == u'$') && w.size() > 1) {
            const QStringView rest = QStringView(w).mid(1);
            const bool cash = first == u'$';
            if (isEntityText(rest) && (!cash || rest.at(0).isLetter())) {
                node.field = first == u'#' ? F::Hashtag : first == u'@' ? F::Mention : F::Cashtag;
                node.value = rest.toString();
                return;
            }
        }
        const qsizetype colon = w.indexOf(u':');
        static const QRegularExpression opName(QStringLiteral("^[A-Za-z_]+$"));
        if (colon > 0 && (colon + 1 < w.size() || t.quotedValue) && opName.match(w.left(colon)).hasMatch()
            && !w.startsWith(QLatin1String("http"), Qt::CaseInsensitive)) {
            operatorClause(t, w.left(colon).toLower(), w.mid(colon + 1), valuePos, node);
            return;
        }
        if (colon > 0 && colon + 1 == w.size() && opName.match(w.left(colon)).hasMatch())
            fail(valuePos, QStringLiteral("no viable alternative at input '%1'").arg(w));
        node.field = F::Keyword;
        node.value = w;
        node.tokens = QueryLanguage::tokenize(w);
    }

    void operatorClause(const Token &t, const QString &op, const QString &value, int pos, QueryNode &node)
    {
        using F = QueryNode::Field;
        const QString whole = t.text;
        auto invalid = [&]() { fail(pos, QStringLiteral("Reference to invalid operator '%1'").arg(whole)); };
        auto badValue = [&](const QString &why) {
            fail(pos, QStringLiteral("Invalid value for operator '%1': %2").arg(whole, why));
        };
        node.value = value;
        if (op == QLatin1String("from") || op == QLatin1String("to") || op == QLatin1String("retweets_of")) {
            QString v = value;
            if (v.startsWith(u'@'))
                v.remove(0, 1);
            const bool account = m_bluesky && (atproto::isValidHandle(v) || atproto::isValidDid(v));
            if (!isUserName(v) && !account)
                badValue(m_bluesky ? QStringLiteral("expected a handle (alice.bsky.social) or a DID")
                                   : QStringLiteral("expected a username or a numeric user id"));
            node.value = v;
            node.field = op == QLatin1String("from") ? F::From : op == QLatin1String("to") ? F::To : F::RetweetsOf;
        } else if (op == QLatin1String("url")) {
            node.field = F::Url;
            node.tokens = QueryLanguage::tokenize(value);
            if (node.tokens.isEmpty())
                badValue(QStringLiteral("expected a URL or part of one"));
        } else if (op == QLatin1String("conversation_id") || op == QLatin1String("in_reply_to_tweet_id")
            || op == QLatin1String("retweets_of_tweet_id") || op == QLatin1String("quotes_of_tweet_id")
            || op == QLatin1String("in_reply_to_status_id")) {
            if (!isTweetId(value))
                badValue(QStringLiteral("expected a tweet id (1 to 19 digits)"));
            node.field = op == QLatin1String("conversation_id") ? F::ConversationId
                : op == QLatin1String("retweets_of_tweet_id")   ? F::RetweetsOfTweetId
                : op == QLatin1String("quotes_of_tweet_id")     ? F::QuotesOfTweetId
                                                                : F::InReplyToTweetId;
        } else if (op == QLatin1String("is")) {
            static const QStringList known { QStringLiteral("retweet"), QStringLiteral("reply"),
                QStringLiteral("quote"), QStringLiteral("verified"), QStringLiteral("nullcast") };
            const QString v = value.toLower();
            if (!known.contains(v))
                invalid();
            if (v == QLatin1String("nullcast") && !t.negated)
                fail(pos, QStringLiteral("is:nullcast can only be used in its negated form (-is:nullcast)"));
            node.field = F::Is;
            node.value = v;
        } else if (op == QLatin1String("has")) {
            static const QStringList known { QStringLiteral("links"), QStringLiteral("media"), QStringLiteral("images"),
                QStringLiteral("videos"), QStringLiteral("hashtags"), QStringLiteral("mentions"),
                QStringLiteral("cashtags"), QStringLiteral("geo") };
            const QString v = value.toLower();
            if (!known.contains(v))
                invalid();
            node.field = F::Has;
            node.value = v;
        } else if (op == QLatin1String("lang")) {
            static const QRegularExpression re(QStringLiteral("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?$"));
            if (!re.match(value).hasMatch())
                badValue(QStringLiteral("expected a BCP 47 language code such as en or pt-BR"));
            node.field = F::Lang;
            node.value = value.toLower();
        } else if (op == QLatin1String("place_country")) {
            static const QRegularExpression re(QStringLiteral("^[A-Za-z]{2}$"));
            if (!re.match(value).hasMatch())
                badValue(QStringLiteral("expected an ISO 3166-1 alpha-2 country code such as US"));
            node.field = F::PlaceCountry;
            node.value = value.toUpper();
        } else if (op == QLatin1String("point_radius")) {
            if (!value.startsWith(u'[') || !value.endsWith(u']'))
                badValue(QStringLiteral("expected [longitude latitude radius]"));
            QStringList units;
            const QList<double> v = numbers(value.mid(1, value.size() - 2), 3, &units);
            if (v.size() != 3)
                badValue(QStringLiteral("expected [longitude latitude radius], radius in km or mi"));
            const double km = units.front() == QLatin1String("mi") ? v[2] * 1.609344 : v[2];
            if (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90)
                badValue(QStringLiteral("longitude must be in [-180, 180] and latitude in [-90, 90]"));
            if (km <= 0 || km > 40.3)
                badValue(QStringLiteral("the radius must be greater than 0 and at most 25mi (40km)"));
            node.field = F::PointRadius;
            node.geo = { v[0], v[1], km, 0 };
        } else if (op == QLatin1String("bounding_box")) {
            if (!value.startsWith(u'[') || !value.endsWith(u']'))
                badValue(QStringLiteral("expected [west_long south_lat east_long north_lat]"));
            const QList<double> v = numbers(value.mid(1, value.size() - 2), 4);
            if (v.size() != 4)
                badValue(QStringLiteral("expected [west_long south_lat east_long north_lat]"));
            if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] >= v[2] || v[1] >= v[3])
                badValue(QStringLiteral("expected west < east in [-180, 180] and south < north in [-90, 90]"));
            node.field = F::BoundingBox;
            node.geo = { v[0], v[1], v[2], v[3] };
        } else {
            invalid();
        }
    }

    const QString &m_q;
    bool m_bluesky = false; ///< from:/@ also take handles and DIDs
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    bool m_droppedStopword = false;
    int m_parenDepth = 0;
};

// Every alternative of the query needs a positive clause: "-a", "a OR -b" are rejected.
const QueryNode *unanchoredBranch(const QueryNode *n)
{
    if (n->kind == QueryNode::Kind::Clause)
        return n->negated ? n : nullptr;
    if (n->kind == QueryNode::Kind::And) {
        for (const auto &c : n->children) {
            if (!unanchoredBranch(c.get()))
                return nullptr;
        }
        return n;
    }
    for (const auto &c : n->children) {
        if (auto b = unanchoredBranch(c.get()))
            return b;
    }
    return nullptr;
}

// ... and one that is not is:/has:/lang: (those only narrow other clauses).
bool isAnchored(const QueryNode *n)
{
    if (n->kind == QueryNode::Kind::Clause)
        return !n->negated && !n->isConjunctionOnly();
    if (n->kind == QueryNode::Kind::And) {
        for (const auto &c : n->children) {
            if (isAnchored(c.get()))
                return true;
        }
        return false;
    }
    for (const auto &c : n->children) {
        if (!isAnchored(c.get()))
            return false;
    }
    return true;
}

/// The first group nested deeper than MaxGroupDepth (the top-level group is depth 1), and its depth.
const QueryNode *tooDeep(const QueryNode *n, int depth, int *found)
{
    if (n->kind == QueryNode::Kind::Clause)
        return nullptr;
    if (depth > QueryLanguage::MaxGroupDepth) {
        *found = depth;
        return n;
    }
    for (const auto &c : n->children) {
        if (const QueryNode *d = tooDeep(c.get(), depth + 1, found))
            return d;
    }
    return nullptr;
}

const QueryNode *firstConjunctionOnly(const QueryNode *n)
{
    if (n->isConjunctionOnly())
        return n;
    for (const auto &c : n->children) {
        if (auto f = firstConjunctionOnly(c.get()))
            return f;
    }
    return nullptr;
}

} // namespace

namespace {

/// The first clause of a query Bluesky's searchPosts has no equivalent for, and why.
std::optional<QueryError> blueskyProblem(const QueryNode *n, const QString &query, QSet<int> &seen)
{
    using F = QueryNode::Field;
    if (n->kind == QueryNode::Kind::Or) {
        // At the first OR: the last one before the second alternative.
        const qsizetype second = n->children.at(1)->position - 1;
        const qsizetype at = query.lastIndexOf(QLatin1String("OR"), std::max<qsizetype>(second - 2, 0));
        return QueryError { at >= 0 ? int(at) + 1 : n->children.at(1)->position,
            QStringLiteral("OR has no Bluesky equivalent: Bluesky search matches posts with every term") };
    }
    if (n->kind == QueryNode::Kind::And) {
        for (const auto &c : n->children) {
            if (auto e = blueskyProblem(c.get(), query, seen))
                return e;
        }
        return std::nullopt;
    }
    // The clause as typed, for the message.
    qsizetype end = n->position - 1;
    bool inQuote = false;
    while (end < query.size() && (inQuote || !query.at(end).isSpace())) {
        if (query.at(end) == u'"')
            inQuote = !inQuote;
        ++end;
    }
    const QString typed = query.mid(n->position - 1, end - (n->position - 1));
    const auto none = [&](const QString &why) {
        return QueryError { n->position,
            QStringLiteral("'%1' has no Bluesky equivalent%2")
                .arg(typed, why.isEmpty() ? QString() : QStringLiteral(": ") + why) };
    };
    switch (n->field) {
    case F::Keyword:
    case F::Phrase:
        return std::nullopt;
    case F::From:
    case F::Mention:
    case F::Hashtag:
    case F::Lang:
    case F::Url:
        if (n->negated)
            return none(QStringLiteral("its filters cannot be negated"));
        if (n->field != F::Hashtag && seen.contains(int(n->field)))
            return none(QStringLiteral("Bluesky takes one author, mention, language and link filter each"));
        seen.insert(int(n->field));
        return std::nullopt;
    case F::Is:
        return none(n->value == QLatin1String("retweet") ? QStringLiteral("search never returns reposts") : QString());
    case F::To:
        return none(QStringLiteral("Bluesky's to: matches mentions, not replies; use @handle"));
    default:
        return none({});
    }
}

} // namespace

std::variant<ParsedQuery, QueryError> QueryLanguage::parse(const QString &query, int maxLength, QueryDialect dialect)
{
    if (maxLength > 0 && query.size() > maxLength)
        return QueryError { maxLength + 1,
            QStringLiteral("Query is %1 characters long; this endpoint allows at most %2")
                .arg(query.size())
                .arg(maxLength) };
    try {
        Parser parser(query, dialect);
        std::unique_ptr<QueryNode> root = parser.run();
        // SQLite's FTS5 parser overflows near 33 nested groups (a 500 before this check).
        int depth = 0;
        if (const QueryNode *deep = root ? tooDeep(root.get(), 1, &depth) : nullptr)
            return QueryError { deep->openParen > 0 ? deep->openParen : deep->position,
                QStringLiteral("Groups are nested too deeply: at most %1 levels of alternating AND and OR groups "
                               "are supported")
                    .arg(QueryLanguage::MaxGroupDepth) };
        const QueryNode *negativeOnly = root ? unanchoredBranch(root.get()) : nullptr;
        if (!root || negativeOnly)
            return QueryError { negativeOnly ? negativeOnly->position : 1,
                QStringLiteral("Rules must contain at least one positive, non-stopword clause") };
        if (!isAnchored(root.get())) {
            const QueryNode *c = firstConjunctionOnly(root.get());
            return QueryError { c ? c->position : 1,
                QStringLiteral("is/has/lang cannot be used as a standalone operator") };
        }
        if (dialect == QueryDialect::Bluesky) {
            QSet<int> seen;
            if (auto e = blueskyProblem(root.get(), query, seen))
                return *e;
        }
        ParsedQuery parsed;
        parsed.m_root = std::move(root);
        return parsed;
    } catch (const ParseFailure &f) {
        return f.error;
    }
}

// ---- compiler

namespace {

QString quoted(const QString &s)
{
    QString out = s;
    out.replace(u'"', QLatin1String("\"\""));
    return u'"' + out + u'"';
}

QString tagsMatch(const QString &tag)
{
    return QLatin1String("tags:") + quoted(tag);
}

QString anyOf(const QStringList &tagList)
{
    if (tagList.size() == 1)
        return tagsMatch(tagList.front());
    QStringList parts;
    for (const QString &t : tagList)
        parts.append(tagsMatch(t));
    return u'(' + parts.join(QLatin1String(" OR ")) + u')';
}

QString userMatch(const QString &user, QString (*byName)(QStringView), QString (*byId)(QStringView))
{
    QStringList t { byName(user) };
    if (!user.isEmpty() && std::all_of(user.begin(), user.end(), [](QChar c) { return c.isDigit(); }))
        t.append(byId(user));
    return anyOf(t);
}

/// A compiled piece: either an FTS5 expression or an SQL condition with its binds.
struct Piece
{
    bool fts = true;
    QString text;
    QVariantList binds;
};

QString flagFor(const QueryNode &n)
{
    if (n.field == QueryNode::Field::Is) {
        if (n.value == QLatin1String("verified"))
            return tags::flag(u"verified");
        return tags::flag(n.value); // retweet, reply, quote, nullcast (no row has it)
    }
    return tags::flag(n.value); // has:<name>
}

Piece clausePiece(const QueryNode &n)
{
    using F = QueryNode::Field;
    switch (n.field) {
    case F::Keyword:
    case F::Phrase:
        return { true, QLatin1String("text:") + quoted(n.tokens.join(u' ')), {} };
    case F::Url:
        return { true, QLatin1String("urls:") + quoted(n.tokens.join(u' ')), {} };
    case F::Hashtag:
        return { true, tagsMatch(tags::hashtag(n.value)), {} };
    case F::Mention:
        return { true, tagsMatch(tags::mention(n.value)), {} };
    case F::Cashtag:
        return { true, tagsMatch(tags::cashtag(n.value)), {} };
    case F::From:
        return { true, userMatch(n.value, tags::fromUser, tags::fromId), {} };
    case F::To:
        return { true, userMatch(n.value, tags::toUser, tags::toId), {} };
    case F::RetweetsOf:
        return { true, userMatch(n.value, tags::retweetOfUser, tags::retweetOfUserId), {} };
    case F::ConversationId:
        return { true, tagsMatch(tags::conversation(n.value)), {} };
    case F::InReplyToTweetId:
        return { true, tagsMatch(tags::inReplyToTweet(n.value)), {} };
    case F::RetweetsOfTweetId:
        return { true, tagsMatch(tags::retweetOfTweet(n.value)), {} };
    case F::QuotesOfTweetId:
        return { true, tagsMatch(tags::quoteOfTweet(n.value)), {} };
    case F::Is:
    case F::Has:
        return { true, tagsMatch(flagFor(n)), {} };
    case F::Lang:
        return { true, tagsMatch(tags::lang(n.value)), {} };
    case F::PlaceCountry:
        return { true, tagsMatch(tags::country(n.value)), {} };
    case F::PointRadius: {
        // Equirectangular distance, exact enough for radii up to 40 km away from the poles;
        // the bounding box lets SQLite reject most rows cheaply.
        const double lon = n.geo[0], lat = n.geo[1], km = n.geo[2];
        const double dLat = km / 111.195;
        const double cosLat = std::max(std::cos(lat * M_PI / 180.0), 1e-6);
        const double dLon = dLat / cosLat;
        return { false,
            QStringLiteral("(t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ? AND "
                           "((t.lon - ?) * ?) * ((t.lon - ?) * ?) + (t.lat - ?) * (t.lat - ?) <= ?)"),
            { lat - dLat, lat + dLat, lon - dLon, lon + dLon, lon, cosLat, lon, cosLat, lat, lat, dLat * dLat } };
    }
    case F::BoundingBox:
        return { false, QStringLiteral("(t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?)"),
            { n.geo[1], n.geo[3], n.geo[0], n.geo[2] } };
    }
    return {};
}

const QString kAll = QLatin1String("tags:") + quoted(tags::flag(u"all"));

/// FTS pieces inside SQL: a sub-select over the index.
Piece asSql(const Piece &p)
{
    if (!p.fts)
        return p;
    return { false, QStringLiteral("t.sort_key IN (SELECT rowid FROM tweets_fts WHERE tweets_fts MATCH ?)"),
        { p.text } };
}

Piece negate(const Piece &p)
{
    if (p.fts)
        return { true, u'(' + kAll + QLatin1String(" NOT ") + p.text + u')', {} };
    // Rows without the column (no coordinates) do not match the clause, so they match its negation.
    return { false, QLatin1String("NOT coalesce(") + p.text + QLatin1String(", 0)"), p.binds };
}

Piece compileNode(const QueryNode &n);

Piece combineAnd(const QueryNode &n)
{
    QStringList ftsPos, ftsNeg;
    QList<Piece> sql;
    for (const auto &c : n.children) {
        Piece p = compileNode(*c);
        // compileNode already applied the child's own negation for groups and SQL pieces;
        // negated FTS clauses come back positive so that AND can use FTS5's NOT directly.
        if (p.fts && c->negated && c->kind == QueryNode::Kind::Clause)
            ftsNeg.append(p.text);
        else if (p.fts)
            ftsPos.append(p.text);
        else
            sql.append(p);
    }
    QString fts;
    if (!ftsPos.isEmpty() || !ftsNeg.isEmpty()) {
        fts = ftsPos.isEmpty() ? kAll : ftsPos.join(QLatin1String(" AND "));
        for (const QString &neg : ftsNeg)
            fts += QLatin1String(" NOT ") + neg;
        fts = u'(' + fts + u')';
    }
    if (sql.isEmpty())
        return { true, fts, {} };
    Piece out { false, {}, {} };
    QStringList parts;
    if (!fts.isEmpty()) {
        const Piece s = asSql({ true, fts, {} });
        parts.append(s.text);
        out.binds += s.binds;
    }
    for (const Piece &p : sql) {
        parts.append(p.text);
        out.binds += p.binds;
    }
    out.text = u'(' + parts.join(QLatin1String(" AND ")) + u')';
    return out;
}

Piece combineOr(const QueryNode &n)
{
    QList<Piece> pieces;
    bool allFts = true;
    for (const auto &c : n.children) {
        Piece p = compileNode(*c);
        if (p.fts && c->negated && c->kind == QueryNode::Kind::Clause)
            p = negate(p);
        allFts = allFts && p.fts;
        pieces.append(p);
    }
    Piece out { allFts, {}, {} };
    QStringList parts;
    for (const Piece &p : pieces) {
        const Piece s = allFts ? p : asSql(p);
        parts.append(s.text);
        out.binds += s.binds;
    }
    out.text = u'(' + parts.join(QLatin1String(" OR ")) + u')';
    return out;
}

// Negated FTS clauses are returned un-negated (the parent applies NOT); everything else is final.
Piece compileNode(const QueryNode &n)
{
    if (n.kind == QueryNode::Kind::Clause) {
        Piece p = clausePiece(n);
        if (n.negated && !p.fts)
            p = negate(p);
        return p;
    }
    return n.kind == QueryNode::Kind::And ? combineAnd(n) : combineOr(n);
}

} // namespace

SqlFilter QueryLanguage::compile(const ParsedQuery &query)
{
    SqlFilter out;
    const QueryNode *root = query.root();
    if (!root) {
        out.where = QStringLiteral("0");
        return out;
    }
    // The top-level AND drives from the full-text index whenever it has FTS clauses: its SQL
    // clauses then filter the index's (ordered) hits instead of the other way round.
    if (root->kind == QueryNode::Kind::And) {
        QStringList ftsPos, ftsNeg, sql;
        for (const auto &c : root->children) {
            Piece p = compileNode(*c);
            if (p.fts && c->negated && c->kind == QueryNode::Kind::Clause)
                ftsNeg.append(p.text);
            else if (p.fts)
                ftsPos.append(p.text);
            else {
                sql.append(p.text);
                out.binds += p.binds;
            }
        }
        if (!ftsPos.isEmpty() || !ftsNeg.isEmpty()) {
            QString fts = ftsPos.isEmpty() ? kAll : ftsPos.join(QLatin1String(" AND "));
            for (const QString &neg : ftsNeg)
                fts += QLatin1String(" NOT ") + neg;
            out.match = fts;
        }
        out.where = sql.isEmpty() ? QStringLiteral("1") : sql.join(QLatin1String(" AND "));
        return out;
    }
    Piece p = compileNode(*root);
    if (p.fts && root->negated)
        p = negate(p);
    if (p.fts) {
        out.match = p.text;
        out.where = QStringLiteral("1");
    } else {
        out.where = p.text;
        out.binds = p.binds;
    }
    return out;
}

QString QueryLanguage::plainReason(const QString &r)
{
    QString plain;
    if (r == QLatin1String("mismatched input '<EOF>' expecting ')'"))
        plain = QStringLiteral("a '(' is not closed");
    else if (r == QLatin1String("mismatched input '<EOF>' expecting a clause"))
        plain = QStringLiteral("the query ends where a term should follow (after OR, '-' or '(')");
    else if (r == QLatin1String("missing EOF at ')'"))
        plain = QStringLiteral("a ')' closes no '('");
    else if (r == QLatin1String("no viable alternative at input '()'"))
        plain = QStringLiteral("empty parentheses");
    else if (r.startsWith(QLatin1String("no viable alternative at input ")))
        plain = QStringLiteral("%1 cannot stand here").arg(r.mid(31));
    else if (r == QLatin1String("no viable alternative at character '''"))
        plain = QStringLiteral("a phrase takes double quotes (\"coca cola\")");
    else if (r.startsWith(QLatin1String("no viable alternative at character ")))
        plain = QStringLiteral("%1 is not part of the query language; to search for it, put it inside double quotes")
                    .arg(r.mid(35));
    else if (r.startsWith(QLatin1String("token recognition error at: '\"")))
        plain = QStringLiteral("a phrase's closing '\"' is missing");
    else if (r.startsWith(QLatin1String("extraneous input ")) && r.endsWith(QLatin1String(" expecting <EOF>")))
        plain = QStringLiteral("%1 cannot stand here").arg(r.mid(17, r.size() - 17 - 16));
    return plain.isEmpty() ? r : r + QStringLiteral(": ") + plain;
}

} // namespace ts::archive
