// SPDX-License-Identifier: MIT
#pragma once

#include "archive/archivestore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace ts::archive {

/// The two result formats of the Enterprise (Gnip 2.0) search APIs.
enum class EnterpriseFormat : quint8 { ActivityStreams, Original };

/// Builds Enterprise search JSON from stored tweets. Pure functions.
namespace enterprise {

/// v1.1 "original" (Native Enriched): created_at "Tue Jul 18 23:25:04 +0000 2017",
/// id/id_str, user{}, entities, extended_tweet when the text is over 140 characters,
/// matching_rules.
QJsonObject renderOriginal(const Tweet &t, const QString &tag);
/// Activity streams: id "tag:search.twitter.com,2005:<id>", verb post|share, postedTime,
/// body, long_object, actor{}, twitter_entities, twitter_lang, gnip{matching_rules}.
QJsonObject renderActivity(const Tweet &t, const QString &tag);

/// A data page: {"results":[...], "next":"..." (absent on the last page), "requestParameters":{...}}.
/// Stored tweets whose raw JSON is already in the requested format are served as they are.
QByteArray renderSearchPage(const QList<StoredTweet> &tweets, EnterpriseFormat format, const QString &tag,
    const QString &next, const QJsonObject &requestParameters);
/// A counts page: {"results":[{"timePeriod":"yyyymmddhhmm","count":N}], "totalCount", "requestParameters"}.
/// With `next` when older buckets follow (more than 31 days were asked for).
QByteArray renderCountsPage(
    const QList<CountBucket> &buckets, const QJsonObject &requestParameters, const QString &next = {});

/// "201802010000" (UTC, minute precision)
QString gnipTime(qint64 ms);

} // namespace enterprise
} // namespace ts::archive
