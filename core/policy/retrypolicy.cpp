// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicy.h"

#include "core/util/enumnames.h"

#include <cmath>

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

QString durationProblem(const char *key, std::chrono::milliseconds value)
{
    if (value.count() < 0)
        return QStringLiteral("retry.%1: must not be negative (got %2)").arg(QLatin1String(key)).arg(value.count());
    if (value > RetryPolicy::maxDuration)
        return QStringLiteral("retry.%1: must be at most %2 ms (got %3)")
            .arg(QLatin1String(key))
            .arg(RetryPolicy::maxDuration.count())
            .arg(value.count());
    return {};
}

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
    QStringList problems;
    const auto add = [&problems](const QString &problem) {
        if (!problem.isEmpty())
            problems.append(problem);
    };

    if (maxAttempts < 1 || maxAttempts > 100)
        add(QStringLiteral("retry.maxAttempts: must be from 1 to 100 (got %1)").arg(maxAttempts));
    add(durationProblem("initialDelayMs", initialDelay));
    add(durationProblem("maxDelayMs", maxDelay));
    add(durationProblem("deadlineMs", deadline));
    add(durationProblem("maxRetryAfterMs", maxRetryAfter));
    if (maxDelay < initialDelay)
        add(QStringLiteral("retry.maxDelayMs: must not be less than retry.initialDelayMs (%1 < %2)")
                .arg(maxDelay.count())
                .arg(initialDelay.count()));
    if (!std::isfinite(multiplier) || multiplier < 1.0)
        add(QStringLiteral("retry.multiplier: must be a number >= 1 (got %1)").arg(multiplier));
    if (!std::isfinite(jitterFactor) || jitterFactor < 0.0 || jitterFactor >= 1.0)
        add(QStringLiteral("retry.jitterFactor: must be >= 0 and < 1 (got %1)").arg(jitterFactor));
    for (const int status : retryOnStatus) {
        if (status < 100 || status > 599)
            add(QStringLiteral("retry.retryOnStatus: %1 is not an HTTP status (100-599)").arg(status));
    }
    for (const ErrorCategory category : retryOnErrors) {
        if (!isTransportCategory(category))
            add(QStringLiteral("retry.retryOnErrors: \"%1\" is not a transport error category "
                               "(allowed: timeout, connection_refused, connection_reset, "
                               "dns_failure, tls_error, network_error)")
                    .arg(categoryName(category)));
    }
    return problems;
}
