// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/policypreview.h"

#include "core/util/randomsource.h"

#include <algorithm>

QList<RetryPreview> previewPolicy(const RetryPolicy &policy, RandomSource &random, int cycles)
{
    QList<RetryPreview> preview;
    for (int retry = 1; retry < policy.maxAttempts; ++retry)
        preview.append({retry, Backoff::envelopeMs(policy, retry), Backoff::band(policy, retry), {}});

    for (int cycle = 0; cycle < cycles; ++cycle) {
        BackoffSequence sequence(policy, random);
        for (RetryPreview &entry : preview)
            entry.samples.append(sequence.next());
    }
    return preview;
}

QString describeBackoff(const RetryPolicy &policy)
{
    QString text = QString(strategyName(policy.strategy)) + QStringLiteral(" %1 ms").arg(policy.initialDelay.count());
    if (policy.strategy == BackoffStrategy::Exponential)
        text += QStringLiteral(" x%1").arg(policy.multiplier);
    text += QStringLiteral(", cap %1 ms, jitter %2").arg(policy.maxDelay.count()).arg(jitterName(policy.jitter));
    if (policy.jitter == JitterMode::Proportional)
        text += QStringLiteral(" (f=%1)").arg(policy.jitterFactor);
    text += QStringLiteral(", %1 attempts").arg(policy.maxAttempts);
    return text;
}

QString formatPreview(const RetryPolicy &policy, const QList<RetryPreview> &preview)
{
    QString text = describeBackoff(policy) + u'\n';
    text += QStringLiteral("%1 %2 %3 %4  %5\n")
                .arg(QStringLiteral("retry"), 5)
                .arg(QStringLiteral("envelope_ms"), 11)
                .arg(QStringLiteral("min_ms"), 8)
                .arg(QStringLiteral("max_ms"), 8)
                .arg(QStringLiteral("sample delays (ms)"));
    for (const RetryPreview &entry : preview) {
        QStringList samples;
        for (const auto sample : entry.samples)
            samples.append(QString::number(sample.count()));
        text += QStringLiteral("%1 %2 %3 %4  %5\n")
                    .arg(entry.retry, 5)
                    .arg(QString::number(entry.envelopeMs, 'f', 0), 11)
                    .arg(entry.band.min.count(), 8)
                    .arg(entry.band.max.count(), 8)
                    .arg(samples.join(u' '));
    }
    return text;
}
