// SPDX-License-Identifier: MIT
#include "requestphases.h"

#include <algorithm>

namespace ts::ui {

QString phaseName(Phase phase, bool tls)
{
    switch (phase) {
    case Phase::Queued:
        return QStringLiteral("queued");
    case Phase::RateLimitWait:
        return QStringLiteral("rate-limit wait");
    case Phase::Waiting:
        return QStringLiteral("waiting (TTFB)");
    case Phase::Download:
        return QStringLiteral("download");
    case Phase::Parse:
        return QStringLiteral("parse");
    case Phase::Connect:
        return tls ? QStringLiteral("connect + TLS") : QStringLiteral("connect");
    }
    return {};
}

bool usesTls(const QString &baseUrl)
{
    return !baseUrl.trimmed().startsWith(QStringLiteral("http://"), Qt::CaseInsensitive);
}

RequestMarks requestMarks(const search::RequestTiming &timing)
{
    RequestMarks marks;
    if (timing.attempt > 1)
        marks |= RequestMark::Retry;
    if (timing.httpStatus == 429)
        marks |= RequestMark::Http429;
    else if (timing.rateLimited)
        marks |= RequestMark::RateLimited;
    const bool badStatus = timing.httpStatus >= 400 && timing.httpStatus != 429;
    const bool noAnswer = timing.httpStatus == 0 && timing.sentMs >= 0 && timing.finishedMs >= 0;
    if (badStatus || (!timing.error.isEmpty() && timing.httpStatus != 429) || noAnswer)
        marks |= RequestMark::Failed;
    return marks;
}

RequestPhases requestPhases(const search::RequestTiming &t)
{
    // The first known timestamp at or after a missing one stands in for it, so a phase that
    // did not happen collapses to zero length instead of going negative.
    const double known[] = { t.scheduledMs, t.sentMs, t.firstByteMs, t.finishedMs, t.parsedMs };
    double first = -1;
    for (double v : known) {
        if (v >= 0) {
            first = v;
            break;
        }
    }
    RequestPhases p;
    p.marks = requestMarks(t);
    if (first < 0)
        return p; // nothing happened yet

    double last = first;
    for (double v : known)
        last = std::max(last, v);

    p.startMs = first;
    // Never sent: the whole bar is queueing up to the end it reached (a cancel or a timeout).
    p.sentMs = t.sentMs >= 0 ? std::max(t.sentMs, p.startMs) : last;
    p.firstByteMs = t.firstByteMs >= 0 ? std::max(t.firstByteMs, p.sentMs)
                                       : std::max(t.finishedMs >= 0 ? t.finishedMs : p.sentMs, p.sentMs);
    p.finishedMs = t.finishedMs >= 0 ? std::max(t.finishedMs, p.firstByteMs) : p.firstByteMs;
    p.endMs = t.parsedMs >= 0 ? std::max(t.parsedMs, p.finishedMs) : p.finishedMs;
    p.rateLimitWait = t.rateLimited && p.queuedMs() > 0;
    // The connection phase starts when the request is handed over: Qt reports the start of
    // connecting a moment later, from its network thread, and that moment is spent on the
    // connection too (a manager's thread starting, the host's address). One bar piece, then.
    p.connectStartMs = p.connectEndMs = p.sentMs;
    if (t.connectStartMs >= 0 && t.connectEndMs >= 0)
        p.connectEndMs = std::clamp(t.connectEndMs, p.sentMs, p.firstByteMs);
    return p;
}

double RequestPhases::lengthOf(Phase phase) const
{
    switch (phase) {
    case Phase::Queued:
        return rateLimitWait ? 0 : queuedMs();
    case Phase::RateLimitWait:
        return rateLimitWait ? queuedMs() : 0;
    case Phase::Waiting:
        return waitingMs() - connectMs();
    case Phase::Connect:
        return connectMs();
    case Phase::Download:
        return downloadMs();
    case Phase::Parse:
        return parseMs();
    }
    return 0;
}

QList<PhaseSpan> RequestPhases::spans() const
{
    QList<PhaseSpan> out;
    const auto add = [&out](Phase phase, double from, double to) {
        if (to > from)
            out.append({ phase, from, to });
    };
    add(rateLimitWait ? Phase::RateLimitWait : Phase::Queued, startMs, sentMs);
    add(Phase::Connect, sentMs, connectEndMs);
    add(Phase::Waiting, connectEndMs, firstByteMs);
    add(Phase::Download, firstByteMs, finishedMs);
    add(Phase::Parse, finishedMs, endMs);
    return out;
}

} // namespace ts::ui
