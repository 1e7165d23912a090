// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"
#include "export/outputfile.h"
#include "exporttesthelpers.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace ts;
using namespace ts::exporter;
using namespace exporttest;

namespace {

QStringList split(const QString &cell, QChar sep)
{
    return cell.isEmpty() ? QStringList() : cell.split(sep);
}

QStringList jsonList(const QString &cell)
{
    QStringList items;
    const QJsonArray array = QJsonDocument::fromJson(cell.toUtf8()).array();
    for (const QJsonValue v : array)
        items.append(v.toString());
    return items;
}

std::optional<Coordinates> latLon(const QString &lat, const QString &lon)
{
    if (lat.isEmpty() && lon.isEmpty())
        return std::nullopt;
    return Coordinates { lat.toDouble(), lon.toDouble() };
}

using Check = std::function<bool(const QString &cell, const Tweet &t, const QStringList &queries)>;

// How a reader decodes each column back into the Tweet's value: independent of the writer's
// code, from the documented spelling (csvcolumns.h).
const QHash<QString, Check> &decoders()
{
    static const QHash<QString, Check> d = [] {
        QHash<QString, Check> m;
        auto text = [&m](const char *name, QString Tweet::*field) {
            m.insert(QLatin1String(name),
                [field](const QString &c, const Tweet &t, const QStringList &) { return c == t.*field; });
        };
        auto number = [&m](const char *name, qint64 Tweet::*field) {
            m.insert(QLatin1String(name), [field](const QString &c, const Tweet &t, const QStringList &) {
                bool ok = false;
                return c.toLongLong(&ok) == t.*field && ok;
            });
        };
        auto list = [&m](const char *name, QStringList Tweet::*field, bool twarc) {
            m.insert(QLatin1String(name), [field, twarc](const QString &c, const Tweet &t, const QStringList &) {
                return (twarc ? jsonList(c) : split(c, QLatin1Char(' '))) == t.*field;
            });
        };
        m.insert(QStringLiteral("queries"),
            [](const QString &c, const Tweet &, const QStringList &q) { return split(c, QLatin1Char('\n')) == q; });
        for (const char *n : { "id" })
            text(n, &Tweet::id);
        m.insert(QStringLiteral("created_at"), [](const QString &c, const Tweet &t, const QStringList &) {
            if (t.createdAtMs == 0)
                return c.isEmpty();
            const QDateTime dt = QDateTime::fromString(c, Qt::ISODateWithMs);
            return c.endsWith(QLatin1Char('Z')) && c.size() == 24 && dt.toMSecsSinceEpoch() == t.createdAtMs;
        });
        for (const char *n : { "author_id", "author.id" })
            text(n, &Tweet::authorId);
        for (const char *n : { "author_username", "author.username" })
            text(n, &Tweet::authorUsername);
        for (const char *n : { "author_name", "author.name" })
            text(n, &Tweet::authorName);
        for (const char *n : { "author_followers", "author.public_metrics.followers_count" })
            number(n, &Tweet::authorFollowers);
        m.insert(QStringLiteral("author_verified"), [](const QString &c, const Tweet &t, const QStringList &) {
            return c == (t.authorVerified ? QLatin1String("true") : QLatin1String("false"));
        });
        m.insert(QStringLiteral("author.verified"), [](const QString &c, const Tweet &t, const QStringList &) {
            return c == (t.authorVerified ? QLatin1String("True") : QLatin1String("False"));
        });
        m.insert(QStringLiteral("type"),
            [](const QString &c, const Tweet &t, const QStringList &) { return typeFromName(c) == t.type; });
        m.insert(QStringLiteral("format"),
            [](const QString &c, const Tweet &t, const QStringList &) { return c == formatName(t.format); });
        text("lang", &Tweet::lang);
        text("text", &Tweet::text);
        text("all_text", &Tweet::allText);
        for (const char *n : { "like_count", "public_metrics.like_count" })
            number(n, &Tweet::likeCount);
        for (const char *n : { "retweet_count", "public_metrics.retweet_count" })
            number(n, &Tweet::retweetCount);
        for (const char *n : { "reply_count", "public_metrics.reply_count" })
            number(n, &Tweet::replyCount);
        for (const char *n : { "quote_count", "public_metrics.quote_count" })
            number(n, &Tweet::quoteCount);
        list("hashtags", &Tweet::hashtags, false);
        list("cashtags", &Tweet::cashtags, false);
        list("mentions", &Tweet::mentions, false);
        list("urls", &Tweet::urls, false);
        list("media_urls", &Tweet::mediaUrls, false);
        list("entities.hashtags", &Tweet::hashtags, true);
        list("entities.cashtags", &Tweet::cashtags, true);
        list("entities.mentions", &Tweet::mentions, true);
        list("entities.urls", &Tweet::urls, true);
        list("attachments.media", &Tweet::mediaUrls, true);
        for (const char *n : { "in_reply_to_status_id", "referenced_tweets.replied_to.id" })
            text(n, &Tweet::inReplyToStatusId);
        text("in_reply_to_user_id", &Tweet::inReplyToUserId);
        text("conversation_id", &Tweet::conversationId);
        for (const char *n : { "quoted_id", "referenced_tweets.quoted.id" })
            text(n, &Tweet::quotedId);
        text("quoted_text", &Tweet::quotedText);
        for (const char *n : { "retweeted_id", "referenced_tweets.retweeted.id" })
            text(n, &Tweet::retweetedId);
        text("retweeted_text", &Tweet::retweetedText);
        text("source", &Tweet::source);
        m.insert(QStringLiteral("coordinates"), [](const QString &c, const Tweet &t, const QStringList &) {
            const QStringList parts = split(c, QLatin1Char(','));
            return parts.size() == (t.coordinates ? 2 : 0)
                && (parts.isEmpty() ? !t.coordinates : latLon(parts.at(0), parts.at(1)) == t.coordinates);
        });
        m.insert(
            QStringLiteral("geo.coordinates.coordinates"), [](const QString &c, const Tweet &t, const QStringList &) {
                if (!t.coordinates)
                    return c.isEmpty();
                const QJsonArray a = QJsonDocument::fromJson(c.toUtf8()).array();
                return a.size() == 2 && a.at(0).toDouble() == t.coordinates->lon
                    && a.at(1).toDouble() == t.coordinates->lat;
            });
        m.insert(QStringLiteral("geo.coordinates.type"), [](const QString &c, const Tweet &t, const QStringList &) {
            return c == (t.coordinates ? QLatin1String("Point") : QLatin1String(""));
        });
        m.insert(QStringLiteral("lat"), [](const QString &c, const Tweet &t, const QStringList &) {
            return t.coordinates ? c.toDouble() == t.coordinates->lat : c.isEmpty();
        });
        m.insert(QStringLiteral("lon"), [](const QString &c, const Tweet &t, const QStringList &) {
            return t.coordinates ? c.toDouble() == t.coordinates->lon : c.isEmpty();
        });
        for (const char *n : { "place_full_name", "geo.full_name" })
            text(n, &Tweet::placeFullName);
        for (const char *n : { "place_country_code", "geo.country_code" })
            text(n, &Tweet::placeCountryCode);
        m.insert(QStringLiteral("matching_rules"), [](const QString &c, const Tweet &t, const QStringList &) {
            return split(c, QLatin1Char('\n')) == t.matchingRules;
        });
        m.insert(QStringLiteral("raw_json"),
            [](const QString &c, const Tweet &t, const QStringList &) { return c.toUtf8() == t.rawJson; });
        return m;
    }();
    return d;
}

QStringList queriesFor(qsizetype i)
{
    if (i % 3 == 2)
        return {};
    return { QStringLiteral("query one"), QStringLiteral("-is:retweet \"quoted phrase\", lang:%1").arg(i) };
}

bool writeCsv(const QString &path, const QList<Tweet> &tweets, const CsvOptions &options)
{
    OutputFile out(path);
    if (!out.open())
        return false;
    CsvWriter writer(out, options);
    writer.writeHeader();
    for (qsizetype i = 0; i < tweets.size(); ++i)
        writer.writeRow(tweets.at(i), queriesFor(i));
    return out.commit();
}

QList<CsvColumn> allColumns()
{
    QString error;
    const auto columns = csvColumnsFromNames(csvColumnNames(), &error);
    return columns.value_or(QList<CsvColumn>());
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void everyColumnRoundTrips_data();
    void everyColumnRoundTrips();
    void rfc4180Bytes();
    void excelMode();
    void defaultColumns();
    void chosenColumns_data();
    void chosenColumns();
    void unknownColumns_data();
    void unknownColumns();
};

void TestCsvWriter::everyColumnRoundTrips_data()
{
    QTest::addColumn<QList<Tweet>>("tweets");
    QTest::addRow("awkward text, ids, emoji, RTL, empty fields") << QList<Tweet> { awkwardTweet() };
    QTest::addRow("all fields empty") << QList<Tweet> { Tweet {} };
    QTest::addRow("every fixture tweet") << fixtureTweets();
}

void TestCsvWriter::everyColumnRoundTrips()
{
    QFETCH(QList<Tweet>, tweets);
    QVERIFY2(!tweets.isEmpty(), "no tweets: tests/data/fixtures is missing or unreadable");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("all.csv"));
    const QList<CsvColumn> columns = allColumns();
    QCOMPARE(columns.size(), csvColumnNames().size());
    QVERIFY(writeCsv(path, tweets, CsvOptions { columns, false }));

    const CsvRead read = readCsvWithPython(path);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QVERIFY(!read.bom);
    QCOMPARE(read.rows.size(), tweets.size() + 1);
    QCOMPARE(read.rows.constFirst(), csvColumnNames());
    const auto &d = decoders();
    for (qsizetype r = 0; r < tweets.size(); ++r) {
        const QStringList &cells = read.rows.at(r + 1);
        QCOMPARE(cells.size(), columns.size());
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const QString &name = columns.at(c).name;
            QVERIFY2(d.contains(name), qPrintable(QStringLiteral("no decoder for column ") + name));
            QVERIFY2(d.value(name)(cells.at(c), tweets.at(r), queriesFor(r)),
                qPrintable(QStringLiteral("tweet %1 column %2: got '%3'").arg(tweets.at(r).id, name, cells.at(c))));
        }
    }
}

void TestCsvWriter::rfc4180Bytes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.csv"));
    Tweet t = awkwardTweet();
    QVERIFY(writeCsv(path, { t },
        CsvOptions {
            *csvColumnsFromNames({ QStringLiteral("id"), QStringLiteral("text"), QStringLiteral("lang") }, nullptr),
            false }));
    const QByteArray bytes = readAll(path);
    QCOMPARE(bytes,
        QByteArray("id,text,lang\r\n1394735776701816833,\"") + t.text.toUtf8().replace("\"", "\"\"")
            + QByteArray("\",ar\r\n"));
}

void TestCsvWriter::excelMode()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("excel.csv"));
    const Tweet t = awkwardTweet();
    QVERIFY(writeCsv(path, { t }, CsvOptions { allColumns(), true }));
    QVERIFY(readAll(path).startsWith("\xEF\xBB\xBF"));
    const CsvRead read = readCsvWithPython(path);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QVERIFY(read.bom);
    QCOMPARE(read.rows.constFirst(), csvColumnNames());
    QHash<QString, QString> cell;
    for (qsizetype c = 0; c < read.rows.at(0).size(); ++c)
        cell.insert(read.rows.at(0).at(c), read.rows.at(1).at(c));

    // ids: the formula ="digits" that Excel shows as text with all 19 digits
    QCOMPARE(cell.value(QStringLiteral("id")), QStringLiteral("=\"1394735776701816833\""));
    QCOMPARE(cell.value(QStringLiteral("author.id")), QStringLiteral("=\"1379899464345923590\""));
    QCOMPARE(cell.value(QStringLiteral("in_reply_to_status_id")), QStringLiteral("=\"1391677057810288641\""));
    QCOMPARE(cell.value(QStringLiteral("referenced_tweets.quoted.id")), QStringLiteral("=\"1300000000000000001\""));
    QCOMPARE(cell.value(QStringLiteral("retweeted_id")), QString()); // empty stays empty
    // formula injection neutralized (OWASP): = + - @ get a leading apostrophe
    QCOMPARE(cell.value(QStringLiteral("author_name")), QLatin1Char('\'') + t.authorName);
    QCOMPARE(cell.value(QStringLiteral("source")), QLatin1Char('\'') + t.source);
    QCOMPARE(cell.value(QStringLiteral("quoted_text")), QLatin1Char('\'') + t.quotedText);
    QCOMPARE(cell.value(QStringLiteral("place_full_name")), QLatin1Char('\'') + t.placeFullName);
    QCOMPARE(cell.value(QStringLiteral("coordinates")), QStringLiteral("'-33.86785,151.20732"));
    QCOMPARE(cell.value(QStringLiteral("queries")), QStringLiteral("query one\n-is:retweet \"quoted phrase\", lang:0"));
    // everything else exactly as in plain mode
    QCOMPARE(cell.value(QStringLiteral("text")), t.text);
    QCOMPARE(cell.value(QStringLiteral("hashtags")), t.hashtags.join(QLatin1Char(' ')));
    QCOMPARE(cell.value(QStringLiteral("author_followers")), QStringLiteral("12345678901"));
    QCOMPARE(cell.value(QStringLiteral("lat")), QStringLiteral("-33.86785"));

    // a query that starts with '-' (a common X operator) is neutralized too
    const QString path2 = dir.filePath(QStringLiteral("q.csv"));
    {
        OutputFile out(path2);
        QVERIFY(out.open());
        CsvWriter w(out,
            CsvOptions { *csvColumnsFromNames({ QStringLiteral("queries"), QStringLiteral("id") }, nullptr), true });
        w.writeHeader();
        w.writeRow(t, { QStringLiteral("-is:retweet cats") });
        QVERIFY(out.commit());
    }
    const CsvRead read2 = readCsvWithPython(path2);
    QCOMPARE(read2.rows.value(1),
        (QStringList { QStringLiteral("'-is:retweet cats"), QStringLiteral("=\"1394735776701816833\"") }));
}

void TestCsvWriter::defaultColumns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("default.csv"));
    QVERIFY(writeCsv(path, { awkwardTweet() }, CsvOptions {}));
    const CsvRead read = readCsvWithPython(path);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QVERIFY(read.crlf);
    const QStringList expected = QStringLiteral("queries,id,created_at,author_username,author_name,type,lang,text,"
                                                "like_count,retweet_count,reply_count,quote_count,hashtags,mentions,"
                                                "urls,in_reply_to_status_id,quoted_id,retweeted_id,source,coordinates")
                                     .split(QLatin1Char(','));
    QCOMPARE(read.rows.value(0), expected);
    QCOMPARE(read.rows.value(1).value(2), QStringLiteral("2021-05-18T19:24:56.123Z"));
    QCOMPARE(read.rows.value(1).value(5), QStringLiteral("quote"));
    QCOMPARE(read.rows.value(1).value(19), QStringLiteral("-33.86785,151.20732"));
}

void TestCsvWriter::chosenColumns_data()
{
    QTest::addColumn<QString>("columns");
    QTest::addColumn<QStringList>("cells");
    const Tweet t = awkwardTweet();
    QTest::addRow("own names, any order") << QStringLiteral("text,id") << QStringList { t.text, t.id };
    QTest::addRow("twarc-csv names") << QStringLiteral(
        "id,author.username,public_metrics.like_count,entities.hashtags,"
        "geo.coordinates.coordinates,referenced_tweets.quoted.id,author.verified,lang")
                                     << QStringList { t.id, t.authorUsername, QStringLiteral("1"),
                                            QStringLiteral("[\"POIUYTREWQ\", \"café\", \"日本\"]"),
                                            QStringLiteral("[151.20732, -33.86785]"), t.quotedId,
                                            QStringLiteral("True"), QStringLiteral("ar") };
    QTest::addRow("same column twice, spaces around names") << QStringLiteral(" id , id") << QStringList { t.id, t.id };
}

void TestCsvWriter::chosenColumns()
{
    QFETCH(QString, columns);
    QFETCH(QStringList, cells);
    QString error;
    const auto chosen = csvColumnsFromNames(columns.split(QLatin1Char(',')), &error);
    QVERIFY2(chosen, qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.csv"));
    QVERIFY(writeCsv(path, { awkwardTweet() }, CsvOptions { *chosen, false }));
    const CsvRead read = readCsvWithPython(path);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QStringList header;
    for (const QString &c : columns.split(QLatin1Char(',')))
        header.append(c.trimmed());
    QCOMPARE(read.rows.value(0), header);
    QCOMPARE(read.rows.value(1), cells);
}

void TestCsvWriter::unknownColumns_data()
{
    QTest::addColumn<QString>("columns");
    QTest::addColumn<QString>("message");
    QTest::addRow("typo") << QStringLiteral("id,txet") << QStringLiteral("unknown column 'txet'");
    QTest::addRow("twarc column a Tweet lacks")
        << QStringLiteral("reply_settings") << QStringLiteral("'reply_settings' is a twarc-csv column");
    QTest::addRow("empty name") << QStringLiteral("id,,text") << QStringLiteral("empty column name");
}

void TestCsvWriter::unknownColumns()
{
    QFETCH(QString, columns);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!csvColumnsFromNames(columns.split(QLatin1Char(',')), &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("valid columns: queries,id,created_at")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("public_metrics.like_count")));
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
