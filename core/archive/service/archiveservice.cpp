// SPDX-License-Identifier: MIT
#include "archiveservice.h"

#include "blueskyapi.h"
#include "enterpriserenderer.h"
#include "requestparser.h"
#include "v2renderer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QThread>
#include <QThreadPool>
#include <QThreadStorage>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace ts::archive {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcService, "tweetscope.archive.service", QtWarningMsg)

namespace {

enum class Endpoint : quint8 {
    Health,
    V2SearchRecent,
    V2SearchAll,
    V2CountsRecent,
    V2CountsAll,
    V2Lookup, ///< GET /2/tweets?ids=
    V2LookupOne, ///< GET /2/tweets/:id
    EnterpriseData,
    EnterpriseCounts,
    XrpcSearchPosts, ///< app.bsky.feed.searchPosts (docs/bluesky.md)
    XrpcCreateSession,
    XrpcRefreshSession
};

// Compares secrets in constant time (no early exit that would leak the matching prefix).
bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    unsigned diff = unsigned(a.size() ^ b.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= unsigned(uchar(a[i]) ^ uchar(i < b.size() ? b[i] : 0));
    return diff == 0;
}

/// The calling worker thread's read-only connection to the archive at path (opened on first
/// use). QThreadStorage, not thread_local: it deletes the store inside QThread's own finish,
/// on that thread and before QThread::wait() returns, so the connection is closed before
/// Qt SQL's registry can go away (a thread_local destructor runs later and raced with exit).
ArchiveStore *workerStore(const QString &path, QString *error)
{
    static QThreadStorage<ArchiveStore *> stores;
    ArchiveStore *store = stores.localData();
    if (store && store->path() == path)
        return store;
    auto opened = std::make_unique<ArchiveStore>();
    if (!opened->open(path, error, /*readOnly=*/true))
        return nullptr;
    stores.setLocalData(opened.get()); // deletes the previous one
    return opened.release();
}

} // namespace

struct ArchiveService::Routed
{
    Api api = Api::None;
    std::optional<Endpoint> endpoint;
    std::optional<HttpAnswer> early; ///< 404, 405
    QueryItems items;
    QByteArray body;
    bool post = false;
    bool thirtyDay = false;
    QString pathId; ///< the :id of /2/tweets/:id
};

ArchiveService::ArchiveService(ServiceOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_limiter(m_options.rateLimit)
    , m_recentLimiter(ts::xRecentBudget())
    , m_allLimiter(ts::xAllBudget())
    , m_countsLimiter(QList<RateLimitWindow> { { 300, 15 * 60 * 1000 } })
    , m_lookupLimiter(QList<RateLimitWindow> { { 900, 15 * 60 * 1000 } })
    , m_rng(m_options.seed ? QRandomGenerator(quint32(*m_options.seed ^ (*m_options.seed >> 32)))
                           : QRandomGenerator::securelySeeded())
    , m_sessions(std::make_unique<bluesky::Sessions>(bluesky::Sessions::Options {
          m_options.blueskyIdentifier, m_options.blueskyPassword, m_options.blueskyAccessTtlMs }))
    , m_workers(std::make_unique<QThreadPool>())
{
    m_workers->setObjectName(QStringLiteral("tweetscope-archive-workers"));
    m_workers->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

ArchiveService::~ArchiveService()
{
    // Pages still being computed finish first; their answers are dropped with this object.
    m_workers->waitForDone();
}

std::optional<QSslConfiguration> ArchiveService::tlsConfiguration(
    const QString &certFile, const QString &keyFile, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<QSslConfiguration> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (certFile.isEmpty() || keyFile.isEmpty())
        return fail(u"TLS needs both a certificate and a key (--tls-cert and --tls-key)"_s);
    constexpr qint64 MaxPemBytes = 1 << 20;
    auto readPem = [&](const QString &path, QByteArray *bytes) -> QString {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return u"cannot read '%1': %2"_s.arg(path, f.errorString());
        *bytes = f.read(MaxPemBytes + 1);
        if (bytes->size() > MaxPemBytes)
            return u"'%1' is larger than 1 MiB"_s.arg(path);
        return {};
    };
    QByteArray certPem, keyPem;
    if (QString why = readPem(certFile, &certPem); !why.isEmpty())
        return fail(why);
    if (QString why = readPem(keyFile, &keyPem); !why.isEmpty())
        return fail(why);
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (chain.isEmpty())
        return fail(u"'%1' holds no PEM certificate"_s.arg(certFile));
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : { QSsl::Ec, QSsl::Rsa, QSsl::Dsa }) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return fail(u"'%1' holds no unencrypted PEM private key"_s.arg(keyFile));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    // HTTP/1.1 only: this server has no HTTP/2 (a client offering h2 is told http/1.1).
    tls.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 });
    return tls;
}

bool ArchiveService::start(QString *error)
{
    if (!m_store.open(m_options.dbPath, error, /*readOnly=*/true))
        return false;
    m_tweetCount = m_store.tweetCount();
    const qint64 realNow = QDateTime::currentMSecsSinceEpoch();
    if (const auto span = m_store.timeSpan(); span && span->second < realNow)
        m_archiveClockMs = span->second + 1;

    // Our own QTcpServer, for a listen backlog that takes hundreds of simultaneous
    // connections (the default of 50 makes the rest retry their SYN after a second).
    QTcpServer *server = nullptr;
    if (!m_options.tlsCertFile.isEmpty() || !m_options.tlsKeyFile.isEmpty()) {
        const auto tls = tlsConfiguration(m_options.tlsCertFile, m_options.tlsKeyFile, error);
        if (!tls)
            return false;
        auto *sslServer = new QSslServer(this);
        sslServer->setSslConfiguration(*tls);
        // A client that connects and never finishes its handshake is dropped like a slow request.
        sslServer->setHandshakeTimeout(m_options.http.requestTimeoutMs);
        server = sslServer;
    } else {
        server = new QTcpServer(this);
    }
    server->setListenBacklogSize(1024);
    if (!server->listen(m_options.bindAddress, m_options.port)) {
        if (error) {
            *error = u"cannot listen on %1:%2: %3"_s.arg(m_options.bindAddress.toString())
                         .arg(m_options.port)
                         .arg(server->errorString());
        }
        delete server;
        return false;
    }
    m_port = server->serverPort();
    m_http = new HttpServer(m_options.http, this);
    m_http->serve(server);
    m_http->setHandler([this](HttpRequest request, HttpExchange exchange) { handleRequest(request, exchange); });
    m_http->setErrorBody([this](int status, const QByteArray &reason) -> QByteArray {
        // Refused before routing: the v2 problem shape, with the reason and the rate-limit headers.
        HttpAnswer a = errors::v2Problem(status, QString::fromLatin1(reason));
        if (status == 503)
            a.addHeader("Retry-After", "1");
        const RateLimitDecision limit = m_limiter.peek(QDateTime::currentMSecsSinceEpoch());
        if (limit.limit > 0) {
            a.addHeader("x-rate-limit-limit", QByteArray::number(limit.limit));
            a.addHeader("x-rate-limit-remaining", QByteArray::number(limit.remaining));
            a.addHeader("x-rate-limit-reset", QByteArray::number(limit.resetEpochS));
        }
        return httpHead(a.status, a.contentType, a.body.size(), a.headers, true) + a.body;
    });
    return true;
}

qint64 ArchiveService::nowMs() const
{
    if (m_options.nowMs)
        return *m_options.nowMs;
    return m_archiveClockMs > 0 ? m_archiveClockMs : QDateTime::currentMSecsSinceEpoch();
}

ServiceRateLimiter &ArchiveService::limiterFor(const Routed &r)
{
    if (!m_options.xApiBudgets || !r.endpoint)
        return m_limiter;
    switch (*r.endpoint) {
    case Endpoint::V2SearchRecent:
        return m_recentLimiter;
    case Endpoint::V2SearchAll:
        return m_allLimiter;
    case Endpoint::V2CountsRecent:
    case Endpoint::V2CountsAll:
        return m_countsLimiter;
    case Endpoint::V2Lookup:
    case Endpoint::V2LookupOne:
        return m_lookupLimiter;
    default:
        return m_limiter;
    }
}

HttpServerStats ArchiveService::httpStats() const
{
    return m_http ? m_http->stats() : HttpServerStats {};
}

ArchiveService::Routed ArchiveService::route(const HttpRequest &request)
{
    Routed r;
    const QString path = QUrl::fromPercentEncoding(request.path());
    const QByteArray &method = request.method;
    r.api = path.startsWith(u"/search/"_s) ? Api::Enterprise
        : path.startsWith(u"/2/"_s)        ? Api::V2
        : path.startsWith(u"/xrpc/"_s)     ? Api::Xrpc
                                           : Api::None;

    auto problem = [&r](int status) {
        return r.api == Api::Enterprise ? errors::enterprise(status, QString::fromLatin1(reasonPhrase(status)))
            : r.api == Api::Xrpc        ? bluesky::errorForStatus(status)
                                        : errors::v2Problem(status);
    };

    static const QRegularExpression enterpriseRe(
        u"^/search/(30day|fullarchive)/accounts/([^/]+)/([^/]+?)(\\.json|/counts\\.json)$"_s);
    static const QRegularExpression lookupOneRe(u"^/2/tweets/([^/]+)$"_s);
    QByteArray allow = "GET";
    if (path == u"/healthz"_s) {
        r.endpoint = Endpoint::Health;
    } else if (path == u"/2/tweets/search/recent"_s) {
        r.endpoint = Endpoint::V2SearchRecent;
    } else if (path == u"/2/tweets/search/all"_s) {
        r.endpoint = Endpoint::V2SearchAll;
    } else if (path == u"/2/tweets/counts/recent"_s) {
        r.endpoint = Endpoint::V2CountsRecent;
    } else if (path == u"/2/tweets/counts/all"_s) {
        r.endpoint = Endpoint::V2CountsAll;
    } else if (path == u"/2/tweets"_s) {
        r.endpoint = Endpoint::V2Lookup;
    } else if (const auto m = lookupOneRe.match(path); m.hasMatch()) {
        r.endpoint = Endpoint::V2LookupOne;
        r.pathId = m.captured(1);
    } else if (const auto m = enterpriseRe.match(path); m.hasMatch()) {
        r.endpoint = m.captured(4) == u".json"_s ? Endpoint::EnterpriseData : Endpoint::EnterpriseCounts;
        r.thirtyDay = m.captured(1) == u"30day"_s;
        allow = "GET, POST";
    } else if (path == u"/xrpc/app.bsky.feed.searchPosts"_s) {
        r.endpoint = Endpoint::XrpcSearchPosts;
    } else if (path == u"/xrpc/com.atproto.server.createSession"_s) {
        r.endpoint = Endpoint::XrpcCreateSession;
        allow = "POST";
    } else if (path == u"/xrpc/com.atproto.server.refreshSession"_s) {
        r.endpoint = Endpoint::XrpcRefreshSession;
        allow = "POST";
    }
    if (!r.endpoint) {
        // XRPC answers a method it does not have with 501 MethodNotImplemented.
        r.early = problem(r.api == Api::Xrpc ? 501 : 404);
        return r;
    }
    const bool postAllowed = allow.contains("POST");
    const bool getAllowed = allow.contains("GET");
    if (!(getAllowed && method == "GET") && !(postAllowed && method == "POST")) {
        HttpAnswer a = problem(405);
        a.addHeader("Allow", allow);
        r.early = a;
        return r;
    }
    r.post = method == "POST";
    r.items = decodeQueryString(request.query());
    r.body = request.body;
    return r;
}

std::optional<HttpAnswer> ArchiveService::checkAuth(const HttpRequest &request, Api api) const
{
    const QByteArray auth = request.header("authorization");
    if (api == Api::Xrpc) // searchPosts: a session's access token, always (as at the PDS)
        return m_sessions->check(auth, QDateTime::currentMSecsSinceEpoch());
    if (api == Api::Enterprise && !m_options.username.isEmpty()) {
        const QByteArray expected
            = "Basic " + QByteArray(m_options.username.toUtf8() + ':' + m_options.password.toUtf8()).toBase64();
        if (sameSecret(auth, expected))
            return std::nullopt;
        HttpAnswer a = errors::enterprise(401, u"Unauthorized: the request needs valid HTTP Basic credentials"_s);
        a.addHeader("WWW-Authenticate", "Basic realm=\"tweetscope\"");
        return a;
    }
    if (!m_options.bearerToken.isEmpty()) {
        if (sameSecret(auth, "Bearer " + m_options.bearerToken.toUtf8()))
            return std::nullopt;
        HttpAnswer a = api == Api::Enterprise ? errors::enterprise(401, u"Unauthorized"_s) : errors::v2Problem(401);
        a.addHeader("WWW-Authenticate", "Bearer");
        return a;
    }
    return std::nullopt;
}

HttpAnswer ArchiveService::storeFailure(Api api, const QString &message) const
{
    // The store's own message (an SQLite text) goes to the log, never to the client.
    qCWarning(lcService) << "archive store failed:" << message;
    return api == Api::Enterprise
        ? errors::enterprise(500, u"There were errors processing your request: the archive could not be read"_s)
        : errors::v2Problem(500, u"The archive could not be read."_s);
}

HttpAnswer ArchiveService::answer(const Routed &r) const
{
    QString error;
    ArchiveStore *store = workerStore(m_options.dbPath, &error);
    if (!store)
        return storeFailure(r.api, error);
    switch (*r.endpoint) {
    case Endpoint::V2SearchRecent:
    case Endpoint::V2SearchAll:
        return answerV2Search(r, *store);
    case Endpoint::V2CountsRecent:
    case Endpoint::V2CountsAll:
        return answerV2Counts(r, *store);
    case Endpoint::V2Lookup:
    case Endpoint::V2LookupOne:
        return answerV2Lookup(r, *store);
    case Endpoint::EnterpriseData:
    case Endpoint::EnterpriseCounts:
        return answerEnterprise(r, *store);
    case Endpoint::XrpcSearchPosts:
        return answerSearchPosts(r, *store);
    case Endpoint::Health:
    case Endpoint::XrpcCreateSession:
    case Endpoint::XrpcRefreshSession:
        break;
    }
    return storeFailure(r.api, QStringLiteral("no handler for this endpoint"));
}

HttpAnswer ArchiveService::answerV2Search(const Routed &r, ArchiveStore &store) const
{
    const V2Endpoint ep = *r.endpoint == Endpoint::V2SearchRecent ? V2Endpoint::Recent : V2Endpoint::All;
    auto parsed = requests::parseV2Search(r.items, ep, nowMs());
    if (auto *e = std::get_if<HttpAnswer>(&parsed))
        return *e;
    const V2SearchRequest &req = std::get<V2SearchRequest>(parsed);
    auto result = store.search(req.params);
    if (auto *qe = std::get_if<QueryError>(&result))
        return requests::v2QueryError(req.params.query, *qe);
    if (auto *se = std::get_if<StoreError>(&result)) {
        // An unknown page token is the client's mistake, not a failure of the store.
        return storeFailure(Api::V2, se->message);
    }
    const SearchPage &page = std::get<SearchPage>(result);
    return HttpAnswer::json(200, v2::renderSearchPage(page.tweets, req.fields, page.nextToken));
}

HttpAnswer ArchiveService::answerV2Counts(const Routed &r, ArchiveStore &store) const
{
    const V2Endpoint ep = *r.endpoint == Endpoint::V2CountsRecent ? V2Endpoint::Recent : V2Endpoint::All;
    auto parsed = requests::parseV2Counts(r.items, ep, nowMs());
    if (auto *e = std::get_if<HttpAnswer>(&parsed))
        return *e;
    const CountsRequest &req = std::get<CountsRequest>(parsed);
    // Past 31 days of buckets the answer comes in pages, the newest first (as /counts/all does).
    const auto window = ArchiveStore::countsWindow(req.startMs, req.endMs, req.granularity, req.pageToken);
    if (!window) {
        return errors::v2InvalidRequest("next_token", { req.pageToken },
            u"The `next_token` query parameter value [%1] is not valid"_s.arg(req.pageToken));
    }
    auto result = store.counts(req.query, req.maxQueryLength, window->startMs, window->endMs, req.granularity);
    if (auto *qe = std::get_if<QueryError>(&result))
        return requests::v2QueryError(req.query, *qe);
    if (auto *se = std::get_if<StoreError>(&result))
        return storeFailure(Api::V2, se->message);
    const auto buckets
        = requests::fillBuckets(std::get<QList<CountBucket>>(result), window->startMs, window->endMs, req.granularity);
    return HttpAnswer::json(200, v2::renderCountsPage(buckets, window->nextToken));
}

HttpAnswer ArchiveService::answerV2Lookup(const Routed &r, ArchiveStore &store) const
{
    auto parsed = requests::parseV2Lookup(
        r.items, *r.endpoint == Endpoint::V2LookupOne ? std::optional<QString>(r.pathId) : std::nullopt);
    if (auto *e = std::get_if<HttpAnswer>(&parsed))
        return *e;
    const V2LookupRequest &req = std::get<V2LookupRequest>(parsed);
    std::vector<quint64> ids;
    ids.reserve(size_t(req.ids.size()));
    for (const QString &id : req.ids)
        ids.push_back(id.toULongLong());
    QString error;
    const auto found = store.tweetsById(ids, /*withRawJson=*/true, &error);
    if (!found)
        return storeFailure(Api::V2, error);
    // tweetsById keeps the request's order and leaves out what the archive does not hold.
    QSet<QString> held;
    for (const StoredTweet &st : *found)
        held.insert(st.tweet.id);
    QStringList missing;
    for (const QString &id : req.ids) {
        if (!held.contains(QString::number(id.toULongLong())))
            missing << id;
    }
    return HttpAnswer::json(200, v2::renderLookupPage(*found, missing, req.fields, req.single));
}

HttpAnswer ArchiveService::answerEnterprise(const Routed &r, ArchiveStore &store) const
{
    const bool counts = *r.endpoint == Endpoint::EnterpriseCounts;
    auto parsed = requests::parseEnterprise(r.items, r.post ? &r.body : nullptr, counts, r.thirtyDay, nowMs());
    if (auto *e = std::get_if<HttpAnswer>(&parsed))
        return *e;
    const EnterpriseRequest &req = std::get<EnterpriseRequest>(parsed);
    if (counts) {
        // At most 31 days of buckets per page, the newest first; `next` asks for the older ones.
        const auto window
            = ArchiveStore::countsWindow(*req.params.startMs, *req.params.endMs, req.bucket, req.params.pageToken);
        if (!window)
            return errors::enterprise(422, u"There were errors processing your request: invalid next token"_s);
        auto result
            = store.counts(req.params.query, req.params.maxQueryLength, window->startMs, window->endMs, req.bucket);
        if (auto *qe = std::get_if<QueryError>(&result))
            return requests::enterpriseQueryError(*qe);
        if (auto *se = std::get_if<StoreError>(&result))
            return storeFailure(Api::Enterprise, se->message);
        const auto buckets
            = requests::fillBuckets(std::get<QList<CountBucket>>(result), window->startMs, window->endMs, req.bucket);
        return HttpAnswer::json(200, enterprise::renderCountsPage(buckets, req.requestParameters, window->nextToken));
    }
    auto result = store.search(req.params);
    if (auto *qe = std::get_if<QueryError>(&result))
        return requests::enterpriseQueryError(*qe);
    if (auto *se = std::get_if<StoreError>(&result))
        return storeFailure(Api::Enterprise, se->message);
    const SearchPage &page = std::get<SearchPage>(result);
    return HttpAnswer::json(200,
        enterprise::renderSearchPage(
            page.tweets, m_options.enterpriseFormat, req.tag, page.nextToken, req.requestParameters));
}

HttpAnswer ArchiveService::answerSearchPosts(const Routed &r, ArchiveStore &store) const
{
    auto parsed = bluesky::parseSearchPosts(r.items);
    if (auto *e = std::get_if<HttpAnswer>(&parsed))
        return *e;
    const bluesky::SearchPostsRequest &req = std::get<bluesky::SearchPostsRequest>(parsed);
    if (req.noMatch)
        return HttpAnswer::json(200, bluesky::renderSearchPosts({}, {}));
    auto result = store.search(req.params);
    if (auto *qe = std::get_if<QueryError>(&result)) {
        if (!req.params.pageToken.isEmpty() && qe->reason.contains(u"next_token"_s))
            return bluesky::error(400, u"InvalidRequest"_s, u"Error: cursor is not valid"_s);
        return bluesky::error(400, u"BadQueryString"_s, u"Error: %1"_s.arg(qe->reason));
    }
    if (auto *se = std::get_if<StoreError>(&result)) {
        qCWarning(lcService) << "archive store failed:" << se->message;
        return bluesky::errorForStatus(500);
    }
    const SearchPage &page = std::get<SearchPage>(result);
    return HttpAnswer::json(200, bluesky::renderSearchPosts(page.tweets, page.nextToken));
}

void ArchiveService::handleRequest(const HttpRequest &request, const HttpExchange &exchange)
{
    ++m_counters.requests;
    const int inFlight = ++m_counters.inFlight;
    for (int seen = m_counters.maxInFlight.load(); inFlight > seen;) {
        if (m_counters.maxInFlight.compare_exchange_weak(seen, inFlight))
            break;
    }

    const bool keepAlive = request.keepAlive;
    const Routed r = route(request);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (r.early) {
        deliver(exchange, keepAlive, *r.early, m_limiter.peek(now), 0);
        return;
    }
    if (*r.endpoint == Endpoint::Health) {
        const QJsonObject health { { u"status"_s, u"ok"_s }, { u"tweets"_s, m_tweetCount },
            { u"now"_s, v2::isoTime(nowMs()) } };
        deliver(exchange, keepAlive, HttpAnswer::json(200, QJsonDocument(health).toJson(QJsonDocument::Compact)),
            m_limiter.peek(now), 0);
        return;
    }
    if (*r.endpoint == Endpoint::XrpcCreateSession || *r.endpoint == Endpoint::XrpcRefreshSession) {
        // Sessions live on this thread: answered here, with the latency and the rate limit.
        const RateLimitDecision limit = limiterFor(r).take(now);
        HttpAnswer a = !limit.allowed                    ? bluesky::errorForStatus(429)
            : *r.endpoint == Endpoint::XrpcCreateSession ? m_sessions->create(r.body, now)
                                                         : m_sessions->refresh(request.header("authorization"), now);
        deliver(exchange, keepAlive, std::move(a), limit, m_options.latency.sampleMs(m_rng), Fault::None, r.api);
        return;
    }
    if (auto denied = checkAuth(request, r.api)) {
        deliver(exchange, keepAlive, *denied, limiterFor(r).peek(now), m_options.latency.sampleMs(m_rng), Fault::None,
            r.api);
        return;
    }
    const RateLimitDecision limit = limiterFor(r).take(now);
    if (!limit.allowed) {
        deliver(exchange, keepAlive,
            r.api == Api::Enterprise ? errors::enterprise(429, u"Exceeded rate limit"_s)
                : r.api == Api::Xrpc ? bluesky::errorForStatus(429)
                                     : errors::v2Problem(429),
            limit, m_options.latency.sampleMs(m_rng), Fault::None, r.api);
        return;
    }

    // Faults and latency are drawn now, in arrival order, so a seeded service stays reproducible.
    const Fault fault = m_options.faults.pick(m_rng);
    const int latencyMs = m_options.latency.sampleMs(m_rng);
    QElapsedTimer sinceArrival;
    sinceArrival.start();
    const Api api = r.api;
    QtConcurrent::run(m_workers.get(), [this, r] { return answer(r); })
        .then(this,
            [this, exchange, keepAlive, api, limit, fault, latencyMs, sinceArrival, now,
                resetMs = m_options.tooManyRequestsResetMs](HttpAnswer answer) {
                // Injected faults replace the answer (or the way it is sent).
                const auto problem = [api](int status) {
                    return api == Api::Enterprise
                        ? errors::enterprise(status, QString::fromLatin1(reasonPhrase(status)))
                        : api == Api::Xrpc ? bluesky::errorForStatus(status)
                                           : errors::v2Problem(status);
                };
                RateLimitDecision headers = limit;
                switch (fault) {
                case Fault::ServiceUnavailable:
                    answer = problem(503);
                    break;
                case Fault::InternalError:
                    answer = problem(500);
                    break;
                case Fault::TooManyRequests:
                    // A 429 that clears soon.
                    answer = problem(429);
                    headers.limit = limit.limit;
                    headers.remaining = 0;
                    headers.resetEpochS = (now + resetMs + 999) / 1000;
                    break;
                default:
                    break;
                }
                // The latency counts from the arrival: the time spent on the page is part of it.
                const int remainingMs = latencyMs > 0 ? std::max(1, int(latencyMs - sinceArrival.elapsed())) : 0;
                deliver(exchange, keepAlive, std::move(answer), headers, remainingMs, fault, api);
            });
}

void ArchiveService::deliver(const HttpExchange &exchange, bool keepAlive, HttpAnswer answer,
    const RateLimitDecision &limit, int delayMs, Fault fault, Api api)
{
    if (limit.limit > 0 && api == Api::Xrpc) {
        // The XRPC server's names (draft-ietf-httpapi-ratelimit-headers), window in seconds.
        answer.addHeader("ratelimit-limit", QByteArray::number(limit.limit));
        answer.addHeader("ratelimit-remaining", QByteArray::number(limit.remaining));
        answer.addHeader("ratelimit-reset", QByteArray::number(limit.resetEpochS));
        answer.addHeader("ratelimit-policy",
            QByteArray::number(limit.limit) + ";w=" + QByteArray::number(std::max<qint64>(limit.windowS, 1)));
    } else if (limit.limit > 0) {
        answer.addHeader("x-rate-limit-limit", QByteArray::number(limit.limit));
        answer.addHeader("x-rate-limit-remaining", QByteArray::number(limit.remaining));
        answer.addHeader("x-rate-limit-reset", QByteArray::number(limit.resetEpochS));
    }
    // The client may go away before the timer fires: the answer is then skipped.
    if (delayMs <= 0) {
        write(exchange, keepAlive, answer, fault);
        return;
    }
    QTimer::singleShot(delayMs, Qt::PreciseTimer, this,
        [this, exchange, keepAlive, answer = std::move(answer), fault] { write(exchange, keepAlive, answer, fault); });
}

void ArchiveService::write(const HttpExchange &exchange, bool keepAlive, const HttpAnswer &answer, Fault fault)
{
    if (!m_http->isOpen(exchange)) {
        finishOne(false);
        return;
    }
    const auto head = [&answer, keepAlive](qint64 length) -> QByteArray {
        return httpHead(answer.status, answer.contentType, length, answer.headers, !keepAlive);
    };
    switch (fault) {
    case Fault::Drop:
        // Close without a word: the client sees the connection end before any answer.
        m_http->finish(exchange, HttpEnding::Abort);
        finishOne(true);
        return;
    case Fault::Truncated:
        // Promise the whole body, send half of it, hang up.
        m_http->write(exchange, head(answer.body.size()) + answer.body.left(answer.body.size() / 2));
        m_http->finish(exchange, HttpEnding::Close);
        finishOne(true);
        return;
    case Fault::Malformed: {
        // A 200 whose body stops in the middle of the JSON and goes on with garbage.
        const QByteArray bad = answer.body.left(answer.body.size() / 2) + "<!-- upstream error -->\x01";
        m_http->write(exchange, head(bad.size()) + bad);
        m_http->finish(exchange);
        finishOne(true);
        return;
    }
    case Fault::Slow: {
        // Headers now, then the body in pieces over slowBodyMs.
        m_http->write(exchange, head(answer.body.size()));
        constexpr int Pieces = 10;
        const qsizetype piece = std::max<qsizetype>(1, (answer.body.size() + Pieces - 1) / Pieces);
        const int stepMs = std::max(1, m_options.slowBodyMs / Pieces);
        for (int i = 0; i < Pieces; ++i) {
            const QByteArray part = answer.body.mid(i * piece, piece);
            const bool last = i == Pieces - 1;
            QTimer::singleShot((i + 1) * stepMs, Qt::PreciseTimer, this, [this, exchange, part, last] {
                if (!m_http->isOpen(exchange)) {
                    if (last)
                        finishOne(false);
                    return;
                }
                if (!part.isEmpty())
                    m_http->write(exchange, part);
                if (last) {
                    m_http->finish(exchange);
                    finishOne(true);
                }
            });
        }
        return;
    }
    default:
        m_http->write(exchange, head(answer.body.size()) + answer.body);
        m_http->finish(exchange);
        finishOne(true);
        return;
    }
}

void ArchiveService::finishOne(bool delivered)
{
    --m_counters.inFlight;
    ++(delivered ? m_counters.answered : m_counters.clientGone);
}

} // namespace ts::archive
