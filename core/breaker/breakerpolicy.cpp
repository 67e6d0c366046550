// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/breakerpolicy.h"

#include "core/breaker/breakerfields.h"
#include "core/util/enumnames.h"

namespace {

constexpr EnumNameTable<BreakerState, 5> stateNames{{
    {BreakerState::Closed, "closed"},
    {BreakerState::Open, "open"},
    {BreakerState::HalfOpen, "half_open"},
    {BreakerState::ForcedOpen, "forced_open"},
    {BreakerState::Disabled, "disabled"},
}};

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
    // Each key's own range from its row; then the rules between keys.
    QStringList problems = FieldTable::rangeProblems(*this, breakerPolicyFields(), QStringLiteral("breaker."));
    if (minimumCalls > windowSize)
        problems.append(QStringLiteral("breaker.minimumCalls: must not exceed breaker.windowSize (%1 > %2)")
                            .arg(minimumCalls)
                            .arg(windowSize));
    if (maxOpenDuration < openDuration)
        problems.append(QStringLiteral("breaker.maxOpenMs: must not be less than breaker.openMs (%1 < %2)")
                            .arg(maxOpenDuration.count())
                            .arg(openDuration.count()));
    return problems;
}

BreakerPolicyReadResult readBreakerPolicy(const QJsonObject &object, const BreakerPolicy &base)
{
    return FieldTable::readObject(object, base, QStringLiteral("breaker"), breakerPolicyFields());
}

QJsonObject toJson(const BreakerPolicy &policy)
{
    return FieldTable::writeObject(policy, breakerPolicyFields());
}
