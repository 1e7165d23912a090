// SPDX-License-Identifier: MIT
#include "windowhint.h"

#include "archive/archivestore.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

namespace ts::cli {

namespace {

constexpr qint64 DayMs = 86400000LL;

QString day(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd"));
}

} // namespace

QStringList timeWindowHints(const QString &archivePath, const QStringList &emptyQueries, int maxQueries)
{
    QStringList hints;
    if (emptyQueries.isEmpty())
        return hints;
    ts::archive::ArchiveStore store;
    QString error;
    if (!store.open(archivePath, &error, true))
        return hints;
    const auto span = store.timeSpan();
    if (!span)
        return hints;
    const qint64 from = span->first - span->first % DayMs;
    const qint64 to = span->second - span->second % DayMs + DayMs;
    for (const QString &query : emptyQueries.mid(0, maxQueries)) {
        const auto counted = store.counts(query, 4096, from, to, ts::archive::Granularity::Day);
        const auto *buckets = std::get_if<QList<ts::archive::CountBucket>>(&counted);
        if (!buckets)
            continue;
        qint64 total = 0, first = 0, last = 0;
        for (const ts::archive::CountBucket &b : *buckets) {
            if (b.count <= 0)
                continue;
            if (total == 0 || b.startMs < first)
                first = b.startMs;
            last = std::max(last, b.endMs);
            total += b.count;
        }
        if (total == 0)
            continue;
        hints.append(QStringLiteral("hint: '%1' found nothing in the default window (the last 30 days), but the "
                                    "archive holds %2 matching %3 from %4 to %5 (UTC): add --start-time %4 "
                                    "--end-time %6")
                         .arg(query, QLocale::c().toString(total),
                             total == 1 ? QStringLiteral("tweet") : QStringLiteral("tweets"), day(first),
                             day(last - DayMs), day(last)));
    }
    return hints;
}

} // namespace ts::cli
