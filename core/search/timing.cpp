// SPDX-License-Identifier: MIT
#include "timing.h"

namespace ts::search {

QString modeName(RunMode mode)
{
    return mode == RunMode::Sequential ? QStringLiteral("sequential") : QStringLiteral("concurrent");
}

QString wireProtocolName(WireProtocol protocol)
{
    switch (protocol) {
    case WireProtocol::Http1:
        return QStringLiteral("http/1.1");
    case WireProtocol::Http2:
        return QStringLiteral("h2");
    case WireProtocol::Unknown:
        break;
    }
    return {};
}

QString statusName(QueryStatus status)
{
    switch (status) {
    case QueryStatus::Queued:
        return QStringLiteral("queued");
    case QueryStatus::Running:
        return QStringLiteral("running");
    case QueryStatus::RateLimited:
        return QStringLiteral("rate_limited");
    case QueryStatus::Ok:
        return QStringLiteral("ok");
    case QueryStatus::Error:
        return QStringLiteral("error");
    case QueryStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString missingReasonName(MissingReason reason)
{
    switch (reason) {
    case MissingReason::NotFound:
        return QStringLiteral("not_found");
    case MissingReason::NotAuthorized:
        return QStringLiteral("not_authorized");
    case MissingReason::Withheld:
        return QStringLiteral("withheld");
    case MissingReason::Other:
        return QStringLiteral("other");
    }
    return {};
}

std::optional<MissingReason> missingReasonFromName(QStringView name)
{
    for (auto r :
        { MissingReason::NotFound, MissingReason::NotAuthorized, MissingReason::Withheld, MissingReason::Other }) {
        if (name == missingReasonName(r))
            return r;
    }
    return std::nullopt;
}

} // namespace ts::search
