// SPDX-License-Identifier: MIT
#include "tweet/jsonlreader.h"

#include <QBuffer>
#include <QTemporaryFile>
#include <QTest>

#include <sys/resource.h>

#include <cstring>

using ts::JsonlReader;

class TestJsonlReader : public QObject
{
    Q_OBJECT

private slots:
    void lines_data();
    void lines();
    void longLinesAcrossBufferBoundaries();
    void missingFile();
    void lineLimitSkipsAndNumbersLongLines();
    void endlessLineStaysBounded();

private:
    static QList<QPair<qint64, QByteArray>> readAllLines(JsonlReader &reader)
    {
        QList<QPair<qint64, QByteArray>> out;
        JsonlReader::Line line;
        while (reader.next(line))
            out.append({ line.number, line.text.toByteArray() });
        return out;
    }
};

void TestJsonlReader::lines_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<qint64>>("numbers");
    QTest::addColumn<QList<QByteArray>>("texts");
    QTest::addRow("plain") << QByteArray("a\nb\n") << QList<qint64> { 1, 2 } << QList<QByteArray> { "a", "b" };
    QTest::addRow("no final newline") << QByteArray("a\nb") << QList<qint64> { 1, 2 } << QList<QByteArray> { "a", "b" };
    QTest::addRow("crlf") << QByteArray("a\r\nb\r\n") << QList<qint64> { 1, 2 } << QList<QByteArray> { "a", "b" };
    QTest::addRow("bom") << QByteArray("\xef\xbb\xbf{}\n{}") << QList<qint64> { 1, 2 }
                         << QList<QByteArray> { "{}", "{}" };
    QTest::addRow("bom only line") << QByteArray("\xef\xbb\xbf\nx") << QList<qint64> { 2 } << QList<QByteArray> { "x" };
    QTest::addRow("blank lines keep numbers")
        << QByteArray("\n\n  \t\r\nx\n\ny\n\n") << QList<qint64> { 4, 6 } << QList<QByteArray> { "x", "y" };
    QTest::addRow("empty") << QByteArray() << QList<qint64> {} << QList<QByteArray> {};
    QTest::addRow("bom mid-file is data") << QByteArray("a\n\xef\xbb\xbf"
                                                        "b")
                                          << QList<qint64> { 1, 2 }
                                          << QList<QByteArray> { "a",
                                                 "\xef\xbb\xbf"
                                                 "b" };
}

void TestJsonlReader::lines()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<qint64>, numbers);
    QFETCH(QList<QByteArray>, texts);
    // From a file and from a device: the same lines.
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(input);
    file.close();
    JsonlReader fromFile;
    QVERIFY(fromFile.open(file.fileName()));
    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    JsonlReader fromDevice;
    QVERIFY(fromDevice.open(&buffer));
    for (JsonlReader *reader : { &fromFile, &fromDevice }) {
        const auto got = readAllLines(*reader);
        QCOMPARE(got.size(), numbers.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got.at(i).first, numbers.at(i));
            QCOMPARE(got.at(i).second, texts.at(i));
        }
        QVERIFY(!reader->hasError());
    }
    QCOMPARE(fromFile.bytesRead(), input.size());
}

void TestJsonlReader::longLinesAcrossBufferBoundaries()
{
    // Lines of varied lengths, one of 9 MB (longer than a read chunk), crossing every chunk edge.
    QByteArray input;
    QList<QByteArray> expected;
    for (int i = 0; i < 20000; ++i) {
        QByteArray line = QByteArray::number(i) + ':' + QByteArray(i % 997, char('a' + i % 26));
        if (i == 7000)
            line = QByteArray(9 * 1024 * 1024, 'z');
        expected.append(line);
        input += line + (i % 3 ? "\n" : "\r\n");
    }
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(input);
    file.close();
    JsonlReader reader;
    QVERIFY(reader.open(file.fileName()));
    const auto got = readAllLines(reader);
    QCOMPARE(got.size(), expected.size());
    for (qsizetype i = 0; i < got.size(); ++i) {
        QCOMPARE(got.at(i).first, i + 1);
        if (got.at(i).second != expected.at(i))
            QFAIL(qPrintable(QStringLiteral("line %1 differs").arg(i + 1)));
    }
}

void TestJsonlReader::missingFile()
{
    JsonlReader reader;
    QVERIFY(!reader.open(QStringLiteral("/nonexistent/x.jsonl")));
    QVERIFY(reader.errorString().contains(QStringLiteral("/nonexistent/x.jsonl")));
    JsonlReader::Line line;
    QVERIFY(!reader.next(line));
}

void TestJsonlReader::lineLimitSkipsAndNumbersLongLines()
{
    // Lines under, at and over a 1000-byte limit; a long line in the middle and one at the end
    // without a newline; the lines after a long one are read as usual.
    QByteArray input = "short\n" + QByteArray(1000, 'a') + "\n" + QByteArray(1001, 'b') + "\r\n\n"
        + QByteArray(10 * 1024 * 1024, 'c') + "\nafter\n" + QByteArray(5000, 'd');
    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    JsonlReader reader;
    QCOMPARE(reader.maxLineLength(), JsonlReader::DefaultMaxLineLength);
    reader.setMaxLineLength(1000);
    QVERIFY(reader.open(&buffer));
    struct Got
    {
        qint64 number;
        bool tooLong;
        qint64 length;
        QByteArray text;
    };
    QList<Got> got;
    JsonlReader::Line line;
    while (reader.next(line))
        got.append({ line.number, line.tooLong, line.length, line.text.toByteArray() });
    QVERIFY(!reader.hasError());
    QCOMPARE(got.size(), 6);
    QCOMPARE(got[0].text, QByteArray("short"));
    QCOMPARE(got[1].text.size(), 1000);
    QVERIFY(!got[1].tooLong);
    QCOMPARE(got[2].number, 3);
    QVERIFY(got[2].tooLong);
    QCOMPARE(got[2].length, 1002); // with its '\r'
    QVERIFY(got[2].text.isEmpty());
    QCOMPARE(got[3].number, 5);
    QVERIFY(got[3].tooLong);
    QCOMPARE(got[3].length, 10 * 1024 * 1024);
    QCOMPARE(got[4].number, 6);
    QCOMPARE(got[4].text, QByteArray("after"));
    QCOMPARE(got[5].number, 7);
    QVERIFY(got[5].tooLong);
    QCOMPARE(got[5].length, 5000);
    const QString message = JsonlReader::tooLongMessage(10 * 1024 * 1024, 16 << 20);
    QCOMPARE(message, u"10485760 bytes, longer than the line limit of 16 MiB (--max-line-length); skipped"_qs);
}

namespace {
/// An endless run of one byte, like /dev/zero: read() always fills the request.
class EndlessDevice : public QIODevice
{
public:
    qint64 served = 0;
    qint64 stopAfter; ///< then the end of the input
    explicit EndlessDevice(qint64 total)
        : stopAfter(total)
    { }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = std::min(max, stopAfter - served);
        std::memset(data, 0, size_t(n));
        served += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }
};
} // namespace

void TestJsonlReader::endlessLineStaysBounded()
{
    // 1 GiB without a newline (as `parse < /dev/zero`): one tooLong line, and the reader never
    // asks for more than the limit plus a chunk at a time (its buffer stays that size).
    rusage before {};
    getrusage(RUSAGE_SELF, &before);
    EndlessDevice zeros(qint64(1) << 30);
    QVERIFY(zeros.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    JsonlReader reader;
    reader.setMaxLineLength(1 << 20);
    QVERIFY(reader.open(&zeros));
    JsonlReader::Line line;
    QVERIFY(reader.next(line));
    QVERIFY(line.tooLong);
    QCOMPARE(line.length, qint64(1) << 30);
    QCOMPARE(line.number, 1);
    QVERIFY(!reader.next(line));
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.bytesRead(), qint64(1) << 30);
    rusage after {};
    getrusage(RUSAGE_SELF, &after);
    const long grewKb = after.ru_maxrss - before.ru_maxrss;
    QVERIFY2(grewKb < 64 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KB").arg(grewKb)));
}

QTEST_GUILESS_MAIN(TestJsonlReader)
#include "tst_jsonlreader.moc"
