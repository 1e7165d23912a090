// SPDX-License-Identifier: MIT
// bench_bluesky: ts::TweetParser on app.bsky.feed.searchPosts pages (100 postViews each, rendered
// by the local archive from synthetic tweets with facets, replies and quotes), bytes already in
// memory, full Tweet extraction; next to Python's json.loads + field extraction on the same
// bytes in the same run (python_bluesky.py). Posts per CPU-second.
//
// usage: bench_bluesky [--seconds S] [--pages N] [--no-python]
#include "archive/service/blueskyapi.h"
#include "tweet/tweetparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>

#include <cstdio>
#include <ctime>

namespace {

double cpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

QList<QByteArray> makePages(int pages)
{
    QList<QByteArray> out;
    const QStringList words { QStringLiteral("eclipse"), QStringLiteral("tonight"), QStringLiteral("cats"),
        QStringLiteral("the"), QStringLiteral("news"), QStringLiteral("日食"), QStringLiteral("🌒"),
        QStringLiteral("crossing"), QStringLiteral("zebra"), QStringLiteral("memes") };
    qint64 ms = 1790000000000LL;
    int n = 0;
    for (int p = 0; p < pages; ++p) {
        QList<ts::archive::StoredTweet> tweets;
        for (int i = 0; i < 100; ++i, ++n) {
            ts::Tweet t;
            ms -= 997;
            t.createdAtMs = ms;
            t.id = QString::number(((ms - 1288834974657LL) << 22) + (n % 4096));
            t.authorId = QString::number(1000 + n % 5000);
            t.authorUsername = QStringLiteral("user_%1").arg(n % 5000);
            t.authorName = QStringLiteral("User %1").arg(n % 5000);
            t.lang = n % 7 == 0 ? QStringLiteral("ja") : QStringLiteral("en");
            QString text;
            for (int w = 0; w < 12; ++w)
                text += words[(n * 7 + w * 3) % words.size()] + u' ';
            if (n % 3 == 0) {
                text += QStringLiteral("#Daily ");
                t.hashtags << QStringLiteral("Daily");
            }
            if (n % 4 == 0) {
                text += QStringLiteral("@friend_%1 ").arg(n % 50);
                t.mentions << QStringLiteral("friend_%1").arg(n % 50);
            }
            if (n % 5 == 0) {
                text += QStringLiteral("https://example.com/p/%1").arg(n);
                t.urls << QStringLiteral("https://example.com/p/%1").arg(n);
            }
            t.text = text.trimmed();
            if (n % 6 == 1) {
                t.type = ts::TweetType::Reply;
                t.inReplyToStatusId = QString::number(((ms - 5000 - 1288834974657LL) << 22));
                t.inReplyToUserId = QString::number(1000 + (n + 1) % 5000);
            } else if (n % 6 == 2) {
                t.type = ts::TweetType::Quote;
                t.quotedId = QString::number(((ms - 9000 - 1288834974657LL) << 22));
                t.quotedText = QStringLiteral("the quoted words");
            }
            t.likeCount = n % 97;
            t.retweetCount = n % 13;
            t.replyCount = n % 5;
            t.quoteCount = n % 3;
            tweets.append(ts::archive::StoredTweet { t, ts::TweetFormat::V2 });
        }
        QByteArray page = ts::archive::bluesky::renderSearchPosts(tweets, QStringLiteral("cursor%1").arg(p));
        page.reserve(page.size() + ts::TweetParser::padding);
        out.append(page);
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("CPU seconds per measurement"),
        QStringLiteral("S"), QStringLiteral("3"));
    const QCommandLineOption pagesOpt(
        QStringLiteral("pages"), QStringLiteral("pages of 100 posts"), QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption noPython(QStringLiteral("no-python"), QStringLiteral("skip the Python baseline"));
    parser.addOptions({ seconds, pagesOpt, noPython });
    parser.process(app);
    const double budget = parser.value(seconds).toDouble();
    const QList<QByteArray> pages = makePages(parser.value(pagesOpt).toInt());
    qint64 bytes = 0;
    for (const QByteArray &p : pages)
        bytes += p.size();

    ts::TweetParser tp;
    qint64 posts = 0;
    for (const QByteArray &p : pages) // warm up, and check
        posts += tp.parseInPlace(p).document->tweets.size();
    if (posts != qint64(pages.size()) * 100) {
        std::fprintf(stderr, "bench_bluesky: parsed %lld posts of %lld\n", posts, qint64(pages.size()) * 100);
        return 1;
    }
    posts = 0;
    qint64 passes = 0;
    const double start = cpuSeconds();
    double used = 0;
    while (used < budget) {
        for (const QByteArray &p : pages) {
            const ts::ParseResult r = tp.parseInPlace(p);
            posts += r.document->tweets.size();
        }
        ++passes;
        used = cpuSeconds() - start;
    }
    const double ours = double(posts) / used;
    std::printf("parse bluesky pages: %.0f posts per CPU-second, %.1f MB/s (%lld pages of 100, %.1f MB, %lld passes)\n",
        ours, double(bytes) * double(passes) / used / 1e6, qint64(pages.size()), double(bytes) / 1e6, passes);
    if (parser.isSet(noPython))
        return 0;

    QTemporaryFile file;
    if (!file.open())
        return 1;
    for (const QByteArray &p : pages)
        file.write(p + '\n');
    file.flush();
    QProcess py;
    py.start(QStringLiteral("python3"),
        { QStringLiteral(TS_BENCH_DIR "/python_bluesky.py"), parser.value(seconds), file.fileName() });
    if (!py.waitForFinished(600000) || py.exitCode() != 0) {
        std::fprintf(stderr, "bench_bluesky: python baseline failed: %s\n", py.readAllStandardError().constData());
        return 1;
    }
    const QJsonObject o = QJsonDocument::fromJson(py.readAllStandardOutput()).object();
    const double theirs = o.value(QStringLiteral("posts_per_cpu_second")).toDouble();
    std::printf("python json.loads baseline: %.0f posts per CPU-second\nratio: %.1fx\n", theirs,
        theirs > 0 ? ours / theirs : 0.0);
    return 0;
}
