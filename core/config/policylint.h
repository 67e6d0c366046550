// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QDateTime>
#include <QStringList>

// How long one cycle of an endpoint can take at worst: every attempt runs
// to its timeout and every wait is the longest its band allows, cut by the
// deadline (the last attempt may start just before it and run its timeout).
struct CycleTime
{
    int attempts = 1; // the attempts a cycle can make (1 when it may not retry)
    std::chrono::milliseconds worst{0};
    // The same when every failure carries the longest Retry-After honoured.
    std::chrono::milliseconds worstWithRetryAfter{0};
};

[[nodiscard]] CycleTime worstCaseCycle(const Endpoint &endpoint);

// Consecutive failing cycles until the breaker opens on its consecutive-
// failure rule, with the budget's refusals counted (a drained budget leaves
// one attempt per cycle). 0 when the breaker is off.
[[nodiscard]] int cyclesToOpen(const Endpoint &endpoint);
// The same once the budget has run dry (one attempt per cycle), which is
// how a long outage goes on; equal to cyclesToOpen without a budget.
[[nodiscard]] int cyclesToOpenWithoutRetries(const Endpoint &endpoint);
// The least outage that opens the breaker: the cycles above, an interval
// apart (the first failing cycle starts the outage).
[[nodiscard]] std::chrono::milliseconds outageToOpen(const Endpoint &endpoint, int cycles);

// The share of failing attempts above which the budget stops retries for
// good: a failure costs a token, a success earns tokenRatio r back, so the
// tokens fall while more than r / (1 + r) of attempts fail (9 % for 0.1).
[[nodiscard]] double budgetStopsRetriesAbove(const BudgetPolicy &budget);

// Settings that are valid but probably not what the user wants, each in
// plain words: retrying 400/401/403/404/422, retrying a POST without an
// idempotency key, no jitter, maxAttempts x maxDelay beyond the deadline, a
// timeout longer than the interval, a slow-call duration or a latency check
// the timeout cuts off, a breaker that would take a long outage
// to open. With `plannedOutage` (the outage the user wants the breaker to
// catch, said in the editor), a breaker that would not open within it, with
// a full budget or a dry one; without it, one that needs 10 minutes or more.
[[nodiscard]] QStringList lintEndpoint(const Endpoint &endpoint,
                                       std::chrono::milliseconds plannedOutage = std::chrono::milliseconds(0));

// Whole days from `nowUtc` to a certificate's expiry, rounded toward now:
// 0 on its last day, -1 within the day after it expired.
[[nodiscard]] qint64 certificateDaysLeft(const QDateTime &expiryUtc, const QDateTime &nowUtc);
// Whether that many days left are within the endpoint's tlsExpiryWarningDays
// (0 = never warn).
[[nodiscard]] bool certificateWithinWarning(const Endpoint &endpoint, qint64 daysLeft);
// The lint's word on the certificate the endpoint's server last presented
// (its expiry, seen by the monitor at run time, not in the file): a warning
// when it is within tlsExpiryWarningDays or expired, else empty. Empty too
// without an observation (invalid expiry) or for a plain http URL.
[[nodiscard]] QString lintCertificate(const Endpoint &endpoint, const QDateTime &expiryUtc, const QDateTime &nowUtc);
