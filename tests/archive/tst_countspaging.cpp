// SPDX-License-Identifier: MIT
// Counts past 31 days come in pages over real HTTP, as the real APIs answer them:
// /2/tweets/counts/all with meta.next_token (or pagination_token), Enterprise full-archive
// counts.json with a root `next`; pages hold whole buckets, the newest first, with no gap
// and no duplicate, and the same token gives the same page.
#include "../service/servicetestutil.h"
#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace servicetest;
using namespace ts::archive;

namespace {

/// One tweet every 5 hours over 100 days before NowMs; every other one says "zebra".
QList<ts::Tweet> spreadCorpus()
{
    QList<ts::Tweet> out;
    for (int i = 0; i < 480; ++i) {
        ts::Tweet t;
        t.createdAtMs = NowMs - 100 * DayMs + qint64(i) * 5 * 3600000LL;
        t.id = snowflake(t.createdAtMs, i);
        t.authorId = u"42"_s;
        t.authorUsername = u"counter"_s;
        t.text = i % 2 == 0 ? u"zebra number %1"_s.arg(i) : u"plain number %1"_s.arg(i);
        out.append(t);
    }
    return out;
}

qint64 parseIso(const QString &s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs).toMSecsSinceEpoch();
}

} // namespace

class tst_CountsPaging : public ServedArchiveTest
{
    Q_OBJECT

private:
    qint64 expected(const QString &word, qint64 startMs, qint64 endMs) const
    {
        return std::count_if(m_tweets.begin(), m_tweets.end(), [&](const ts::Tweet &t) {
            return t.text.contains(word) && t.createdAtMs >= startMs && t.createdAtMs < endMs;
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(serve(u"c.sqlite"_s, spreadCorpus(), &error), qPrintable(error));
    }

    void windowsAreWholeBucketsNewestFirst()
    {
        const qint64 start = NowMs - 100 * DayMs + 1234;
        QString token;
        qint64 end = NowMs;
        int pages = 0;
        do {
            const auto w = ArchiveStore::countsWindow(start, NowMs, Granularity::Day, token);
            QVERIFY(w);
            QCOMPARE(w->endMs, end);
            QVERIFY(w->endMs - w->startMs <= 31 * DayMs);
            if (!w->nextToken.isEmpty())
                QCOMPARE(w->startMs % DayMs, 0);
            else
                QCOMPARE(w->startMs, start);
            // The same token, the same page.
            const auto again = ArchiveStore::countsWindow(start, NowMs, Granularity::Day, token);
            QCOMPARE(again->startMs, w->startMs);
            QCOMPARE(again->nextToken, w->nextToken);
            end = w->startMs;
            token = w->nextToken;
            ++pages;
        } while (!token.isEmpty() && pages < 10);
        QCOMPARE(pages, 4); // 100 days: 31 + 31 + 31 + the rest
        // Up to 31 days: one page.
        QVERIFY(ArchiveStore::countsWindow(NowMs - 31 * DayMs, NowMs, Granularity::Hour, {})->nextToken.isEmpty());
        // Tokens of other requests, or not tokens at all, are refused.
        QVERIFY(!ArchiveStore::countsWindow(start, NowMs, Granularity::Day, u"nonsense"_s));
        const QString outside = ArchiveStore::countsWindow(NowMs - 300 * DayMs, NowMs, Granularity::Day, {})->nextToken;
        QVERIFY(!ArchiveStore::countsWindow(NowMs - 20 * DayMs, NowMs, Granularity::Day, outside));
    }

    void v2CountsAllPagesToTheEnd_data()
    {
        QTest::addColumn<QString>("granularity");
        QTest::addColumn<QString>("tokenName");
        QTest::addColumn<qint64>("width");
        QTest::addRow("day, next_token") << u"day"_s << u"next_token"_s << DayMs;
        QTest::addRow("hour, pagination_token") << u"hour"_s << u"pagination_token"_s << qint64(3600000);
    }

    void v2CountsAllPagesToTheEnd()
    {
        QFETCH(QString, granularity);
        QFETCH(QString, tokenName);
        QFETCH(qint64, width);
        const qint64 start = NowMs - 100 * DayMs;
        // No end_time: the service's now (NowMs).
        const QList<QPair<QString, QString>> params { { u"query"_s, u"zebra"_s }, { u"start_time"_s, rfc3339(start) },
            { u"granularity"_s, granularity } };
        QString token;
        qint64 total = 0;
        qint64 expectedEnd = NowMs;
        int pages = 0;
        QSet<qint64> starts;
        do {
            auto p = params;
            if (!token.isEmpty())
                p.append({ tokenName, token });
            const HttpResult r = get(m_nam, apiUrl(m_server->baseUrl(), u"/2/tweets/counts/all"_s, p));
            QCOMPARE(r.status, 200);
            const QJsonObject o = r.json();
            const QJsonArray data = o.value(u"data"_s).toArray();
            QVERIFY(!data.isEmpty());
            // Buckets in time order inside the page; the page ends where the previous one began.
            QCOMPARE(parseIso(data.last().toObject().value(u"end"_s).toString()), expectedEnd);
            qint64 pageTotal = 0;
            qint64 previousEnd = parseIso(data.first().toObject().value(u"start"_s).toString());
            for (const auto &v : data) {
                const QJsonObject b = v.toObject();
                const qint64 s = parseIso(b.value(u"start"_s).toString());
                QCOMPARE(s, previousEnd); // no gap
                QVERIFY(!starts.contains(s)); // no bucket twice
                starts.insert(s);
                previousEnd = parseIso(b.value(u"end"_s).toString());
                QVERIFY(previousEnd - s <= width);
                pageTotal += b.value(u"tweet_count"_s).toInteger();
            }
            const QJsonObject meta = o.value(u"meta"_s).toObject();
            QCOMPARE(meta.value(u"total_tweet_count"_s).toInteger(), pageTotal);
            const qint64 pageStart = parseIso(data.first().toObject().value(u"start"_s).toString());
            QCOMPARE(pageTotal, expected(u"zebra"_s, pageStart, expectedEnd));
            QVERIFY(expectedEnd - pageStart <= 31 * DayMs);
            total += pageTotal;
            expectedEnd = pageStart;
            token = meta.value(u"next_token"_s).toString();
            ++pages;
        } while (!token.isEmpty() && pages < 20);
        QCOMPARE(pages, 4);
        QCOMPARE(expectedEnd, start);
        QCOMPARE(total, expected(u"zebra"_s, start, NowMs));
    }

    void v2CountsBadTokenIs400()
    {
        const HttpResult r = get(m_nam,
            apiUrl(m_server->baseUrl(), u"/2/tweets/counts/all"_s,
                { { u"query"_s, u"zebra"_s }, { u"start_time"_s, rfc3339(NowMs - 100 * DayMs) },
                    { u"next_token"_s, u"bm90LWEtdG9rZW4"_s } }));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"title"_s).toString(), u"Invalid Request"_s);
        QVERIFY(r.body.contains("next_token"));
    }

    void v2CountsRecentIsOnePage()
    {
        const HttpResult r = get(m_nam,
            apiUrl(m_server->baseUrl(), u"/2/tweets/counts/recent"_s,
                { { u"query"_s, u"zebra"_s }, { u"granularity"_s, u"day"_s } }));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().value(u"meta"_s).toObject().contains(u"next_token"_s));
    }

    void enterpriseCountsPagesWithNext_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addRow("GET") << QByteArray("GET");
        QTest::addRow("POST") << QByteArray("POST");
    }

    void enterpriseCountsPagesWithNext()
    {
        QFETCH(QByteArray, verb);
        const QString path = u"/search/fullarchive/accounts/acme/dev/counts.json"_s;
        const qint64 start = NowMs - 100 * DayMs;
        const QString from = QDateTime::fromMSecsSinceEpoch(start, QTimeZone::utc()).toString(u"yyyyMMddHHmm"_s);
        QString next;
        qint64 total = 0;
        int pages = 0;
        QSet<QString> periods;
        do {
            // No toDate: up to now (NowMs, midday), so the first and last day buckets are halves.
            QJsonObject body { { u"query"_s, u"zebra"_s }, { u"fromDate"_s, from }, { u"bucket"_s, u"day"_s } };
            if (!next.isEmpty())
                body.insert(u"next"_s, next);
            HttpResult r;
            if (verb == "POST") {
                r = send(m_nam, "POST", apiUrl(m_server->baseUrl(), path), {}, QJsonDocument(body).toJson());
            } else {
                QList<QPair<QString, QString>> params;
                for (auto it = body.begin(); it != body.end(); ++it)
                    params.append({ it.key(), it.value().toString() });
                r = get(m_nam, apiUrl(m_server->baseUrl(), path, params));
            }
            QCOMPARE(r.status, 200);
            const QJsonObject o = r.json();
            const QJsonArray results = o.value(u"results"_s).toArray();
            QVERIFY(!results.isEmpty());
            QVERIFY(results.size() <= 31);
            qint64 pageTotal = 0;
            for (const auto &v : results) {
                const QString period = v.toObject().value(u"timePeriod"_s).toString();
                QVERIFY2(!periods.contains(period), qPrintable(period));
                periods.insert(period);
                pageTotal += v.toObject().value(u"count"_s).toInteger();
            }
            QCOMPARE(o.value(u"totalCount"_s).toInteger(), pageTotal);
            total += pageTotal;
            next = o.value(u"next"_s).toString();
            ++pages;
        } while (!next.isEmpty() && pages < 20);
        QCOMPARE(pages, 4); // 31 + 31 + 31 + 8 day buckets
        QCOMPARE(periods.size(), 101);
        QCOMPARE(total, expected(u"zebra"_s, start, NowMs));
    }
};

QTEST_GUILESS_MAIN(tst_CountsPaging)
#include "tst_countspaging.moc"
