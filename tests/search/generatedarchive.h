// SPDX-License-Identifier: MIT
#pragma once
// For the command-line tests: a generated archive (tweetscope-archive generate, so the CLI's
// own generator is part of the test) served by a LocalArchiveServer on 127.0.0.1, port 0.

#include "archive/service/localarchiveserver.h"

#include <QProcess>
#include <QString>

#include <memory>

namespace ts::testing {

/// Generates `tweets` tweets with `seed` into dbPath and serves them with `options` (dbPath
/// and a `none` latency filled in). Null and *error when either step fails.
inline std::unique_ptr<ts::archive::LocalArchiveServer> serveGeneratedArchive(
    const QString &dbPath, int tweets, int seed, ts::archive::ServiceOptions options, QString *error)
{
    QProcess gen;
    gen.start(QStringLiteral(TS_BIN_DIR "/tweetscope-archive"),
        { QStringLiteral("generate"), QStringLiteral("--db"), dbPath, QStringLiteral("--tweets"),
            QString::number(tweets), QStringLiteral("--seed"), QString::number(seed) });
    if (!gen.waitForFinished(60000) || gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0) {
        *error = QStringLiteral("tweetscope-archive generate failed: %1")
                     .arg(QString::fromUtf8(gen.readAllStandardError()));
        return nullptr;
    }
    options.dbPath = dbPath;
    options.latency = *ts::archive::LatencyProfile::parse(QStringLiteral("none"), error);
    auto server = std::make_unique<ts::archive::LocalArchiveServer>(options);
    if (!server->start(error))
        return nullptr;
    return server;
}

} // namespace ts::testing
