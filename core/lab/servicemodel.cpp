// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/servicemodel.h"

#include <algorithm>

using std::chrono::milliseconds;

namespace Lab {

ServiceModel::ServiceModel(const QList<AttemptRecord> &records, milliseconds interval)
    : ServiceModel(AttemptFacts::of(records), interval)
{ }

ServiceModel::ServiceModel(QList<AttemptFacts> records, milliseconds interval)
{
    std::stable_sort(records.begin(), records.end(),
                     [](const AttemptFacts &a, const AttemptFacts &b) { return a.startMs < b.startMs; });
    const qint64 silence = qint64(unknownAfterIntervals) * interval.count();
    std::optional<qint64> expected; // where the log said the next activity would come
    for (const AttemptFacts &r : std::as_const(records)) {
        const qint64 start = r.startMs;
        if (!expected || start - *expected > silence)
            m_known.append({start, start}); // the first record, or after an unknown gap
        const qint64 latency = r.latency ? r.latency->count() : 0;
        // The wait the log announced: a retry's delay, or a deferral the
        // server asked for (Retry-After, an exhausted quota's reset).
        qint64 wait = r.delay ? r.delay->count() : 0;
        if (r.retryAfter)
            wait = std::max<qint64>(wait, r.retryAfter->count());
        if (r.rateLimitRemaining == 0 && r.rateLimitReset)
            wait = std::max<qint64>(wait, r.rateLimitReset->count());
        const qint64 next = start + latency + wait;
        expected = expected ? std::max(*expected, next) : next;
        m_known.last().toMs = std::max(m_known.last().toMs, start + latency);
        if (r.outcome == AttemptOutcome::Rejected || !r.latency)
            continue; // not sent: the service said nothing
        m_observations.append(
            {start, r.category, r.httpStatus, *r.latency, r.retryAfter, r.rateLimitRemaining, r.rateLimitReset});
    }
    // The program's own time: how late the next attempt came after a plain wait.
    QList<milliseconds> afterSent;
    QList<milliseconds> afterRejected;
    for (qsizetype i = 1; i < records.size(); ++i) {
        const AttemptFacts &before = records[i - 1];
        const AttemptFacts &next = records[i];
        const bool deferred = before.retryAfter || (before.rateLimitRemaining == 0 && before.rateLimitReset);
        std::optional<milliseconds> wait;
        if (before.delay && next.cycle == before.cycle && next.attempt == before.attempt + 1)
            wait = *before.delay;
        else if (!before.delay && !deferred && next.attempt == 1)
            wait = interval;
        if (!wait)
            continue;
        const auto late
            = milliseconds(next.startMs - before.startMs) - before.latency.value_or(milliseconds(0)) - *wait;
        if (late >= milliseconds(0) && late < interval)
            (before.outcome == AttemptOutcome::Rejected ? afterRejected : afterSent).append(late);
    }
    const auto median = [](QList<milliseconds> &values) {
        std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
        return values[values.size() / 2];
    };
    if (!afterRejected.isEmpty())
        m_timerLateness = median(afterRejected);
    if (!afterSent.isEmpty())
        m_attemptOverhead = std::max(milliseconds(0), median(afterSent) - m_timerLateness);
    // A stretch of one instant holds nothing to replay.
    m_known.removeIf([](const Span &span) { return span.length() <= 0; });
}

const Observation *ServiceModel::answerAt(qint64 timeMs) const
{
    if (m_observations.isEmpty())
        return nullptr;
    const auto after = std::upper_bound(m_observations.begin(), m_observations.end(), timeMs,
                                        [](qint64 t, const Observation &o) { return t < o.timeMs; });
    return after == m_observations.begin() ? &m_observations.first() : &*(after - 1);
}

const Observation *ServiceModel::answerAt(qint64 timeMs, qsizetype &hint) const
{
    const qsizetype count = m_observations.size();
    if (count == 0)
        return nullptr;
    // The answer at t is observation i when i is the first, or it starts at
    // or before t, and the next one (if any) starts after t.
    const auto holds = [&](qsizetype i) {
        return (i == 0 || m_observations[i].timeMs <= timeMs)
            && (i + 1 == count || m_observations[i + 1].timeMs > timeMs);
    };
    for (qsizetype i = hint; i < std::min(hint + 3, count); ++i) {
        if (holds(i)) {
            hint = i;
            return &m_observations[i];
        }
    }
    const Observation *found = answerAt(timeMs);
    hint = found - m_observations.data();
    return found;
}

bool ServiceModel::isKnown(qint64 timeMs) const
{
    const auto after = std::upper_bound(m_known.begin(), m_known.end(), timeMs,
                                        [](qint64 t, const Span &s) { return t < s.fromMs; });
    return after != m_known.begin() && timeMs < (after - 1)->toMs;
}

qint64 ServiceModel::knownMs() const
{
    qint64 total = 0;
    for (const Span &span : m_known)
        total += span.length();
    return total;
}

bool ServiceModel::failingAt(qint64 timeMs) const
{
    const Observation *answer = answerAt(timeMs);
    return answer && answer->category != ErrorCategory::Ok;
}

bool ServiceModel::failingAt(qint64 timeMs, qsizetype &hint) const
{
    const Observation *answer = answerAt(timeMs, hint);
    return answer && answer->category != ErrorCategory::Ok;
}

} // namespace Lab
