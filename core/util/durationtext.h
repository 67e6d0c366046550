// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <chrono>

// A duration as a person reads it: "850 ms", "12.5 s", "3 min 20 s",
// "2 h 5 min", "3 d 4 h". Negative durations read as zero.
[[nodiscard]] QString durationText(std::chrono::milliseconds duration);
