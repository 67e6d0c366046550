// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/retrypolicy.h"
#include "core/util/fieldtable.h"

#include <span>

// The keys of the `retry` object (docs/endpoints-file.md), one row each:
// read, written, range-checked and edited from this table.
[[nodiscard]] std::span<const Field<RetryPolicy>> retryPolicyFields();
