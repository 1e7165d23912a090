// SPDX-License-Identifier: MIT
// Importing real API payloads (twarc JSONL pages, Enterprise activity streams and original
// tweets): counts, deduplication by id, bad lines named with their line numbers, and the
// tweets read back from the archive equal to what the parser produced.
#include "archive/archivestore.h"
#include "archive/importer.h"
#include "tweet/jsonelementreader.h"
#include "tweet/tweetparser.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cstring>

using namespace ts;
using namespace ts::archive;

namespace {

/// A real payload from tests/data/fixtures; a file that cannot be read fails the test.
QByteArray fixture(const QString &relative)
{
    QFile f(QStringLiteral(TS_TEST_DATA_DIR "/fixtures/") + relative);
    if (!f.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("cannot read the fixture %1: %2").arg(f.fileName(), f.errorString())),
            __FILE__, __LINE__);
        return {};
    }
    return f.readAll();
}

/// n single v2 tweets, one per line, oldest first; each has a hashtag #bulk and a unique word.
QByteArray tweetLines(int n, int firstId = 0)
{
    QByteArray out;
    for (int i = firstId; i < firstId + n; ++i) {
        const qint64 ms = 1700000000000LL + qint64(i) * 1000;
        const qint64 id = ((ms - 1288834974657LL) << 22) | i;
        out += QStringLiteral(
                   R"({"id":"%1","text":"bulk load line w%2 with some padding text to make rows larger #bulk",)"
                   R"("created_at":"%3","author_id":"%4","lang":"en",)"
                   R"("entities":{"hashtags":[{"start":70,"end":75,"tag":"bulk"}]}})")
                   .arg(id)
                   .arg(i)
                   .arg(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs))
                   .arg(100 + i % 37)
                   .toUtf8()
            + '\n';
    }
    return out;
}

qint64 hits(ArchiveStore &store, const QString &query)
{
    SearchParams p;
    p.query = query;
    p.maxResults = 100000;
    const auto r = store.search(p);
    return std::holds_alternative<SearchPage>(r) ? std::get<SearchPage>(r).tweets.size() : -1;
}

} // namespace

class tst_Importer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString newPath() { return m_dir.filePath(QStringLiteral("i%1.sqlite").arg(++m_n)); }

private Q_SLOTS:
    void badLinesAreNumberedAndSkipped()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store);
        QStringList problems;
        importer.setProblemHandler([&](const QString &m) { problems.append(m); });
        QByteArray input = "\n{\"data\": [\n\r\nnot json at all\n";
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QVERIFY(importer.importDevice(buffer, QStringLiteral("pages.jsonl"), &error));
        QVERIFY(importer.finish(&error));
        QCOMPARE(importer.stats().lines, 2);
        QCOMPARE(importer.stats().badLines, 2);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems[0].startsWith(u"pages.jsonl:2: "_qs), qPrintable(problems[0]));
        QVERIFY2(problems[1].startsWith(u"pages.jsonl:4: "_qs), qPrintable(problems[1]));
        QCOMPARE(store.tweetCount(), 0);
    }

    void brokenFirstLineDoesNotHideTheLinesAfterIt()
    {
        // A first line that opens an object it never closes, then 3000 good lines and a bad
        // one: every good line is imported and each bad line named (it was "0 inserted").
        for (const QByteArray &first : { QByteArray("{"), QByteArray("["), QByteArray("{\"data\": [") }) {
            const QString file = m_dir.filePath(QStringLiteral("broken%1.jsonl").arg(++m_n));
            {
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(first + "\n" + tweetLines(3000) + "not json\n");
            }
            ArchiveStore store;
            QString error;
            QVERIFY(store.open(newPath(), &error));
            Importer importer(store);
            QStringList problems;
            importer.setProblemHandler([&](const QString &m) { problems.append(m); });
            QVERIFY2(importer.importFile(file, &error), qPrintable(error));
            QVERIFY(importer.finish(&error));
            QCOMPARE(importer.stats().inserted, 3000);
            QCOMPARE(importer.stats().badLines, 2);
            QCOMPARE(problems.size(), 2);
            QVERIFY2(problems[0].startsWith(file + u":1: invalid JSON"_qs), qPrintable(problems[0]));
            QVERIFY2(problems[1].startsWith(file + u":3002: "_qs), qPrintable(problems[1]));
            QCOMPARE(store.tweetCount(), 3000);
        }
    }

    void oneDocumentIsReadElementByElement()
    {
        // A pretty-printed array of 2000 tweets, larger than the (lowered) line limit: read
        // element by element; a broken element is named by its line and position.
        QByteArray doc = "[\n";
        const QList<QByteArray> lines = tweetLines(2000).trimmed().split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            doc += "  " + (i == 500 ? QByteArray("{\"text\": \"no id\"}") : lines[i]);
            doc += i + 1 < lines.size() ? ",\n" : "\n";
        }
        doc += "]\n";
        const QString file = m_dir.filePath(QStringLiteral("array.json"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(doc);
        }
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store);
        importer.setMaxLineLength(64 << 10);
        QStringList problems;
        importer.setProblemHandler([&](const QString &m) { problems.append(m); });
        QVERIFY2(importer.importFile(file, &error), qPrintable(error));
        QVERIFY(importer.finish(&error));
        QCOMPARE(importer.stats().lines, 2000);
        QCOMPARE(importer.stats().inserted, 1999);
        QCOMPARE(importer.stats().badLines, 1);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].startsWith(file + u":502: element 500: "_qs), qPrintable(problems[0]));

        // Under the limit it is parsed whole (as one document).
        Importer whole(store);
        QVERIFY2(whole.importFile(file, &error), qPrintable(error));
        QVERIFY(whole.finish(&error));
        QCOMPARE(whole.stats().lines, 1);
        QCOMPARE(whole.stats().duplicates, 1999);

        // From a pipe (no second pass possible), a broken document: what came before the
        // error is imported, and the error names its line.
        QByteArray broken = "[\n" + tweetLines(3, 5000).trimmed() + "\n]";
        broken.replace("}\n{", "},\n{");
        broken.replace("\n]", "\n{\"id\":\"9\"}\n]");
        struct Pipe : QIODevice
        {
            QByteArray data;
            qint64 at = 0;
            bool isSequential() const override { return true; }
            qint64 readData(char *to, qint64 max) override
            {
                const qint64 n = std::min(max, data.size() - at);
                std::memcpy(to, data.constData() + at, size_t(n));
                at += n;
                return n;
            }
            qint64 writeData(const char *, qint64) override { return -1; }
        } pipe;
        pipe.data = broken;
        QVERIFY(pipe.open(QIODevice::ReadOnly));
        Importer fromPipe(store);
        QVERIFY(!fromPipe.importDevice(pipe, QStringLiteral("<stdin>"), &error));
        QVERIFY2(error.startsWith(u"<stdin>: line 5: expected ',' or ']' after an element"_qs), qPrintable(error));
        QVERIFY2(error.contains(u"not one JSON document"_qs), qPrintable(error));
        QVERIFY(fromPipe.finish(&error));
        QCOMPARE(fromPipe.stats().inserted, 3);
    }

    void longLinesAreSkippedOrReadInPieces()
    {
        // A v2 page of 12 MB on one line (read in pieces, each with the page's includes),
        // a line over the limit (skipped and named), and good lines around them.
        QByteArray page = "{\"data\":[";
        const int pageTweets = 40000;
        const QList<QByteArray> lines = tweetLines(pageTweets, 100000).trimmed().split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i)
            page += (i ? "," : "") + lines[i];
        page += "],\"includes\":{\"users\":[";
        for (int u = 0; u < 37; ++u)
            page += QStringLiteral(R"(%1{"id":"%2","username":"someone%2","name":"Some One"})")
                        .arg(u ? u"," : u"")
                        .arg(100 + u)
                        .toUtf8();
        page += "]}}";
        QVERIFY(page.size() > 2 * JsonElementReader::LargeDocumentSize);
        QByteArray input = tweetLines(2) + page + "\n" + QByteArray(20 << 20, ' ') + "x\n" + tweetLines(2, 10);
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store);
        QStringList problems;
        importer.setProblemHandler([&](const QString &m) { problems.append(m); });
        QVERIFY2(importer.importDevice(buffer, QStringLiteral("long.jsonl"), &error), qPrintable(error));
        QVERIFY(importer.finish(&error));
        QCOMPARE(importer.stats().inserted, pageTweets + 4);
        QCOMPARE(importer.stats().badLines, 1);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0],
            u"long.jsonl:4: 20971521 bytes, longer than the line limit of 16 MiB (--max-line-length); skipped"_qs);
        int expected101 = 0;
        for (int i = 100000; i < 100000 + pageTweets; ++i)
            expected101 += i % 37 == 1;
        QCOMPARE(hits(store, QStringLiteral("from:someone101")), expected101);
    }

    void missingFileIsAnError()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store);
        QVERIFY(!importer.importFile(m_dir.filePath(QStringLiteral("nope.jsonl")), &error));
        QVERIFY(error.contains(u"nope.jsonl"_qs));
    }

    void batchesCarryOverFromOneInputToTheNext()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store, 7); // batches end in the middle of every input
        int expected = 0;
        for (int part = 0; part < 3; ++part) {
            QByteArray input = tweetLines(10 + part, expected);
            expected += 10 + part;
            input += tweetLines(3, 0); // duplicates of the first input
            QBuffer buffer(&input);
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            QVERIFY2(importer.importDevice(buffer, QStringLiteral("part%1").arg(part), &error), qPrintable(error));
        }
        QVERIFY2(importer.finish(&error), qPrintable(error));
        QCOMPARE(importer.stats().read, expected + 9);
        QCOMPARE(importer.stats().inserted, expected);
        QCOMPARE(importer.stats().duplicates, 9);
        QCOMPARE(store.tweetCount(), expected);
        QCOMPARE(hits(store, QStringLiteral("#bulk")), expected);
        QCOMPARE(hits(store, QStringLiteral("w32")), 1);
    }

    void progressCanStopTheImport()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store, 100);
        int calls = 0;
        importer.setProgressHandler([&](qint64 bytes) {
            Q_UNUSED(bytes);
            return ++calls < 2;
        });
        // Several read chunks (4 MB each), so that the reader has more to send after the stop.
        QByteArray input = tweetLines(60000);
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QVERIFY(importer.importDevice(buffer, QStringLiteral("big"), &error));
        QVERIFY2(importer.finish(&error), qPrintable(error));
        QCOMPARE(calls, 2);
        QVERIFY(importer.stats().inserted > 0);
        QVERIFY(importer.stats().inserted < 60000);
        QCOMPARE(store.tweetCount(), importer.stats().inserted);
        QCOMPARE(hits(store, QStringLiteral("#bulk")), importer.stats().inserted);
    }

    void fullDiskStopsTheImportAndKeepsEarlierBatches()
    {
        const QString path = newPath();
        qint64 inserted = 0;
        {
            ArchiveStore store;
            QString error;
            QVERIFY(store.open(path, &error));
            store.setSizeLimit(600 * 1024);
            Importer importer(store, 200);
            QByteArray input = tweetLines(20000);
            QBuffer buffer(&input);
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            QVERIFY(!importer.importDevice(buffer, QStringLiteral("big"), &error));
            QVERIFY2(error.contains(u"full"_qs), qPrintable(error));
            inserted = importer.stats().inserted;
            QVERIFY(inserted > 0);
            QVERIFY(inserted < 20000);
            // What was written is whole: the count, the rows and the index agree.
            QCOMPARE(store.tweetCount(), inserted);
            QCOMPARE(hits(store, QStringLiteral("#bulk")), inserted);
        }
        // Closed without finish(): the file is a normal WAL archive again, readable by others.
        ArchiveStore again;
        QString error;
        QVERIFY2(again.open(path, &error, true), qPrintable(error));
        QCOMPARE(again.tweetCount(), inserted);
        QCOMPARE(hits(again, QStringLiteral("bulk")), inserted);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("journal_check"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), u"wal"_qs);
        }
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(QStringLiteral("journal_check"));
    }

    void importsRealPagesWithCountsAndDedup()
    {
        const QByteArray brexit = fixture(QStringLiteral("twarc-csv/brexit.jsonl"));
        const QByteArray two = fixture(QStringLiteral("twarc-csv/two_tweets.jsonl"));
        const QByteArray as = fixture(QStringLiteral("tweet_parser/activity_streams_examples.json"));
        QVERIFY(!brexit.isEmpty() && !two.isEmpty() && !as.isEmpty());
        const QString file = m_dir.filePath(QStringLiteral("mixed.jsonl"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(brexit.trimmed() + "\n");
            f.write(two.trimmed() + "\n");
            f.write("{\"broken\": \n");
            f.write(brexit.trimmed() + "\n"); // the same page again: all duplicates
            f.write(as.trimmed() + "\n");
        }
        TweetParser parser;
        qint64 expectedRead = 0;
        QSet<QString> ids;
        for (const QByteArray &line : { brexit.trimmed(), two.trimmed() }) {
            const auto r = parser.parse(line);
            QVERIFY(r.ok());
            expectedRead += r.document->tweets.size();
            for (const Tweet &t : r.document->tweets)
                ids.insert(t.id);
        }
        const qint64 brexitCount = parser.parse(brexit.trimmed()).document->tweets.size();
        qint64 asLines = 0, asTweets = 0;
        for (const QByteArray &line : as.trimmed().split('\n')) {
            const auto r = parser.parse(line);
            ++asLines;
            if (r.ok()) {
                asTweets += r.document->tweets.size();
                for (const Tweet &t : r.document->tweets)
                    ids.insert(t.id);
            }
        }

        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store, 64); // several batches
        QStringList problems;
        importer.setProblemHandler([&](const QString &m) { problems.append(m); });
        QVERIFY2(importer.importFile(file, &error), qPrintable(error));
        QVERIFY(importer.finish(&error));
        const ImportStats &s = importer.stats();
        QCOMPARE(s.lines, 4 + asLines);
        QCOMPARE(s.badLines, 1);
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.front().startsWith(file + u":3: "_qs), qPrintable(problems.front()));
        QCOMPARE(s.read, expectedRead + brexitCount + asTweets);
        QCOMPARE(s.inserted, ids.size());
        QCOMPARE(s.duplicates, s.read - ids.size());
        QCOMPARE(store.tweetCount(), ids.size());
    }

    void storedTweetsEqualParsedTweets()
    {
        const QByteArray page = fixture(QStringLiteral("twarc-csv/kpop.jsonl")).trimmed();
        QVERIFY(!page.isEmpty());
        TweetParser parser;
        const auto r = parser.parse(page);
        QVERIFY(r.ok());
        const QList<Tweet> in = r.document->tweets;
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(in)));
        QHash<QString, StoredTweet> out;
        QVERIFY(store.forEachTweet([&](const StoredTweet &s) {
            out.insert(s.tweet.id, s);
            return true;
        }));
        for (const Tweet &a : in) {
            QVERIFY(out.contains(a.id));
            const Tweet &b = out[a.id].tweet;
            QCOMPARE(b.createdAtMs, a.createdAtMs);
            QCOMPARE(b.type, a.type);
            QCOMPARE(b.text, a.text);
            QCOMPARE(b.allText, a.allText);
            QCOMPARE(b.authorId, a.authorId);
            QCOMPARE(b.authorUsername, a.authorUsername);
            QCOMPARE(b.lang, a.lang);
            QCOMPARE(b.hashtags, a.hashtags);
            QCOMPARE(b.mentions, a.mentions);
            QCOMPARE(b.urls, a.urls);
            QCOMPARE(b.mediaUrls, a.mediaUrls);
            QCOMPARE(b.likeCount, a.likeCount);
            QCOMPARE(b.retweetedId, a.retweetedId);
            QCOMPARE(b.quotedId, a.quotedId);
            QCOMPARE(b.inReplyToStatusId, a.inReplyToStatusId);
            QCOMPARE(b.conversationId, a.conversationId);
            QCOMPARE(b.coordinates, a.coordinates);
            QCOMPARE(b.rawJson, a.rawJson);
            QCOMPARE(out[a.id].rawFormat, a.format);
        }
        // And the query language finds them: every hashtag of the page.
        for (const Tweet &a : in) {
            for (const QString &h : a.hashtags) {
                SearchParams p;
                p.query = u'#' + h;
                p.maxResults = 100;
                const auto page2 = std::get<SearchPage>(store.search(p));
                QVERIFY(std::any_of(page2.tweets.begin(), page2.tweets.end(),
                    [&](const StoredTweet &s) { return s.tweet.id == a.id; }));
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_Importer)
#include "tst_importer.moc"
