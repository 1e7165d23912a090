// SPDX-License-Identifier: MIT
#include "localarchiveserver.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace ts::archive {

using namespace Qt::StringLiterals;

QString LocalArchiveServer::sampleArchivePath()
{
    // AppLocalDataLocation of the application "tweetscope", whichever executable asks
    // (tweetscope, tweetscope-cli or tweetscope-archive), so they all share one sample.
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + u"/tweetscope/sample-archive.sqlite"_s;
}

bool LocalArchiveServer::ensureSampleArchive(const std::function<void(qint64, qint64)> &progress, QString *error)
{
    Q_UNUSED(progress)
    const QString path = sampleArchivePath();
    if (QFileInfo::exists(path))
        return true;
    if (error)
        *error = u"the sample archive generator is not available yet"_s;
    return false;
}

} // namespace ts::archive
