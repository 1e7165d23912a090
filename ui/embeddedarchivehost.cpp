// SPDX-License-Identifier: MIT
#include "embeddedarchivehost.h"

#include "archive/service/localarchiveserver.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QPointer>
#include <QtConcurrent>

namespace ts::ui {

EmbeddedArchiveHost::EmbeddedArchiveHost(const QString &dbPath, QObject *parent)
    : LocalArchiveHost(parent)
    , m_dbPath(dbPath)
{ }

EmbeddedArchiveHost::~EmbeddedArchiveHost() = default;

bool EmbeddedArchiveHost::isReady() const
{
    return m_server && m_server->isRunning();
}

QString EmbeddedArchiveHost::archivePath() const
{
    return m_dbPath.isEmpty() ? ts::archive::LocalArchiveServer::sampleArchivePath() : m_dbPath;
}

QUrl EmbeddedArchiveHost::baseUrl() const
{
    return isReady() ? m_server->baseUrl() : QUrl();
}

void EmbeddedArchiveHost::start(const QString &latency)
{
    if (m_generating)
        return;
    if (isReady() && latency == m_latency) {
        Q_EMIT ready(baseUrl());
        return;
    }
    if (!m_dbPath.isEmpty() || QFileInfo::exists(ts::archive::LocalArchiveServer::sampleArchivePath())) {
        listen(latency);
        return;
    }
    // First start: generate the sample archive on a worker thread; the window stays usable
    // and shows the progress in its status bar.
    m_generating = true;
    Q_EMIT progress(0, tr("Generating the sample archive (first start only)…"));
    QPointer<EmbeddedArchiveHost> self(this);
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, latency] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_generating = false;
        Q_EMIT progress(100, QString());
        if (!error.isEmpty()) {
            Q_EMIT failed(tr("the sample archive could not be generated: %1").arg(error));
            return;
        }
        listen(latency);
    });
    watcher->setFuture(QtConcurrent::run([self] {
        QString error;
        ts::archive::LocalArchiveServer::ensureSampleArchive(
            [self](qint64 done, qint64 total) {
                const int percent = total > 0 ? int(done * 100 / total) : -1;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, percent, done] {
                        if (self)
                            Q_EMIT self->progress(std::min(percent, 99),
                                tr("Generating the sample archive: %1 tweets").arg(QLocale().toString(done)));
                    },
                    Qt::QueuedConnection);
            },
            &error);
        return error;
    }));
}

void EmbeddedArchiveHost::listen(const QString &latency)
{
    ts::archive::ServiceOptions options;
    options.dbPath = m_dbPath.isEmpty() ? ts::archive::LocalArchiveServer::sampleArchivePath() : m_dbPath;
    QString error;
    const auto profile = ts::archive::LatencyProfile::parse(latency, &error);
    if (!profile) {
        Q_EMIT failed(tr("latency \"%1\": %2").arg(latency, error));
        return;
    }
    options.latency = *profile;
    m_server.reset(); // a new latency profile needs a new server
    auto server = std::make_unique<ts::archive::LocalArchiveServer>(options);
    if (!server->start(&error)) {
        Q_EMIT failed(error);
        return;
    }
    m_server = std::move(server);
    m_latency = latency;
    Q_EMIT ready(m_server->baseUrl());
}

} // namespace ts::ui
