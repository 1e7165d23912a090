// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QStringList>

class QJsonObject;

namespace ts::archive {

/// One HTTP answer of the local archive, before latency, faults and rate-limit headers.
struct HttpAnswer
{
    int status = 200;
    QByteArray body; ///< always JSON (every non-2xx has a JSON body)
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers; ///< extra headers (Allow, ...)

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append(qMakePair(name, value)); }
    static HttpAnswer json(int status, QByteArray body)
    {
        return HttpAnswer { status, std::move(body), "application/json", {} };
    }
};

/// The standard reason phrase of a status code ("Too Many Requests").
QByteArray reasonPhrase(int status);

/// Error bodies exactly as the real APIs send them (docs/api-shapes.md).
namespace errors {

/// v2 400 "Invalid Request" with one entry per offending parameter.
HttpAnswer v2InvalidRequest(const QByteArray &parameter, const QStringList &values, const QString &message);
/// The same with several parameters at fault ({"tweet.fields":[...],"max_results":[...]}).
HttpAnswer v2InvalidRequest(const QJsonObject &parameters, const QString &message);
/// v2 400 for an invalid query: "There were errors processing your request: <reason> (at position N)".
HttpAnswer v2InvalidQuery(const QString &query, const QString &reason, int position);
/// v2 problem with type about:blank (401, 404, 405, 413, 429, 500, 503): title = detail = the reason phrase.
HttpAnswer v2Problem(int status, const QString &detail = {});
/// Enterprise {"error":{"message","sent","transactionId"}} with the given status.
HttpAnswer enterprise(int status, const QString &message);

} // namespace errors
} // namespace ts::archive
