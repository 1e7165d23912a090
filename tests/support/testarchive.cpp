// SPDX-License-Identifier: MIT
#include "testarchive.h"

#include "archive/archivestore.h"
#include "archive/service/localarchiveserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

namespace ts::testing {

Tweet tweetAt(const QString &id, qint64 createdAtMs, const QString &text)
{
    Tweet t;
    t.id = id;
    t.createdAtMs = createdAtMs;
    t.text = text;
    t.allText = text;
    t.authorId = QStringLiteral("42");
    t.authorUsername = QStringLiteral("someone");
    t.rawJson = QByteArray("{\"id\":\"") + id.toUtf8() + "\",\"text\":\"" + text.toUtf8() + "\"}";
    return t;
}

void useThrowawayHome(const QString &dir)
{
    qputenv("HOME", QFile::encodeName(dir));
    qputenv("XDG_DATA_HOME", QFile::encodeName(QDir(dir).filePath(QStringLiteral("data"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(QDir(dir).filePath(QStringLiteral("config"))));
    qunsetenv("TWEETSCOPE_BEARER_TOKEN");
    qunsetenv("TWEETSCOPE_PASSWORD");
}

void useThrowawayHomeAndSettings(const QString &dir, const QString &appName)
{
    useThrowawayHome(dir);
    QCoreApplication::setOrganizationName(QStringLiteral("TweetscopeTest"));
    QCoreApplication::setApplicationName(appName);
    QSettings().clear();
}

void useNoKeychain(const QString &dir)
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(QDir(dir).filePath(QStringLiteral("no-bus"))));
}

bool writeArchive(const QString &path, const QList<Tweet> &tweets, QString *error)
{
    ts::archive::ArchiveStore store;
    if (!store.open(path, error))
        return false;
    const auto r = store.insert(tweets);
    if (const auto *e = std::get_if<ts::archive::StoreError>(&r)) {
        *error = e->message;
        return false;
    }
    return true;
}

bool generateArchive(const QString &path, int tweets, int seed, QString *error)
{
    QProcess gen;
    gen.start(QStringLiteral(TS_BIN_DIR "/tweetscope-archive"),
        { QStringLiteral("generate"), QStringLiteral("--db"), path, QStringLiteral("--tweets"), QString::number(tweets),
            QStringLiteral("--seed"), QString::number(seed) });
    if (!gen.waitForFinished(60000) || gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0) {
        *error = QStringLiteral("tweetscope-archive generate failed: %1")
                     .arg(QString::fromUtf8(gen.readAllStandardError()));
        return false;
    }
    return true;
}

ts::archive::ServiceOptions testServiceOptions()
{
    ts::archive::ServiceOptions options;
    options.latency = ts::archive::LatencyProfile { ts::archive::LatencyProfile::Kind::None, 0, 0 };
    return options;
}

std::unique_ptr<ts::archive::LocalArchiveServer> serveArchive(
    const QString &path, ts::archive::ServiceOptions options, QString *error)
{
    options.dbPath = path;
    auto server = std::make_unique<ts::archive::LocalArchiveServer>(options);
    if (!server->start(error))
        return nullptr;
    return server;
}

int connectionsTo(quint16 port)
{
#ifdef Q_OS_LINUX
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int count = 0;
    while (const dirent *entry = readdir(dir)) {
        const int fd = atoi(entry->d_name);
        sockaddr_in peer {};
        socklen_t length = sizeof peer;
        if (fd > 2 && fd != dirfd(dir) && getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) == 0
            && peer.sin_family == AF_INET && ntohs(peer.sin_port) == port)
            ++count;
    }
    closedir(dir);
    return count;
#else
    Q_UNUSED(port);
    return -1;
#endif
}

} // namespace ts::testing
