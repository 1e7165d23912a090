// SPDX-License-Identifier: MIT
// Failure paths of an export: the old file must survive byte-identical, and the error must
// name the path and the reason.
#include "export/outputfile.h"
#include "export/tweetexporter.h"
#include "exporttesthelpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace ts;
using namespace ts::exporter;
using namespace exporttest;

namespace {

const QByteArray oldContent = QByteArrayLiteral("id,text\r\n1,the old export\r\n");

QList<Tweet> manyTweets(int n)
{
    QList<Tweet> tweets;
    Tweet t = awkwardTweet();
    for (int i = 0; i < n; ++i) {
        t.id = QString::number(1394735776701816833LL + i);
        tweets.append(t);
    }
    return tweets;
}

ExportOptions csvTo(const QString &path)
{
    ExportOptions options;
    options.csvPath = path;
    return options;
}

QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestOutputFile : public QObject
{
    Q_OBJECT

private slots:
    void commitReplacesOldFile();
    void cannotOpen_data();
    void cannotOpen();
    void writeFailsHalfway();
    void cancelKeepsOldFile();
    void appendingNothingWritesNothing();
};

void TestOutputFile::commitReplacesOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    writeFile(path, oldContent);
    const ExportResult r = exportTweets(manyTweets(3), {}, csvTo(path));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.tweets, 3);
    QVERIFY(readAll(path).startsWith("queries,id,"));
    QCOMPARE(leftovers(dir.path()), QStringList { QStringLiteral("out.csv") });
}

void TestOutputFile::cannotOpen_data()
{
    QTest::addColumn<QString>("target"); // relative to a fresh temporary folder
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("unwritableFolder");
    QTest::addRow("target is a directory") << QStringLiteral("adir") << QStringLiteral("directory") << false;
    QTest::addRow("folder does not exist")
        << QStringLiteral("missing/out.csv") << QStringLiteral("does not exist") << false;
    QTest::addRow("folder not writable") << QStringLiteral("ro/out.csv") << QStringLiteral("ermission") << true;
    QTest::addRow("cannot create files there") << QStringLiteral("/proc/tweetscope-export.csv") << QString() << false;
}

void TestOutputFile::cannotOpen()
{
    QFETCH(QString, target);
    QFETCH(QString, reason);
    QFETCH(bool, unwritableFolder);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("adir")));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("ro")));
    const QString path = QDir::isAbsolutePath(target) ? target : dir.filePath(target);
    if (unwritableFolder) {
        if (::geteuid() == 0)
            QSKIP("running as root: folder permissions do not stop root");
        writeFile(path, oldContent);
        QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("ro")), QFile::ReadOwner | QFile::ExeOwner));
    }
    const ExportResult r = exportTweets(manyTweets(3), {}, csvTo(path));
    QFile::setPermissions(dir.filePath(QStringLiteral("ro")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.startsWith(QStringLiteral("cannot write '%1': ").arg(path)), qPrintable(r.error));
    QVERIFY2(r.error.contains(reason), qPrintable(r.error));
    if (unwritableFolder)
        QCOMPARE(readAll(path), oldContent);
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("adir"))).isDir());
}

void TestOutputFile::writeFailsHalfway()
{
    // A real write error, like a full disk: the file size limit makes write() fail with EFBIG
    // once the temporary file passes 256 KiB (SIGXFSZ ignored so the process survives).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    writeFile(path, oldContent);
    struct rlimit old;
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
    auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 256 * 1024;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const ExportResult r = exportTweets(manyTweets(20000), {}, csvTo(path));
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!r.ok);
    QVERIFY(!r.cancelled);
    QVERIFY2(r.error.startsWith(QStringLiteral("cannot write '%1': ").arg(path)), qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("too large"), Qt::CaseInsensitive), qPrintable(r.error));
    QCOMPARE(readAll(path), oldContent);
    QCOMPARE(leftovers(dir.path()), QStringList { QStringLiteral("out.csv") });
}

void TestOutputFile::cancelKeepsOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    writeFile(path, oldContent);
    int calls = 0;
    qint64 lastDone = 0, lastTotal = 0;
    const ExportResult r = exportTweets(manyTweets(5000), {}, csvTo(path), [&](qint64 done, qint64 total) {
        ++calls;
        lastDone = done;
        lastTotal = total;
        return done < 2048;
    });
    QVERIFY(!r.ok);
    QVERIFY(r.cancelled);
    QCOMPARE(calls, 2);
    QCOMPARE(lastDone, 2048);
    QCOMPARE(lastTotal, 5000);
    QCOMPARE(readAll(path), oldContent);
    QCOMPARE(leftovers(dir.path()), QStringList { QStringLiteral("out.csv") });
}

// An empty cell (an empty QByteArray or view has a null data()) used to reach memcpy with a
// null source, which UBSan reports under scripts/sanitize.sh (nonnull-attribute).
void TestOutputFile::appendingNothingWritesNothing()
{
    QByteArray memory;
    OutputFile out(&memory);
    QVERIFY(out.open());
    out.append(QByteArrayView());
    out.append(QByteArray());
    out.append("a");
    out.append(QByteArrayView());
    QVERIFY(out.commit());
    QCOMPARE(memory, QByteArray("a"));
}

QTEST_GUILESS_MAIN(TestOutputFile)
#include "tst_outputfile.moc"
