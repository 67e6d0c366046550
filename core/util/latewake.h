// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/clock.h"

#include <QDateTime>

#include <algorithm>
#include <chrono>

// Whether the process had stopped running: a laptop suspended (on Linux the
// monotonic clock stops then, and only the wall clock shows the gap) or a
// process stopped (SIGSTOP: the monotonic clock runs on, and a timer fires
// late by it). Each timer that cares keeps when it should fire by both clocks.
namespace LateWake {

// A timer that fires this much late means the process did not run meanwhile.
inline constexpr std::chrono::milliseconds threshold{5000};
// What fell due meanwhile is spread over this (or over an endpoint's
// interval, if shorter), as endpoints are at start.
inline constexpr std::chrono::milliseconds spreadWindow{2000};

// When a timer started now with `wait` should fire, by both clocks.
struct Moment
{
    Clock::TimePoint steady{};
    QDateTime utc;
};

[[nodiscard]] inline Moment after(const Clock &clock, std::chrono::milliseconds wait)
{
    return {clock.now() + wait, clock.utcNow().addMSecs(wait.count())};
}

// How late it is now against `expected`, by whichever clock says later.
[[nodiscard]] inline std::chrono::milliseconds lateness(const Clock &clock, const Moment &expected)
{
    const auto steady = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - expected.steady);
    const auto wall = std::chrono::milliseconds(expected.utc.isValid() ? expected.utc.msecsTo(clock.utcNow()) : 0);
    return std::max(steady, wall);
}

} // namespace LateWake
