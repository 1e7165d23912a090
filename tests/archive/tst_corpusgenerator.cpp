// SPDX-License-Identifier: MIT
// The synthetic corpus: deterministic per seed, and shaped like real traffic (the seed
// notebook's queries all hit, at different frequencies; retweets, replies, threads, quotes;
// several languages; Zipf-like authors; a daily rhythm).
#include "archive/archivestore.h"
#include "archive/corpusgenerator.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::archive;

class tst_CorpusGenerator : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_main;

    QString generate(const QString &name, quint64 seed, qint64 tweets)
    {
        const QString path = m_dir.filePath(name);
        ArchiveStore store;
        QString error;
        if (!store.open(path, &error))
            qFatal("%s", qPrintable(error));
        CorpusGenerator::Options o;
        o.tweets = tweets;
        o.seed = seed;
        o.batchSize = 1000;
        const auto r = CorpusGenerator::generate(store, o);
        if (r.error || r.inserted != tweets)
            qFatal("generate failed");
        return path;
    }

    /// Every row of the tweets table, in order, as text.
    static QStringList dump(const QString &path)
    {
        QStringList rows;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("dump"));
            db.setDatabaseName(path);
            if (!db.open())
                return rows;
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT * FROM tweets ORDER BY sort_key"));
            while (q.next()) {
                QStringList cols;
                for (int i = 0; i < q.record().count(); ++i)
                    cols.append(q.value(i).toString());
                rows.append(cols.join(u'|'));
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("dump"));
        return rows;
    }

    qint64 hits(ArchiveStore &store, const QString &query)
    {
        auto r = store.counts(query, 1024, 0, CorpusGenerator::defaultEndMs(), Granularity::Day);
        qint64 n = 0;
        for (const CountBucket &b : std::get<QList<CountBucket>>(r))
            n += b.count;
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_main = generate(QStringLiteral("main.sqlite"), 42, 6000);
    }

    void sameSeedSameArchive()
    {
        const QString again = generate(QStringLiteral("again.sqlite"), 42, 6000);
        const QStringList a = dump(m_main);
        QCOMPARE(a.size(), 6000);
        QCOMPARE(dump(again), a);
    }

    void otherSeedOtherArchive()
    {
        const QString other = generate(QStringLiteral("other.sqlite"), 43, 2000);
        const QStringList a = dump(other);
        const QStringList b = dump(generate(QStringLiteral("same-size.sqlite"), 42, 2000));
        QCOMPARE(a.size(), b.size());
        int same = 0;
        for (int i = 0; i < a.size(); ++i)
            same += a[i] == b[i];
        QVERIFY2(same < a.size() / 100, qPrintable(QString::number(same)));
    }

    void windowAndRhythm()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(m_main, &error, true));
        const auto span = store.timeSpan();
        QVERIFY(span);
        const qint64 end = CorpusGenerator::defaultEndMs();
        QVERIFY(span->second < end);
        QVERIFY(span->first >= end - 30 * 86400000LL);
        QVERIFY(span->first < end - 29 * 86400000LL);
        // Busy afternoons, quiet nights (UTC).
        auto hours = std::get<QList<CountBucket>>(store.counts(
            QStringLiteral("the OR a OR i OR is OR de OR la"), 1024, end - 30 * 86400000LL, end, Granularity::Hour));
        QList<qint64> byHour(24, 0);
        for (const CountBucket &b : hours)
            byHour[int((b.startMs / 3600000) % 24)] += b.count;
        QVERIFY2(byHour[16] > 2 * byHour[4], qPrintable(QStringLiteral("%1 vs %2").arg(byHour[16]).arg(byHour[4])));
    }

    void seedQueriesHitAtDifferentFrequencies()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(m_main, &error, true));
        const qint64 ai = hits(store, QStringLiteral("ai"));
        const qint64 cats = hits(store, QStringLiteral("cats"));
        const qint64 memes = hits(store, QStringLiteral("memes"));
        const qint64 eclipse = hits(store, QStringLiteral("eclipse"));
        const qint64 nuclear = hits(store, QStringLiteral("nuclear"));
        const qint64 korea = hits(store, QStringLiteral("korea"));
        const qint64 house = hits(store, QStringLiteral("\"just bought a house\""));
        for (qint64 n : { ai, cats, memes, eclipse, nuclear, korea, house })
            QVERIFY(n > 20);
        QVERIFY(ai > nuclear * 2);
        QVERIFY(cats > house * 2);
        QVERIFY(hits(store, QStringLiteral("eclipse is:retweet")) > 0);
        QVERIFY(hits(store, QStringLiteral("cats is:reply")) > 0);
        QVERIFY(hits(store, QStringLiteral("ai is:quote")) > 0);
        QVERIFY(hits(store, QStringLiteral("#cats")) > 0);
        QVERIFY(hits(store, QStringLiteral("$BTC")) > 0);
        QVERIFY(hits(store, QStringLiteral("memes has:images")) > 0);
        QVERIFY(hits(store, QStringLiteral("cats has:links")) > 0);
        QVERIFY(hits(store, QStringLiteral("cats has:geo")) > 0);
        QVERIFY(hits(store, QStringLiteral("猫がかわいすぎる")) > 0);
        QVERIFY(hits(store, QStringLiteral("🐱")) > 0);
        for (const char *lang : { "en", "es", "ja", "ar", "fr", "de", "ko", "pt" })
            QVERIFY2(hits(store,
                         QStringLiteral("(cats OR ai OR memes OR 猫がかわいすぎる OR AIの進化がすごい OR "
                                        "a OR de OR la OR le OR und) lang:")
                             + QLatin1String(lang))
                        + hits(store, QStringLiteral("ai lang:") + QLatin1String(lang))
                    > 0,
                lang);
    }

    void authorsAreZipfLikeAndThreadsExist()
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("stats"));
        db.setDatabaseName(m_main);
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) AS n FROM tweets GROUP BY author_id ORDER BY n DESC")));
            QList<qint64> perAuthor;
            while (q.next())
                perAuthor.append(q.value(0).toLongLong());
            QVERIFY(perAuthor.size() > 300);
            QVERIFY(perAuthor.first() > 20 * perAuthor.at(perAuthor.size() / 2));
            QVERIFY(
                q.exec(QStringLiteral("SELECT count(*) FROM tweets WHERE type = 3 AND author_id = "
                                      "(SELECT author_id FROM tweets p WHERE p.id = tweets.in_reply_to_status_id)")));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toLongLong() > 50, "self-replies (threads)");
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tweets WHERE conversation_id != CAST(id AS TEXT)")));
            QVERIFY(q.next());
            QVERIFY(q.value(0).toLongLong() > 500);
            QVERIFY(q.exec(QStringLiteral("SELECT max(like_count), avg(like_count) FROM tweets")));
            QVERIFY(q.next());
            QVERIFY(q.value(0).toDouble() > 50 * q.value(1).toDouble()); // heavy tail
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("stats"));
    }

    void progressCanCancel()
    {
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(m_dir.filePath(QStringLiteral("cancel.sqlite")), &error));
        CorpusGenerator::Options o;
        o.tweets = 5000;
        o.batchSize = 1000;
        int calls = 0;
        const auto r = CorpusGenerator::generate(store, o, [&](qint64 done, qint64 total) {
            ++calls;
            return !(done >= 2000 && total == 5000);
        });
        QVERIFY(r.cancelled);
        QCOMPARE(r.inserted, 2000);
        QCOMPARE(calls, 2);
        QCOMPARE(store.tweetCount(), 2000);
    }
};

QTEST_GUILESS_MAIN(tst_CorpusGenerator)
#include "tst_corpusgenerator.moc"
