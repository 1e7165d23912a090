// SPDX-License-Identifier: MIT
// Utf16Block and utf8ToUtf16: the parser's strings, several per allocation. What a QString made
// this way must still be: the same characters as QString::fromUtf8, '\0'-terminated, safe to
// change while its neighbours live on, freed with its last user.
#include "tweet/utf16block.h"

#include <QRandomGenerator>
#include <QTest>

#include <memory>
#include <string>
#include <vector>

using namespace ts;

namespace {

QString convert(std::string_view utf8)
{
    // Exactly utf8.size() units of room, on the heap: ASan sees any write past them.
    auto buffer = std::make_unique<char16_t[]>(utf8.size() + 1);
    char16_t *end = utf8ToUtf16(utf8, buffer.get());
    return QString(reinterpret_cast<const QChar *>(buffer.get()), end - buffer.get());
}

// A copy of bytes on the heap of exactly its size, so that a read past it is an ASan report.
struct ExactCopy
{
    std::vector<char> bytes;
    const char *get() const { return bytes.data(); }
};
ExactCopy exactCopy(const QByteArray &bytes)
{
    return { std::vector<char>(bytes.begin(), bytes.end()) };
}

bool terminated(const QString &s)
{
    return s.utf16()[s.size()] == 0;
}

} // namespace

class TestUtf16Block : public QObject
{
    Q_OBJECT

private slots:
    void convertsLikeQt_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("ascii 1") << QByteArray("a");
        QTest::newRow("ascii 7") << QByteArray("abcdefg");
        QTest::newRow("ascii 8") << QByteArray("abcdefgh");
        QTest::newRow("ascii 15") << QByteArray("abcdefghijklmno");
        QTest::newRow("ascii 16") << QByteArray("abcdefghijklmnop");
        QTest::newRow("ascii 19, an id") << QByteArray("1460323737035677698");
        QTest::newRow("ascii 33") << QByteArray("https://t.co/abcdefghij0123456789");
        QTest::newRow("accents") << QByteArray("Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
                                               "e, encore un caf\xc3\xa9");
        QTest::newRow("korean") << QByteArray("\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94");
        QTest::newRow("emoji at the end of 17") << QByteArray("0123456789abcdef\xf0\x9f\x98\x80");
        QTest::newRow("emoji at 15") << QByteArray("0123456789abcde\xf0\x9f\x98\x80xyz0123456789");
        QTest::newRow("one non-ASCII in the last 16") << QByteArray("0123456789abcdefghijklmnopqrstu\xc3\xa9vwxyz");
        QTest::newRow("non-ASCII in the upper 8 of a block") << QByteArray("0123456789ab\xc3\xa9");
        QTest::newRow("U+FFFF and U+10000") << QByteArray("\xef\xbf\xbf\xf0\x90\x80\x80");
        QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf");
    }
    void convertsLikeQt()
    {
        QFETCH(QByteArray, utf8);
        const auto copy = exactCopy(utf8);
        const std::string_view view(copy.get(), size_t(utf8.size()));
        QCOMPARE(convert(view), QString::fromUtf8(utf8));
        Utf16Block block(utf8.size(), 1);
        const QString s = block.add(view);
        QCOMPARE(s, QString::fromUtf8(utf8));
        QVERIFY(terminated(s));
    }

    // Random valid UTF-8 of every length up to 70, with 1- to 4-byte characters mixed in
    // at random places: every path (16-byte blocks, 8-byte blocks, the overlapping tail).
    void randomValidTextConvertsLikeQt()
    {
        QRandomGenerator rng(20261126);
        for (int round = 0; round < 4000; ++round) {
            QString expected;
            const int length = int(rng.bounded(70));
            const int nonAscii = int(rng.bounded(100));
            for (int i = 0; i < length; ++i) {
                char32_t cp;
                if (int(rng.bounded(100)) >= nonAscii)
                    cp = char32_t(rng.bounded(0x20, 0x7f));
                else {
                    switch (rng.bounded(3)) {
                    case 0:
                        cp = char32_t(rng.bounded(0x80, 0x800));
                        break;
                    case 1:
                        cp = char32_t(rng.bounded(0x800, 0xd800));
                        break;
                    default:
                        cp = char32_t(rng.bounded(0x10000, 0x110000));
                        break;
                    }
                }
                expected += QString::fromUcs4(&cp, 1);
            }
            const QByteArray utf8 = expected.toUtf8();
            const auto copy = exactCopy(utf8);
            const QString got = convert(std::string_view(copy.get(), size_t(utf8.size())));
            if (got != expected)
                QFAIL(
                    qPrintable(QStringLiteral("round %1: %2 gave %3")
                                   .arg(round)
                                   .arg(QString::fromLatin1(utf8.toHex()), QString::fromLatin1(got.toUtf8().toHex()))));
        }
    }

    void invalidBytesBecomeReplacementCharacters_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::addColumn<QString>("expected");
        const QString r(QChar(0xfffd));
        QTest::newRow("lone continuation") << QByteArray("a\x80z") << QStringLiteral("a") + r + QStringLiteral("z");
        QTest::newRow("cut 2-byte at the end") << QByteArray("abc\xc3") << QStringLiteral("abc") + r;
        QTest::newRow("cut 3-byte") << QByteArray("\xe6\x97z") << r + r + QStringLiteral("z");
        QTest::newRow("overlong /") << QByteArray("\xc0\xaf") << r + r;
        QTest::newRow("overlong 3-byte") << QByteArray("\xe0\x80\xaf") << r + r + r;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << r + r + r;
        QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << r + r + r + r;
        QTest::newRow("0xff in a long ASCII run") << QByteArray(
            "0123456789abcdef\xff"
            "0123456789abcdef") << QStringLiteral("0123456789abcdef") + r + QStringLiteral("0123456789abcdef");
    }
    void invalidBytesBecomeReplacementCharacters()
    {
        QFETCH(QByteArray, utf8);
        QFETCH(QString, expected);
        const auto copy = exactCopy(utf8);
        const QString got = convert(std::string_view(copy.get(), size_t(utf8.size())));
        QCOMPARE(got, expected);
        QVERIFY(got.isValidUtf16());
    }

    void stringsShareOneBlockAndAreTerminated()
    {
        const std::string_view a = "1460323737035677698", b = "jack", c = "Caf\xc3\xa9";
        Utf16Block block(qsizetype(a.size() + b.size() + c.size()), 3);
        const QString id = block.add(a), name = block.add(b), word = block.add(c);
        QCOMPARE(block.room(), qsizetype(1)); // "Café" is 5 bytes, 4 units
        QCOMPARE(id, QStringLiteral("1460323737035677698"));
        QCOMPARE(name, QStringLiteral("jack"));
        QCOMPARE(word, QStringLiteral("Caf\u00e9"));
        QVERIFY(terminated(id) && terminated(name) && terminated(word));
        // One allocation: the three lie one after another.
        QCOMPARE(name.constData(), id.constData() + id.size() + 1);
        QCOMPARE(word.constData(), name.constData() + name.size() + 1);
        QVERIFY(!id.isDetached()); // shared with its neighbours (and the block)
    }

    void changingOneStringLeavesTheOthers()
    {
        QString first, second, third;
        {
            Utf16Block block(3 * 5, 3);
            first = block.add("alpha");
            second = block.add("bravo");
            third = block.add("carol");
        }
        first += QStringLiteral(" and more text than the block had room for");
        first[0] = u'A';
        QCOMPARE(second, QStringLiteral("bravo"));
        QCOMPARE(third, QStringLiteral("carol"));
        second.resize(2);
        QCOMPARE(second, QStringLiteral("br"));
        QCOMPARE(third, QStringLiteral("carol"));
        QVERIFY(terminated(second) && terminated(third));
        // third is now the block's only user: it may grow in place over the dead strings.
        first.clear();
        second.clear();
        QVERIFY(third.isDetached());
        third.prepend(QStringLiteral(">> "));
        third.append(QStringLiteral("ine, a longer name"));
        QCOMPARE(third, QStringLiteral(">> caroline, a longer name"));
        QVERIFY(terminated(third));
    }

    void nullEmptyAndOverflow()
    {
        Utf16Block block(4, 1);
        QVERIFY(block.add(std::string_view()).isNull());
        const QString empty = block.add(std::string_view("", 0));
        QVERIFY(empty.isEmpty() && !empty.isNull());
        QCOMPARE(block.room(), qsizetype(5)); // neither took room
        // More than the room given: still right, as a string of its own.
        const QString big = block.add("more than five bytes");
        QCOMPARE(big, QStringLiteral("more than five bytes"));
        QVERIFY(terminated(big));
        const QString fits = block.add("four");
        QCOMPARE(fits, QStringLiteral("four"));
        QCOMPARE(block.room(), qsizetype(0));
        QCOMPARE(block.addTweetText("AT&amp;T"), QStringLiteral("AT&T")); // no room left either
        Utf16Block none(0, 0); // no allocation at all
        QCOMPARE(none.add("x"), QStringLiteral("x"));
    }

    void tweetTextDecodesTheThreeEscapes_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << QByteArray("plain text") << QStringLiteral("plain text");
        QTest::newRow("amp") << QByteArray("AT&amp;T") << QStringLiteral("AT&T");
        QTest::newRow("lt gt") << QByteArray("a &lt;b&gt; c") << QStringLiteral("a <b> c");
        QTest::newRow("typed &amp;") << QByteArray("&amp;amp;") << QStringLiteral("&amp;");
        QTest::newRow("bare &") << QByteArray("fish & chips &") << QStringLiteral("fish & chips &");
        QTest::newRow("other entities stay") << QByteArray("&quot;&#39;") << QStringLiteral("&quot;&#39;");
        QTest::newRow("cut escape at the end") << QByteArray("x &am") << QStringLiteral("x &am");
        QTest::newRow("non-ASCII around") << QByteArray("\xc3\xa9&amp;\xc3\xa9") << QStringLiteral("\u00e9&\u00e9");
    }
    void tweetTextDecodesTheThreeEscapes()
    {
        QFETCH(QByteArray, utf8);
        QFETCH(QString, expected);
        const auto copy = exactCopy(utf8);
        const std::string_view view(copy.get(), size_t(utf8.size()));
        Utf16Block block(utf8.size(), 1);
        const QString inBlock = block.addTweetText(view);
        QCOMPARE(inBlock, expected);
        QVERIFY(terminated(inBlock));
        Utf16Block full(0, 0); // no room: the same text as a string of its own
        QCOMPARE(full.addTweetText(view), expected);
    }
};

QTEST_GUILESS_MAIN(TestUtf16Block)
#include "tst_utf16block.moc"
