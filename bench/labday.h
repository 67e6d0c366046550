// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/net/attemptrecord.h"

#include <QList>

// The policy lab benchmarks' recorded service (bench_lab, bench_whatif).
namespace Bench {

// `seconds` of endpoint "api" polled every second from 2026-12-01 00:00 UTC:
// 10 ms answers, an outage of 2 minutes every hour (503s), a 429 with
// Retry-After 5 s every 10 minutes, the odd timeout. `variant` shifts it.
[[nodiscard]] QList<AttemptRecord> day(qint64 seconds, int variant);

// Its policy: every 1 s, timeout 5 s, the rest as defaults.
[[nodiscard]] Endpoint labEndpoint();

} // namespace Bench
