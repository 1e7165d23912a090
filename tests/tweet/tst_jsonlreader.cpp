// SPDX-License-Identifier: MIT
#include "tweet/jsonlreader.h"

#include <QBuffer>
#include <QTemporaryFile>
#include <QTest>

using ts::JsonlReader;

class TestJsonlReader : public QObject
{
    Q_OBJECT

private slots:
    void lines_data();
    void lines();
    void longLinesAcrossBufferBoundaries();
    void missingFile();

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

QTEST_GUILESS_MAIN(TestJsonlReader)
#include "tst_jsonlreader.moc"
