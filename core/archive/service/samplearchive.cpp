// SPDX-License-Identifier: MIT
// The sample archive: what the local archive serves when nothing else is configured.
#include "archive/corpusgenerator.h"
#include "localarchiveserver.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace ts::archive {

using namespace Qt::StringLiterals;

QString LocalArchiveServer::sampleArchivePath()
{
    // The AppLocalDataLocation of the application "tweetscope" (organization "Tweetscope"),
    // whichever executable asks (tweetscope, tweetscope-cli or tweetscope-archive), so that
    // they all share one sample archive.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + u"/Tweetscope/tweetscope/sample-archive.sqlite"_s;
}

bool LocalArchiveServer::ensureSampleArchive(const std::function<void(qint64, qint64)> &progress, QString *error)
{
    return ensureSampleArchive(progress, error, SampleArchiveTweets);
}

bool LocalArchiveServer::ensureSampleArchive(
    const std::function<void(qint64, qint64)> &progress, QString *error, qint64 tweets)
{
    const QString path = sampleArchivePath();
    if (QFileInfo::exists(path))
        return true;
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = u"cannot create the folder %1"_s.arg(QFileInfo(path).absolutePath());
        return false;
    }
    // Generated under another name and renamed when complete: an interrupted run never
    // leaves a half archive that would be taken for the sample next time.
    const QString partial = path + u".partial"_s;
    QFile::remove(partial);
    CorpusGenerator::Result result;
    {
        ArchiveStore store;
        if (!store.open(partial, error))
            return false;
        CorpusGenerator::Options options;
        options.tweets = tweets;
        options.endMs = QDateTime::currentMSecsSinceEpoch();
        result = CorpusGenerator::generate(store, options, [&progress](qint64 done, qint64 total) {
            if (progress)
                progress(done, total);
            return true;
        });
        store.close();
    }
    if (result.error || result.inserted != tweets) {
        QFile::remove(partial);
        if (error) {
            *error = result.error ? result.error->message
                                  : u"the generator stopped after %1 of %2 tweets"_s.arg(result.inserted).arg(tweets);
        }
        return false;
    }
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        if (error)
            *error = u"cannot move the new archive to %1"_s.arg(path);
        return false;
    }
    return true;
}

} // namespace ts::archive
