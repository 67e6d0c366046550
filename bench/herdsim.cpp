// SPDX-License-Identifier: GPL-3.0-or-later
// The herd in virtual time. What is real: the backoff draws (BackoffSequence),
// the retry budget, the circuit breaker (on a FakeClock, woken exactly when
// its open period ends) and the fault server's /outage route. What is
// modelled: the network (every request answered 2 ms after it is sent) and
// the cycle, which follows RetryCycle's rules for what the lab exercises: a
// success ends it; else max_attempts, then circuit_open (this failure opened
// the breaker, or it was the half-open probe), then budget_exhausted end it,
// in that order, the delay drawn before the last two as RetryCycle does; an
// open breaker rejects the cycle without sending. A failed cycle is followed
// by the next one an interval later; a breaker going half-open starts the
// probe's cycle at once (docs/endpoints-file.md).
#include "core/breaker/circuitbreaker.h"
#include "core/breaker/retrybudget.h"
#include "core/faultserver/faultroutes.h"
#include "core/policy/backoff.h"
#include "core/util/randomsource.h"

#include <queue>

#include <memory>
#include <optional>

#include "bench/herdlab.h"

using std::chrono::milliseconds;

namespace HerdLab {
namespace {

constexpr milliseconds latency{2};

struct Event
{
    enum class Kind { StartCycle, Attempt, Response, WakeBreaker };
    milliseconds at;
    std::uint64_t order; // ties in the order they were scheduled
    Kind kind;
    int client;
    std::uint64_t generation; // a StartCycle/Attempt of an older cycle is stale
    bool ok = false;
    friend bool operator>(const Event &a, const Event &b) { return std::tie(a.at, a.order) > std::tie(b.at, b.order); }
};

struct Client
{
    std::unique_ptr<CircuitBreaker> breaker;
    RetryBudget budget;
    std::optional<BackoffSequence> backoff;
    int attempt = 0;
    bool probe = false;
    bool running = false;
    bool done = false;
    std::uint64_t generation = 0;
};

class Simulation
{
public:
    Simulation(const Scenario &scenario, const Variant &variant, std::uint64_t seed)
        : m_scenario(scenario)
        , m_endpoint(variant.endpoint(QStringLiteral("client"), {}))
        , m_random(seed)
        , m_routes{m_clock, m_random, m_clock.now(), {}, {}}
        , m_origin(m_clock.now())
    {
        m_request.method = "GET";
        m_request.target = scenario.target();
        m_clients.resize(std::size_t(scenario.clients));
        for (int i = 0; i < scenario.clients; ++i) {
            Client &c = m_clients[std::size_t(i)];
            c.budget = RetryBudget(m_endpoint.budget);
            c.breaker
                = std::make_unique<CircuitBreaker>(QStringLiteral("c%1").arg(i), m_endpoint.breaker, m_clock, m_random);
            QObject::connect(c.breaker.get(), &CircuitBreaker::probeWanted, [this, i] { probeWanted(i); });
            push({milliseconds(0), 0, Event::Kind::StartCycle, i, 0});
        }
    }

    Result run()
    {
        while (!m_events.empty() && m_succeeded < m_scenario.clients) {
            const Event event = m_events.top();
            m_events.pop();
            if (event.at > m_scenario.horizon)
                break;
            m_clock.advance(event.at - m_now);
            m_now = event.at;
            Client &c = m_clients[std::size_t(event.client)];
            switch (event.kind) {
            case Event::Kind::StartCycle:
                if (event.generation == c.generation && !c.running && !c.done)
                    startCycle(event.client);
                break;
            case Event::Kind::Attempt:
                if (event.generation == c.generation && c.running)
                    attempt(event.client);
                break;
            case Event::Kind::Response: respond(event.client, event.ok); break;
            case Event::Kind::WakeBreaker: c.breaker->updateState(); break; // may start the probe
            }
        }
        Result result;
        result.rejected = m_rejected;
        result.succeeded = m_succeeded;
        summarize(result, m_scenario, m_arrivals, m_lastSuccess);
        return result;
    }

private:
    void push(Event event)
    {
        event.order = m_order++;
        m_events.push(event);
    }

    void startCycle(int i)
    {
        Client &c = m_clients[std::size_t(i)];
        c.running = true;
        c.attempt = 0;
        c.backoff.emplace(m_endpoint.retry, m_random);
        attempt(i);
    }

    void attempt(int i)
    {
        Client &c = m_clients[std::size_t(i)];
        ++c.attempt;
        const CircuitBreaker::Admission admission = c.breaker->admit();
        if (admission == CircuitBreaker::Admission::Rejected) {
            ++m_rejected; // not sent; the cycle ends at once
            endCycle(i);
            return;
        }
        c.probe = admission == CircuitBreaker::Admission::Probe;
        m_arrivals.push_back(std::chrono::duration<double>(m_now).count());
        const FaultAction answer = routeFaultRequest(m_request, QByteArrayLiteral("client"), m_routes);
        push({m_now + latency, 0, Event::Kind::Response, i, c.generation, answer.status == 200});
    }

    void respond(int i, bool ok)
    {
        Client &c = m_clients[std::size_t(i)];
        const BreakerState before = c.breaker->state();
        c.breaker->record(ok ? ErrorCategory::Ok : ErrorCategory::ServerError, c.probe);
        const bool opened = before != BreakerState::Open && c.breaker->state() == BreakerState::Open;
        if (opened) // wake it exactly when its open period ends
            push({std::chrono::duration_cast<milliseconds>(c.breaker->openUntil() - m_origin), 0,
                  Event::Kind::WakeBreaker, i, 0});
        if (ok) {
            c.budget.recordSuccess();
            c.running = false;
            c.done = true;
            ++m_succeeded;
            m_lastSuccess = std::chrono::duration<double>(m_now).count();
            return;
        }
        c.budget.recordFailure();
        if (c.attempt >= m_endpoint.retry.maxAttempts) {
            endCycle(i);
            return;
        }
        const milliseconds delay = c.backoff->next();
        if (opened || c.probe || !c.budget.allowsRetry()) {
            endCycle(i);
            return;
        }
        push({m_now + delay, 0, Event::Kind::Attempt, i, c.generation});
    }

    void endCycle(int i)
    {
        Client &c = m_clients[std::size_t(i)];
        c.running = false;
        push({m_now + m_endpoint.interval, 0, Event::Kind::StartCycle, i, ++c.generation});
    }

    void probeWanted(int i)
    {
        Client &c = m_clients[std::size_t(i)];
        if (c.running || c.done)
            return; // admit() itself moved it to half-open: this cycle is the probe
        ++c.generation; // the cycle scheduled an interval later gives way
        startCycle(i);
    }

    const Scenario m_scenario;
    const Endpoint m_endpoint;
    FakeClock m_clock;
    SeededRandom m_random;
    FaultRouteState m_routes;
    const Clock::TimePoint m_origin;
    HttpRequest m_request;
    std::vector<Client> m_clients;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> m_events;
    std::uint64_t m_order = 0;
    milliseconds m_now{0};
    std::vector<double> m_arrivals;
    qint64 m_rejected = 0;
    int m_succeeded = 0;
    std::optional<double> m_lastSuccess;
};

} // namespace

Result simulate(const Scenario &scenario, const Variant &variant, std::uint64_t seed)
{
    return Simulation(scenario, variant, seed).run();
}

} // namespace HerdLab
