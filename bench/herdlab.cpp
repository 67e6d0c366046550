// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/herdlab.h"

#include "core/policy/retrypolicy.h"

#include <algorithm>
#include <numeric>

using std::chrono::milliseconds;

namespace HerdLab {

QByteArray Scenario::target() const
{
    return QByteArrayLiteral("/outage?first=down&down_s=") + QByteArray::number(downSeconds)
        + QByteArrayLiteral("&up_s=86400&capacity=") + QByteArray::number(capacityPer100ms)
        + QByteArrayLiteral("&code=503");
}

QString Variant::name() const
{
    return QString(jitterName(jitter)) + (guarded ? QStringLiteral("+guards") : QString());
}

Endpoint Variant::endpoint(const QString &name, const QUrl &url) const
{
    Endpoint e;
    e.name = name;
    e.url = url;
    e.interval = milliseconds(1000);
    e.timeout = milliseconds(2000);
    e.retry.maxAttempts = 10;
    e.retry.initialDelay = milliseconds(100);
    e.retry.multiplier = 2.0;
    e.retry.maxDelay = milliseconds(5000);
    e.retry.jitter = jitter;
    e.budget.enabled = guarded;
    e.breaker.enabled = guarded;
    e.breaker.openDuration = milliseconds(5000);
    e.breaker.maxOpenDuration = milliseconds(60000);
    e.breaker.openJitter = openJitter;
    return e;
}

void summarize(Result &result, const Scenario &scenario, const std::vector<double> &arrivalSeconds,
               std::optional<double> lastSuccessSeconds)
{
    const auto windows = std::size_t(scenario.horizon.count() / 100) + 1;
    result.arrivalsPer100ms.assign(windows, 0);
    for (const double t : arrivalSeconds)
        ++result.arrivalsPer100ms[std::min(windows - 1, std::size_t(std::max(0.0, t) * 10))];
    result.attempts = qint64(arrivalSeconds.size());
    const double recovery = scenario.downSeconds;
    result.attemptsAfterRecovery
        = std::count_if(arrivalSeconds.begin(), arrivalSeconds.end(), [recovery](double t) { return t >= recovery; });
    if (result.succeeded == scenario.clients && lastSuccessSeconds)
        result.allSucceededAfterRecovery = std::max(0.0, *lastSuccessSeconds - recovery);
    const auto first = std::size_t(recovery * 10);
    const auto last = std::min(windows, std::size_t((lastSuccessSeconds.value_or(recovery) + 0.1) * 10));
    if (last > first) {
        const auto begin = result.arrivalsPer100ms.begin();
        result.peakAfterRecovery = *std::max_element(begin + qsizetype(first), begin + qsizetype(last));
        result.meanAfterRecovery = double(std::accumulate(begin + qsizetype(first), begin + qsizetype(last), qint64(0)))
            / double(last - first);
    }
}

} // namespace HerdLab
