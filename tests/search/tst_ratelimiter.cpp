// SPDX-License-Identifier: MIT
// Pacing math: windows, per-second caps, server headers, 429 blocks, backoff.
#include "search/requestpacer.h"

#include <QTest>

using namespace ts::search;
using ts::RateLimitWindow;
using namespace Qt::StringLiterals;

class TestRequestPacer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseSpec_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("requests");
        QTest::addColumn<qint64>("windowMs");
        QTest::addRow("1/s") << u"1/s"_s << 1 << qint64(1000);
        QTest::addRow("450/900s") << u"450/900s"_s << 450 << qint64(900'000);
        QTest::addRow("120/min") << u"120/min"_s << 120 << qint64(60'000);
        QTest::addRow("300/15m") << u"300/15m"_s << 300 << qint64(900'000);
        QTest::addRow("20/h") << u"20/h"_s << 20 << qint64(3'600'000);
        QTest::addRow("5/250ms") << u"5/250ms"_s << 5 << qint64(250);
        QTest::addRow("bad: empty") << QString() << 0 << qint64(0);
        QTest::addRow("bad: 0/s") << u"0/s"_s << 0 << qint64(0);
        QTest::addRow("bad: 5/") << u"5/"_s << 0 << qint64(0);
        QTest::addRow("bad: words") << u"fast"_s << 0 << qint64(0);
        QTest::addRow("bad: unit") << u"5/3y"_s << 0 << qint64(0);
    }
    void parseSpec()
    {
        QFETCH(QString, text);
        QFETCH(int, requests);
        QFETCH(qint64, windowMs);
        const auto spec = ts::parseRateLimit(text);
        if (requests == 0) {
            QVERIFY(!spec || spec->isEmpty());
            return;
        }
        QVERIFY(spec);
        QCOMPARE(spec->size(), 1);
        QCOMPARE(spec->front().requests, requests);
        QCOMPARE(spec->front().windowMs, windowMs);
    }

    void severalWindows()
    {
        // The service's spelling works for the client too: a 15-minute budget and 1/s.
        const auto spec = ts::parseRateLimit(u"3/15m,1/s"_s);
        QVERIFY(spec);
        RequestPacer limiter(*spec, 0);
        QCOMPARE(limiter.window(), (RateLimitWindow { 3, 900'000 }));
        const qint64 a = limiter.reserve(0);
        const qint64 b = limiter.reserve(0);
        const qint64 c = limiter.reserve(0);
        QCOMPARE(a, 0);
        QVERIFY(b - a >= 1000);
        QVERIFY(c - b >= 1000);
        QVERIFY(limiter.reserve(0) >= 900'000); // the fourth waits for the next window
    }

    void unlimitedSendsAtOnce()
    {
        RequestPacer limiter;
        for (int i = 0; i < 100; ++i)
            QCOMPARE(limiter.reserve(1000), qint64(1000));
    }

    void onePerSecondSpacesRequests()
    {
        RequestPacer limiter(RateLimitWindow { 1, 1000 }, 0);
        const qint64 first = limiter.reserve(0);
        const qint64 second = limiter.reserve(0);
        const qint64 third = limiter.reserve(0);
        QCOMPARE(first, qint64(0));
        // More than one second apart, never less: the server measures arrivals, which jitter.
        QVERIFY(second - first > 1000);
        QVERIFY(second - first < 1200);
        QVERIFY(third - second > 1000);
    }

    // Slots are spaced, but a request whose sleeper woke late (a busy event loop) must not take
    // the next one along: the spacing is kept from the last request that went out.
    void spacingHoldsBetweenRequestsThatWentOut()
    {
        RequestPacer limiter(RateLimitWindow { 1, 100 }, 0);
        const qint64 spacing = limiter.minIntervalMs();
        QVERIFY(spacing > 100);
        const qint64 first = limiter.reserve(0);
        const qint64 second = limiter.reserve(0);
        QCOMPARE(second - first, spacing);
        QCOMPARE(limiter.holdBeforeSend(first), qint64(0)); // nothing went out yet
        limiter.sent(first + 100); // woke 100 ms late
        QCOMPARE(limiter.holdBeforeSend(second), first + 100 + spacing - second); // waits on
        QCOMPARE(limiter.holdBeforeSend(first + 100 + spacing), qint64(0));
        limiter.sent(first + 100 + spacing);
        limiter.sent(first); // an earlier time never moves it back
        QCOMPARE(limiter.holdBeforeSend(first + 100 + spacing), spacing);
        RequestPacer unlimited;
        unlimited.sent(0);
        QCOMPARE(unlimited.holdBeforeSend(0), qint64(0)); // no spacing, no hold
    }

    void perSecondCapOfFullArchive()
    {
        RequestPacer limiter(RateLimitWindow { 300, 900'000 }, 1);
        qint64 last = limiter.reserve(0);
        for (int i = 0; i < 10; ++i) {
            const qint64 t = limiter.reserve(last);
            QVERIFY2(t - last >= 1000, qPrintable(QString::number(t - last)));
            last = t;
        }
    }

    void windowBudgetWaitsForNextWindow()
    {
        RequestPacer limiter(RateLimitWindow { 3, 10'000 }, 0);
        QCOMPARE(limiter.reserve(0), qint64(0));
        QCOMPARE(limiter.reserve(1), qint64(1));
        QCOMPARE(limiter.reserve(2), qint64(2));
        const qint64 fourth = limiter.reserve(3);
        QVERIFY(fourth >= 10'000); // the fourth waits for the window to end
        QCOMPARE(limiter.reserve(fourth), fourth); // and opens a new window
    }

    void burstLargerThanTheBudgetWaitsWindowByWindow()
    {
        // Seven requests at once against 3 per window: three now, three when the second window
        // opens, one in the third; none of the later ones may spend the second window's budget
        // before that window starts.
        RequestPacer limiter(RateLimitWindow { 3, 1000 }, 0);
        QList<qint64> at;
        for (int i = 0; i < 7; ++i)
            at << limiter.reserve(i);
        QCOMPARE(at.mid(0, 3), (QList<qint64> { 0, 1, 2 }));
        const qint64 second = at[3];
        QVERIFY(second >= 1000);
        QCOMPARE(at.mid(3, 3), (QList<qint64> { second, second, second }));
        QVERIFY(at[6] >= second + 1000);
    }

    void headersSayNothingLeft()
    {
        RequestPacer limiter;
        limiter.updateFromHeaders(450, 0, 5000, 1000);
        QVERIFY(limiter.reserve(1000) >= 5000);
    }

    void headersCountRequestsStillInFlight()
    {
        RequestPacer limiter;
        // 3 left, but 2 requests sent after this one are not counted by the server yet.
        limiter.updateFromHeaders(10, 3, 60'000, 0, 2);
        QCOMPARE(limiter.reserve(10), qint64(10));
        QVERIFY(limiter.reserve(10) >= 60'000);
    }

    void staleHeadersIgnored()
    {
        RequestPacer limiter;
        limiter.updateFromHeaders(10, 0, 500, 1000); // reset already passed
        QCOMPARE(limiter.reserve(1000), qint64(1000));
    }

    void blockAfter429()
    {
        RequestPacer limiter;
        limiter.blockUntil(7000);
        QCOMPARE(limiter.reserve(100), qint64(7000));
        QCOMPARE(limiter.reserve(8000), qint64(8000));
    }

    void backoffGrowsAndIsCapped_data()
    {
        QTest::addColumn<int>("retry");
        QTest::addColumn<qint64>("min");
        QTest::addColumn<qint64>("max");
        QTest::addRow("1") << 1 << qint64(250) << qint64(500);
        QTest::addRow("2") << 2 << qint64(500) << qint64(1000);
        QTest::addRow("3") << 3 << qint64(1000) << qint64(2000);
        QTest::addRow("capped") << 20 << qint64(2500) << qint64(5000);
    }
    void backoffGrowsAndIsCapped()
    {
        QFETCH(int, retry);
        QFETCH(qint64, min);
        QFETCH(qint64, max);
        for (double r : { 0.0, 0.3, 1.0 }) {
            const qint64 d = backoffDelayMs(retry, 500, 5000, r);
            QVERIFY2(d >= min && d <= max, qPrintable(QString::number(d)));
        }
        QVERIFY(backoffDelayMs(retry, 500, 5000, 0.0) < backoffDelayMs(retry, 500, 5000, 1.0));
    }
};

QTEST_GUILESS_MAIN(TestRequestPacer)
#include "tst_ratelimiter.moc"
