// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/backoff.h"

#include <QList>

class RandomSource;

// What a policy does before each retry: the envelope, the band every delay
// falls in, and delays drawn from simulated cycles. The GUI's policy preview
// and the backoff chart draw this; the console demo prints it.
struct RetryPreview
{
    int retry = 0; // 1 = the wait before the second attempt
    double envelopeMs = 0; // e, before jitter
    DelayBand band; // where any delay before this retry falls
    QList<std::chrono::milliseconds> samples; // one per simulated cycle
};

// Simulates `cycles` whole cycles (so that `decorrelated` sees real previous
// delays) and returns one entry per retry, 1 .. maxAttempts-1.
[[nodiscard]] QList<RetryPreview> previewPolicy(const RetryPolicy &policy, RandomSource &random, int cycles);

// A fixed-width text table of a preview, for the console.
[[nodiscard]] QString formatPreview(const RetryPolicy &policy, const QList<RetryPreview> &preview);

// One line that states a policy's backoff parameters, e.g.
// "exponential 1000 ms x2, cap 30000 ms, jitter proportional (f=0.5), 5 attempts".
[[nodiscard]] QString describeBackoff(const RetryPolicy &policy);
