// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/figures.h"

#include <algorithm>
#include <cmath>

using std::chrono::milliseconds;

namespace Lab {

namespace {

// How much of [from, to) lies in known stretches.
qint64 knownPart(const QList<Span> &known, qint64 from, qint64 to)
{
    qint64 total = 0;
    for (const Span &span : known)
        total += std::max<qint64>(0, std::min(to, span.toMs) - std::max(from, span.fromMs));
    return total;
}

bool openState(BreakerState state)
{
    return state == BreakerState::Open || state == BreakerState::ForcedOpen;
}

// Times are whole milliseconds in the log; a wait may end this much early
// on paper and still have been kept.
constexpr qint64 roundingSlackMs = 2;

} // namespace

milliseconds percentile(QList<milliseconds> &values, double p)
{
    if (values.isEmpty())
        return milliseconds(0);
    // The value at the rank, without sorting the rest: a sweep asks for
    // three percentiles of a day's cycles for every value.
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    const auto nth = values.begin() + std::clamp<qsizetype>(rank - 1, 0, values.size() - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

Figures figures(const QList<AttemptRecord> &records, const ServiceModel &model, const RetryPolicy &policy)
{
    return figures(AttemptFacts::of(records), model, policy);
}

Figures figures(QList<AttemptFacts> records, const ServiceModel &model, const RetryPolicy &policy)
{
    const auto earlier = [](const AttemptFacts &a, const AttemptFacts &b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.attempt < b.attempt;
    };
    if (!std::is_sorted(records.cbegin(), records.cend(), earlier)) // a replay's are already
        std::stable_sort(records.begin(), records.end(), earlier);
    FigureCounter counter(model, policy);
    for (const AttemptFacts &r : std::as_const(records))
        counter.add(r);
    return counter.result();
}

FigureCounter::FigureCounter(const ServiceModel &model, const RetryPolicy &policy)
    : m_model(model)
    , m_policy(policy)
{
    m_f.knownMs = model.knownMs();
}

void FigureCounter::endCycle()
{
    if (!m_counted)
        return;
    ++m_f.cycles;
    if (m_outcome == AttemptOutcome::Success) {
        ++m_f.successfulCycles;
        m_f.firstTrySuccesses += m_attempt == 1 ? 1 : 0;
    }
    m_f.rejectedCycles += m_outcome == AttemptOutcome::Rejected ? 1 : 0;
    m_f.budgetExhaustedCycles += m_reason == CycleEndReason::BudgetExhausted ? 1 : 0;
    m_cycleTimes.append(milliseconds(m_cycleEnd - m_cycleStart));
}

void FigureCounter::add(const AttemptFacts &r, qint64 shiftMs)
{
    const qint64 start = r.startMs + shiftMs;
    // Cycles of one endpoint never overlap: a new number, or an attempt
    // number that starts again (a restart), begins the next one.
    if (!m_any || r.cycle != m_cycle || r.attempt <= m_attempt) {
        if (m_any)
            endCycle();
        m_counted = m_model.isKnown(start);
        m_cycleStart = start;
        m_cycleEnd = start;
    }
    const qint64 end = start + (r.latency ? r.latency->count() : 0);
    m_cycleEnd = std::max(m_cycleEnd, end);

    // The breaker: open from the answer that opened it (or the first
    // rejection) until the next attempt that was let through.
    if (r.sent() && m_open) {
        m_f.openMs += knownPart(m_model.known(), m_openSince, start);
        m_open = false;
    }
    if (!r.sent() && openState(r.breakerState) && !m_open) {
        m_open = true;
        m_openSince = start;
    } else if (r.sent() && r.reason == CycleEndReason::CircuitOpen) {
        m_open = true;
        m_openSince = end;
    }

    if (r.sent()) {
        if (m_counted) {
            ++m_f.attempts;
            m_f.attemptsWhileFailing += m_model.failingAt(start, m_answerHint) ? 1 : 0;
            m_f.violations += start + roundingSlackMs < m_notBeforeMs ? 1 : 0;
            m_f.censored += r.category == ErrorCategory::Timeout ? 1 : 0;
        }
        std::optional<milliseconds> asked = r.retryAfter;
        if (!asked && m_policy.respectRateLimit && r.rateLimitRemaining == 0 && r.rateLimitReset)
            asked = r.rateLimitReset;
        if (asked)
            m_notBeforeMs = std::max(m_notBeforeMs, end + std::min(*asked, m_policy.maxRetryAfter).count());
    }
    m_any = true;
    m_cycle = r.cycle;
    m_attempt = r.attempt;
    m_outcome = r.outcome;
    m_reason = r.reason;
}

Figures FigureCounter::result()
{
    if (m_any)
        endCycle();
    const qint64 knownEnd = m_model.known().isEmpty() ? 0 : m_model.known().last().toMs;
    if (m_open)
        m_f.openMs += knownPart(m_model.known(), m_openSince, knownEnd);
    if (m_cycleTimes.isEmpty())
        return m_f;
    // Nearest ranks, each looked for only past the one before: nth_element
    // leaves nothing smaller after the nth, and a sweep asks this of a
    // day's cycles for every value (half the figures' time when each
    // percentile reordered the whole list).
    const auto at = [this](double p) {
        const auto rank = qsizetype(std::ceil(p / 100.0 * double(m_cycleTimes.size())));
        return m_cycleTimes.begin() + std::clamp<qsizetype>(rank - 1, 0, m_cycleTimes.size() - 1);
    };
    auto from = m_cycleTimes.begin();
    for (const auto &[p, figure] : {std::pair{50.0, &m_f.cycleP50}, {95.0, &m_f.cycleP95}, {99.0, &m_f.cycleP99}}) {
        const auto nth = at(p);
        if (nth >= from) {
            std::nth_element(from, nth, m_cycleTimes.end());
            from = nth + 1;
        }
        *figure = *nth;
    }
    m_f.cycleMax = *std::max_element(at(99), m_cycleTimes.end());
    return m_f;
}

} // namespace Lab
