// SPDX-License-Identifier: MIT
// Hydration without the network: id files (lines, comments, duplicates, CSV columns, bounds),
// batches, the lookup request, what the `errors` array says about each missing id, and the
// missing ids a collection keeps for resume.
#include "search/collection.h"
#include "search/hydration.h"
#include "search/runsummaryjson.h"
#include "search/searchprovider.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace ts::search;

/// JSON written with ' for " (readable in a C++ string; moc does not read raw string literals).
static QByteArray json(const char *text)
{
    QByteArray out(text);
    out.replace('\'', '"');
    return out;
}

class TestHydration : public QObject
{
    Q_OBJECT

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void tweetIds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addRow("snowflake") << u"1460323737035677698"_s << true;
        QTest::addRow("small") << u"20"_s << true;
        QTest::addRow("20 digits") << u"14603237370356776981"_s << false;
        QTest::addRow("leading zero") << u"0123"_s << false;
        QTest::addRow("letters") << u"12a"_s << false;
        QTest::addRow("excel") << u"1.46E+18"_s << false;
        QTest::addRow("empty") << QString() << false;
        QTest::addRow("negative") << u"-12"_s << false;
    }
    void tweetIds()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QCOMPARE(hydration::isTweetId(text), ok);
    }

    void idFileLinesCommentsDuplicates()
    {
        const QString a = write(u"a.txt"_s, "# ids of the study\n20\n\n21\r\n  22  \n20\n"_ba);
        const QString b = write(u"b.txt"_s,
            "\xef\xbb\xbf"
            "22\n23\n# done\n"_ba);
        hydration::IdFileReader reader;
        QString error;
        QVERIFY2(reader.read(a, {}, &error), qPrintable(error));
        QVERIFY2(reader.read(b, {}, &error), qPrintable(error)); // a BOM at the start is skipped
        QCOMPARE(reader.ids(), (QStringList { u"20"_s, u"21"_s, u"22"_s, u"23"_s }));
        QCOMPARE(reader.duplicates(), 2); // 20 in a.txt, 22 across the files
        QCOMPARE(reader.ignoredLines(), 3); // two comments and a blank line
        QCOMPARE(reader.invalid(), 0);
    }

    void idFileInvalidIdsNamedWithTheirLine()
    {
        const QString f = write(u"bad.txt"_s, "20\nabc\n1.46E+18\n21\n"_ba);
        hydration::IdFileLimits limits;
        limits.maxReportedErrors = 1;
        hydration::IdFileReader reader(limits);
        QString error;
        QVERIFY(reader.read(f, {}, &error)); // the reading goes on; the caller decides
        QCOMPARE(reader.invalid(), 2);
        QCOMPARE(reader.errors(), QStringList { u"%1:2: 'abc' is not a tweet id (1 to 19 digits)"_s.arg(f) });
        QCOMPARE(reader.ids(), (QStringList { u"20"_s, u"21"_s }));
    }

    void csvColumn()
    {
        const QString f = write(u"t.csv"_s,
            "text,id,author\r\n"
            "\"hello, world\",20,a\r\n"
            "\"two\nlines, and \"\"quotes\"\"\",\"21\",b\r\n"
            "no id here,,c\r\n"
            "\r\n"
            "short\r\n"
            "x,20,d\r\n"_ba);
        hydration::IdFileReader reader;
        QString error;
        QVERIFY2(reader.read(f, u"id"_s, &error), qPrintable(error));
        QCOMPARE(reader.ids(), (QStringList { u"20"_s, u"21"_s }));
        QCOMPARE(reader.duplicates(), 1);
        QCOMPARE(reader.ignoredLines(), 2); // the empty cell and the blank record
        QCOMPARE(reader.invalid(), 1);
        // The record started on line 7: the quoted line break counts as a line.
        QCOMPARE(reader.errors(), QStringList { u"%1:7: no 'id' cell in this record (1 fields)"_s.arg(f) });

        QVERIFY(!reader.read(f, u"tweet_id"_s, &error));
        QCOMPARE(error, u"%1: no column 'tweet_id' in the header (columns: text, id, author)"_s.arg(f));
        QVERIFY(!reader.read(write(u"empty.csv"_s, {}), u"id"_s, &error));
        QVERIFY2(error.contains(u"empty file"_s), qPrintable(error));
    }

    void bounds()
    {
        hydration::IdFileLimits limits;
        limits.maxRecordBytes = 32;
        limits.maxIds = 3;
        QString error;
        {
            hydration::IdFileReader reader(limits);
            // 32 bytes with the line break: the longest line there may be.
            const QString f = write(u"long.txt"_s, "20\n" + QByteArray(31, '2') + "\n" + QByteArray(32, '1') + '\n');
            QVERIFY(!reader.read(f, {}, &error));
            QCOMPARE(error, u"%1:3: a line longer than 32 bytes; is this an id file?"_s.arg(f));
            QCOMPARE(reader.invalid(), 1); // 31 digits: not an id, but not too long either
        }
        {
            // A quote that never closes must not swallow the file: the record bound stops it.
            hydration::IdFileReader reader(limits);
            const QString f = write(u"open.csv"_s, "id\n\"20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n"_ba);
            QVERIFY(!reader.read(f, u"id"_s, &error));
            QVERIFY2(error.contains(u"a record longer than 32 bytes"_s), qPrintable(error));
        }
        {
            hydration::IdFileReader reader(limits);
            const QString f = write(u"many.txt"_s, "20\n21\n20\n22\n23\n"_ba);
            QVERIFY(!reader.read(f, {}, &error));
            QCOMPARE(error, u"%1:5: more than 3 distinct ids in one run; split the input"_s.arg(f));
        }
        hydration::IdFileReader reader;
        QVERIFY(!reader.read(m_dir.filePath(u"absent.txt"_s), {}, &error));
        QVERIFY2(error.startsWith(u"cannot read "_s), qPrintable(error));
    }

    void batches()
    {
        QStringList ids;
        for (int i = 0; i < 250; ++i)
            ids << QString::number(1000 + i);
        const QStringList b = hydration::batches(ids);
        QCOMPARE(b.size(), 3);
        QCOMPARE(hydration::batchIds(b[0]).size(), 100);
        QCOMPARE(hydration::batchIds(b[2]), ids.mid(200));
        QCOMPARE(hydration::batches(ids, 7).size(), 36);
        QCOMPARE(hydration::batchLabel(2, b[2]), u"batch 3 (50 ids)"_s);
        QVERIFY(hydration::validateBatch(b[0]).isEmpty());
        QCOMPARE(hydration::validateBatch(b[0] + u",1"_s), u"101 ids in one lookup; at most 100"_s);
        QCOMPARE(hydration::validateBatch(u"12,x"_s), u"'x' is not a tweet id (1 to 19 digits)"_s);
        QCOMPARE(hydration::validateBatch(QString()), u"no tweet id to look up"_s);
    }

    void lookupRequest()
    {
        ConnectionConfig c;
        c.provider = ProviderKind::XRecent;
        c.bearerToken = u"secret"_s;
        QString error;
        const auto provider = SearchProvider::create(c, &error);
        QVERIFY2(provider, qPrintable(error));
        SearchOptions o;
        o.kind = RunKind::Hydrate;
        o.startTime = QDateTime::currentDateTimeUtc().addDays(-1); // does not apply to a lookup
        const PreparedRequest r = provider->buildRequest(u"20,21"_s, {}, o);
        QCOMPARE(r.verb, QByteArray("GET"));
        QCOMPARE(r.request.url().path(), u"/2/tweets"_s);
        const QUrlQuery q(r.request.url());
        QCOMPARE(q.queryItemValue(u"ids"_s, QUrl::FullyDecoded), u"20,21"_s);
        QVERIFY(!q.hasQueryItem(u"start_time"_s) && !q.hasQueryItem(u"max_results"_s));
        // The same fields and expansions as a search page.
        const QUrlQuery search(provider->buildRequest(u"cats"_s, {}, SearchOptions {}).request.url());
        for (const QString &k :
            { u"tweet.fields"_s, u"expansions"_s, u"user.fields"_s, u"media.fields"_s, u"place.fields"_s })
            QCOMPARE(q.queryItemValue(k), search.queryItemValue(k));
        QCOMPARE(r.request.rawHeader("Authorization"), QByteArray("Bearer secret"));
        QCOMPARE(SearchProvider::lookupLimitsFor(ProviderKind::XRecent).windowRequests, 900);
        QVERIFY(provider->validateQuery(u"20,21"_s, RunKind::Hydrate).isEmpty());
    }

    void providersWithoutLookup()
    {
        ConnectionConfig c;
        c.provider = ProviderKind::Enterprise30Day;
        c.account = u"a"_s;
        c.label = u"b"_s;
        c.username = u"u"_s;
        c.password = u"p"_s;
        QString error;
        const auto provider = SearchProvider::create(c, &error);
        QVERIFY2(provider, qPrintable(error));
        QVERIFY(!SearchProvider::supportsHydration(ProviderKind::EnterpriseFullArchive));
        QCOMPARE(provider->validateQuery(u"20"_s, RunKind::Hydrate), u"hydration is not available for this provider"_s);
        QVERIFY(SearchProvider::supportsHydration(ProviderKind::Local));
        QVERIFY(SearchProvider::supportsHydration(ProviderKind::XAll));
    }

    /// A lookup answer as X sends it: found tweets, missing ids of each kind, and problems about
    /// included objects that are not about a requested id.
    void missingIdsFromTheErrorsArray()
    {
        const QByteArray body = json(
            "{'data':[{'id':'20','text':'hello','edit_history_tweet_ids':['20']}],"
            "'errors':["
            "{'value':'21','detail':'Could not find tweet with ids: [21].','title':'Not Found "
            "Error','resource_type':'tweet',"
            "'parameter':'ids','resource_id':'21','type':'https://api.twitter.com/2/problems/resource-not-found'},"
            "{'value':'22','detail':'Sorry, you are not authorized to see the Tweet with ids: "
            "[22].','title':'Authorization Error',"
            "'resource_type':'tweet','parameter':'ids','resource_id':'22',"
            "'type':'https://api.twitter.com/2/problems/not-authorized-for-resource'},"
            "{'value':'23','detail':'This Tweet is withheld in your country: "
            "[23].','title':'Forbidden','resource_type':'tweet',"
            "'parameter':'ids','resource_id':'23','type':'https://api.x.com/2/problems/resource-unavailable'},"
            "{'value':'24','detail':'Could not find tweet with referenced_tweets.id: [24].','title':'Not Found Error',"
            "'resource_type':'tweet','parameter':'referenced_tweets.id','resource_id':'24',"
            "'type':'https://api.twitter.com/2/problems/resource-not-found'}]}");
        ts::TweetParser parser;
        const PageData page = SearchProvider::parsePage(body, parser);
        QVERIFY2(page.ok(), qPrintable(page.error));
        QCOMPARE(page.tweets.size(), 1);
        const QList<MissingId> missing = hydration::missingIds(u"20,21,22,23,24,25"_s, page.tweets, page.problems);
        QCOMPARE(missing.size(), 5);
        QCOMPARE(missing[0].id, u"21"_s);
        QCOMPARE(missing[0].reason, MissingReason::NotFound);
        QCOMPARE(missing[0].detail, u"Could not find tweet with ids: [21]."_s);
        QCOMPARE(missing[1].reason, MissingReason::NotAuthorized);
        QCOMPARE(missing[2].reason, MissingReason::Withheld);
        // 24 was asked for, but the only problem about it concerns a referenced tweet: no reason known.
        QCOMPARE(missing[3].id, u"24"_s);
        QCOMPARE(missing[3].reason, MissingReason::Other);
        QCOMPARE(missing[4].id, u"25"_s);
        QCOMPARE(missing[4].reason, MissingReason::Other);
        HydrationCounts counts;
        hydration::countMissing(missing, &counts);
        QCOMPARE(counts.notFound, 1);
        QCOMPARE(counts.notAuthorized, 1);
        QCOMPARE(counts.withheld, 1);
        QCOMPARE(counts.other, 2);

        // Nothing found: errors only, still a page.
        const PageData none = SearchProvider::parsePage(
            json("{'errors':[{'value':'21','detail':'Could not find tweet with ids: [21].','title':'Not Found "
                 "Error','resource_type':'tweet','parameter':'ids','resource_id':'21','type':'https://api.twitter.com/"
                 "2/problems/resource-not-found'}]}"),
            parser);
        QVERIFY2(none.ok(), qPrintable(none.error));
        QCOMPARE(hydration::missingIds(u"21"_s, none.tweets, none.problems).value(0).reason, MissingReason::NotFound);
    }

    void collectionKeepsMissingIdsAndTheRunKind()
    {
        Collection c;
        QString error;
        QVERIFY2(c.open(m_dir.filePath(u"c.sqlite"_s), &error), qPrintable(error));
        SearchOptions o;
        o.kind = RunKind::Hydrate;
        const qint64 run = c.beginRun(RunMode::Concurrent, u"local"_s, {}, { u"20,21"_s, u"22"_s }, o, &error);
        QVERIFY2(run > 0, qPrintable(error));
        ts::Tweet t;
        t.id = u"20"_s;
        t.text = u"hello"_s;
        t.createdAtMs = 1700000000000;
        const QList<MissingId> gone { { u"21"_s, MissingReason::NotAuthorized, u"Sorry"_s, 0 } };
        QVERIFY2(c.writePage(run, 0, 1, { t }, {}, true, &error, gone), qPrintable(error));
        // Written again (a resumed batch): still once.
        QVERIFY2(c.writePage(run, 0, 1, { t }, {}, true, &error, gone), qPrintable(error));
        const QList<MissingId> stored = c.missingIds(run, &error);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored[0].id, u"21"_s);
        QCOMPARE(stored[0].reason, MissingReason::NotAuthorized);
        QCOMPARE(stored[0].detail, u"Sorry"_s);
        QCOMPARE(stored[0].queryIndex, 0);
        QCOMPARE(c.runs().last().options.kind, RunKind::Hydrate);
        QCOMPARE(c.runs().last().queries[0].query, u"20,21"_s); // the ids, for resume
        QCOMPARE(c.progress(run).value(0).done, true);
        // The tweet's query is the batch's label, not its ids.
        QList<QStringList> queries;
        const quint64 id = 20;
        QVERIFY(c.tweets(std::span<const quint64>(&id, 1), false, &queries, &error));
        QCOMPARE(queries, QList<QStringList> { QStringList { u"batch 1 (2 ids)"_s } });
    }

    void summaryCounts()
    {
        RunSummary run;
        run.kind = RunKind::Hydrate;
        run.hydration = HydrationCounts { 10, 6, 2, 1, 0, 0 };
        const QJsonObject h = runSummaryJson(run).value(u"hydration"_s).toObject();
        QCOMPARE(h.value(u"ids"_s).toInt(), 10);
        QCOMPARE(h.value(u"found"_s).toInt(), 6);
        QCOMPARE(h.value(u"not_found"_s).toInt(), 2);
        QCOMPARE(h.value(u"not_authorized"_s).toInt(), 1);
        QCOMPARE(h.value(u"not_fetched"_s).toInt(), 1);
        QVERIFY(!runSummaryJson(RunSummary {}).contains(u"hydration"_s)); // a search keeps its shape
        SearchSummary s;
        s.kind = RunKind::Hydrate;
        s.inputIds = 10;
        s.duplicateIds = 3;
        s.ignoredLines = 2;
        const QJsonObject input = searchSummaryJson(s).value(u"input"_s).toObject();
        QCOMPARE(input.value(u"duplicate_ids"_s).toInt(), 3);
        QVERIFY(!searchSummaryJson(SearchSummary {}).contains(u"input"_s));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestHydration)
#include "tst_hydration.moc"
