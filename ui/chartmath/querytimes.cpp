// SPDX-License-Identifier: MIT
#include "querytimes.h"

#include "requestphases.h"

#include <QSet>

#include <algorithm>

namespace ts::ui {

QList<QueryTime> queryTimes(const QList<search::RequestTiming> &timings, int queryCount)
{
    QList<QueryTime> times(std::max(queryCount, 0));
    QList<QSet<int>> pages(times.size());
    for (const search::RequestTiming &t : timings) {
        if (t.queryIndex < 0 || t.queryIndex >= times.size())
            continue;
        const RequestPhases p = requestPhases(t);
        QueryTime &q = times[t.queryIndex];
        // A query failed when its last request did: a 5xx followed by a good retry is not a failure.
        if (q.requests == 0 || p.endMs >= q.endMs)
            q.failed = p.marks.testFlag(RequestMark::Failed);
        if (q.requests == 0) {
            q.startMs = p.startMs;
            q.endMs = p.endMs;
        } else {
            q.startMs = std::min(q.startMs, p.startMs);
            q.endMs = std::max(q.endMs, p.endMs);
        }
        ++q.requests;
        q.tweets += t.tweets;
        if (p.marks & RequestMark::Retry)
            ++q.retries;
        pages[t.queryIndex].insert(t.page);
    }
    for (int i = 0; i < times.size(); ++i)
        times[i].pages = int(pages.at(i).size());
    return times;
}

} // namespace ts::ui
