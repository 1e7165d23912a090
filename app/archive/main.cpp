// SPDX-License-Identifier: MIT
// tweetscope-archive: generate, import and serve local tweet archives.
#include "cli.h"
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

struct Command
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &);
};

constexpr Command commands[] = {
    {"generate", "Create a deterministic synthetic archive.", runGenerateCommand},
    {"import", "Import tweets in any format into an archive, deduplicated by id.", runImportCommand},
    {"serve", "Serve an archive over the X API v2 and Enterprise search APIs on 127.0.0.1.", runServeCommand},
};

void printUsage(QTextStream &s)
{
    s << "Usage: tweetscope-archive COMMAND [options]\n\nCommands:\n";
    for (const auto &c : commands)
        s << "  " << QString::fromLatin1(c.name).leftJustified(10) << c.summary << '\n';
    s << "\nOptions:\n  -h, --help  Show this help and exit.\n  --version   Show the version and exit.\n"
      << "\n'tweetscope-archive COMMAND --help' lists the options of a command.\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tweetscope-archive"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TWEETSCOPE_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Tweetscope"));

    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        printUsage(ts::cli::err());
        return ts::cli::Usage;
    }
    const QString first = args.at(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        printUsage(ts::cli::out());
        return ts::cli::Ok;
    }
    if (first == QLatin1String("--version")) {
        ts::cli::out() << "tweetscope-archive " << QStringLiteral(TWEETSCOPE_VERSION) << '\n';
        return ts::cli::Ok;
    }
    for (const auto &c : commands) {
        if (first == QLatin1String(c.name)) {
            QStringList sub = args.mid(2);
            sub.prepend(QStringLiteral("tweetscope-archive ") + first);
            return c.run(sub);
        }
    }
    return ts::cli::usageError(QStringLiteral("unknown command '%1' (expected generate, import or serve)").arg(first));
}
