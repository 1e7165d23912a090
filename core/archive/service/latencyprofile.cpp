// SPDX-License-Identifier: MIT
#include "latencyprofile.h"

#include <QRandomGenerator>
#include <QStringList>

#include <cmath>
#include <numbers>

namespace ts::archive {

LatencyProfile LatencyProfile::realistic()
{
    return LatencyProfile { Kind::LogNormal, 700, 0.15 };
}

std::optional<LatencyProfile> LatencyProfile::parse(const QString &spec, QString *error)
{
    const QString s = spec.trimmed().toLower();
    if (s == QLatin1String("none"))
        return LatencyProfile { Kind::None, 0, 0 };
    if (s == QLatin1String("realistic"))
        return realistic();
    if (s.startsWith(QLatin1String("fixed:"))) {
        bool ok = false;
        const double ms = s.mid(6).toDouble(&ok);
        if (ok && ms >= 0 && ms <= 600000)
            return LatencyProfile { Kind::Fixed, ms, 0 };
        if (error)
            *error = QStringLiteral("expected fixed:MS with MS from 0 to 600000");
        return std::nullopt;
    }
    if (s.startsWith(QLatin1String("lognormal:"))) {
        const QStringList parts = s.mid(10).split(QLatin1Char(','));
        bool ok1 = false, ok2 = false;
        const double median = parts.size() == 2 ? parts[0].toDouble(&ok1) : 0;
        const double sigma = parts.size() == 2 ? parts[1].toDouble(&ok2) : 0;
        if (ok1 && ok2 && median > 0 && median <= 600000 && sigma >= 0 && sigma <= 5)
            return LatencyProfile { Kind::LogNormal, median, sigma };
        if (error)
            *error = QStringLiteral("expected lognormal:MEDIAN_MS,SIGMA with MEDIAN_MS > 0 and SIGMA from 0 to 5");
        return std::nullopt;
    }
    if (error)
        *error = QStringLiteral("expected none, fixed:MS, lognormal:MEDIAN_MS,SIGMA or realistic");
    return std::nullopt;
}

int LatencyProfile::sampleMs(QRandomGenerator &rng) const
{
    switch (kind) {
    case Kind::None:
        return 0;
    case Kind::Fixed:
        return int(std::lround(medianMs));
    case Kind::LogNormal: {
        // Box-Muller: one standard normal draw from two uniform ones.
        const double u1 = std::max(rng.generateDouble(), 1e-12);
        const double u2 = rng.generateDouble();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
        const double ms = medianMs * std::exp(sigma * z);
        return int(std::lround(std::clamp(ms, 0.0, 600000.0)));
    }
    }
    return 0;
}

QString LatencyProfile::toString() const
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::Fixed:
        return QStringLiteral("fixed:%1").arg(medianMs);
    case Kind::LogNormal:
        return QStringLiteral("lognormal:%1,%2").arg(medianMs).arg(sigma);
    }
    return {};
}

} // namespace ts::archive
