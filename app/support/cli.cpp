// SPDX-License-Identifier: MIT
#include "cli.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <limits>
#include <unistd.h>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ts::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

static QString programName()
{
    return QCoreApplication::applicationName();
}

/// What "Try '... --help'" names: the program, or the program and its command once
/// runCommands() has dispatched to one ("tweetscope-cli search").
static QString &helpTarget()
{
    static QString target;
    return target;
}

int usageError(const QString &message)
{
    return report(usage(message));
}

int failure(const QString &message)
{
    err() << programName() << ": " << message << '\n';
    err().flush();
    return Failed;
}

Stop usage(const QString &message)
{
    return Stop { Usage, message };
}

int report(const Stop &stop)
{
    if (stop.code == Usage) {
        err() << programName() << ": " << stop.text << '\n';
        err() << "Try '" << (helpTarget().isEmpty() ? programName() : helpTarget())
              << " --help' for more information.\n";
        err().flush();
    } else {
        out() << stop.text;
        out().flush();
    }
    return stop.code;
}

/// Qt's help text names the program by its path (argv[0]) and without the subcommand; the
/// usage line names the command as typed: "Usage: tweetscope-cli search [options] QUERY...".
static QString helpText(const QCommandLineParser &parser, const QString &command)
{
    QString text = parser.helpText();
    const QString prefix = QStringLiteral("Usage: ");
    if (text.startsWith(prefix) && !command.isEmpty()) {
        const auto end = text.indexOf(u' ', prefix.size());
        const auto lineEnd = text.indexOf(u'\n');
        const auto nameEnd = end < 0 || (lineEnd >= 0 && lineEnd < end) ? lineEnd : end;
        if (nameEnd > 0)
            text.replace(prefix.size(), nameEnd - prefix.size(), command);
    }
    return text;
}

/// Qt's parse errors in the tools' own style: "unknown option '--frobnicate'" as typed (Qt says
/// "Unknown option 'frobnicate'."), "missing value after '--pages'".
static QString parseErrorText(const QCommandLineParser &parser, const QStringList &args)
{
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        const QString &name = unknown.constFirst();
        QString typed = (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
        for (const QString &arg : args.mid(1)) {
            if (arg == QLatin1String("--"))
                break;
            QString bare = arg.section(u'=', 0, 0);
            while (bare.startsWith(u'-'))
                bare.remove(0, 1);
            if (arg.startsWith(u'-') && bare == name) {
                typed = arg.section(u'=', 0, 0);
                break;
            }
        }
        return QStringLiteral("unknown option '%1'").arg(typed);
    }
    QString text = parser.errorText();
    if (text.endsWith(u'.'))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    return text;
}

std::optional<Stop> parseArgs(QCommandLineParser &parser, const QStringList &args, const QString &description)
{
    parser.setApplicationDescription(description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version and exit."));
    parser.addOption(help);
    parser.addOption(version);
    if (!parser.parse(args))
        return usage(parseErrorText(parser, args));
    if (parser.isSet(help))
        return Stop { Ok, helpText(parser, QFileInfo(args.value(0, programName())).fileName()) };
    if (parser.isSet(version))
        return Stop { Ok, programName() + u' ' + QStringLiteral(TWEETSCOPE_VERSION) + u'\n' };
    return std::nullopt;
}

std::optional<int> parse(QCommandLineParser &parser, const QStringList &args, const QString &description)
{
    if (auto stop = parseArgs(parser, args, description))
        return report(*stop);
    return std::nullopt;
}

QString invalidValue(const QString &name, const QString &value, const QString &expected)
{
    return QStringLiteral("invalid value '%1' for --%2: %3").arg(value, name, expected);
}

std::optional<int> intValue(
    const QCommandLineParser &parser, const QString &name, int defaultValue, int min, int max, QString *error)
{
    if (!parser.isSet(name))
        return defaultValue;
    bool ok = false;
    const QString text = parser.value(name);
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max) {
        *error = invalidValue(name, text, QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max));
        return std::nullopt;
    }
    return v;
}

std::optional<int> intOption(const QCommandLineParser &parser, const QString &name, int defaultValue, int min, int max)
{
    QString error;
    const auto v = intValue(parser, name, defaultValue, min, max, &error);
    if (!v)
        usageError(error);
    return v;
}

std::optional<qint64> sizeValue(
    const QCommandLineParser &parser, const QString &name, qint64 defaultValue, qint64 min, qint64 max, QString *error)
{
    if (!parser.isSet(name))
        return defaultValue;
    const QString text = parser.value(name).trimmed();
    QString digits = text;
    int shift = 0;
    for (const auto &[suffix, bits] :
        { std::pair { "kib", 10 }, { "mib", 20 }, { "gib", 30 }, { "k", 10 }, { "m", 20 }, { "g", 30 } }) {
        if (text.endsWith(QLatin1String(suffix), Qt::CaseInsensitive)) {
            digits = text.chopped(qsizetype(std::strlen(suffix))).trimmed();
            shift = bits;
            break;
        }
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    const qint64 v = ok && n >= 0 && n <= (std::numeric_limits<qint64>::max() >> shift) ? n << shift : -1;
    if (v < min || v > max) {
        *error = invalidValue(name, text,
            QStringLiteral("expected a size from %1 to %2 bytes (a number, or with K, M or G: 16M)").arg(min).arg(max));
        return std::nullopt;
    }
    return v;
}

std::optional<qint64> sizeOption(
    const QCommandLineParser &parser, const QString &name, qint64 defaultValue, qint64 min, qint64 max)
{
    QString error;
    const auto v = sizeValue(parser, name, defaultValue, min, max, &error);
    if (!v)
        usageError(error);
    return v;
}

bool stderrIsTerminal()
{
    return ::isatty(fileno(stderr)) == 1;
}

std::optional<Stop> checkWritable(const QString &option, const QString &path)
{
    if (path == QLatin1String("-"))
        return std::nullopt;
    const QFileInfo file(path);
    const QFileInfo folder(file.absolutePath());
    if (!folder.exists())
        return usage(QStringLiteral("cannot write --%1 %2: the folder %3 does not exist")
                         .arg(option, path, QDir::toNativeSeparators(folder.absoluteFilePath())));
    if (!folder.isDir() || !folder.isWritable())
        return usage(QStringLiteral("cannot write --%1 %2: the folder %3 is not writable")
                         .arg(option, path, QDir::toNativeSeparators(folder.absoluteFilePath())));
    if (file.exists() && (file.isDir() || !file.isWritable()))
        return usage(
            QStringLiteral("cannot write --%1 %2: %3")
                .arg(option, path,
                    file.isDir() ? QStringLiteral("it is a folder") : QStringLiteral("the file is not writable")));
    return std::nullopt;
}

std::optional<Stop> checkReadable(const QString &path)
{
    if (path == QLatin1String("-"))
        return std::nullopt;
    const QFileInfo info(path);
    if (!info.exists())
        return usage(QStringLiteral("cannot read '%1': no such file").arg(path));
    if (info.isDir())
        return usage(QStringLiteral("cannot read '%1': it is a directory").arg(path));
    if (!info.isReadable())
        return usage(QStringLiteral("cannot read '%1': permission denied").arg(path));
    return std::nullopt;
}

QString countOf(qint64 n, const char *singular, const char *plural)
{
    return QLocale(QLocale::English).toString(n) + u' ' + QLatin1String(n == 1 ? singular : plural);
}

QString duration(double ms)
{
    if (ms < 1000)
        return QString::number(qRound(ms)) + QStringLiteral(" ms");
    return QString::number(ms / 1000.0, 'f', ms < 100000 ? 2 : 1) + QStringLiteral(" s");
}

} // namespace ts::cli

namespace ts::cli {

static void printCommands(QTextStream &s, const QString &program, std::initializer_list<Command> commands)
{
    s << "Usage: " << program << " COMMAND [options]\n\nCommands:\n";
    for (const auto &c : commands)
        s << "  " << QString::fromLatin1(c.name).leftJustified(10) << c.summary << '\n';
    s << "\nOptions:\n  -h, --help  Show this help and exit.\n  --version   Show the version and exit.\n"
      << "\n'" << program << " COMMAND --help' lists the options of a command.\n";
    s.flush();
}

void tuneAllocator()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

int runCommands(int argc, char **argv, const QString &program, std::initializer_list<Command> commands)
{
    tuneAllocator();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(program);
    QCoreApplication::setApplicationVersion(QStringLiteral(TWEETSCOPE_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Tweetscope"));

    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        printCommands(err(), program, commands);
        return Usage;
    }
    const QString first = args.at(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        printCommands(out(), program, commands);
        return Ok;
    }
    if (first == QLatin1String("--version")) {
        out() << program << ' ' << QStringLiteral(TWEETSCOPE_VERSION) << '\n';
        out().flush();
        return Ok;
    }
    QStringList names;
    for (const auto &c : commands) {
        if (first == QLatin1String(c.name)) {
            QStringList sub = args.mid(2);
            sub.prepend(program + u' ' + first);
            helpTarget() = program + u' ' + first;
            return c.run(sub);
        }
        names << QString::fromLatin1(c.name);
    }
    return usageError(
        QStringLiteral("unknown command '%1' (expected %2)").arg(first, names.join(QStringLiteral(", "))));
}

} // namespace ts::cli
