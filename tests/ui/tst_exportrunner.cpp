// SPDX-License-Identifier: MIT
// Exports of a collection's visible rows, read back: the rows in the table's order (across
// several chunks of ids), CSV and JSONL, the queries of each tweet, every column equal to the
// whole collection's export, cancel and a failed write.
#include "search/collection.h"
#include "ui/exportrunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using ts::ui::ExportKind;
using ts::ui::ExportRequest;

class TestExportRunner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_collection;
    QList<quint64> m_ids; // every stored id
    static constexpr int kTweets = 1300; // past two chunks of kExportChunk
    static constexpr quint64 kFirstId = 1800000000000000000ull;

    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // The records of a CSV file as the writer spells it (RFC 4180, CRLF between records).
    static QList<QStringList> csvRecords(const QString &path)
    {
        QString text = QString::fromUtf8(readAll(path));
        text.remove(QChar(0xfeff));
        QList<QStringList> records;
        QStringList record;
        QString cell;
        bool quoted = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (quoted) {
                if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                    cell += u'"';
                    ++i;
                } else if (c == u'"') {
                    quoted = false;
                } else {
                    cell += c;
                }
            } else if (c == u'"') {
                quoted = true;
            } else if (c == u',') {
                record.append(std::exchange(cell, QString()));
            } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                record.append(std::exchange(cell, QString()));
                records.append(std::exchange(record, QStringList()));
                ++i;
            } else {
                cell += c;
            }
        }
        if (!cell.isEmpty() || !record.isEmpty()) {
            record.append(cell);
            records.append(record);
        }
        return records;
    }

    // Tweets with every field the archive stores set: coordinates, cashtags, media, URLs with
    // a comma, several hashtags, matching rules, conversation and reply ids.
    static QList<ts::Tweet> fullTweets(int count)
    {
        QList<ts::Tweet> tweets;
        for (int i = 0; i < count; ++i) {
            ts::Tweet t;
            t.id = QString::number(1394735776701816833ull + quint64(i) * 7);
            t.createdAtMs = 1621365896123 + qint64(i) * 1000;
            t.format = ts::TweetFormat(i % 3);
            t.type = ts::TweetType(i % 4);
            t.text = u"He said \"hi\", then left\nnew line 😀 مرحبا %1, end"_s.arg(i);
            t.allText = t.text + u"\nquoted text"_s;
            t.authorId = QString::number(1379899464345923590ull + quint64(i % 5));
            t.authorUsername = u"user%1"_s.arg(i % 5);
            t.authorName = u"=HYPERLINK(\"http://evil\",\"x\") %1"_s.arg(i);
            t.authorFollowers = 12345678901LL + i;
            t.authorVerified = i % 2;
            t.lang = i % 2 ? u"ar"_s : u"en"_s;
            t.hashtags = { u"POIUYTREWQ"_s, u"café"_s, u"日本%1"_s.arg(i) };
            t.cashtags = { u"AAPL"_s, u"TSLA"_s };
            t.mentions = { u"bibaigna96"_s, u"someone%1"_s.arg(i) };
            t.urls = { u"https://example.com/a?b=c,d&e=\"f\"&n=%1"_s.arg(i), u"https://t.co/x,y"_s };
            t.mediaUrls = { u"https://pbs.twimg.com/media/x%1.jpg"_s.arg(i), u"https://video.twimg.com/v.mp4"_s };
            t.likeCount = i + 1;
            t.retweetCount = 22 + i;
            t.replyCount = 333 + i;
            t.quoteCount = 4444 + i;
            t.inReplyToStatusId = u"1391677057810288641"_s;
            t.inReplyToUserId = u"1380086327023169540"_s;
            t.conversationId = QString::number(1391677057810288000ull + quint64(i));
            t.quotedId = u"1300000000000000001"_s;
            t.quotedText = u"-1+1 is a formula in Excel"_s;
            t.retweetedId = i % 4 == 1 ? u"1300000000000000002"_s : QString();
            t.retweetedText = i % 4 == 1 ? u"the original"_s : QString();
            t.source = u"+Twitter for Android"_s;
            t.coordinates = ts::Coordinates { -33.86785 + i, 151.20732 - i };
            t.placeFullName = u"@Sydney, NSW"_s;
            t.placeCountryCode = u"AU"_s;
            t.matchingRules = { u"rule one"_s, u"rule, two"_s };
            t.rawJson = u"{\"id\":\"%1\",\"text\":\"tweet %2\"}"_s.arg(t.id).arg(i).toUtf8();
            tweets.append(t);
        }
        return tweets;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_collection = m_dir.filePath(u"run.sqlite"_s);
        ts::search::Collection collection;
        QString error;
        QVERIFY2(collection.open(m_collection, &error), qPrintable(error));
        const qint64 run = collection.beginRun(ts::search::RunMode::Sequential, u"local"_s,
            u"http://127.0.0.1:1/2/tweets/search/recent"_s, { u"cats"_s, u"eclipse"_s }, {}, &error);
        QVERIFY2(run > 0, qPrintable(error));
        // Query 0 matched every tweet, query 1 every third one; pages of 100.
        for (int page = 0; page * 100 < kTweets; ++page) {
            QList<ts::Tweet> tweets, third;
            for (int i = page * 100; i < std::min(kTweets, page * 100 + 100); ++i) {
                ts::Tweet t;
                const quint64 id = kFirstId + quint64(i) * 13;
                t.id = QString::number(id);
                t.createdAtMs = 1700000000000 + qint64(i) * 1000;
                t.text = u"tweet %1 about cats, \"quoted\"\nsecond line"_s.arg(i);
                t.authorId = QString::number(1000 + i % 7);
                t.authorUsername = u"user%1"_s.arg(i % 7);
                t.lang = i % 2 ? u"fr"_s : u"en"_s;
                t.likeCount = i;
                t.rawJson = QJsonDocument(QJsonObject { { u"id"_s, t.id }, { u"text"_s, t.text },
                                              { u"author_id"_s, t.authorId }, { u"lang"_s, t.lang } })
                                .toJson(QJsonDocument::Compact);
                tweets.append(t);
                if (i % 3 == 0)
                    third.append(t);
                m_ids.append(id);
            }
            QVERIFY2(collection.writePage(run, 0, page, tweets, QString(), false, &error), qPrintable(error));
            QVERIFY2(collection.writePage(run, 1, page, third, QString(), false, &error), qPrintable(error));
        }
    }

    void visibleRowsInViewOrder_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("rows");
        QTest::addRow("csv, one chunk") << int(ExportKind::Csv) << 40;
        QTest::addRow("csv, every row, three chunks") << int(ExportKind::Csv) << kTweets;
        QTest::addRow("excel") << int(ExportKind::Excel) << 700;
        QTest::addRow("jsonl, one chunk") << int(ExportKind::Jsonl) << 40;
        QTest::addRow("jsonl, three chunks") << int(ExportKind::Jsonl) << kTweets;
    }
    void visibleRowsInViewOrder()
    {
        QFETCH(int, kind);
        QFETCH(int, rows);
        // A shuffled subset, as a sorted and filtered table shows them, plus an id the
        // collection does not have (skipped).
        QList<quint64> shown = m_ids;
        std::shuffle(shown.begin(), shown.end(), *QRandomGenerator::global());
        shown.resize(rows);
        std::vector<quint64> ids(shown.begin(), shown.end());
        ids.insert(ids.begin() + ids.size() / 2, 42);

        ExportRequest request;
        request.kind = ExportKind(kind);
        request.target = m_dir.filePath(u"visible-%1-%2"_s.arg(kind).arg(rows));
        request.ids = ids;
        const auto columns = ts::exporter::csvColumnsFromNames({ u"id"_s, u"queries"_s, u"text"_s }, nullptr);
        request.columns = *columns;
        QList<qint64> progress;
        const auto result = ts::ui::exportCollection(m_collection, request, [&](qint64 done, qint64 total) {
            progress.append(done);
            return total == qint64(ids.size());
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.tweets, rows);
        QVERIFY(progress.size() >= 2 && progress.last() == qint64(ids.size()));
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));

        const QByteArray written = readAll(request.target);
        QStringList order;
        if (request.kind == ExportKind::Jsonl) {
            // twarc-style pages: data in view order, the run's URL in __twarc, includes.users.
            const QList<QByteArray> lines = written.trimmed().split('\n');
            QCOMPARE(lines.size(), (rows + 99) / 100);
            for (const QByteArray &line : lines) {
                const QJsonObject page = QJsonDocument::fromJson(line).object();
                QVERIFY2(!page.isEmpty(), line.left(200).constData());
                QCOMPARE(page[u"__twarc"_s][u"url"_s].toString(), u"http://127.0.0.1:1/2/tweets/search/recent"_s);
                QVERIFY(!page[u"includes"_s][u"users"_s].toArray().isEmpty());
                for (const auto &tweet : page[u"data"_s].toArray()) {
                    QVERIFY(tweet[u"text"_s].toString().contains(u"about cats"_s)); // the raw tweet
                    order.append(tweet[u"id"_s].toString());
                }
            }
        } else {
            // One record per tweet: id, the queries (a quoted cell when two), text with its line break.
            const QString text = QString::fromUtf8(written);
            const qsizetype headerEnd = text.indexOf(u"\r\n"_s);
            QCOMPARE(text.left(headerEnd).remove(QChar(0xfeff)), u"id,queries,text"_s);
            static const QRegularExpression record(
                u"\r\n(?:\"=\"\"|)(\\d+)(?:\"\"\"|),(\"cats\neclipse\"|cats),\"tweet (\\d+) "_s);
            auto it = record.globalMatch(text);
            while (it.hasNext()) {
                const auto m = it.next();
                const int n = m.captured(3).toInt();
                QCOMPARE(m.captured(2).contains(u"eclipse"_s), n % 3 == 0);
                order.append(m.captured(1));
            }
        }
        QStringList expected;
        for (quint64 id : shown)
            expected.append(QString::number(id));
        QCOMPARE(order, expected);
    }

    // The same rows exported as "visible rows" (read by id) and as "whole collection" (read in
    // storage order) give the same file: every column of every row, CSV and CSV for Excel.
    void visibleRowsEqualTheWholeCollection_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addRow("csv") << int(ExportKind::Csv);
        QTest::addRow("excel") << int(ExportKind::Excel);
    }
    void visibleRowsEqualTheWholeCollection()
    {
        QFETCH(int, kind);
        const QString path = m_dir.filePath(u"full-%1.sqlite"_s.arg(kind));
        const QList<ts::Tweet> tweets = fullTweets(40);
        {
            ts::search::Collection collection;
            QString error;
            QVERIFY2(collection.open(path, &error), qPrintable(error));
            const qint64 run = collection.beginRun(ts::search::RunMode::Sequential, u"local"_s,
                u"http://127.0.0.1:1/2/tweets/search/recent"_s, { u"cats"_s, u"dogs"_s }, {}, &error);
            QVERIFY2(run > 0, qPrintable(error));
            QVERIFY2(collection.writePage(run, 0, 1, tweets, QString(), true, &error), qPrintable(error));
            QVERIFY2(collection.writePage(run, 1, 1, tweets.mid(10, 5), QString(), true, &error), qPrintable(error));
        }
        const auto every = ts::exporter::csvColumnsFromNames(ts::exporter::csvColumnNames(), nullptr);
        QVERIFY(every);

        ExportRequest whole;
        whole.kind = ExportKind(kind);
        whole.target = m_dir.filePath(u"whole-%1.csv"_s.arg(kind));
        whole.columns = *every;
        auto result = ts::ui::exportCollection(path, whole);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.tweets, tweets.size());

        ExportRequest visible = whole;
        visible.target = m_dir.filePath(u"visible-%1.csv"_s.arg(kind));
        std::vector<quint64> ids;
        for (const ts::Tweet &t : tweets) // the storage order (created_at), as the whole export
            ids.push_back(t.id.toULongLong());
        visible.ids = ids;
        result = ts::ui::exportCollection(path, visible);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.tweets, tweets.size());

        const QList<QStringList> expected = csvRecords(whole.target);
        const QList<QStringList> actual = csvRecords(visible.target);
        QCOMPARE(expected.size(), tweets.size() + 1);
        QCOMPARE(actual.size(), expected.size());
        const QStringList header = expected.constFirst();
        QCOMPARE(actual.constFirst(), header);
        QStringList differing; // every column that differs, with its first differing row
        for (qsizetype row = 1; row < expected.size(); ++row) {
            QCOMPARE(actual.at(row).size(), header.size());
            for (qsizetype column = 0; column < header.size(); ++column) {
                const QString name = header.at(column);
                if (actual.at(row).at(column) != expected.at(row).at(column)
                    && !differing.contains(name + u':', Qt::CaseSensitive)) {
                    differing.append(u"%1: row %2 visible rows '%3', whole collection '%4'"_s.arg(name).arg(row).arg(
                        actual.at(row).at(column), expected.at(row).at(column)));
                }
            }
        }
        QVERIFY2(differing.isEmpty(), qPrintable(differing.join(u"\n"_s)));
        // The whole export itself holds what was stored (so that two empty cells cannot agree).
        const QStringList first = expected.at(1);
        const auto cell = [&](const char *name) { return first.at(header.indexOf(QLatin1String(name))); };
        QCOMPARE(cell("cashtags"), u"AAPL TSLA"_s);
        QCOMPARE(cell("urls"), u"https://example.com/a?b=c,d&e=\"f\"&n=0 https://t.co/x,y"_s);
        QCOMPARE(cell("media_urls"), u"https://pbs.twimg.com/media/x0.jpg https://video.twimg.com/v.mp4"_s);
        QCOMPARE(cell("lat"), u"-33.86785"_s);
        QCOMPARE(cell("conversation_id").remove(u'"').remove(u'='), u"1391677057810288000"_s);
        QVERIFY(!cell("coordinates").isEmpty());
        QVERIFY(!cell("matching_rules").isEmpty());
    }

    void cancelLeavesTheOldFile()
    {
        const QString target = m_dir.filePath(u"kept.csv"_s);
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents\n");
        old.close();
        ExportRequest request;
        request.target = target;
        request.ids = std::vector<quint64>(m_ids.begin(), m_ids.end());
        int calls = 0;
        const auto result
            = ts::ui::exportCollection(m_collection, request, [&](qint64, qint64) { return ++calls < 2; });
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QCOMPARE(calls, 2); // stopped after the first chunk
        QCOMPARE(readAll(target), QByteArray("old contents\n"));
    }

    void unwritableTargetIsAnError()
    {
        ExportRequest request;
        request.kind = ExportKind::Jsonl;
        request.target = m_dir.filePath(u"no/such/dir/x.jsonl"_s);
        request.ids = std::vector<quint64> { m_ids.first() };
        const auto result = ts::ui::exportCollection(m_collection, request);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(u"x.jsonl"_s), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestExportRunner)
#include "tst_exportrunner.moc"
