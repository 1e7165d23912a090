// SPDX-License-Identifier: MIT
// tweetscope-cli parse: tweet payloads in any format -> one normalized JSON tweet per line.
#include "parsecommand.h"

#include "tweet/jsonelementreader.h"
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
    const QCommandLineOption maxLine(QStringLiteral("max-line-length"),
        QStringLiteral("Longest line read, in bytes or with K, M, G (default 16M); a longer line is "
                       "reported with its number and skipped."),
        QStringLiteral("SIZE"));
    parser.addOption(maxLine);
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
        if (auto stop = ts::cli::checkReadable(f))
            return *stop;
    }

    QString error;
    const std::optional<qint64> maxLineLength = ts::cli::sizeValue(
        parser, QStringLiteral("max-line-length"), ts::JsonlReader::DefaultMaxLineLength, 1, qint64(1) << 40, &error);
    if (!maxLineLength)
        return ts::cli::usage(error);
    return ParseOptions { files, parser.isSet(apiErrors), qsizetype(*maxLineLength) };
}

int runParse(const ParseOptions &options)
{
    const bool showApiErrors = options.showApiErrors;
    ts::TweetParser tweetParser;
    BlockWriter out;
    QTextStream &err = ts::cli::err();
    bool anyFailed = false;
    QString name;
    // One document (a line, or a piece of a long one): its tweets out, its problems on stderr.
    const auto handle = [&](QByteArrayView json, qint64 number, const QString &where) {
        const ts::ParseResult result = tweetParser.parse(json);
        if (!result.ok()) {
            anyFailed = true;
            out.flush();
            err << name << ':' << number << ": " << where << result.error << '\n';
            return;
        }
        for (const ts::Tweet &t : result.document->tweets) {
            ts::appendNormalizedJson(out.buffer(), t);
            out.buffer().append('\n');
            out.maybeFlush(); // a page of 100k tweets on one line is not all held as text
        }
        if (!result.document->tweetErrors.isEmpty()) {
            anyFailed = true;
            out.flush();
            for (const QString &e : result.document->tweetErrors)
                err << name << ':' << number << ": " << where << e << '\n';
        }
        if (showApiErrors) {
            for (const ts::ApiProblem &p : result.document->errors) {
                err << name << ':' << number << ": " << where << "API error: " << p.title;
                if (!p.detail.isEmpty())
                    err << ": " << p.detail;
                err << '\n';
            }
        }
    };
    for (const QString &f : options.files) {
        name = f == QLatin1String("-") ? QStringLiteral("<stdin>") : f;
        ts::JsonlReader reader;
        if (!reader.open(f)) {
            out.flush();
            return ts::cli::usageError(reader.errorString());
        }
        reader.setMaxLineLength(options.maxLineLength);
        ts::JsonlReader::Line line;
        while (reader.next(line)) {
            if (line.tooLong) {
                anyFailed = true;
                out.flush();
                err << name << ':' << line.number << ": "
                    << ts::JsonlReader::tooLongMessage(line, reader.maxLineLength()) << '\n';
                continue;
            }
            if (line.text.size() <= ts::JsonElementReader::LargeDocumentSize) {
                handle(line.text, line.number, {});
                continue;
            }
            // A long line is read in pieces: memory for one piece, not for the whole page's tweets.
            QString error;
            const bool split = ts::JsonElementReader::forEachPiece(
                line.text, reader.maxLineLength(), ts::JsonElementReader::LargeDocumentSize,
                [&](const ts::JsonElementReader::Piece &p) {
                    const QString where = p.elements == 1
                        ? QStringLiteral("element %1: ").arg(p.firstElement)
                        : QStringLiteral("elements %1-%2: ").arg(p.firstElement).arg(p.firstElement + p.elements - 1);
                    if (p.tooLong) {
                        anyFailed = true;
                        out.flush();
                        err << name << ':' << line.number << ": " << where
                            << ts::JsonlReader::tooLongMessage(p.length, reader.maxLineLength()) << '\n';
                    } else {
                        handle(p.json, line.number, where);
                    }
                    return true;
                },
                &error);
            if (split)
                continue;
            if (!error.isEmpty()) {
                anyFailed = true;
                out.flush();
                err << name << ':' << line.number << ": " << error << '\n';
                continue;
            }
            handle(line.text, line.number, {});
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
