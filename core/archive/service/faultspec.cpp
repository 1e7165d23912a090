// SPDX-License-Identifier: MIT
#include "faultspec.h"

#include <QRandomGenerator>
#include <QStringList>

#include <array>
#include <utility>

namespace ts::archive {

std::optional<FaultSpec> FaultSpec::parse(const QString &spec, QString *error)
{
    FaultSpec f;
    if (spec.trimmed().isEmpty() || spec.trimmed() == QLatin1String("none"))
        return f;
    double total = 0;
    const QStringList items = spec.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &item : items) {
        const qsizetype colon = item.indexOf(QLatin1Char(':'));
        const QString name = item.left(colon).trimmed().toLower();
        bool ok = false;
        const double p = colon < 0 ? 0 : item.mid(colon + 1).trimmed().toDouble(&ok);
        if (!ok || p < 0 || p > 1) {
            if (error)
                *error = QStringLiteral("'%1': expected NAME:PROBABILITY with a probability from 0 to 1").arg(item);
            return std::nullopt;
        }
        double *slot = nullptr;
        if (name == QLatin1String("503"))
            slot = &f.serviceUnavailable;
        else if (name == QLatin1String("500"))
            slot = &f.internalError;
        else if (name == QLatin1String("429"))
            slot = &f.tooManyRequests;
        else if (name == QLatin1String("drop"))
            slot = &f.drop;
        else if (name == QLatin1String("slow"))
            slot = &f.slow;
        else if (name == QLatin1String("truncated"))
            slot = &f.truncated;
        else if (name == QLatin1String("malformed"))
            slot = &f.malformed;
        if (!slot) {
            if (error)
                *error
                    = QStringLiteral("unknown fault '%1' (expected 503, 500, 429, drop, slow, truncated or malformed)")
                          .arg(name);
            return std::nullopt;
        }
        total += p - *slot;
        *slot = p;
    }
    if (total > 1.0 + 1e-9) {
        if (error)
            *error = QStringLiteral("the fault probabilities add up to more than 1");
        return std::nullopt;
    }
    return f;
}

bool FaultSpec::isEmpty() const
{
    return serviceUnavailable + internalError + tooManyRequests + drop + slow + truncated + malformed <= 0;
}

Fault FaultSpec::pick(QRandomGenerator &rng) const
{
    if (isEmpty())
        return Fault::None;
    const std::array<std::pair<double, Fault>, 7> table { {
        { serviceUnavailable, Fault::ServiceUnavailable },
        { internalError, Fault::InternalError },
        { tooManyRequests, Fault::TooManyRequests },
        { drop, Fault::Drop },
        { slow, Fault::Slow },
        { truncated, Fault::Truncated },
        { malformed, Fault::Malformed },
    } };
    double x = rng.generateDouble();
    for (const auto &[p, fault] : table) {
        if (x < p)
            return fault;
        x -= p;
    }
    return Fault::None;
}

} // namespace ts::archive
