// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/whatif.h"

#include <cmath>

namespace Lab {

std::shared_ptr<const Trace> makeTrace(const QList<AttemptRecord> &records, const Endpoint &own)
{
    const QList<AttemptFacts> facts = AttemptFacts::of(records);
    ServiceModel model(facts, own.interval);
    if (model.isEmpty() || model.known().isEmpty())
        return nullptr;
    Figures recorded = figures(facts, model, own.retry);
    return std::make_shared<const Trace>(Trace{own.name, std::move(model), recorded});
}

Comparison compare(const Trace &trace, const Endpoint &current, const Endpoint &edited, std::uint64_t seed,
                   std::optional<Replay> currentDone)
{
    Comparison comparison;
    comparison.current = currentDone ? std::move(*currentDone) : replay(current, trace.model, seed);
    comparison.edited = replay(edited, trace.model, seed);
    return comparison;
}

const QList<FigureRow> &figureRows()
{
    using F = Figures;
    static const QList<FigureRow> rows{
        {"Cycles", [](const F &f) { return double(f.cycles); }, 0, 0},
        {"Cycle success %", [](const F &f) { return f.successPercent(); }, +1, 1},
        {"First-try success %", [](const F &f) { return f.firstTryPercent(); }, +1, 1},
        {"Attempts sent", [](const F &f) { return double(f.attempts); }, -1, 0},
        {"Amplification (attempts per cycle)", [](const F &f) { return f.amplification(); }, -1, 2},
        {"Attempts sent while failing", [](const F &f) { return double(f.attemptsWhileFailing); }, -1, 0},
        {"Cycles rejected by the breaker", [](const F &f) { return double(f.rejectedCycles); }, 0, 0},
        {"Time open %", [](const F &f) { return f.openPercent(); }, 0, 1},
        {"Cycles out of retry budget", [](const F &f) { return double(f.budgetExhaustedCycles); }, -1, 0},
        {"Cycle time p50 (ms)", [](const F &f) { return double(f.cycleP50.count()); }, -1, 0},
        {"Cycle time p95 (ms)", [](const F &f) { return double(f.cycleP95.count()); }, -1, 0},
        {"Cycle time p99 (ms)", [](const F &f) { return double(f.cycleP99.count()); }, -1, 0},
        {"Slowest cycle (ms)", [](const F &f) { return double(f.cycleMax.count()); }, -1, 0},
        {"Retry-After or pacing violations", [](const F &f) { return double(f.violations); }, -1, 0},
        {"Censored answers (timeouts)", [](const F &f) { return double(f.censored); }, 0, 0},
    };
    return rows;
}

int betterOf(const FigureRow &row, const Figures &a, const Figures &b)
{
    // Compared as shown: a difference hidden by the rounding is no difference.
    const double scale = std::pow(10.0, row.decimals);
    const double x = std::round(row.value(a) * scale);
    const double y = std::round(row.value(b) * scale);
    if (row.better == 0 || x == y)
        return 0;
    return (x > y) == (row.better > 0) ? -1 : +1;
}

} // namespace Lab
