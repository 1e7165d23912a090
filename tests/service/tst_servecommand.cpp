// SPDX-License-Identifier: MIT
// The real `tweetscope-archive serve` process: its ready line, its answers, its usage
// errors, and a clean stop on SIGTERM.
#include "servicetestutil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace servicetest;

class TestServeCommand : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    const QString m_bin = QStringLiteral(TS_BIN_DIR "/tweetscope-archive");

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(writeArchive(m_dir.filePath(u"a.sqlite"_s), corpus(), &error), qPrintable(error));
    }

    void readyLineThenServes()
    {
        QProcess p;
        p.start(m_bin,
            { u"serve"_s, u"--db"_s, m_dir.filePath(u"a.sqlite"_s), u"--port"_s, u"0"_s, u"--latency"_s, u"none"_s,
                u"--token"_s, u"tok-123"_s, u"--rate-limit"_s, u"100/900s"_s });
        QVERIFY(p.waitForStarted());
        QVERIFY(p.waitForReadyRead(10000));
        const QByteArray line = p.readLine();
        QVERIFY2(line.startsWith("listening on http://127.0.0.1:") && line.endsWith('\n'), line.constData());
        const QUrl base(QString::fromLatin1(line.mid(13).trimmed()));
        QVERIFY(base.port() > 0);
        QNetworkAccessManager nam;
        QCOMPARE(get(nam, apiUrl(base, u"/2/tweets/search/all"_s, { { u"query"_s, u"zebra"_s } })).status, 401);
        const HttpResult r = get(nam, apiUrl(base, u"/2/tweets/search/all"_s, { { u"query"_s, u"zebra"_s } }),
            { { "Authorization", "Bearer tok-123" } });
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-rate-limit-limit"), QByteArray("100"));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QByteArray rest = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(!rest.contains("tok-123"), rest.constData()); // the token is never printed
        QVERIFY(rest.isEmpty()); // exactly one line on stdout
    }

    void badSpecsExit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("option");
        QTest::addRow("latency") << QStringList { u"--latency"_s, u"fast"_s } << u"--latency"_s;
        QTest::addRow("faults") << QStringList { u"--faults"_s, u"404:0.1"_s } << u"--faults"_s;
        QTest::addRow("rate limit") << QStringList { u"--rate-limit"_s, u"lots"_s } << u"--rate-limit"_s;
        QTest::addRow("port") << QStringList { u"--port"_s, u"70000"_s } << u"--port"_s;
        QTest::addRow("format") << QStringList { u"--format"_s, u"xml"_s } << u"--format"_s;
        QTest::addRow("user without password") << QStringList { u"--user"_s, u"u"_s } << u"--password"_s;
        QTest::addRow("unknown option") << QStringList { u"--colour"_s } << u"colour"_s;
        QTest::addRow("max connections") << QStringList { u"--max-connections"_s, u"0"_s } << u"--max-connections"_s;
        QTest::addRow("max body") << QStringList { u"--max-body"_s, u"lots"_s } << u"--max-body"_s;
    }
    void badSpecsExit2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, option);
        QProcess p;
        p.start(m_bin, QStringList { u"serve"_s, u"--db"_s, m_dir.filePath(u"a.sqlite"_s) } + args);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(option), qPrintable(err));
        QVERIFY(p.readAllStandardOutput().isEmpty());
    }

    void helpListsEveryOption()
    {
        QProcess p;
        p.start(m_bin, { u"serve"_s, u"--help"_s });
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QString help = QString::fromUtf8(p.readAllStandardOutput());
        for (const char *o : { "--db", "--bind", "--port", "--latency", "--faults", "--rate-limit", "--token", "--user",
                 "--password", "--format", "--seed", "--max-connections", "--idle-timeout", "--request-timeout",
                 "--max-request-line", "--max-header-bytes", "--max-headers", "--max-body" })
            QVERIFY2(help.contains(QLatin1String(o)), o);
    }
};

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
