// SPDX-License-Identifier: MIT
// Exports of a collection's visible rows, read back: the rows in the table's order (across
// several chunks of ids), CSV and JSONL, the queries of each tweet, cancel and a failed write.
#include "exportrunner.h"
#include "search/collection.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using ts::ui::ExportKind;
using ts::ui::ExportRequest;

class TestExportRunner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_collection;
    QList<quint64> m_ids; // every stored id
    static constexpr int kTweets = 1300; // past two chunks of kExportChunk
    static constexpr quint64 kFirstId = 1800000000000000000ull;

    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_collection = m_dir.filePath(u"run.sqlite"_s);
        ts::search::Collection collection;
        QString error;
        QVERIFY2(collection.open(m_collection, &error), qPrintable(error));
        const qint64 run = collection.beginRun(ts::search::RunMode::Sequential, u"local"_s,
            u"http://127.0.0.1:1/2/tweets/search/recent"_s, { u"cats"_s, u"eclipse"_s }, {}, &error);
        QVERIFY2(run > 0, qPrintable(error));
        // Query 0 matched every tweet, query 1 every third one; pages of 100.
        for (int page = 0; page * 100 < kTweets; ++page) {
            QList<ts::Tweet> tweets, third;
            for (int i = page * 100; i < std::min(kTweets, page * 100 + 100); ++i) {
                ts::Tweet t;
                const quint64 id = kFirstId + quint64(i) * 13;
                t.id = QString::number(id);
                t.createdAtMs = 1700000000000 + qint64(i) * 1000;
                t.text = u"tweet %1 about cats, \"quoted\"\nsecond line"_s.arg(i);
                t.authorId = QString::number(1000 + i % 7);
                t.authorUsername = u"user%1"_s.arg(i % 7);
                t.lang = i % 2 ? u"fr"_s : u"en"_s;
                t.likeCount = i;
                t.rawJson = QJsonDocument(QJsonObject { { u"id"_s, t.id }, { u"text"_s, t.text },
                                              { u"author_id"_s, t.authorId }, { u"lang"_s, t.lang } })
                                .toJson(QJsonDocument::Compact);
                tweets.append(t);
                if (i % 3 == 0)
                    third.append(t);
                m_ids.append(id);
            }
            QVERIFY2(collection.writePage(run, 0, page, tweets, QString(), false, &error), qPrintable(error));
            QVERIFY2(collection.writePage(run, 1, page, third, QString(), false, &error), qPrintable(error));
        }
    }

    void visibleRowsInViewOrder_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("rows");
        QTest::addRow("csv, one chunk") << int(ExportKind::Csv) << 40;
        QTest::addRow("csv, every row, three chunks") << int(ExportKind::Csv) << kTweets;
        QTest::addRow("excel") << int(ExportKind::Excel) << 700;
        QTest::addRow("jsonl, one chunk") << int(ExportKind::Jsonl) << 40;
        QTest::addRow("jsonl, three chunks") << int(ExportKind::Jsonl) << kTweets;
    }
    void visibleRowsInViewOrder()
    {
        QFETCH(int, kind);
        QFETCH(int, rows);
        // A shuffled subset, as a sorted and filtered table shows them, plus an id the
        // collection does not have (skipped).
        QList<quint64> shown = m_ids;
        std::shuffle(shown.begin(), shown.end(), *QRandomGenerator::global());
        shown.resize(rows);
        std::vector<quint64> ids(shown.begin(), shown.end());
        ids.insert(ids.begin() + ids.size() / 2, 42);

        ExportRequest request;
        request.kind = ExportKind(kind);
        request.target = m_dir.filePath(u"visible-%1-%2"_s.arg(kind).arg(rows));
        request.ids = ids;
        const auto columns = ts::exporter::csvColumnsFromNames({ u"id"_s, u"queries"_s, u"text"_s }, nullptr);
        request.columns = *columns;
        QList<qint64> progress;
        const auto result = ts::ui::exportCollection(m_collection, request, [&](qint64 done, qint64 total) {
            progress.append(done);
            return total == qint64(ids.size());
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.tweets, rows);
        QVERIFY(progress.size() >= 2 && progress.last() == qint64(ids.size()));
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));

        const QByteArray written = readAll(request.target);
        QStringList order;
        if (request.kind == ExportKind::Jsonl) {
            // twarc-style pages: data in view order, the run's URL in __twarc, includes.users.
            const QList<QByteArray> lines = written.trimmed().split('\n');
            QCOMPARE(lines.size(), (rows + 99) / 100);
            for (const QByteArray &line : lines) {
                const QJsonObject page = QJsonDocument::fromJson(line).object();
                QVERIFY2(!page.isEmpty(), line.left(200).constData());
                QCOMPARE(page[u"__twarc"_s][u"url"_s].toString(), u"http://127.0.0.1:1/2/tweets/search/recent"_s);
                QVERIFY(!page[u"includes"_s][u"users"_s].toArray().isEmpty());
                for (const auto &tweet : page[u"data"_s].toArray()) {
                    QVERIFY(tweet[u"text"_s].toString().contains(u"about cats"_s)); // the raw tweet
                    order.append(tweet[u"id"_s].toString());
                }
            }
        } else {
            // One record per tweet: id, the queries (a quoted cell when two), text with its line break.
            const QString text = QString::fromUtf8(written);
            const qsizetype headerEnd = text.indexOf(u"\r\n"_s);
            QCOMPARE(text.left(headerEnd).remove(QChar(0xfeff)), u"id,queries,text"_s);
            static const QRegularExpression record(
                u"\r\n(?:\"=\"\"|)(\\d+)(?:\"\"\"|),(\"cats\neclipse\"|cats),\"tweet (\\d+) "_s);
            auto it = record.globalMatch(text);
            while (it.hasNext()) {
                const auto m = it.next();
                const int n = m.captured(3).toInt();
                QCOMPARE(m.captured(2).contains(u"eclipse"_s), n % 3 == 0);
                order.append(m.captured(1));
            }
        }
        QStringList expected;
        for (quint64 id : shown)
            expected.append(QString::number(id));
        QCOMPARE(order, expected);
    }

    void cancelLeavesTheOldFile()
    {
        const QString target = m_dir.filePath(u"kept.csv"_s);
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents\n");
        old.close();
        ExportRequest request;
        request.target = target;
        request.ids = std::vector<quint64>(m_ids.begin(), m_ids.end());
        int calls = 0;
        const auto result
            = ts::ui::exportCollection(m_collection, request, [&](qint64, qint64) { return ++calls < 2; });
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QCOMPARE(calls, 2); // stopped after the first chunk
        QCOMPARE(readAll(target), QByteArray("old contents\n"));
    }

    void unwritableTargetIsAnError()
    {
        ExportRequest request;
        request.kind = ExportKind::Jsonl;
        request.target = m_dir.filePath(u"no/such/dir/x.jsonl"_s);
        request.ids = std::vector<quint64> { m_ids.first() };
        const auto result = ts::ui::exportCollection(m_collection, request);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(u"x.jsonl"_s), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestExportRunner)
#include "tst_exportrunner.moc"
