// SPDX-License-Identifier: MIT
// tweetscope-cli parse: tweet payloads in any format -> one normalized JSON tweet per line.
#include "parsecommand.h"

#include "tweet/jsonlreader.h"
#include "tweet/normalizedjson.h"
#include "tweet/tweetparser.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>

namespace {

// stdout, written in large blocks (a QTextStream per line would dominate the run time).
class BlockWriter
{
public:
    BlockWriter() { m_buffer.reserve(capacity + 64 * 1024); }
    ~BlockWriter() { flush(); }
    QByteArray &buffer() { return m_buffer; }
    void maybeFlush()
    {
        if (m_buffer.size() >= capacity)
            flush();
    }
    void flush()
    {
        if (!m_buffer.isEmpty()) {
            std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), stdout);
            m_buffer.resize(0);
        }
        std::fflush(stdout);
    }

private:
    static constexpr qsizetype capacity = 1 << 20;
    QByteArray m_buffer;
};

} // namespace

ts::cli::Parsed<ParseOptions> parseParseOptions(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption apiErrors(QStringLiteral("show-api-errors"),
        QStringLiteral("Also print the partial errors an API page carried (not failures)."));
    parser.addOption(apiErrors);
    parser.addPositionalArgument(QStringLiteral("FILE"),
        QStringLiteral("Tweet payloads, one JSON document (a page or a tweet) per line; "
                       "standard input when none or '-'."),
        QStringLiteral("[FILE...]"));
    if (auto stop = ts::cli::parseArgs(parser, args,
            QStringLiteral("Normalize tweet payloads (X API v2 pages, v1.1, activity streams, "
                           "Enterprise pages, twarc JSONL) to one JSON tweet per line.")))
        return *stop;

    QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        files.append(QStringLiteral("-"));
    // Refuse before printing anything when a named file cannot be read.
    for (const QString &f : files) {
        if (f == QLatin1String("-"))
            continue;
        const QFileInfo info(f);
        if (!info.exists())
            return ts::cli::usage(QStringLiteral("cannot read '%1': no such file").arg(f));
        if (info.isDir())
            return ts::cli::usage(QStringLiteral("cannot read '%1': it is a directory").arg(f));
        if (!info.isReadable())
            return ts::cli::usage(QStringLiteral("cannot read '%1': permission denied").arg(f));
    }

    return ParseOptions { files, parser.isSet(apiErrors) };
}

int runParse(const ParseOptions &options)
{
    const bool showApiErrors = options.showApiErrors;
    ts::TweetParser tweetParser;
    BlockWriter out;
    QTextStream &err = ts::cli::err();
    bool anyFailed = false;
    for (const QString &f : options.files) {
        const QString name = f == QLatin1String("-") ? QStringLiteral("<stdin>") : f;
        ts::JsonlReader reader;
        if (!reader.open(f)) {
            out.flush();
            return ts::cli::usageError(reader.errorString());
        }
        ts::JsonlReader::Line line;
        while (reader.next(line)) {
            const ts::ParseResult result = tweetParser.parse(line.text);
            if (!result.ok()) {
                anyFailed = true;
                out.flush();
                err << name << ':' << line.number << ": " << result.error << '\n';
                continue;
            }
            for (const ts::Tweet &t : result.document->tweets) {
                ts::appendNormalizedJson(out.buffer(), t);
                out.buffer().append('\n');
            }
            out.maybeFlush();
            if (!result.document->tweetErrors.isEmpty()) {
                anyFailed = true;
                out.flush();
                for (const QString &e : result.document->tweetErrors)
                    err << name << ':' << line.number << ": " << e << '\n';
            }
            if (showApiErrors) {
                for (const ts::ApiProblem &p : result.document->errors) {
                    err << name << ':' << line.number << ": API error: " << p.title;
                    if (!p.detail.isEmpty())
                        err << ": " << p.detail;
                    err << '\n';
                }
            }
        }
        if (reader.hasError()) {
            anyFailed = true;
            out.flush();
            err << name << ": " << reader.errorString() << '\n';
        }
    }
    out.flush();
    err.flush();
    return anyFailed ? ts::cli::Failed : ts::cli::Ok;
}

int runParseCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseParseOptions(args), runParse);
}
