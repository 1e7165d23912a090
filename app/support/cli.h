// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <initializer_list>
#include <optional>
#include <variant>

class QTextStream;

/// Command-line plumbing shared by every executable (docs/cli.md: --help lists every
/// option; --version; a wrong option or value exits 2 with a one-line error naming it).
namespace ts::cli {

/// Exit codes of every tool.
enum ExitCode { Ok = 0, Failed = 1, Usage = 2 };

/// Why a command line does not go on to run: --help or --version (text for stdout, exit 0),
/// or a usage error (one line for stderr, exit 2). A command's option parsing returns it
/// instead of printing, so that parsing has no side effects and tests can read what it says.
struct Stop
{
    int code = Usage;
    QString text; ///< help or version text (Ok), or the usage error without the program name (Usage)
};

/// A usage error: Stop { Usage, message }.
Stop usage(const QString &message);

/// What a command's option parsing comes to: its options, or a reason not to run.
template <typename Options> using Parsed = std::variant<Options, Stop>;

/// Prints a Stop (help text on stdout; a usage error and the --help hint on stderr) and returns
/// its exit code.
int report(const Stop &stop);

/// The main of a command: parse, then run, or report why not.
template <typename Options, typename Run> int runParsed(const Parsed<Options> &parsed, Run run)
{
    if (const Stop *stop = std::get_if<Stop>(&parsed))
        return report(*stop);
    return run(std::get<Options>(parsed));
}

/// Parses args (args[0] is the program or "program subcommand", which the usage line names).
/// --help and --version come back as a Stop with their text, a parse error as a usage Stop;
/// nullopt: go on. Prints nothing.
std::optional<Stop> parseArgs(QCommandLineParser &parser, const QStringList &args, const QString &description);

/// An integer option value in [min, max] (defaultValue when the option is not set); nullopt
/// and *error (naming the option and the range) when the value is not such a number.
std::optional<int> intValue(
    const QCommandLineParser &parser, const QString &name, int defaultValue, int min, int max, QString *error);

/// parseArgs(), printing what it stops with. Returns an exit code to leave with, or nullopt to go on.
std::optional<int> parse(QCommandLineParser &parser, const QStringList &args, const QString &description);

/// Prints "<program>: <message>" on stderr and returns ExitCode::Usage.
int usageError(const QString &message);
/// Prints "<program>: <message>" on stderr and returns ExitCode::Failed.
int failure(const QString &message);

/// Parses an integer option value in [min, max]; on error prints a usage error naming the option.
std::optional<int> intOption(const QCommandLineParser &parser, const QString &name, int defaultValue, int min, int max);

/// Parses a size option in [min, max]: bytes, or with a binary suffix K, M or G ("16M" = 16 MiB;
/// "KiB", "MiB", "GiB" and lower case also); on error prints a usage error naming the option.
std::optional<qint64> sizeValue(
    const QCommandLineParser &parser, const QString &name, qint64 defaultValue, qint64 min, qint64 max, QString *error);
std::optional<qint64> sizeOption(
    const QCommandLineParser &parser, const QString &name, qint64 defaultValue, qint64 min, qint64 max);

/// True when stderr is an interactive terminal (live progress lines are shown only then).
bool stderrIsTerminal();

/// Checks before anything runs that an output option's file can be written: its folder exists
/// and is writable, and the file, if it exists, is a writable file. "-" (stdout) always can.
/// Returns a usage error naming the option, or nullopt.
std::optional<Stop> checkWritable(const QString &option, const QString &path);

/// Checks before anything runs that an input file can be read: it exists, is not a folder and
/// is readable. "-" (stdin) always can. Returns a usage error naming the file, or nullopt.
std::optional<Stop> checkReadable(const QString &path);

/// "invalid value 'VALUE' for --NAME: EXPECTED": the one wording of a wrong option value, in
/// every executable (tweetscope, tweetscope-cli, tweetscope-archive). expected says what would
/// do ("expected light, dark or system").
QString invalidValue(const QString &name, const QString &value, const QString &expected);

/// What --provider and --compare-provider take, for invalidValue().
inline QString providersExpected()
{
    return QStringLiteral("expected local, x-recent, x-all, enterprise-30day, enterprise-fullarchive or bluesky");
}

/// What tweetscope-cli hydrate's --provider takes (the providers with a tweet lookup,
/// ts::search::SearchProvider::supportsHydration), for invalidValue().
inline QString lookupProvidersExpected()
{
    return QStringLiteral("expected local, x-recent or x-all (the providers with a tweet lookup)");
}

/// The usage error of a --compare-provider that would only repeat the run
/// (ts::search::SearchProvider::repeatsFirst): the same provider, without --compare-base-url or
/// at the base URL the run goes to. tweetscope and tweetscope-cli search say the same.
inline QString compareRepeatsFirstText(const QString &provider, bool compareBaseUrlGiven)
{
    return compareBaseUrlGiven
        ? QStringLiteral("--compare-base-url is where --provider %1 goes already, so the run would be compared "
                         "with itself; give another base URL, or another --compare-provider")
              .arg(provider)
        : QStringLiteral("--compare-provider %1 is the provider of the run already; name another, or give "
                         "--compare-base-url")
              .arg(provider);
}

/// What a --base-url (or --compare-base-url) must be, for the usage error when
/// ts::search::SearchProvider::baseUrlProblem() refuses one.
inline QString baseUrlExpected()
{
    return QStringLiteral("expected http(s)://HOST[:PORT], without a user or password");
}

/// "1 tweet", "1,234 tweets": a count with its noun, in the singular for 1.
QString countOf(qint64 n, const char *singular, const char *plural);
/// A duration for people: "850 ms" under a second, else "2.08 s", "95.3 s".
QString duration(double ms);

/// stdout/stderr as UTF-8 text streams.
QTextStream &out();
QTextStream &err();

} // namespace ts::cli

namespace ts::cli {

/// One subcommand of a multi-command tool ("tweetscope-cli parse").
struct Command
{
    const char *name;
    const char *summary;
    /// args[0] is "<program> <name>", then the subcommand's own arguments.
    int (*run)(const QStringList &args);
};

/// The main() of a multi-command tool: names the application, prints the command list for
/// --help (or on stderr without a command), --version, and dispatches to the command.
int runCommands(int argc, char **argv, const QString &program, std::initializer_list<Command> commands);

/// Keeps freed memory in the process instead of handing it back to the kernel after each page
/// or batch: glibc otherwise maps and unmaps the ~100 KB buffers of every page rendered or
/// parsed (and trims worker-thread arenas), and the page faults that follow were a large part
/// of the local archive's time per request (figures: docs/benchmarks-log.md). Call first thing
/// in main(); a no-op where the C library is not glibc.
void tuneAllocator();

} // namespace ts::cli
