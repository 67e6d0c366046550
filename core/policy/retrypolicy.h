// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/errorcategory.h"

#include <QList>
#include <QStringList>

#include <chrono>
#include <optional>

enum class BackoffStrategy { Exponential, Linear, Constant };
enum class JitterMode { None, Proportional, Full, Equal, Decorrelated };

[[nodiscard]] QLatin1String strategyName(BackoffStrategy strategy);
[[nodiscard]] std::optional<BackoffStrategy> strategyFromName(QAnyStringView name);
[[nodiscard]] QLatin1String jitterName(JitterMode mode);
[[nodiscard]] std::optional<JitterMode> jitterFromName(QAnyStringView name);
[[nodiscard]] const QList<BackoffStrategy> &allStrategies();
[[nodiscard]] const QList<JitterMode> &allJitterModes();

// docs/endpoints-file.md: how one endpoint retries within a cycle. Every member has the documented
// default, so `RetryPolicy{}` is the documented default policy.
struct RetryPolicy
{
    // Longest delay, timeout or deadline accepted: the longest wait a Qt timer
    // can express (about 24.8 days). The file format sets no upper bound; this one
    // keeps every later computation free of overflow.
    static constexpr std::chrono::milliseconds maxDuration{2147483647};

    int maxAttempts = 5;
    BackoffStrategy strategy = BackoffStrategy::Exponential;
    std::chrono::milliseconds initialDelay{1000};
    double multiplier = 2.0;
    std::chrono::milliseconds maxDelay{30000};
    JitterMode jitter = JitterMode::Proportional;
    double jitterFactor = 0.5;
    std::chrono::milliseconds deadline{0}; // 0 = no deadline
    QList<int> retryOnStatus{408, 429, 502, 503, 504};
    QList<ErrorCategory> retryOnErrors{ErrorCategory::Timeout, ErrorCategory::ConnectionRefused,
                                       ErrorCategory::ConnectionReset, ErrorCategory::NetworkError};
    bool respectRetryAfter = true;
    // Wait for an announced quota's reset when a response says none is left
    // (docs/endpoints-file.md, "Rate-limit pacing").
    bool respectRateLimit = true;
    std::chrono::milliseconds maxRetryAfter{60000};
    bool retryNonIdempotent = false;

    // One message per problem, each naming its key as the endpoints file spells
    // it ("retry.maxAttempts: ..."). Empty when the policy is valid.
    [[nodiscard]] QStringList validate() const;

    friend bool operator==(const RetryPolicy &, const RetryPolicy &) = default;
};
