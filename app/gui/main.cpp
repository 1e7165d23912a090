// SPDX-License-Identifier: MIT
// tweetscope: the desktop app. Options (docs/cli.md) set it up, run, export and capture
// without a person; without options it opens on the local archive with the seed queries.
#include "archive/service/latencyprofile.h"
#include "cli.h"
#include "common/urltext.h"
#include "search/credentialstore.h"
#include "search/searchprovider.h"
#include "ui/automationoptions.h"
#include "ui/embeddedarchivehost.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

std::optional<int> parseOptions(const QStringList &args, ts::ui::AutomationOptions &options)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"provider"_s, u"local, x-recent, x-all, enterprise-30day, enterprise-fullarchive or bluesky."_s, u"NAME"_s },
        { u"compare-provider"_s,
            u"Sequential and concurrent runs go to this provider too, after the first, side by side (names as for --provider)."_s,
            u"NAME"_s },
        { u"compare-base-url"_s,
            u"Base URL of --compare-provider (default: the local archive the first provider uses, else the provider's public host)."_s,
            u"URL"_s },
        { u"base-url"_s, u"Base URL of the API (default: the provider's host; the embedded archive for local)."_s,
            u"URL"_s },
        { u"queries-file"_s, u"Queries, one per line ('#' starts a comment)."_s, u"FILE"_s },
        { u"run"_s,
            u"Start at once: sequential, concurrent, compare, sweep (max concurrency 1, 2, 4, ...) or volume (counts endpoints only)."_s,
            u"MODE"_s },
        { u"repeats"_s, u"Runs per concurrency level of a sweep (default 3)."_s, u"R"_s },
        { u"max-concurrency"_s, u"Requests in flight at once in a concurrent run (0: all queries)."_s, u"K"_s },
        { u"max-results"_s,
            u"Tweets per page, 1-500; each provider takes its own range, and a value outside it is sent as its nearest end."_s,
            u"N"_s },
        { u"pages"_s, u"Pages per query (0: all)."_s, u"P"_s },
        { u"latency"_s, u"Latency profile of the local archive: none, fixed:MS, lognormal:MS,SIGMA, realistic."_s,
            u"PROFILE"_s },
        { u"export-csv"_s, u"After the run, write the tweets as CSV to FILE."_s, u"FILE"_s },
        { u"screenshot"_s, u"After the run, save a PNG of the main window to FILE."_s, u"FILE"_s },
        { u"chart-tab"_s, u"After the run, show this chart tab: compare, timing, waterfall, sweep or volume."_s,
            u"TAB"_s },
        { u"json-summary"_s,
            u"After a sequential, concurrent or compare run, write its JSON summary (the schema of tweetscope-cli search --json-summary) to FILE."_s,
            u"FILE"_s },
        { u"quit-after-run"_s, u"Quit when the run (and export and screenshot) are done; exit 1 if a query failed."_s },
        { u"color-scheme"_s, u"light, dark or system, for this session (default: View > Color scheme)."_s,
            u"SCHEME"_s },
    });
    // Qt's own GUI options (QApplication takes them from the command line after this check).
    for (const char *name : { "platform", "platformtheme", "plugin", "style", "stylesheet", "qwindowgeometry",
             "qwindowtitle", "qwindowicon", "display", "session" }) {
        QCommandLineOption qtOption(QString::fromLatin1(name), QString(), u"VALUE"_s);
        qtOption.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(qtOption);
    }
    for (const char *name : { "reverse", "nograb", "dograb", "sync" }) {
        QCommandLineOption qtFlag(QString::fromLatin1(name), QString());
        qtFlag.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(qtFlag);
    }
    if (auto exit = ts::cli::parse(parser, args, u"Tweetscope: a desktop search explorer for tweets."_s))
        return exit;
    if (parser.isSet(u"provider"_s)) {
        options.provider = ts::search::providerFromName(parser.value(u"provider"_s));
        if (!options.provider)
            return ts::cli::usageError(
                ts::cli::invalidValue(u"provider"_s, parser.value(u"provider"_s), ts::cli::providersExpected()));
    }
    // Stray words (a file name, a query) are not options of the window: say so instead of
    // opening a window that ignores them.
    if (!parser.positionalArguments().isEmpty())
        return ts::cli::usageError(u"unexpected argument '%1' (queries go in a file: --queries-file FILE)"_s.arg(
            parser.positionalArguments().constFirst()));
    options.baseUrl = parser.value(u"base-url"_s);
    if (parser.isSet(u"base-url"_s)) {
        // The CLI's check and message (tweetscope-cli search --base-url).
        if (!ts::search::SearchProvider::baseUrlProblem(QUrl(options.baseUrl, QUrl::StrictMode)).isEmpty())
            return ts::cli::usageError(
                ts::cli::invalidValue(u"base-url"_s, ts::redactedUrl(options.baseUrl), ts::cli::baseUrlExpected()));
    }
    if (parser.isSet(u"compare-provider"_s)) {
        // The CLI's names and checks (tweetscope-cli search --compare-provider).
        const QString name = parser.value(u"compare-provider"_s);
        options.compareProvider = ts::search::providerFromName(name);
        if (!options.compareProvider)
            return ts::cli::usageError(
                ts::cli::invalidValue(u"compare-provider"_s, name, ts::cli::providersExpected()));
        options.compareBaseUrl = parser.value(u"compare-base-url"_s);
        // The same provider only at another base URL: the CLI's rule and words (without
        // --provider, the panel's provider is checked when the run starts).
        if (options.provider
            && ts::search::SearchProvider::repeatsFirst(*options.provider, QUrl(options.baseUrl, QUrl::StrictMode),
                *options.compareProvider, QUrl(options.compareBaseUrl, QUrl::StrictMode)))
            return ts::cli::usageError(ts::cli::compareRepeatsFirstText(
                ts::search::providerName(*options.provider), parser.isSet(u"compare-base-url"_s)));
    } else if (parser.isSet(u"compare-base-url"_s)) {
        return ts::cli::usageError(u"--compare-base-url needs --compare-provider"_s);
    }
    if (parser.isSet(u"queries-file"_s)) {
        // The CLI's check and wording (tweetscope-cli search --queries-file).
        if (auto stop = ts::cli::checkReadable(parser.value(u"queries-file"_s)))
            return ts::cli::usageError(stop->text);
        QFile file(parser.value(u"queries-file"_s));
        if (!file.open(QIODevice::ReadOnly))
            return ts::cli::usageError(u"cannot read '%1': %2"_s.arg(file.fileName(), file.errorString()));
        options.queries = ts::ui::QueryEditor::parseQueryFile(QString::fromUtf8(file.readAll()));
    }
    if (parser.isSet(u"run"_s)) {
        const QString mode = parser.value(u"run"_s);
        if (mode == u"sequential")
            options.run = ts::ui::AutomationOptions::Run::Sequential;
        else if (mode == u"concurrent")
            options.run = ts::ui::AutomationOptions::Run::Concurrent;
        else if (mode == u"compare")
            options.run = ts::ui::AutomationOptions::Run::Compare;
        else if (mode == u"sweep")
            options.run = ts::ui::AutomationOptions::Run::Sweep;
        else if (mode == u"volume")
            options.run = ts::ui::AutomationOptions::Run::Volume;
        else
            return ts::cli::usageError(
                ts::cli::invalidValue(u"run"_s, mode, u"expected sequential, concurrent, compare, sweep or volume"_s));
        if (options.compareProvider && options.run == ts::ui::AutomationOptions::Run::Compare)
            return ts::cli::usageError(
                u"--compare-provider runs each provider in one mode; use --run sequential or concurrent"_s);
    }
    auto intOption = [&](const QString &name, int min, int max, std::optional<int> &out) -> std::optional<int> {
        if (!parser.isSet(name))
            return std::nullopt;
        const auto value = ts::cli::intOption(parser, name, 0, min, max);
        if (!value)
            return int(ts::cli::Usage);
        out = *value;
        return std::nullopt;
    };
    if (auto e = intOption(u"max-concurrency"_s, 0, ts::search::kMaxConcurrencyBound, options.maxConcurrency))
        return e;
    if (auto e
        = intOption(u"max-results"_s, ts::search::kMaxResultsFloor, ts::search::kMaxResultsBound, options.maxResults))
        return e;
    if (auto e = intOption(u"pages"_s, 0, ts::search::kMaxPagesBound, options.pages))
        return e;
    if (auto e = intOption(u"repeats"_s, 1, 50, options.repeats))
        return e;
    options.latency = parser.value(u"latency"_s);
    if (!options.latency.isEmpty()) {
        QString why;
        if (!ts::archive::LatencyProfile::parse(options.latency, &why))
            return ts::cli::usageError(ts::cli::invalidValue(u"latency"_s, options.latency, why));
    }
    options.exportCsv = parser.value(u"export-csv"_s);
    options.screenshot = parser.value(u"screenshot"_s);
    options.jsonSummary = parser.value(u"json-summary"_s);
    // Files are checked before the window opens: a run is not wasted on an unwritable one.
    for (const auto &[name, path] :
        { std::pair { u"export-csv"_s, options.exportCsv }, std::pair { u"screenshot"_s, options.screenshot } }) {
        if (path.isEmpty())
            continue;
        if (path == u"-")
            return ts::cli::usageError(u"--%1 needs a file name"_s.arg(name));
        if (auto stop = ts::cli::checkWritable(name, path))
            return ts::cli::usageError(stop->text);
    }
    options.chartTab = parser.value(u"chart-tab"_s).toLower();
    if (!options.chartTab.isEmpty()
        && !QStringList { u"compare"_s, u"timing"_s, u"waterfall"_s, u"sweep"_s, u"volume"_s }.contains(
            options.chartTab))
        return ts::cli::usageError(ts::cli::invalidValue(
            u"chart-tab"_s, options.chartTab, u"expected compare, timing, waterfall, sweep or volume"_s));
    if (!options.jsonSummary.isEmpty()
        && (options.run == ts::ui::AutomationOptions::Run::None || options.run == ts::ui::AutomationOptions::Run::Sweep
            || options.run == ts::ui::AutomationOptions::Run::Volume))
        return ts::cli::usageError(u"--json-summary needs --run sequential, concurrent or compare"_s);
    if (!options.jsonSummary.isEmpty()) {
        if (auto stop = ts::cli::checkWritable(u"json-summary"_s, options.jsonSummary))
            return ts::cli::usageError(stop->text);
    }
    options.quitAfterRun = parser.isSet(u"quit-after-run"_s);
    options.colorScheme = parser.value(u"color-scheme"_s);
    if (!options.colorScheme.isEmpty() && options.colorScheme != u"light" && options.colorScheme != u"dark"
        && options.colorScheme != u"system")
        return ts::cli::usageError(
            ts::cli::invalidValue(u"color-scheme"_s, options.colorScheme, u"expected light, dark or system"_s));
    return std::nullopt;
}

} // namespace

int main(int argc, char **argv)
{
    ts::cli::tuneAllocator();
    auto names = [] {
        QCoreApplication::setOrganizationName(u"Tweetscope"_s);
        QCoreApplication::setApplicationName(u"tweetscope"_s);
        QCoreApplication::setApplicationVersion(QStringLiteral(TWEETSCOPE_VERSION));
    };
    ts::ui::AutomationOptions options;
    {
        // --help, --version and usage errors work without a display.
        QCoreApplication pre(argc, argv);
        names();
        if (auto exit = parseOptions(QCoreApplication::arguments(), options))
            return *exit;
    }
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    names();
    QApplication::setDesktopFileName(u"tweetscope"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/tweetscope.png"_s));
    // --color-scheme for this session, else what View > Color scheme stored. Applied before
    // the window is built, so its icons are drawn for the palette they will show on.
    const ts::ui::ColorScheme scheme = options.colorScheme.isEmpty()
        ? ts::ui::storedColorScheme()
        : ts::ui::colorSchemeFromName(options.colorScheme).value_or(ts::ui::ColorScheme::System);
    ts::ui::applyColorScheme(scheme);

    ts::search::CredentialStore credentials;
    // The local archive runs embedded, on its own thread; the sample archive is generated
    // off the GUI thread the first time a run needs it.
    ts::ui::EmbeddedArchiveHost archive;
    ts::ui::MainWindow window(&credentials, &archive);
    window.setColorScheme(scheme, false);
    window.show();
    const bool automated = options.run != ts::ui::AutomationOptions::Run::None || !options.screenshot.isEmpty()
        || options.quitAfterRun || options.provider || options.compareProvider || options.queries;
    if (automated)
        window.automate(options);
    return QApplication::exec();
}
