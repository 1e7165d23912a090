// SPDX-License-Identifier: MIT
// tweetscope-archive generate / import as a user runs them: exit codes, messages, results.
#include "archive/archivestore.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ts::archive;

namespace {

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run run(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(QStringLiteral(TS_BIN_DIR "/tweetscope-archive"), args);
    if (!p.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

} // namespace

class tst_ArchiveCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void generateCreatesTheArchive()
    {
        const QString db = m_dir.filePath(QStringLiteral("g.sqlite"));
        const Run r = run({ QStringLiteral("generate"), QStringLiteral("--db"), db, QStringLiteral("--tweets"),
            QStringLiteral("1500"), QStringLiteral("--seed"), QStringLiteral("9"), QStringLiteral("--days"),
            QStringLiteral("10"), QStringLiteral("--end"), QStringLiteral("2025-01-01T00:00:00Z") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"generated 1500 tweets"_qs), qPrintable(r.out));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err)); // no progress: stderr is not a terminal
        ArchiveStore store;
        QString error;
        QVERIFY(store.open(db, &error, true));
        QCOMPARE(store.tweetCount(), 1500);
        const auto span = store.timeSpan();
        QVERIFY(span);
        const qint64 end = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        QVERIFY(span->second < end);
        QVERIFY(span->first >= end - 10 * 86400000LL);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QString db = QStringLiteral("/nonexistent-dir/x.sqlite");
        QTest::addRow("no db") << QStringList { u"generate"_qs, u"--tweets"_qs, u"5"_qs } << u"--db"_qs;
        QTest::addRow("bad count") << QStringList { u"generate"_qs, u"--db"_qs, db, u"--tweets"_qs, u"many"_qs }
                                   << u"--tweets"_qs;
        QTest::addRow("bad days") << QStringList { u"generate"_qs, u"--db"_qs, db, u"--tweets"_qs, u"5"_qs,
            u"--days"_qs, u"0"_qs }
                                  << u"--days"_qs;
        QTest::addRow("bad end") << QStringList { u"generate"_qs, u"--db"_qs, db, u"--tweets"_qs, u"5"_qs, u"--end"_qs,
            u"tomorrow"_qs } << u"--end"_qs;
        QTest::addRow("unknown option") << QStringList { u"import"_qs, u"--bogus"_qs } << u"bogus"_qs;
        QTest::addRow("no input") << QStringList { u"import"_qs, u"--db"_qs, db } << u"INPUT"_qs;
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    }

    void importReportsBadLinesWithNumbers()
    {
        const QString db = m_dir.filePath(QStringLiteral("i.sqlite"));
        const QString input = m_dir.filePath(QStringLiteral("bad.jsonl"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\n{not json\n");
        f.close();
        const Run r = run({ QStringLiteral("import"), QStringLiteral("--db"), db, input });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(input + u":2: "_qs), qPrintable(r.err));
        QVERIFY2(r.out.contains(u"1 bad lines"_qs), qPrintable(r.out));
        const Run fromStdin
            = run({ QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("-") }, "[1,2]\n");
        QCOMPARE(fromStdin.exitCode, 1);
        QVERIFY2(fromStdin.err.contains(u"<stdin>:1: "_qs), qPrintable(fromStdin.err));
        const Run missing
            = run({ QStringLiteral("import"), QStringLiteral("--db"), db, m_dir.filePath(u"no.jsonl"_qs) });
        // A usage error, as for parse: refused before the archive is opened or anything is read.
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(u"cannot read '"_qs + m_dir.filePath(u"no.jsonl"_qs) + u"': no such file"_qs),
            qPrintable(missing.err));
    }

    void importLineLimitAndOneDocumentFromStdin()
    {
        const QString db = m_dir.filePath(QStringLiteral("limit.sqlite"));
        const QString input = m_dir.filePath(QStringLiteral("long.jsonl"));
        const auto tweet = [](int id) {
            return QStringLiteral(R"({"id":"%1","text":"hello %1","created_at":"2021-01-01T00:00:00.000Z",)"
                                  R"("author_id":"2"})")
                .arg(id)
                .toUtf8();
        };
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(tweet(5) + "\n" + QByteArray(2 << 20, 'y') + "\n" + tweet(6) + "\n");
        f.close();
        const Run r = run({ QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--max-line-length"),
            QStringLiteral("1M"), input });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(
                     input + u":2: 2097152 bytes, longer than the line limit of 1 MiB (--max-line-length); skipped"_qs),
            qPrintable(r.err));
        QVERIFY2(r.out.contains(u"2 inserted"_qs), qPrintable(r.out));
        // A pretty-printed array on standard input: one document, its elements imported.
        const Run doc = run({ QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("-") },
            "[\n  " + tweet(7) + ",\n  " + tweet(8) + "\n]\n");
        QCOMPARE(doc.exitCode, 0);
        QVERIFY2(doc.out.contains(u"2 inserted"_qs), qPrintable(doc.out));
    }
};

QTEST_GUILESS_MAIN(tst_ArchiveCli)
#include "tst_archivecli.moc"
