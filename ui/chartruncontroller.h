// SPDX-License-Identifier: MIT
#pragma once

#include "runkind.h"

#include <QObject>
#include <QStringList>

namespace ts::search {
class CountsFetcher;
class SearchRunner;
class SweepRunner;
struct ConnectionConfig;
struct SearchOptions;
} // namespace ts::search

namespace ts::ui {

class ChartsPanel;
class QueryEditor;
class StatusLine;

/**
 * Runs that only feed the charts: the concurrency sweep (on a search runner of its own: no
 * collection, no table) into the Sweep tab and tweet volume from the counts endpoints (no
 * tweets fetched) into the Volume tab. RunController starts them after its checks
 * (connection, credentials, local archive).
 */
class ChartRunController : public QObject
{
    Q_OBJECT
public:
    ChartRunController(QueryEditor *queries, ChartsPanel *charts, StatusLine *status, QObject *parent = nullptr);

    /// kind is Sweep or CountsVolume. False (and the reason in error) when it cannot start.
    bool launch(RunKind kind, const ts::search::ConnectionConfig &config, const QStringList &queries,
        const ts::search::SearchOptions &options, QString *error);
    bool isRunning() const;
    void cancel();
    int sweepRepeats() const { return m_sweepRepeats; }
    /// Runs per concurrency level of a sweep, 1 to 50.
    void setSweepRepeats(int repeats);

Q_SIGNALS:
    /// A chart run ended; failedQueries counts the query runs that failed.
    void ended(int failedQueries);

private:
    void end(const QString &summary, bool warning);

    QueryEditor *m_queries;
    ChartsPanel *m_charts;
    StatusLine *m_status;
    ts::search::SearchRunner *m_sweepSearch;
    search::SweepRunner *m_sweepRunner;
    ts::search::CountsFetcher *m_countsFetcher;
    int m_sweepRepeats = 3;
    int m_failedQueries = 0;
};

} // namespace ts::ui
