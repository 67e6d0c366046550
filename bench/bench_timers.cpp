// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #8 §4: timer accuracy. How late does a retry leave against the delay
// it was scheduled with? Endpoints that always get 503 retry up to 4 times
// (SPEC default jitter, proportional); for every retry, the moment its request arrives at the
// fault server (steady clock) is compared with the moment it was due: the
// end of the previous attempt (when its record is emitted) plus the
// scheduled delay. Breakers are off so that every cycle retries.
//   bench_timers [--endpoints 200] [--seconds 20]
#include "core/monitor/monitor.h"
#include "core/net/faultserver.h"
#include "core/util/randomsource.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "bench/benchsupport.h"

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 count = Bench::intArgument(arguments, "--endpoints", 200);
    const qint64 seconds = Bench::intArgument(arguments, "--seconds", 20);

    const SystemClock clock;
    FaultServer server(clock); // in-process: its arrival times are on our steady clock
    if (!server.listen(0)) {
        std::fprintf(stderr, "the fault server cannot listen\n");
        return 1;
    }
    QList<Endpoint> endpoints;
    for (qint64 i = 0; i < count; ++i) {
        Endpoint e;
        e.name = QStringLiteral("e%1").arg(i);
        e.url = server.url(QStringLiteral("/status/503?e=%1").arg(i));
        e.interval = std::chrono::milliseconds(1000);
        e.retry.maxAttempts = 4;
        e.retry.initialDelay = std::chrono::milliseconds(50);
        e.breaker.enabled = false;
        e.budget.enabled = false;
        endpoints.append(e);
    }
    SeededRandom random(1);
    Monitor monitor(clock, random);
    // When each endpoint's next attempt is due, set when its record arrives.
    QHash<QString, Clock::TimePoint> due;
    std::vector<double> lateMs;
    qsizetype seen = 0;
    // Matches the requests that arrived so far with what was due. Runs
    // before each new due moment is set: the server is in this thread, so an
    // attempt's request has always been seen by the time its record arrives.
    const auto takeArrivals = [&] {
        const QList<ReceivedRequest> &received = server.received();
        for (; seen < received.size(); ++seen) {
            const QString name = QStringLiteral("e") + received[seen].query.queryItemValue(QStringLiteral("e"));
            const auto it = due.find(name);
            if (it == due.end())
                continue; // a first attempt: the scheduler's lag, measured by bench_polling
            lateMs.push_back(std::chrono::duration<double, std::milli>(received[seen].arrivedAt - *it).count());
            due.erase(it);
        }
    };
    QObject::connect(&monitor, &Monitor::attemptRecorded, &app, [&](const AttemptRecord &r) {
        takeArrivals();
        if (r.delay)
            due.insert(r.endpoint, clock.now() + *r.delay);
    });
    monitor.setEndpoints(endpoints);
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    monitor.stop();

    std::sort(lateMs.begin(), lateMs.end());
    const auto at = [&lateMs](double p) {
        return lateMs.empty() ? -1.0 : lateMs[std::min(lateMs.size() - 1, size_t(p * double(lateMs.size())))];
    };
    std::printf("retry timers, %lld endpoints always failing, %lld s: %zu retries measured\n", count, seconds,
                lateMs.size());
    std::printf("arrival at the server - due time: p50 %.2f ms, p99 %.2f ms, max %.2f ms, min %.2f ms "
                "(target p99 <= 5 ms)\n",
                at(0.50), at(0.99), lateMs.empty() ? -1.0 : lateMs.back(), lateMs.empty() ? -1.0 : lateMs.front());
    return 0;
}
