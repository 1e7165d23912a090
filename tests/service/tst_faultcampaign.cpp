// SPDX-License-Identifier: MIT
// A fault campaign: 64 queries x 5 pages through SearchRunner against the archive service
// injecting 503s, 429s with a reset, dropped connections, truncated and malformed bodies.
// The result must be the clean run's, tweet for tweet, with no duplicates and bounded retries.
#include "search/searchrunner.h"
#include "servicetestutil.h"

#include <QTest>

using namespace servicetest;
using namespace ts::search;

namespace {

struct Outcome
{
    QHash<int, QStringList> idsByQuery; ///< in arrival order
    RunSummary summary;
    bool finished = false;
};

} // namespace

class TestFaultCampaign : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_queries;

    Outcome run(const QString &faults, int maxRetries)
    {
        ts::archive::ServiceOptions so;
        so.dbPath = m_dir.filePath(u"a.sqlite"_s);
        so.nowMs = NowMs;
        so.latency = ts::archive::LatencyProfile { ts::archive::LatencyProfile::Kind::Fixed, 5, 0 };
        QString error;
        if (!faults.isEmpty())
            so.faults = *ts::archive::FaultSpec::parse(faults, &error);
        so.seed = 16;
        so.tooManyRequestsResetMs = 100; // the reset is the next whole second: waits stay short
        ts::archive::LocalArchiveServer server(so);
        Outcome out;
        if (!server.start(&error)) {
            qWarning() << error;
            return out;
        }
        ConnectionConfig c;
        c.provider = ProviderKind::Local;
        c.baseUrl = server.baseUrl();
        SearchOptions o;
        o.maxResults = 10;
        o.pages = 5;
        o.transferTimeoutMs = 5000;
        o.maxRetries = maxRetries;
        o.retryBaseDelayMs = 5;
        o.retryMaxDelayMs = 40;
        SearchRunner runner;
        QObject::connect(&runner, &SearchRunner::pageReceived, &runner, [&out](int qi, const QList<ts::Tweet> &tweets) {
            for (const ts::Tweet &t : tweets)
                out.idsByQuery[qi].append(t.id);
        });
        QObject::connect(
            &runner, &SearchRunner::runFinished, &runner, [&out](const RunSummary &s) { out.summary = s; });
        QObject::connect(&runner, &SearchRunner::finished, &runner, [&out] { out.finished = true; });
        if (!runner.start(c, m_queries, RunMode::Concurrent, o))
            return out;
        QElapsedTimer clock;
        clock.start();
        while (!out.finished && clock.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(writeArchive(m_dir.filePath(u"a.sqlite"_s), corpus(), &error), qPrintable(error));
        // 64 distinct queries of about 300 matches each: five full pages of 10 apiece.
        for (int i = 1; i <= 64; ++i)
            m_queries << u"note -%1"_s.arg(i * 3);
    }

    void sameTweetsAsACleanRun()
    {
        QElapsedTimer clock;
        clock.start();
        const Outcome clean = run({}, 0);
        QVERIFY(clean.finished);
        QCOMPARE(clean.summary.requests, 64 * 5);
        QCOMPARE(clean.summary.failedQueries, 0);
        const int maxRetries = 8;
        const Outcome faulty = run(u"503:0.08,429:0.03,drop:0.05,truncated:0.05,malformed:0.05"_s, maxRetries);
        QVERIFY(faulty.finished);
        const qint64 ms = clock.elapsed();

        for (const QueryResult &q : faulty.summary.queries)
            QVERIFY2(q.status == QueryStatus::Ok, qPrintable(q.query + u": "_s + q.error));
        // Every query: the clean run's 50 tweets, in the same order, none twice.
        QCOMPARE(faulty.idsByQuery.size(), 64);
        for (int qi = 0; qi < 64; ++qi) {
            const QStringList &ids = faulty.idsByQuery.value(qi);
            QCOMPARE(ids.size(), 50);
            QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
            QCOMPARE(ids, clean.idsByQuery.value(qi));
        }
        // Faults happened and were retried, within bounds: no page beyond maxRetries + 1 attempts
        // (429 waits are counted apart and bounded by maxRateLimitWaits).
        const QList<RequestTiming> &t = faulty.summary.requestTimings;
        int retried = 0, refused = 0, broken = 0;
        QHash<QPair<int, int>, int> attempts;
        for (const RequestTiming &r : t) {
            retried += r.attempt > 1 ? 1 : 0;
            refused += r.httpStatus == 503 || r.httpStatus == 429 ? 1 : 0;
            broken += r.httpStatus == 0 || !r.error.isEmpty() ? 1 : 0;
            attempts[qMakePair(r.queryIndex, r.page)] += r.httpStatus == 429 ? 0 : 1;
        }
        QVERIFY2(retried > 20 && refused > 10 && broken > 20,
            qPrintable(u"retried %1, refused %2, broken %3"_s.arg(retried).arg(refused).arg(broken)));
        for (auto it = attempts.cbegin(); it != attempts.cend(); ++it)
            QVERIFY(it.value() <= maxRetries + 1);
        QVERIFY2(t.size() < 64 * 5 * 2, qPrintable(QString::number(t.size())));
        qInfo("campaign: %lld requests for 320 pages (%d retried, %d 503/429, %d broken), both runs in %lld ms",
            qint64(t.size()), retried, refused, broken, ms);
    }
};

QTEST_GUILESS_MAIN(TestFaultCampaign)
#include "tst_faultcampaign.moc"
