// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/replay.h"

#include "core/lab/recordedservice.h"
#include "core/monitor/scheduler.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <QTimeZone>

#include <map>
#include <thread>
#include <tuple>

using std::chrono::milliseconds;

namespace Lab {

namespace {

// The endpoint as the replay runs it: nothing is sent, so nothing to resolve
// or read (headers, a proxy, TLS files: what this machine has of them must
// not change the figures), and the recorded verdict of the `assert` checks.
Endpoint replayed(Endpoint endpoint, const ServiceModel &model)
{
    endpoint.headers.clear();
    endpoint.proxy.clear();
    endpoint.tls = {};
    endpoint.enabled = true;
    endpoint.assertions = {};
    const auto &seen = model.observations();
    if (std::any_of(seen.begin(), seen.end(),
                    [](const Observation &o) { return o.category == ErrorCategory::AssertionFailed; }))
        endpoint.assertions.bodyContains = QString::fromLatin1(RecordedService::assertionMarker);
    return endpoint;
}

// Cycles a run may copy instead of running (healthyRun, run()).
struct Shortcuts
{
    bool reuseAnswers = false;
    bool copyRejections = false;
};

// One run: the live scheduler and client on a virtual clock, the endpoint
// polled span by span and paused between them, resting where it may.
class Runner
{
public:
    Runner(const Endpoint &lab, const ServiceModel &model, std::uint64_t seed, const RestCycles &restCycles,
           Shortcuts shortcuts, Run &result)
        : m_lab(lab)
        , m_restCycles(restCycles)
        , m_reuse(shortcuts.reuseAnswers)
        , m_copyRejections(shortcuts.copyRejections)
        , m_model(model)
        , m_lateness(model.timerLateness())
        , m_clock(QDateTime::fromMSecsSinceEpoch(model.known().first().fromMs, QTimeZone::utc()))
        , m_random(seed)
        , m_service(model)
        , m_client(m_pool, m_clock, m_random)
        , m_result(result)
    {
        m_clock.setTimerLateness(m_lateness);
        m_client.setEnvironment({}); // not this machine's proxy variables
        m_client.setAttemptFactory(
            VirtualAttempt::factory(m_clock, [this](const AttemptRequest &) { return m_service.answer(m_clock); }));
        QObject::connect(&m_client, &RetryingClient::attemptRecorded,
                         [&result](const AttemptRecord &record) { result.attempts.append(AttemptFacts::of(record)); });
    }

    ~Runner()
    {
        m_client.cancelAll();
        m_clock.advance(milliseconds(0)); // what the client posted
        m_result.censored = m_service.censored();
    }

    void runSpan(const Span &span, bool first, const QList<Span> &restable, qsizetype &nextRest)
    {
        m_clock.advance(until(span.fromMs)); // paused meanwhile
        if (first)
            m_scheduler.setEndpoints({m_lab});
        else
            m_scheduler.resumeAll();
        if (m_reuse) {
            m_liveFrom = m_result.attempts.size(); // a cycle of an earlier span says nothing of its next here
            reuseIn(span);
        }
        while (nextRest < restable.size() && restable[nextRest].toMs <= nowMs())
            ++nextRest;
        while (nextRest < restable.size() && restable[nextRest].fromMs < span.toMs) {
            const Span &rest = restable[nextRest++];
            advanceTo(rest.fromMs);
            restIn({std::max(rest.fromMs, nowMs()), std::min(rest.toMs, span.toMs)});
        }
        advanceTo(span.toMs);
        while (m_client.isRunning(m_lab.name)) { // let it finish
            const auto next = m_clock.nextTimerDue();
            if (!next)
                break;
            m_clock.advance(std::chrono::duration_cast<milliseconds>(*next - m_clock.now()));
        }
        const auto due = m_scheduler.nextDue(m_lab.name);
        m_result.nextStartMs.append(due ? std::optional<qint64>(msAt(*due) + m_lateness.count()) : std::nullopt);
        m_scheduler.pauseAll();
    }

private:
    qint64 nowMs() const { return m_clock.utcNow().toMSecsSinceEpoch(); }
    qint64 msAt(Clock::TimePoint t) const
    {
        return nowMs() + std::chrono::duration_cast<milliseconds>(t - m_clock.now()).count();
    }
    milliseconds until(qint64 utcMs) const { return milliseconds(std::max<qint64>(0, utcMs - nowMs())); }

    // Timer by timer through `rest` until the client is at rest; then, if
    // its next cycle is due inside it, paused until the moment `restCycles`
    // tells, having learnt the cycles the rest stands for.
    void restIn(const Span &rest)
    {
        while (nowMs() < rest.toMs) {
            const auto due = m_scheduler.nextDue(m_lab.name);
            if (due && m_client.isAtRest(m_lab)) {
                // When it would start: its timer fires late by the
                // recording program's lateness, as the clock makes it.
                const qint64 dueMs = msAt(*due) + m_lateness.count();
                const Resting resting = dueMs >= rest.toMs ? Resting{0, dueMs}
                    : m_restCycles                         ? m_restCycles({dueMs, rest.toMs})
                                                           : Resting{0, rest.toMs};
                if (resting.resumeMs > dueMs) {
                    m_scheduler.pauseAll();
                    m_clock.advance(until(resting.resumeMs));
                    m_client.learnPlainSuccesses(m_lab, resting.cycles);
                    m_scheduler.resumeAll();
                    m_result.rests.append({dueMs, nowMs()});
                }
                return;
            }
            if (m_copyRejections)
                copyRejections(rest.toMs);
            stepTowards(rest.toMs);
        }
    }

    // To the next timer, or to `limitMs` if that comes first.
    void stepTowards(qint64 limitMs)
    {
        const auto next = m_clock.nextTimerDue();
        m_clock.advance(until(next ? std::min(msAt(*next), limitMs) : limitMs));
    }

    // To `targetMs`, timer by timer when rejected cycles may be copied.
    void advanceTo(qint64 targetMs)
    {
        if (!m_copyRejections) {
            m_clock.advance(until(targetMs));
            return;
        }
        while (nowMs() < targetMs) {
            copyRejections(targetMs);
            stepTowards(targetMs);
        }
    }

    // While the breaker is open, every cycle is rejected whatever the
    // service would answer, and is the same: its attempt and the wait to
    // the next one are copied from the last rejected cycle run live, up to
    // the last one whose next would start before the breaker's open period
    // ends (or `limitMs`). From there the live code runs again: the cycle
    // that finds the breaker half-open, its probe, and what follows.
    void copyRejections(qint64 limitMs)
    {
        const auto openUntil = m_client.rejectingUntil(m_lab);
        const auto due = m_scheduler.nextDue(m_lab.name);
        if (!openUntil || !due)
            return;
        const qint64 dueMs = msAt(*due) + m_lateness.count();
        if (m_result.attempts.size() > m_rejectedFrom) {
            const AttemptFacts &last = m_result.attempts.last();
            m_rejectedFrom = m_result.attempts.size();
            if (last.attempt == 1 && last.outcome == AttemptOutcome::Rejected)
                m_rejection = Done{last, dueMs - last.startMs};
        }
        if (!m_rejection || m_rejection->nextAfterMs <= 0)
            return;
        const qint64 endMs = std::min(msAt(*openUntil), limitMs);
        qint64 start = dueMs;
        qint64 copied = 0;
        while (start + m_rejection->nextAfterMs < endMs) {
            m_result.attempts.append(m_rejection->attempt);
            m_result.attempts.last().startMs = start;
            start += m_rejection->nextAfterMs;
            ++copied;
        }
        if (copied == 0)
            return;
        m_result.copiedCycles += copied;
        m_scheduler.pauseAll();
        m_clock.advance(until(start));
        m_scheduler.resumeAll(); // overdue: it starts now
        m_rejectedFrom = m_result.attempts.size();
    }

    // An answer as a cycle meets it: everything of the observation but when.
    using AnswerKey = std::tuple<ErrorCategory, std::optional<int>, qint64, std::optional<qint64>,
                                 std::optional<qint64>, std::optional<qint64>>;
    static AnswerKey keyOf(const Observation &o)
    {
        const auto ms
            = [](const std::optional<milliseconds> &d) { return d ? std::optional<qint64>(d->count()) : std::nullopt; };
        return {o.category,       o.httpStatus,         o.latency.count(),
                ms(o.retryAfter), o.rateLimitRemaining, ms(o.rateLimitReset)};
    }
    // What a cycle at rest did on meeting an answer: its attempt, and how
    // long after its start the next cycle started.
    struct Done
    {
        AttemptFacts attempt;
        qint64 nextAfterMs = 0;
    };

    // Through `span`, where every answer is a plain success: whenever the
    // client is at rest, its next cycles that would meet answers a cycle at
    // rest has already met are not run again but copied from that cycle's
    // attempt, each starting when the one it copies said the next would
    // (a cycle at rest meeting a plain success is the same whatever came
    // before: one attempt, no retry, nothing that opens or waits). The live
    // code runs every other cycle, and the last before the span's end.
    void reuseIn(const Span &span)
    {
        while (nowMs() < span.toMs) {
            const auto due = m_scheduler.nextDue(m_lab.name);
            if (due && m_client.isAtRest(m_lab)) {
                const qint64 dueMs = msAt(*due) + m_lateness.count();
                learnLastCycle(dueMs);
                qint64 start = dueMs;
                qint64 copied = 0;
                for (;;) {
                    const Observation *seen = m_model.answerAt(start, m_reuseHint);
                    const auto done = seen ? m_done.find(keyOf(*seen)) : m_done.end();
                    if (done == m_done.end() || start + done->second.nextAfterMs >= span.toMs)
                        break;
                    m_result.attempts.append(done->second.attempt);
                    m_result.attempts.last().startMs = start;
                    start += done->second.nextAfterMs;
                    ++copied;
                }
                m_result.copiedCycles += copied;
                if (copied > 0) {
                    m_scheduler.pauseAll();
                    m_clock.advance(until(start));
                    m_client.learnPlainSuccesses(m_lab, copied);
                    m_scheduler.resumeAll(); // overdue: it starts now
                    m_liveFrom = m_result.attempts.size();
                    continue;
                }
            }
            stepTowards(span.toMs);
        }
    }

    // The cycle that just ended, if run live and a plain success of one
    // attempt, is what a cycle meeting its answer does, its next starting
    // at `nextStartMs`.
    void learnLastCycle(qint64 nextStartMs)
    {
        if (m_result.attempts.size() <= m_liveFrom)
            return;
        const AttemptFacts &last = m_result.attempts.last();
        m_liveFrom = m_result.attempts.size();
        if (last.attempt != 1 || last.outcome != AttemptOutcome::Success || last.category != ErrorCategory::Ok)
            return;
        if (const Observation *seen = m_model.answerAt(last.startMs, m_reuseHint))
            m_done.try_emplace(keyOf(*seen), Done{last, nextStartMs - last.startMs});
    }

    const Endpoint &m_lab;
    const RestCycles &m_restCycles;
    const bool m_reuse;
    const bool m_copyRejections;
    const ServiceModel &m_model;
    std::optional<Done> m_rejection; // the last rejected cycle run live
    qsizetype m_rejectedFrom = 0; // m_result.attempts from here were made live since last looked at
    std::map<AnswerKey, Done> m_done;
    qsizetype m_liveFrom = 0; // m_result.attempts from here were made live since last learnt
    qsizetype m_reuseHint = 0;
    const milliseconds m_lateness;
    FakeClock m_clock;
    SeededRandom m_random;
    RecordedService m_service;
    ManagerPool m_pool; // never used: nothing is sent
    RetryingClient m_client;
    Scheduler m_scheduler{m_client, m_clock};
    Run &m_result;
};

// The run itself, on the calling thread.
void runHere(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed, const QList<Span> &spans,
             const QList<Span> &restable, const RestCycles &restCycles, Shortcuts shortcuts, Run &result)
{
    const Endpoint lab = replayed(endpoint, model);
    // About one attempt an interval: grown once or twice rather than a
    // dozen times (each growth copies and first touches the list again).
    qint64 spanMs = 0;
    for (const Span &span : spans)
        spanMs += span.length();
    result.attempts.reserve(qsizetype(spanMs / std::max<qint64>(1, lab.interval.count()) + 16));
    Runner runner(lab, model, seed, restCycles, shortcuts, result);
    qsizetype nextRest = 0;
    for (qsizetype i = 0; i < spans.size(); ++i)
        runner.runSpan(spans[i], i == 0, restable, nextRest);
}

} // namespace

namespace {

Run runOnItsThread(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed, const QList<Span> &spans,
                   const QList<Span> &restable, const RestCycles &restCycles, Shortcuts shortcuts)
{
    Run result;
    if (model.isEmpty() || model.known().isEmpty() || spans.isEmpty())
        return result;
    // On a thread of its own, which has no Qt event dispatcher: every cycle
    // the client deletes the cycle it ran with deleteLater(), and posting
    // that wakes the thread's dispatcher, a write to an eventfd under glib,
    // which was a quarter of the replay's time (bench/README.md). Here the
    // posted events are only delivered by the clock, as everywhere in
    // virtual time, and cost no system call.
    std::thread([&] { runHere(endpoint, model, seed, spans, restable, restCycles, shortcuts, result); }).join();
    return result;
}

} // namespace

Run run(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed, const QList<Span> &spans,
        const QList<Span> &restable, const RestCycles &restCycles, bool copyRejections)
{
    return runOnItsThread(endpoint, model, seed, spans, restable, restCycles, {false, copyRejections});
}

Run healthyRun(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed, const QList<Span> &spans)
{
    return runOnItsThread(endpoint, model, seed, spans, {}, {}, {true, false});
}

Replay replay(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed)
{
    Run made = run(endpoint, model, seed, model.known());
    Replay result;
    result.attempts = std::move(made.attempts);
    result.figures = figures(result.attempts, model, replayed(endpoint, model).retry);
    result.figures.censored = made.censored;
    return result;
}

} // namespace Lab
