// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/attemptrecord.h"

#include "core/util/enumnames.h"

#include <QUrl>

namespace {

constexpr EnumNameTable<AttemptOutcome, 4> outcomeNames{{
    {AttemptOutcome::Success, "success"},
    {AttemptOutcome::Retry, "retry"},
    {AttemptOutcome::Failed, "failed"},
    {AttemptOutcome::Rejected, "rejected"},
}};

constexpr EnumNameTable<CycleEndReason, 8> reasonNames{{
    {CycleEndReason::NotRetriable, "not_retriable"},
    {CycleEndReason::NonIdempotent, "non_idempotent"},
    {CycleEndReason::RetryAfterTooLong, "retry_after_too_long"},
    {CycleEndReason::MaxAttempts, "max_attempts"},
    {CycleEndReason::Deadline, "deadline"},
    {CycleEndReason::CircuitOpen, "circuit_open"},
    {CycleEndReason::BudgetExhausted, "budget_exhausted"},
    {CycleEndReason::Cancelled, "cancelled"},
}};

} // namespace

QLatin1String outcomeName(AttemptOutcome outcome)
{
    return enumName(outcomeNames, outcome);
}

QLatin1String reasonName(CycleEndReason reason)
{
    return enumName(reasonNames, reason);
}

std::optional<AttemptOutcome> outcomeFromName(QAnyStringView name)
{
    return enumFromName(outcomeNames, name);
}

std::optional<CycleEndReason> reasonFromName(QAnyStringView name)
{
    return enumFromName(reasonNames, name);
}

QString redactedUrl(const QUrl &url)
{
    QUrl copy = url;
    if (!copy.userInfo().isEmpty())
        copy.setUserInfo(QStringLiteral("***"));
    return copy.toString(QUrl::FullyEncoded);
}

WaitSource waitSource(qint64 delayMs, std::optional<qint64> retryAfterMs, std::optional<qint64> quotaRemaining,
                      std::optional<qint64> quotaResetMs)
{
    if (retryAfterMs && *retryAfterMs >= delayMs)
        return WaitSource::RetryAfter;
    if (quotaRemaining == 0 && quotaResetMs && delayMs >= *quotaResetMs && *quotaResetMs > 0)
        return WaitSource::Pacing;
    return WaitSource::Backoff;
}
