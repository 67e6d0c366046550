// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QHash>

#include <deque>

// Live figures per endpoint over a sliding window of recent attempts, for the
// dashboard's table (the history answers longer windows). Pure data: no
// widgets, no timers; time comes from the records.
class EndpointStats
{
public:
    // How a cycle ended, for the beat strip (Hystrix and Uptime Kuma style,
    // with retries told apart from first tries).
    // Slow: a success whose answer was a slow call (breaker.slowCallDurationMs).
    enum class Beat { FirstTry, AfterRetries, Failed, Rejected, Slow };
    static constexpr qsizetype maxBeats = 30;

    struct Snapshot
    {
        QList<Beat> beats; // the last cycles, oldest first
        std::optional<AttemptRecord> last;
        qint64 attempts = 0;
        qint64 cycles = 0;
        qint64 successfulCycles = 0;
        qint64 firstTrySuccesses = 0;
        qint64 retries = 0;
        std::optional<qint64> latencyP50;
        std::optional<qint64> latencyP95;
        qint64 slowSuccesses = 0; // successful cycles whose answer was a slow call
        // The quota the newest announcing answer gave, and when it resets.
        std::optional<qint64> quotaRemaining;
        QDateTime quotaResetUtc; // invalid when the answer did not say
        QDateTime certificateExpiryUtc; // the newest https handshake's; invalid before one

        // Most recent successes were slow calls: a "degraded" service (at
        // least 3 successes in the window, more than half of them slow).
        [[nodiscard]] bool degraded() const { return successfulCycles >= 3 && 2 * slowSuccesses > successfulCycles; }

        [[nodiscard]] std::optional<double> successRate() const;
        [[nodiscard]] std::optional<double> firstTrySuccessRate() const;
        [[nodiscard]] std::optional<double> retriesPerCycle() const;
    };

    explicit EndpointStats(std::chrono::milliseconds window = std::chrono::minutes(5));

    void add(const AttemptRecord &record);
    void forget(const QString &endpoint);
    // The figures of `endpoint` over the window ending at `nowUtc`.
    [[nodiscard]] Snapshot snapshot(const QString &endpoint, const QDateTime &nowUtc) const;
    [[nodiscard]] std::chrono::milliseconds window() const { return m_window; }

private:
    struct Entry
    {
        qint64 timeMs;
        AttemptOutcome outcome;
        int attempt;
        std::optional<qint64> latencyMs;
        bool slow;
    };
    struct Series
    {
        std::deque<Entry> entries;
        AttemptRecord last;
        QList<Beat> beats;
        std::optional<qint64> quotaRemaining;
        QDateTime quotaResetUtc;
        QDateTime certificateExpiryUtc;
    };

    std::chrono::milliseconds m_window;
    QHash<QString, Series> m_series;
};
