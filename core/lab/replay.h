// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/lab/figures.h"
#include "core/lab/servicemodel.h"

#include <cstdint>
#include <functional>
#include <optional>

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

// What a replay's run made, before its figures.
struct Run
{
    QList<AttemptFacts> attempts; // in order
    qint64 censored = 0; // answers that were recorded timeouts
    // Where it rested: [when its next cycle was due, when it started again).
    QList<Span> rests;
    // For each span: when the endpoint's next cycle would have started, had
    // the span gone on (empty when none was due).
    QList<std::optional<qint64>> nextStartMs;
    // Of `attempts`, how many were copied rather than run (healthyRun).
    qint64 copiedCycles = 0;
};

// What a rest stands for, told the run when its endpoint rests: how many
// cycles it would have made (each a plain success), and when the next one
// would have started (at or after the end of the restable stretch it rests
// in). `rest` is [when its next cycle was due, the end of the stretch).
struct Resting
{
    qint64 cycles = 0;
    qint64 resumeMs = 0;
};
using RestCycles = std::function<Resting(const Span &rest)>;

// The run replay() makes, over `spans` (in order, within the model's known
// stretches) instead of every known stretch. Inside each stretch of
// `restable` (in order; stretches in which every answer is a plain success),
// once the client is at rest (RetryingClient::isAtRest) the run pauses until
// the moment `restCycles` tells. There the client learns the plain successes
// of the cycles the rest stood for, and its next cycle starts. The
// sweep takes those cycles from one run shared by every value (sharedsweep.h).
// With `copyRejections`, cycles that the client's open breaker would reject
// (RetryingClient::rejectingUntil) are copied from the last rejected cycle
// run live instead of run, up to the last one before the open period ends:
// the same attempts at the same moments, at a fraction of the cost of an
// outage's minutes of rejections.
[[nodiscard]] Run run(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed, const QList<Span> &spans,
                      const QList<Span> &restable = {}, const RestCycles &restCycles = {}, bool copyRejections = false);

// A sweep's shared run (sharedsweep.h): run() over `spans`, in each of which
// every answer is a plain success for the endpoint. Each cycle the client
// starts at rest that meets an answer (everything of an observation but its
// time) a live cycle at rest already met is not run again: its attempt is
// copied from that cycle's, moved to its start, and the next starts as long
// after it as the copied cycle's next did. The live code runs the first
// cycle to meet each answer, and the last before each span's end; the
// client learns the copied cycles' successes (learnPlainSuccesses). Copies
// keep the cycle number of the attempt they copy (each is one attempt, so
// the figures still count them apart). A day at 1 s with a few dozen
// distinct answers runs a few hundred cycles live instead of 80,000.
[[nodiscard]] Run healthyRun(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed,
                             const QList<Span> &spans);

} // namespace Lab
