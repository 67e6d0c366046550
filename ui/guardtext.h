// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/breaker/retrybudget.h"

#include <QString>

// The retry budget and the breaker's progress toward opening, in words: a
// short cell for the endpoint table and a tooltip that says what it means.
namespace GuardText {

struct Text
{
    QString brief;
    QString explanation;
    bool alarm = false; // retries are off: drawn as a warning
};

// `budget` is null while the endpoint has not used its budget yet (full).
[[nodiscard]] Text budget(const BudgetPolicy &policy, const RetryBudget *budget);
// For a closed breaker; `progress` is empty while it has seen no call.
[[nodiscard]] Text breakerProgress(const BreakerPolicy &policy, BreakerState state, const BreakerProgress &progress);

} // namespace GuardText
