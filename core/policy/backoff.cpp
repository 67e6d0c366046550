// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/backoff.h"

#include "core/util/randomsource.h"

#include <algorithm>
#include <cmath>

namespace {

using std::chrono::milliseconds;

milliseconds roundMs(double ms)
{
    return milliseconds(std::llround(ms));
}

double toMs(milliseconds value)
{
    return static_cast<double>(value.count());
}

// e' = min(e, maxDelay / (1 + f)): the proportional envelope, lowered at the
// cap so that e'·(1 + f) never exceeds maxDelay and the jitter keeps its full
// relative spread there instead of piling delays up at exactly the cap.
double proportionalBaseMs(const RetryPolicy &policy, int retry)
{
    return std::min(Backoff::envelopeMs(policy, retry), toMs(policy.maxDelay) / (1.0 + policy.jitterFactor));
}

double decorrelatedUpperMs(const RetryPolicy &policy, milliseconds previous)
{
    return std::min(toMs(policy.maxDelay), 3.0 * toMs(previous));
}

} // namespace

double Backoff::envelopeMs(const RetryPolicy &policy, int retry)
{
    Q_ASSERT(retry >= 1);
    const double initial = toMs(policy.initialDelay);
    const double cap = toMs(policy.maxDelay);
    switch (policy.strategy) {
    case BackoffStrategy::Exponential:
        // pow() may overflow to +inf for large k; min() then yields the cap.
        return std::min(cap, initial * std::pow(policy.multiplier, retry - 1));
    case BackoffStrategy::Linear: return std::min(cap, initial * retry);
    case BackoffStrategy::Constant: return initial;
    }
    Q_UNREACHABLE();
    return initial;
}

milliseconds Backoff::delay(const RetryPolicy &policy, int retry, milliseconds previous, RandomSource &random)
{
    const double e = envelopeMs(policy, retry);
    const double f = policy.jitterFactor;
    switch (policy.jitter) {
    case JitterMode::None: return roundMs(e);
    case JitterMode::Proportional: return roundMs(proportionalBaseMs(policy, retry) * random.uniform(1.0 - f, 1.0 + f));
    case JitterMode::Full: return roundMs(random.uniform(0.0, e));
    case JitterMode::Equal: return roundMs(e / 2.0 + random.uniform(0.0, e / 2.0));
    case JitterMode::Decorrelated:
        return roundMs(random.uniform(toMs(policy.initialDelay), decorrelatedUpperMs(policy, previous)));
    }
    Q_UNREACHABLE();
    return roundMs(e);
}

DelayBand Backoff::band(const RetryPolicy &policy, int retry)
{
    const double e = envelopeMs(policy, retry);
    const double f = policy.jitterFactor;
    switch (policy.jitter) {
    case JitterMode::None: return {roundMs(e), roundMs(e)};
    case JitterMode::Proportional: {
        const double base = proportionalBaseMs(policy, retry);
        return {roundMs(base * (1.0 - f)), roundMs(base * (1.0 + f))};
    }
    case JitterMode::Full: return {milliseconds(0), roundMs(e)};
    case JitterMode::Equal: return {roundMs(e / 2.0), roundMs(e)};
    case JitterMode::Decorrelated: {
        // By induction the previous delay is at most min(cap, initial·3^(k-1)).
        const double reach = toMs(policy.initialDelay) * std::pow(3.0, retry);
        return {policy.initialDelay, roundMs(std::min(toMs(policy.maxDelay), reach))};
    }
    }
    Q_UNREACHABLE();
    return {};
}

double Backoff::meanMs(const RetryPolicy &policy, int retry, milliseconds previous)
{
    const double e = envelopeMs(policy, retry);
    switch (policy.jitter) {
    case JitterMode::None: return e;
    case JitterMode::Proportional: return proportionalBaseMs(policy, retry);
    case JitterMode::Full: return e / 2.0;
    case JitterMode::Equal: return 0.75 * e;
    case JitterMode::Decorrelated: return (toMs(policy.initialDelay) + decorrelatedUpperMs(policy, previous)) / 2.0;
    }
    Q_UNREACHABLE();
    return e;
}

BackoffSequence::BackoffSequence(const RetryPolicy &policy, RandomSource &random)
    : m_policy(policy)
    , m_random(random)
    , m_previous(policy.initialDelay)
{ }

milliseconds BackoffSequence::next()
{
    ++m_retry;
    m_previous = Backoff::delay(m_policy, m_retry, m_previous, m_random);
    return m_previous;
}
