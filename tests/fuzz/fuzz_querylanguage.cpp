// SPDX-License-Identifier: MIT
// libFuzzer target: the search query language (QueryLanguage::parse, the one validator the
// CLI, the GUI and the archive service share), then compile() and a search and a count on a
// small real archive. A query that parse() accepts must run: a StoreError (SQL or FTS5
// syntax error) is a bug. A rejected query must name a position inside it. See
// docs/reliability.md.
#include "fuzzcheck.h"

#include "archive/archivefixture.h"
#include "archive/archivestore.h"
#include "archive/querylanguage.h"

#include <QString>
#include <QTemporaryDir>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ts::archive;

namespace {

ArchiveStore &store()
{
    static QTemporaryDir dir; // outlives the store (statics go in reverse order)
    static ArchiveStore s;
    static const bool opened = [] {
        QString error;
        if (!dir.isValid() || !s.open(dir.filePath(QStringLiteral("fuzz.sqlite")), &error)) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(error));
            return false;
        }
        s.insert(testing::fixtureTweets());
        // Closed before QSqlDatabase's registry of connections goes at exit (handlers run in
        // reverse order of registration), else SQLite's connection would never be closed.
        std::atexit([] { s.close(); });
        return true;
    }();
    FUZZ_CHECK(opened);
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString query = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    constexpr int maxLength = 4096; // the longest any endpoint allows
    auto parsed = QueryLanguage::parse(query, maxLength);
    if (const auto *e = std::get_if<QueryError>(&parsed)) {
        FUZZ_CHECK(!e->reason.isEmpty());
        FUZZ_CHECK(e->position >= 1);
        FUZZ_CHECK(e->position <= std::max<qsizetype>(query.size(), 1) + 1);
        return 0;
    }
    const ParsedQuery &q = std::get<ParsedQuery>(parsed);
    FUZZ_CHECK(q.root() != nullptr);
    const SqlFilter filter = QueryLanguage::compile(q);
    FUZZ_CHECK(!filter.where.isEmpty());
    (void)q.terms();

    SearchParams params;
    params.query = query;
    params.maxQueryLength = maxLength;
    params.maxResults = 100;
    for (const bool relevancy : { false, true }) {
        params.relevancy = relevancy;
        auto page = store().search(params);
        if (const auto *e = std::get_if<StoreError>(&page)) {
            std::fprintf(stderr, "store error for an accepted query: %s\n", qPrintable(e->message));
            FUZZ_CHECK(false);
        }
        FUZZ_CHECK(!std::holds_alternative<QueryError>(page)); // parse() accepted it above
    }
    const qint64 start = testing::baseMs() - 86400000LL * 10;
    auto counts = store().counts(query, maxLength, start, start + 86400000LL * 20, Granularity::Day);
    if (const auto *e = std::get_if<StoreError>(&counts)) {
        std::fprintf(stderr, "store error for an accepted query: %s\n", qPrintable(e->message));
        FUZZ_CHECK(false);
    }
    return 0;
}
