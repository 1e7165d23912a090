// SPDX-License-Identifier: MIT
// Helpers shared by the tweet tests: read the real payloads in ../shared/fixtures.
#pragma once

#include "tweet/jsonlreader.h"
#include "tweet/tweetparser.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

namespace fixtures {

inline QString sharedPath(const QString &relative)
{
    return QStringLiteral(TS_SHARED_DIR "/fixtures/") + relative;
}

inline bool available()
{
    return QDir(QStringLiteral(TS_SHARED_DIR "/fixtures")).exists();
}

#define TS_REQUIRE_FIXTURES()                                                                                          \
    do {                                                                                                               \
        if (!fixtures::available())                                                                                    \
            QSKIP("the shared fixtures folder (" TS_SHARED_DIR "/fixtures) is absent: real-payload tests skipped");    \
    } while (false)

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
    if (!reader.open(sharedPath(relative)))
        return lines;
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

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace fixtures
