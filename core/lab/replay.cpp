// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/replay.h"

#include "core/lab/recordedservice.h"
#include "core/monitor/scheduler.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <QTimeZone>

#include <thread>

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

milliseconds until(const FakeClock &clock, qint64 utcMs)
{
    return milliseconds(std::max<qint64>(0, utcMs - clock.utcNow().toMSecsSinceEpoch()));
}

// The replay itself, on the calling thread.
void run(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed, Replay &result)
{
    const Endpoint lab = replayed(endpoint, model);
    FakeClock clock(QDateTime::fromMSecsSinceEpoch(model.known().first().fromMs, QTimeZone::utc()));
    clock.setTimerLateness(model.timerLateness());
    SeededRandom random(seed);
    RecordedService service(model);
    // About one attempt an interval: grown once or twice rather than a
    // dozen times (each growth copies and first touches the list again).
    result.attempts.reserve(qsizetype(model.knownMs() / std::max<qint64>(1, lab.interval.count()) + 16));
    {
        ManagerPool pool; // never used: nothing is sent
        RetryingClient client(pool, clock, random);
        client.setEnvironment({}); // not this machine's proxy variables
        client.setAttemptFactory(
            VirtualAttempt::factory(clock, [&](const AttemptRequest &) { return service.answer(clock); }));
        QObject::connect(&client, &RetryingClient::attemptRecorded,
                         [&result](const AttemptRecord &record) { result.attempts.append(AttemptFacts::of(record)); });
        Scheduler scheduler(client, clock);
        bool first = true;
        for (const Span &span : model.known()) {
            clock.advance(until(clock, span.fromMs)); // paused meanwhile
            if (first)
                scheduler.setEndpoints({lab});
            else
                scheduler.resumeAll();
            first = false;
            clock.advance(until(clock, span.toMs));
            while (client.isRunning(lab.name)) {
                const auto next = clock.nextTimerDue();
                if (!next)
                    break;
                clock.advance(std::chrono::duration_cast<milliseconds>(*next - clock.now()));
            }
            scheduler.pauseAll();
        }
        client.cancelAll();
        clock.advance(milliseconds(0)); // what the client posted
    }
    result.figures = figures(result.attempts, model, lab.retry);
    result.figures.censored = service.censored();
}

} // namespace

Replay replay(const Endpoint &endpoint, const ServiceModel &model, std::uint64_t seed)
{
    Replay result;
    if (model.isEmpty() || model.known().isEmpty())
        return result;
    // On a thread of its own, which has no Qt event dispatcher: every cycle
    // the client deletes the cycle it ran with deleteLater(), and posting
    // that wakes the thread's dispatcher, a write to an eventfd under glib,
    // which was a quarter of the replay's time (bench/README.md). Here the
    // posted events are only delivered by the clock, as everywhere in
    // virtual time, and cost no system call.
    std::thread([&] { run(endpoint, model, seed, result); }).join();
    return result;
}

} // namespace Lab
