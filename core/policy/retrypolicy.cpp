// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicy.h"

#include "core/policy/retrypolicyfields.h"
#include "core/util/enumnames.h"

namespace {

constexpr EnumNameTable<BackoffStrategy, 3> strategyNames{{
    {BackoffStrategy::Exponential, "exponential"},
    {BackoffStrategy::Linear, "linear"},
    {BackoffStrategy::Constant, "constant"},
}};

constexpr EnumNameTable<JitterMode, 5> jitterNames{{
    {JitterMode::None, "none"},
    {JitterMode::Proportional, "proportional"},
    {JitterMode::Full, "full"},
    {JitterMode::Equal, "equal"},
    {JitterMode::Decorrelated, "decorrelated"},
}};

} // namespace

QLatin1String strategyName(BackoffStrategy strategy)
{
    return enumName(strategyNames, strategy);
}

std::optional<BackoffStrategy> strategyFromName(QAnyStringView name)
{
    return enumFromName(strategyNames, name);
}

QLatin1String jitterName(JitterMode mode)
{
    return enumName(jitterNames, mode);
}

std::optional<JitterMode> jitterFromName(QAnyStringView name)
{
    return enumFromName(jitterNames, name);
}

const QList<BackoffStrategy> &allStrategies()
{
    static const QList<BackoffStrategy> all = enumValues(strategyNames);
    return all;
}

const QList<JitterMode> &allJitterModes()
{
    static const QList<JitterMode> all = enumValues(jitterNames);
    return all;
}

QStringList RetryPolicy::validate() const
{
    // Each key's own range from its row; then the rules between keys.
    QStringList problems = FieldTable::rangeProblems(*this, retryPolicyFields(), QStringLiteral("retry."));
    if (maxDelay < initialDelay)
        problems.append(QStringLiteral("retry.maxDelayMs: must not be less than retry.initialDelayMs (%1 < %2)")
                            .arg(maxDelay.count())
                            .arg(initialDelay.count()));
    for (const ErrorCategory category : retryOnErrors) {
        if (!isRetryOnErrorsCategory(category))
            problems.append(
                QStringLiteral("retry.retryOnErrors: \"%1\" is not a category retryOnErrors may list "
                               "(allowed: timeout, connection_refused, connection_reset, "
                               "dns_failure, tls_error, network_error, assertion_failed; statuses go in retryOnStatus)")
                    .arg(categoryName(category)));
    }
    return problems;
}
