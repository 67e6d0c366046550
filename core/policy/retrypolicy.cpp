// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicy.h"

#include <array>
#include <cmath>
#include <utility>

namespace {

constexpr std::array<std::pair<BackoffStrategy, const char *>, 3> strategyNames{{
    {BackoffStrategy::Exponential, "exponential"},
    {BackoffStrategy::Linear, "linear"},
    {BackoffStrategy::Constant, "constant"},
}};

constexpr std::array<std::pair<JitterMode, const char *>, 5> jitterNames{{
    {JitterMode::None, "none"},
    {JitterMode::Proportional, "proportional"},
    {JitterMode::Full, "full"},
    {JitterMode::Equal, "equal"},
    {JitterMode::Decorrelated, "decorrelated"},
}};

template<typename Enum, std::size_t N>
QLatin1String nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QLatin1String(name);
    }
    Q_UNREACHABLE();
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &table, QAnyStringView name)
{
    for (const auto &[value, text] : table) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N> QList<Enum> valuesOf(const std::array<std::pair<Enum, const char *>, N> &table)
{
    QList<Enum> values;
    for (const auto &entry : table)
        values.append(entry.first);
    return values;
}

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
    return nameOf(strategyNames, strategy);
}

std::optional<BackoffStrategy> strategyFromName(QAnyStringView name)
{
    return valueOf(strategyNames, name);
}

QLatin1String jitterName(JitterMode mode)
{
    return nameOf(jitterNames, mode);
}

std::optional<JitterMode> jitterFromName(QAnyStringView name)
{
    return valueOf(jitterNames, name);
}

const QList<BackoffStrategy> &allStrategies()
{
    static const QList<BackoffStrategy> all = valuesOf(strategyNames);
    return all;
}

const QList<JitterMode> &allJitterModes()
{
    static const QList<JitterMode> all = valuesOf(jitterNames);
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
