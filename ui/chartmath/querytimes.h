// SPDX-License-Identifier: MIT
#pragma once

#include "search/timing.h"

#include <QList>

namespace ts::ui {

/// How long one query took within one run: its first request scheduled -> its last request parsed.
struct QueryTime
{
    int requests = 0; ///< 0: the query has no request (yet) in this run
    int pages = 0; ///< distinct pages
    int tweets = 0;
    int retries = 0;
    bool failed = false; ///< its last request failed
    double startMs = 0;
    double endMs = 0;
    double durationMs() const { return endMs - startMs; }
};

/// One entry per query (index = queryIndex); requests with a queryIndex outside [0, queryCount) are ignored.
QList<QueryTime> queryTimes(const QList<search::RequestTiming> &timings, int queryCount);

} // namespace ts::ui
