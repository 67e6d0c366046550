// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/breaker/retrybudget.h"
#include "core/policy/errorcategory.h"

#include <chrono>
#include <optional>

// What an attempt's outcome teaches its endpoint's breaker and budget: a
// failure as the breaker counts failures costs a token, a success adds one
// back; other categories settle nothing. The one place both learn it, for a
// cycle's attempts and for the cycles a policy-lab replay skipped at rest.
inline void learnOutcome(CircuitBreaker &breaker, RetryBudget &budget, ErrorCategory category, bool probe,
                         std::optional<std::chrono::milliseconds> latency)
{
    breaker.record(category, probe, latency);
    if (countsAsFailure(category))
        budget.recordFailure();
    else if (category == ErrorCategory::Ok)
        budget.recordSuccess();
}
