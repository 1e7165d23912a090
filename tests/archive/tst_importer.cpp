// SPDX-License-Identifier: MIT
// Importing real API payloads (twarc JSONL pages, Enterprise activity streams and original
// tweets): counts, deduplication by id, bad lines named with their line numbers, and the
// tweets read back from the archive equal to what the parser produced.
#include "archive/archivestore.h"
#include "archive/importer.h"
#include "tweet/tweetparser.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::archive;

namespace {

QByteArray fixture(const QString &relative)
{
    QFile f(QStringLiteral(TS_SHARED_DIR "/fixtures/") + relative);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool parserBuilt()
{
    TweetParser p;
    return p.parse(R"({"id":"1","text":"x","created_at":"2021-01-01T00:00:00.000Z","author_id":"2"})").ok();
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

    void missingFileIsAnError()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(newPath(), &error));
        Importer importer(store);
        QVERIFY(!importer.importFile(m_dir.filePath(QStringLiteral("nope.jsonl")), &error));
        QVERIFY(error.contains(u"nope.jsonl"_qs));
    }

    void importsRealPagesWithCountsAndDedup()
    {
        if (!parserBuilt())
            QSKIP("ts::TweetParser is not built yet on this branch");
        const QByteArray brexit = fixture(QStringLiteral("twarc-csv/brexit.jsonl"));
        const QByteArray two = fixture(QStringLiteral("twarc-csv/two_tweets.jsonl"));
        const QByteArray as = fixture(QStringLiteral("tweet_parser/activity_streams_examples.json"));
        if (brexit.isEmpty() || two.isEmpty() || as.isEmpty())
            QSKIP("shared fixtures not found (../shared/fixtures)");
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
        if (!parserBuilt())
            QSKIP("ts::TweetParser is not built yet on this branch");
        const QByteArray page = fixture(QStringLiteral("twarc-csv/kpop.jsonl")).trimmed();
        if (page.isEmpty())
            QSKIP("shared fixtures not found (../shared/fixtures)");
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
