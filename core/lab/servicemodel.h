// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/attemptfacts.h"

#include <QList>

#include <chrono>
#include <optional>

// The policy lab's model of one endpoint's service, built from what was
// recorded. An observation is a sent attempt: what the
// service answered, how fast, and what it asked for. The service's answer
// at a moment is the latest observation at or before it (before the first
// one, the first). Stretches in which nothing at all was logged for longer
// than 5 intervals are unknown (the program was not running) and are left
// out of every figure; a stretch of rejected attempts is known (the breaker
// was open) and the service keeps its latest answer through it.
namespace Lab {

struct Observation
{
    qint64 timeMs = 0; // when the attempt started, ms since the epoch
    ErrorCategory category = ErrorCategory::Ok;
    std::optional<int> httpStatus;
    std::chrono::milliseconds latency{0};
    std::optional<std::chrono::milliseconds> retryAfter;
    std::optional<qint64> rateLimitRemaining;
    std::optional<std::chrono::milliseconds> rateLimitReset;
    // A recorded timeout: the service's real answer time is not known, only
    // that it was later than the recorded latency (the timeout then).
    [[nodiscard]] bool censored() const { return category == ErrorCategory::Timeout; }
};

// A stretch of time, [fromMs, toMs).
struct Span
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    [[nodiscard]] qint64 length() const { return toMs - fromMs; }
    friend bool operator==(const Span &, const Span &) = default;
};

class ServiceModel
{
public:
    // How many intervals of silence make a stretch unknown.
    static constexpr int unknownAfterIntervals = 5;

    // From one endpoint's records (sent and rejected, any order); `interval`
    // is the endpoint's recorded intervalMs.
    ServiceModel(const QList<AttemptRecord> &records, std::chrono::milliseconds interval);
    ServiceModel(QList<AttemptFacts> records, std::chrono::milliseconds interval);

    [[nodiscard]] bool isEmpty() const { return m_observations.isEmpty(); }
    [[nodiscard]] const QList<Observation> &observations() const { return m_observations; }
    // The answer at `timeMs`; null when nothing was ever sent.
    [[nodiscard]] const Observation *answerAt(qint64 timeMs) const;
    // The same, for a caller that asks in time order (a replay, the
    // figures): `hint` (0 at first) keeps where the last answer was, so that
    // the next one is usually found there or just after it.
    [[nodiscard]] const Observation *answerAt(qint64 timeMs, qsizetype &hint) const;
    // The known stretches, in order: from the first record's start to the end
    // of the last one's, less every unknown gap. Silence is measured from
    // where the log said the next activity would come (an attempt's start,
    // plus its latency and the longest of the wait it scheduled, the
    // Retry-After and an exhausted quota's reset) to the next record's start.
    [[nodiscard]] const QList<Span> &known() const { return m_known; }
    [[nodiscard]] bool isKnown(qint64 timeMs) const;
    // How long the known stretches last together.
    [[nodiscard]] qint64 knownMs() const;
    // Whether the answer in force at `timeMs` was a failure (any category
    // but ok): "while the service was failing" in the report.
    [[nodiscard]] bool failingAt(qint64 timeMs) const;
    [[nodiscard]] bool failingAt(qint64 timeMs, qsizetype &hint) const;
    // The recording program's own pace, so that a replay keeps it at short
    // intervals. Measured after plain waits (a retry delay, or the interval
    // after a cycle that asked for no deferral) as how much later than the
    // wait the next attempt started, the median: after a rejected cycle,
    // which does nothing but wait, that is how late its timers fire; after
    // a sent attempt, the time it spent on the answer besides, beyond the
    // service's latency.
    [[nodiscard]] std::chrono::milliseconds timerLateness() const { return m_timerLateness; }
    [[nodiscard]] std::chrono::milliseconds attemptOverhead() const { return m_attemptOverhead; }

private:
    QList<Observation> m_observations; // by time
    QList<Span> m_known;
    std::chrono::milliseconds m_timerLateness{0};
    std::chrono::milliseconds m_attemptOverhead{0};
};

} // namespace Lab
