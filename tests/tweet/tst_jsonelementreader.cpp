// SPDX-License-Identifier: MIT
// JsonElementReader: one JSON document of any size read element by element (a top-level
// array, a page's data or results array, an X account archive's `window.YTD... = [...]`),
// structural errors named by line, elements over the limit skipped, and forEachPiece giving
// the same tweets as parsing the whole document.
#include "tweet/jsonelementreader.h"
#include "tweet/tweetparser.h"

#include <QBuffer>
#include <QTest>

using ts::JsonElementReader;

namespace {

struct Read
{
    QList<JsonElementReader::Element> elements; ///< json pointing into texts
    QList<QByteArray> texts;
    QString error;
    bool atEnd = false;
    QByteArray arrayKey, prefix;
};

Read readAll(QByteArray input, qsizetype maxElement = 1 << 20, qsizetype whole = 0, bool prefix = false)
{
    QBuffer buffer(&input);
    buffer.open(QIODevice::ReadOnly);
    JsonElementReader reader;
    reader.open(&buffer, QStringLiteral("in.json"));
    reader.setMaxElementSize(maxElement);
    reader.setWholeDocumentLimit(whole);
    reader.setAssignmentPrefixAllowed(prefix);
    Read r;
    JsonElementReader::Element e;
    while (reader.next(e)) {
        r.texts.append(e.json.toByteArray());
        e.json = {};
        r.elements.append(e);
    }
    r.error = reader.errorString();
    r.atEnd = reader.atEnd();
    r.arrayKey = reader.arrayKey();
    r.prefix = reader.prefix();
    return r;
}

QByteArray v2Tweet(int i)
{
    return QStringLiteral(R"({"id":"%1","text":"tweet number %2 [with] {brackets} and \"quotes\" \\ #t%2",)"
                          R"("created_at":"2022-01-01T00:00:00.000Z","author_id":"%3"})")
        .arg(1500000000000000000LL + i)
        .arg(i)
        .arg(100 + i % 7)
        .toUtf8();
}

QByteArray v2Page(int n)
{
    QByteArray page = "{\"data\":[";
    for (int i = 0; i < n; ++i)
        page += (i ? "," : "") + v2Tweet(i);
    page += "],\"includes\":{\"users\":[";
    for (int u = 0; u < 7; ++u)
        page += QStringLiteral(R"(%1{"id":"%2","username":"user%3","name":"User %3"})")
                    .arg(u ? u"," : u"")
                    .arg(100 + u)
                    .arg(u)
                    .toUtf8();
    page += "]},\"meta\":{\"result_count\":" + QByteArray::number(n) + "}}";
    return page;
}

} // namespace

class TestJsonElementReader : public QObject
{
    Q_OBJECT

private slots:
    void topLevelArrayPrettyPrinted()
    {
        const Read r = readAll("\xEF\xBB\xBF[\n  {\"id\": \"1\"},\n  [1, 2],\n  \"a]\\\"[\",\n  42,\n"
                               "  {\"x\": \"}\\\\\"}\n]\n");
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.atEnd);
        QCOMPARE(
            r.texts, (QList<QByteArray> { "{\"id\": \"1\"}", "[1, 2]", "\"a]\\\"[\"", "42", "{\"x\": \"}\\\\\"}" }));
        QCOMPARE(r.elements[0].line, 2);
        QCOMPARE(r.elements[4].line, 6);
        QCOMPARE(r.elements[4].index, 4);
        QCOMPARE(r.arrayKey, QByteArray());
    }

    void pageArraysAndSkippedMembers()
    {
        QByteArray page = "{\"meta\": {\"a\": [1, {\"b\": \"]\"}]},\n \"data\": [{\"id\":\"1\"}, {\"id\":\"2\"}],\n"
                          " \"includes\": {\"users\": [{\"id\": \"9\"}]}}";
        QBuffer buffer(&page);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        JsonElementReader reader;
        reader.open(&buffer, QStringLiteral("page"));
        JsonElementReader::Element e;
        QList<QByteArray> got;
        while (reader.next(e))
            got.append(e.json.toByteArray());
        QVERIFY2(reader.atEnd(), qPrintable(reader.errorString()));
        QCOMPARE(got, (QList<QByteArray> { "{\"id\":\"1\"}", "{\"id\":\"2\"}" }));
        QCOMPARE(reader.arrayKey(), QByteArray("data"));
        const auto members = reader.skippedMembers();
        QCOMPARE(members.size(), 2);
        QCOMPARE(members[0].key, QByteArray("meta"));
        QCOMPARE(
            page.mid(members[0].begin, members[0].end - members[0].begin), QByteArray("{\"a\": [1, {\"b\": \"]\"}]}"));
        QCOMPARE(members[1].key, QByteArray("includes"));
        QCOMPARE(page.mid(members[1].begin, members[1].end - members[1].begin),
            QByteArray("{\"users\": [{\"id\": \"9\"}]}"));

        const Read enterprise = readAll("{\"results\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}], \"next\": \"x\"}");
        QVERIFY(enterprise.atEnd);
        QCOMPARE(enterprise.arrayKey, QByteArray("results"));
        QCOMPARE(enterprise.texts.size(), 3);
    }

    void wholeDocumentUnderTheLimit()
    {
        const QByteArray doc = "{\n \"data\": [{\"id\":\"1\"}, {\"id\":\"2\"}],\n \"includes\": {}\n}\n";
        const Read whole = readAll(doc, 1 << 20, 1000);
        QVERIFY(whole.atEnd);
        QCOMPARE(whole.texts.size(), 1);
        QVERIFY(whole.elements[0].whole);
        QCOMPARE(whole.texts[0], doc.trimmed());
        // One byte over the limit: element by element, from the start again.
        const Read pieces = readAll(doc, 1 << 20, doc.trimmed().size() - 1);
        QVERIFY(pieces.atEnd);
        QCOMPARE(pieces.texts, (QList<QByteArray> { "{\"id\":\"1\"}", "{\"id\":\"2\"}" }));
        QCOMPARE(pieces.elements[1].line, 2);
    }

    void accountArchivePrefix()
    {
        const QByteArray js = "window.YTD.tweets.part0 = [ {\n  \"tweet\" : {\"id\" : \"1\"}\n}, {\n  \"tweet\" : "
                              "{\"id\" : \"2\"}\n} ]";
        const Read r = readAll(js, 1 << 20, 0, true);
        QVERIFY2(r.atEnd, qPrintable(r.error));
        QCOMPARE(r.prefix, QByteArray("window.YTD.tweets.part0"));
        QCOMPARE(r.texts.size(), 2);
        QCOMPARE(r.elements[1].line, 3);
        // Not allowed: an error at the first byte.
        const Read no = readAll(js);
        QVERIFY(!no.atEnd);
        QVERIFY2(no.error.startsWith(u"in.json: line 1: expected '[' or '{'"_qs), qPrintable(no.error));
    }

    void structuralErrorsNameTheirLine_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("elements");
        QTest::addColumn<QString>("error");
        // A broken first line followed by JSON Lines: found at once, not after the whole file.
        QTest::addRow("lines after [") << QByteArray("[\n{\"id\":1}\n{\"id\":2}\n") << 1
                                       << u"in.json: line 3: expected ',' or ']' after an element, found '{'"_qs;
        QTest::addRow("lines after {") << QByteArray("{\"broken\": \n{\"id\":1}\n{\"id\":2}\n") << 0
                                       << u"in.json: line 3: expected ',' or '}' after a member, found '{'"_qs;
        QTest::addRow("trailing content") << QByteArray("[1]\n\n[2]") << 1
                                          << u"in.json: line 3: more content after the end of the document, "
                                             u"starting with '['"_qs;
        QTest::addRow("trailing comma") << QByteArray("[1,\n]") << 1
                                        << u"in.json: line 2: expected an element, found ']'"_qs;
        QTest::addRow("cut short") << QByteArray("[{\"id\": \"1\"},\n{\"id\": \"2") << 1
                                   << u"in.json: line 2: the document ends inside element 1 (it starts at line 2)"_qs;
        QTest::addRow("not json") << QByteArray("\n\nhello") << 0
                                  << u"in.json: line 3: expected '[' or '{' at the start of the document, found 'h'"_qs;
        QTest::addRow("empty") << QByteArray(" \n") << 0
                               << u"in.json: line 2: no JSON document (the input is empty)"_qs;
        QTest::addRow("key not a string") << QByteArray("{data: []}") << 0
                                          << u"in.json: line 1: expected a member name in quotes or '}', found 'd'"_qs;
    }

    void structuralErrorsNameTheirLine()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, elements);
        QFETCH(QString, error);
        // Also with a whole-document limit: the check fails, and the document is read element
        // by element up to the error.
        for (const qsizetype whole : { 0, 1 << 20 }) {
            const Read r = readAll(input, 1 << 20, whole);
            QVERIFY(!r.atEnd);
            QCOMPARE(r.texts.size(), elements);
            QCOMPARE(r.error, error);
        }
    }

    void tooLongElementsAreSkipped()
    {
        // Elements of 100 bytes under a 1000-byte limit around one of 5 MB (across read chunks).
        QByteArray doc = "[\n";
        for (int i = 0; i < 20; ++i) {
            const QByteArray s = i == 7 ? QByteArray(5 << 20, 'x') : QByteArray(96, char('a' + i));
            doc += (i ? ",\n\"" : "\"") + s + "\"";
        }
        doc += "\n]";
        const Read r = readAll(doc, 1000);
        QVERIFY2(r.atEnd, qPrintable(r.error));
        QCOMPARE(r.texts.size(), 20);
        QVERIFY(r.elements[7].tooLong);
        QCOMPARE(r.elements[7].length, (5 << 20) + 2);
        QVERIFY(r.texts[7].isEmpty());
        QCOMPARE(r.elements[8].line, 10);
        QCOMPARE(r.texts[8], '"' + QByteArray(96, 'i') + '"');
        QVERIFY(!r.elements[8].tooLong);
    }

    void manyElementsAcrossReadChunks()
    {
        // ~20 MB: elements cut by every 4 MiB read boundary come out whole.
        QByteArray doc = "[";
        for (int i = 0; i < 150000; ++i)
            doc += (i ? ",\n" : "") + v2Tweet(i);
        doc += "]";
        const Read r = readAll(doc);
        QVERIFY2(r.atEnd, qPrintable(r.error));
        QCOMPARE(r.texts.size(), 150000);
        for (int i = 0; i < 150000; i += 997)
            QCOMPARE(r.texts[i], v2Tweet(i));
        QCOMPARE(r.elements.back().line, 150000);
    }

    void opensDocument()
    {
        QVERIFY(JsonElementReader::opensDocument("{"));
        QVERIFY(JsonElementReader::opensDocument(" [ \r"));
        QVERIFY(JsonElementReader::opensDocument("{\"data\": ["));
        QVERIFY(JsonElementReader::opensDocument("\xEF\xBB\xBF{\"text\": \"open string"));
        QVERIFY(!JsonElementReader::opensDocument("{\"id\": \"1\"}"));
        QVERIFY(!JsonElementReader::opensDocument("[1, 2]"));
        QVERIFY(!JsonElementReader::opensDocument("not json"));
        QVERIFY(!JsonElementReader::opensDocument(""));
    }

    void piecesGiveTheSameTweetsAsTheWhole()
    {
        // A v2 page cut into batches (each with the includes: the authors' names) and a JSON
        // array cut into elements: the tweets of the pieces are those of the whole.
        ts::TweetParser parser;
        const QByteArray array = "[" + v2Tweet(1) + "," + v2Tweet(2) + ",{\"no\":1}]";
        for (const QByteArray &doc : { v2Page(3000), array }) {
            const auto whole = parser.parse(doc);
            QVERIFY(whole.ok());
            QList<ts::Tweet> expected = whole.document->tweets;
            QList<ts::Tweet> got;
            QStringList errors;
            qint64 pieces = 0, elements = 0;
            QString error;
            QVERIFY(JsonElementReader::forEachPiece(
                doc, 1 << 20, 16 << 10,
                [&](const JsonElementReader::Piece &p) {
                    ++pieces;
                    if (p.firstElement != elements)
                        errors.append(u"pieces out of order"_qs);
                    elements += p.elements;
                    const auto r = parser.parse(p.json);
                    if (!r.ok())
                        errors.append(r.error);
                    else
                        got.append(r.document->tweets);
                    return true;
                },
                &error));
            QVERIFY(pieces > 1);
            QCOMPARE(got.size(), expected.size());
            for (qsizetype i = 0; i < got.size(); ++i) {
                QCOMPARE(got[i].id, expected[i].id);
                QCOMPARE(got[i].text, expected[i].text);
                QCOMPARE(got[i].authorUsername, expected[i].authorUsername);
                QCOMPARE(got[i].rawJson, expected[i].rawJson);
            }
            QCOMPARE(expected.constFirst().authorUsername.isEmpty(), doc.startsWith('['));
            QCOMPARE(errors.size(), doc.startsWith('[') ? 1 : 0);
        }
        // A single tweet is read whole; a broken document is an error, not pieces.
        QString error;
        QVERIFY(!JsonElementReader::forEachPiece(
            v2Tweet(1), 1 << 20, 1024, [](const JsonElementReader::Piece &) { return true; }, &error));
        QVERIFY(error.isEmpty());
        QVERIFY(!JsonElementReader::forEachPiece(
            "{\"data\": [{\"id\":\"1\"} {\"id\":\"2\"}]}", 1 << 20, 1024,
            [](const JsonElementReader::Piece &) { return true; }, &error));
        QCOMPARE(error, u"invalid JSON: line 1: expected ',' or ']' after an element, found '{'"_qs);
    }
};

QTEST_GUILESS_MAIN(TestJsonElementReader)
#include "tst_jsonelementreader.moc"
