// SPDX-License-Identifier: MIT
#include "chartmath/requestphases.h"

#include <QTest>

using namespace ts;
using namespace ts::ui;

namespace {
search::RequestTiming timing(
    double scheduled, double sent, double firstByte, double finished, double parsed, int status = 200)
{
    search::RequestTiming t;
    t.scheduledMs = scheduled;
    t.sentMs = sent;
    t.firstByteMs = firstByte;
    t.finishedMs = finished;
    t.parsedMs = parsed;
    t.httpStatus = status;
    return t;
}
} // namespace

class TestRequestPhases : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void phases_data();
    void phases();
    void spansAreContiguous();
    void rateLimitWait();
    void connectionPhase();
    void marks_data();
    void marks();
};

void TestRequestPhases::phases_data()
{
    QTest::addColumn<search::RequestTiming>("timing");
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("queued");
    QTest::addColumn<double>("waiting");
    QTest::addColumn<double>("download");
    QTest::addColumn<double>("parse");

    QTest::addRow("all timestamps") << timing(10, 40, 140, 170, 175) << 10.0 << 30.0 << 100.0 << 30.0 << 5.0;
    QTest::addRow("sent at once") << timing(0, 0, 50, 60, 61) << 0.0 << 0.0 << 50.0 << 10.0 << 1.0;
    QTest::addRow("no first byte: refused") << timing(0, 5, -1, 30, -1, 0) << 0.0 << 5.0 << 25.0 << 0.0 << 0.0;
    QTest::addRow("error body not parsed") << timing(0, 1, 80, 90, -1, 500) << 0.0 << 1.0 << 79.0 << 10.0 << 0.0;
    QTest::addRow("never sent: cancelled in queue")
        << timing(0, -1, -1, 250, -1, 0) << 0.0 << 250.0 << 0.0 << 0.0 << 0.0;
    QTest::addRow("scheduled unknown") << timing(-1, 20, 70, 80, 85) << 20.0 << 0.0 << 50.0 << 10.0 << 5.0;
    QTest::addRow("clock jitter: first byte before sent")
        << timing(0, 20, 19.5, 40, 41) << 0.0 << 20.0 << 0.0 << 20.0 << 1.0;
    QTest::addRow("nothing yet") << timing(-1, -1, -1, -1, -1, 0) << 0.0 << 0.0 << 0.0 << 0.0 << 0.0;
}

void TestRequestPhases::phases()
{
    QFETCH(search::RequestTiming, timing);
    QFETCH(double, start);
    const RequestPhases p = requestPhases(timing);
    QCOMPARE(p.startMs, start);
    QFETCH(double, queued);
    QFETCH(double, waiting);
    QFETCH(double, download);
    QFETCH(double, parse);
    QCOMPARE(p.queuedMs(), queued);
    QCOMPARE(p.waitingMs(), waiting);
    QCOMPARE(p.downloadMs(), download);
    QCOMPARE(p.parseMs(), parse);
    QCOMPARE(p.totalMs(), queued + waiting + download + parse);
}

void TestRequestPhases::spansAreContiguous()
{
    const RequestPhases p = requestPhases(timing(10, 40, 140, 170, 175));
    const QList<PhaseSpan> spans = p.spans();
    QCOMPARE(spans.size(), 4);
    QCOMPARE(spans.at(0).phase, Phase::Queued);
    QCOMPARE(spans.at(1).phase, Phase::Waiting);
    QCOMPARE(spans.at(2).phase, Phase::Download);
    QCOMPARE(spans.at(3).phase, Phase::Parse);
    for (int i = 1; i < spans.size(); ++i)
        QCOMPARE(spans.at(i).startMs, spans.at(i - 1).endMs);
    QCOMPARE(spans.constFirst().startMs, 10.0);
    QCOMPARE(spans.constLast().endMs, 175.0);
    // A phase that did not happen leaves no span.
    QCOMPARE(requestPhases(timing(0, 0, 50, 60, 60)).spans().size(), 2);
}

void TestRequestPhases::connectionPhase()
{
    // The request that opened a connection: sent -> connection open, then waiting.
    auto t = timing(10, 40, 140, 170, 175);
    t.connectStartMs = 42;
    t.connectEndMs = 60;
    const RequestPhases p = requestPhases(t);
    QCOMPARE(p.connectMs(), 20.0); // from sent (40): Qt says "connecting" a moment later
    QCOMPARE(p.lengthOf(Phase::Connect), 20.0);
    QCOMPARE(p.lengthOf(Phase::Waiting), 80.0);
    QCOMPARE(p.waitingMs(), 100.0); // sent -> first byte, the connection included
    const QList<PhaseSpan> spans = p.spans();
    QList<Phase> phases;
    for (const PhaseSpan &span : spans)
        phases << span.phase;
    QCOMPARE(phases, (QList<Phase> { Phase::Queued, Phase::Connect, Phase::Waiting, Phase::Download, Phase::Parse }));
    for (int i = 1; i < spans.size(); ++i)
        QCOMPARE(spans.at(i).startMs, spans.at(i - 1).endMs);
    QCOMPARE(phaseName(Phase::Connect), QStringLiteral("connect + TLS"));
    // Plain http: a TCP connect only.
    QCOMPARE(phaseName(Phase::Connect, false), QStringLiteral("connect"));
    QVERIFY(!usesTls(QStringLiteral("http://127.0.0.1:8080")));
    QVERIFY(!usesTls(QStringLiteral("HTTP://localhost")));
    QVERIFY(usesTls(QStringLiteral("https://api.x.com")));
    QVERIFY(usesTls(QString())); // not known: the https default
    // Out-of-order times are clamped into sent -> first byte, never negative.
    t.connectEndMs = 500;
    QCOMPARE(requestPhases(t).connectEndMs, 140.0);
    t.connectEndMs = 5;
    QCOMPARE(requestPhases(t).connectMs(), 0.0);
    // A warm connection or an HTTP/2 stream: no connection phase at all.
    QCOMPARE(requestPhases(timing(10, 40, 140, 170, 175)).lengthOf(Phase::Connect), 0.0);
    QCOMPARE(requestPhases(timing(10, 40, 140, 170, 175)).spans().size(), 4);
}

void TestRequestPhases::rateLimitWait()
{
    auto t = timing(100, 1100, 1200, 1210, 1212);
    t.rateLimited = true;
    t.attempt = 2;
    const RequestPhases p = requestPhases(t);
    QVERIFY(p.rateLimitWait);
    QCOMPARE(p.spans().constFirst().phase, Phase::RateLimitWait);
    QCOMPARE(p.lengthOf(Phase::RateLimitWait), 1000.0);
    QCOMPARE(p.lengthOf(Phase::Queued), 0.0);
    QVERIFY(p.marks.testFlag(RequestMark::Retry));
    QVERIFY(p.marks.testFlag(RequestMark::RateLimited));
}

void TestRequestPhases::marks_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<bool>("rateLimited");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("expected");

    QTest::addRow("ok") << 200 << 1 << false << QString() << int(RequestMark::None);
    QTest::addRow("429") << 429 << 1 << true << QStringLiteral("Too Many Requests") << int(RequestMark::Http429);
    QTest::addRow("retry after 429") << 200 << 2 << true << QString()
                                     << int(RequestMark::Retry | RequestMark::RateLimited);
    QTest::addRow("503 then retried") << 503 << 1 << false << QStringLiteral("Service Unavailable")
                                      << int(RequestMark::Failed);
    QTest::addRow("second retry ok") << 200 << 3 << false << QString() << int(RequestMark::Retry);
    QTest::addRow("connection refused") << 0 << 1 << false << QStringLiteral("Connection refused")
                                        << int(RequestMark::Failed);
}

void TestRequestPhases::marks()
{
    QFETCH(int, status);
    QFETCH(int, attempt);
    QFETCH(bool, rateLimited);
    QFETCH(QString, error);
    QFETCH(int, expected);
    auto t = timing(0, 1, 50, 60, 61, status);
    t.attempt = attempt;
    t.rateLimited = rateLimited;
    t.error = error;
    QCOMPARE(int(requestMarks(t)), expected);
}

QTEST_GUILESS_MAIN(TestRequestPhases)
#include "tst_requestphases.moc"
