// SPDX-License-Identifier: GPL-3.0-or-later
// The herd for real: M endpoints through one RetryingClient (each with its
// own breaker and budget, as M separate Retryscope instances would have),
// QNetworkAccessManager and real timers, against the fault server's /outage
// route on 127.0.0.1 in this process (its arrival times are on our clock).
// The clients follow the simulation's loop: all start at once; a failed or
// rejected cycle is followed by the next one an interval later; a breaker
// going half-open starts its probe at once; a success ends the client.
#include "core/faultserver/faultserver.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QNetworkAccessManager>
#include <QTimer>

#include "bench/herdlab.h"

namespace HerdLab {

Result runOnLoopback(const Scenario &scenario, const Variant &variant, std::uint64_t seed)
{
    const SystemClock clock;
    SeededRandom random(seed);
    FaultServer server(clock); // the outage starts now
    const Clock::TimePoint origin = clock.now();
    Result result;
    if (!server.listen(0))
        return result;
    const auto seconds = [&clock, origin] { return std::chrono::duration<double>(clock.now() - origin).count(); };
    std::vector<double> arrivals;
    QObject::connect(&server, &FaultServer::requestReceived, &server, [&](const ReceivedRequest &request) {
        arrivals.push_back(std::chrono::duration<double>(request.arrivedAt - origin).count());
    });

    ManagerPool pool;
    RetryingClient client(pool, clock, random);
    const QUrl url = server.url(QString::fromLatin1(scenario.target()));
    QHash<QString, Endpoint> endpoints;
    QHash<QString, quint64> generation;
    for (int i = 0; i < scenario.clients; ++i) {
        const Endpoint e = variant.endpoint(QStringLiteral("c%1").arg(i), url);
        endpoints.insert(e.name, e);
    }
    QEventLoop loop;
    std::optional<double> lastSuccess;
    const auto start = [&](const QString &name) {
        if (endpoints.contains(name) && !client.isRunning(name))
            client.startCycle(endpoints[name]);
    };
    QObject::connect(&client, &RetryingClient::attemptRecorded, &loop, [&](const AttemptRecord &record) {
        result.rejected += record.outcome == AttemptOutcome::Rejected ? 1 : 0;
    });
    QObject::connect(&client, &RetryingClient::cycleFinished, &loop, [&](const CycleResult &cycle) {
        if (cycle.outcome == AttemptOutcome::Success) {
            endpoints.remove(cycle.endpoint);
            ++result.succeeded;
            lastSuccess = seconds();
            if (endpoints.isEmpty())
                loop.quit();
            return;
        }
        const quint64 mine = ++generation[cycle.endpoint];
        QTimer::singleShot(endpoints[cycle.endpoint].interval, &loop, [&, name = cycle.endpoint, mine] {
            if (generation.value(name) == mine && endpoints.contains(name))
                start(name);
        });
    });
    QObject::connect(&client, &RetryingClient::probeWanted, &loop, [&](const QString &breaker) {
        if (!endpoints.contains(breaker) || client.isRunning(breaker))
            return;
        ++generation[breaker];
        start(breaker);
    });
    QTimer::singleShot(scenario.horizon, &loop, &QEventLoop::quit);
    QStringList names = endpoints.keys();
    names.sort();
    for (const QString &name : names)
        start(name);
    loop.exec();
    QObject::disconnect(&client, nullptr, &loop, nullptr);
    client.cancelAll();
    summarize(result, scenario, arrivals, lastSuccess);
    return result;
}

} // namespace HerdLab
