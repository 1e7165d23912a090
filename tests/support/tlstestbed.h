// SPDX-License-Identifier: MIT
#pragma once
// The TLS test bed of the suite and the benchmarks (library ts_testsupport): a throwaway CA and
// a server certificate made at test time with openssl (subjectAltName IP:127.0.0.1 and
// DNS:localhost), and nginx (Debian's nginx-light) in the foreground as a TLS-terminating
// reverse proxy speaking HTTP/2 in front of a plain HTTP/1.1 upstream (the local archive
// service on 127.0.0.1, port 0). docs/qt-notes.md, "HTTPS and HTTP/2", says why each nginx
// setting is there.

#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

namespace ts::testing {

/// PEM files of a test CA and of a server certificate it signed, with their keys.
struct TestCertificates
{
    QString caFile; ///< the CA certificate (what --ca-file trusts)
    QString certFile; ///< the server certificate (IP:127.0.0.1, DNS:localhost)
    QString keyFile; ///< its private key
    QString otherCaFile; ///< a second CA that signed nothing here (trusting it must not help)
};

/// Makes the CA, the server certificate and a second, unrelated CA in dir with openssl (EC
/// P-256, valid two days). False and *error when openssl is missing or fails.
bool makeTestCertificates(const QString &dir, TestCertificates *certificates, QString *error);

/// What the nginx test proxy is told.
struct NginxOptions
{
    int keepaliveRequests = 1000000; ///< per client connection; nginx sends GOAWAY after this many
    int upstreamKeepalive = 256; ///< idle connections to the upstream kept per worker
    bool http2 = true; ///< false: HTTP/1.1 over TLS only
};

/// A running `nginx -g 'daemon off;'` with its own prefix, configuration, error log and temp
/// paths under a directory of the caller; stopped by the destructor.
class NginxProxy
{
public:
    NginxProxy();
    ~NginxProxy();
    NginxProxy(const NginxProxy &) = delete;
    NginxProxy &operator=(const NginxProxy &) = delete;

    /// The nginx binary, or empty when it is not installed.
    static QString binary();

    /// Writes the configuration into dir and starts nginx on a free port of 127.0.0.1, proxying
    /// to http://127.0.0.1:upstreamPort. Blocks until it accepts connections (true) or failed.
    bool start(const QString &dir, const TestCertificates &certificates, quint16 upstreamPort, QString *error,
        const NginxOptions &options = {});
    void stop();

    quint16 port() const { return m_port; }
    /// https://127.0.0.1:PORT (the certificate names IP:127.0.0.1 and DNS:localhost).
    QUrl baseUrl() const;
    /// The error log so far (for failure messages).
    QString errorLog() const;

private:
    std::unique_ptr<QProcess> m_process;
    QString m_dir;
    quint16 m_port = 0;
};

/// A free port of 127.0.0.1, from binding port 0 and letting it go (for programs that cannot
/// bind port 0 themselves and say which they got, like nginx). 0 when none could be had.
quint16 freeLoopbackPort();

} // namespace ts::testing
