// SPDX-License-Identifier: MIT
#include "resumecheck.h"

#include "search/collection.h"
#include "search/searchprovider.h"
#include "searchcommand.h"

using namespace ts::search;

namespace {

QString number(qint64 n, const char *zero = nullptr)
{
    return n == 0 && zero ? QLatin1String(zero) : QString::number(n);
}

QString time(const std::optional<QDateTime> &t)
{
    return t ? t->toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("none");
}

QString text(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("none") : s;
}

/// Every option a run stores, by its command-line name, as the text of its value (in the
/// option's own unit): what a resumed run keeps.
struct Kept
{
    const char *name;
    QString (*value)(const SearchOptions &);
};

constexpr Kept kept[] = {
    { "limit", [](const SearchOptions &o) { return number(o.maxTweets, "none"); } },
    { "pages", [](const SearchOptions &o) { return number(o.pages); } },
    { "max-results", [](const SearchOptions &o) { return number(o.maxResults); } },
    { "start-time", [](const SearchOptions &o) { return time(o.startTime); } },
    { "end-time", [](const SearchOptions &o) { return time(o.endTime); } },
    { "since-id", [](const SearchOptions &o) { return text(o.sinceId); } },
    { "until-id", [](const SearchOptions &o) { return text(o.untilId); } },
    { "max-concurrency", [](const SearchOptions &o) { return number(o.maxConcurrency, "all"); } },
    { "timeout", [](const SearchOptions &o) { return number(o.transferTimeoutMs); } },
    { "retries", [](const SearchOptions &o) { return number(o.maxRetries); } },
    { "max-body-size", [](const SearchOptions &o) { return number(o.maxBodyBytes >> 20); } },
    { "request-deadline", [](const SearchOptions &o) { return number(o.requestDeadlineMs); } },
    { "max-rate-limit-wait", [](const SearchOptions &o) { return number(o.maxRateLimitWaitMs / 1000); } },
};

} // namespace

QString resumeConflict(const StoredRun &stored, const SearchCommandOptions &options, const SearchProvider &provider)
{
    const QString what = QStringLiteral("cannot resume %1: ").arg(options.out);
    const QString how = QStringLiteral("; --resume continues that run with the options it started with (drop --%1, or "
                                       "start a new run with another --out)");
    const QString providerNow = providerName(provider.kind());
    if (stored.provider != providerNow)
        return what
            + QStringLiteral("its last run searched %1, not %2 (give --provider %1 to resume it)")
                  .arg(stored.provider, providerNow);
    if (options.givenOptions.contains(QLatin1String("mode"))) {
        const QString given = options.mode == SearchCommandOptions::Mode::Sequential ? modeName(RunMode::Sequential)
                                                                                     : modeName(RunMode::Concurrent);
        if (given != modeName(stored.mode))
            return what
                + QStringLiteral("--mode %1 differs from its last run's --mode %2").arg(given, modeName(stored.mode))
                + how.arg(QLatin1String("mode"));
    }
    SearchOptions given = options.search;
    given.maxResults = provider.clampMaxResults(given.maxResults); // as the run stored it
    for (const Kept &k : kept) {
        const QLatin1String name(k.name);
        if (!options.givenOptions.contains(name))
            continue;
        const QString now = k.value(given), then = k.value(stored.options);
        if (now != then)
            return what + QStringLiteral("--%1 %2 differs from its last run's --%1 %3").arg(name, now, then)
                + how.arg(name);
    }
    return {};
}
