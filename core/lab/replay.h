// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/lab/figures.h"
#include "core/lab/servicemodel.h"

#include <cstdint>

namespace Lab {

struct Replay
{
    QList<AttemptFacts> attempts; // every attempt the replay made, in order
    Figures figures;
};

// Runs `endpoint` (its interval, timeout, retry, budget and breaker) through
// the recorded service in virtual time, with the code that runs live: the
// Scheduler, the RetryingClient's cycles, backoff and jitter, Retry-After and
// pacing, breaker and budget, on a FakeClock, the random draws seeded with
// `seed`. Polling runs through each known stretch of the model from its
// start (a cycle running at its end is let finish) and pauses over the
// unknown ones, as the program did not run then. Nothing is sent: headers
// are not resolved, and the endpoint's `assert` checks are replaced by the
// recorded verdicts. Runs on a thread of its own, joined before it returns.
[[nodiscard]] Replay replay(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed);

} // namespace Lab
