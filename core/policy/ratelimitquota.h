// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>

#include <chrono>
#include <optional>

// The quota a response announced (docs/endpoints-file.md, "Rate-limit
// pacing"): how many requests are left and how long until the quota resets.
struct RateLimitQuota
{
    qint64 remaining = 0;
    std::optional<std::chrono::milliseconds> reset; // empty when the response did not say

    // The response's fields as Qt reports them (null when absent, repeated
    // fields joined by ", "). In order of preference: `RateLimit`
    // (draft-ietf-httpapi-ratelimit-headers: a Structured Field list whose
    // items carry r = remaining and t = seconds to reset; the item with the
    // smallest r wins), then `RateLimit-Remaining`/`RateLimit-Reset` (the
    // draft's earlier form) and `X-RateLimit-Remaining`/`X-RateLimit-Reset`
    // (seconds, or Unix epoch seconds above 10^9, measured against the
    // response's `Date` when it has one). A malformed field is ignored as a
    // whole, and the next form is tried.
    struct Fields
    {
        QByteArray rateLimit;
        QByteArray draftRemaining;
        QByteArray draftReset;
        QByteArray xRemaining;
        QByteArray xReset;
        QByteArray date;
    };
    [[nodiscard]] static std::optional<RateLimitQuota> parse(const Fields &fields, const QDateTime &receivedUtc);

    // Epoch seconds start above this; smaller reset values are seconds from now.
    static constexpr qint64 epochThreshold = 1000000000;

    friend bool operator==(const RateLimitQuota &, const RateLimitQuota &) = default;
};

// The jitter added to a pacing wait so that clients throttled together do
// not all return at the reset instant: at most min(1 s, 10 % of the wait).
[[nodiscard]] std::chrono::milliseconds maxPacingJitter(std::chrono::milliseconds wait);
