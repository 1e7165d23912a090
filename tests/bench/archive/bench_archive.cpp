// SPDX-License-Identifier: MIT
// Archive benchmarks (run by hand; figures in docs/benchmarks.md):
//   bench_archive search --db FILE [--pages N]   100-tweet v2 pages of the sample set's typical queries:
//                                                store time, and store + JSON body (what the service does)
//   bench_archive import --db FILE --from FILE [--tweets N] [--jsonl FILE] [--serial-index]
//                                                JSONL (v2 pages, newest first as twarc writes them, made
//                                                from FILE's tweets) -> new archive
// The 1M-tweet generation itself is timed with `tweetscope-archive generate` (see the doc).
#include "archive/archivestore.h"
#include "archive/importer.h"
#include "archive/service/v2renderer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <malloc.h>

using namespace ts;
using namespace ts::archive;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

QString arg(const QStringList &args, const QString &name, const QString &fallback = {})
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

int benchSearch(const QStringList &args)
{
    ArchiveStore store;
    QString error;
    if (!store.open(arg(args, QStringLiteral("--db")), &error, true)) {
        out() << error << Qt::endl;
        return 1;
    }
    const int pagesPerQuery = arg(args, QStringLiteral("--pages"), QStringLiteral("20")).toInt();
    const auto span = store.timeSpan();
    out() << "archive: " << store.tweetCount() << " tweets" << Qt::endl;
    // The seed notebook's queries, and the operator mixes the sample queries file uses.
    const QStringList queries {
        QStringLiteral("eclipse"),
        QStringLiteral("nuclear"),
        QStringLiteral("korea"),
        QStringLiteral("cats"),
        QStringLiteral("ai"),
        QStringLiteral("memes"),
        QStringLiteral("\"just bought a house\""),
        QStringLiteral("(cats OR memes) -is:retweet lang:en"),
        QStringLiteral("#AI has:links"),
        QStringLiteral("eclipse has:images"),
        QStringLiteral("nuclear OR korea OR eclipse"),
        QStringLiteral("cats has:geo"),
        QStringLiteral("ai -is:retweet -is:reply"),
    };
    struct Window
    {
        const char *name;
        std::optional<qint64> start, end;
    };
    std::vector<Window> windows { { "whole archive", std::nullopt, std::nullopt } };
    if (span)
        windows.push_back({ "last 7 days", span->second - 7 * 86400000LL, span->second + 1 });
    // What the app asks for (core/search/searchprovider.cpp): every field the Tweet type has,
    // authors, referenced tweets, media and places.
    auto set = [](const char *list) {
        QSet<QString> s;
        for (const QString &f : QString::fromLatin1(list).split(u','))
            s.insert(f);
        return s;
    };
    V2Fields fields;
    fields.tweetFields = set("attachments,author_id,conversation_id,created_at,entities,geo,id,in_reply_to_user_id,"
                             "lang,note_tweet,public_metrics,referenced_tweets,source,text");
    fields.expansions = set("author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys,"
                            "geo.place_id");
    fields.userFields = set("created_at,description,id,location,name,public_metrics,username,verified");
    std::vector<double> all, allWithBody;
    qint64 bodyBytes = 0;
    for (const Window &w : windows) {
        out() << "\n"
              << w.name
              << ": query | pages | tweets | store p50 ms | p99 ms | max ms | store + v2 JSON p50 ms | p99 ms | max ms"
              << Qt::endl;
        for (const QString &q : queries) {
            std::vector<double> times, withBody;
            qint64 tweets = 0;
            SearchParams p;
            p.query = q;
            p.maxResults = 100;
            p.startMs = w.start;
            p.endMs = w.end;
            // Several passes over the first pages, as many clients (and the GUI) ask for them.
            for (int pass = 0; pass < 3; ++pass) {
                p.pageToken.clear();
                for (int page = 0; page < pagesPerQuery; ++page) {
                    QElapsedTimer t;
                    t.start();
                    auto r = store.search(p);
                    const double ms = double(t.nsecsElapsed()) / 1e6;
                    if (!std::holds_alternative<SearchPage>(r)) {
                        out() << "error for " << q << Qt::endl;
                        return 1;
                    }
                    const SearchPage &sp = std::get<SearchPage>(r);
                    const QByteArray body = v2::renderSearchPage(sp.tweets, fields, sp.nextToken);
                    const double msWithBody = double(t.nsecsElapsed()) / 1e6;
                    bodyBytes += body.size();
                    times.push_back(ms);
                    all.push_back(ms);
                    withBody.push_back(msWithBody);
                    allWithBody.push_back(msWithBody);
                    tweets += sp.tweets.size();
                    if (sp.nextToken.isEmpty())
                        break;
                    p.pageToken = sp.nextToken;
                }
            }
            out() << "  " << q << " | " << times.size() << " | " << tweets << " | "
                  << QString::number(percentile(times, 0.5), 'f', 2) << " | "
                  << QString::number(percentile(times, 0.99), 'f', 2) << " | "
                  << QString::number(*std::max_element(times.begin(), times.end()), 'f', 2) << " | "
                  << QString::number(percentile(withBody, 0.5), 'f', 2) << " | "
                  << QString::number(percentile(withBody, 0.99), 'f', 2) << " | "
                  << QString::number(*std::max_element(withBody.begin(), withBody.end()), 'f', 2) << Qt::endl;
        }
    }
    out() << "\nall pages: " << all.size() << "; store only: p50 " << QString::number(percentile(all, 0.5), 'f', 2)
          << " ms, p99 " << QString::number(percentile(all, 0.99), 'f', 2) << " ms; store + v2 JSON body: p50 "
          << QString::number(percentile(allWithBody, 0.5), 'f', 2) << " ms, p99 "
          << QString::number(percentile(allWithBody, 0.99), 'f', 2) << " ms (mean body "
          << bodyBytes / qint64(std::max<size_t>(1, allWithBody.size())) / 1024 << " KiB)" << Qt::endl;
    return 0;
}

/// A v2 page line (data + includes.users), the shape twarc writes.
QByteArray v2Page(const QList<StoredTweet> &tweets)
{
    QJsonArray data, users;
    QSet<QString> seen;
    for (const StoredTweet &s : tweets) {
        const Tweet &t = s.tweet;
        QJsonObject o { { u"id"_qs, t.id }, { u"text"_qs, t.text }, { u"author_id"_qs, t.authorId },
            { u"created_at"_qs, QDateTime::fromMSecsSinceEpoch(t.createdAtMs, Qt::UTC).toString(Qt::ISODateWithMs) },
            { u"lang"_qs, t.lang }, { u"conversation_id"_qs, t.conversationId },
            { u"public_metrics"_qs,
                QJsonObject { { u"like_count"_qs, t.likeCount }, { u"retweet_count"_qs, t.retweetCount },
                    { u"reply_count"_qs, t.replyCount }, { u"quote_count"_qs, t.quoteCount } } } };
        QJsonObject entities;
        if (!t.hashtags.isEmpty()) {
            QJsonArray a;
            for (const QString &h : t.hashtags)
                a.append(QJsonObject { { u"tag"_qs, h } });
            entities[u"hashtags"_qs] = a;
        }
        if (!t.mentions.isEmpty()) {
            QJsonArray a;
            for (const QString &m : t.mentions)
                a.append(QJsonObject { { u"username"_qs, m } });
            entities[u"mentions"_qs] = a;
        }
        if (!entities.isEmpty())
            o[u"entities"_qs] = entities;
        data.append(o);
        if (!seen.contains(t.authorId)) {
            seen.insert(t.authorId);
            users.append(QJsonObject {
                { u"id"_qs, t.authorId }, { u"username"_qs, t.authorUsername }, { u"name"_qs, t.authorName } });
        }
    }
    QJsonObject page { { u"data"_qs, data }, { u"includes"_qs, QJsonObject { { u"users"_qs, users } } },
        { u"meta"_qs, QJsonObject { { u"result_count"_qs, data.size() } } } };
    return QJsonDocument(page).toJson(QJsonDocument::Compact);
}

int benchImport(const QStringList &args)
{
    const QString jsonl = arg(args, QStringLiteral("--jsonl"), QStringLiteral("/tmp/bench_import.jsonl"));
    const qint64 limit = arg(args, QStringLiteral("--tweets"), QStringLiteral("200000")).toLongLong();
    if (!QFile::exists(jsonl)) {
        ArchiveStore from;
        QString error;
        if (!from.open(arg(args, QStringLiteral("--from")), &error, true)) {
            out() << "--from: " << error << Qt::endl;
            return 1;
        }
        QFile f(jsonl);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        // Newest first, within and across pages, as the search API answers and twarc writes
        // (the archive is read oldest first: pages are reversed, then their order).
        QList<StoredTweet> page;
        QList<QByteArray> lines;
        qint64 n = 0;
        auto flush = [&] {
            std::reverse(page.begin(), page.end());
            lines.append(v2Page(page) + '\n');
            page.clear();
        };
        from.forEachTweet([&](const StoredTweet &s) {
            page.append(s);
            if (page.size() == 100)
                flush();
            return ++n < limit;
        });
        if (!page.isEmpty())
            flush();
        for (auto it = lines.crbegin(); it != lines.crend(); ++it)
            f.write(*it);
        out() << "wrote " << n << " tweets as v2 pages to " << jsonl << " (" << f.size() / 1000000 << " MB)"
              << Qt::endl;
    }
    const QString db = arg(args, QStringLiteral("--db"));
    QFile::remove(db);
    QFile::remove(db + QStringLiteral("-wal"));
    QFile::remove(db + QStringLiteral("-shm"));
    ArchiveStore store;
    QString error;
    if (!store.open(db, &error)) {
        out() << error << Qt::endl;
        return 1;
    }
    // --serial-index: the full-text index written by the store's thread too (as before the
    // parallel build), for a comparison in the same run.
    store.setParallelIndexing(!args.contains(QStringLiteral("--serial-index")));
    Importer importer(store);
    QElapsedTimer t;
    t.start();
    if (!importer.importFile(jsonl, &error) || !importer.finish(&error)) {
        out() << error << Qt::endl;
        return 1;
    }
    const double s = double(t.nsecsElapsed()) / 1e9;
    const ImportStats &st = importer.stats();
    out() << "imported " << st.inserted << " of " << st.read << " tweets (" << st.badLines << " bad lines) in "
          << QString::number(s, 'f', 2) << " s: " << QString::number(double(st.read) / s, 'f', 0) << " tweets/s"
          << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    // As tweetscope-archive import and generate do.
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString mode = args.value(1);
    // Every option takes a value but --serial-index; anything else (--help too) gets the usage.
    bool known = true;
    for (qsizetype i = 2; i < args.size(); ++i) {
        static const QStringList withValue = { QStringLiteral("--db"), QStringLiteral("--pages"),
            QStringLiteral("--from"), QStringLiteral("--tweets"), QStringLiteral("--jsonl") };
        if (withValue.contains(args[i]) && i + 1 < args.size())
            ++i;
        else if (args[i] != QLatin1String("--serial-index"))
            known = false;
    }
    const bool hasDb = args.contains(QStringLiteral("--db"));
    if (known && hasDb && mode == QLatin1String("search"))
        return benchSearch(args);
    if (known && hasDb && mode == QLatin1String("import"))
        return benchImport(args);
    std::fputs("usage: bench_archive search --db FILE [--pages N] | import --db NEW --from FILE [--tweets N] "
               "[--jsonl FILE] [--serial-index]\n",
        stderr);
    return 2;
}
