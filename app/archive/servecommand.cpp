// SPDX-License-Identifier: MIT
// tweetscope-archive serve: the local archive over the X API v2 and Enterprise search APIs.
#include "servecommand.h"
#include "archive/archivestore.h"
#include "archive/service/archiveservice.h"
#include "archive/service/localarchiveserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace ts::archive;

namespace {

int signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char c = 1;
    // Only async-signal-safe work here: wake the event loop through the pipe.
    [[maybe_unused]] const auto n = ::write(signalPipe[0], &c, 1);
}

// Ctrl-C and SIGTERM end the event loop, so the server stops cleanly (destructors run).
void installSignalHandlers(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
        notifier->setEnabled(false);
        char c;
        [[maybe_unused]] const auto n = ::read(signalPipe[1], &c, 1);
        QCoreApplication::quit();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

/// A secret of the service: from --NAME (with a warning: /proc/PID/cmdline is readable by every
/// user), --NAME-file or the environment variable, in that order. Empty when none is given;
/// nullopt with *error (which never holds the secret) on a mistake.
std::optional<QString> secret(const QCommandLineParser &parser, const QCommandLineOption &flag,
    const QCommandLineOption &file, const char *envName, QString *error)
{
    const QString name = flag.names().constFirst();
    if (parser.isSet(flag) && parser.isSet(file)) {
        *error = u"--%1 and --%1-file exclude each other"_s.arg(name);
        return std::nullopt;
    }
    QString value;
    if (parser.isSet(flag)) {
        value = parser.value(flag);
        ts::cli::err() << "warning: --" << name
                       << " can be read by other users of this machine in the process list; use --" << name
                       << "-file or " << envName << '\n';
        ts::cli::err().flush();
    } else if (parser.isSet(file)) {
        constexpr qint64 MaxSecretFile = 64 * 1024;
        QFile f(parser.value(file));
        if (!f.open(QIODevice::ReadOnly)) {
            *error = u"cannot read --%1-file '%2': %3"_s.arg(name, parser.value(file), f.errorString());
            return std::nullopt;
        }
        const QByteArray bytes = f.read(MaxSecretFile + 1);
        if (bytes.size() > MaxSecretFile) {
            *error = u"--%1-file '%2' is larger than 64 KiB"_s.arg(name, parser.value(file));
            return std::nullopt;
        }
        value = QString::fromUtf8(bytes.left(bytes.indexOf('\n') < 0 ? bytes.size() : bytes.indexOf('\n'))).trimmed();
        if (value.isEmpty()) {
            *error = u"--%1-file '%2' holds no %1 on its first line"_s.arg(name, parser.value(file));
            return std::nullopt;
        }
        return value;
    } else {
        return qEnvironmentVariable(envName);
    }
    if (value.isEmpty()) {
        *error = u"invalid value for --%1: it must not be empty"_s.arg(name);
        return std::nullopt;
    }
    return value;
}

} // namespace

ts::cli::Parsed<ServeOptions> parseServeOptions(const QStringList &args)
{
    using ts::cli::usage;
    QCommandLineParser parser;
    const QCommandLineOption db(
        u"db"_s, u"Archive to serve (default: the sample archive, created on first use)."_s, u"FILE"_s);
    const QCommandLineOption bindOpt(
        u"bind"_s, u"Address to listen on (default 127.0.0.1)."_s, u"HOST"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"Port to listen on; 0 picks a free one (default 0)."_s, u"P"_s, u"0"_s);
    const QCommandLineOption latency(u"latency"_s,
        u"Delay per request: none, fixed:MS, lognormal:MEDIAN_MS,SIGMA or realistic "
        "(default; about 700 ms median, like Gnip 30-day search)."_s,
        u"PROFILE"_s, u"realistic"_s);
    const QCommandLineOption faults(u"faults"_s,
        u"Fault probabilities per request, e.g. 503:0.1,500:0.05,429:0.05,drop:0.02,"
        "slow:0.05,truncated:0.02,malformed:0.02."_s,
        u"SPEC"_s);
    const QCommandLineOption rateLimit(u"rate-limit"_s,
        u"Request budget of every endpoint, e.g. 450/900s, 1/s, 120/min, 300/15m,1/s, x-recent or x-all; "
        "'x': the X API v2's budget per endpoint (search/recent 450/15min, search/all 300/15min and 1/s, "
        "counts 300/15min, lookup 900/15min). Default: unlimited (the x-rate-limit-* headers say 10000000 "
        "per 15 minutes)."_s,
        u"SPEC"_s);
    const QCommandLineOption tokenOpt(u"token"_s,
        u"Require 'Authorization: Bearer T'. Other users can read it in the process list: prefer "
        "--token-file or TWEETSCOPE_SERVE_TOKEN."_s,
        u"T"_s);
    const QCommandLineOption tokenFile(
        u"token-file"_s, u"Read the bearer token to require from FILE (its first line)."_s, u"FILE"_s);
    const QCommandLineOption user(u"user"_s, u"Require HTTP Basic credentials on Enterprise endpoints."_s, u"U"_s);
    const QCommandLineOption password(u"password"_s,
        u"Password for --user. Other users can read it in the process list: prefer --password-file or "
        "TWEETSCOPE_SERVE_PASSWORD."_s,
        u"P"_s);
    const QCommandLineOption passwordFile(
        u"password-file"_s, u"Read the password for --user from FILE (its first line)."_s, u"FILE"_s);
    const QCommandLineOption format(u"format"_s, u"Enterprise result format: activity-streams (default) or original."_s,
        u"FORMAT"_s, u"activity-streams"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed for latency and fault draws (reproducible runs)."_s, u"S"_s);
    const HttpServerLimits defaults;
    const QCommandLineOption maxConnections(u"max-connections"_s,
        u"Connections served at once; more get 503 (default %1)."_s.arg(defaults.maxConnections), u"N"_s);
    const QCommandLineOption idleTimeout(u"idle-timeout"_s,
        u"Close a keep-alive connection after MS with nothing to answer (default %1)."_s.arg(defaults.idleTimeoutMs),
        u"MS"_s);
    const QCommandLineOption requestTimeout(u"request-timeout"_s,
        u"A request must arrive whole within MS of its first byte, else 408 (default %1)."_s.arg(
            defaults.requestTimeoutMs),
        u"MS"_s);
    const QCommandLineOption maxRequestLine(u"max-request-line"_s,
        u"Longest request line in bytes, else 414 (default %1)."_s.arg(defaults.request.maxRequestLineBytes),
        u"BYTES"_s);
    const QCommandLineOption maxHeaderBytes(u"max-header-bytes"_s,
        u"Most bytes of header lines, else 431 (default %1)."_s.arg(defaults.request.maxHeaderBytes), u"BYTES"_s);
    const QCommandLineOption maxHeaders(u"max-headers"_s,
        u"Most header fields, else 431 (default %1)."_s.arg(defaults.request.maxHeaderFields), u"N"_s);
    const QCommandLineOption maxBody(u"max-body"_s,
        u"Largest request body in bytes, else 413 (default %1)."_s.arg(defaults.request.maxBodyBytes), u"BYTES"_s);
    const QCommandLineOption blueskyIdentifier(u"bluesky-identifier"_s,
        u"Bluesky (/xrpc/): createSession accepts only this handle (default: any identifier)."_s, u"HANDLE"_s);
    const QCommandLineOption blueskyPassword(u"bluesky-password"_s,
        u"Bluesky: the app password createSession accepts (default: any). Other users can read it in the "
        "process list: prefer --bluesky-password-file or TWEETSCOPE_SERVE_BLUESKY_PASSWORD."_s,
        u"PASSWORD"_s);
    const QCommandLineOption blueskyPasswordFile(
        u"bluesky-password-file"_s, u"Read the Bluesky app password from FILE (its first line)."_s, u"FILE"_s);
    const QCommandLineOption blueskyAccessTtl(u"bluesky-access-ttl"_s,
        u"Bluesky access tokens expire after MS ms (default 7200000, as at the PDS); then refreshSession."_s, u"MS"_s,
        u"7200000"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s,
        u"Serve HTTP/1.1 over TLS with this certificate (PEM, chain first to last); needs --tls-key."_s, u"FILE"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"The private key of --tls-cert (PEM, unencrypted)."_s, u"FILE"_s);
    parser.addOptions(
        { db, bindOpt, port, latency, faults, rateLimit, tokenOpt, tokenFile, user, password, passwordFile, format,
            seed, maxConnections, idleTimeout, requestTimeout, maxRequestLine, maxHeaderBytes, maxHeaders, maxBody,
            blueskyIdentifier, blueskyPassword, blueskyPasswordFile, blueskyAccessTtl, tlsCert, tlsKey });
    const QString description
        = u"Serve an archive on the X API v2 search endpoints (/2/tweets/search/recent|all,\n"
          "/2/tweets/counts/recent|all), the tweet lookup (/2/tweets?ids=, /2/tweets/:id), the\n"
          "Enterprise ones (/search/30day|fullarchive/accounts/A/L.json and .../counts.json) and\n"
          "Bluesky's /xrpc/app.bsky.feed.searchPosts (after /xrpc/com.atproto.server.createSession;\n"
          "docs/bluesky.md), plus /healthz. Prints 'listening on http://HOST:PORT' when ready\n"
          "(https:// with --tls-cert and --tls-key: HTTP/1.1 over TLS).\n"
          "The service's clock: when the archive's newest tweet is older than now, 'now' is that\n"
          "tweet's time (plus 1 ms), so that 'recent' (the last 7 days) covers an older archive."_s;
    if (auto stop = ts::cli::parseArgs(parser, args, description))
        return *stop;
    if (!parser.positionalArguments().isEmpty())
        return usage(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().constFirst()));

    ServeOptions serve;
    ServiceOptions &options = serve.service;
    QString why;
    if (parser.isSet(db)) {
        options.dbPath = parser.value(db);
        if (!QFileInfo::exists(options.dbPath))
            return usage(u"invalid value for --db: '%1' does not exist"_s.arg(options.dbPath));
        if (const QString problem = ts::archive::ArchiveStore::notSqliteProblem(options.dbPath); !problem.isEmpty())
            return usage(u"invalid value for --db: %1"_s.arg(problem));
    }
    if (!options.bindAddress.setAddress(parser.value(bindOpt)))
        return usage(ts::cli::invalidValue(u"bind"_s, parser.value(bindOpt), u"expected an IP address"_s));
    const auto portValue = ts::cli::intValue(parser, u"port"_s, 0, 0, 65535, &why);
    if (!portValue)
        return usage(why);
    options.port = quint16(*portValue);
    const auto lat = LatencyProfile::parse(parser.value(latency), &why);
    if (!lat)
        return usage(ts::cli::invalidValue(u"latency"_s, parser.value(latency), why));
    options.latency = *lat;
    if (parser.isSet(faults)) {
        const auto f = FaultSpec::parse(parser.value(faults), &why);
        if (!f)
            return usage(u"invalid value for --faults: %1"_s.arg(why));
        options.faults = *f;
    }
    if (parser.isSet(rateLimit) && parser.value(rateLimit).trimmed() == u"x"_s) {
        options.xApiBudgets = true;
    } else if (parser.isSet(rateLimit)) {
        const auto r = ts::parseRateLimit(parser.value(rateLimit), &why);
        if (!r)
            return usage(u"invalid value for --rate-limit: %1"_s.arg(why));
        options.rateLimit = *r;
    }
    const auto token = secret(parser, tokenOpt, tokenFile, "TWEETSCOPE_SERVE_TOKEN", &why);
    if (!token)
        return usage(why);
    options.bearerToken = *token;
    const auto pass = secret(parser, password, passwordFile, "TWEETSCOPE_SERVE_PASSWORD", &why);
    if (!pass)
        return usage(why);
    const bool passwordOption = parser.isSet(password) || parser.isSet(passwordFile);
    if (parser.isSet(user) != passwordOption && !(parser.isSet(user) && !pass->isEmpty()))
        return usage(u"--user and --password (or --password-file, or TWEETSCOPE_SERVE_PASSWORD) go together"_s);
    if (parser.isSet(user)) {
        options.username = parser.value(user);
        options.password = *pass;
        if (options.username.isEmpty() || options.username.contains(u':'))
            return usage(u"invalid value for --user: non-empty, without ':'"_s);
    }
    const auto blueskyPass
        = secret(parser, blueskyPassword, blueskyPasswordFile, "TWEETSCOPE_SERVE_BLUESKY_PASSWORD", &why);
    if (!blueskyPass)
        return usage(why);
    options.blueskyPassword = *blueskyPass;
    options.blueskyIdentifier = parser.value(blueskyIdentifier).trimmed();
    {
        bool ok = false;
        const qint64 ttl = parser.value(blueskyAccessTtl).toLongLong(&ok);
        if (!ok || ttl < 1 || ttl > 30LL * 24 * 3600 * 1000)
            return usage(ts::cli::invalidValue(
                u"bluesky-access-ttl"_s, parser.value(blueskyAccessTtl), u"expected 1 to 2592000000 (ms)"_s));
        options.blueskyAccessTtlMs = ttl;
    }
    const QString fmt = parser.value(format);
    if (fmt == u"activity-streams"_s)
        options.enterpriseFormat = EnterpriseFormat::ActivityStreams;
    else if (fmt == u"original"_s)
        options.enterpriseFormat = EnterpriseFormat::Original;
    else
        return usage(ts::cli::invalidValue(u"format"_s, fmt, u"expected activity-streams or original"_s));
    if (parser.isSet(tlsCert) || parser.isSet(tlsKey)) {
        options.tlsCertFile = parser.value(tlsCert);
        options.tlsKeyFile = parser.value(tlsKey);
        if (!ArchiveService::tlsConfiguration(options.tlsCertFile, options.tlsKeyFile, &why))
            return usage(u"invalid --tls-cert/--tls-key: %1"_s.arg(why));
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        options.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return usage(ts::cli::invalidValue(u"seed"_s, parser.value(seed), u"expected a whole number"_s));
    }

    {
        constexpr int Max = 1 << 30;
        struct Bound
        {
            QString name;
            int min;
            int *target;
        };
        HttpServerLimits &l = options.http;
        int maxBodyValue = int(l.request.maxBodyBytes);
        int maxLine = int(l.request.maxRequestLineBytes);
        int maxHeaderBytesValue = int(l.request.maxHeaderBytes);
        const Bound bounds[] = {
            { u"max-connections"_s, 1, &l.maxConnections },
            { u"idle-timeout"_s, 1, &l.idleTimeoutMs },
            { u"request-timeout"_s, 1, &l.requestTimeoutMs },
            { u"max-request-line"_s, 64, &maxLine },
            { u"max-header-bytes"_s, 64, &maxHeaderBytesValue },
            { u"max-headers"_s, 1, &l.request.maxHeaderFields },
            { u"max-body"_s, 0, &maxBodyValue },
        };
        for (const Bound &b : bounds) {
            const auto v = ts::cli::intValue(parser, b.name, *b.target, b.min, Max, &why);
            if (!v)
                return usage(why);
            *b.target = *v;
        }
        l.request.maxBodyBytes = maxBodyValue;
        l.request.maxRequestLineBytes = maxLine;
        l.request.maxHeaderBytes = maxHeaderBytesValue;
    }

    return serve;
}

int runServe(const ServeOptions &serve)
{
    ServiceOptions options = serve.service;
    QString why;
    if (options.dbPath.isEmpty()) {
        const bool showProgress = ts::cli::stderrIsTerminal();
        const bool existed = QFileInfo::exists(LocalArchiveServer::sampleArchivePath());
        if (!existed && showProgress)
            ts::cli::err() << "Creating the sample archive in " << LocalArchiveServer::sampleArchivePath() << '\n';
        const bool ok = LocalArchiveServer::ensureSampleArchive(
            [showProgress](qint64 done, qint64 total) {
                if (showProgress) {
                    ts::cli::err() << "\r  " << done << " / " << total << " tweets";
                    ts::cli::err().flush();
                }
            },
            &why);
        if (!existed && showProgress)
            ts::cli::err() << '\n';
        if (!ok)
            return ts::cli::failure(u"cannot create the sample archive: %1"_s.arg(why));
        options.dbPath = LocalArchiveServer::sampleArchivePath();
    }

    installSignalHandlers(*QCoreApplication::instance());
    LocalArchiveServer server(options);
    if (!server.start(&why))
        return ts::cli::failure(why);
    ts::cli::out() << "listening on " << server.baseUrl().toString() << '\n';
    ts::cli::out().flush();
    const int code = QCoreApplication::exec();
    server.stop();
    return code;
}

int runServeCommand(const QStringList &args)
{
    return ts::cli::runParsed(parseServeOptions(args), runServe);
}
