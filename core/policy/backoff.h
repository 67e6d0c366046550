// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/retrypolicy.h"

#include <chrono>

class RandomSource;

// The closed range [min, max] that a delay lies in, in whole milliseconds.
struct DelayBand
{
    std::chrono::milliseconds min{0};
    std::chrono::milliseconds max{0};

    [[nodiscard]] bool contains(std::chrono::milliseconds delay) const { return delay >= min && delay <= max; }
    friend bool operator==(const DelayBand &, const DelayBand &) = default;
};

// docs/endpoints-file.md's backoff mathematics: the envelope, the five jitter modes, and the
// range of every delay. Retry numbers are 1-based: retry 1 is the wait before
// the second attempt. Delays are drawn as real numbers and rounded to whole
// milliseconds, because a scheduled wait lasts exactly the delay_ms it
// reports (docs/attempt-log.md).
namespace Backoff {

// The envelope e before retry k, unrounded.
[[nodiscard]] double envelopeMs(const RetryPolicy &policy, int retry);

// Draws the delay before retry k. `previous` is the previous delay of the
// same cycle; only `decorrelated` uses it, and before the first retry it is
// the policy's initialDelay.
[[nodiscard]] std::chrono::milliseconds delay(const RetryPolicy &policy, int retry, std::chrono::milliseconds previous,
                                              RandomSource &random);

// Where the delay before retry k can fall, whatever the draws and the earlier
// delays of the cycle were. For `decorrelated`, whose upper bound depends on
// the previous delay, this is [initialDelay, min(maxDelay, initialDelay·3^k)].
[[nodiscard]] DelayBand band(const RetryPolicy &policy, int retry);

// The expected delay before retry k, over the random draws. For
// `decorrelated` it assumes the previous delay `previous`.
[[nodiscard]] double meanMs(const RetryPolicy &policy, int retry, std::chrono::milliseconds previous);

} // namespace Backoff

// The delays of one cycle in order: remembers the previous delay for
// `decorrelated`, so callers cannot pass the wrong one.
class BackoffSequence
{
public:
    BackoffSequence(const RetryPolicy &policy, RandomSource &random);

    // The delay before the next retry (1, 2, 3, ... on successive calls).
    [[nodiscard]] std::chrono::milliseconds next();
    [[nodiscard]] int retriesDrawn() const { return m_retry; }

private:
    RetryPolicy m_policy; // a copy: cheap (implicitly shared lists) and never dangling
    RandomSource &m_random;
    int m_retry = 0;
    std::chrono::milliseconds m_previous;
};
