// SPDX-License-Identifier: MIT
// `tweetscope-cli parse` as a user runs it: output lines, stderr line numbers, exit codes.
#include "fixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestParseCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fixtureWithTruncatedLine();
    void normalizedKeysExactly();
    void standardInputWithBadLines();
    void multipleFilesAndCounts();
    void longLinesAreNumberedAndSkipped();
    void usageErrors_data();
    void usageErrors();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    Run run(const QStringList &args, const QByteArray &input = {});
    QString m_cli;
};

void TestParseCli::initTestCase()
{
    m_cli = QStringLiteral(TS_BIN_DIR "/tweetscope-cli");
    QVERIFY2(QFile::exists(m_cli), "build the tweetscope-cli target first");
}

TestParseCli::Run TestParseCli::run(const QStringList &args, const QByteArray &input)
{
    QProcess p;
    p.start(m_cli, QStringList { u"parse"_qs } + args);
    if (!p.waitForStarted(10000))
        return {};
    if (!input.isNull())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestParseCli::fixtureWithTruncatedLine()
{
    const QString file = fixtures::path(u"twarc-csv/streaming_output_with_error.jsonl"_qs);
    const Run r = run({ file });
    QCOMPARE(r.exitCode, 1); // one line failed
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(lines.size(), 8); // 7 tweets + the empty piece after the last newline
    QVERIFY(lines.last().isEmpty());
    for (int i = 0; i < 7; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(o.value(u"format"_qs).toString(), u"v2"_qs);
        QVERIFY(!o.value(u"author_username"_qs).toString().isEmpty());
    }
    // The error names the file and the line (the 8th, truncated), then the tool went on.
    const QList<QByteArray> errors = r.err.trimmed().split('\n');
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().startsWith(QByteArray(file.toUtf8() + ":8: invalid JSON")),
        errors.constFirst().constData());
}

void TestParseCli::normalizedKeysExactly()
{
    const Run r = run({ fixtures::path(u"twarc-csv/two_tweets.jsonl"_qs) });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const QJsonObject o = QJsonDocument::fromJson(lines.constFirst()).object();
    const QStringList expected { u"id"_qs, u"created_at"_qs, u"format"_qs, u"type"_qs, u"text"_qs, u"all_text"_qs,
        u"author_id"_qs, u"author_username"_qs, u"author_name"_qs, u"lang"_qs, u"hashtags"_qs, u"mentions"_qs,
        u"urls"_qs, u"media_urls"_qs, u"like_count"_qs, u"retweet_count"_qs, u"reply_count"_qs, u"quote_count"_qs,
        u"in_reply_to_status_id"_qs, u"in_reply_to_user_id"_qs, u"retweeted_id"_qs, u"quoted_id"_qs, u"source"_qs,
        u"coordinates"_qs };
    QStringList keys = o.keys();
    QStringList sortedExpected = expected;
    keys.sort();
    sortedExpected.sort();
    QCOMPARE(keys, sortedExpected);
    // Keys come in the documented order.
    qsizetype last = -1;
    for (const QString &k : expected) {
        const qsizetype at = lines.constFirst().indexOf(QByteArray("\"" + k.toUtf8() + "\":"));
        QVERIFY2(at > last, qPrintable(k));
        last = at;
    }
    QCOMPARE(o.value(u"id"_qs).toString(), u"1394735776701816833"_qs);
    QCOMPARE(o.value(u"created_at"_qs).toString(), u"2021-05-18T19:24:56.000Z"_qs);
    QCOMPARE(o.value(u"type"_qs).toString(), u"retweet"_qs);
    QCOMPARE(o.value(u"text"_qs).toString(), u"RT @bibaigna96: #POIUYTREWQ"_qs);
    QCOMPARE(o.value(u"lang"_qs), QJsonValue(QJsonValue::Null)); // "und"
    QCOMPARE(o.value(u"quoted_id"_qs), QJsonValue(QJsonValue::Null));
    QCOMPARE(o.value(u"retweeted_id"_qs).toString(), u"1391677057810288641"_qs);
    QCOMPARE(o.value(u"retweet_count"_qs).toInt(), 1);
    QCOMPARE(o.value(u"hashtags"_qs).toArray(), QJsonArray { u"POIUYTREWQ"_qs });
    QCOMPARE(o.value(u"coordinates"_qs), QJsonValue(QJsonValue::Null));
}

void TestParseCli::standardInputWithBadLines()
{
    const QByteArray input
        = "\xef\xbb\xbf{\"id\":\"1\",\"text\":\"first\",\"geo\":{\"coordinates\":{\"type\":\"Point\","
          "\"coordinates\":[2.35,48.85]}}}\r\n"
          "\r\n"
          "{not json\n"
          "{\"foo\":1}\n"
          "{\"id_str\":\"2\",\"created_at\":\"Thu Apr 06 15:24:15 +0000 2017\",\"text\":\"second\","
          "\"user\":{\"id_str\":\"3\",\"screen_name\":\"s\"}}";
    const Run r = run({}, input);
    QCOMPARE(r.exitCode, 1);
    const QList<QByteArray> out = r.out.trimmed().split('\n');
    QCOMPARE(out.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(out.at(0)).object();
    QCOMPARE(first.value(u"text"_qs).toString(), u"first"_qs);
    QCOMPARE(first.value(u"coordinates"_qs).toObject().value(u"lat"_qs).toDouble(), 48.85);
    QCOMPARE(QJsonDocument::fromJson(out.at(1)).object().value(u"author_username"_qs).toString(), u"s"_qs);
    const QList<QByteArray> errors = r.err.trimmed().split('\n');
    QCOMPARE(errors.size(), 2);
    QVERIFY2(errors.at(0).startsWith("<stdin>:3: invalid JSON"), errors.at(0).constData());
    QVERIFY2(errors.at(1).startsWith("<stdin>:4: not a tweet or API page: no 'id'"), errors.at(1).constData());
}

void TestParseCli::multipleFilesAndCounts()
{
    const Run r = run({ fixtures::path(u"twarc-csv/brexit.jsonl"_qs),
                          fixtures::path(u"tweet_parser/original_format_examples.json"_qs), u"-"_qs },
        QByteArray("{\"id\":\"9\",\"text\":\"from stdin\"}\n"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QList<QByteArray> out = r.out.trimmed().split('\n');
    QCOMPARE(out.size(), 100 + 25 + 1);
    QVERIFY(out.last().contains("\"from stdin\""));
    QVERIFY(out.at(100).contains("\"format\":\"original\""));
}

void TestParseCli::longLinesAreNumberedAndSkipped()
{
    // A 3 MB line over a 1M limit is named with its number and skipped; the lines after it are
    // read. (Before the limit, the whole line was held, and `parse < /dev/zero` grew without end.)
    const QByteArray tweet = R"({"id":"1","text":"hi","created_at":"2021-01-01T00:00:00.000Z","author_id":"2"})";
    const QByteArray input
        = tweet + "\n" + QByteArray(3 << 20, 'x') + "\n" + QByteArray(tweet).replace("\"1\"", "\"3\"") + "\n";
    const Run r = run({ u"--max-line-length"_qs, u"1M"_qs }, input);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out.count('\n'), 2);
    QVERIFY(r.out.contains("\"id\":\"3\""));
    QCOMPARE(r.err,
        QByteArray("<stdin>:2: 3145728 bytes, longer than the line limit of 1 MiB (--max-line-length); skipped\n"));
    // The default limit is 16 MiB; a bad size is a usage error naming the option.
    const Run bad = run({ u"--max-line-length"_qs, u"lots"_qs }, input);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--max-line-length"), bad.err.constData());
}

void TestParseCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrPart");
    QTest::addRow("missing file") << QStringList { u"/nonexistent/tweets.jsonl"_qs } << 2
                                  << u"/nonexistent/tweets.jsonl"_qs;
    QTest::addRow("directory") << QStringList { QStringLiteral(TS_TEST_DATA_DIR) } << 2 << u"directory"_qs;
    QTest::addRow("wrong option") << QStringList { u"--bogus"_qs } << 2 << u"bogus"_qs;
    QTest::addRow("help") << QStringList { u"--help"_qs } << 0 << QString();
}

void TestParseCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrPart);
    const Run r = run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY(r.out.isEmpty() == (exitCode != 0));
    if (!stderrPart.isEmpty())
        QVERIFY2(QString::fromUtf8(r.err).contains(stderrPart), r.err.constData());
    else
        QVERIFY(r.out.contains("--show-api-errors"));
}

QTEST_GUILESS_MAIN(TestParseCli)
#include "tst_parsecli.moc"
