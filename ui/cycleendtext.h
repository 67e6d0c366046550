// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QString>

// Why a cycle ended, in words a person reads in the attempt log and the
// waterfall: short for a column, with the explanation for a tooltip.
namespace CycleEndText {

// "budget exhausted", "breaker opened", ...
[[nodiscard]] QString brief(CycleEndReason reason);
// What happened and what follows, a sentence or two.
[[nodiscard]] QString explanation(CycleEndReason reason);
// How the cycle of `last` (its final attempt) ended: "succeeded on attempt 3",
// "failed: budget exhausted", "rejected: breaker open".
[[nodiscard]] QString ending(const AttemptRecord &last);

} // namespace CycleEndText
