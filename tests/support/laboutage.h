// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/net/attemptrecord.h"

#include <QDateTime>
#include <QList>

// The policy lab's tests share one recorded service and one policy, so the
// figures counted by hand in their comments hold for all of them.
namespace LabOutage {

// 2026-12-03 09:00 UTC: the recording's first attempt.
[[nodiscard]] QDateTime origin();

// One 10 ms attempt a second for 30 s ("api", http://api.invalid/health),
// answered 503 from 10 s to 20 s (each such cycle ended by max_attempts) and
// 200 otherwise.
[[nodiscard]] QList<AttemptRecord> records();

// Interval 1 s, timeout 500 ms, a constant 100 ms between attempts, no
// jitter, no budget, no breaker.
[[nodiscard]] Endpoint endpoint(int maxAttempts);

} // namespace LabOutage
