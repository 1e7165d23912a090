// SPDX-License-Identifier: MIT
// Helpers shared by the tweet tests: read the real payloads in tests/data/fixtures. A file that
// cannot be read fails the test that asked for it (never a skip: the suite must not shrink quietly).
#pragma once

#include "tweet/jsonlreader.h"
#include "tweet/tweetparser.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

namespace fixtures {

/// The path of a fixture file, relative to tests/data/fixtures ("twarc-csv/brexit.jsonl").
inline QString path(const QString &relative)
{
    return QStringLiteral(TS_TEST_DATA_DIR "/fixtures/") + relative;
}

/// Records a failure of the running test: the file is part of the repository and must be there.
inline void failMissing(const QString &file, const QString &why)
{
    const QByteArray message = QStringLiteral("cannot read the fixture %1: %2").arg(file, why).toUtf8();
    QTest::qFail(message.constData(), __FILE__, __LINE__);
}

/// One parsed line of a fixture file.
struct Line
{
    qint64 number = 0;
    ts::ParseResult result;
};

/// Every non-blank line of a fixture file, parsed.
inline QList<Line> parseFile(const QString &relative)
{
    QList<Line> lines;
    ts::JsonlReader reader;
    if (!reader.open(path(relative))) {
        failMissing(path(relative), reader.errorString());
        return lines;
    }
    ts::TweetParser parser;
    ts::JsonlReader::Line l;
    while (reader.next(l))
        lines.append({ l.number, parser.parse(l.text) });
    return lines;
}

/// All tweets of a file, by id (the file's lines must all parse).
inline QHash<QString, ts::Tweet> tweetsById(const QString &relative)
{
    QHash<QString, ts::Tweet> out;
    for (const Line &l : parseFile(relative)) {
        if (!l.result.ok())
            continue;
        for (const ts::Tweet &t : l.result.document->tweets)
            out.insert(t.id, t);
    }
    return out;
}

/// The bytes of a file (a fixture, or any test data file); a file that cannot be read fails the test.
inline QByteArray readAll(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        failMissing(file, f.errorString());
        return {};
    }
    return f.readAll();
}

} // namespace fixtures
