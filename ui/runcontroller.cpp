// SPDX-License-Identifier: MIT
#include "runcontroller.h"

#include "archive/querylanguage.h"
#include "chartmath/timescale.h"
#include "chartruncontroller.h"
#include "charts/chartspanel.h"
#include "connectionpanel.h"
#include "credentialsdialog.h"
#include "localarchivehost.h"
#include "models/tweettablemodel.h"
#include "queryeditor.h"
#include "resultspane.h"
#include "runoptionspanel.h"
#include "search/collection.h"
#include "search/credentialstore.h"
#include "search/hydration.h"
#include "search/runsummaryjson.h"
#include "search/searchprovider.h"
#include "search/searchrunner.h"
#include "search/speedup.h"
#include "statusline.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <functional>

namespace ts::ui {

using ts::search::ProviderKind;
using ts::search::QueryStatus;
using ts::search::RunMode;

namespace {

// Whether the last run of a collection left queries unfinished (cancelled, failed, or the
// app closed mid-run): what Run > Resume continues from their next tokens.
bool canResume(const ts::search::Collection &collection)
{
    const auto runs = collection.runs();
    if (runs.isEmpty())
        return false;
    const auto progress = collection.progress(runs.last().id);
    return std::any_of(progress.begin(), progress.end(), [](const ts::search::QueryProgress &p) { return !p.done; });
}

} // namespace

QString RunController::collectionsDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/collections");
}

RunController::RunController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_runner(new ts::search::SearchRunner(this))
{
    StatusLine *status = m_parts.status;
    // Timing and waterfall charts, fed live from the runner's signals.
    ChartsPanel *charts = m_parts.charts;
    connect(m_runner, &ts::search::SearchRunner::runStarted, charts,
        [this, charts](
            RunMode mode, const QStringList &queries) { charts->runStarted(mode, queries, m_runner->baseUrl()); });
    connect(m_runner, &ts::search::SearchRunner::requestFinished, charts, &ChartsPanel::requestFinished);
    connect(m_runner, &ts::search::SearchRunner::runFinished, charts, &ChartsPanel::runFinished);
    connect(m_runner, &ts::search::SearchRunner::pageReceived, charts, &ChartsPanel::addTweets);

    connect(m_runner, &ts::search::SearchRunner::runStarted, this, [this, status](RunMode mode, const QStringList &) {
        ++m_acrossLeg;
        const QString on = m_acrossTitles.value(m_acrossLeg);
        if (!on.isEmpty())
            status->setRunText(mode == RunMode::Sequential ? tr("Sequential run on %1…").arg(on)
                                                           : tr("Concurrent run on %1…").arg(on));
        else
            status->setRunText(mode == RunMode::Sequential ? tr("Sequential run…") : tr("Concurrent run…"));
    });
    connect(m_runner, &ts::search::SearchRunner::queryStateChanged, this,
        [this](int queryIndex, const ts::search::QueryResult &state, const QString &detail) {
            if (!m_hydrating) // a hydration's batches are not the query list's rows
                m_parts.queries->setQueryState(queryIndex, state, detail);
            if (state.status == QueryStatus::Ok || state.status == QueryStatus::Error
                || state.status == QueryStatus::Cancelled) {
                ++m_queriesFinished;
                if (state.status == QueryStatus::Error)
                    ++m_failedQueries;
                m_parts.status->setProgress(std::min(m_queriesFinished, m_queriesTotal));
            }
        });
    connect(m_runner, &ts::search::SearchRunner::pageReceived, this,
        [this](int queryIndex, const QList<ts::Tweet> &tweets) {
            m_parts.results->model()->appendTweets(queryIndex, tweets);
        });
    connect(m_runner, &ts::search::SearchRunner::runFinished, this, [this](const ts::search::RunSummary &summary) {
        m_summaries.append(summary);
        if (summary.kind == ts::search::RunKind::Hydrate) {
            m_parts.status->showMessage(tr("%1, %2 in %3")
                                            .arg(hydrationText(summary.hydration),
                                                search::quantity(summary.requests, tr("request"), tr("requests")),
                                                formatDuration(summary.wallMs)));
            return;
        }
        m_parts.status->showMessage(
            tr("%1: %2, %3 in %4")
                .arg(runName(summary, true),
                    summary.tweets == 1 ? tr("1 tweet") : tr("%1 tweets").arg(QLocale().toString(summary.tweets)),
                    search::quantity(summary.requests, tr("request"), tr("requests")), formatDuration(summary.wallMs)));
    });
    connect(m_runner, &ts::search::SearchRunner::collectionError, this, [this](const QString &message) {
        m_parts.status->showMessage(
            tr("Not saved to the collection: %1 (the run goes on; the table keeps everything)").arg(message), true);
    });
    connect(m_runner, &ts::search::SearchRunner::finished, this, &RunController::onRunFinished);

    connect(m_parts.chartRuns, &ChartRunController::ended, this, [this](int failedQueries) {
        Q_EMIT stateChanged();
        Q_EMIT runEnded(failedQueries);
    });

    if (LocalArchiveHost *archive = m_parts.archive) {
        connect(archive, &LocalArchiveHost::ready, this, [this](const QUrl &url) {
            m_parts.status->showMessage(tr("Local archive ready at %1").arg(url.toString()));
            preconnect();
            if (m_pendingStart) {
                m_pendingStart = false;
                startRun(m_pendingKind);
            }
        });
        connect(archive, &LocalArchiveHost::failed, this, [this](const QString &message) {
            m_pendingStart = false;
            refuse(tr("The local archive could not start: %1").arg(message));
        });
        connect(archive, &LocalArchiveHost::progress, this, [status](int percent, const QString &text) {
            status->setRunText(text);
            status->setProgressRange(percent < 0 ? 0 : 100);
            if (percent >= 0)
                status->setProgress(percent);
            status->setProgressVisible(percent < 100);
        });
    }
}

RunController::~RunController()
{
    m_runner->setCollection(nullptr);
}

bool RunController::isRunning() const
{
    return m_runner->isRunning() || m_pendingStart || m_parts.chartRuns->isRunning();
}

void RunController::preconnect()
{
    // Connections (TLS included) open as soon as the settings say where runs go, and stay open
    // between runs: the first page of a run finds them warm (docs/design.md, "HTTPS and HTTP/2").
    if (m_runner->isRunning())
        return;
    // With "Also run on" the second provider's too (where startRun() sends it), so that its
    // run finds them warm as well; the runner keeps both.
    const ConnectionSettings c = m_parts.connection->settings();
    const int expected = int(std::max<qsizetype>(1, m_parts.queries->queries().size()));
    const bool archiveUp = m_parts.archive && m_parts.archive->isReady();
    ts::search::ConnectionConfig config;
    config.provider = c.provider;
    config.caFile = c.caFile;
    bool first = true;
    if (!c.baseUrl.isEmpty())
        config.baseUrl = QUrl::fromUserInput(c.baseUrl);
    else if (c.provider == ProviderKind::Local && archiveUp)
        config.baseUrl = m_parts.archive->baseUrl();
    else if (c.provider == ProviderKind::Local)
        first = false; // the embedded archive is not up yet: its ready() comes back here
    if (first)
        m_runner->preconnect(config, expected);
    if (!c.compareProvider || c.compareIsSame())
        return;
    ts::search::ConnectionConfig second = config;
    second.provider = *c.compareProvider;
    if (!c.compareBaseUrl.isEmpty())
        second.baseUrl = QUrl::fromUserInput(c.compareBaseUrl);
    else if (c.provider == ProviderKind::Local)
        return; // the first's local archive: warm already (or not up yet)
    else if (second.provider == ProviderKind::Local && archiveUp)
        second.baseUrl = m_parts.archive->baseUrl();
    else if (second.provider == ProviderKind::Local)
        return;
    else
        second.baseUrl = QUrl(); // its public host
    m_runner->preconnect(second, expected);
}

void RunController::applyProviderLimits()
{
    const ConnectionSettings c = m_parts.connection->settings();
    const auto limits = ts::search::SearchProvider::limitsFor(c.provider);
    m_parts.queries->setMaxQueryLength(limits.maxQueryLength);
    m_parts.queries->setDialect(
        c.provider == ProviderKind::Bluesky ? ts::archive::QueryDialect::Bluesky : ts::archive::QueryDialect::X);
    QList<ProviderKind> providers { c.provider };
    if (c.compareProvider && *c.compareProvider != c.provider)
        providers.append(*c.compareProvider);
    m_parts.options->setProviders(providers);
}

void RunController::credentialStateOf(const ConnectionSettings &c, std::function<void(const QString &)> done)
{
    // Whether a credential is needed and where it would come from.
    if (c.provider == ProviderKind::Local) {
        done(tr("not needed for the local archive"));
        return;
    }
    const QString key = CredentialsDialog::keyFor(c);
    const QString variable = key == QLatin1String(search::CredentialStore::BearerTokenKey)
        ? QStringLiteral("TWEETSCOPE_BEARER_TOKEN")
        : QStringLiteral("TWEETSCOPE_PASSWORD");
    if (c.provider == ProviderKind::Bluesky && c.username.isEmpty()
        && search::CredentialStore::fromEnvironment(QLatin1String(search::CredentialStore::BlueskyHandleKey))
               .isEmpty()) {
        done(tr("<b>needed</b>: your handle in User name, and an app password"));
        return;
    }
    if (!search::CredentialStore::fromEnvironment(key).isEmpty()) {
        done(tr("from the environment (%1)").arg(variable));
        return;
    }
    m_parts.credentials->isStored(key, [done, variable](search::CredentialStore::Status status) {
        switch (status) {
        case search::CredentialStore::Status::Ok:
            done(tr("stored in the keychain"));
            break;
        case search::CredentialStore::Status::NotFound:
            done(tr("<b>needed</b>: store one with Credentials…, or set %1").arg(variable));
            break;
        case search::CredentialStore::Status::KeychainUnavailable:
            done(tr("<b>needed</b>: no keychain here, so set %1").arg(variable));
            break;
        case search::CredentialStore::Status::Failed:
            done(tr("<b>needed</b>: the keychain could not be read; set %1").arg(variable));
            break;
        }
    });
}

void RunController::refreshCredentialState()
{
    // Next to the provider (and the one of "Also run on"): whether a credential is needed and
    // where it would come from. A later refresh wins over a keychain answer still on its way.
    ConnectionPanel *connection = m_parts.connection;
    const ConnectionSettings c = connection->settings();
    const quint64 generation = ++m_credentialStateGeneration;
    QPointer<RunController> self(this);
    auto show = [self, generation](const QString &text) {
        if (self && self->m_credentialStateGeneration == generation)
            self->m_parts.connection->setCredentialState(text);
    };
    // The same provider at another base URL signs in with the same credential: said once.
    if (!c.compareProvider || *c.compareProvider == c.provider) {
        connection->setCredentialState(tr("checking the keychain…"));
        credentialStateOf(c, show);
        return;
    }
    ConnectionSettings second = c;
    second.provider = *c.compareProvider;
    const QString secondTitle = providerTitle(second.provider);
    if (c.provider == ProviderKind::Local) { // only the second can need one
        connection->setCredentialState(tr("%1: checking the keychain…").arg(secondTitle));
        credentialStateOf(second, [show, secondTitle](const QString &text) { show(secondTitle + u": " + text); });
        return;
    }
    connection->setCredentialState(tr("checking the keychain…"));
    credentialStateOf(c, [self, show, second, secondTitle](const QString &first) {
        if (!self)
            return;
        self->credentialStateOf(second,
            [show, first, secondTitle](const QString &text) { show(tr("%1; %2: %3").arg(first, secondTitle, text)); });
    });
}

bool RunController::startHydration(const QString &file, const QString &column)
{
    if (isRunning())
        return false;
    const ProviderKind provider = m_parts.connection->settings().provider;
    if (!ts::search::SearchProvider::supportsHydration(provider)) {
        refuse(tr("Hydration is not available for this provider (%1): choose the local archive or X API v2.")
                   .arg(ts::search::providerName(provider)));
        return false;
    }
    ts::search::hydration::IdFileReader reader;
    QString error;
    if (!reader.read(file, column.trimmed(), &error)) {
        refuse(tr("Cannot hydrate: %1").arg(error));
        return false;
    }
    if (reader.invalid() > 0) {
        refuse(
            tr("Cannot hydrate: %1 not tweet ids, nothing was sent. %2")
                .arg(search::quantity(reader.invalid(), tr("line is"), tr("lines are")), reader.errors().constFirst()));
        return false;
    }
    if (reader.ids().isEmpty()) {
        refuse(tr("Cannot hydrate: no tweet id in %1.").arg(QFileInfo(file).fileName()));
        return false;
    }
    m_hydrationBatches = ts::search::hydration::batches(reader.ids());
    m_hydrationInput
        = tr("%1 from %2 (%3 and %4 ignored)")
              .arg(search::quantity(reader.ids().size(), tr("id"), tr("ids")), QFileInfo(file).fileName(),
                  search::quantity(reader.duplicates(), tr("duplicate"), tr("duplicates")),
                  search::quantity(reader.ignoredLines(), tr("blank or comment line"), tr("blank or comment lines")));
    return startRun(RunKind::Concurrent);
}

QString RunController::providerTitleOf(const ts::search::RunSummary &summary) const
{
    const auto kind = ts::search::providerFromName(summary.provider);
    return kind ? sideTitle(*kind, QUrl(summary.baseUrl), m_acrossPlaces) : summary.provider;
}

QString RunController::runName(const ts::search::RunSummary &summary, bool capital) const
{
    const bool sequential = summary.mode == RunMode::Sequential;
    if (m_acrossTitles.isEmpty())
        return capital ? (sequential ? tr("Sequential run") : tr("Concurrent run"))
                       : (sequential ? tr("sequential run") : tr("concurrent run"));
    const QString on = providerTitleOf(summary);
    return capital ? (sequential ? tr("Sequential run on %1") : tr("Concurrent run on %1")).arg(on)
                   : (sequential ? tr("sequential run on %1") : tr("concurrent run on %1")).arg(on);
}

QString RunController::hydrationText(const ts::search::HydrationCounts &h)
{
    QString text = tr("%1 of %2 found; %3 not found; %4 not authorized")
                       .arg(QLocale().toString(h.found), search::quantity(h.requested, tr("id"), tr("ids")),
                           QLocale().toString(h.notFound), QLocale().toString(h.notAuthorized));
    if (h.withheld > 0)
        text += tr("; %1 withheld").arg(QLocale().toString(h.withheld));
    if (h.other > 0)
        text += tr("; %1 missing for another reason").arg(QLocale().toString(h.other));
    if (h.unfetched() > 0)
        text += tr("; %1 not fetched").arg(QLocale().toString(h.unfetched()));
    return text;
}

bool RunController::startRun(RunKind kind)
{
    if (isRunning())
        return false;
    StatusLine *status = m_parts.status;
    const bool hydrate = !m_hydrationBatches.isEmpty();
    const QStringList queries = hydrate ? m_hydrationBatches : m_parts.queries->queries();
    if (queries.isEmpty()) {
        refuse(tr("Add at least one query first."), StatusLine::Topic::Queries);
        return false;
    }
    if (const int bad = hydrate ? 0 : m_parts.queries->invalidCount(); bad > 0) {
        refuse(bad == 1 ? tr("1 query cannot be sent: fix the one marked in the list.")
                        : tr("%1 queries cannot be sent: fix the ones marked in the list.").arg(bad),
            StatusLine::Topic::Queries);
        return false;
    }
    const ConnectionSettings c = m_parts.connection->settings();
    // "Also run on": sequential and concurrent runs go to both providers; the rest to the first.
    const bool across = c.compareProvider && !hydrate && (kind == RunKind::Sequential || kind == RunKind::Concurrent);
    if (across && c.compareIsSame()) {
        m_parts.connection->setMoreShown(true); // the fields to change
        refuse(c.compareBaseUrl.isEmpty()
                ? tr("“Also run on” is %1, the provider of the run already: give it a base URL of its own, or "
                     "choose another provider there, or none.")
                      .arg(providerTitle(c.provider))
                : tr("“Also run on” is %1 at the base URL the run goes to already: give it another base URL, or "
                     "choose another provider there, or none.")
                      .arg(providerTitle(c.provider)));
        return false;
    }
    if (c.compareProvider && kind == RunKind::Compare) {
        refuse(tr("Compare runs one provider sequentially, then concurrently. To compare %1 with %2, use Run "
                  "sequential or Run concurrent; for Compare, set “Also run on” to none.")
                   .arg(providerTitle(c.provider), providerTitle(*c.compareProvider)));
        return false;
    }
    // The base URL fields, as the provider will read them, before anything starts: a refusal
    // names the field, and no archive, keychain or collection file is touched for it.
    const QUrl baseUrl = c.baseUrl.isEmpty() ? QUrl() : QUrl::fromUserInput(c.baseUrl);
    const QUrl compareBaseUrl = across && !c.compareBaseUrl.isEmpty() ? QUrl::fromUserInput(c.compareBaseUrl) : QUrl();
    for (const auto &[url, field] :
        { std::pair { baseUrl, tr("Base URL") }, std::pair { compareBaseUrl, tr("The base URL of “Also run on”") } }) {
        if (url.isEmpty())
            continue;
        if (const QString problem = ts::search::SearchProvider::baseUrlProblem(url); !problem.isEmpty()) {
            m_parts.connection->setMoreShown(true);
            refuse(tr("%1: %2. Nothing was sent.").arg(field, problem));
            return false;
        }
    }
    ts::search::ConnectionConfig config;
    config.provider = c.provider;
    config.account = c.account;
    config.label = c.label;
    config.caFile = c.caFile;
    config.username = c.username.isEmpty() ? qEnvironmentVariable("TWEETSCOPE_USERNAME") : c.username;
    // The embedded archive serves the first provider when it is local without a base URL, and
    // the second when that is local without one (or follows a local first one, served by the
    // same store).
    const bool embeddedFirst = c.usesEmbeddedArchive();
    const bool embeddedSecond = across && *c.compareProvider == ProviderKind::Local && c.provider != ProviderKind::Local
        && compareBaseUrl.isEmpty();
    if ((embeddedFirst || embeddedSecond) && !m_parts.archive) {
        refuse(tr("No local archive here: give the base URL of a running tweetscope-archive."));
        return false;
    }
    if (embeddedFirst || embeddedSecond) {
        LocalArchiveHost *archive = m_parts.archive;
        if (!archive->isReady() || archive->latency() != c.latency) {
            // Starting (or restarting with the new latency) takes a moment; the run follows.
            m_pendingStart = true;
            m_pendingKind = kind;
            status->setRunText(tr("Starting the local archive…"));
            Q_EMIT stateChanged();
            archive->start(c.latency);
            return true;
        }
    }
    if (!baseUrl.isEmpty())
        config.baseUrl = baseUrl;
    else if (embeddedFirst)
        config.baseUrl = m_parts.archive->baseUrl();
    QList<ts::search::ConnectionConfig> configs { config };
    if (across) {
        // The CLI's rule for --compare-provider: its base URL (--compare-base-url), else the
        // first's local archive when that is local, else the second provider's public host (the
        // embedded archive for "local").
        ts::search::ConnectionConfig second = config;
        second.provider = *c.compareProvider;
        if (!compareBaseUrl.isEmpty())
            second.baseUrl = compareBaseUrl;
        else if (c.provider != ProviderKind::Local)
            second.baseUrl = embeddedSecond ? m_parts.archive->baseUrl() : QUrl();
        configs.append(second);
    } else if (c.compareProvider) {
        const QString what = hydrate ? tr("A hydration") : kind == RunKind::Sweep ? tr("A sweep") : tr("A volume run");
        status->showMessage(tr("%1 uses %2 only; “Also run on: %3” applies to sequential and concurrent runs.")
                                .arg(what, providerTitle(c.provider), providerTitle(*c.compareProvider)));
    }
    for (const ts::search::ConnectionConfig &each : std::as_const(configs)) {
        if (each.provider == ProviderKind::Local)
            continue;
        if (const QString problem = CredentialsDialog::transportProblem(each.baseUrl.toString()); !problem.isEmpty()) {
            refuse(problem);
            return false;
        }
    }
    resolveCredentials(kind, configs, queries, 0);
    return true;
}

void RunController::resolveCredentials(
    RunKind kind, QList<ts::search::ConnectionConfig> configs, const QStringList &queries, qsizetype from)
{
    // Remote providers, one after another: the secret comes from the keychain, else the
    // environment. A keychain that does not answer within m_keychainWaitMs counts as unavailable.
    qsizetype next = from;
    while (next < configs.size() && configs.at(next).provider == ProviderKind::Local)
        ++next;
    if (next == configs.size()) {
        m_pendingStart = false;
        launch(kind, configs, queries);
        return;
    }
    ConnectionSettings keyed;
    keyed.provider = configs.at(next).provider;
    const QString key = CredentialsDialog::keyFor(keyed);
    m_pendingStart = true;
    Q_EMIT stateChanged();
    const quint64 read = ++m_credentialRead;
    QPointer<RunController> self(this);
    auto answer = [self, read, kind, configs, queries, key, next](
                      search::CredentialStore::Status status, const QString &secret) mutable {
        if (!self || self->m_credentialRead != read || !self->m_pendingStart)
            return; // cancelled, timed out or answered already
        ++self->m_credentialRead;
        ts::search::ConnectionConfig &config = configs[next];
        QString value
            = status == search::CredentialStore::Status::Ok ? secret : search::CredentialStore::fromEnvironment(key);
        if (value.isEmpty()) {
            self->m_pendingStart = false;
            const QString variable = key == QLatin1String(search::CredentialStore::BearerTokenKey)
                ? QStringLiteral("TWEETSCOPE_BEARER_TOKEN")
                : QStringLiteral("TWEETSCOPE_PASSWORD");
            Q_EMIT self->credentialsNeeded(config.provider);
            self->refuse(status == search::CredentialStore::Status::KeychainUnavailable
                    ? tr("No credential for %1: no keychain is available here, and %2 is not set.")
                          .arg(ts::search::providerName(config.provider), variable)
                    : tr("No credential for %1: store one in Edit > Credentials…, or set %2.")
                          .arg(ts::search::providerName(config.provider), variable));
            return;
        }
        if (key == QLatin1String(search::CredentialStore::BearerTokenKey))
            config.bearerToken = value;
        else
            config.password = value;
        self->resolveCredentials(kind, configs, queries, next + 1);
    };
    QTimer::singleShot(m_keychainWaitMs, this,
        [answer]() mutable { answer(search::CredentialStore::Status::KeychainUnavailable, {}); });
    m_parts.credentials->read(
        key, [answer](search::CredentialStore::Status status, const QString &secret, const QString &) mutable {
            answer(status, secret);
        });
}

bool RunController::prepareCollection(QString *error)
{
    QDir().mkpath(collectionsDir());
    const QString path = collectionsDir() + QStringLiteral("/run-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) + QStringLiteral(".sqlite");
    auto collection = std::make_unique<ts::search::Collection>();
    if (!collection->open(path, error))
        return false;
    m_runner->setCollection(collection.get());
    m_collection = std::move(collection);
    m_parts.lookup->open(path, nullptr, true);
    rememberRecent(path, true);
    return true;
}

void RunController::rememberRecent(const QString &path, bool last)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("collections/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(QStringLiteral("collections/recent"), recent.mid(0, 10));
    if (last)
        settings.setValue(QStringLiteral("collections/last"), path);
    Q_EMIT recentChanged();
}

void RunController::launch(RunKind kind, const QList<ts::search::ConnectionConfig> &configs, const QStringList &queries)
{
    const ts::search::ConnectionConfig &config = configs.constFirst();
    if (kind == RunKind::Sweep || kind == RunKind::CountsVolume) {
        QString error;
        if (!m_parts.chartRuns->launch(kind, config, queries, m_parts.options->options(), &error))
            refuse(error);
        Q_EMIT stateChanged();
        return;
    }
    StatusLine *status = m_parts.status;
    ts::search::SearchOptions options = m_parts.options->options();
    const bool across = configs.size() > 1;
    if (across) {
        // Every provider takes every query, or nothing is sent (the editor checks the first's
        // dialect only: an X operator without a Bluesky equivalent is caught here).
        if (const QString problem = ts::search::SearchRunner::acrossProblem(configs, queries, options);
            !problem.isEmpty()) {
            refuse(tr("Nothing was sent: %1").arg(problem));
            return;
        }
    }
    QString error;
    m_runner->setCollection(nullptr);
    if (!prepareCollection(&error))
        status->showMessage(tr("Runs are not saved: %1").arg(error), true);
    m_resumePath.clear();
    m_parts.charts->clear();
    // A hydration's batches go by their labels in the table's query column and filter.
    m_hydrating = !m_hydrationBatches.isEmpty();
    m_hydrationBatches.clear();
    QStringList shown = queries;
    if (m_hydrating) {
        for (int i = 0; i < shown.size(); ++i)
            shown[i] = ts::search::hydration::batchLabel(i, queries.at(i));
        status->showMessage(tr("Hydrating %1").arg(m_hydrationInput));
    }
    m_parts.results->reset(shown);
    m_parts.queries->clearStates();
    m_runKind = kind;
    m_cancelRequested = false;
    m_queriesFinished = 0;
    m_failedQueries = 0;
    m_summaries.clear();
    m_summaryProvider = config.provider;
    m_summaryBaseUrl = config.baseUrl;
    m_acrossTitles.clear();
    m_acrossLeg = -1;
    m_acrossPlaces = false;
    m_queriesTotal = int(queries.size()) * (kind == RunKind::Compare ? 2 : int(configs.size()));
    status->startProgress(m_queriesTotal, m_hydrating ? tr("%v of %m batches") : tr("%v of %m queries"));

    if (m_hydrating)
        options.kind = ts::search::RunKind::Hydrate;
    const RunMode mode = kind == RunKind::Sequential ? RunMode::Sequential : RunMode::Concurrent;
    bool started = false;
    if (kind == RunKind::Compare) {
        started = m_runner->startCompare(config, queries, options);
    } else if (across) {
        // The same provider twice (at two base URLs): each side says where it went.
        m_acrossPlaces = configs.size() > 1 && configs.at(0).provider == configs.at(1).provider;
        for (const ts::search::ConnectionConfig &each : configs)
            m_acrossTitles.append(sideTitle(each.provider, each.baseUrl, m_acrossPlaces));
        m_parts.charts->startProviderCompare(m_acrossTitles);
        started = m_runner->startAcross(configs, queries, mode, options, &error);
        if (!started)
            m_acrossTitles.clear();
    } else {
        started = m_runner->start(config, queries, mode, options);
    }
    if (!started) {
        // Said like any refusal: the automation exits with it instead of waiting for the end.
        status->setProgressVisible(false);
        refuse(error.isEmpty() ? tr("The run could not start.") : tr("The run could not start: %1").arg(error));
        return;
    }
    Q_EMIT stateChanged();
}

void RunController::refuse(const QString &message, StatusLine::Topic topic)
{
    m_hydrationBatches.clear(); // a refused hydration is not the next run's
    m_parts.status->showMessage(message, true, topic);
    Q_EMIT stateChanged();
    Q_EMIT startFailed(message);
}

void RunController::cancelRun()
{
    if (m_pendingStart) {
        m_pendingStart = false;
        m_hydrationBatches.clear();
        ++m_credentialRead;
        m_parts.status->setRunText(QString());
        Q_EMIT stateChanged();
        return;
    }
    if (m_runner->isRunning()) {
        m_parts.status->setRunText(tr("Cancelling…"));
        m_cancelRequested = true;
        m_runner->cancel();
    }
    m_parts.chartRuns->cancel();
}

void RunController::onRunFinished()
{
    StatusLine *status = m_parts.status;
    status->setProgressVisible(false);
    QString summary;
    if (m_runKind == RunKind::Compare && m_summaries.size() == 2) {
        // The speedup, or why there is none, by the rule the JSON summary follows too.
        const auto &seq = m_summaries.at(0);
        const auto &conc = m_summaries.at(1);
        const search::Speedup speedup = search::speedupOf(seq, conc);
        summary = tr("Sequential %1, concurrent %2").arg(formatDuration(seq.wallMs), formatDuration(conc.wallMs));
        if (speedup.honest())
            summary += tr(": %1× faster").arg(speedup.value, 0, 'f', 1);
        else
            summary += tr(": no speedup");
    }
    if (!m_acrossTitles.isEmpty()) {
        // Each provider's wall time; no speedup between providers (they answer different data).
        QStringList each;
        for (const search::RunSummary &s : std::as_const(m_summaries))
            each.append(tr("%1 %2").arg(providerTitleOf(s), formatDuration(s.wallMs)));
        summary = each.join(QStringLiteral(", "));
    }
    if (m_hydrating && !m_summaries.isEmpty())
        summary = hydrationText(m_summaries.constLast().hydration);
    if (m_cancelRequested) {
        const int rows = m_parts.results->model()->rowCount();
        summary
            = rows == 1 ? tr("Cancelled: 1 tweet kept") : tr("Cancelled: %1 tweets kept").arg(QLocale().toString(rows));
    }
    m_cancelRequested = false;
    status->setRunText(summary);
    if (m_failedQueries > 0) {
        // Per run: a compare runs every query twice, and "12 of the queries" of 6 says nothing.
        QStringList runs;
        for (const search::RunSummary &s : std::as_const(m_summaries)) {
            const search::RunOutcome o = search::runOutcome(s);
            if (o.failedQueries == 0)
                continue;
            const QString counts = tr("%1 of %2 failed")
                                       .arg(o.failedQueries)
                                       .arg(search::quantity(o.queries, tr("query"), tr("queries")));
            runs.append(m_summaries.size() > 1 ? tr("%1: %2").arg(runName(s, false), counts) : counts);
        }
        if (runs.isEmpty()) // a resumed run ends without a summary of every query
            runs.append(search::quantity(m_failedQueries, tr("query failed"), tr("queries failed")));
        QString text = runs.join(QStringLiteral("; "));
        text[0] = text[0].toUpper();
        status->showMessage(tr("%1. See the Queries list; everything fetched is kept.").arg(text), true);
    }
    // A cancelled or failed run leaves next tokens in the collection: offer to resume it. Not
    // a run on two providers: Resume continues with the panel's (first) provider only.
    if (m_collection && m_collection->isOpen() && m_acrossTitles.isEmpty()) {
        if (canResume(*m_collection))
            m_resumePath = m_collection->path();
    }
    Q_EMIT stateChanged();
    Q_EMIT runEnded(m_failedQueries);
}

ts::search::SearchSummary RunController::lastSummary() const
{
    ts::search::SearchSummary summary;
    summary.provider = m_summaryProvider;
    summary.baseUrl = m_summaryBaseUrl;
    summary.collection = collectionPath();
    summary.compare = m_runKind == RunKind::Compare;
    summary.compareProviders = !m_acrossTitles.isEmpty();
    summary.runs = m_summaries;
    return summary;
}

void RunController::resumeRun()
{
    const QString path = m_resumePath;
    if (path.isEmpty() || isRunning())
        return;
    if (!m_collection || m_collection->path() != path) {
        auto collection = std::make_unique<ts::search::Collection>();
        QString error;
        if (!collection->open(path, &error)) {
            m_parts.status->showMessage(tr("Cannot open %1: %2").arg(path, error), true);
            return;
        }
        m_collection = std::move(collection);
    }
    m_runner->setCollection(m_collection.get());
    const auto stored = m_collection->runs();
    m_hydrating = !stored.isEmpty() && stored.last().options.kind == ts::search::RunKind::Hydrate;
    const ConnectionSettings c = m_parts.connection->settings();
    ts::search::ConnectionConfig config;
    config.provider = c.provider;
    config.account = c.account;
    config.label = c.label;
    config.caFile = c.caFile;
    if (!c.baseUrl.isEmpty())
        config.baseUrl = QUrl::fromUserInput(c.baseUrl);
    else if (m_parts.archive && m_parts.archive->isReady())
        config.baseUrl = m_parts.archive->baseUrl();
    QString error;
    m_queriesFinished = 0;
    m_failedQueries = 0;
    m_summaries.clear();
    m_summaryProvider = config.provider;
    m_summaryBaseUrl = config.baseUrl;
    m_acrossTitles.clear();
    m_acrossLeg = -1;
    m_acrossPlaces = false;
    if (!m_runner->resume(config, &error)) {
        m_parts.status->showMessage(tr("Nothing to resume: %1").arg(error), true);
        m_resumePath.clear();
    }
    Q_EMIT stateChanged();
}

QString RunController::collectionPath() const
{
    return m_collection && m_collection->isOpen() ? m_collection->path() : m_parts.lookup->path();
}

void RunController::restoreLastCollection(const QString &last)
{
    // After a restart the table shows the last collection again (every run is saved); a large
    // one is only offered, since reading it holds the window up. Its interrupted run can be
    // resumed either way (Run > Resume).
    const QFileInfo file(last);
    if (last.isEmpty() || !file.exists())
        return;
    if (file.size() <= m_reopenLimitBytes) {
        openCollection(last);
        return;
    }
    ts::search::Collection probe;
    QString error;
    if (!probe.open(last, &error, true))
        return;
    m_parts.lookup->open(last, nullptr, true);
    if (canResume(probe)) {
        m_resumePath = last;
        m_parts.status->showMessage(
            tr("The last run was interrupted. Run > Resume continues it (%1).").arg(file.fileName()));
    } else {
        m_parts.status->showMessage(tr("The last collection, %1, is %2 MB: File > Open recent opens it.")
                                        .arg(file.fileName())
                                        .arg(file.size() / (1024 * 1024)));
    }
    Q_EMIT stateChanged();
}

bool RunController::openCollection(const QString &path)
{
    if (isRunning())
        return false;
    StatusLine *status = m_parts.status;
    ts::search::Collection collection;
    QString error;
    if (!collection.open(path, &error, true)) {
        status->showMessage(tr("Cannot open %1: %2").arg(path, error), true);
        return false;
    }
    const auto runs = collection.runs(&error);
    QStringList names;
    for (const auto &run : runs) {
        for (int i = 0; i < run.queries.size(); ++i) {
            // A hydration's tweets name their batch by its label, not by its ids.
            const QString name = run.options.kind == ts::search::RunKind::Hydrate
                ? ts::search::hydration::batchLabel(i, run.queries.at(i).query)
                : run.queries.at(i).query;
            if (!names.contains(name))
                names.append(name);
        }
    }
    TweetTableModel *model = m_parts.results->model();
    m_parts.results->reset(names);
    QHash<QString, int> indexOf;
    for (int i = 0; i < names.size(); ++i)
        indexOf.insert(names.at(i), i);
    // Batches per query keep one insert per batch, as pages do.
    QHash<int, QList<Tweet>> batch;
    int pending = 0;
    auto flush = [&] {
        for (auto it = batch.begin(); it != batch.end(); ++it)
            model->appendTweets(it.key(), it.value());
        batch.clear();
        pending = 0;
    };
    const bool ok = collection.forEachTweet(
        [&](const Tweet &tweet, const QStringList &queries) {
            Tweet compact = tweet;
            compact.rawJson.clear(); // stays on disk; the detail pane reads it by id
            for (const QString &q : queries)
                batch[indexOf.value(q, 0)].append(compact);
            if (queries.isEmpty())
                batch[0].append(compact);
            if (++pending >= 5000)
                flush();
            return true;
        },
        &error);
    flush();
    if (!ok)
        status->showMessage(tr("Read part of %1: %2").arg(path, error), true);
    m_parts.lookup->open(path, nullptr, true);
    if (canResume(collection)) {
        m_resumePath = path;
        status->showMessage(
            tr("Opened %1: its last run was interrupted; Run > Resume continues it.").arg(QFileInfo(path).fileName()));
    } else {
        m_resumePath.clear();
        status->showMessage(
            tr("Opened %1: %2").arg(QFileInfo(path).fileName(), search::quantity(runs.size(), tr("run"), tr("runs"))));
    }
    rememberRecent(path, false);
    Q_EMIT stateChanged();
    return true;
}

} // namespace ts::ui
