// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/attemptfacts.h"

namespace Lab {

AttemptFacts AttemptFacts::of(const AttemptRecord &r)
{
    AttemptFacts facts;
    facts.startMs = r.timeUtc.toMSecsSinceEpoch();
    facts.cycle = r.cycle;
    facts.latency = r.latency;
    facts.delay = r.delay;
    facts.retryAfter = r.retryAfter;
    facts.rateLimitReset = r.rateLimitReset;
    facts.rateLimitRemaining = r.rateLimitRemaining;
    facts.httpStatus = r.httpStatus;
    facts.attempt = r.attempt;
    facts.outcome = r.outcome;
    facts.category = r.category;
    facts.reason = r.reason;
    facts.breakerState = r.breakerState;
    return facts;
}

QList<AttemptFacts> AttemptFacts::of(const QList<AttemptRecord> &records)
{
    QList<AttemptFacts> facts;
    facts.reserve(records.size());
    for (const AttemptRecord &r : records)
        facts.append(of(r));
    return facts;
}

} // namespace Lab
