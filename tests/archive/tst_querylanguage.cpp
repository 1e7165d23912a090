// SPDX-License-Identifier: MIT
// The X v2 query language against a small real archive: each operator matches what it should
// and nothing else, and each invalid query gets the API's reason and position.
#include "archive/archivestore.h"
#include "archive/querylanguage.h"
#include "archive/querynode.h"
#include "archivefixture.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::archive;

class tst_QueryLanguage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ArchiveStore m_store;
    QList<Tweet> m_tweets;

    QList<int> search(const QString &query)
    {
        SearchParams p;
        p.query = query;
        p.maxResults = 100;
        auto r = m_store.search(p);
        if (auto *e = std::get_if<QueryError>(&r)) {
            qWarning() << "query error" << e->position << e->reason;
            return { -1 };
        }
        if (auto *e = std::get_if<StoreError>(&r)) {
            qWarning() << "store error" << e->message;
            return { -2 };
        }
        QList<int> out;
        for (const StoredTweet &s : std::get<SearchPage>(r).tweets) {
            for (int i = 0; i < m_tweets.size(); ++i) {
                if (m_tweets[i].id == s.tweet.id)
                    out.append(i + 1);
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_store.open(m_dir.filePath(QStringLiteral("q.sqlite")), &error), qPrintable(error));
        m_tweets = testing::fixtureTweets();
        auto r = m_store.insert(m_tweets);
        QVERIFY(std::holds_alternative<InsertStats>(r));
        QCOMPARE(std::get<InsertStats>(r).inserted, m_tweets.size());
    }

    void matches_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QList<int>>("expected");
        const QString conv = testing::fixtureTweets().at(0).id;
        QTest::addRow("keyword") << u"cats"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("keyword case-insensitive") << u"CATS"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("keyword accent-insensitive") << u"cafe"_qs << QList<int> { 2 };
        QTest::addRow("keyword with accent") << u"CAFÉ"_qs << QList<int> { 2 };
        QTest::addRow("keyword no match") << u"giraffe"_qs << QList<int> {};
        QTest::addRow("punctuation splits") << u"coca-cola"_qs << QList<int> { 8 };
        QTest::addRow("part of a hyphenated word") << u"cola"_qs << QList<int> { 8 };
        QTest::addRow("hangul") << u"한국"_qs << QList<int> { 7 };
        QTest::addRow("emoji") << u"🐱"_qs << QList<int> { 2 };
        QTest::addRow("phrase") << u"\"love cats\""_qs << QList<int> { 1, 4 };
        QTest::addRow("phrase in the wrong order") << u"\"cats love\""_qs << QList<int> {};
        QTest::addRow("phrase just bought a house") << u"\"just bought a house\""_qs << QList<int> { 6 };
        QTest::addRow("implicit AND") << u"cats dogs"_qs << QList<int> { 1, 4 };
        QTest::addRow("OR") << u"cats OR eclipse"_qs << QList<int> { 1, 2, 3, 4 };
        QTest::addRow("lowercase or is a keyword") << u"cats or eclipse"_qs << QList<int> {};
        QTest::addRow("AND binds tighter than OR") << u"eclipse OR cats dogs"_qs << QList<int> { 1, 2, 4 };
        QTest::addRow("parentheses") << u"(eclipse OR cats) dogs"_qs << QList<int> { 1, 4 };
        QTest::addRow("nested parentheses") << u"((memes) OR (cats -dogs))"_qs << QList<int> { 3, 8 };
        QTest::addRow("negation") << u"cats -dogs"_qs << QList<int> { 3 };
        QTest::addRow("negated phrase") << u"cats -\"love cats\""_qs << QList<int> { 3 };
        QTest::addRow("negated operator") << u"(cats OR nuclear) -is:retweet"_qs << QList<int> { 1, 3, 5 };
        QTest::addRow("hashtag") << u"#cats"_qs << QList<int> { 1, 4 };
        QTest::addRow("hashtag case") << u"#CATS"_qs << QList<int> { 1, 4 };
        QTest::addRow("hashtag is exact") << u"#cat"_qs << QList<int> {};
        QTest::addRow("hashtag long") << u"#justboughtahouse"_qs << QList<int> { 6 };
        QTest::addRow("mention") << u"@alice"_qs << QList<int> { 3, 4 };
        QTest::addRow("mention bob") << u"@bob"_qs << QList<int> { 1 };
        QTest::addRow("cashtag") << u"$TSLA"_qs << QList<int> { 5 };
        QTest::addRow("dollar amount is a keyword") << u"$100"_qs << QList<int> {};
        QTest::addRow("from username") << u"from:alice"_qs << QList<int> { 1, 6 };
        QTest::addRow("from username case") << u"from:ALICE"_qs << QList<int> { 1, 6 };
        QTest::addRow("from id") << u"from:101"_qs << QList<int> { 1, 6 };
        QTest::addRow("from with @") << u"from:@bob"_qs << QList<int> { 2, 8 };
        QTest::addRow("to username") << u"to:alice"_qs << QList<int> { 3 };
        QTest::addRow("to id") << u"to:101"_qs << QList<int> { 3 };
        QTest::addRow("url") << u"url:example.com"_qs << QList<int> { 2 };
        QTest::addRow("url quoted") << u"url:\"https://example.com/eclipse\""_qs << QList<int> { 2 };
        QTest::addRow("url no match") << u"url:example.org"_qs << QList<int> {};
        QTest::addRow("retweets_of") << u"retweets_of:alice"_qs << QList<int> { 4 };
        QTest::addRow("retweets_of id") << u"retweets_of:101"_qs << QList<int> { 4 };
        QTest::addRow("conversation_id") << (u"conversation_id:"_qs + conv) << QList<int> { 1, 3 };
        QTest::addRow("is:reply") << u"cats is:reply"_qs << QList<int> { 3 };
        QTest::addRow("is:retweet") << u"cats is:retweet"_qs << QList<int> { 4 };
        QTest::addRow("is:quote") << u"nuclear is:quote"_qs << QList<int> { 5 };
        QTest::addRow("is:verified") << u"nuclear is:verified"_qs << QList<int> { 5 };
        QTest::addRow("is:verified no match") << u"cats is:verified"_qs << QList<int> {};
        QTest::addRow("-is:nullcast") << u"cats -is:nullcast"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("has:links") << u"eclipse has:links"_qs << QList<int> { 2 };
        QTest::addRow("has:links no match") << u"cats has:links"_qs << QList<int> {};
        QTest::addRow("has:media") << u"(nuclear OR korea OR cats) has:media"_qs << QList<int> { 5, 7 };
        QTest::addRow("has:images") << u"(nuclear OR korea) has:images"_qs << QList<int> { 5 };
        QTest::addRow("has:hashtags") << u"cats has:hashtags"_qs << QList<int> { 1, 4 };
        QTest::addRow("has:mentions") << u"cats has:mentions"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("has:geo") << u"(paris OR eclipse OR cats) has:geo"_qs << QList<int> { 2, 6 };
        QTest::addRow("-has:geo") << u"(paris OR eclipse OR cats) -has:geo"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("lang") << u"cats lang:en"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("lang fr") << u"(cats OR eclipse) lang:fr"_qs << QList<int> { 2 };
        QTest::addRow("place_country") << u"place_country:us"_qs << QList<int> { 2 };
        QTest::addRow("place_country FR") << u"place_country:FR"_qs << QList<int> { 6 };
        QTest::addRow("point_radius km") << u"point_radius:[2.35 48.85 10km]"_qs << QList<int> { 6 };
        QTest::addRow("point_radius mi") << u"point_radius:[-74.0 40.7 5mi]"_qs << QList<int> { 2 };
        QTest::addRow("point_radius too far") << u"point_radius:[-73.0 40.7 5mi]"_qs << QList<int> {};
        QTest::addRow("bounding_box") << u"bounding_box:[2.2 48.8 2.5 48.9]"_qs << QList<int> { 6 };
        QTest::addRow("geo inside OR") << u"memes OR point_radius:[-74.0 40.7 5mi]"_qs << QList<int> { 2, 8 };
        QTest::addRow("negated geo keeps rows without coordinates")
            << u"(cats OR eclipse) -bounding_box:[-75 40 -73 41]"_qs << QList<int> { 1, 3, 4 };
        QTest::addRow("negation inside OR group") << u"memes OR (cats -dogs)"_qs << QList<int> { 3, 8 };
        QTest::addRow("operators are case-insensitive") << u"cats IS:RETWEET"_qs << QList<int> { 4 };
    }

    void matches()
    {
        QFETCH(QString, query);
        QFETCH(QList<int>, expected);
        QCOMPARE(search(query), expected);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("reason");
        QTest::addRow("missing )") << u"(cats OR dogs"_qs << 512 << 14 << u"mismatched input '<EOF>' expecting ')'"_qs;
        QTest::addRow("extra )") << u"cats dogs)"_qs << 512 << 10 << u"missing EOF at ')'"_qs;
        QTest::addRow("standalone is:") << u"is:retweet"_qs << 512 << 1
                                        << u"is/has/lang cannot be used as a standalone operator"_qs;
        QTest::addRow("standalone has: and lang:")
            << u"has:links lang:en"_qs << 512 << 1 << u"is/has/lang cannot be used as a standalone operator"_qs;
        QTest::addRow("standalone in an OR branch")
            << u"cats OR has:links"_qs << 512 << 9 << u"is/has/lang cannot be used as a standalone operator"_qs;
        QTest::addRow("negation only") << u"-cats"_qs << 512 << 1
                                       << u"Rules must contain at least one positive, non-stopword clause"_qs;
        QTest::addRow("negations only") << u"-cats -dogs"_qs << 512 << 1
                                        << u"Rules must contain at least one positive, non-stopword clause"_qs;
        QTest::addRow("negative OR branch")
            << u"cats OR -dogs"_qs << 512 << 9 << u"Rules must contain at least one positive, non-stopword clause"_qs;
        QTest::addRow("unknown operator")
            << u"cats foo:bar"_qs << 512 << 6 << u"Reference to invalid operator 'foo:bar'"_qs;
        QTest::addRow("unknown has:") << u"cats has:polls"_qs << 512 << 6
                                      << u"Reference to invalid operator 'has:polls'"_qs;
        QTest::addRow("too long for recent")
            << QString(513, u'a') << 512 << 513 << u"Query is 513 characters long; this endpoint allows at most 512"_qs;
        QTest::addRow("fits full archive") << QString(513, u'a') << 1024 << 0 << QString();
        QTest::addRow("empty") << QString() << 512 << 1 << u"The `query` query parameter can not be empty"_qs;
        QTest::addRow("blank") << u"   "_qs << 512 << 1 << u"The `query` query parameter can not be empty"_qs;
        QTest::addRow("AND") << u"cats AND dogs"_qs << 512 << 6
                             << u"Ambiguous use of and as a keyword. Use a space to logically join two clauses, or "
                                "\"and\" to find occurrences of and in text"_qs;
        QTest::addRow("negated group") << u"cats -(a OR b)"_qs << 512 << 6
                                       << u"Negating a group is not supported: negate each clause instead (-a -b "
                                          "rather than -(a OR b))"_qs;
        QTest::addRow("trailing OR") << u"cats OR"_qs << 512 << 8 << u"mismatched input '<EOF>' expecting a clause"_qs;
        QTest::addRow("leading OR") << u"OR cats"_qs << 512 << 1 << u"no viable alternative at input 'OR'"_qs;
        QTest::addRow("empty group") << u"cats ()"_qs << 512 << 7 << u"no viable alternative at input '()'"_qs;
        QTest::addRow("single quote") << u"(pepsi OR 'coca cola')"_qs << 512 << 11
                                      << u"no viable alternative at character '''"_qs;
        QTest::addRow("bracket") << u"[cats]"_qs << 512 << 1 << u"no viable alternative at character '['"_qs;
        QTest::addRow("unterminated phrase")
            << u"cats \"big dogs"_qs << 512 << 6 << u"token recognition error at: '\"big dogs'"_qs;
        QTest::addRow("point_radius too big") << u"point_radius:[2 48 100km]"_qs << 512 << 1
                                              << u"Invalid value for operator 'point_radius:[2 48 100km]': the radius "
                                                 "must be greater than 0 and at most 25mi (40km)"_qs;
        QTest::addRow("operator without value")
            << u"cats from:"_qs << 512 << 6 << u"no viable alternative at input 'from:'"_qs;
        QTest::addRow("bad conversation id") << u"conversation_id:abc"_qs << 512 << 1
                                             << u"Invalid value for operator 'conversation_id:abc': expected a tweet "
                                                "id (1 to 19 digits)"_qs;
        QTest::addRow("stopword only") << u"!!!"_qs << 512 << 1
                                       << u"Rules must contain at least one positive, non-stopword clause"_qs;
    }

    // The API's parser-generator reasons keep their words and gain plain ones; the others stay.
    void plainReasons_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("plain");
        QTest::addRow("missing )") << u"(cats OR dogs"_qs
                                   << u"mismatched input '<EOF>' expecting ')': a '(' is not closed"_qs;
        QTest::addRow("extra )") << u"cats dogs)"_qs << u"missing EOF at ')': a ')' closes no '('"_qs;
        QTest::addRow("trailing OR") << u"cats OR"_qs
                                     << u"mismatched input '<EOF>' expecting a clause: the query ends where a term "
                                        "should follow (after OR, '-' or '(')"_qs;
        QTest::addRow("leading OR") << u"OR cats"_qs
                                    << u"no viable alternative at input 'OR': 'OR' cannot stand here"_qs;
        QTest::addRow("empty group") << u"cats ()"_qs << u"no viable alternative at input '()': empty parentheses"_qs;
        QTest::addRow("single quote") << u"(pepsi OR 'coca cola')"_qs
                                      << u"no viable alternative at character ''': a phrase takes double quotes "
                                         "(\"coca cola\")"_qs;
        QTest::addRow("bracket") << u"[cats]"_qs
                                 << u"no viable alternative at character '[': '[' is not part of the query "
                                    "language; to search for it, put it inside double quotes"_qs;
        QTest::addRow("unterminated phrase")
            << u"cats \"big dogs"_qs
            << u"token recognition error at: '\"big dogs': a phrase's closing '\"' is missing"_qs;
        QTest::addRow("unknown operator unchanged")
            << u"cats foo:bar"_qs << u"Reference to invalid operator 'foo:bar'"_qs;
    }
    void plainReasons()
    {
        QFETCH(QString, query);
        QFETCH(QString, plain);
        const auto parsed = QueryLanguage::parse(query, 512);
        const auto *e = std::get_if<ts::archive::QueryError>(&parsed);
        QVERIFY(e);
        QCOMPARE(QueryLanguage::plainReason(e->reason), plain);
    }

    /// "w0 (w1 OR (w2 (w3 OR (... (wN))))": groups alternate AND and OR, `parens` deep.
    static QString alternating(int parens)
    {
        QString q = u"w%1"_qs.arg(parens);
        for (int d = parens - 1; d >= 0; --d)
            q = u"w%1"_qs.arg(d) + (d % 2 == 1 ? u" OR ("_qs : u" ("_qs) + q + u')';
        return q;
    }

    void sameKindGroupsFlatten()
    {
        auto r = QueryLanguage::parse(u"a (b (c (d e))) (f OR (g OR h))"_qs);
        QVERIFY(std::holds_alternative<ParsedQuery>(r));
        const QueryNode *root = std::get<ParsedQuery>(r).root();
        QCOMPARE(root->kind, QueryNode::Kind::And);
        QCOMPARE(root->children.size(), size_t(6)); // a b c d e, (f OR g OR h)
        QCOMPARE(root->children[5]->kind, QueryNode::Kind::Or);
        QCOMPARE(root->children[5]->children.size(), size_t(3));
        // 40 parentheses of one kind are one group: no depth error, and the store answers.
        const QString deepSameKind = QString(40, u'(') + u"cats dogs"_qs + QString(40, u')');
        QVERIFY(std::holds_alternative<ParsedQuery>(QueryLanguage::parse(deepSameKind)));
        SearchParams p;
        p.query = deepSameKind;
        QVERIFY(std::holds_alternative<SearchPage>(m_store.search(p)));
    }

    void depthIsBounded()
    {
        // At the bound: parsed, and the store answers (FTS5 overflowed near 33 before).
        SearchParams p;
        p.maxQueryLength = 4096;
        p.query = alternating(QueryLanguage::MaxGroupDepth);
        QVERIFY(std::holds_alternative<ParsedQuery>(QueryLanguage::parse(p.query, 4096)));
        QVERIFY(std::holds_alternative<SearchPage>(m_store.search(p)));
        // One past, and far past (33 groups in 239 characters gave "fts5: parser stack overflow"):
        // rejected at the '(' of the first group too deep, by the parser and by the store alike.
        for (const int parens : { QueryLanguage::MaxGroupDepth + 1, 33, 200 }) {
            p.query = alternating(parens);
            auto r = QueryLanguage::parse(p.query, 4096);
            QVERIFY(std::holds_alternative<QueryError>(r));
            const QueryError e = std::get<QueryError>(r);
            qsizetype at = -1;
            for (int k = 0; k < QueryLanguage::MaxGroupDepth; ++k)
                at = p.query.indexOf(u'(', at + 1);
            if (parens > QueryLanguage::MaxParenDepth) {
                QCOMPARE(e.reason, u"Parentheses are nested more than 64 deep"_qs);
                continue;
            }
            QCOMPARE(e.position, int(at) + 1);
            QVERIFY2(e.reason.startsWith(u"Groups are nested too deeply: at most 16 levels"_qs), qPrintable(e.reason));
            auto s = m_store.search(p);
            QVERIFY(std::holds_alternative<QueryError>(s));
            QCOMPARE(std::get<QueryError>(s).position, e.position);
        }
        // The parser's own recursion is bounded too, whatever the length allowed.
        const QString parens = QString(5000, u'(') + u"a"_qs + QString(5000, u')');
        auto r = QueryLanguage::parse(parens, 0);
        QVERIFY(std::holds_alternative<QueryError>(r));
        QCOMPARE(std::get<QueryError>(r).position, QueryLanguage::MaxParenDepth + 1);
    }

    void errors()
    {
        QFETCH(QString, query);
        QFETCH(int, maxLength);
        QFETCH(int, position);
        QFETCH(QString, reason);
        auto r = QueryLanguage::parse(query, maxLength);
        if (reason.isEmpty()) {
            QVERIFY(std::holds_alternative<ParsedQuery>(r));
            return;
        }
        QVERIFY2(std::holds_alternative<QueryError>(r), "query should be rejected");
        const QueryError e = std::get<QueryError>(r);
        QCOMPARE(e.reason, reason);
        QCOMPARE(e.position, position);
        // The store answers the same error, never an SQLite message.
        SearchParams p;
        p.query = query;
        p.maxQueryLength = maxLength;
        auto s = m_store.search(p);
        QVERIFY(std::holds_alternative<QueryError>(s));
        QCOMPARE(std::get<QueryError>(s).reason, reason);
    }

    void userTextNeverReachesSql_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addRow("quote in keyword") << u"cats\"); DROP TABLE tweets; --"_qs;
        QTest::addRow("fts syntax") << u"cats* NEAR(a b) ^x"_qs;
        QTest::addRow("column filter lookalike") << u"tags:xall"_qs;
    }

    void userTextNeverReachesSql()
    {
        QFETCH(QString, query);
        auto r = QueryLanguage::parse(query, 512);
        if (auto *parsed = std::get_if<ParsedQuery>(&r)) {
            const SqlFilter f = QueryLanguage::compile(*parsed);
            QVERIFY(!f.where.contains(u"DROP"_qs));
        }
        SearchParams p;
        p.query = query;
        auto s = m_store.search(p);
        QVERIFY(!std::holds_alternative<StoreError>(s));
        QCOMPARE(m_store.tweetCount(), m_tweets.size());
    }

    void terms()
    {
        auto r = QueryLanguage::parse(u"cats \"just bought\" -dogs #x from:a"_qs);
        QVERIFY(std::holds_alternative<ParsedQuery>(r));
        QCOMPARE(std::get<ParsedQuery>(r).terms(), (QStringList { u"cats"_qs, u"just bought"_qs }));
    }

    void tokenizeFoldsLikeTheIndex()
    {
        QCOMPARE(QueryLanguage::tokenize(u"Crème BRÛLÉE, coca-cola!"),
            (QStringList { u"creme"_qs, u"brulee"_qs, u"coca"_qs, u"cola"_qs }));
    }
};

QTEST_GUILESS_MAIN(tst_QueryLanguage)
#include "tst_querylanguage.moc"
