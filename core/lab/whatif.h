// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/lab/replay.h"

#include <QList>

#include <cstdint>
#include <memory>
#include <optional>

// The editor's what-if (docs/policy-lab.md): one endpoint's recorded traffic,
// read once, replayed under the policy being edited and under the endpoint's
// own. Everything here is a value that is never changed once made, so any
// number of replays may read one Trace from any threads at once.
namespace Lab {

struct Trace
{
    QString endpoint;
    ServiceModel model;
    Figures recorded; // the recording's own figures
};

// The trace of `records` (one endpoint's) for an endpoint whose settings, as
// recorded, are `own`; null when nothing in them was sent.
[[nodiscard]] std::shared_ptr<const Trace> makeTrace(const QList<AttemptRecord> &records, const Endpoint &own);

struct Comparison
{
    Replay current; // the endpoint's own policy replayed
    Replay edited; // the policy being edited replayed
};

// Both replays over `trace`, with the same seed; `current` is taken as given
// when the caller has it already (it does not change while the user types).
[[nodiscard]] Comparison compare(const Trace &trace, const Endpoint &current, const Endpoint &edited,
                                 std::uint64_t seed, std::optional<Replay> currentDone = std::nullopt);

// Which of two values of a figure is the better one, where one is plainly
// better: more successful cycles, fewer attempts, shorter cycles. Zero when
// equal or when neither is better in itself (cycles, rejected cycles, time
// open: a breaker that opens more spares the service and serves less).
struct FigureRow
{
    const char *label; // "Cycle success %"
    double (*value)(const Figures &figures);
    int better; // +1: higher is better, -1: lower is better, 0: neither
    int decimals;
};
[[nodiscard]] const QList<FigureRow> &figureRows();
// -1 when `a` is the better, +1 when `b` is, 0 otherwise.
[[nodiscard]] int betterOf(const FigureRow &row, const Figures &a, const Figures &b);

} // namespace Lab
