// SPDX-License-Identifier: MIT
// tweetscope-cli: parse tweet payloads, run searches, export collections.
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
    {"parse", "Normalize tweet payloads (any format, one JSON document per line) to one tweet per line.",
     runParseCommand},
    {"search", "Run search queries sequentially, concurrently or both, and save what they fetch.", runSearchCommand},
    {"export", "Convert a collection or tweet JSONL to CSV or JSONL.", runExportCommand},
};

void printUsage(QTextStream &s)
{
    s << "Usage: tweetscope-cli COMMAND [options]\n\nCommands:\n";
    for (const auto &c : commands)
        s << "  " << QString::fromLatin1(c.name).leftJustified(8) << c.summary << '\n';
    s << "\nOptions:\n  -h, --help  Show this help and exit.\n  --version   Show the version and exit.\n"
      << "\n'tweetscope-cli COMMAND --help' lists the options of a command.\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tweetscope-cli"));
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
        ts::cli::out() << "tweetscope-cli " << QStringLiteral(TWEETSCOPE_VERSION) << '\n';
        return ts::cli::Ok;
    }
    for (const auto &c : commands) {
        if (first == QLatin1String(c.name)) {
            QStringList sub = args.mid(2);
            sub.prepend(QStringLiteral("tweetscope-cli ") + first);
            return c.run(sub);
        }
    }
    return ts::cli::usageError(QStringLiteral("unknown command '%1' (expected parse, search or export)").arg(first));
}
