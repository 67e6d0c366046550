// SPDX-License-Identifier: GPL-3.0-or-later
// The herd in virtual time, on the code that runs live: each client is a
// Scheduler and a RetryingClient of its own (so its retry cycles, backoff
// draws, budget, breaker and probe scheduling are Retryscope's), on one
// FakeClock whose timers fire in order. What is modelled: the network. An
// attempt is a Lab::VirtualAttempt answered 2 ms after it is sent by the
// fault server's real /outage route. A client stops polling once a cycle of
// its has succeeded.
#include "core/faultserver/faultroutes.h"
#include "core/lab/virtualattempt.h"
#include "core/monitor/scheduler.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <memory>
#include <optional>

#include "bench/herdlab.h"

using std::chrono::milliseconds;

namespace HerdLab {
namespace {

constexpr milliseconds latency{2};

struct Client
{
    std::unique_ptr<RetryingClient> client;
    std::unique_ptr<Scheduler> scheduler;
};

class Simulation
{
public:
    Simulation(const Scenario &scenario, const Variant &variant, std::uint64_t seed)
        : m_scenario(scenario)
        , m_random(seed)
        , m_routes{m_clock, m_random, m_clock.now(), {}, {}}
        , m_origin(m_clock.now())
    {
        m_request.method = "GET";
        m_request.target = scenario.target();
        const Endpoint endpoint
            = variant.endpoint(QStringLiteral("client"),
                               QUrl(QStringLiteral("http://herd.invalid") + QString::fromLatin1(m_request.target)));
        const AttemptFactory answer = Lab::VirtualAttempt::factory(m_clock, [this](const AttemptRequest &) {
            m_arrivals.push_back(seconds(m_clock.now()));
            const FaultAction action = routeFaultRequest(m_request, QByteArrayLiteral("client"), m_routes);
            Lab::VirtualAnswer virtualAnswer;
            virtualAnswer.result.outcome.httpStatus = action.status;
            virtualAnswer.after = latency;
            return virtualAnswer;
        });
        m_clients.resize(std::size_t(scenario.clients));
        for (Client &c : m_clients) {
            c.client = std::make_unique<RetryingClient>(m_pool, m_clock, m_random);
            c.client->setAttemptFactory(answer);
            c.scheduler = std::make_unique<Scheduler>(*c.client, m_clock);
            Scheduler *scheduler = c.scheduler.get();
            QObject::connect(c.client.get(), &RetryingClient::attemptRecorded,
                             [this, scheduler](const AttemptRecord &r) {
                                 if (r.outcome == AttemptOutcome::Rejected)
                                     ++m_rejected;
                                 if (r.outcome == AttemptOutcome::Success) {
                                     ++m_succeeded;
                                     m_lastSuccess = seconds(m_clock.now());
                                     scheduler->pause(r.endpoint); // this client has what it wanted
                                 }
                             });
        }
        // Every client starts at 0: each is alone in its scheduler.
        for (Client &c : m_clients)
            c.scheduler->setEndpoints({endpoint});
    }

    ~Simulation()
    {
        for (Client &c : m_clients) {
            c.scheduler->pauseAll();
            c.client->cancelAll();
        }
        m_clients.clear();
        m_clock.advance(milliseconds(0)); // deliver what the cancellations posted
    }
    Q_DISABLE_COPY_MOVE(Simulation)

    Result run()
    {
        while (m_succeeded < m_scenario.clients) {
            const auto next = m_clock.nextTimerDue();
            if (!next || *next - m_origin > m_scenario.horizon)
                break;
            m_clock.advance(std::chrono::duration_cast<milliseconds>(*next - m_clock.now()));
        }
        Result result;
        result.rejected = m_rejected;
        result.succeeded = m_succeeded;
        summarize(result, m_scenario, m_arrivals, m_lastSuccess);
        return result;
    }

private:
    [[nodiscard]] double seconds(Clock::TimePoint t) const
    {
        return std::chrono::duration<double>(t - m_origin).count();
    }

    const Scenario m_scenario;
    FakeClock m_clock;
    SeededRandom m_random;
    FaultRouteState m_routes;
    const Clock::TimePoint m_origin;
    ManagerPool m_pool; // never used: nothing is sent
    HttpRequest m_request;
    std::vector<Client> m_clients;
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
