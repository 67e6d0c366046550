// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/errorcategory.h"

#include <QColor>

// One colour per docs/attempt-log.md category, the same in every chart.
namespace CategoryStyle {

[[nodiscard]] QColor color(ErrorCategory category);

} // namespace CategoryStyle
