// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #8 §4: timer accuracy. How late does a retry leave against the delay
// it was scheduled with? Endpoints that always get 503 retry up to 4 times
// (the default jitter, proportional); for every retry, the moment its
// request arrives at the fault server (in a thread of its own, on the same
// steady clock) is compared with the moment it was due: the end of the
// previous attempt (when its record is emitted) plus the scheduled delay.
// Breakers are off so that every cycle retries.
//   bench_timers [--endpoints 200] [--seconds 20]
#include "core/faultserver/faultserver.h"
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"

#include <QCoreApplication>
#include <QMutex>
#include <QThread>
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
    // The server answers from a thread of its own (on the other core), so
    // that its work does not delay the client's timers; its arrival times
    // are on the same steady clock.
    QThread serverThread;
    serverThread.start();
    QObject serverSide; // lives in the server's thread: everything made through it does too
    serverSide.moveToThread(&serverThread);
    FaultServer *server = nullptr;
    QMutex arrivalsLock;
    std::vector<std::pair<int, Clock::TimePoint>> arrivals; // endpoint index, arrival
    QMetaObject::invokeMethod(
        &serverSide,
        [&] {
            server = new FaultServer(clock);
            QObject::connect(server, &FaultServer::requestReceived, server, [&](const ReceivedRequest &request) {
                const QMutexLocker locker(&arrivalsLock);
                arrivals.emplace_back(request.query.queryItemValue(QStringLiteral("e")).toInt(), request.arrivedAt);
            });
            if (!server->listen(0)) {
                delete server;
                server = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!server) {
        serverThread.quit();
        serverThread.wait();
        std::fprintf(stderr, "the fault server cannot listen\n");
        return 1;
    }
    QList<Endpoint> endpoints;
    for (qint64 i = 0; i < count; ++i) {
        Endpoint e;
        e.name = QStringLiteral("e%1").arg(i);
        e.url = server->url(QStringLiteral("/status/503?e=%1").arg(i));
        e.interval = std::chrono::milliseconds(1000);
        e.retry.maxAttempts = 4;
        e.retry.initialDelay = std::chrono::milliseconds(50);
        e.breaker.enabled = false;
        e.budget.enabled = false;
        endpoints.append(e);
    }
    SeededRandom random(1);
    Monitor monitor(clock, random);
    // Each retry's due moment: the end of the previous attempt (its record's
    // emission) plus the delay it reports, with when that was known.
    struct Due
    {
        Clock::TimePoint known;
        Clock::TimePoint due;
    };
    std::vector<std::vector<Due>> dues(static_cast<std::size_t>(count));
    QObject::connect(&monitor, &Monitor::attemptRecorded, &app, [&](const AttemptRecord &r) {
        if (r.delay) {
            const Clock::TimePoint now = clock.now();
            dues[r.endpoint.mid(1).toULongLong()].push_back({now, now + *r.delay});
        }
    });
    monitor.setEndpoints(endpoints);
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    monitor.stop();
    QThread *mainThread = QThread::currentThread();
    QMetaObject::invokeMethod(
        &serverSide,
        [&] {
            delete server;
            serverSide.moveToThread(mainThread); // only its own thread may hand it back
        },
        Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    // A retry is the first request of its endpoint to arrive after its due
    // moment was known (cycles of one endpoint never overlap).
    std::vector<std::vector<Clock::TimePoint>> arrived(static_cast<std::size_t>(count));
    for (const auto &[index, at] : arrivals)
        arrived[std::size_t(index)].push_back(at);
    std::vector<double> lateMs;
    for (std::size_t e = 0; e < dues.size(); ++e) {
        auto &times = arrived[e];
        std::sort(times.begin(), times.end());
        for (const Due &d : dues[e]) {
            const auto next = std::upper_bound(times.begin(), times.end(), d.known);
            if (next != times.end())
                lateMs.push_back(std::chrono::duration<double, std::milli>(*next - d.due).count());
        }
    }
    std::sort(lateMs.begin(), lateMs.end());
    const auto at = [&lateMs](double p) {
        return lateMs.empty() ? -1.0 : lateMs[std::min(lateMs.size() - 1, size_t(p * double(lateMs.size())))];
    };
    std::printf(
        "retry timers, %lld endpoints always failing, %lld s: %zu retries measured (server in its own thread)\n", count,
        seconds, lateMs.size());
    std::printf("arrival at the server - due time: p50 %.2f ms, p99 %.2f ms, max %.2f ms, min %.2f ms "
                "(target p99 <= 5 ms)\n",
                at(0.50), at(0.99), lateMs.empty() ? -1.0 : lateMs.back(), lateMs.empty() ? -1.0 : lateMs.front());
    return 0;
}
