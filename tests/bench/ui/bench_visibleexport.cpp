// SPDX-License-Identifier: MIT
// Export of a table's visible rows, streamed from the collection by id in view order, beside
// the whole collection streamed in storage order: time, tweets per second, and the peak
// heap each export adds (RssAnon, sampled at every progress call, after malloc_trim: the
// collection's mapped pages are file cache, not the export's memory).
// Usage: bench_visibleexport [N=200000]
#include "search/collection.h"
#include "ui/exportrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#include <malloc.h>

using namespace Qt::StringLiterals;

namespace {

qint64 statusKb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? QByteArray(argv[1]).toInt() : 200000;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"bench.sqlite"_s);
    std::vector<quint64> ids;
    {
        ts::search::Collection collection;
        QString error;
        if (!collection.open(path, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const qint64 run = collection.beginRun(ts::search::RunMode::Sequential, u"local"_s,
            u"http://127.0.0.1:1/2/tweets/search/recent"_s, { u"eclipse"_s }, {}, &error);
        QRandomGenerator rng(7);
        QList<ts::Tweet> page;
        for (int i = 0; i < n; ++i) {
            ts::Tweet t;
            const quint64 id = 1800000000000000000ull + quint64(i) * 7919;
            t.id = QString::number(id);
            t.createdAtMs = 1700000000000 + qint64(i) * 1000;
            t.text = u"tweet %1 watching the eclipse tonight with everyone, clouds permitting #eclipse"_s.arg(i);
            t.authorId = QString::number(rng.bounded(50000));
            t.authorUsername = u"user"_s + t.authorId;
            t.lang = u"en"_s;
            t.likeCount = rng.bounded(1000);
            t.hashtags = { u"eclipse"_s };
            // About the size of a real v2 tweet object with entities and metrics.
            QJsonObject raw { { u"id"_s, t.id }, { u"text"_s, t.text }, { u"author_id"_s, t.authorId },
                { u"lang"_s, t.lang }, { u"created_at"_s, u"2023-11-14T22:13:20.000Z"_s },
                { u"public_metrics"_s, QJsonObject { { u"like_count"_s, t.likeCount } } },
                { u"padding"_s, QString(600, u'x') } };
            t.rawJson = QJsonDocument(raw).toJson(QJsonDocument::Compact);
            page.append(t);
            ids.push_back(id);
            if (page.size() == 500 || i == n - 1) {
                if (!collection.writePage(run, 0, i / 500, page, QString(), false, &error)) {
                    std::fprintf(stderr, "%s\n", qPrintable(error));
                    return 1;
                }
                page.clear();
            }
        }
    }
    // A sorted table's order: unrelated to the storage order.
    std::shuffle(ids.begin(), ids.end(), *QRandomGenerator::global());
    std::printf("collection: %d tweets, %.0f MB\n", n, QFile(path).size() / 1e6);

    struct Case
    {
        const char *label;
        ts::ui::ExportKind kind;
        bool visible;
    };
    const Case cases[] = {
        { "CSV, whole collection (storage order)", ts::ui::ExportKind::Csv, false },
        { "CSV, visible rows (view order, by id)", ts::ui::ExportKind::Csv, true },
        { "JSONL, whole collection (storage order)", ts::ui::ExportKind::Jsonl, false },
        { "JSONL, visible rows (view order, by id)", ts::ui::ExportKind::Jsonl, true },
    };
    double wholeMs = 0;
    for (const Case &c : cases) {
        ts::ui::ExportRequest request;
        request.kind = c.kind;
        request.target = dir.filePath(u"out"_s);
        if (c.visible)
            request.ids = ids;
        malloc_trim(0);
        const qint64 anonBefore = statusKb("RssAnon:");
        qint64 anonPeak = anonBefore;
        QElapsedTimer timer;
        timer.start();
        const auto result = ts::ui::exportCollection(path, request, [&](qint64, qint64) {
            anonPeak = std::max(anonPeak, statusKb("RssAnon:"));
            return true;
        });
        const double ms = timer.nsecsElapsed() / 1e6;
        const qint64 peak = anonPeak - anonBefore;
        if (!result.ok) {
            std::fprintf(stderr, "%s: %s\n", c.label, qPrintable(result.error));
            return 1;
        }
        if (!c.visible)
            wholeMs = ms;
        std::printf("%-42s %6.0f ms, %7.0f tweets/s, peak heap +%.1f MB%s\n", c.label, ms, result.tweets / ms * 1000,
            peak / 1024.0,
            c.visible ? qPrintable(u" (%1x the whole export's time)"_s.arg(ms / wholeMs, 0, 'f', 2)) : "");
    }
    return 0;
}
