// SPDX-License-Identifier: MIT
#include "tweetexporter.h"

#include "timingscsvwriter.h"
#include "tweet/tweetparser.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>

namespace ts::exporter {

TweetExporter::TweetExporter(ExportOptions options)
    : m_options(std::move(options))
{ }

TweetExporter::~TweetExporter() = default;

bool TweetExporter::open()
{
    if (!m_options.csvPath.isEmpty()) {
        m_csvFile = std::make_unique<OutputFile>(m_options.csvPath);
        if (!m_csvFile->open()) {
            m_error = m_csvFile->errorString();
            return false;
        }
        m_csv = std::make_unique<CsvWriter>(*m_csvFile, m_options.csv);
        m_csv->writeHeader();
    }
    if (!m_options.jsonlPath.isEmpty()) {
        m_jsonlFile = std::make_unique<OutputFile>(m_options.jsonlPath);
        if (!m_jsonlFile->open()) {
            m_error = m_jsonlFile->errorString();
            cancel();
            return false;
        }
        m_jsonl = std::make_unique<JsonlWriter>(*m_jsonlFile, m_options.jsonl);
    }
    return true;
}

void TweetExporter::addPage(QByteArrayView pageJson, const QList<Tweet> &tweets)
{
    if (m_csv) {
        for (const Tweet &t : tweets)
            m_csv->writeRow(t);
    }
    if (m_jsonl)
        m_jsonl->writePage(pageJson, tweets);
    m_tweets += tweets.size();
}

void TweetExporter::addTweet(const Tweet &tweet, const QStringList &queries)
{
    if (m_csv)
        m_csv->writeRow(tweet, queries);
    if (m_jsonl)
        m_jsonl->writeTweet(tweet);
    ++m_tweets;
}

bool TweetExporter::failed() const
{
    return (m_csvFile && m_csvFile->failed()) || (m_jsonlFile && m_jsonlFile->failed());
}

bool TweetExporter::finish()
{
    if (m_jsonl)
        m_jsonl->finish();
    if (failed()) {
        m_error = m_csvFile && m_csvFile->failed() ? m_csvFile->errorString() : m_jsonlFile->errorString();
        cancel();
        return false;
    }
    for (OutputFile *f : { m_csvFile.get(), m_jsonlFile.get() }) {
        if (f && !f->commit()) {
            m_error = f->errorString();
            cancel();
            return false;
        }
    }
    return true;
}

void TweetExporter::cancel()
{
    if (m_csvFile)
        m_csvFile->cancel();
    if (m_jsonlFile)
        m_jsonlFile->cancel();
}

QString TweetExporter::errorString() const
{
    return m_error;
}

namespace {

ExportResult cancelled(TweetExporter &exporter)
{
    exporter.cancel();
    ExportResult r;
    r.cancelled = true;
    r.error = QStringLiteral("export cancelled; existing files were left as they were");
    r.tweets = exporter.tweets();
    return r;
}

ExportResult finished(TweetExporter &exporter, qint64 badLines = 0)
{
    ExportResult r;
    r.ok = exporter.finish();
    r.error = exporter.errorString();
    r.tweets = exporter.tweets();
    r.badLines = badLines;
    return r;
}

/// Reads lines from a device in large blocks without keeping more than the block (and the
/// longest line) in memory. Strips a UTF-8 BOM at the start and a CR before each LF.
class BlockLineReader
{
public:
    explicit BlockLineReader(QIODevice &device)
        : m_device(device)
    {
        m_buffer.resize(BlockSize);
    }

    /// Next line (without its end), or false at the end of input or on a read error.
    bool next(QByteArrayView &line)
    {
        for (;;) {
            const char *begin = m_buffer.constData() + m_pos;
            const qsizetype avail = m_end - m_pos;
            if (const void *nl = std::memchr(begin, '\n', size_t(avail))) {
                const qsizetype len = static_cast<const char *>(nl) - begin;
                m_pos += len + 1;
                line = trimmed(QByteArrayView(begin, len));
                ++m_lineNumber;
                return true;
            }
            if (m_eof) {
                if (avail == 0)
                    return false;
                m_pos = m_end;
                line = trimmed(QByteArrayView(begin, avail));
                ++m_lineNumber;
                return true;
            }
            refill();
        }
    }

    qint64 lineNumber() const { return m_lineNumber; }
    qint64 bytesRead() const { return m_bytesRead; }
    QString error() const { return m_error; }

private:
    static constexpr qsizetype BlockSize = 4 << 20;

    QByteArrayView trimmed(QByteArrayView line)
    {
        if (m_lineNumber == 0 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.endsWith('\r'))
            line.chop(1);
        return line;
    }

    void refill()
    {
        const qsizetype rest = m_end - m_pos;
        if (m_pos > 0) {
            std::memmove(m_buffer.data(), m_buffer.constData() + m_pos, size_t(rest));
            m_pos = 0;
            m_end = rest;
        }
        if (m_buffer.size() - m_end < BlockSize / 2) // a line longer than a block: grow
            m_buffer.resize(m_buffer.size() * 2);
        const qint64 n = m_device.read(m_buffer.data() + m_end, m_buffer.size() - m_end);
        if (n < 0)
            m_error = m_device.errorString();
        if (n <= 0) {
            m_eof = true;
            return;
        }
        m_end += n;
        m_bytesRead += n;
    }

    QIODevice &m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0, m_end = 0;
    qint64 m_lineNumber = 0, m_bytesRead = 0;
    bool m_eof = false;
    QString m_error;
};

} // namespace

ExportResult exportTweets(const QList<Tweet> &tweets, const QList<QStringList> &queries, const ExportOptions &options,
    const ProgressCallback &progress)
{
    TweetExporter exporter(options);
    if (!exporter.open())
        return { false, false, exporter.errorString(), 0, 0 };
    const qint64 total = tweets.size();
    for (qsizetype i = 0; i < tweets.size(); ++i) {
        exporter.addTweet(tweets.at(i), i < queries.size() ? queries.at(i) : QStringList());
        if ((i & 1023) == 1023) {
            if (progress && !progress(i + 1, total))
                return cancelled(exporter);
            if (exporter.failed())
                break;
        }
    }
    if (progress && !progress(total, total))
        return cancelled(exporter);
    return finished(exporter);
}

ExportResult convertJsonl(const QString &inputPath, const ExportOptions &options, const ProgressCallback &progress,
    const BadLineCallback &badLine)
{
    QFile input;
    const bool stdinInput = inputPath == QLatin1String("-");
    const bool opened = stdinInput ? input.open(stdin, QIODevice::ReadOnly)
                                   : (input.setFileName(inputPath), input.open(QIODevice::ReadOnly));
    if (!opened || (!stdinInput && QFileInfo(inputPath).isDir())) {
        return { false, false,
            QStringLiteral("cannot read '%1': %2")
                .arg(inputPath, opened ? QStringLiteral("it is a directory") : input.errorString()),
            0, 0 };
    }
    TweetExporter exporter(options);
    if (!exporter.open())
        return { false, false, exporter.errorString(), 0, 0 };

    const qint64 total = stdinInput ? -1 : input.size();
    BlockLineReader reader(input);
    TweetParser parser;
    QByteArrayView line;
    qint64 badLines = 0;
    qint64 nextProgress = 1 << 20;
    while (reader.next(line)) {
        if (line.trimmed().isEmpty())
            continue;
        const ParseResult parsed = parser.parse(line);
        if (!parsed.ok()) {
            ++badLines;
            if (badLine)
                badLine(reader.lineNumber(), parsed.error);
            continue;
        }
        const ParsedDocument &doc = *parsed.document;
        for (const QString &message : doc.tweetErrors) {
            if (badLine)
                badLine(reader.lineNumber(), message);
        }
        if (doc.kind == ParsedDocument::Kind::SingleTweet) {
            for (const Tweet &t : doc.tweets)
                exporter.addTweet(t);
        } else {
            exporter.addPage(line, doc.tweets);
        }
        if (reader.bytesRead() >= nextProgress) {
            nextProgress = reader.bytesRead() + (1 << 20);
            if (progress && !progress(reader.bytesRead(), total))
                return cancelled(exporter);
            if (exporter.failed())
                break;
        }
    }
    if (!reader.error().isEmpty()) {
        exporter.cancel();
        return { false, false, QStringLiteral("cannot read '%1': %2").arg(inputPath, reader.error()), 0, badLines };
    }
    if (progress && !progress(reader.bytesRead(), total))
        return cancelled(exporter);
    return finished(exporter, badLines);
}

ExportResult writeTimingsCsv(const QList<search::RunSummary> &runs, const QString &path, bool excel)
{
    OutputFile out(path);
    if (!out.open())
        return { false, false, out.errorString(), 0, 0 };
    TimingsCsvWriter writer(out, excel);
    writer.writeHeader();
    qint64 rows = 0;
    for (const auto &run : runs) {
        for (const auto &timing : run.requestTimings) {
            writer.writeRow(run.mode, timing);
            ++rows;
        }
    }
    const bool ok = out.commit();
    return { ok, false, out.errorString(), rows, 0 };
}

} // namespace ts::exporter
