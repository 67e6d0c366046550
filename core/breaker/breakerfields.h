// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/breakerpolicy.h"
#include "core/breaker/retrybudget.h"
#include "core/util/fieldtable.h"

#include <span>

// The keys of the `breaker` and `budget` objects (docs/endpoints-file.md),
// one row each: read, written, range-checked and edited from these tables.
[[nodiscard]] std::span<const Field<BreakerPolicy>> breakerPolicyFields();
[[nodiscard]] std::span<const Field<BudgetPolicy>> budgetPolicyFields();
