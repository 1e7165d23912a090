// SPDX-License-Identifier: MIT
#include "tlstestbed.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

namespace ts::testing {

namespace {

bool runOpenssl(const QString &dir, const QStringList &args, QString *error)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2 %3")
                     .arg(args.value(0), p.errorString(), QString::fromUtf8(p.readAll()).trimmed());
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &text, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool makeCa(const QString &dir, const QString &name, const QString &subject, QString *error)
{
    return runOpenssl(dir,
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
            name + QStringLiteral(".pem"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
            subject, QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
            QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign") },
        error);
}

} // namespace

bool makeTestCertificates(const QString &dir, TestCertificates *certificates, QString *error)
{
    if (!makeCa(dir, QStringLiteral("ca"), QStringLiteral("/CN=Tweetscope Test CA"), error)
        || !makeCa(dir, QStringLiteral("other-ca"), QStringLiteral("/CN=Tweetscope Unrelated CA"), error))
        return false;
    if (!writeFile(QDir(dir).filePath(QStringLiteral("server.ext")),
            "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:tweetscope.test\n"
            "basicConstraints=critical,CA:FALSE\n"
            "keyUsage=critical,digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\n",
            error))
        return false;
    if (!runOpenssl(dir,
            { QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                QStringLiteral("server.key"), QStringLiteral("-out"), QStringLiteral("server.csr"),
                QStringLiteral("-subj"), QStringLiteral("/CN=localhost") },
            error)
        || !runOpenssl(dir,
            { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
                QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                QStringLiteral("server.ext") },
            error))
        return false;
    const QDir d(dir);
    certificates->caFile = d.filePath(QStringLiteral("ca.pem"));
    certificates->otherCaFile = d.filePath(QStringLiteral("other-ca.pem"));
    certificates->certFile = d.filePath(QStringLiteral("server.pem"));
    certificates->keyFile = d.filePath(QStringLiteral("server.key"));
    return true;
}

quint16 freeLoopbackPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        return 0;
    return s.serverPort();
}

NginxProxy::NginxProxy() = default;

NginxProxy::~NginxProxy()
{
    stop();
}

QString NginxProxy::binary()
{
    QString path = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(QStringLiteral("nginx"), { QStringLiteral("/usr/sbin") });
    return path;
}

QUrl NginxProxy::baseUrl() const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_port));
}

QString NginxProxy::errorLog() const
{
    QFile f(QDir(m_dir).filePath(QStringLiteral("error.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll().right(4000));
}

bool NginxProxy::start(const QString &dir, const TestCertificates &certificates, quint16 upstreamPort, QString *error,
    const NginxOptions &options)
{
    stop();
    const QString nginx = binary();
    if (nginx.isEmpty()) {
        *error = QStringLiteral("nginx is not installed (scripts/setup.sh installs nginx-light)");
        return false;
    }
    m_dir = dir;
    const QDir d(dir);
    d.mkpath(QStringLiteral("temp"));
    // A port taken between freeLoopbackPort() and nginx's bind makes nginx exit: try again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freeLoopbackPort();
        if (m_port == 0) {
            *error = QStringLiteral("no free port on 127.0.0.1");
            return false;
        }
        const QString temp = d.filePath(QStringLiteral("temp"));
        // One process (master_process off): nothing is left behind when the test ends, however it ends.
        const QString conf = QStringLiteral("daemon off;\n"
                                            "master_process off;\n"
                                            "worker_processes 1;\n"
                                            "pid %1/nginx.pid;\n"
                                            "error_log %1/error.log warn;\n"
                                            "events { worker_connections 4096; }\n"
                                            "http {\n"
                                            "  access_log off;\n"
                                            "  client_body_temp_path %2/body;\n"
                                            "  proxy_temp_path %2/proxy;\n"
                                            "  fastcgi_temp_path %2/fastcgi;\n"
                                            "  uwsgi_temp_path %2/uwsgi;\n"
                                            "  scgi_temp_path %2/scgi;\n"
                                            "  upstream archive {\n"
                                            "    server 127.0.0.1:%3 max_fails=0;\n"
                                            "    keepalive %4;\n"
                                            "    keepalive_requests 1000000;\n"
                                            "    keepalive_timeout 20s;\n"
                                            "  }\n"
                                            "  server {\n"
                                            "    listen 127.0.0.1:%5 ssl%6;\n"
                                            "    server_name localhost;\n"
                                            "    ssl_certificate %7;\n"
                                            "    ssl_certificate_key %8;\n"
                                            "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                                            "    keepalive_requests %9;\n"
                                            "    keepalive_timeout 300s;\n"
                                            "    http2_max_concurrent_streams 128;\n"
                                            "    location / {\n"
                                            "      proxy_pass http://archive;\n"
                                            "      proxy_http_version 1.1;\n"
                                            "      proxy_set_header Connection \"\";\n"
                                            "      proxy_set_header Host $http_host;\n"
                                            "      proxy_read_timeout 120s;\n"
                                            "    }\n"
                                            "  }\n"
                                            "}\n")
                                 .arg(dir, temp)
                                 .arg(upstreamPort)
                                 .arg(options.upstreamKeepalive)
                                 .arg(m_port)
                                 .arg(options.http2 ? QStringLiteral(" http2") : QString())
                                 .arg(certificates.certFile, certificates.keyFile)
                                 .arg(options.keepaliveRequests);
        const QString confPath = d.filePath(QStringLiteral("nginx.conf"));
        if (!writeFile(confPath, conf.toUtf8(), error))
            return false;
        QFile::remove(d.filePath(QStringLiteral("error.log")));
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(nginx,
            { QStringLiteral("-p"), dir, QStringLiteral("-c"), confPath, QStringLiteral("-e"),
                d.filePath(QStringLiteral("error.log")) });
        if (!m_process->waitForStarted(10000)) {
            *error = QStringLiteral("cannot start nginx: %1").arg(m_process->errorString());
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 10000 && m_process->state() == QProcess::Running) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(200))
                return true;
            m_process->waitForFinished(50);
        }
        const QString log = errorLog() + QString::fromUtf8(m_process->readAll());
        stop();
        if (!log.contains(QLatin1String("Address already in use"))) {
            *error = QStringLiteral("nginx did not start: %1").arg(log.trimmed());
            return false;
        }
    }
    *error = QStringLiteral("nginx found no free port");
    return false;
}

void NginxProxy::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate(); // SIGTERM: nginx's fast shutdown
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

} // namespace ts::testing
