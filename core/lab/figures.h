// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/attemptfacts.h"
#include "core/lab/servicemodel.h"
#include "core/policy/retrypolicy.h"

#include <QList>

#include <chrono>
#include <limits>

// The policy lab's report figures for one endpoint under one policy,
// computed the same way from the recording's records and from a replay's,
// so that every column of the report is measured alike. Only cycles that
// start inside a known stretch of the service model count.
namespace Lab {

struct Figures
{
    qint64 cycles = 0;
    qint64 successfulCycles = 0;
    qint64 firstTrySuccesses = 0;
    qint64 attempts = 0; // sent
    qint64 attemptsWhileFailing = 0; // sent while the service's answer in force was a failure
    qint64 rejectedCycles = 0; // the breaker was open: nothing sent
    qint64 budgetExhaustedCycles = 0;
    qint64 knownMs = 0; // the time the figures cover
    qint64 openMs = 0; // of it, with the breaker open
    std::chrono::milliseconds cycleP50{0};
    std::chrono::milliseconds cycleP95{0};
    std::chrono::milliseconds cycleP99{0};
    std::chrono::milliseconds cycleMax{0};
    qint64 violations = 0; // attempts sent before a Retry-After or an exhausted quota's reset allowed
    qint64 censored = 0; // answers that were recorded timeouts (the service's real time unknown)

    [[nodiscard]] double successPercent() const
    {
        return cycles ? 100.0 * double(successfulCycles) / double(cycles) : 0;
    }
    [[nodiscard]] double firstTryPercent() const
    {
        return cycles ? 100.0 * double(firstTrySuccesses) / double(cycles) : 0;
    }
    [[nodiscard]] double amplification() const { return cycles ? double(attempts) / double(cycles) : 0; }
    [[nodiscard]] double openPercent() const { return knownMs ? 100.0 * double(openMs) / double(knownMs) : 0; }
};

// The figures of one endpoint's records (any order) against its service
// model, under the retry policy that made them: an attempt sent before the
// end of the wait an answer asked for (its Retry-After, or with pacing on an
// exhausted quota's reset, either cut at maxRetryAfterMs as the client cuts
// it) is a violation. `censored` counts the recorded timeouts among the sent
// attempts (what the recording met); a replay sets its own count.
[[nodiscard]] Figures figures(QList<AttemptFacts> attempts, const ServiceModel &model, const RetryPolicy &policy);

// The same figures taken one attempt at a time, in time order, for records
// that are never all in one list: a sweep's value is its own attempts with
// the shared run's put in, moved (sharedsweep.h), and a copy of that merged
// list per value cost more than the figures themselves (bench/README.md).
class FigureCounter
{
public:
    FigureCounter(const ServiceModel &model, const RetryPolicy &policy);

    // The next attempt, `shiftMs` later than it says.
    void add(const AttemptFacts &attempt, qint64 shiftMs = 0);
    // The figures of every attempt added; once, after the last.
    [[nodiscard]] Figures result();

private:
    void endCycle();

    const ServiceModel &m_model;
    const RetryPolicy &m_policy;
    Figures m_f;
    QList<std::chrono::milliseconds> m_cycleTimes;
    // Of the previous attempt:
    bool m_any = false;
    qint64 m_cycle = 0;
    int m_attempt = 0;
    AttemptOutcome m_outcome = AttemptOutcome::Success;
    std::optional<CycleEndReason> m_reason;
    bool m_counted = false; // the current cycle started in a known stretch
    qint64 m_cycleStart = 0;
    qint64 m_cycleEnd = 0;
    bool m_open = false;
    qint64 m_openSince = 0;
    qint64 m_notBeforeMs = std::numeric_limits<qint64>::min();
    qsizetype m_answerHint = 0;
};
[[nodiscard]] Figures figures(const QList<AttemptRecord> &records, const ServiceModel &model,
                              const RetryPolicy &policy);

// The nearest-rank percentile (p in 0..100) of `values`, which it reorders.
[[nodiscard]] std::chrono::milliseconds percentile(QList<std::chrono::milliseconds> &values, double p);

} // namespace Lab
