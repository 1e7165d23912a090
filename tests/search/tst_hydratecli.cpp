// SPDX-License-Identifier: MIT
// tweetscope-cli hydrate as scripts use it, against the local archive on 127.0.0.1 (port 0):
// found and missing ids, duplicates, bad ids, providers without the lookup, the summary counts
// and --missing, pacing, and resume after the process was killed.
#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"
#include "search/collection.h"
#include "testarchive.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace Qt::StringLiterals;

namespace {

/// Ids the archive does not hold (the generator's ids are snowflakes far above these).
QString absentId(int i)
{
    return QString::number(1000 + i);
}

/// One missing-id problem as X's lookup writes it (resource_type tweet; parameter names where the id was).
QByteArray problem(const QByteArray &id, const QByteArray &parameter, const QByteArray &title, const QByteArray &detail,
    const QByteArray &type)
{
    return "{\"value\":\"" + id + "\",\"detail\":\"" + detail + "\",\"title\":\"" + title
        + "\",\"resource_type\":\"tweet\",\"parameter\":\"" + parameter + "\",\"resource_id\":\"" + id
        + "\",\"type\":\"https://api.twitter.com/2/problems/" + type + "\"}";
}

/**
 * Stands in for api.x.com's tweet lookup on 127.0.0.1 (port 0), answering every request with the
 * shapes X sends for ids 20-25: 20 found; 21 deleted, 22 protected, 23 withheld; 24 only named by
 * a problem about a referenced tweet; 25 not mentioned at all. The archive cannot answer the
 * protected and withheld kinds (it has no such tweets).
 */
class LookupServer : public QTcpServer
{
public:
    LookupServer()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffer += socket->readAll();
                    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    heads << m_buffer.left(end);
                    m_buffer.remove(0, end + 4);
                    const QByteArray body
                        = "{\"data\":[{\"id\":\"20\",\"text\":\"found\",\"author_id\":\"7\","
                          "\"edit_history_tweet_ids\":[\"20\"]}],"
                          "\"includes\":{\"users\":[{\"id\":\"7\",\"name\":\"A\",\"username\":\"a\"}]},"
                          "\"errors\":["
                        + problem("21", "ids", "Not Found Error", "Could not find tweet with ids: [21].",
                            "resource-not-found")
                        + ','
                        + problem("22", "ids", "Authorization Error",
                            "Sorry, you are not authorized to see the Tweet with ids: [22].",
                            "not-authorized-for-resource")
                        + ','
                        + problem(
                            "23", "ids", "Forbidden", "This Tweet is withheld in your country.", "resource-unavailable")
                        + ','
                        + problem("24", "referenced_tweets.id", "Not Found Error",
                            "Could not find tweet with referenced_tweets.id: [24].", "resource-not-found")
                        + "]}";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + QByteArray::number(body.size())
                        + "\r\nx-rate-limit-limit: 900\r\nx-rate-limit-remaining: 899\r\n"
                          "x-rate-limit-reset: 4102444800\r\n\r\n"
                        + body);
                });
            }
        });
    }
    QList<QByteArray> heads; ///< request line and headers of each request

private:
    QByteArray m_buffer;
};

} // namespace

class TestHydrateCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_db = m_dir.filePath(u"archive.sqlite"_s);
        QVERIFY2(ts::testing::generateArchive(m_db, 1200, 7, &error), qPrintable(error));
        ts::archive::ArchiveStore store;
        QVERIFY2(store.open(m_db, &error, true), qPrintable(error));
        QVERIFY(store.forEachTweet([this](const ts::archive::StoredTweet &t) {
            m_ids << t.tweet.id;
            return true;
        }));
        QCOMPARE(m_ids.size(), 1200);
        m_server = ts::testing::serveArchive(m_db, ts::testing::testServiceOptions(), &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    /// 250 held ids and 10 absent ones, with comments, blank lines and duplicates: every id is
    /// accounted for in the summary, the final line and --missing.
    void foundMissingAndDuplicates()
    {
        QByteArray text = "# a study's ids\n";
        for (int i = 0; i < 250; ++i) {
            text += m_ids[i].toLatin1() + '\n';
            if (i % 25 == 0)
                text += absentId(i).toLatin1() + "\n\n";
        }
        text += m_ids[3].toLatin1() + '\n' + absentId(0).toLatin1() + '\n'; // duplicates
        const QString ids = write(u"ids.txt"_s, text);
        const QString more = write(u"more.txt"_s, m_ids[4].toLatin1() + "\n"); // a duplicate across files
        const QString missing = m_dir.filePath(u"missing.csv"_s);
        const qint64 before = m_server->stats().requests;
        const auto [code, out, err] = run({ u"--json-summary"_s, u"--missing"_s, missing, ids, more });
        QVERIFY2(code == 0, qPrintable(err));
        QCOMPARE(m_server->stats().requests - before, 3); // 260 ids: 100 + 100 + 60

        const QJsonObject s = QJsonDocument::fromJson(out.toUtf8()).object();
        const QJsonObject input = s.value(u"input"_s).toObject();
        QCOMPARE(input.value(u"ids"_s).toInt(), 260);
        QCOMPARE(input.value(u"duplicate_ids"_s).toInt(), 3);
        QCOMPARE(input.value(u"ignored_lines"_s).toInt(), 11); // the comment and 10 blank lines
        const QJsonObject run = s.value(u"runs"_s).toArray().at(0).toObject();
        const QJsonObject h = run.value(u"hydration"_s).toObject();
        QCOMPARE(h.value(u"ids"_s).toInt(), 260);
        QCOMPARE(h.value(u"found"_s).toInt(), 250);
        QCOMPARE(h.value(u"not_found"_s).toInt(), 10);
        QCOMPARE(h.value(u"not_authorized"_s).toInt(), 0);
        QCOMPARE(h.value(u"other"_s).toInt(), 0);
        QCOMPARE(h.value(u"not_fetched"_s).toInt(), 0);
        QCOMPARE(run.value(u"tweets"_s).toInt(), 250);
        QCOMPARE(run.value(u"request_count"_s).toInt(), 3);
        const QJsonArray queries = run.value(u"queries"_s).toArray();
        QCOMPARE(queries.size(), 3);
        QCOMPARE(queries.at(0).toObject().value(u"query"_s).toString(), u"batch 1 (100 ids)"_s);
        QCOMPARE(queries.at(2).toObject().value(u"query"_s).toString(), u"batch 3 (60 ids)"_s);

        QVERIFY2(err.contains(u"hydrate: 260 ids in 3 batches (3 duplicates and 11 blank or comment lines ignored)"_s),
            qPrintable(err));
        QVERIFY2(err.contains(u"250 of 260 ids found; 10 not found; 0 not authorized\n"_s), qPrintable(err));

        QFile f(missing);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 11);
        QCOMPARE(lines[0], u"id,reason,detail"_s);
        QCOMPARE(lines[1], u"1000,not_found,\"Could not find tweet with ids: [1000].\""_s);
        QSet<QString> gone;
        for (const QString &l : lines.mid(1))
            gone.insert(l.section(u',', 0, 0));
        for (int i = 0; i < 250; i += 25)
            QVERIFY(gone.contains(absentId(i)));
    }

    /// No output option and no --json-summary: the tweets go to stdout as JSONL (one page a line).
    void tweetsOnStdoutByDefault()
    {
        const QString ids
            = write(u"few.txt"_s, (QStringList { m_ids[10], m_ids[11], absentId(1) }.join(u'\n')).toLatin1());
        const auto [code, out, err] = run({ ids });
        QVERIFY2(code == 0, qPrintable(err));
        QStringList got;
        for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts))
            for (const auto &t : QJsonDocument::fromJson(line.toUtf8()).object().value(u"data"_s).toArray())
                got << t.toObject().value(u"id"_s).toString();
        std::sort(got.begin(), got.end());
        QStringList expected { m_ids[10], m_ids[11] };
        std::sort(expected.begin(), expected.end());
        QCOMPARE(got, expected);
        QVERIFY2(err.contains(u"2 of 3 ids found; 1 not found; 0 not authorized"_s), qPrintable(err));
    }

    /// `-` reads the ids from standard input, a pipe that fills in two writes.
    void idsFromStdin()
    {
        QProcess p;
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"hydrate"_s, u"--base-url"_s, m_server->baseUrl().toString(), u"--json-summary"_s, u"-"_s });
        QVERIFY(p.waitForStarted());
        p.write((m_ids[30] + u"\n# c\n"_s + m_ids[31] + u"\n"_s).toLatin1());
        QTest::qWait(200); // a pipe that is slow to fill is still read to its end
        p.write((m_ids[32] + u"\n"_s).toLatin1());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonObject s = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(s.value(u"input"_s).toObject().value(u"ids"_s).toInt(), 3);
        QCOMPARE(
            s.value(u"runs"_s).toArray().at(0).toObject().value(u"hydration"_s).toObject().value(u"found"_s).toInt(),
            3);
    }

    void csvColumn()
    {
        const QString csv = write(u"ids.csv"_s,
            (u"note,tweet_id\r\n\"a, b\","_s + m_ids[20] + u"\r\nc,\""_s + m_ids[21] + u"\"\r\nd,\r\n"_s).toLatin1());
        const auto [code, out, err] = run({ u"--column"_s, u"tweet_id"_s, u"--json-summary"_s, csv });
        QVERIFY2(code == 0, qPrintable(err));
        const QJsonObject s = QJsonDocument::fromJson(out.toUtf8()).object();
        QCOMPARE(
            s.value(u"runs"_s).toArray().at(0).toObject().value(u"hydration"_s).toObject().value(u"found"_s).toInt(),
            2);
        QCOMPARE(s.value(u"input"_s).toObject().value(u"ignored_lines"_s).toInt(), 1);
    }

    void nothingIsSentForBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("file"); ///< content of the id file passed last; empty: none
        QTest::addColumn<QStringList>("messages");
        QTest::addRow("a bad id") << QStringList {} << u"20\nabc\n21\n"_s
                                  << QStringList { u"ids.in:2: 'abc' is not a tweet id (1 to 19 digits)"_s,
                                         u"1 line of the input is not tweet ids; nothing was sent"_s };
        QTest::addRow("no id") << QStringList {} << u"# nothing\n\n"_s << QStringList { u"no tweet id in "_s };
        QTest::addRow("enterprise") << QStringList { u"--provider"_s, u"enterprise-30day"_s } << u"20\n"_s
                                    << QStringList {
                                           u"invalid value 'enterprise-30day' for --provider: expected local, "
                                           "x-recent or x-all (the providers with a tweet lookup)"_s
                                       };
        QTest::addRow("bluesky") << QStringList { u"--provider"_s, u"bluesky"_s } << u"20\n"_s
                                 << QStringList {
                                        u"invalid value 'bluesky' for --provider: expected local, x-recent or x-all"_s
                                    };
        // Enterprise's options: hydrate does not take them (nor offer them in its help).
        QTest::addRow("account") << QStringList { u"--account"_s, u"a"_s } << u"20\n"_s
                                 << QStringList { u"unknown option '--account'"_s };
        QTest::addRow("missing column") << QStringList { u"--column"_s, u"id"_s } << u"tweet,x\n20,1\n"_s
                                        << QStringList { u"no column 'id' in the header (columns: tweet, x)"_s };
        QTest::addRow("batch size") << QStringList { u"--batch-size"_s, u"101"_s } << u"20\n"_s
                                    << QStringList { u"--batch-size"_s };
        QTest::addRow("resume with files") << QStringList { u"--out"_s, u"x.sqlite"_s, u"--resume"_s } << u"20\n"_s
                                           << QStringList { u"--resume takes its ids from the collection"_s };
        QTest::addRow("no file") << QStringList {} << QString() << QStringList { u"no id file"_s };
    }
    void nothingIsSentForBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, file);
        QFETCH(QStringList, messages);
        if (!file.isEmpty())
            args << write(u"ids.in"_s, file.toLatin1());
        const qint64 before = m_server->stats().requests;
        const auto [code, out, err] = run(args);
        QCOMPARE(code, 2);
        for (const QString &m : messages)
            QVERIFY2(err.contains(m), qPrintable(err));
        QVERIFY(out.isEmpty());
        QCOMPARE(m_server->stats().requests, before); // the archive received no request
    }

    /// --rate-limit paces the lookups as it paces searches: 8 batches at one per 100 ms, all at
    /// once allowed, still leave at least 100 ms between two sends.
    void pacing()
    {
        QStringList ids;
        for (int i = 0; i < 40; ++i)
            ids << m_ids[100 + i];
        const QString file = write(u"paced.txt"_s, ids.join(u'\n').toLatin1());
        const auto [code, out, err]
            = run({ u"--batch-size"_s, u"5"_s, u"--rate-limit"_s, u"1/100ms"_s, u"--json-summary"_s, file });
        QVERIFY2(code == 0, qPrintable(err));
        const QJsonObject r
            = QJsonDocument::fromJson(out.toUtf8()).object().value(u"runs"_s).toArray().at(0).toObject();
        QCOMPARE(r.value(u"hydration"_s).toObject().value(u"found"_s).toInt(), 40);
        QList<double> sent;
        for (const auto &v : r.value(u"requests"_s).toArray())
            sent << v.toObject().value(u"sent_ms"_s).toDouble();
        QCOMPARE(sent.size(), 8);
        std::sort(sent.begin(), sent.end());
        for (qsizetype i = 1; i < sent.size(); ++i)
            QVERIFY2(sent[i] - sent[i - 1] >= 95, qPrintable(u"%1 -> %2"_s.arg(sent[i - 1]).arg(sent[i])));
        QVERIFY(r.value(u"wall_ms"_s).toDouble() >= 700);
    }

    /// Killed (SIGKILL: no chance to clean up) in the middle of a run: --resume fetches only the
    /// batches that were not saved, and the counts and --missing cover the whole run.
    void resumeAfterKill()
    {
        ts::archive::ServiceOptions so = ts::testing::testServiceOptions();
        QString error;
        so.latency = *ts::archive::LatencyProfile::parse(u"fixed:100"_s, &error);
        const auto slow = ts::testing::serveArchive(m_db, so, &error);
        QVERIFY2(slow, qPrintable(error));
        QByteArray text;
        for (int i = 0; i < 400; ++i)
            text += (i % 10 == 9 ? absentId(i) : m_ids[300 + i]).toLatin1() + '\n';
        const QString ids = write(u"long.txt"_s, text);
        const QString collection = m_dir.filePath(u"killed.sqlite"_s);
        const QString missing = m_dir.filePath(u"killed-missing.csv"_s);
        QProcess p;
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"hydrate"_s, u"--base-url"_s, slow->baseUrl().toString(), u"--batch-size"_s, u"10"_s,
                u"--max-concurrency"_s, u"2"_s, u"--out"_s, collection, ids });
        QVERIFY(p.waitForStarted());
        // 40 batches, two at a time, 100 ms each: about 2 s in all. Kill it halfway.
        for (int waited = 0; slow->stats().requests < 16 && waited < 10000; waited += 20)
            QTest::qWait(20);
        QCOMPARE(p.state(), QProcess::Running);
        QCOMPARE(::kill(pid_t(p.processId()), SIGKILL), 0);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        int savedBefore = 0;
        {
            ts::search::Collection c;
            QVERIFY2(c.open(collection, &error, true), qPrintable(error));
            for (const auto &q : c.progress(c.runs().last().id))
                savedBefore += q.done;
            QVERIFY2(savedBefore >= 4 && savedBefore < 40, qPrintable(QString::number(savedBefore)));
        }
        const qint64 sentBefore = slow->stats().requests;
        QProcess r;
        r.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"hydrate"_s, u"--base-url"_s, slow->baseUrl().toString(), u"--out"_s, collection, u"--resume"_s,
                u"--json-summary"_s, u"--missing"_s, missing });
        QVERIFY(r.waitForFinished(60000));
        const QString err = QString::fromUtf8(r.readAllStandardError());
        QVERIFY2(r.exitCode() == 0, qPrintable(err));
        // Only the batches that were not saved went out again.
        QCOMPARE(slow->stats().requests - sentBefore, 40 - savedBefore);
        const QJsonObject run
            = QJsonDocument::fromJson(r.readAllStandardOutput()).object().value(u"runs"_s).toArray().at(0).toObject();
        const QJsonObject h = run.value(u"hydration"_s).toObject();
        QCOMPARE(h.value(u"ids"_s).toInt(), 400);
        QCOMPARE(h.value(u"found"_s).toInt(), 360);
        QCOMPARE(h.value(u"not_found"_s).toInt(), 40);
        QCOMPARE(h.value(u"not_fetched"_s).toInt(), 0);
        QVERIFY2(err.contains(u"360 of 400 ids found; 40 not found; 0 not authorized"_s), qPrintable(err));
        QFile f(missing);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts).size(), 41);
        ts::search::Collection c;
        QVERIFY2(c.open(collection, &error, true), qPrintable(error));
        QCOMPARE(c.tweetCount(), 360);
        QCOMPARE(c.missingIds(c.runs().last().id).size(), 40);

        // A hydration is resumed by hydrate, not by search (and the other way round).
        QProcess s;
        s.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"search"_s, u"--base-url"_s, slow->baseUrl().toString(), u"--out"_s, collection, u"--resume"_s });
        QVERIFY(s.waitForFinished(30000));
        QCOMPARE(s.exitCode(), 1);
        QVERIFY(QString::fromUtf8(s.readAllStandardError()).contains(u"its last run is a hydration"_s));
    }

    /// Against X's shapes (a server of the test's own, see LookupServer): every kind of missing id
    /// is counted, named in --missing with X's detail, and the line says them all.
    void xProviderCountsEveryKind()
    {
        LookupServer server;
        QVERIFY(server.isListening());
        const QString ids = write(u"x.txt"_s, "20\n21\n22\n23\n24\n25\n"_ba);
        const QString missing = m_dir.filePath(u"x-missing.csv"_s);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TWEETSCOPE_BEARER_TOKEN"_s, u"test-token"_s);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"),
            { u"hydrate"_s, u"--provider"_s, u"x-recent"_s, u"--base-url"_s,
                u"http://127.0.0.1:%1"_s.arg(server.serverPort()), u"--json-summary"_s, u"--missing"_s, missing, ids });
        QVERIFY(p.waitForStarted());
        QElapsedTimer clock; // this thread's event loop serves while the command runs
        clock.start();
        while (p.state() != QProcess::NotRunning && clock.elapsed() < 30000)
            QTest::qWait(20);
        QCOMPARE(p.state(), QProcess::NotRunning);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QVERIFY2(err.contains(u"1 of 6 ids found; 1 not found; 1 not authorized; 1 withheld; 2 missing for another "
                              "reason\n"_s),
            qPrintable(err));
        QCOMPARE(server.heads.size(), 1);
        const QByteArray head = server.heads.first();
        QVERIFY2(head.startsWith("GET /2/tweets?ids=20%2C21%2C22%2C23%2C24%2C25&tweet.fields="), head.constData());
        QVERIFY(head.contains("\r\nAuthorization: Bearer test-token"));
        const QJsonObject h = QJsonDocument::fromJson(p.readAllStandardOutput())
                                  .object()
                                  .value(u"runs"_s)
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(u"hydration"_s)
                                  .toObject();
        QCOMPARE(h.value(u"found"_s).toInt(), 1);
        QCOMPARE(h.value(u"not_authorized"_s).toInt(), 1);
        QCOMPARE(h.value(u"withheld"_s).toInt(), 1);
        QCOMPARE(h.value(u"other"_s).toInt(), 2);
        QFile f(missing);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()),
            u"id,reason,detail\n"
            "21,not_found,\"Could not find tweet with ids: [21].\"\n"
            "22,not_authorized,\"Sorry, you are not authorized to see the Tweet with ids: [22].\"\n"
            "23,withheld,\"This Tweet is withheld in your country.\"\n"
            "24,other,\"not in the answer, and no error for it\"\n"
            "25,other,\"not in the answer, and no error for it\"\n"_s);
    }

private:
    QString write(const QString &name, const QByteArray &content) const
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    std::tuple<int, QString, QString> run(QStringList args) const
    {
        QProcess p;
        args.prepend(m_server->baseUrl().toString());
        args.prepend(u"--base-url"_s);
        args.prepend(u"hydrate"_s);
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-cli"), args);
        p.waitForFinished(60000);
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

    QTemporaryDir m_dir;
    QString m_db;
    QStringList m_ids;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
};

QTEST_GUILESS_MAIN(TestHydrateCli)
#include "tst_hydratecli.moc"
