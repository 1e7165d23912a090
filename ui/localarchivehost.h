// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QUrl>

namespace ts::ui {

/**
 * Where the embedded local archive runs for the desktop app. The window asks for it to be
 * started (or restarted with another latency profile) and waits for ready() or failed();
 * generating the sample archive the first time reports progress().
 */
class LocalArchiveHost : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~LocalArchiveHost() override = default;

    /// Starts the archive with this latency profile; restarts it when the profile changed.
    virtual void start(const QString &latency) = 0;
    virtual bool isReady() const = 0;
    virtual QUrl baseUrl() const = 0;
    virtual QString latency() const = 0;
    /// The archive file it serves, for File > Import… (empty: none to import into).
    virtual QString archivePath() const { return {}; }

Q_SIGNALS:
    void ready(const QUrl &baseUrl);
    void failed(const QString &message);
    /// Generating the sample archive: percent 0-100 (or -1 when unknown) and what happens.
    void progress(int percent, const QString &text);
};

} // namespace ts::ui
