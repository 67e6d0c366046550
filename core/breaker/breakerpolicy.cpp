// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/breakerpolicy.h"

#include "core/util/enumnames.h"
#include "core/util/jsonfieldreader.h"

#include <cmath>

namespace {

constexpr EnumNameTable<BreakerState, 5> stateNames{{
    {BreakerState::Closed, "closed"},
    {BreakerState::Open, "open"},
    {BreakerState::HalfOpen, "half_open"},
    {BreakerState::ForcedOpen, "forced_open"},
    {BreakerState::Disabled, "disabled"},
}};

constexpr std::chrono::milliseconds maxDuration{2147483647};

} // namespace

QLatin1String breakerStateName(BreakerState state)
{
    return enumName(stateNames, state);
}

std::optional<BreakerState> breakerStateFromName(QAnyStringView name)
{
    return enumFromName(stateNames, name);
}

QStringList BreakerPolicy::validate() const
{
    QStringList problems;
    const auto range = [&problems](const char *key, qint64 value, qint64 min, qint64 max) {
        if (value < min || value > max)
            problems.append(QStringLiteral("breaker.%1: must be from %2 to %3 (got %4)")
                                .arg(QLatin1String(key))
                                .arg(min)
                                .arg(max)
                                .arg(value));
    };
    range("failureThreshold", failureThreshold, 1, 1000000);
    range("failureRatePercent", failureRatePercent, 0, 100);
    range("windowSize", windowSize, 1, 100000);
    range("minimumCalls", minimumCalls, 1, 100000);
    range("openMs", openDuration.count(), 0, maxDuration.count());
    range("maxOpenMs", maxOpenDuration.count(), 0, maxDuration.count());
    range("halfOpenProbes", halfOpenProbes, 1, 1000);
    if (minimumCalls > windowSize)
        problems.append(QStringLiteral("breaker.minimumCalls: must not exceed breaker.windowSize (%1 > %2)")
                            .arg(minimumCalls)
                            .arg(windowSize));
    if (!std::isfinite(openBackoffMultiplier) || openBackoffMultiplier < 1.0)
        problems.append(
            QStringLiteral("breaker.openBackoffMultiplier: must be a number >= 1 (got %1)").arg(openBackoffMultiplier));
    if (maxOpenDuration < openDuration)
        problems.append(QStringLiteral("breaker.maxOpenMs: must not be less than breaker.openMs (%1 < %2)")
                            .arg(maxOpenDuration.count())
                            .arg(openDuration.count()));
    return problems;
}

BreakerPolicyReadResult readBreakerPolicy(const QJsonObject &object, const BreakerPolicy &base)
{
    BreakerPolicyReadResult result{base, {}};
    BreakerPolicy &policy = result.policy;
    JsonFieldReader reader(object, QStringLiteral("breaker"));
    reader.rejectUnknownKeys({QLatin1String("enabled"), QLatin1String("failureThreshold"),
                              QLatin1String("failureRatePercent"), QLatin1String("windowSize"),
                              QLatin1String("minimumCalls"), QLatin1String("openMs"),
                              QLatin1String("openBackoffMultiplier"), QLatin1String("maxOpenMs"),
                              QLatin1String("halfOpenProbes"), QLatin1String("key")});
    reader.boolean(QLatin1String("enabled"), policy.enabled);
    reader.wholeNumber(QLatin1String("failureThreshold"), policy.failureThreshold);
    reader.wholeNumber(QLatin1String("failureRatePercent"), policy.failureRatePercent);
    reader.wholeNumber(QLatin1String("windowSize"), policy.windowSize);
    reader.wholeNumber(QLatin1String("minimumCalls"), policy.minimumCalls);
    reader.milliseconds(QLatin1String("openMs"), policy.openDuration);
    reader.number(QLatin1String("openBackoffMultiplier"), policy.openBackoffMultiplier);
    reader.milliseconds(QLatin1String("maxOpenMs"), policy.maxOpenDuration);
    reader.wholeNumber(QLatin1String("halfOpenProbes"), policy.halfOpenProbes);
    reader.string(QLatin1String("key"), policy.key);
    result.problems = reader.problems();
    if (result.problems.isEmpty())
        result.problems = policy.validate();
    return result;
}

QJsonObject toJson(const BreakerPolicy &policy)
{
    QJsonObject object{
        {QStringLiteral("enabled"), policy.enabled},
        {QStringLiteral("failureThreshold"), policy.failureThreshold},
        {QStringLiteral("failureRatePercent"), policy.failureRatePercent},
        {QStringLiteral("windowSize"), policy.windowSize},
        {QStringLiteral("minimumCalls"), policy.minimumCalls},
        {QStringLiteral("openMs"), qint64(policy.openDuration.count())},
        {QStringLiteral("openBackoffMultiplier"), policy.openBackoffMultiplier},
        {QStringLiteral("maxOpenMs"), qint64(policy.maxOpenDuration.count())},
        {QStringLiteral("halfOpenProbes"), policy.halfOpenProbes},
    };
    if (!policy.key.isEmpty())
        object.insert(QStringLiteral("key"), policy.key);
    return object;
}
