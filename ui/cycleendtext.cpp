// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/cycleendtext.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CycleEndText", text);
}

} // namespace

namespace CycleEndText {

QString brief(CycleEndReason reason)
{
    switch (reason) {
    case CycleEndReason::NotRetriable: return tr("not retriable");
    case CycleEndReason::NonIdempotent: return tr("not repeatable (POST)");
    case CycleEndReason::RetryAfterTooLong: return tr("Retry-After too long");
    case CycleEndReason::MaxAttempts: return tr("attempts used up");
    case CycleEndReason::Deadline: return tr("deadline reached");
    case CycleEndReason::CircuitOpen: return tr("breaker open");
    case CycleEndReason::BudgetExhausted: return tr("budget exhausted");
    case CycleEndReason::Cancelled: return tr("cancelled");
    }
    return {};
}

QString explanation(CycleEndReason reason)
{
    switch (reason) {
    case CycleEndReason::NotRetriable:
        return tr("The error says that asking again would not help (for example 400, 401, 403, 404 or 422), so no "
                  "retry was made.");
    case CycleEndReason::NonIdempotent:
        return tr("The request may change something on the server (POST or PATCH without an idempotency key), so "
                  "it is never sent twice unless the policy allows it.");
    case CycleEndReason::RetryAfterTooLong:
        return tr("The server asked to wait longer than the policy's longest Retry-After, so the cycle gave up "
                  "instead of waiting.");
    case CycleEndReason::MaxAttempts: return tr("Every attempt the policy allows was made.");
    case CycleEndReason::Deadline: return tr("The next wait would have ended after the cycle's deadline.");
    case CycleEndReason::CircuitOpen:
        return tr("The breaker is open (this failure may have opened it): nothing more is sent until it lets a "
                  "probe through.");
    case CycleEndReason::BudgetExhausted:
        return tr("The retry budget has no tokens left: retries are off, and each cycle makes one attempt, until "
                  "successes earn tokens back.");
    case CycleEndReason::Cancelled:
        return tr("The cycle was stopped before it ended: the endpoint was paused, changed or removed, or the "
                  "program was closing.");
    }
    return {};
}

QString ending(const AttemptRecord &last)
{
    switch (last.outcome) {
    case AttemptOutcome::Success:
        return last.attempt <= 1 ? tr("succeeded at once") : tr("succeeded on attempt %1").arg(last.attempt);
    case AttemptOutcome::Retry: return tr("still retrying");
    case AttemptOutcome::Rejected:
    case AttemptOutcome::Failed: {
        const QString verb = last.outcome == AttemptOutcome::Rejected ? tr("rejected") : tr("failed");
        return last.reason ? tr("%1: %2").arg(verb, brief(*last.reason)) : verb;
    }
    }
    return {};
}

} // namespace CycleEndText
