// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/net/attemptrecord.h"

// The lines headless mode prints: one per attempt, one per transition,
// aligned for a person watching them scroll.
namespace ConsoleFormat {

// 2026-11-28T14:50:47.123Z  flaky         #12.2 retry    server_error       503    41 ms  wait 1234 ms  [closed]
// Also, when they apply: "slow call", "quota 0 left, resets in 800 ms",
// "wait 850 ms for the quota", and a failed check's words.
[[nodiscard]] QString attemptLine(const AttemptRecord &record);
// 2026-11-28T14:50:47.123Z  BREAKER outage: closed -> open (5 consecutive failures)
[[nodiscard]] QString transitionLine(const BreakerTransition &transition);
// The machine went offline (the connectivity check failed, for `reason`) or
// came back online.
// The scheduler woke `late` (the process did not run); `overdue` endpoints
// start spread.
[[nodiscard]] QString lateWakeLine(const QDateTime &timeUtc, std::chrono::milliseconds late, int overdue);
[[nodiscard]] QString connectivityLine(const QDateTime &timeUtc, bool online, const QString &reason);

} // namespace ConsoleFormat
