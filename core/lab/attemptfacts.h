// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QList>

#include <chrono>
#include <optional>

namespace Lab {

// What the lab keeps of an attempt: the fields its figures and timeline
// read, without the strings and dates of a whole AttemptRecord. A replay of
// a day at 1 s makes some 80,000 attempts; kept whole they took a quarter of
// its time (copies, sorting) and most of its memory (bench/README.md).
struct AttemptFacts
{
    qint64 startMs = 0; // ms since the epoch
    qint64 cycle = 0;
    std::optional<std::chrono::milliseconds> latency; // empty when not sent
    std::optional<std::chrono::milliseconds> delay;
    std::optional<std::chrono::milliseconds> retryAfter;
    std::optional<std::chrono::milliseconds> rateLimitReset;
    std::optional<qint64> rateLimitRemaining;
    std::optional<int> httpStatus;
    int attempt = 0;
    AttemptOutcome outcome = AttemptOutcome::Success;
    ErrorCategory category = ErrorCategory::Ok;
    std::optional<CycleEndReason> reason;
    BreakerState breakerState = BreakerState::Closed;

    [[nodiscard]] static AttemptFacts of(const AttemptRecord &record);
    [[nodiscard]] static QList<AttemptFacts> of(const QList<AttemptRecord> &records);
    // Sent to the service: neither rejected by the breaker nor cancelled unsent.
    [[nodiscard]] bool sent() const { return outcome != AttemptOutcome::Rejected && latency.has_value(); }
};

} // namespace Lab
