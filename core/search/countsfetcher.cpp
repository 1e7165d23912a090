// SPDX-License-Identifier: MIT
#include "countsfetcher.h"

#include "requestpacer.h"
#include "transportpool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QTime>
#include <QTimer>

#include <deque>
#include <limits>
#include <map>
#include <set>

namespace ts::search {

struct CountsFetcher::Private
{
    CountsFetcher *q;
    TransportPool pool;
    std::optional<SearchProvider> provider;
    SearchOptions options;
    CountsGranularity granularity = CountsGranularity::Hour;
    QList<QueryCounts> results;
    QList<QString> tokens; ///< next page token per query
    QList<int> failures; ///< retries of the current page per query
    QList<int> rateLimitWaits;
    QList<QElapsedTimer> clocks;
    std::deque<int> waiting; ///< queries whose next page waits for a free connection
    QList<int> pagesDone;
    std::map<QNetworkReply *, int> replies; ///< in flight, with their pool slot
    std::set<QTimer *> timers;
    QElapsedTimer monotonic; ///< the rate limiter's clock
    RequestPacer limiter; ///< paces requests to the counts budget before the server says 429
    int open = 0; ///< queries not done yet
    bool running = false;

    explicit Private(CountsFetcher *owner)
        : q(owner)
        , pool(16)
    { }

    QueryResult stateOf(int qi) const
    {
        const QueryCounts &c = results.at(qi);
        return QueryResult { c.query, int(std::min<qint64>(c.total, std::numeric_limits<int>::max())), c.requests,
            c.status, c.error };
    }

    void setState(int qi, QueryStatus status, const QString &detail)
    {
        results[qi].status = status;
        Q_EMIT q->queryStateChanged(qi, stateOf(qi), detail);
    }

    void done(int qi, QueryStatus status, const QString &error = {})
    {
        QueryCounts &c = results[qi];
        if (c.status == QueryStatus::Ok || c.status == QueryStatus::Error || c.status == QueryStatus::Cancelled)
            return;
        c.error = error;
        c.wallMs = clocks.at(qi).isValid() ? double(clocks.at(qi).nsecsElapsed()) / 1e6 : 0;
        setState(qi, status, error);
        Q_EMIT q->queryCounted(qi, c);
        if (--open == 0)
            finish();
    }

    void finish()
    {
        if (!running)
            return;
        running = false;
        // Emitted from the event loop so that start() always returns before finished().
        QTimer::singleShot(0, q, [q = QPointer<CountsFetcher>(q)] {
            if (q)
                Q_EMIT q->finished();
        });
    }

    /// Sends the query's next page after ms; reserved: its rate-limit slot is already taken.
    void after(qint64 ms, int qi, bool reserved = false)
    {
        auto *timer = new QTimer(q);
        timer->setSingleShot(true);
        timers.insert(timer);
        QObject::connect(timer, &QTimer::timeout, q, [this, timer, qi, reserved] {
            timers.erase(timer);
            timer->deleteLater();
            if (reserved)
                sendNow(qi);
            else
                send(qi);
        });
        timer->start(int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
    }

    qint64 monoMs() const { return monotonic.elapsed(); }

    /// Sends the query's next page when the budget allows it, else waits for its slot.
    void send(int qi)
    {
        if (!running)
            return;
        const qint64 now = monoMs();
        const qint64 sendAt = limiter.reserve(now);
        if (sendAt - now > options.maxRateLimitWaitMs + RateLimitWaitGraceMs)
            return done(qi, QueryStatus::Error, rateLimitTooLongText(sendAt - now, options.maxRateLimitWaitMs));
        if (sendAt - now >= 2000)
            setState(qi, QueryStatus::RateLimited, rateLimitedUntilText(sendAt - now));
        if (sendAt > now)
            return after(sendAt - now, qi, /*reserved=*/true);
        sendNow(qi);
    }

    void sendNow(int qi)
    {
        if (!running)
            return;
        // The spacing holds between requests that went out, not only between their slots.
        if (const qint64 hold = limiter.holdBeforeSend(monoMs()); hold > 0)
            return after(hold, qi, /*reserved=*/true);
        const int slot = pool.tryAcquire();
        if (slot < 0) {
            waiting.push_back(qi);
            return;
        }
        if (!clocks.at(qi).isValid())
            clocks[qi].start();
        const PreparedRequest r
            = counts::buildRequest(*provider, results.at(qi).query, granularity, options, tokens.at(qi));
        limiter.sent(monoMs());
        QNetworkReply *reply = pool.send(slot, r);
        replies.emplace(reply, slot);
        ++results[qi].requests;
        setState(qi, QueryStatus::Running, QStringLiteral("counts page %1").arg(pagesDone.at(qi) + 1));
        QObject::connect(reply, &QNetworkReply::finished, q, [this, reply, slot, qi] {
            replies.erase(reply);
            pool.release(slot);
            reply->deleteLater();
            handle(qi, reply);
            // A connection is free: the next waiting page goes out.
            while (running && !waiting.empty()
                && pool.inFlight() < pool.maxManagers() * TransportPool::connectionsPerManager) {
                const int next = waiting.front();
                waiting.pop_front();
                sendNow(next); // its rate-limit slot was reserved before it waited
            }
        });
    }

    void handle(int qi, QNetworkReply *reply)
    {
        if (!running)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        ReplyGuard *guard = ReplyGuard::of(reply);
        const QByteArray body = guard->takeBody();
        if (guard->failure() != ReplyGuard::Failure::None)
            return done(qi, QueryStatus::Error, guard->failureText()); // the same request would fail again
        readRateLimitHeaders(reply);
        if (status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError) {
            const CountsPage page = counts::parsePage(provider->kind(), body, granularity);
            if (!page.ok())
                return retry(qi, page.error);
            QueryCounts &c = results[qi];
            c.buckets.append(page.buckets);
            for (const CountsBucket &b : page.buckets)
                c.total += b.count;
            failures[qi] = 0;
            const int pages = ++pagesDone[qi];
            if (page.nextToken.isEmpty() || page.nextToken == tokens.at(qi))
                return done(qi, QueryStatus::Ok);
            if (pages >= MaxPages)
                return done(qi, QueryStatus::Error,
                    QStringLiteral("stopped after %1 pages of counts (the API kept sending a next token)").arg(pages));
            tokens[qi] = page.nextToken;
            return send(qi);
        }
        const QByteArray reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        if (status == 429) {
            const QString error = SearchProvider::describeError(status, reason, body);
            const auto reset
                = rateLimitResetWaitMs(reply->rawHeader("x-rate-limit-reset"), QDateTime::currentMSecsSinceEpoch());
            qint64 wait = reset && *reset >= 0 ? std::min(*reset, std::numeric_limits<qint64>::max() / 4) + 50 : -1;
            if (wait < 0)
                wait = backoffDelayMs(rateLimitWaits.at(qi) + 1, std::max(options.retryBaseDelayMs, 1000),
                    options.retryMaxDelayMs, QRandomGenerator::global()->generateDouble());
            if (wait > options.maxRateLimitWaitMs + RateLimitWaitGraceMs)
                return done(qi, QueryStatus::Error, rateLimitTooLongText(wait, options.maxRateLimitWaitMs));
            if (++rateLimitWaits[qi] > MaxRetries)
                return done(qi, QueryStatus::Error, error + QStringLiteral(" (rate limited)"));
            limiter.blockUntil(monoMs() + wait); // the other queries wait too
            setState(qi, QueryStatus::RateLimited, rateLimitedUntilText(wait));
            return after(wait, qi);
        }
        if (status >= 400 && status < 500)
            return done(qi, QueryStatus::Error, SearchProvider::describeError(status, reason, body));
        retry(qi, status >= 500 ? SearchProvider::describeError(status, reason, body) : reply->errorString());
    }

    /// What the server says of its budget, so that the next requests wait before a 429.
    void readRateLimitHeaders(QNetworkReply *reply)
    {
        bool okLimit = false, okRemaining = false;
        const int limit = reply->rawHeader("x-rate-limit-limit").trimmed().toInt(&okLimit);
        const int remaining = reply->rawHeader("x-rate-limit-remaining").trimmed().toInt(&okRemaining);
        const auto reset
            = rateLimitResetWaitMs(reply->rawHeader("x-rate-limit-reset"), QDateTime::currentMSecsSinceEpoch());
        if (!okLimit || !okRemaining || !reset)
            return;
        const qint64 resetMono
            = monoMs() + std::clamp<qint64>(*reset, -monoMs(), std::numeric_limits<qint64>::max() / 4);
        limiter.updateFromHeaders(limit, remaining, resetMono, monoMs(), pool.inFlight());
    }

    /// 5xx, dropped connections, unreadable bodies: try the same page again after a backoff.
    void retry(int qi, const QString &error)
    {
        if (++failures[qi] > MaxRetries)
            return done(qi, QueryStatus::Error,
                QStringLiteral("%1 (gave up after %2 attempts)").arg(error).arg(failures.at(qi)));
        const qint64 delay = backoffDelayMs(failures.at(qi), options.retryBaseDelayMs, options.retryMaxDelayMs,
            QRandomGenerator::global()->generateDouble());
        setState(qi, QueryStatus::Running, QStringLiteral("%1; retrying in %2 ms").arg(error).arg(delay));
        after(delay, qi);
    }
};

CountsFetcher::CountsFetcher(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    qRegisterMetaType<ts::search::QueryCounts>();
    qRegisterMetaType<ts::search::QueryResult>();
}

CountsFetcher::~CountsFetcher()
{
    d->running = false;
    for (const auto &[reply, slot] : std::map<QNetworkReply *, int>(d->replies)) {
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
}

bool CountsFetcher::start(const ConnectionConfig &connection, const QStringList &queries, CountsGranularity granularity,
    const SearchOptions &options, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (d->running)
        return fail(QStringLiteral("counting is already going"));
    if (queries.isEmpty())
        return fail(QStringLiteral("no queries to count"));
    if (connection.provider == ProviderKind::Bluesky)
        return fail(QStringLiteral("bluesky has no counts endpoint; volume charts need an X provider or the local "
                                   "archive"));
    QString problem;
    d->provider = SearchProvider::create(connection, &problem);
    if (!d->provider)
        return fail(problem);
    d->options = options;
    d->granularity = granularity;
    const ProviderLimits limits = counts::limitsFor(d->provider->kind());
    QList<RateLimitWindow> windows { { limits.windowRequests, limits.windowMs } };
    if (!connection.rateLimit.isEmpty())
        windows = connection.rateLimit;
    if (!d->monotonic.isValid())
        d->monotonic.start();
    d->limiter = RequestPacer(windows, limits.perSecond);
    d->results.clear();
    d->waiting.clear();
    for (const QString &query : queries)
        d->results.append(QueryCounts { query, {}, 0, 0, 0, QueryStatus::Queued, {} });
    d->tokens = QList<QString>(queries.size());
    d->failures = QList<int>(queries.size(), 0);
    d->pagesDone = QList<int>(queries.size(), 0);
    d->rateLimitWaits = QList<int>(queries.size(), 0);
    d->clocks = QList<QElapsedTimer>(queries.size());
    d->open = int(queries.size());
    d->running = true;
    for (int qi = 0; qi < queries.size(); ++qi) {
        const QString invalid = d->provider->validateQuery(queries.at(qi));
        if (!invalid.isEmpty())
            d->done(qi, QueryStatus::Error, invalid);
        else if (d->running)
            d->send(qi);
    }
    return true;
}

void CountsFetcher::cancel()
{
    if (!d->running)
        return;
    for (QTimer *timer : std::set<QTimer *>(d->timers))
        timer->deleteLater();
    d->timers.clear();
    d->waiting.clear();
    const auto aborting = std::exchange(d->replies, {});
    for (const auto &[reply, slot] : aborting) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        d->pool.release(slot);
    }
    for (int qi = 0; qi < d->results.size() && d->running; ++qi)
        d->done(qi, QueryStatus::Cancelled, QStringLiteral("cancelled"));
}

bool CountsFetcher::isRunning() const
{
    return d->running;
}

CountsGranularity CountsFetcher::granularity() const
{
    return d->granularity;
}

const QList<QueryCounts> &CountsFetcher::results() const
{
    return d->results;
}

} // namespace ts::search
