// SPDX-License-Identifier: MIT
// No input may crash, hang or read out of bounds: truncations and byte flips of real payloads,
// deep nesting, huge strings, invalid UTF-8, BOMs, blank input. Run it under the asan preset.
#include "fixtures.h"

#include "tweet/normalizedjson.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace ts;

class TestParserRobustness : public QObject
{
    Q_OBJECT

private slots:
    void truncationsOfRealPayloads_data();
    void truncationsOfRealPayloads();
    void randomByteFlips();
    void deepNesting_data();
    void deepNesting();
    void hugeString();
    void invalidUtf8();
    void blankAndBomInputs_data();
    void blankAndBomInputs();
    void parserIsReusableAfterErrors();

private:
    // Parses and renders everything it got: a crash or sanitizer report fails the run.
    static ParseResult exercise(TweetParser &parser, QByteArrayView bytes)
    {
        ParseResult r = parser.parse(bytes);
        if (r.ok()) {
            QByteArray out;
            for (const Tweet &t : r.document->tweets)
                appendNormalizedJson(out, t);
        } else {
            Q_ASSERT(!r.error.isEmpty());
        }
        return r;
    }
};

void TestParserRobustness::truncationsOfRealPayloads_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("v2 page") << u"twarc-csv/two_tweets.jsonl"_qs;
    QTest::addRow("v2 quote") << u"twarc-csv/quoted_edit.jsonl"_qs;
    QTest::addRow("original")
        << u"tweet_parser/broken_and_unsupported_payloads/original_format_missing_quotetweet_field.json"_qs;
    QTest::addRow("activity") << u"tweet_parser/broken_and_unsupported_payloads/activity_streams_missing_field.json"_qs;
}

void TestParserRobustness::truncationsOfRealPayloads()
{
    QFETCH(QString, file);
    const QByteArray full = fixtures::readAll(fixtures::path(file)).trimmed();
    QVERIFY(full.size() > 1000);
    TweetParser parser;
    int failed = 0;
    // Every prefix length: each cut is either a clear error or (rarely) still a document.
    for (qsizetype n = 0; n < full.size(); ++n) {
        // A copy with exactly n bytes, so that the sanitizer sees any read past the end.
        const QByteArray cut(full.constData(), n);
        failed += !exercise(parser, cut).ok();
    }
    QVERIFY(failed > full.size() * 9 / 10);
    QVERIFY(exercise(parser, full).ok());
}

void TestParserRobustness::randomByteFlips()
{
    const QByteArray full = fixtures::readAll(fixtures::path(u"twarc-csv/quoted_edit.jsonl"_qs)).trimmed();
    const QByteArray of = fixtures::readAll(
        fixtures::path(u"tweet_parser/broken_and_unsupported_payloads/original_format_additional_field.json"_qs))
                              .trimmed();
    QRandomGenerator rng(20261125);
    TweetParser parser;
    static const char interesting[] = "{}[]\",:\\0 -ex\x80\xff\xc3";
    for (const QByteArray *base : { &full, &of }) {
        for (int round = 0; round < 1500; ++round) {
            QByteArray b = *base;
            const int flips = 1 + int(rng.bounded(4));
            for (int i = 0; i < flips; ++i) {
                const qsizetype pos = rng.bounded(int(b.size()));
                b[pos]
                    = rng.bounded(2) ? char(rng.bounded(256)) : interesting[rng.bounded(int(sizeof interesting - 1))];
            }
            exercise(parser, b);
        }
    }
}

void TestParserRobustness::deepNesting_data()
{
    QTest::addColumn<QByteArray>("doc");
    QTest::addRow("10k [") << QByteArray(10000, '[');
    QTest::addRow("10k [ closed") << QByteArray(10000, '[') + QByteArray(10000, ']');
    QByteArray objects;
    for (int i = 0; i < 10000; ++i)
        objects += "{\"a\":";
    QTest::addRow("10k objects") << objects;
    QTest::addRow("deep in a tweet") << QByteArray("{\"id\":\"1\",\"text\":\"x\",\"extra\":") + QByteArray(10000, '[')
            + QByteArray(10000, ']') + "}";
    QTest::addRow("deep in data") << QByteArray("{\"data\":[{\"id\":\"1\",\"text\":\"x\",\"entities\":{\"hashtags\":")
            + QByteArray(5000, '[') + QByteArray(5000, ']') + "}}]}";
}

void TestParserRobustness::deepNesting()
{
    QFETCH(QByteArray, doc);
    TweetParser parser;
    QElapsedTimer timer;
    timer.start();
    exercise(parser, doc);
    QVERIFY(timer.elapsed() < 5000);
}

void TestParserRobustness::hugeString()
{
    // A 50 MB text: parsed (or refused) without crashing; the text is kept whole.
    QByteArray doc = "{\"id\":\"1\",\"text\":\"";
    doc += QByteArray(50 * 1024 * 1024, 'a');
    doc += "\"}";
    TweetParser parser;
    const ParseResult r = exercise(parser, doc);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.document->tweets.constFirst().text.size(), 50 * 1024 * 1024);
    // Unterminated huge string.
    doc.chop(2);
    QVERIFY(!exercise(parser, doc).ok());
}

void TestParserRobustness::invalidUtf8()
{
    TweetParser parser;
    for (const QByteArray &doc : { QByteArray("{\"id\":\"1\",\"text\":\"bad \xff\xfe bytes\"}"),
             QByteArray("{\"id\":\"1\",\"text\":\"cut \xe2\x82\"}"),
             QByteArray("{\"id\":\"1\",\"text\":\"overlong \xc0\xaf\"}"),
             QByteArray("{\"id\":\"1\",\"text\":\"lone \\ud800 surrogate\"}"),
             QByteArray("{\"id\":\"1\",\"te\xff\":\"key\"}") }) {
        const ParseResult r = exercise(parser, doc);
        if (!r.ok())
            QVERIFY2(
                r.error.contains(u"invalid"_qs) || r.error.contains(u"UTF"_qs) || r.error.contains(u"not a tweet"_qs),
                qPrintable(r.error));
    }
}

void TestParserRobustness::blankAndBomInputs_data()
{
    QTest::addColumn<QByteArray>("doc");
    QTest::addColumn<bool>("ok");
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("spaces") << QByteArray(" \t\r\n ") << false;
    QTest::addRow("bom only") << QByteArray("\xef\xbb\xbf") << false;
    QTest::addRow("half bom") << QByteArray("\xef\xbb") << false;
    QTest::addRow("bom tweet") << QByteArray("\xef\xbb\xbf{\"id\":\"1\",\"text\":\"x\"}") << true;
    QTest::addRow("two boms") << QByteArray("\xef\xbb\xbf\xef\xbb\xbf{\"id\":\"1\",\"text\":\"x\"}") << false;
    QTest::addRow("null") << QByteArray("null") << false;
    QTest::addRow("number") << QByteArray("12345678901234567890123") << false;
    QTest::addRow("two docs") << QByteArray("{\"id\":\"1\",\"text\":\"x\"} {\"id\":\"2\",\"text\":\"y\"}") << false;
    QTest::addRow("nul bytes") << QByteArray(64, '\0') << false;
}

void TestParserRobustness::blankAndBomInputs()
{
    QFETCH(QByteArray, doc);
    QFETCH(bool, ok);
    TweetParser parser;
    const ParseResult r = exercise(parser, doc);
    QCOMPARE(r.ok(), ok);
}

void TestParserRobustness::parserIsReusableAfterErrors()
{
    TweetParser parser;
    QVERIFY(!parser.parse("{\"id\":\"1\",").ok());
    QVERIFY(!parser.parse(QByteArray(20000, '[')).ok());
    const ParseResult r = parser.parse("{\"id\":\"2\",\"text\":\"fine\"}");
    QVERIFY(r.ok());
    QCOMPARE(r.document->tweets.constFirst().text, u"fine"_qs);
}

QTEST_GUILESS_MAIN(TestParserRobustness)
#include "tst_parserrobustness.moc"
