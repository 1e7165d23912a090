// SPDX-License-Identifier: MIT
// bench_parse: throughput of ts::TweetParser on the real fixtures, bytes already in memory,
// full Tweet extraction (includes resolved), next to Python's json.loads + author resolution
// measured in the same run (python_baseline.py). Also normalizedJson and JsonlReader.
//
// usage: bench_parse [--seconds S] [--rounds N] [--cpu N] [--fixtures DIR] [--no-python]
#include "tweet/jsonlreader.h"
#include "tweet/normalizedjson.h"
#include "tweet/tweetparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sched.h>
#include <vector>

namespace {

struct Input
{
    QList<QByteArray> lines;
    qint64 bytes = 0;
    QStringList files;
};

Input load(const QStringList &files)
{
    Input in;
    for (const QString &f : files) {
        ts::JsonlReader reader;
        if (!reader.open(f)) {
            std::fprintf(stderr, "bench_parse: %s\n", qPrintable(reader.errorString()));
            continue;
        }
        in.files.append(f);
        ts::JsonlReader::Line line;
        ts::TweetParser probe;
        while (reader.next(line)) {
            if (!probe.parse(line.text).ok())
                continue; // the truncated stream line, the counts page: not tweets
            QByteArray padded; // with TweetParser::padding spare bytes, for parseInPlace()
            padded.reserve(line.text.size() + ts::TweetParser::padding);
            padded.append(line.text);
            in.lines.append(padded);
            in.bytes += line.text.size();
        }
    }
    return in;
}

struct Rate
{
    double tweetsPerS = 0; ///< wall clock
    double mbPerS = 0;
    double tweetsPerCpuS = 0; ///< per second of this process's CPU time: what load changes least
};

double cpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

template <typename F> Rate measure(const Input &in, double seconds, F &&onePass)
{
    onePass(); // warm up: allocations, caches
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuSeconds();
    qint64 tweets = 0, passes = 0;
    double elapsed = 0;
    do {
        tweets += onePass();
        ++passes;
        elapsed = double(t.nsecsElapsed()) / 1e9;
    } while (elapsed < seconds);
    const double cpu = cpuSeconds() - cpu0;
    return { double(tweets) / elapsed, double(in.bytes) * double(passes) / elapsed / 1e6,
        cpu > 0 ? double(tweets) / cpu : 0 };
}

// The ratio to Python is per CPU-second (both sides' own CPU time, so load matters little).
void row(const char *what, const Rate &r, const Rate *python)
{
    char ratio[16] = "";
    if (python && python->tweetsPerCpuS > 0)
        std::snprintf(ratio, sizeof ratio, "%6.1fx", r.tweetsPerCpuS / python->tweetsPerCpuS);
    std::printf("| %-44s | %9.0f | %9.0f | %7.0f | %7s |\n", what, r.tweetsPerS, r.tweetsPerCpuS, r.mbPerS, ratio);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The machine's speed drifts by a quarter over minutes, and the table above measures Python
// once, after everything else. Here the two alternate, a few seconds apart, and the ratio of
// each round is reported with their median.
template <typename MakePass>
int alternatedRounds(const Input &v2, int rounds, double seconds, MakePass &&parseAll, const QString &script,
    const QString &v2File, const QString &v1File)
{
    QProcess py;
    py.start(QStringLiteral("python3"), { script, QStringLiteral("--serve"), v2File, QStringLiteral("--"), v1File });
    if (!py.waitForStarted(30'000)) {
        std::fprintf(stderr, "bench_parse: python3 did not start\n");
        return 2;
    }
    std::printf("\nAlternated rounds on the v2 pages, %.1f s each (tweets per CPU-second):\n\n", seconds);
    std::printf("| round | TweetParser | parseInPlace |  Python | ratio | in place |\n");
    std::printf("|-------|-------------|--------------|---------|-------|----------|\n");
    std::vector<double> ratios, inPlaceRatios;
    for (int i = 1; i <= rounds; ++i) {
        const Rate copy = measure(v2, seconds, parseAll(v2));
        const Rate inPlace = measure(v2, seconds, parseAll(v2, true));
        py.write(QByteArray("v2 ") + QByteArray::number(seconds) + '\n');
        while (!py.canReadLine()) {
            if (!py.waitForReadyRead(120'000)) {
                std::fprintf(
                    stderr, "bench_parse: python baseline failed: %s\n", py.readAllStandardError().constData());
                return 2;
            }
        }
        const double python
            = QJsonDocument::fromJson(py.readLine()).object().value(QStringLiteral("tweets_per_cpu_s")).toDouble();
        if (python <= 0)
            return 2;
        ratios.push_back(copy.tweetsPerCpuS / python);
        inPlaceRatios.push_back(inPlace.tweetsPerCpuS / python);
        std::printf("| %5d | %11.0f | %12.0f | %7.0f | %4.1fx | %7.1fx |\n", i, copy.tweetsPerCpuS,
            inPlace.tweetsPerCpuS, python, ratios.back(), inPlaceRatios.back());
    }
    py.closeWriteChannel();
    py.waitForFinished(30'000);
    const auto [lo, hi] = std::minmax_element(ratios.begin(), ratios.end());
    const auto [loIn, hiIn] = std::minmax_element(inPlaceRatios.begin(), inPlaceRatios.end());
    std::printf("\nTweetParser / Python: median %.2fx (%.2f-%.2fx); parseInPlace: median %.2fx (%.2f-%.2fx)\n",
        median(ratios), *lo, *hi, median(inPlaceRatios), *loIn, *hiIn);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addHelpOption();
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Seconds per measurement."),
        QStringLiteral("S"), QStringLiteral("3"));
    const QCommandLineOption fixturesOpt(QStringLiteral("fixtures"),
        QStringLiteral("The folder with the real payloads (tests/data/fixtures)."), QStringLiteral("DIR"),
        QStringLiteral(TS_FIXTURES_DIR));
    const QCommandLineOption noPython(QStringLiteral("no-python"), QStringLiteral("Skip the Python baseline."));
    const QCommandLineOption onlyV2(
        QStringLiteral("only-v2"), QStringLiteral("Only parse the v2 pages, for S seconds (for profiling)."));
    const QCommandLineOption inPlaceOpt(
        QStringLiteral("in-place"), QStringLiteral("With --passes: parseInPlace() instead of parse()."));
    const QCommandLineOption roundsOpt(QStringLiteral("rounds"),
        QStringLiteral("Then N rounds of TweetParser and Python alternated on the v2 pages, S/2 seconds each, "
                       "for the ratio on a machine whose speed drifts (0: none)."),
        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption cpuOpt(QStringLiteral("cpu"),
        QStringLiteral("Run on this CPU only, Python too (default: the CPU it starts on; -1: any). The two "
                       "cores of a VM can differ in speed by a third, so a ratio is only fair on one core."),
        QStringLiteral("N"));
    const QCommandLineOption passesOpt(QStringLiteral("passes"),
        QStringLiteral("Only parse the v2 pages, exactly N times, and print CPU time (for callgrind)."),
        QStringLiteral("N"));
    cli.addOptions({ secondsOpt, fixturesOpt, noPython, onlyV2, passesOpt, inPlaceOpt, roundsOpt, cpuOpt });
    cli.process(app);
    const double seconds = cli.value(secondsOpt).toDouble();
    const int cpu = cli.isSet(cpuOpt) ? cli.value(cpuOpt).toInt() : sched_getcpu();
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) { // inherited by the Python baseline
            std::fprintf(stderr, "bench_parse: cannot run on CPU %d\n", cpu);
            return 2;
        }
    }
    const QString fixtures = cli.value(fixturesOpt) + u'/';

    QStringList v2Files;
    const QDir twarc(fixtures + QStringLiteral("twarc-csv"));
    for (const QString &f : twarc.entryList({ QStringLiteral("*.jsonl") }, QDir::Files, QDir::Name))
        v2Files.append(twarc.filePath(f));
    const QStringList ofFiles { fixtures + QStringLiteral("tweet_parser/original_format_examples.json") };
    const QStringList asFiles { fixtures + QStringLiteral("tweet_parser/activity_streams_examples.json") };
    const Input v2 = load(v2Files);
    const Input of = load(ofFiles);
    const Input as = load(asFiles);
    if (v2.lines.isEmpty() || of.lines.isEmpty()) {
        std::fprintf(stderr, "bench_parse: no fixtures under %s\n", qPrintable(fixtures));
        return 2;
    }

    ts::TweetParser parser;
    // parse() copies each line (a QByteArrayView), parseInPlace() reads the padded line where it is.
    const auto parseAll = [&parser](const Input &in, bool inPlace = false) {
        return [&parser, &in, inPlace] {
            qint64 n = 0;
            for (const QByteArray &l : in.lines) {
                const ts::ParseResult r = inPlace ? parser.parseInPlace(l) : parser.parse(QByteArrayView(l));
                n += r.document->tweets.size();
            }
            return n;
        };
    };
    if (cli.isSet(passesOpt)) {
        const int passes = cli.value(passesOpt).toInt();
        const auto pass = parseAll(v2, cli.isSet(inPlaceOpt));
        const double cpu0 = cpuSeconds();
        qint64 tweets = 0;
        for (int i = 0; i < passes; ++i)
            tweets += pass();
        const double cpu = cpuSeconds() - cpu0;
        std::printf("TweetParser%s, v2 pages: %lld tweets in %d passes, %.3f CPU-s, %.0f tweets per CPU-second\n",
            cli.isSet(inPlaceOpt) ? " (in place)" : "", tweets, passes, cpu, double(tweets) / cpu);
        return 0;
    }
    const Rate v2Rate = measure(v2, seconds, parseAll(v2));
    const Rate v2InPlaceRate = measure(v2, seconds, parseAll(v2, true));
    if (cli.isSet(onlyV2)) {
        std::printf("TweetParser, v2 pages: %.0f tweets/s, %.0f MB/s\n", v2Rate.tweetsPerS, v2Rate.mbPerS);
        return 0;
    }
    const Rate ofRate = measure(of, seconds, parseAll(of));
    const Rate asRate = measure(as, seconds, parseAll(as));
    QByteArray out;
    const Rate normRate = measure(v2, seconds, [&] {
        qint64 n = 0;
        for (const QByteArray &l : v2.lines) {
            const ts::ParseResult r = parser.parse(l);
            out.resize(0);
            for (const ts::Tweet &t : r.document->tweets) {
                ts::appendNormalizedJson(out, t);
                out.append('\n');
                ++n;
            }
        }
        return n;
    });

    // JsonlReader alone: a ~200 MB file of the v2 pages repeated, read line by line.
    double readerMbPerS = 0;
    {
        QTemporaryFile tmp;
        if (tmp.open()) {
            qint64 written = 0;
            while (written < 200'000'000) {
                for (const QByteArray &l : v2.lines) {
                    tmp.write(l);
                    tmp.write("\n");
                    written += l.size() + 1;
                }
            }
            tmp.flush();
            QElapsedTimer t;
            t.start();
            ts::JsonlReader reader;
            reader.open(tmp.fileName());
            ts::JsonlReader::Line line;
            qint64 lines = 0;
            while (reader.next(line))
                ++lines;
            readerMbPerS = double(written) / (double(t.nsecsElapsed()) / 1e9) / 1e6;
            Q_UNUSED(lines);
        }
    }

    Rate pyV2, pyOf;
    QString pyVersion;
    // Python gets exactly the lines measured here (no counts page, no truncated line).
    QTemporaryFile v2Lines, ofLines;
    const QString script = QStringLiteral(TS_BENCH_DIR "/python_baseline.py");
    if (!cli.isSet(noPython)) {
        for (auto [file, in] : { std::pair { &v2Lines, &v2 }, std::pair { &ofLines, &of } }) {
            if (!file->open())
                return 2;
            for (const QByteArray &l : in->lines) {
                file->write(l);
                file->write("\n");
            }
            file->flush();
        }
        QProcess py;
        py.start(QStringLiteral("python3"),
            QStringList {
                script, QString::number(seconds), v2Lines.fileName(), QStringLiteral("--"), ofLines.fileName() });
        if (py.waitForFinished(600'000) && py.exitCode() == 0) {
            const QJsonObject o = QJsonDocument::fromJson(py.readAllStandardOutput()).object();
            const auto rate = [&o](const QString &key) {
                const QJsonObject r = o.value(key).toObject();
                return Rate { r.value(QStringLiteral("tweets_per_s")).toDouble(),
                    r.value(QStringLiteral("mb_per_s")).toDouble(),
                    r.value(QStringLiteral("tweets_per_cpu_s")).toDouble() };
            };
            pyV2 = rate(QStringLiteral("v2"));
            pyOf = rate(QStringLiteral("v1"));
            pyVersion = o.value(QStringLiteral("python")).toString();
        } else {
            std::fprintf(stderr, "bench_parse: python baseline failed: %s\n", py.readAllStandardError().constData());
        }
    }

    if (cpu >= 0)
        std::printf("On CPU %d only (Python too).\n", cpu);
    std::printf("v2 pages: %lld lines, %.1f MB, %d files; v1.1: %lld lines, %.2f MB; AS: %lld lines, %.2f MB\n\n",
        qint64(v2.lines.size()), double(v2.bytes) / 1e6, int(v2.files.size()), qint64(of.lines.size()),
        double(of.bytes) / 1e6, qint64(as.lines.size()), double(as.bytes) / 1e6);
    std::printf("| %-44s | %9s | %9s | %7s | %7s |\n", "measurement", "tweets/s", "per CPU-s", "MB/s", "vs py");
    std::printf("|%s|%s|%s|%s|%s|\n", "----------------------------------------------", "-----------", "-----------",
        "---------", "---------");
    if (pyV2.tweetsPerS > 0) {
        const QByteArray label = "Python " + pyVersion.toUtf8() + " json.loads + authors, v2";
        row(label.constData(), pyV2, nullptr);
    }
    row("TweetParser, v2 pages (full, includes)", v2Rate, &pyV2);
    row("TweetParser, v2 pages, parseInPlace", v2InPlaceRate, &pyV2);
    row("TweetParser + normalizedJson, v2 pages", normRate, &pyV2);
    if (pyOf.tweetsPerS > 0) {
        const QByteArray label = "Python " + pyVersion.toUtf8() + " json.loads, v1.1 lines";
        row(label.constData(), pyOf, nullptr);
    }
    row("TweetParser, v1.1 lines (full)", ofRate, &pyOf);
    row("TweetParser, activity streams lines (full)", asRate, nullptr);
    std::printf(
        "| %-44s | %9s | %9s | %7.0f | %7s |\n", "JsonlReader, 200 MB file (page cache)", "", "", readerMbPerS, "");

    const int rounds = cli.value(roundsOpt).toInt();
    if (rounds > 0 && pyV2.tweetsPerCpuS > 0)
        return alternatedRounds(v2, rounds, seconds / 2, parseAll, script, v2Lines.fileName(), ofLines.fileName());
    return 0;
}
