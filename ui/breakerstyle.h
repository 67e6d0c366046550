// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/breakerpolicy.h"

#include <QColor>
#include <QIcon>

// How a breaker state looks: a colour and a shape, never the colour alone
// (closed: circle, half-open: triangle, open: square, forced open: square
// with a bar, disabled: hollow circle), so it reads without colour vision.
namespace BreakerStyle {

[[nodiscard]] QColor color(BreakerState state);
[[nodiscard]] QIcon icon(BreakerState state);
[[nodiscard]] QString label(BreakerState state); // "closed", "half-open", ...

} // namespace BreakerStyle
