// SPDX-License-Identifier: MIT
#include "transportpool.h"

#include "common/urltext.h"
#include "searchprovider.h"

#include <QDateTime>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTime>
#include <QTimer>

#include <QCoroSignal>

#include <cmath>
#include <limits>

namespace ts::search {

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace

bool isSameOrigin(const QUrl &origin, const QUrl &target)
{
    if (!target.isValid() || origin.scheme().compare(target.scheme(), Qt::CaseInsensitive) != 0
        || origin.host().compare(target.host(), Qt::CaseInsensitive) != 0)
        return false;
    const int defaultPort = origin.scheme() == QLatin1String("https") ? 443 : 80;
    return origin.port(defaultPort) == target.port(defaultPort);
}

std::optional<qint64> rateLimitResetWaitMs(QByteArrayView resetHeader, qint64 nowEpochMs)
{
    const QByteArrayView text = resetHeader.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    constexpr qint64 maxSeconds = std::numeric_limits<qint64>::max() / 4000;
    bool ok = false;
    qint64 seconds = text.toLongLong(&ok);
    if (!ok) {
        // "1e17" or "1.7e9": a number all the same; a reset beyond int64 seconds saturates.
        const double d = text.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return std::nullopt;
        seconds = d >= double(maxSeconds) ? maxSeconds : d <= 0 ? 0 : qint64(d);
    }
    if (seconds <= 0)
        return std::nullopt;
    seconds = std::min(seconds, maxSeconds);
    return seconds * 1000 - nowEpochMs;
}

QString rateLimitedUntilText(qint64 waitMs)
{
    constexpr qint64 day = 24ll * 3600 * 1000;
    constexpr qint64 century = 100 * 366 * day;
    waitMs = std::max<qint64>(waitMs, 0);
    if (waitMs < day)
        return QStringLiteral("rate limited until %1")
            .arg(QTime::currentTime().addMSecs(int(waitMs)).toString(QStringLiteral("HH:mm:ss")));
    if (waitMs < century)
        return QStringLiteral("rate limited until %1")
            .arg(QDateTime::currentDateTime().addMSecs(waitMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    return QStringLiteral("rate limited until a reset more than a century away");
}

QString rateLimitTooLongText(qint64 waitMs, qint64 maxWaitMs)
{
    constexpr qint64 century = 100ll * 366 * 24 * 3600 * 1000;
    if (waitMs >= century)
        return QStringLiteral("%1 (the maximum rate-limit wait is %2 s)")
            .arg(rateLimitedUntilText(waitMs))
            .arg(maxWaitMs / 1000);
    return QStringLiteral("%1 (a wait of %2 s; the maximum rate-limit wait is %3 s)")
        .arg(rateLimitedUntilText(waitMs))
        .arg((waitMs + 999) / 1000)
        .arg(maxWaitMs / 1000);
}

ReplyGuard::ReplyGuard(QNetworkReply *reply, const TransferLimits &limits)
    : QObject(reply)
    , m_reply(reply)
    , m_limits(limits)
    , m_origin(reply->request().url())
{
    if (m_limits.readBufferBytes > 0)
        reply->setReadBufferSize(m_limits.readBufferBytes);
    connect(reply, &QNetworkReply::readyRead, this, &ReplyGuard::readAvailable);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300 && status < 400)
            return; // a redirect's own body is not the answer
        bool ok = false;
        const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if (!ok || length < 0)
            return;
        if (length > m_limits.maxBodyBytes)
            return fail(Failure::BodyTooLarge,
                QStringLiteral("the response announces %1 bytes, more than the maximum body size of %2 "
                               "(max-body-size); not read")
                    .arg(length)
                    .arg(sizeText(m_limits.maxBodyBytes)));
        if (m_body.capacity() < length + TweetParser::padding)
            m_body.reserve(length + TweetParser::padding);
    });
    connect(reply, &QNetworkReply::redirected, this, [this](const QUrl &target) {
        if (isSameOrigin(m_origin, target)) {
            Q_EMIT m_reply->redirectAllowed();
            return;
        }
        fail(Failure::RedirectRefused,
            QStringLiteral("redirected to %1, another origin than %2: not followed (credentials are never sent "
                           "to another origin)")
                .arg(redactedUrl(target), redactedUrl(m_origin.adjusted(QUrl::RemovePath | QUrl::RemoveQuery))));
    });
    connect(reply, &QNetworkReply::finished, this, [this] {
        readAvailable();
        if (m_deadline)
            m_deadline->stop();
    });
    if (m_limits.deadlineMs > 0) {
        m_deadline = new QTimer(this);
        m_deadline->setSingleShot(true);
        m_deadline->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
        connect(m_deadline, &QTimer::timeout, this, [this] {
            fail(Failure::DeadlineExceeded,
                QStringLiteral("no complete answer within %1 ms (request deadline)").arg(m_limits.deadlineMs));
        });
        m_deadline->start(std::chrono::milliseconds(m_limits.deadlineMs));
    }
}

ReplyGuard *ReplyGuard::of(const QNetworkReply *reply)
{
    return reply ? reply->findChild<ReplyGuard *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void ReplyGuard::readAvailable()
{
    if (m_failure != Failure::None || !m_reply->isOpen())
        return;
    for (;;) {
        const qint64 available = m_reply->bytesAvailable();
        if (available <= 0)
            return;
        const qint64 size = m_body.size();
        if (size + available > m_limits.maxBodyBytes)
            return fail(Failure::BodyTooLarge,
                QStringLiteral("the response body is larger than the maximum body size of %1 (max-body-size); "
                               "aborted after %2 bytes")
                    .arg(sizeText(m_limits.maxBodyBytes))
                    .arg(size + available));
        const qint64 needed = size + available + TweetParser::padding;
        if (m_body.capacity() < needed) {
            // Doubling keeps the copies linear; the cap keeps a body within its bound.
            m_body.reserve(std::min(
                std::max(needed, qint64(m_body.capacity()) * 2), m_limits.maxBodyBytes + TweetParser::padding));
        }
        m_body.resize(size + available);
        const qint64 got = m_reply->read(m_body.data() + size, available);
        m_body.resize(size + std::max<qint64>(got, 0));
        if (got <= 0)
            return;
    }
}

QByteArray ReplyGuard::takeBody()
{
    readAvailable();
    return std::exchange(m_body, {});
}

void ReplyGuard::fail(Failure failure, const QString &text)
{
    if (m_failure != Failure::None)
        return;
    m_failure = failure;
    m_failureText = text;
    m_body = QByteArray();
    if (m_deadline)
        m_deadline->stop();
    m_reply->abort();
}

TransportPool::TransportPool(int maxManagers, QObject *parent)
    : QObject(parent)
    , m_maxManagers(std::max(1, maxManagers))
{ }

TransportPool::~TransportPool() = default;

int TransportPool::tryAcquire()
{
    int best = -1;
    for (int i = 0; i < int(m_managers.size()); ++i) {
        if (m_managers[i].inFlight < connectionsPerManager
            && (best < 0 || m_managers[i].inFlight < m_managers[best].inFlight))
            best = i;
    }
    // Prefer a fresh manager over doubling up on a busy one: a busy manager's free connection may
    // still be opening, and new managers are cheap.
    if ((best < 0 || m_managers[best].inFlight > 0) && int(m_managers.size()) < m_maxManagers) {
        auto nam = std::make_unique<QNetworkAccessManager>();
        nam->setAutoDeleteReplies(false);
        m_managers.push_back(Entry { std::move(nam), 0 });
        best = int(m_managers.size()) - 1;
    }
    if (best < 0)
        return -1;
    ++m_managers[best].inFlight;
    ++m_inFlight;
    m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
    return best;
}

QCoro::Task<int> TransportPool::acquire()
{
    for (;;) {
        if (m_aborted)
            co_return -1;
        const int index = tryAcquire();
        if (index >= 0)
            co_return index;
        co_await qCoro(this, &TransportPool::slotFreed);
    }
}

void TransportPool::release(int index)
{
    if (index < 0 || index >= int(m_managers.size()))
        return;
    --m_managers[index].inFlight;
    --m_inFlight;
    Q_EMIT slotFreed();
}

QNetworkAccessManager *TransportPool::manager(int index) const
{
    return m_managers.at(index).manager.get();
}

QNetworkReply *TransportPool::send(int slot, const PreparedRequest &request)
{
    QNetworkAccessManager *nam = manager(slot);
    QNetworkReply *reply
        = request.verb == "POST" ? nam->post(request.request, request.body) : nam->get(request.request);
    new ReplyGuard(reply, request.limits);
    return reply;
}

void TransportPool::abortWaiting()
{
    m_aborted = true;
    Q_EMIT slotFreed();
}

} // namespace ts::search
