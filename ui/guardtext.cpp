// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/guardtext.h"

#include <QCoreApplication>

#include <cmath>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GuardText", text);
}

QString tokens(double value)
{
    return QString::number(value, 'f', value == std::floor(value) ? 0 : 1);
}

} // namespace

namespace GuardText {

Text budget(const BudgetPolicy &policy, const RetryBudget *budget)
{
    if (!policy.enabled)
        return {tr("off"),
                tr("No retry budget: retries are limited by the attempts, the deadline and the breaker "
                   "only."),
                false};
    const double now = budget ? budget->tokens() : policy.maxTokens;
    const double needed = policy.maxTokens / 2;
    const QString rules = tr("Each failed attempt costs 1 token, each success earns %1; retries are allowed while "
                             "more than %2 of %3 tokens are left.")
                              .arg(tokens(policy.tokenRatio), tokens(needed), tokens(policy.maxTokens));
    if (budget && !budget->allowsRetry()) {
        // Successes needed to climb just above the line.
        const auto successes = static_cast<long long>(std::floor((needed - now) / policy.tokenRatio)) + 1;
        return {tr("exhausted"),
                tr("Retries off: the budget is exhausted (%1 of %2 tokens). Every cycle makes one attempt and no "
                   "retry until %3 more successes earn tokens back.\n%4")
                    .arg(tokens(now), tokens(policy.maxTokens))
                    .arg(successes)
                    .arg(rules),
                true};
    }
    return {tr("%1 of %2").arg(tokens(now), tokens(policy.maxTokens)),
            tr("Retry budget: %1 of %2 tokens; retries stop at %3 or below.\n%4")
                .arg(tokens(now), tokens(policy.maxTokens), tokens(needed), rules),
            false};
}

Text breakerProgress(const BreakerPolicy &policy, BreakerState state, const BreakerProgress &progress)
{
    if (!policy.enabled || state == BreakerState::Disabled)
        return {tr("never opens"), tr("The breaker is disabled: every request is sent."), false};
    if (state != BreakerState::Closed)
        return {QStringLiteral("–"), tr("The breaker is not closed; see its state and the next probe."), false};
    QString brief = tr("%1 of %2 failures").arg(progress.consecutiveFailures).arg(policy.failureThreshold);
    QString explanation = tr("Opens after %1 failures in a row; %2 so far.")
                              .arg(policy.failureThreshold)
                              .arg(progress.consecutiveFailures);
    if (policy.failureRatePercent > 0) {
        if (progress.windowCalls >= policy.minimumCalls) {
            const int rate = static_cast<int>(std::floor(100.0 * progress.windowFailures / progress.windowCalls));
            brief = tr("%1 of %2 · %3% of %4%")
                        .arg(progress.consecutiveFailures)
                        .arg(policy.failureThreshold)
                        .arg(rate)
                        .arg(policy.failureRatePercent);
            explanation += tr("\nAlso opens when the failure rate over the last %1 calls reaches %2%; now %3% "
                              "(%4 failed of %5).")
                               .arg(policy.windowSize)
                               .arg(policy.failureRatePercent)
                               .arg(rate)
                               .arg(progress.windowFailures)
                               .arg(progress.windowCalls);
        } else {
            explanation += tr("\nAlso opens when the failure rate over the last %1 calls reaches %2%, counted once "
                              "%3 calls are in (%4 so far).")
                               .arg(policy.windowSize)
                               .arg(policy.failureRatePercent)
                               .arg(policy.minimumCalls)
                               .arg(progress.windowCalls);
        }
    }
    return {brief, explanation, false};
}

} // namespace GuardText
