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

// Every value replayed over `trace` with `seed`, on `pool` (all cores by
// default); in the order of `values`. Values of any key but intervalMs share
// what they all do alike (sharedsweep.h). Setting `cancel` stops the sweep:
// its points then come back with the error "cancelled".
[[nodiscard]] QList<SweepPoint> sweep(const Trace &trace, const Endpoint &endpoint, const EndpointKey &key,
                                      const QList<double> &values, std::uint64_t seed, QThreadPool *pool = nullptr,
                                      const std::atomic_bool *cancel = nullptr);

} // namespace Lab
