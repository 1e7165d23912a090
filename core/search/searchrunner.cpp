// SPDX-License-Identifier: MIT
#include "searchrunner.h"

#include "collection.h"
#include "collectionwriter.h"
#include "hydration.h"
#include "searchprovider.h"
#include "transportpool.h"

#include "common/stringhash.h"

#include <QCoroFuture>
#include <QCoroNetworkReply>
#include <QCoroSignal>
#include <QCoroTask>
#include <QCoroTimer>

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTime>
#include <QTimer>

#include <algorithm>
#include <coroutine>
#include <limits>
#include <unordered_map>
#include <vector>

Q_LOGGING_CATEGORY(lcSearch, "tweetscope.search", QtWarningMsg)

namespace ts::search {

namespace {

/// Parses a page on a pool thread and resumes the coroutine on the runner's thread, so that
/// many pages arriving together never stall the event loop (each thread has its own parser).
struct ParseOnPool
{
    QByteArray body;
    QPointer<QObject> context;
    PageData result;

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle)
    {
        QThreadPool::globalInstance()->start([this, handle] {
            thread_local TweetParser parser;
            result = SearchProvider::parsePage(body, parser);
            body.clear();
            QMetaObject::invokeMethod(
                context.data(), [handle] { handle.resume(); }, Qt::QueuedConnection);
        });
    }
    PageData await_resume() { return std::move(result); }
};

enum class Outcome : quint8 { Ok, Failed, Cancelled };

struct PageOutcome
{
    Outcome outcome = Outcome::Ok;
    PageData data;
    QString error;
};

/// A failed TLS handshake in plain words, with Qt's reasons, and how to trust a private CA.
QString tlsFailureText(const QUrl &url, const QString &tlsErrors, const QString &networkError)
{
    const QString host = url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
    if (tlsErrors.isEmpty())
        return QStringLiteral("TLS handshake with %1 failed: %2").arg(host, networkError);
    return QStringLiteral("the TLS certificate of %1 is not trusted: %2 (a private CA can be trusted with --ca-file)")
        .arg(host, tlsErrors);
}

/// A pacing wait this long is shown as "rate limited until ..." (shorter ones are ordinary pacing).
constexpr qint64 announcedWaitMs = 2000;
/// Slack over SearchOptions::maxRateLimitWaitMs: a full window plus its pacing margin still waits.
constexpr qint64 rateLimitWaitGraceMs = 5000;

} // namespace

struct SearchRunner::Private
{
    SearchRunner *q;
    Collection *collection = nullptr;
    /// Writes the collection on its own thread (SQLite inserts would stall this event loop).
    std::unique_ptr<CollectionWriter> writer;
    /// The client's connections: a pool per place runs go to, at most kPools (a run on two
    /// providers: one each, both pre-connected before the first run starts), the most recently
    /// used first. `pool` is the current run's.
    static constexpr size_t kPools = 2;
    std::vector<std::unique_ptr<TransportPool>> pools;
    TransportPool *pool = nullptr;
    QElapsedTimer monotonic; ///< the rate limiter's clock, across runs
    QElapsedTimer runClock; ///< ms since the current run's start
    RequestPacer limiter;

    bool running = false;
    bool cancelled = false;
    std::optional<SearchProvider> provider;
    SearchOptions options;
    RunMode mode = RunMode::Sequential;
    QStringList queries;
    QList<QueryResult> results;
    QList<RequestTiming> timings;
    /// Query indexes per tweet id: every tweet of every page is looked up here, on this thread
    /// (not a QHash: see ts::StringHash).
    std::unordered_map<QString, QList<int>, StringHash> membership;
    qint64 runId = 0;
    int nextQuery = 0;
    std::vector<bool> lanes;
    QSet<QNetworkReply *> replies;
    QSet<QTimer *> sleepers;

    // Where each query starts (resume): pages already stored, token, or done.
    QList<QueryProgress> startPoints;
    /// Hydration: the ids of the run that did not come back (a resumed run starts with the stored ones).
    QList<MissingId> missing;
    QList<MissingId> priorMissing;

    bool hydrating() const { return options.kind == RunKind::Hydrate; }
    /// The query as shown in states, timings and summaries: a hydration batch by its label.
    QString shownQuery(int qi) const { return hydrating() ? hydration::batchLabel(qi, queries[qi]) : queries[qi]; }

    std::optional<QCoro::Task<>> task;
    /// startAcross: the connection of each provider, and the options as given (prepare() clamps
    /// `options` to the provider of the moment).
    QList<ConnectionConfig> connections;
    SearchOptions requestedOptions;

    double now() const { return double(runClock.nsecsElapsed()) / 1e6; }
    qint64 monoMs() const { return monotonic.elapsed(); }

    /// The pool for url's origin: the one pre-connected to it with ssl, else one that was (with
    /// another CA file), else a new one while there are fewer than kPools, else the one used
    /// longest ago. It becomes the most recently used.
    TransportPool &poolFor(const QUrl &url, const QSslConfiguration &ssl)
    {
        auto it = std::find_if(pools.begin(), pools.end(), [&](const auto &p) { return p->isPreconnected(url, ssl); });
        if (it == pools.end())
            it = std::find_if(pools.begin(), pools.end(), [&](const auto &p) { return p->servesOrigin(url); });
        if (it == pools.end()) {
            if (pools.size() < kPools)
                pools.push_back(std::make_unique<TransportPool>(16));
            it = pools.end() - 1; // the new one, or the one used longest ago
        }
        std::rotate(pools.begin(), it, it + 1);
        return *pools.front();
    }

    /// A writer for the current collection (a new one when the collection changed).
    void ensureWriter()
    {
        if (!collection || !collection->isOpen()) {
            writer.reset();
            return;
        }
        if (writer && writer->path() == collection->path())
            return;
        writer = std::make_unique<CollectionWriter>(collection->path(), q,
            [this](const QString &what, const QString &error) { reportCollectionError(what, error); });
    }

    void reportCollectionError(const QString &what, const QString &error)
    {
        qCWarning(lcSearch) << "collection:" << what << error;
        Q_EMIT q->collectionError(QStringLiteral("could not save %1 to the collection: %2").arg(what, error));
    }

    void setState(int qi, QueryStatus status, const QString &detail, const QString &error = {})
    {
        results[qi].status = status;
        if (status == QueryStatus::Error)
            results[qi].error = error;
        if (writer && runId)
            writer->writeQueryState(runId, qi, results[qi]);
        Q_EMIT q->queryStateChanged(qi, results[qi], detail);
    }

    void record(RequestTiming t)
    {
        // Keep the documented order even when events were delivered in one batch.
        if (t.firstByteMs >= 0 && t.finishedMs >= 0)
            t.firstByteMs = std::min(t.firstByteMs, t.finishedMs);
        if (t.sentMs >= 0 && t.firstByteMs >= 0)
            t.firstByteMs = std::max(t.firstByteMs, t.sentMs);
        if (t.connectStartMs >= 0) {
            t.connectStartMs = std::max(t.connectStartMs, t.sentMs);
            const double end = t.firstByteMs >= 0 ? t.firstByteMs : t.finishedMs;
            t.connectEndMs = std::clamp(t.connectEndMs, t.connectStartMs, std::max(end, t.connectStartMs));
        }
        timings.append(t);
        if (writer && runId)
            writer->writeRequest(runId, t);
        Q_EMIT q->requestFinished(mode, t);
    }

    int takeLane()
    {
        for (size_t i = 0; i < lanes.size(); ++i) {
            if (!lanes[i]) {
                lanes[i] = true;
                return int(i);
            }
        }
        lanes.push_back(true);
        return int(lanes.size()) - 1;
    }

    /// Sleeps on the event loop; cancel() wakes every sleeper at once.
    QCoro::Task<> sleepMs(qint64 ms)
    {
        if (ms <= 0 || cancelled)
            co_return;
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(std::chrono::milliseconds(ms));
        sleepers.insert(timer.get());
        timer->start();
        // QCoro's QTimer awaiter, not qCoro(timer, &QTimer::timeout): timeout() is a private
        // signal, and qCoro's catch-all lambda would bind a reference to its null
        // QPrivateSignal argument (UBSan: docs/reliability.md, "Sanitizers and fuzzing").
        co_await timer.get();
        sleepers.remove(timer.get());
    }

    /// The reset of a response's x-rate-limit-reset on the monotonic clock, -1 when absent.
    /// Saturates: an absurd reset is far ahead, never an overflow.
    /// An x-rate-limit-* header (X), else its ratelimit-* name (Bluesky's XRPC servers).
    static QByteArray rateLimitHeader(QNetworkReply *reply, const char *name)
    {
        const QByteArray x = reply->rawHeader(QByteArray("x-rate-limit-") + name);
        return x.isEmpty() ? reply->rawHeader(QByteArray("ratelimit-") + name) : x;
    }

    qint64 rateLimitResetMs(QNetworkReply *reply) const
    {
        const auto wait = rateLimitResetWaitMs(rateLimitHeader(reply, "reset"), QDateTime::currentMSecsSinceEpoch());
        if (!wait)
            return -1;
        return monoMs() + std::clamp<qint64>(*wait, -monoMs(), std::numeric_limits<qint64>::max() / 4);
    }

    void readRateLimitHeaders(QNetworkReply *reply)
    {
        bool okLimit = false, okRemaining = false;
        const int limit = rateLimitHeader(reply, "limit").trimmed().toInt(&okLimit);
        const int remaining = rateLimitHeader(reply, "remaining").trimmed().toInt(&okRemaining);
        const qint64 reset = rateLimitResetMs(reply);
        if (okLimit && okRemaining && reset > 0)
            limiter.updateFromHeaders(limit, remaining, reset, monoMs(), pool->inFlight());
    }

    // ---- Bluesky sessions (docs/bluesky.md): createSession before the first search, refreshSession
    // when the access token has expired (createSession again when that fails).
    QString refreshJwt;
    int sessionGeneration = 0; ///< +1 per new access token
    bool sessionBusy = false; ///< a session request is going; other pages wait for it
    static constexpr int maxSessionRenewals = 3; ///< per page: expired again after that fails the query

    /// Sends one session request through the pool (same origin, body bound, deadline). It is
    /// recorded as a request of the query whose page asked for it, as page 0 (docs/cli.md): its
    /// time is part of that query's and the run's.
    QCoro::Task<QString> sessionRequest(PreparedRequest prepared, SearchProvider::Session *out, int qi)
    {
        RequestTiming t;
        t.query = shownQuery(qi);
        t.queryIndex = qi;
        t.page = 0;
        t.scheduledMs = now();
        const int slot = co_await pool->acquire();
        if (slot < 0 || cancelled) {
            pool->release(slot);
            co_return QStringLiteral("cancelled");
        }
        QNetworkReply *reply = pool->send(slot, prepared);
        t.sentMs = now();
        t.lane = takeLane();
        replies.insert(reply);
        auto firstByte = std::make_shared<double>(-1);
        QObject::connect(reply, &QNetworkReply::metaDataChanged, q, [this, firstByte] {
            if (*firstByte < 0)
                *firstByte = now();
        });
        co_await qCoro(reply).waitForFinished(std::chrono::milliseconds(-1));
        t.finishedMs = now();
        t.firstByteMs = *firstByte;
        replies.remove(reply);
        pool->release(slot);
        lanes[size_t(t.lane)] = false;
        ReplyGuard *guard = ReplyGuard::of(reply);
        const QByteArray body = guard->takeBody();
        const QString guardFailure = guard->failureText();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        const QString netErrorText = reply->errorString();
        t.httpStatus = status;
        t.bytes = body.size();
        if (status > 0)
            readRateLimitHeaders(reply);
        reply->deleteLater();
        QString error;
        if (cancelled) {
            error = QStringLiteral("cancelled");
        } else if (!guardFailure.isEmpty()) {
            error = guardFailure;
        } else if (status >= 200 && status < 300) {
            const auto session = SearchProvider::parseSession(body, &error);
            if (session)
                *out = *session;
        } else {
            error = status > 0 ? SearchProvider::describeError(status, reason, body) : netErrorText;
        }
        t.error = error;
        record(t);
        co_return error;
    }

    /// Makes sure there is an access token newer than generation `seen`: refreshes when expired,
    /// signs in when there is none or the refresh fails. Empty on success, else why not.
    QCoro::Task<QString> renewSession(int seen, bool expired, int qi)
    {
        while (sessionBusy && !cancelled)
            co_await sleepMs(20);
        if (cancelled)
            co_return QStringLiteral("cancelled");
        if (sessionGeneration > seen && provider->hasAccessToken())
            co_return QString();
        sessionBusy = true;
        SearchProvider::Session session;
        QString error = QStringLiteral("no session");
        if (expired && !refreshJwt.isEmpty())
            error = co_await sessionRequest(provider->buildRefreshSession(refreshJwt, options), &session, qi);
        if (!error.isEmpty() && !cancelled)
            error = co_await sessionRequest(provider->buildCreateSession(options), &session, qi);
        sessionBusy = false;
        if (!error.isEmpty())
            co_return QStringLiteral("bluesky sign-in failed: %1").arg(error);
        provider->setAccessToken(session.accessJwt);
        refreshJwt = session.refreshJwt;
        ++sessionGeneration;
        co_return QString();
    }

    QCoro::Task<PageOutcome> fetchPage(int qi, int page, QString token)
    {
        int failures = 0;
        int rateLimitWaits = 0;
        int sessionRenewals = 0;
        for (int attempt = 1;; ++attempt) {
            RequestTiming t;
            t.query = shownQuery(qi);
            t.queryIndex = qi;
            t.page = page;
            t.attempt = attempt;
            t.scheduledMs = now();

            // Queueing: a rate-limit slot, then a free connection.
            const qint64 nowMono = monoMs();
            const qint64 sendAt = limiter.reserve(nowMono);
            if (sendAt > nowMono) {
                t.rateLimited = true;
                const qint64 wait = sendAt - nowMono;
                if (wait > options.maxRateLimitWaitMs + rateLimitWaitGraceMs)
                    co_return PageOutcome { Outcome::Failed, {},
                        rateLimitTooLongText(wait, options.maxRateLimitWaitMs) };
                if (wait >= announcedWaitMs)
                    setState(qi, QueryStatus::RateLimited, rateLimitedUntilText(wait));
                co_await sleepMs(wait);
            }
            if (cancelled)
                co_return PageOutcome { Outcome::Cancelled, {}, {} };
            const int slot = co_await pool->acquire();
            if (slot < 0 || cancelled) {
                pool->release(slot);
                co_return PageOutcome { Outcome::Cancelled, {}, {} };
            }

            const bool bluesky = provider->kind() == ProviderKind::Bluesky;
            if (bluesky && !provider->hasAccessToken()) {
                pool->release(slot);
                const QString why = co_await renewSession(sessionGeneration, false, qi);
                if (!why.isEmpty())
                    co_return PageOutcome { cancelled ? Outcome::Cancelled : Outcome::Failed, {}, why };
                --attempt;
                continue;
            }
            // The spacing holds between requests that went out, not only between their slots.
            while (const qint64 hold = limiter.holdBeforeSend(monoMs()))
                co_await sleepMs(hold);
            if (cancelled) {
                pool->release(slot);
                co_return PageOutcome { Outcome::Cancelled, {}, {} };
            }
            const int generation = sessionGeneration;
            const PreparedRequest prepared = provider->buildRequest(queries[qi], token, pageOptions(qi));
            limiter.sent(monoMs());
            QNetworkReply *reply = pool->send(slot, prepared);
            t.sentMs = now();
            t.lane = takeLane();
            replies.insert(reply);
            auto firstByte = std::make_shared<double>(-1);
            auto markFirstByte = [this, firstByte] {
                if (*firstByte < 0)
                    *firstByte = now();
            };
            QObject::connect(reply, &QNetworkReply::metaDataChanged, q, markFirstByte);
            QObject::connect(reply, &QNetworkReply::readyRead, q, markFirstByte);
            // The connection phase, for the request that opens a connection: connect and TLS
            // together (Qt 6.4 has no TCP-connected signal), until encrypted (https) or until the
            // request went out (plain http). HTTP/2 streams and reused connections have none.
            auto connectPhase = std::make_shared<std::pair<double, double>>(-1, -1);
            QObject::connect(reply, &QNetworkReply::socketStartedConnecting, q, [this, connectPhase] {
                if (connectPhase->first < 0)
                    connectPhase->first = now();
            });
            const auto connected = [this, connectPhase] {
                if (connectPhase->first >= 0 && connectPhase->second < 0)
                    connectPhase->second = now();
            };
            QObject::connect(reply, &QNetworkReply::encrypted, q, connected);
            QObject::connect(reply, &QNetworkReply::requestSent, q, connected);
            setState(qi, QueryStatus::Running,
                attempt > 1 ? QStringLiteral("page %1, attempt %2").arg(page).arg(attempt)
                            : QStringLiteral("page %1").arg(page));

            co_await qCoro(reply).waitForFinished(std::chrono::milliseconds(-1));

            t.finishedMs = now();
            t.firstByteMs = *firstByte;
            t.connectStartMs = connectPhase->first;
            t.connectEndMs = connectPhase->first >= 0
                ? (connectPhase->second >= 0 ? connectPhase->second
                                             : (t.firstByteMs >= 0 ? t.firstByteMs : t.finishedMs))
                : -1;
            replies.remove(reply);
            pool->release(slot);
            lanes[size_t(t.lane)] = false;
            ReplyGuard *guard = ReplyGuard::of(reply);
            const QByteArray body = guard->takeBody();
            const QString guardFailure = guard->failureText();
            const QString tlsErrors = guard->tlsErrorsText();
            t.bytes = body.size();
            t.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
            const QNetworkReply::NetworkError netError = reply->error();
            const QString netErrorText = reply->errorString();
            if (t.httpStatus > 0)
                readRateLimitHeaders(reply);
            const qint64 resetAt = t.httpStatus == 429 ? rateLimitResetMs(reply) : -1;
            reply->deleteLater();

            if (cancelled) {
                t.error = QStringLiteral("cancelled");
                record(t);
                co_return PageOutcome { Outcome::Cancelled, {}, {} };
            }

            if (!guardFailure.isEmpty()) {
                // Redirect to another origin, body past its bound, total deadline: the same
                // request would do the same again, so the query fails at once.
                t.error = guardFailure;
                record(t);
                co_return PageOutcome { Outcome::Failed, {}, guardFailure };
            }
            if (netError == QNetworkReply::SslHandshakeFailedError) {
                // The certificate is not trusted (or the handshake failed): trying again would
                // fail the same way, and the error is never ignored.
                t.error = tlsFailureText(prepared.request.url(), tlsErrors, netErrorText);
                record(t);
                co_return PageOutcome { Outcome::Failed, {}, t.error };
            }
            if (t.httpStatus >= 200 && t.httpStatus < 300 && netError == QNetworkReply::NoError) {
                // A named awaiter: g++ 12 mishandles non-trivial temporaries inside co_await.
                ParseOnPool parse { body, q, {} };
                PageData data = co_await parse;
                t.parsedMs = now();
                t.tweets = int(data.tweets.size());
                if (data.ok()) {
                    record(t);
                    co_return PageOutcome { Outcome::Ok, std::move(data), {} };
                }
                t.error = data.error;
                record(t);
            } else if (t.httpStatus == 429) {
                t.rateLimited = true;
                t.error = SearchProvider::describeError(t.httpStatus, reason, body);
                record(t);
                if (++rateLimitWaits > options.maxRateLimitWaits)
                    co_return PageOutcome { Outcome::Failed, {},
                        t.error
                            + QStringLiteral(" (still rate limited after %1 waits)").arg(options.maxRateLimitWaits) };
                const qint64 mono = monoMs();
                const qint64 until = resetAt > mono ? resetAt + 50
                                                    : mono
                        + backoffDelayMs(rateLimitWaits, std::max(options.retryBaseDelayMs, 1000),
                            options.retryMaxDelayMs, QRandomGenerator::global()->generateDouble());
                if (until - mono > options.maxRateLimitWaitMs + rateLimitWaitGraceMs)
                    co_return PageOutcome { Outcome::Failed, {},
                        rateLimitTooLongText(until - mono, options.maxRateLimitWaitMs) };
                limiter.blockUntil(until);
                setState(qi, QueryStatus::RateLimited, rateLimitedUntilText(until - mono));
                continue; // the next attempt waits for its slot in reserve(): queueing
            } else if (bluesky && (t.httpStatus == 400 || t.httpStatus == 401)
                && SearchProvider::xrpcErrorName(body) == QLatin1String("ExpiredToken")) {
                // The access token expired: a new one, then the same page again.
                t.error = SearchProvider::describeError(t.httpStatus, reason, body);
                record(t);
                if (++sessionRenewals > maxSessionRenewals)
                    co_return PageOutcome { Outcome::Failed, {}, t.error };
                const QString why = co_await renewSession(generation, true, qi);
                if (!why.isEmpty())
                    co_return PageOutcome { cancelled ? Outcome::Cancelled : Outcome::Failed, {}, why };
                continue;
            } else if (t.httpStatus >= 400 && t.httpStatus < 500) {
                t.error = SearchProvider::describeError(t.httpStatus, reason, body);
                record(t);
                co_return PageOutcome { Outcome::Failed, {}, t.error };
            } else {
                // 5xx, timeouts, refused or dropped connections, truncated bodies.
                t.error
                    = t.httpStatus >= 500 ? SearchProvider::describeError(t.httpStatus, reason, body) : netErrorText;
                if (netError == QNetworkReply::OperationCanceledError || netError == QNetworkReply::TimeoutError)
                    t.error = QStringLiteral("no data for %1 ms (transfer timeout)").arg(options.transferTimeoutMs);
                record(t);
            }
            if (++failures > options.maxRetries)
                co_return PageOutcome { Outcome::Failed, {},
                    QStringLiteral("%1 (gave up after %2 attempts)").arg(t.error).arg(attempt) };
            const qint64 delay = backoffDelayMs(failures, options.retryBaseDelayMs, options.retryMaxDelayMs,
                QRandomGenerator::global()->generateDouble());
            setState(qi, QueryStatus::Running,
                QStringLiteral("page %1: %2; retrying in %3 ms").arg(page).arg(t.error).arg(delay));
            co_await sleepMs(delay);
            if (cancelled)
                co_return PageOutcome { Outcome::Cancelled, {}, {} };
        }
    }

    /// The run's options, with a page no larger than what --limit still allows (within the
    /// provider's minimum page size).
    SearchOptions pageOptions(int qi) const
    {
        if (options.maxTweets <= 0)
            return options;
        SearchOptions o = options;
        o.maxResults = provider->clampMaxResults(std::min(options.maxResults, options.maxTweets - results[qi].tweets));
        return o;
    }

    bool limitReached(int qi) const { return options.maxTweets > 0 && results[qi].tweets >= options.maxTweets; }

    QCoro::Task<> runQuery(int qi)
    {
        const QueryProgress start = startPoints.value(qi);
        if (start.done) {
            setState(qi, QueryStatus::Ok, QStringLiteral("already complete"));
            co_return;
        }
        const QString problem = provider->validateQuery(queries[qi], options.kind);
        if (!problem.isEmpty()) {
            setState(qi, QueryStatus::Error, problem, problem);
            co_return;
        }
        QString token = start.nextToken;
        int page = start.pages;
        for (;;) {
            if (cancelled) {
                setState(qi, QueryStatus::Cancelled, QStringLiteral("cancelled"));
                co_return;
            }
            if (options.pages > 0 && page >= options.pages) {
                setState(qi, QueryStatus::Ok, QStringLiteral("%1 pages").arg(page));
                co_return;
            }
            if (limitReached(qi)) {
                setState(qi, QueryStatus::Ok, QStringLiteral("%1 pages, limit reached").arg(page));
                co_return;
            }
            ++page;
            PageOutcome outcome = co_await fetchPage(qi, page, token);
            if (outcome.outcome == Outcome::Cancelled) {
                setState(qi, QueryStatus::Cancelled, QStringLiteral("cancelled"));
                co_return;
            }
            if (outcome.outcome == Outcome::Failed) {
                setState(qi, QueryStatus::Error, outcome.error, outcome.error);
                co_return;
            }
            PageData &data = outcome.data;
            results[qi].pages += 1;
            results[qi].tweets += int(data.tweets.size());
            const bool last
                = data.nextToken.isEmpty() || (options.pages > 0 && page >= options.pages) || limitReached(qi);
            if (!data.unreadableTweets.isEmpty()) {
                results[qi].unreadableTweets += int(data.unreadableTweets.size());
                qCWarning(lcSearch).noquote() << "query" << qi << "page" << page << ":" << data.unreadableTweets.size()
                                              << "unreadable tweets, first:" << data.unreadableTweets.constFirst();
            }
            for (const Tweet &tweet : std::as_const(data.tweets)) {
                auto it = membership.find(tweet.id);
                if (it == membership.end()) {
                    // A copy of the id: the parser's shares one block with the tweet's other
                    // strings, which this key (kept for the whole run) would otherwise keep too.
                    it = membership.emplace(QString(tweet.id.constData(), tweet.id.size()), QList<int>()).first;
                }
                if (!it->second.contains(qi))
                    it->second.append(qi);
            }
            QList<MissingId> gone;
            if (hydrating()) {
                // One lookup answers the whole batch: what it did not return is missing, and why.
                data.nextToken.clear();
                gone = hydration::missingIds(queries[qi], data.tweets, data.problems, qi);
                missing += gone;
            }
            if (writer && runId)
                writer->writePage(runId, qi, page, data.tweets, data.nextToken, last || hydrating(), gone);
            Q_EMIT q->pageReceived(qi, data.tweets);
            if (hydrating()) {
                setState(qi, QueryStatus::Ok,
                    QStringLiteral("%1 of %2 ids found").arg(data.tweets.size()).arg(data.tweets.size() + gone.size()));
                co_return;
            }
            if (data.nextToken.isEmpty()) {
                setState(qi, QueryStatus::Ok, QStringLiteral("%1 pages, last page reached").arg(page));
                co_return;
            }
            if (!data.unreadableTweets.isEmpty())
                setState(qi, QueryStatus::Running,
                    QStringLiteral("page %1: %2 unreadable tweets").arg(page).arg(data.unreadableTweets.size()));
            token = data.nextToken;
        }
    }

    QCoro::Task<> worker()
    {
        while (!cancelled && nextQuery < queries.size()) {
            const int qi = nextQuery++;
            co_await runQuery(qi);
        }
    }

    QCoro::Task<RunSummary> runOnce(RunMode runMode, qint64 existingRunId)
    {
        mode = runMode;
        results.clear();
        for (int i = 0; i < queries.size(); ++i)
            results.append(QueryResult { shownQuery(i), 0, 0, QueryStatus::Queued, {} });
        missing = priorMissing;
        for (int i = 0; i < startPoints.size() && i < results.size(); ++i) {
            results[i].pages = startPoints[i].pages;
            results[i].tweets = startPoints[i].tweets;
        }
        timings.clear();
        membership.clear();
        lanes.clear();
        nextQuery = 0;
        pool = &poolFor(provider->baseUrl(), provider->tlsConfiguration());
        pool->resetMaxInFlight();
        pool->resetUsage();
        pool->setHttp2Connections(
            options.http2Connections > 0 ? options.http2Connections : TransportPool::defaultHttp2Connections);
        if (!pool->isPreconnected(provider->baseUrl(), provider->tlsConfiguration()))
            pool->preconnect(provider->baseUrl(), provider->tlsConfiguration(), expectedInFlight(runMode));
        runId = existingRunId;
        ensureWriter();
        if (writer && !runId) {
            QFuture<qint64> begun = writer->beginRun(runMode, providerName(provider->kind()),
                provider->baseUrl().toString(QUrl::RemoveUserInfo), queries, options);
            runId = co_await begun;
        }
        runClock.start();
        QStringList shown;
        for (int i = 0; i < queries.size(); ++i)
            shown << shownQuery(i);
        Q_EMIT q->runStarted(runMode, shown);
        for (int i = 0; i < results.size(); ++i)
            Q_EMIT q->queryStateChanged(i, results[i], QStringLiteral("queued"));

        int workers = 1;
        if (runMode == RunMode::Concurrent) {
            workers = int(queries.size());
            if (options.maxConcurrency > 0)
                workers = std::min(workers, options.maxConcurrency);
        }
        std::vector<QCoro::Task<>> tasks;
        tasks.reserve(size_t(workers));
        for (int w = 0; w < workers; ++w)
            tasks.push_back(worker());
        for (auto &t : tasks)
            co_await t;

        RunSummary summary;
        summary.mode = runMode;
        summary.provider = providerName(provider->kind());
        summary.baseUrl = provider->baseUrl().toString(QUrl::RemoveUserInfo);
        summary.wallMs = now();
        for (int i = 0; i < results.size(); ++i) {
            if (results[i].status == QueryStatus::Queued || results[i].status == QueryStatus::Running
                || results[i].status == QueryStatus::RateLimited)
                setState(i, QueryStatus::Cancelled, QStringLiteral("cancelled"));
            if (results[i].status == QueryStatus::Error)
                ++summary.failedQueries;
        }
        summary.tweets = int(membership.size());
        summary.requests = int(timings.size());
        summary.maxInFlight = pool->maxInFlight();
        summary.protocol = pool->protocol();
        summary.connections = pool->connectionsUsed();
        summary.connectionsOpened = pool->takeConnectionsOpened();
        for (const auto &t : std::as_const(timings))
            summary.latencySumMs += t.latencyMs();
        summary.queries = results;
        summary.requestTimings = timings;
        if (hydrating()) {
            summary.kind = RunKind::Hydrate;
            for (const QString &batch : std::as_const(queries))
                summary.hydration.requested += int(hydration::batchIds(batch).size());
            for (const QueryResult &r : std::as_const(results))
                summary.hydration.found += r.tweets;
            hydration::countMissing(missing, &summary.hydration);
            // In batch order (then the order within the batch), however the answers arrived.
            summary.missing = missing;
            std::stable_sort(summary.missing.begin(), summary.missing.end(),
                [](const MissingId &a, const MissingId &b) { return a.queryIndex < b.queryIndex; });
        }
        if (writer && runId) {
            // Resolves after every page, timing and state of the run is committed: whoever
            // reads the collection after runFinished() sees the whole run.
            QFuture<bool> saved = writer->finishRun(runId, summary);
            co_await saved;
        }
        co_return summary;
    }

    /// One run of a start: its mode, and the connection it talks to (an index into `connections`;
    /// -1: the one prepare() set up).
    struct Leg
    {
        RunMode mode = RunMode::Concurrent;
        int connection = -1;
    };

    QCoro::Task<> runAll(QList<Leg> legs, qint64 existingRunId)
    {
        {
            // Tasks are eager: without this, a run that sends nothing (every query invalid)
            // would emit finished() inside start(), before the caller connected or looped.
            QTimer later;
            later.setSingleShot(true);
            later.start(0);
            co_await later; // not qCoro(&later, &QTimer::timeout): see sleepMs()
        }
        for (qsizetype i = 0; i < legs.size(); ++i) {
            if (cancelled)
                break;
            const Leg &leg = legs.at(i);
            // Another provider: its own session, limits and pacing budget (checked by startAcross;
            // only a CA file gone since then fails here, and then no run is made on it).
            if (leg.connection >= 0 && i > 0 && !prepare(connections.at(leg.connection), queries, requestedOptions))
                break;
            RunSummary summary = co_await runOnce(leg.mode, existingRunId);
            existingRunId = 0;
            startPoints.clear(); // a compare's second run starts from the beginning
            priorMissing.clear();
            Q_EMIT q->runFinished(summary);
        }
        connections.clear();
        running = false;
        pool->resetAbort();
        Q_EMIT q->finished();
    }

    int expectedInFlight(RunMode runMode) const
    {
        if (runMode == RunMode::Sequential)
            return 1;
        const int n = int(queries.size());
        return options.maxConcurrency > 0 ? std::min(n, options.maxConcurrency) : n;
    }

    bool prepare(const ConnectionConfig &connection, const QStringList &qs, const SearchOptions &opts)
    {
        QString error;
        provider = SearchProvider::create(connection, &error);
        if (!provider) {
            qCWarning(lcSearch) << "cannot start:" << error;
            return false;
        }
        queries = qs;
        options = opts;
        requestedOptions = opts;
        refreshJwt.clear(); // a new provider: a new session
        sessionBusy = false;
        options.maxResults = provider->clampMaxResults(opts.maxResults);
        if (options.kind == RunKind::Hydrate) {
            options.pages = 1; // one lookup per batch
            options.maxTweets = 0;
        }
        const ProviderLimits l
            = options.kind == RunKind::Hydrate ? SearchProvider::lookupLimitsFor(provider->kind()) : provider->limits();
        QList<RateLimitWindow> windows { { l.windowRequests, l.windowMs } };
        if (!connection.rateLimit.isEmpty())
            windows = connection.rateLimit;
        limiter = RequestPacer(windows, l.perSecond);
        cancelled = false;
        running = true;
        return true;
    }
};

SearchRunner::SearchRunner(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->pools.push_back(std::make_unique<TransportPool>(16));
    d->pool = d->pools.front().get();
    d->monotonic.start();
    d->runClock.start();
}

SearchRunner::~SearchRunner()
{
    cancel();
}

void SearchRunner::setCollection(Collection *collection)
{
    if (collection != d->collection)
        d->writer.reset(); // waits for the pending writes of the previous collection
    d->collection = collection;
}

bool SearchRunner::start(
    const ConnectionConfig &connection, const QStringList &queries, RunMode mode, const SearchOptions &options)
{
    if (d->running || queries.isEmpty() || !d->prepare(connection, queries, options))
        return false;
    d->startPoints.clear();
    d->priorMissing.clear();
    d->task.emplace(d->runAll({ { mode } }, 0));
    return true;
}

bool SearchRunner::startCompare(
    const ConnectionConfig &connection, const QStringList &queries, const SearchOptions &options)
{
    if (d->running || queries.isEmpty() || !d->prepare(connection, queries, options))
        return false;
    d->startPoints.clear();
    d->priorMissing.clear();
    d->task.emplace(d->runAll({ { RunMode::Sequential }, { RunMode::Concurrent } }, 0));
    return true;
}

QString SearchRunner::acrossProblem(
    const QList<ConnectionConfig> &connections, const QStringList &queries, const SearchOptions &options)
{
    if (queries.isEmpty())
        return QStringLiteral("no query");
    if (connections.size() < 2)
        return QStringLiteral("a comparison needs two providers");
    // Every provider is checked before anything is sent: the second must not fail after the
    // first has run (no credentials, a bad base URL, a query it cannot take).
    for (const ConnectionConfig &connection : connections) {
        QString why;
        const auto provider = SearchProvider::create(connection, &why);
        if (!provider)
            return QStringLiteral("%1: %2").arg(providerName(connection.provider), why);
        for (qsizetype i = 0; i < queries.size(); ++i) {
            if (const QString problem = provider->validateQuery(queries.at(i), options.kind); !problem.isEmpty())
                return QStringLiteral("%1, query %2: %3")
                    .arg(providerName(connection.provider))
                    .arg(i + 1)
                    .arg(problem);
        }
    }
    return {};
}

bool SearchRunner::startAcross(const QList<ConnectionConfig> &connections, const QStringList &queries, RunMode mode,
    const SearchOptions &options, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (d->running)
        return fail(QStringLiteral("a run is going"));
    if (const QString problem = acrossProblem(connections, queries, options); !problem.isEmpty())
        return fail(problem);
    QList<Private::Leg> legs;
    for (qsizetype c = 0; c < connections.size(); ++c)
        legs.append({ mode, int(c) });
    if (!d->prepare(connections.constFirst(), queries, options))
        return fail(QStringLiteral("cannot start"));
    d->connections = connections;
    d->startPoints.clear();
    d->priorMissing.clear();
    d->task.emplace(d->runAll(legs, 0));
    return true;
}

bool SearchRunner::resume(const ConnectionConfig &connection, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (d->running)
        return fail(QStringLiteral("a run is going"));
    if (!d->collection || !d->collection->isOpen())
        return fail(QStringLiteral("no collection to resume"));
    QString e;
    const QList<StoredRun> runs = d->collection->runs(&e);
    if (!e.isEmpty())
        return fail(e);
    if (runs.isEmpty())
        return fail(QStringLiteral("the collection has no run to resume"));
    const StoredRun &last = runs.last();
    const QList<QueryProgress> progress = d->collection->progress(last.id, &e);
    if (!e.isEmpty())
        return fail(e);
    if (std::all_of(progress.begin(), progress.end(), [](const QueryProgress &p) { return p.done; }))
        return fail(QStringLiteral("every query of the last run is complete; nothing to resume"));
    QStringList queries;
    for (const auto &r : last.queries)
        queries << r.query;
    if (!d->prepare(connection, queries, last.options)) {
        QString why;
        SearchProvider::create(connection, &why);
        return fail(why);
    }
    d->startPoints = progress;
    d->priorMissing.clear();
    if (last.options.kind == RunKind::Hydrate) {
        d->priorMissing = d->collection->missingIds(last.id, &e);
        if (!e.isEmpty()) {
            d->running = false;
            return fail(e);
        }
    }
    d->task.emplace(d->runAll({ { last.mode } }, last.id));
    return true;
}

bool SearchRunner::preconnect(const ConnectionConfig &connection, int expectedInFlight, QString *error)
{
    // Credentials are not needed to connect (the GUI pre-connects before it reads the keychain).
    const QUrl base
        = connection.baseUrl.isEmpty() ? SearchProvider::defaultBaseUrl(connection.provider) : connection.baseUrl;
    if (!base.isValid() || base.host().isEmpty()
        || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))) {
        if (error)
            *error = QStringLiteral("no base URL to connect to");
        return false;
    }
    const auto tls = tlsConfigurationFor(connection.caFile, error);
    if (!tls)
        return false;
    if (!d->running) // a run's requests own the pools until it ends
        d->poolFor(base, *tls).preconnect(base, *tls, expectedInFlight);
    return true;
}

void SearchRunner::cancel()
{
    if (!d->running)
        return;
    d->cancelled = true;
    d->pool->abortWaiting();
    const auto replies = d->replies;
    for (QNetworkReply *reply : replies)
        reply->abort();
    const auto sleepers = d->sleepers;
    for (QTimer *timer : sleepers) {
        timer->setInterval(0);
        timer->start();
    }
}

bool SearchRunner::isRunning() const
{
    return d->running;
}

QStringList SearchRunner::queries() const
{
    return d->queries;
}

QString SearchRunner::baseUrl() const
{
    return d->provider ? d->provider->baseUrl().toString(QUrl::RemoveUserInfo) : QString();
}

QHash<QString, QList<int>> SearchRunner::tweetQueries() const
{
    QHash<QString, QList<int>> out;
    out.reserve(qsizetype(d->membership.size()));
    for (const auto &[id, queries] : d->membership)
        out.insert(id, queries);
    return out;
}

QList<QueryResult> SearchRunner::queryResults() const
{
    return d->results;
}

} // namespace ts::search
