// SPDX-License-Identifier: MIT
// Collections: runs, queries, pages with next tokens, timings and tweet<->query membership in
// one SQLite file with the archive schema; resume points; the streaming reader exports use.
#include "search/collection.h"
#include "testarchive.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ts::search;
using namespace Qt::StringLiterals;

using ts::testing::tweetAt;

class TestCollection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void roundTrip()
    {
        const QString path = m_dir.filePath(u"roundtrip.sqlite"_s);
        Collection c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        SearchOptions options;
        options.maxResults = 50;
        options.pages = 3;
        options.startTime = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
        // Everything --resume keeps (docs/cli.md, "Resume"), each off its default.
        options.endTime = QDateTime(QDate(2024, 2, 1), QTime(12, 30, 15, 250), Qt::UTC);
        options.maxTweets = 25;
        options.sinceId = u"1000"_s;
        options.untilId = u"9000"_s;
        options.maxRateLimitWaitMs = 60000;
        options.maxBodyBytes = qint64(8) << 20;
        options.requestDeadlineMs = 0;
        options.http2Connections = 3;
        const qint64 run = c.beginRun(
            RunMode::Concurrent, u"local"_s, u"http://127.0.0.1:1"_s, { u"qt"_s, u"rust"_s }, options, &error);
        QVERIFY2(run > 0, qPrintable(error));

        // Tweet 2 is matched by both queries: stored once, listing both.
        QVERIFY2(
            c.writePage(run, 0, 1, { tweetAt(u"3"_s, 3000, u"qt three"_s), tweetAt(u"2"_s, 2000, u"qt rust two"_s) },
                u"tok-a"_s, false, &error),
            qPrintable(error));
        QVERIFY2(
            c.writePage(run, 1, 1, { tweetAt(u"2"_s, 2000, u"qt rust two"_s), tweetAt(u"1"_s, 1000, u"rust one"_s) },
                QString(), true, &error),
            qPrintable(error));
        RequestTiming t;
        t.query = u"qt"_s;
        t.queryIndex = 0;
        t.page = 1;
        t.httpStatus = 200;
        t.scheduledMs = 0;
        t.sentMs = 1.5;
        t.firstByteMs = 200;
        t.finishedMs = 201;
        t.parsedMs = 202;
        t.bytes = 1234;
        t.tweets = 2;
        QVERIFY(c.writeRequest(run, t, &error));
        RequestTiming failed = t;
        failed.attempt = 2;
        failed.httpStatus = 0;
        failed.firstByteMs = -1;
        failed.parsedMs = -1;
        failed.error = u"Connection closed"_s;
        QVERIFY(c.writeRequest(run, failed, &error));
        QVERIFY(c.writeQueryState(run, 0, QueryResult { u"qt"_s, 2, 1, QueryStatus::Cancelled, {} }, &error));
        QVERIFY(c.writeQueryState(run, 1, QueryResult { u"rust"_s, 2, 1, QueryStatus::Ok, {} }, &error));
        RunSummary summary;
        summary.wallMs = 250;
        summary.tweets = 3;
        QVERIFY(c.finishRun(run, summary, &error));
        c.close();

        Collection r;
        QVERIFY2(r.open(path, &error, true), qPrintable(error));
        QCOMPARE(r.tweetCount(), qint64(3));
        const QList<StoredRun> runs = r.runs(&error);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].mode, RunMode::Concurrent);
        QCOMPARE(runs[0].provider, u"local"_s);
        QVERIFY(runs[0].finished);
        QCOMPARE(runs[0].wallMs, 250.0);
        QCOMPARE(runs[0].options.maxResults, 50);
        QCOMPARE(runs[0].options.pages, 3);
        QCOMPARE(runs[0].options.startTime, options.startTime);
        QCOMPARE(runs[0].options.endTime, options.endTime); // to the millisecond
        QCOMPARE(runs[0].options.maxTweets, 25);
        QCOMPARE(runs[0].options.sinceId, u"1000"_s);
        QCOMPARE(runs[0].options.untilId, u"9000"_s);
        QCOMPARE(runs[0].options.maxRateLimitWaitMs, qint64(60000));
        QCOMPARE(runs[0].options.maxBodyBytes, qint64(8) << 20);
        QCOMPARE(runs[0].options.requestDeadlineMs, qint64(0));
        QCOMPARE(runs[0].options.http2Connections, 3);
        QCOMPARE(runs[0].queries.size(), 2);
        QCOMPARE(runs[0].queries[0].status, QueryStatus::Cancelled);
        QCOMPARE(runs[0].queries[1].status, QueryStatus::Ok);

        const QList<QueryProgress> progress = r.progress(run, &error);
        QCOMPARE(progress.size(), 2);
        QCOMPARE(progress[0].pages, 1);
        QCOMPARE(progress[0].tweets, 2);
        QCOMPARE(progress[0].nextToken, u"tok-a"_s);
        QVERIFY(!progress[0].done);
        QVERIFY(progress[1].done);

        const QList<RequestTiming> timings = r.requestTimings(run, &error);
        QCOMPARE(timings.size(), 2);
        QCOMPARE(timings[0].sentMs, 1.5);
        QCOMPARE(timings[0].bytes, qint64(1234));
        QCOMPARE(timings[1].firstByteMs, -1.0);
        QCOMPARE(timings[1].error, u"Connection closed"_s);
        QCOMPARE(r.allRequestTimings().size(), 2);

        QStringList ids;
        QList<QStringList> queries;
        QVERIFY(r.forEachTweet(
            [&](const ts::Tweet &tw, const QStringList &qs) {
                ids << tw.id;
                queries << qs;
                return true;
            },
            &error));
        QCOMPARE(ids, (QStringList { u"1"_s, u"2"_s, u"3"_s })); // created_at order
        QCOMPARE(queries[0], QStringList { u"rust"_s });
        QCOMPARE(queries[1], (QStringList { u"qt"_s, u"rust"_s }));
        QCOMPARE(queries[2], QStringList { u"qt"_s });

        int seen = 0;
        QVERIFY(r.forEachTweet([&](const ts::Tweet &, const QStringList &) { return ++seen < 2; }));
        QCOMPARE(seen, 2); // stopping early works
    }

    void pageWithoutTokenIsNotResumedTwice()
    {
        Collection c;
        QString error;
        QVERIFY(c.open(m_dir.filePath(u"pages.sqlite"_s), &error));
        const qint64 run = c.beginRun(RunMode::Sequential, u"local"_s, {}, { u"a"_s }, {}, &error);
        QVERIFY(c.writePage(run, 0, 1, { tweetAt(u"10"_s, 10, u"a"_s) }, u"t2"_s, false, &error));
        QVERIFY(c.writePage(
            run, 0, 2, { tweetAt(u"10"_s, 10, u"a"_s), tweetAt(u"11"_s, 11, u"a"_s) }, u"t3"_s, false, &error));
        const auto p = c.progress(run);
        QCOMPARE(p[0].pages, 2);
        QCOMPARE(p[0].nextToken, u"t3"_s);
        QCOMPARE(c.tweetCount(), qint64(2)); // a tweet repeated at a page edge is stored once
    }

    void refusesWhatIsNotACollection()
    {
        Collection c;
        QString error;
        QVERIFY(!c.open(m_dir.filePath(u"missing.sqlite"_s), &error, true));
        QVERIFY2(error.contains(u"no such collection"_s), qPrintable(error));
        QVERIFY(!c.isOpen());
        QVERIFY(!c.forEachTweet([](const ts::Tweet &, const QStringList &) { return true; }, &error));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCollection)
#include "tst_collection.moc"
