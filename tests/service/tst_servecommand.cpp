// SPDX-License-Identifier: MIT
// The real `tweetscope-archive serve` process: its ready line, its answers, its usage
// errors, and a clean stop on SIGTERM.
#include "servicetestutil.h"

#include <QFile>
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
        // Exactly one line on stdout; on stderr only the warning that --token is visible to others.
        QVERIFY2(
            rest.startsWith("warning: --token can be read by other users") && rest.count('\n') == 1, rest.constData());
    }

    /// Starts serve with args and env; returns its base URL (empty on failure) and keeps stderr.
    QUrl startServe(
        QProcess &p, const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        p.setProcessEnvironment(env);
        p.start(m_bin,
            QStringList { u"serve"_s, u"--db"_s, m_dir.filePath(u"a.sqlite"_s), u"--latency"_s, u"none"_s } + args);
        if (!p.waitForStarted() || !p.waitForReadyRead(10000))
            return {};
        const QByteArray line = p.readLine();
        if (!line.startsWith("listening on "))
            return {};
        return QUrl(QString::fromLatin1(line.mid(13).trimmed()));
    }

    // Secrets off the command line (/proc/PID/cmdline is readable by every user): the service's
    // own environment variables and files; the old flags still work, with a warning.
    void secretsFromEnvironmentAndFiles()
    {
        QFile tokenFile(m_dir.filePath(u"token.txt"_s));
        QVERIFY(tokenFile.open(QIODevice::WriteOnly));
        tokenFile.write("file-token-7\n");
        tokenFile.close();
        QFile passwordFile(m_dir.filePath(u"password.txt"_s));
        QVERIFY(passwordFile.open(QIODevice::WriteOnly));
        passwordFile.write("pass-from-file\n");
        passwordFile.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TWEETSCOPE_SERVE_TOKEN"_s, u"env-token-3"_s);
        env.insert(u"TWEETSCOPE_SERVE_PASSWORD"_s, u"env-pass"_s);
        env.remove(u"TWEETSCOPE_BEARER_TOKEN"_s);
        struct Case
        {
            QStringList args;
            QByteArray bearer;
            QByteArray basic; ///< user:password
            bool warns;
        };
        const QList<Case> cases {
            { { u"--user"_s, u"ana"_s }, "env-token-3", "ana:env-pass", false },
            { { u"--token-file"_s, tokenFile.fileName(), u"--user"_s, u"ana"_s, u"--password-file"_s,
                  passwordFile.fileName() },
                "file-token-7", "ana:pass-from-file", false },
            { { u"--token"_s, u"flag-token-1"_s, u"--user"_s, u"ana"_s, u"--password"_s, u"flag-pass"_s },
                "flag-token-1", "ana:flag-pass", true },
        };
        QNetworkAccessManager nam;
        for (const Case &c : cases) {
            QProcess p;
            const QUrl base = startServe(p, c.args, env);
            QVERIFY2(base.port() > 0, qPrintable(c.args.join(u' ')));
            const QUrl v2 = apiUrl(base, u"/2/tweets/search/all"_s, { { u"query"_s, u"zebra"_s } });
            QCOMPARE(get(nam, v2).status, 401);
            QCOMPARE(get(nam, v2, { { "Authorization", "Bearer " + c.bearer } }).status, 200);
            const QUrl ent = apiUrl(base, u"/search/30day/accounts/a/dev.json"_s, { { u"query"_s, u"zebra"_s } });
            QCOMPARE(get(nam, ent, { { "Authorization", "Basic " + QByteArray("ana:wrong").toBase64() } }).status, 401);
            QCOMPARE(get(nam, ent, { { "Authorization", "Basic " + c.basic.toBase64() } }).status, 200);
            p.terminate();
            QVERIFY(p.waitForFinished(5000));
            const QByteArray err = p.readAllStandardError();
            QCOMPARE(err.contains("other users"), c.warns);
            for (const char *secret : { "flag-token-1", "env-token-3", "file-token-7", "flag-pass", "env-pass" })
                QVERIFY2(!err.contains(secret), err.constData()); // never the secret
        }
        // Mistakes: both flag and file, an unreadable or empty file.
        QFile empty(m_dir.filePath(u"empty.txt"_s));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        for (const QStringList &args : { QStringList { u"--token"_s, u"a"_s, u"--token-file"_s, tokenFile.fileName() },
                 QStringList { u"--token-file"_s, m_dir.filePath(u"missing.txt"_s) },
                 QStringList { u"--token-file"_s, empty.fileName() },
                 QStringList { u"--password-file"_s, passwordFile.fileName() } }) {
            QProcess p;
            p.start(m_bin, QStringList { u"serve"_s, u"--db"_s, m_dir.filePath(u"a.sqlite"_s) } + args);
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitCode(), 2);
            const QByteArray err = p.readAllStandardError();
            QVERIFY2(err.contains("--token") || err.contains("--password"), err.constData());
            QVERIFY(!err.contains("file-token-7") && !err.contains("pass-from-file"));
        }
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
                 "--password", "--format", "--seed", "--token-file", "--password-file", "TWEETSCOPE_SERVE_TOKEN",
                 "--max-connections", "--idle-timeout", "--request-timeout", "--max-request-line", "--max-header-bytes",
                 "--max-headers", "--max-body" })
            QVERIFY2(help.contains(QLatin1String(o)), o);
    }
};

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
