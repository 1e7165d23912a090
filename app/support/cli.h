// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <initializer_list>
#include <optional>

class QTextStream;

/// Command-line plumbing shared by every executable (docs/cli.md: --help lists every
/// option; --version; a wrong option or value exits 2 with a one-line error naming it).
namespace ts::cli {

/// Exit codes of every tool.
enum ExitCode { Ok = 0, Failed = 1, Usage = 2 };

/// Parses args (args[0] is the program or "program subcommand"). Handles --help and
/// --version itself. Returns an exit code to leave with, or nullopt to go on.
std::optional<int> parse(QCommandLineParser &parser, const QStringList &args, const QString &description);

/// Prints "<program>: <message>" on stderr and returns ExitCode::Usage.
int usageError(const QString &message);
/// Prints "<program>: <message>" on stderr and returns ExitCode::Failed.
int failure(const QString &message);

/// Parses an integer option value in [min, max]; on error prints a usage error naming the option.
std::optional<int> intOption(const QCommandLineParser &parser, const QString &name, int defaultValue, int min, int max);

/// True when stderr is an interactive terminal (progress lines are shown only then).
bool stderrIsTerminal();

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
