// SPDX-License-Identifier: MIT
#include "httpanswer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStringList>

namespace ts::archive {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

namespace errors {

static QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpAnswer v2InvalidRequest(const QByteArray &parameter, const QStringList &values, const QString &message)
{
    return v2InvalidRequest(
        QJsonObject { { QString::fromLatin1(parameter), QJsonArray::fromStringList(values) } }, message);
}

HttpAnswer v2InvalidRequest(const QJsonObject &parameters, const QString &message)
{
    const QJsonObject error {
        { QStringLiteral("parameters"), parameters },
        { QStringLiteral("message"), message },
    };
    const QJsonObject body {
        { QStringLiteral("errors"), QJsonArray { error } },
        { QStringLiteral("title"), QStringLiteral("Invalid Request") },
        { QStringLiteral("detail"), QStringLiteral("One or more parameters to your request was invalid.") },
        { QStringLiteral("type"), QStringLiteral("https://api.twitter.com/2/problems/invalid-request") },
    };
    return HttpAnswer { 400, compact(body), "application/problem+json", {} };
}

HttpAnswer v2InvalidQuery(const QString &query, const QString &reason, int position)
{
    return v2InvalidRequest("query", { query },
        QStringLiteral("There were errors processing your request: %1 (at position %2)").arg(reason).arg(position));
}

HttpAnswer v2Problem(int status, const QString &detail)
{
    const QString title = QString::fromLatin1(reasonPhrase(status));
    const QJsonObject body {
        { QStringLiteral("title"), title },
        { QStringLiteral("detail"), detail.isEmpty() ? title : detail },
        { QStringLiteral("type"), QStringLiteral("about:blank") },
        { QStringLiteral("status"), status },
    };
    return HttpAnswer { status, compact(body), "application/problem+json", {} };
}

HttpAnswer enterprise(int status, const QString &message)
{
    const QJsonObject error {
        { QStringLiteral("message"), message },
        { QStringLiteral("sent"),
            QDateTime::currentDateTimeUtc().toString(Qt::ISODate).replace(QLatin1Char('Z'), QStringLiteral("+00:00")) },
        { QStringLiteral("transactionId"),
            QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffffULL, 16)
                .rightJustified(16, QLatin1Char('0')) },
    };
    return HttpAnswer { status, compact(QJsonObject { { QStringLiteral("error"), error } }), "application/json", {} };
}

} // namespace errors
} // namespace ts::archive
