// SPDX-License-Identifier: MIT
// The service's option specs (latency, faults, rate limits): parsing with clear errors,
// and their behaviour (distributions, reproducible draws, fixed windows).
#include "archive/service/faultspec.h"
#include "archive/service/latencyprofile.h"
#include "archive/service/servicelimiter.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace ts::archive;
using namespace Qt::StringLiterals;

class TestServiceOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void latencySpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("kind");
        QTest::addRow("none") << u"none"_s << true << int(LatencyProfile::Kind::None);
        QTest::addRow("fixed") << u"fixed:200"_s << true << int(LatencyProfile::Kind::Fixed);
        QTest::addRow("lognormal") << u"lognormal:300,0.5"_s << true << int(LatencyProfile::Kind::LogNormal);
        QTest::addRow("realistic") << u"realistic"_s << true << int(LatencyProfile::Kind::LogNormal);
        QTest::addRow("negative fixed") << u"fixed:-1"_s << false << 0;
        QTest::addRow("fixed without ms") << u"fixed:"_s << false << 0;
        QTest::addRow("lognormal one value") << u"lognormal:300"_s << false << 0;
        QTest::addRow("unknown") << u"slowish"_s << false << 0;
    }
    void latencySpecs()
    {
        QFETCH(QString, spec);
        QFETCH(bool, valid);
        QFETCH(int, kind);
        QString error;
        const auto p = LatencyProfile::parse(spec, &error);
        QCOMPARE(p.has_value(), valid);
        if (valid)
            QCOMPARE(int(p->kind), kind);
        else
            QVERIFY(!error.isEmpty());
    }

    void latencyDistributions()
    {
        QRandomGenerator rng(7);
        QCOMPARE(LatencyProfile::parse(u"fixed:200"_s, nullptr)->sampleMs(rng), 200);
        QCOMPARE(LatencyProfile::parse(u"none"_s, nullptr)->sampleMs(rng), 0);
        // realistic: median about 700 ms, like the seed's Gnip measurements; most within 500..1000.
        const LatencyProfile real = LatencyProfile::realistic();
        QList<int> s;
        for (int i = 0; i < 4001; ++i)
            s << real.sampleMs(rng);
        std::sort(s.begin(), s.end());
        QVERIFY2(s[2000] > 650 && s[2000] < 750, qPrintable(QString::number(s[2000])));
        QVERIFY(s[200] > 450 && s[3800] < 1100);
        // lognormal:100,1 has a long right tail: p95/p50 about e^1.645 = 5.2
        const LatencyProfile wide = *LatencyProfile::parse(u"lognormal:100,1"_s, nullptr);
        s.clear();
        for (int i = 0; i < 4001; ++i)
            s << wide.sampleMs(rng);
        std::sort(s.begin(), s.end());
        QVERIFY(s[2000] > 85 && s[2000] < 115);
        QVERIFY(double(s[3800]) / s[2000] > 4 && double(s[3800]) / s[2000] < 7);
    }

    void faultSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("valid");
        QTest::addRow("all kinds") << u"503:0.1,500:0.05,429:0.05,drop:0.02,slow:0.05,truncated:0.02,malformed:0.02"_s
                                   << true;
        QTest::addRow("empty") << QString() << true;
        QTest::addRow("over 1 in total") << u"503:0.6,500:0.6"_s << false;
        QTest::addRow("unknown kind") << u"404:0.1"_s << false;
        QTest::addRow("probability over 1") << u"503:1.5"_s << false;
        QTest::addRow("no probability") << u"503"_s << false;
    }
    void faultSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(bool, valid);
        QString error;
        QCOMPARE(FaultSpec::parse(spec, &error).has_value(), valid);
        QCOMPARE(error.isEmpty(), valid);
    }

    void faultDrawsFollowProbabilitiesAndSeed()
    {
        const FaultSpec f = *FaultSpec::parse(u"503:0.25,drop:0.25"_s, nullptr);
        QRandomGenerator a(42), b(42);
        int unavailable = 0, drops = 0, none = 0;
        for (int i = 0; i < 4000; ++i) {
            const Fault x = f.pick(a);
            QCOMPARE(x, f.pick(b)); // same seed, same draws
            unavailable += x == Fault::ServiceUnavailable;
            drops += x == Fault::Drop;
            none += x == Fault::None;
        }
        QVERIFY(unavailable > 850 && unavailable < 1150);
        QVERIFY(drops > 850 && drops < 1150);
        QVERIFY(none > 1850 && none < 2150);
    }

    void rateLimitSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QList<int>>("expected"); // requests, seconds, ...
        QTest::addRow("450/900s") << u"450/900s"_s << QList<int> { 450, 900 };
        QTest::addRow("1/s") << u"1/s"_s << QList<int> { 1, 1 };
        QTest::addRow("60/m") << u"60/m"_s << QList<int> { 60, 60 };
        QTest::addRow("both") << u"300/900s,1/s"_s << QList<int> { 300, 900, 1, 1 };
        QTest::addRow("bad") << u"many/s"_s << QList<int> {};
        QTest::addRow("zero") << u"0/s"_s << QList<int> {};
        QTest::addRow("no unit or count") << u"5/"_s << QList<int> {};
        // The client's spellings are the service's too (one grammar for search and serve).
        QTest::addRow("1/min") << u"1/min"_s << QList<int> { 1, 60 };
        QTest::addRow("1/sec") << u"1/sec"_s << QList<int> { 1, 1 };
        QTest::addRow("spaces and commas") << u" 300 / 15m , 1/s "_s << QList<int> { 300, 900, 1, 1 };
        QTest::addRow("x-all") << u"x-all"_s << QList<int> { 300, 900, 1, 1 };
        QTest::addRow("x-recent") << u"x-recent"_s << QList<int> { 450, 900 };
        QTest::addRow("too long") << u"1/745h"_s << QList<int> {};
        QTest::addRow("empty item") << u"1/s,"_s << QList<int> {};
    }
    void rateLimitSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(QList<int>, expected);
        QString error;
        const auto w = ts::parseRateLimit(spec, &error);
        QCOMPARE(w.has_value(), !expected.isEmpty());
        if (!w) {
            QVERIFY(error.contains(u"450/900s"_s));
            return;
        }
        QList<int> got;
        for (const ts::RateLimitWindow &x : *w)
            got << x.requests << int(x.windowMs / 1000);
        QCOMPARE(got, expected);
    }

    void rateLimitNone()
    {
        QCOMPARE(ts::parseRateLimit(u"none"_s), QList<ts::RateLimitWindow> {});
        QCOMPARE(ts::parseRateLimit(u""_s), QList<ts::RateLimitWindow> {});
    }

    void fixedWindows()
    {
        ServiceRateLimiter r(*ts::parseRateLimit(u"3/10s,2/s"_s, nullptr));
        const qint64 t0 = 1'700'000'000'000;
        auto d = r.take(t0);
        QVERIFY(d.allowed);
        QCOMPARE(d.limit, 3);
        QCOMPARE(d.remaining, 2);
        QCOMPARE(d.resetEpochS, t0 / 1000 + 10);
        QVERIFY(r.take(t0 + 100).allowed);
        d = r.take(t0 + 200); // the 1-second window is full
        QVERIFY(!d.allowed);
        QCOMPARE(d.limit, 2);
        QCOMPARE(d.remaining, 0);
        QCOMPARE(d.resetEpochS, t0 / 1000 + 1);
        d = r.take(t0 + 1000); // a new second: the third of the 10-second window
        QVERIFY(d.allowed);
        QCOMPARE(d.remaining, 0);
        d = r.take(t0 + 1500);
        QVERIFY(!d.allowed);
        QCOMPARE(d.resetEpochS, t0 / 1000 + 10); // waiting until reset gets through
        QVERIFY(r.take(t0 + 10000).allowed);
        QCOMPARE(r.peek(t0 + 10001).remaining, 2);
    }
};

QTEST_GUILESS_MAIN(TestServiceOptions)
#include "tst_serviceoptions.moc"
