// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpointfields.h"
#include "core/lab/whatif.h"

#include <QList>

#include <atomic>
#include <cstdint>

class QThreadPool;

// The policy lab's sweep (docs/policy-lab.md): one numeric key of the policy
// (retry.maxAttempts, timeoutMs, breaker.openDurationMs, ...) set to each of
// a range of values over the endpoint's own settings, each replayed over the
// same trace, in parallel.
namespace Lab {

// The keys a sweep may vary: the numeric keys of intervalMs, timeoutMs and
// the retry, budget and breaker objects, in the file's order.
[[nodiscard]] QList<const EndpointKey *> sweepKeys();

// `count` values from `from` to `to`, both included, evenly spread (whole
// numbers for keys that take whole numbers, each once), clamped to the key's
// range.
[[nodiscard]] QList<double> sweepValues(const EndpointKey &key, double from, double to, int count);

// The value `key` has in `endpoint`.
[[nodiscard]] double keyValue(const Endpoint &endpoint, const EndpointKey &key);

// `endpoint` with `key` set to `value`; the problem, naming the key, or empty.
[[nodiscard]] QString withKey(const Endpoint &endpoint, const EndpointKey &key, double value, Endpoint &result);

struct SweepPoint
{
    double value = 0;
    Figures figures;
    QString error; // the value is not one the key may take; no figures then
};

// Whether a sweep of `valueCount` values of `key` over `trace` shares what
// the values do alike (sharedsweep.h) rather than replaying each whole: not
// for intervalMs (every cycle moves with it), and not when whole replays
// are cheap, every value's cycles together fewer than wholeSweepCycles
// (an hour at one-second polling for 20 values). Whole replays are exact;
// shared ones can differ a little around failures (docs/policy-lab.md).
inline constexpr qint64 wholeSweepCycles = 100000;
[[nodiscard]] bool sweepShares(const Trace &trace, const Endpoint &endpoint, const EndpointKey &key,
                               qsizetype valueCount);

// Every value replayed over `trace` with `seed`, on `pool` (all cores by
// default); in the order of `values`, whole or sharing (sweepShares()).
// Setting `cancel` stops the sweep: its points then come back with the
// error "cancelled".
[[nodiscard]] QList<SweepPoint> sweep(const Trace &trace, const Endpoint &endpoint, const EndpointKey &key,
                                      const QList<double> &values, std::uint64_t seed, QThreadPool *pool = nullptr,
                                      const std::atomic_bool *cancel = nullptr);

} // namespace Lab
