// SPDX-License-Identifier: MIT
#include "localarchiveserver.h"

#include "archiveservice.h"

#include <QThread>

namespace ts::archive {

using namespace Qt::StringLiterals;

struct LocalArchiveServer::Private
{
    ServiceOptions options;
    QThread thread;
    QObject *anchor = nullptr; ///< lives on the service thread; runs code there
    ArchiveService *service = nullptr; ///< created, used and deleted on the service thread
    quint16 port = 0;
};

LocalArchiveServer::LocalArchiveServer(ServiceOptions options)
    : d(std::make_unique<Private>())
{
    d->options = std::move(options);
    d->thread.setObjectName(u"tweetscope-archive-service"_s);
}

LocalArchiveServer::~LocalArchiveServer()
{
    stop();
}

bool LocalArchiveServer::start(QString *error)
{
    if (d->service)
        return true;
    if (d->options.dbPath.isEmpty()) {
        if (!ensureSampleArchive({}, error))
            return false;
        d->options.dbPath = sampleArchivePath();
    }
    d->thread.start();
    d->anchor = new QObject;
    d->anchor->moveToThread(&d->thread);
    bool ok = false;
    QString why;
    QMetaObject::invokeMethod(
        d->anchor,
        [this, &ok, &why] {
            auto *service = new ArchiveService(d->options);
            ok = service->start(&why);
            if (ok) {
                d->service = service;
                d->port = service->port();
            } else {
                delete service;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        stop();
        if (error)
            *error = why;
        return false;
    }
    return true;
}

void LocalArchiveServer::stop()
{
    if (!d->thread.isRunning())
        return;
    if (d->anchor) {
        QMetaObject::invokeMethod(
            d->anchor,
            [this] {
                delete d->service;
                d->service = nullptr;
            },
            Qt::BlockingQueuedConnection);
    }
    d->thread.quit();
    d->thread.wait();
    delete d->anchor;
    d->anchor = nullptr;
    d->port = 0;
}

bool LocalArchiveServer::isRunning() const
{
    return d->service != nullptr;
}

QUrl LocalArchiveServer::baseUrl() const
{
    QUrl url;
    url.setScheme(d->options.tlsCertFile.isEmpty() ? u"http"_s : u"https"_s);
    QHostAddress host = d->options.bindAddress;
    if (host == QHostAddress(QHostAddress::Any) || host == QHostAddress(QHostAddress::AnyIPv4))
        host = QHostAddress(QHostAddress::LocalHost);
    url.setHost(host.toString());
    url.setPort(d->port);
    return url;
}

quint16 LocalArchiveServer::port() const
{
    return d->port;
}

LocalArchiveStats LocalArchiveServer::stats() const
{
    LocalArchiveStats s;
    if (!d->service)
        return s;
    const ServiceCounters &c = d->service->counters();
    s.requests = c.requests.load();
    s.answered = c.answered.load();
    s.clientGone = c.clientGone.load();
    s.inFlight = c.inFlight.load();
    s.maxInFlight = c.maxInFlight.load();
    return s;
}

} // namespace ts::archive
