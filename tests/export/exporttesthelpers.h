// SPDX-License-Identifier: MIT
// Helpers shared by the export tests: an independent CSV reader (Python's csv module), a
// tweet with every field set to awkward values, and the tweets of every shared fixture.
#pragma once

#include "tweet/tweet.h"
#include "tweet/tweetparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace exporttest {

struct CsvRead
{
    QString error; ///< empty when Python read the file
    bool bom = false;
    bool crlf = false;
    QList<QStringList> rows; ///< header first
};

/// Reads a CSV file with tests/export/csv_roundtrip.py (Python's csv module, strict).
inline CsvRead readCsvWithPython(const QString &path)
{
    CsvRead result;
    QProcess python;
    python.start(QStringLiteral("python3"), { QStringLiteral(TS_EXPORT_TEST_DIR "/csv_roundtrip.py"), path });
    if (!python.waitForFinished(60000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        result.error = QStringLiteral("python3 failed: ") + QString::fromUtf8(python.readAllStandardError())
            + python.errorString();
        return result;
    }
    QJsonParseError jsonError;
    const QJsonObject o = QJsonDocument::fromJson(python.readAllStandardOutput(), &jsonError).object();
    if (jsonError.error != QJsonParseError::NoError) {
        result.error = jsonError.errorString();
        return result;
    }
    result.bom = o.value(QLatin1String("bom")).toBool();
    result.crlf = o.value(QLatin1String("crlf")).toBool();
    for (const QJsonValue row : o.value(QLatin1String("rows")).toArray()) {
        QStringList cells;
        for (const QJsonValue cell : row.toArray())
            cells.append(cell.toString());
        result.rows.append(cells);
    }
    return result;
}

/// A tweet whose every field is set, with text that breaks naive CSV writers.
inline ts::Tweet awkwardTweet()
{
    ts::Tweet t;
    t.id = QStringLiteral("1394735776701816833"); // 19 digits: Excel would make it 1.39474E+18
    t.createdAtMs = 1621365896123;
    t.format = ts::TweetFormat::V2;
    t.type = ts::TweetType::Quote;
    t.text = QStringLiteral("He said \"hi\", then left\nnew line\r\nCRLF too 😀 مرحبا بالعالم שלום, end");
    t.allText = t.text + QStringLiteral("\nquoted text");
    t.authorId = QStringLiteral("1379899464345923590");
    t.authorUsername = QStringLiteral("LachiVeronica");
    t.authorName = QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")");
    t.authorFollowers = 12345678901LL;
    t.authorVerified = true;
    t.lang = QStringLiteral("ar");
    t.hashtags = { QStringLiteral("POIUYTREWQ"), QStringLiteral("café"), QStringLiteral("日本") };
    t.cashtags = { QStringLiteral("AAPL") };
    t.mentions = { QStringLiteral("bibaigna96"), QStringLiteral("someone") };
    t.urls = { QStringLiteral("https://example.com/a?b=c,d&e=\"f\"") };
    t.mediaUrls = { QStringLiteral("https://pbs.twimg.com/media/x.jpg") };
    t.likeCount = 1;
    t.retweetCount = 22;
    t.replyCount = 333;
    t.quoteCount = 4444;
    t.inReplyToStatusId = QStringLiteral("1391677057810288641");
    t.inReplyToUserId = QStringLiteral("1380086327023169540");
    t.conversationId = QStringLiteral("1391677057810288641");
    t.quotedId = QStringLiteral("1300000000000000001");
    t.quotedText = QStringLiteral("-1+1 is a formula in Excel");
    t.retweetedId = QString(); // an empty field must survive as empty
    t.retweetedText = QString();
    t.source = QStringLiteral("+Twitter for Android");
    t.coordinates = ts::Coordinates { -33.86785, 151.20732 };
    t.placeFullName = QStringLiteral("@Sydney, NSW");
    t.placeCountryCode = QStringLiteral("AU");
    t.matchingRules = { QStringLiteral("rule one"), QStringLiteral("rule, two") };
    t.rawJson = QByteArrayLiteral("{\"id\":\"1394735776701816833\",\"text\":\"He said \\\"hi\\\"\"}");
    return t;
}

/// Every tweet of every file in tests/data/fixtures (twarc-csv, tweet_parser, tweepy), parsed
/// line by line. A folder or file that cannot be read fails the running test.
inline QList<ts::Tweet> fixtureTweets(QStringList *files = nullptr)
{
    QList<ts::Tweet> tweets;
    ts::TweetParser parser;
    const QDir root(QStringLiteral(TS_TEST_DATA_DIR "/fixtures"));
    for (const QString &sub :
        { QStringLiteral("twarc-csv"), QStringLiteral("tweet_parser"), QStringLiteral("tweepy") }) {
        const QDir dir(root.filePath(sub));
        if (!dir.exists())
            QTest::qFail(qPrintable(QStringLiteral("fixture folder missing: %1").arg(dir.path())), __FILE__, __LINE__);
        for (const QString &name :
            dir.entryList({ QStringLiteral("*.json"), QStringLiteral("*.jsonl") }, QDir::Files)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly)) {
                QTest::qFail(
                    qPrintable(QStringLiteral("cannot read the fixture %1: %2").arg(f.fileName(), f.errorString())),
                    __FILE__, __LINE__);
                continue;
            }
            if (files)
                files->append(sub + QLatin1Char('/') + name);
            for (const QByteArray &line : f.readAll().split('\n')) {
                if (line.trimmed().isEmpty())
                    continue;
                const ts::ParseResult r = parser.parse(line);
                if (r.ok())
                    tweets += r.document->tweets;
            }
        }
    }
    return tweets;
}

inline QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *s : items)
        list.append(QString::fromUtf8(s));
    return list;
}

inline QString tempPath(const QTemporaryDir &dir, const char *name)
{
    return dir.filePath(QLatin1String(name));
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

} // namespace exporttest
