// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/lab/figures.h"
#include "core/lab/servicemodel.h"

#include <QList>

#include <atomic>
#include <cstdint>

class QThreadPool;

// A sweep's replays of one endpoint's variants that differ only in keys read
// when something fails (everything but intervalMs), sharing what they all
// do alike. Each variant runs the live code as replay() does, but where the
// service answered well for longer than the policy remembers, it rests
// (Lab::run): once its client is at rest, the cycles it would make there
// are the ones any variant at rest makes, taken from one run shared by all.
// A day at 1 s with a failure every few minutes then costs about one replay
// and a tenth per variant instead of one whole replay (bench/README.md).
namespace Lab {

// The stretches, inside the known ones, over which every answer in force is
// one that none of `variants` retries, counts against the breaker or the
// budget, or waits after: a success with an expected status, in time, not a
// slow call, asking for no wait. In order.
[[nodiscard]] QList<Span> restableStretches(const ServiceModel &model, const QList<Endpoint> &variants);

// The figures of each variant replayed over `model` with `seed`, on `pool`
// (the global one by default). Setting `cancel` stops what has not started:
// those come back empty.
[[nodiscard]] QList<Figures> sharedReplays(const QList<Endpoint> &variants, const ServiceModel &model,
                                           std::uint64_t seed, QThreadPool *pool = nullptr,
                                           const std::atomic_bool *cancel = nullptr);

} // namespace Lab
