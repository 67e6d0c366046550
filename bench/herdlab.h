// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

// The thundering-herd lab (issue #8 §3, after Marc Brooker's "Exponential
// Backoff And Jitter"): M clients all want one request to succeed against a
// service that is down for D seconds and then recovers with room for K
// requests per 100 ms. Each client is one Retryscope endpoint with its own
// breaker and budget, polling until its cycle succeeds.
namespace HerdLab {

struct Scenario
{
    int clients = 100;
    int downSeconds = 10;
    int capacityPer100ms = 2;
    std::chrono::milliseconds horizon{300000}; // give up after this long
    // The fault server's route for it (docs/fault-server.md): both the
    // simulation and the loopback run ask the real route what to answer.
    [[nodiscard]] QByteArray target() const;
};

// One retry policy, varied only in its jitter mode and whether the retry
// budget and the breaker guard it.
struct Variant
{
    JitterMode jitter = JitterMode::Full;
    bool guarded = false;
    double openJitter = BreakerPolicy{}.openJitter; // guarded only: breaker.openJitter
    [[nodiscard]] QString name() const; // "full", "full+guards"
    // The lab's endpoint: exponential from 100 ms doubling up to 5 s, up to
    // 10 attempts per cycle, the next cycle 1 s after a failed one, 2 s
    // timeout; guarded: the default budget and a breaker that opens after
    // 5 failures for 5 s (doubling up to 60 s, each period drawn from
    // [d, d·(1 + openJitter)]), else neither.
    [[nodiscard]] Endpoint endpoint(const QString &name, const QUrl &url) const;
};

struct Result
{
    qint64 attempts = 0; // requests that reached the server
    qint64 attemptsAfterRecovery = 0; // of those, from the recovery on
    qint64 rejected = 0; // attempts an open breaker kept back
    int succeeded = 0;
    std::optional<double> allSucceededAfterRecovery; // seconds
    std::vector<int> arrivalsPer100ms; // from the start
    int peakAfterRecovery = 0; // arrivals in the busiest 100 ms after recovery
    double meanAfterRecovery = 0; // per 100 ms, from recovery until the last success
};

// In virtual time: the real Backoff, RetryBudget and CircuitBreaker on a
// FakeClock, and the fault server's real /outage route.
[[nodiscard]] Result simulate(const Scenario &scenario, const Variant &variant, std::uint64_t seed);

// For real: the retrying client (QNetworkAccessManager, real timers) against
// the fault server on 127.0.0.1, in this process.
[[nodiscard]] Result runOnLoopback(const Scenario &scenario, const Variant &variant, std::uint64_t seed);

// Fills in the figures derived from the arrivals and the last success.
void summarize(Result &result, const Scenario &scenario, const std::vector<double> &arrivalSeconds,
               std::optional<double> lastSuccessSeconds);

} // namespace HerdLab
