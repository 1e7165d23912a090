// SPDX-License-Identifier: MIT
// The full-text index built apart during a bulk load (IndexBuilder): the same answers as the
// index written inline, reads in the middle of a load, an interrupted load refused on open,
// and a file that cannot grow leaving an archive whose rows and index agree.
#include "archive/archivestore.h"
#include "archive/corpusgenerator.h"
#include "archive/importer.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <csignal>
#include <sys/resource.h>

using namespace ts;
using namespace ts::archive;

namespace {

/// Every id the query finds, page by page, newest first (or by relevancy).
QStringList allIds(ArchiveStore &store, const QString &query, bool relevancy = false)
{
    QStringList ids;
    SearchParams p;
    p.query = query;
    p.maxResults = 500;
    p.relevancy = relevancy;
    while (true) {
        const auto r = store.search(p);
        if (!std::holds_alternative<SearchPage>(r))
            return { QStringLiteral("<error>") };
        const SearchPage &page = std::get<SearchPage>(r);
        for (const StoredTweet &s : page.tweets)
            ids.append(s.tweet.id);
        if (page.nextToken.isEmpty())
            return ids;
        p.pageToken = page.nextToken;
    }
}

QList<Tweet> tweets(int first, int n)
{
    QList<Tweet> out;
    for (int i = first; i < first + n; ++i) {
        Tweet t;
        t.createdAtMs = 1700000000000LL + qint64(i) * 1000;
        t.id = QString::number(((t.createdAtMs - 1288834974657LL) << 22) | i);
        t.text = QStringLiteral("batch line w%1 café").arg(i);
        t.authorId = QString::number(100 + i % 7);
        t.authorUsername = QStringLiteral("user%1").arg(i % 7);
        t.hashtags = { QStringLiteral("bulk") };
        out.append(t);
    }
    return out;
}

QByteArray tweetLines(int n)
{
    QByteArray out;
    for (const Tweet &t : tweets(0, n)) {
        out += QStringLiteral(R"({"id":"%1","text":"%2 with some padding text to make rows larger #bulk",)"
                              R"("created_at":"%3","author_id":"%4","lang":"en"})")
                   .arg(t.id, t.text,
                       QDateTime::fromMSecsSinceEpoch(t.createdAtMs, QTimeZone::utc()).toString(Qt::ISODateWithMs),
                       t.authorId)
                   .toUtf8()
            + '\n';
    }
    return out;
}

qint64 hits(ArchiveStore &store, const QString &query)
{
    return allIds(store, query).size();
}

} // namespace

class tst_IndexBuilder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    /// A space and a non-ASCII letter: the builder opens and attaches files by UTF-8 name.
    QString newPath() { return m_dir.filePath(QStringLiteral("b%1 é.sqlite").arg(++m_n)); }
    QString m_inline, m_parallel; // the same generated corpus, indexed both ways
    /// That corpus read back and loaded again, newest first (as API pages and twarc files run)
    /// and oldest first: the order of the input changes nothing.
    QString m_newestFirst, m_oldestFirst;

private Q_SLOTS:
    void initTestCase()
    {
        for (bool parallel : { false, true }) {
            QString &path = parallel ? m_parallel : m_inline;
            path = newPath();
            ArchiveStore store;
            QString error;
            QVERIFY2(store.open(path, &error), qPrintable(error));
            store.setParallelIndexing(parallel);
            CorpusGenerator::Options o;
            o.tweets = 20000;
            o.seed = 7;
            o.batchSize = 3000;
            const auto r = CorpusGenerator::generate(store, o);
            QVERIFY(!r.error);
            QCOMPARE(r.inserted, 20000);
            QVERIFY(!QFile::exists(path + u"-index.partial"_qs));
        }
        QList<Tweet> all;
        {
            ArchiveStore source;
            QString error;
            QVERIFY2(source.open(m_inline, &error, true), qPrintable(error));
            QVERIFY(source.forEachTweet([&](const StoredTweet &s) {
                all.append(s.tweet);
                return true;
            }));
        }
        for (bool newestFirst : { true, false }) {
            std::sort(all.begin(), all.end(), [newestFirst](const Tweet &a, const Tweet &b) {
                return newestFirst ? a.id.toLongLong() > b.id.toLongLong() : a.id.toLongLong() < b.id.toLongLong();
            });
            QString &path = newestFirst ? m_newestFirst : m_oldestFirst;
            path = newPath();
            ArchiveStore store;
            QString error;
            QVERIFY2(store.open(path, &error), qPrintable(error));
            QVERIFY(!store.beginBulkLoad());
            for (qsizetype i = 0; i < all.size(); i += 3000)
                QVERIFY(std::holds_alternative<InsertStats>(store.insert(all.mid(i, 3000))));
            QVERIFY(!store.endBulkLoad(true));
            QCOMPARE(store.tweetCount(), 20000);
        }
    }

    void parallelAndInlineIndexesAnswerAlike_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("relevancy");
        for (const char *q : { "eclipse", "cats", "\"just bought a house\"", "#AI", "@nasa OR #memes", "from:nasa",
                 "cafe", "nuclear -is:retweet", "cats is:reply lang:en", "eclipse has:links has:hashtags",
                 "(cats OR memes) has:media", "korea is:quote", "$TSLA", "cats has:geo", "ai -ai" })
            QTest::addRow("%s", q) << QString::fromUtf8(q) << false;
        QTest::addRow("relevancy eclipse") << u"eclipse"_qs << true;
        QTest::addRow("relevancy cats OR memes") << u"cats OR memes"_qs << true;
    }

    void parallelAndInlineIndexesAnswerAlike()
    {
        QFETCH(QString, query);
        QFETCH(bool, relevancy);
        ArchiveStore a, b;
        QString error;
        QVERIFY2(a.open(m_inline, &error, true), qPrintable(error));
        QVERIFY2(b.open(m_parallel, &error, true), qPrintable(error));
        const QStringList expected = allIds(a, query, relevancy);
        QVERIFY(!expected.contains(u"<error>"_qs));
        QCOMPARE(allIds(b, query, relevancy), expected);
        ArchiveStore c, d;
        QVERIFY2(c.open(m_newestFirst, &error, true), qPrintable(error));
        QVERIFY2(d.open(m_oldestFirst, &error, true), qPrintable(error));
        QStringList readBack = allIds(d, query, relevancy);
        QStringList newestFirst = allIds(c, query, relevancy);
        if (relevancy) {
            // Tweets read back from an archive carry no retweeted author id: a retweet is then
            // tagged with it only when the load saw that author's own tweets first (RowBuilder
            // learns authors as it goes). Newest first, a few retweets have one tag less, so
            // their scores, and the order of ties, move a little.
            readBack.sort();
            newestFirst.sort();
        } else {
            QCOMPARE(readBack, expected);
        }
        QCOMPARE(newestFirst, readBack);
        const auto span = a.timeSpan();
        QVERIFY(span);
        const auto ca = a.counts(query, 1024, span->first, span->second + 1, Granularity::Day);
        const auto cb = b.counts(query, 1024, span->first, span->second + 1, Granularity::Day);
        QVERIFY(std::holds_alternative<QList<CountBucket>>(ca) && std::holds_alternative<QList<CountBucket>>(cb));
        const auto &la = std::get<QList<CountBucket>>(ca);
        const auto &lb = std::get<QList<CountBucket>>(cb);
        QCOMPARE(lb.size(), la.size());
        for (qsizetype i = 0; i < la.size(); ++i)
            QCOMPARE(lb[i].count, la[i].count);
    }

    void readsDuringALoadSeeEveryRowAndTheLoadGoesOn()
    {
        const QString path = newPath();
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        QVERIFY(!store.beginBulkLoad());
        QVERIFY(QFile::exists(path + u"-index.partial"_qs)); // an empty archive: built apart
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(tweets(0, 300))));
        QCOMPARE(hits(store, QStringLiteral("#bulk")), 300); // the index built so far is copied in
        QVERIFY(!QFile::exists(path + u"-index.partial"_qs));
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(tweets(300, 200))));
        QVERIFY(!store.endBulkLoad(true));
        QCOMPARE(hits(store, QStringLiteral("#bulk")), 500);
        QCOMPARE(hits(store, QStringLiteral("w450")), 1);
        // A normal insert afterwards adds to the copied index (no stale view of it).
        QVERIFY(std::holds_alternative<InsertStats>(store.insert(tweets(500, 100))));
        QCOMPARE(hits(store, QStringLiteral("#bulk")), 600);
        QCOMPARE(hits(store, QStringLiteral("cafe from:user3")), 86);
        store.close();
        ArchiveStore again;
        QVERIFY2(again.open(path, &error, true), qPrintable(error));
        QCOMPARE(again.tweetCount(), 600);
        QCOMPARE(hits(again, QStringLiteral("#bulk")), 600);
    }

    void interruptedLoadIsRefusedOnOpen()
    {
        const QString path = newPath();
        QProcess p;
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-archive"),
            { QStringLiteral("import"), QStringLiteral("--db"), path, QStringLiteral("-") });
        QVERIFY(p.waitForStarted());
        p.write(tweetLines(25000)); // one 20000-tweet batch written, then waits for more input
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path + u"-index.partial"_qs), 20000);
        QTest::qWait(1500);
        p.kill(); // as a crash would: no endBulkLoad
        QVERIFY(p.waitForFinished());
        const auto bytes = [&path] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray before = bytes();
        QVERIFY(!before.isEmpty());
        // The marker, or (the journal of a load into an empty archive is in memory) a file the
        // kill tore: both messages say the load stopped and what to do. Nothing is written.
        for (bool readOnly : { true, false }) {
            ArchiveStore store;
            QString error;
            QVERIFY(!store.open(path, &error, readOnly));
            QVERIFY2(error.contains(u"stopped before it finished"_qs), qPrintable(error));
            QVERIFY2(error.contains(u"delete"_qs), qPrintable(error));
        }
        QVERIFY(bytes() == before);
        QVERIFY(!QFile::exists(path + u"-wal"_qs));
    }

    void fileThatCannotGrowLeavesRowsAndIndexAgreeing()
    {
        // Every file of this process is capped (as a full disk would): the import fails, and
        // what stays in the archive is whole, found by the index.
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit old {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        const QString path = newPath();
        bool imported = true;
        QString error;
        {
            ArchiveStore store;
            QVERIFY(store.open(path, &error));
            rlimit capped = old;
            capped.rlim_cur = 2 << 20;
            QCOMPARE(setrlimit(RLIMIT_FSIZE, &capped), 0);
            Importer importer(store, 2000);
            QByteArray input = tweetLines(30000);
            QBuffer buffer(&input);
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            imported = importer.importDevice(buffer, QStringLiteral("big"), &error) && importer.finish(&error);
        }
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(!imported);
        QVERIFY(!error.isEmpty());
        ArchiveStore again;
        QVERIFY2(again.open(path, &error, true), qPrintable(error));
        QVERIFY(again.tweetCount() < 30000);
        QCOMPARE(hits(again, QStringLiteral("#bulk")), again.tweetCount());
        QCOMPARE(hits(again, QStringLiteral("padding")), again.tweetCount());
    }
};

QTEST_GUILESS_MAIN(tst_IndexBuilder)
#include "tst_indexbuilder.moc"
