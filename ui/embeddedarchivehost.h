// SPDX-License-Identifier: MIT
#pragma once

#include "localarchivehost.h"

#include <memory>

namespace ts::archive {
class LocalArchiveServer;
}

namespace ts::ui {

/**
 * The local archive inside the app: LocalArchiveServer on its own thread, serving the sample
 * archive (generated off the GUI thread the first time, with progress) or a given file.
 */
class EmbeddedArchiveHost : public LocalArchiveHost
{
    Q_OBJECT
public:
    /// dbPath empty: the sample archive.
    explicit EmbeddedArchiveHost(const QString &dbPath = {}, QObject *parent = nullptr);
    ~EmbeddedArchiveHost() override;

    void start(const QString &latency) override;
    bool isReady() const override;
    QUrl baseUrl() const override;
    QString latency() const override { return m_latency; }
    QString archivePath() const override;

private:
    void listen(const QString &latency);

    QString m_dbPath;
    QString m_latency;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
    bool m_generating = false;
};

} // namespace ts::ui
