// SPDX-License-Identifier: MIT
#include "timing.h"

namespace ts::search {

QString modeName(RunMode mode)
{
    return mode == RunMode::Sequential ? QStringLiteral("sequential") : QStringLiteral("concurrent");
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

} // namespace ts::search
