// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace ts::cli {

/**
 * For queries that found no tweet on the built-in local archive while no time window was given:
 * whether the archive holds matching tweets outside the default window (the last 30 days), and
 * the --start-time/--end-time that would find them. Imported tweets from 2021 beside generated
 * ones from this year are the usual case. Reads the archive file directly (read-only), at most
 * `maxQueries` queries; one line per query that has such tweets, nothing for the others.
 */
QStringList timeWindowHints(const QString &archivePath, const QStringList &emptyQueries, int maxQueries = 10);

} // namespace ts::cli
