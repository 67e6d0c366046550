// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/figures.h"

#include <algorithm>
#include <cmath>

using std::chrono::milliseconds;

namespace Lab {

namespace {

// How much of [from, to) lies in known stretches.
qint64 knownPart(const QList<Span> &known, qint64 from, qint64 to)
{
    qint64 total = 0;
    for (const Span &span : known)
        total += std::max<qint64>(0, std::min(to, span.toMs) - std::max(from, span.fromMs));
    return total;
}

bool openState(BreakerState state)
{
    return state == BreakerState::Open || state == BreakerState::ForcedOpen;
}

// Times are whole milliseconds in the log; a wait may end this much early
// on paper and still have been kept.
constexpr qint64 roundingSlackMs = 2;

} // namespace

milliseconds percentile(QList<milliseconds> &values, double p)
{
    if (values.isEmpty())
        return milliseconds(0);
    // The value at the rank, without sorting the rest: a sweep asks for
    // three percentiles of a day's cycles for every value.
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    const auto nth = values.begin() + std::clamp<qsizetype>(rank - 1, 0, values.size() - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

Figures figures(const QList<AttemptRecord> &records, const ServiceModel &model, const RetryPolicy &policy)
{
    return figures(AttemptFacts::of(records), model, policy);
}

Figures figures(QList<AttemptFacts> records, const ServiceModel &model, const RetryPolicy &policy)
{
    const auto earlier = [](const AttemptFacts &a, const AttemptFacts &b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.attempt < b.attempt;
    };
    if (!std::is_sorted(records.cbegin(), records.cend(), earlier)) // a replay's are already
        std::stable_sort(records.begin(), records.end(), earlier);
    Figures f;
    f.knownMs = model.knownMs();
    const qint64 knownEnd = model.known().isEmpty() ? 0 : model.known().last().toMs;

    QList<milliseconds> cycleTimes;
    bool counted = false; // the current cycle started in a known stretch
    qint64 cycleStart = 0;
    qint64 cycleEnd = 0;
    const AttemptFacts *previous = nullptr;
    // Not std::optional: GCC 12 at -O2 warns (wrongly) that it may be read uninitialised.
    bool open = false;
    qint64 openSince = 0;
    qint64 notBeforeMs = std::numeric_limits<qint64>::min();
    qsizetype answerHint = 0;
    const auto endCycle = [&](const AttemptFacts &last) {
        if (!counted)
            return;
        ++f.cycles;
        if (last.outcome == AttemptOutcome::Success) {
            ++f.successfulCycles;
            f.firstTrySuccesses += last.attempt == 1 ? 1 : 0;
        }
        f.rejectedCycles += last.outcome == AttemptOutcome::Rejected ? 1 : 0;
        f.budgetExhaustedCycles += last.reason == CycleEndReason::BudgetExhausted ? 1 : 0;
        cycleTimes.append(milliseconds(cycleEnd - cycleStart));
    };
    for (const AttemptFacts &r : std::as_const(records)) {
        const qint64 start = r.startMs;
        // Cycles of one endpoint never overlap: a new number, or an attempt
        // number that starts again (a restart), begins the next one.
        if (!previous || r.cycle != previous->cycle || r.attempt <= previous->attempt) {
            if (previous)
                endCycle(*previous);
            counted = model.isKnown(start);
            cycleStart = start;
            cycleEnd = start;
        }
        const qint64 end = start + (r.latency ? r.latency->count() : 0);
        cycleEnd = std::max(cycleEnd, end);

        // The breaker: open from the answer that opened it (or the first
        // rejection) until the next attempt that was let through.
        if (r.sent() && open) {
            f.openMs += knownPart(model.known(), openSince, start);
            open = false;
        }
        if (!r.sent() && openState(r.breakerState) && !open) {
            open = true;
            openSince = start;
        } else if (r.sent() && r.reason == CycleEndReason::CircuitOpen) {
            open = true;
            openSince = end;
        }

        if (r.sent()) {
            if (counted) {
                ++f.attempts;
                f.attemptsWhileFailing += model.failingAt(start, answerHint) ? 1 : 0;
                f.violations += start + roundingSlackMs < notBeforeMs ? 1 : 0;
                f.censored += r.category == ErrorCategory::Timeout ? 1 : 0;
            }
            std::optional<milliseconds> asked = r.retryAfter;
            if (!asked && policy.respectRateLimit && r.rateLimitRemaining == 0 && r.rateLimitReset)
                asked = r.rateLimitReset;
            if (asked)
                notBeforeMs = std::max(notBeforeMs, end + std::min(*asked, policy.maxRetryAfter).count());
        }
        previous = &r;
    }
    if (previous)
        endCycle(*previous);
    if (open)
        f.openMs += knownPart(model.known(), openSince, knownEnd);

    f.cycleP50 = percentile(cycleTimes, 50);
    f.cycleP95 = percentile(cycleTimes, 95);
    f.cycleP99 = percentile(cycleTimes, 99);
    f.cycleMax = cycleTimes.isEmpty() ? milliseconds(0) : *std::max_element(cycleTimes.cbegin(), cycleTimes.cend());
    return f;
}

} // namespace Lab
