// SPDX-License-Identifier: MIT
// X account archive import benchmark (run by hand; figures in docs/benchmarks.md):
//   bench_accountarchive generate --zip FILE [--tweets N] [--part N]
//       writes an account archive ZIP in X's shape (docs/x-account-archive.md): N tweets
//       (default 200,000) pretty-printed as X writes them, split into tweets.js,
//       tweets-part1.js, ... of --part tweets each (default 50,000), account.js, a like.js of
//       1,000 likes and a direct-messages.js
//   bench_accountarchive import --zip FILE --db FILE
//       imports it into a new archive as tweetscope-archive import does; prints the wall time,
//       tweets per second and the process's peak RSS
#include "archive/archivestore.h"
#include "archive/importer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimeZone>

#include <archive.h>
#include <archive_entry.h>
#include <sys/resource.h>

using namespace ts::archive;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QString arg(const QStringList &args, const QString &name, const QString &fallback = {})
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

QByteArray tweetElement(qint64 i)
{
    const qint64 ms = 1500000000000LL + i * 60000;
    const qint64 id = ((ms - 1288834974657LL) << 22) | (i & 0xfff);
    const QString created = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
                                .toString(QStringLiteral("ddd MMM dd HH:mm:ss +0000 yyyy"));
    const bool reply = i % 5 == 1, retweet = i % 7 == 2;
    const QString text = retweet
        ? QStringLiteral("RT @friend%1: the original words of tweet %2 #bench").arg(i % 97).arg(i)
        : QStringLiteral("my own tweet number %1 about things that happen, with a #bench tag "
                         "and a link https://t.co/abc%2")
              .arg(i)
              .arg(i % 1000);
    QString extra;
    if (reply)
        extra = QStringLiteral("      \"in_reply_to_status_id_str\" : \"%1\",\n      \"in_reply_to_user_id_str\" : "
                               "\"732980797985148928\",\n      \"in_reply_to_screen_name\" : \"someone\",\n")
                    .arg(id - 12345);
    return QStringLiteral(
        "  {\n    \"tweet\" : {\n      \"edit_info\" : { \"initial\" : { \"editTweetIds\" : [ \"%1\" ], "
        "\"editsRemaining\" : \"5\", \"isEditEligible\" : false } },\n"
        "      \"retweeted\" : false,\n"
        "      \"source\" : \"<a href=\\\"https://mobile.twitter.com\\\" rel=\\\"nofollow\\\">Twitter "
        "Web App</a>\",\n"
        "      \"entities\" : {\n        \"hashtags\" : [ { \"text\" : \"bench\", \"indices\" : [ "
        "\"40\", \"46\" ] } ],\n        \"symbols\" : [ ],\n        \"user_mentions\" : [ ],\n"
        "        \"urls\" : [ { \"url\" : \"https://t.co/abc\", \"expanded_url\" : "
        "\"https://example.org/page\", \"display_url\" : \"example.org/page\", \"indices\" : [ \"60\", "
        "\"83\" ] } ]\n      },\n"
        "      \"display_text_range\" : [ \"0\", \"83\" ],\n"
        "      \"favorite_count\" : \"%2\",\n      \"id_str\" : \"%1\",\n      \"truncated\" : false,\n"
        "      \"retweet_count\" : \"%3\",\n      \"id\" : \"%1\",\n%4"
        "      \"created_at\" : \"%5\",\n      \"favorited\" : false,\n"
        "      \"full_text\" : \"%6\",\n      \"lang\" : \"en\"\n    }\n  }")
        .arg(id)
        .arg(i % 50)
        .arg(i % 9)
        .arg(extra, created, text)
        .toUtf8();
}

bool addEntry(struct archive *a, const QString &name, const QByteArray &data)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name.toUtf8().constData());
    archive_entry_set_size(e, data.size());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    const bool ok = archive_write_header(a, e) == ARCHIVE_OK
        && archive_write_data(a, data.constData(), size_t(data.size())) == la_ssize_t(data.size());
    archive_entry_free(e);
    return ok;
}

int generate(const QStringList &args)
{
    const QString zip = arg(args, QStringLiteral("--zip"));
    const qint64 tweets = arg(args, QStringLiteral("--tweets"), QStringLiteral("200000")).toLongLong();
    const qint64 perPart
        = std::max<qint64>(1, arg(args, QStringLiteral("--part"), QStringLiteral("50000")).toLongLong());
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    bool ok = !zip.isEmpty() && archive_write_open_filename(a, QFile::encodeName(zip).constData()) == ARCHIVE_OK;
    ok = ok
        && addEntry(a, QStringLiteral("data/account.js"),
            "window.YTD.account.part0 = [\n  {\n    \"account\" : {\n      \"username\" : \"benchowner\",\n"
            "      \"accountId\" : \"322603863\",\n      \"accountDisplayName\" : \"Bench Owner\"\n    }\n  }\n]");
    for (qint64 part = 0; ok && part * perPart < tweets; ++part) {
        QByteArray js = "window.YTD.tweets.part" + QByteArray::number(part) + " = [\n";
        const qint64 end = std::min(tweets, (part + 1) * perPart);
        for (qint64 i = part * perPart; i < end; ++i)
            js += tweetElement(i) + (i + 1 < end ? ",\n" : "\n");
        js += "]";
        ok = addEntry(
            a, part == 0 ? QStringLiteral("data/tweets.js") : QStringLiteral("data/tweets-part%1.js").arg(part), js);
    }
    QByteArray likes = "window.YTD.like.part0 = [\n";
    for (int i = 0; i < 1000; ++i)
        likes += QStringLiteral(
            "%1  {\n    \"like\" : {\n      \"tweetId\" : \"%2\",\n      \"fullText\" : \"liked %2\"\n    }\n  }")
                     .arg(i ? QStringLiteral(",\n") : QString())
                     .arg(1600000000000000000LL + i)
                     .toUtf8();
    likes += "\n]";
    ok = ok && addEntry(a, QStringLiteral("data/like.js"), likes)
        && addEntry(a, QStringLiteral("data/direct-messages.js"), "window.YTD.direct_messages.part0 = [ ]");
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    if (!ok) {
        out() << "cannot write " << zip << Qt::endl;
        return 1;
    }
    out() << "wrote " << zip << ": " << tweets << " tweets, " << QFile(zip).size() << " bytes" << Qt::endl;
    return 0;
}

int import(const QStringList &args)
{
    const QString db = arg(args, QStringLiteral("--db"));
    QFile::remove(db);
    ArchiveStore store;
    QString error;
    if (!store.open(db, &error)) {
        out() << error << Qt::endl;
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    Importer importer(store);
    qint64 problems = 0;
    importer.setProblemHandler([&](const QString &) { ++problems; });
    if (!importer.importFile(arg(args, QStringLiteral("--zip")), &error) || !importer.finish(&error)) {
        out() << error << Qt::endl;
        return 1;
    }
    const double s = double(timer.nsecsElapsed()) / 1e9;
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    for (const QString &note : importer.notes())
        out() << note << Qt::endl;
    out() << QStringLiteral("%1 tweets inserted (%2 problems) in %3 s: %4 tweets/s, peak RSS %5 MB")
                 .arg(importer.stats().inserted)
                 .arg(problems)
                 .arg(s, 0, 'f', 2)
                 .arg(double(importer.stats().inserted) / s, 0, 'f', 0)
                 .arg(double(usage.ru_maxrss) / 1024.0, 0, 'f', 0)
          << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 2 && args.at(1) == QLatin1String("generate"))
        return generate(args);
    if (args.size() >= 2 && args.at(1) == QLatin1String("import"))
        return import(args);
    out() << "usage: bench_accountarchive generate --zip FILE [--tweets N] [--part N] | import --zip FILE --db FILE"
          << Qt::endl;
    return 2;
}
