// SPDX-License-Identifier: GPL-3.0-or-later
// Headless polling of many endpoints at 1 s against the fault server, which
// runs as its own process (retryscope --fault-server 0) so that its work is
// not counted: CPU, resident memory, threads, how late cycles start (lag),
// and the latency and connection wait (queue_ms) the attempts report, and
// how bunched cycle starts are (per 10 ms).
//   bench_polling [--endpoints 1000] [--seconds 30] [--delay-ms 0]
//                 [--hanging 0] [--lanes 64] [--coalesce-ms 5]
// --delay-ms N polls /delay/N instead of /ok; --hanging N adds N endpoints
// on the same origin whose requests hang (/hang, 60 s timeout); --lanes 1
// limits the pool to one lane, i.e. the six connections per origin that one
// shared QNetworkAccessManager gave before the pool (the "before");
// --coalesce-ms 0 starts every cycle at its due time (before coalescing).
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"

#include <QCoreApplication>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "bench/benchsupport.h"

namespace {

int threadCount()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            return line.mid(8).trimmed().toInt();
    }
    return -1;
}

template<typename T> qint64 percentile(std::vector<T> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return qint64(values[std::min(values.size() - 1, size_t(p * values.size()))].count());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 count = Bench::intArgument(arguments, "--endpoints", 1000);
    const qint64 seconds = Bench::intArgument(arguments, "--seconds", 30);
    const qint64 delayMs = Bench::intArgument(arguments, "--delay-ms", 0);
    const qint64 hanging = Bench::intArgument(arguments, "--hanging", 0);
    const qint64 lanes = Bench::intArgument(arguments, "--lanes", ManagerPool::defaultMaxLanes);
    const qint64 coalesceMs = Bench::intArgument(arguments, "--coalesce-ms", -1); // -1: the monitor's own

    QProcess server;
    const int port = Bench::startFaultServer(server, QStringLiteral(RETRYSCOPE_BINARY));
    if (port < 0)
        return 1;

    QList<Endpoint> endpoints;
    for (qint64 i = 0; i < count; ++i) {
        Endpoint e;
        e.name = QStringLiteral("e%1").arg(i);
        e.url = QUrl(delayMs > 0 ? QStringLiteral("http://127.0.0.1:%1/delay/%2").arg(port).arg(delayMs)
                                 : QStringLiteral("http://127.0.0.1:%1/ok").arg(port));
        e.interval = std::chrono::milliseconds(1000);
        endpoints.append(e);
    }
    for (qint64 i = 0; i < hanging; ++i) {
        Endpoint e;
        e.name = QStringLiteral("hang%1").arg(i);
        e.url = QUrl(QStringLiteral("http://127.0.0.1:%1/hang").arg(port));
        e.interval = std::chrono::milliseconds(1000);
        e.timeout = std::chrono::milliseconds(60000);
        e.breaker.enabled = false;
        endpoints.append(e);
    }
    const SystemClock clock;
    SeededRandom random(1);
    Monitor monitor(clock, random);
    monitor.managers().setMaxLanes(int(lanes));
    if (coalesceMs >= 0)
        monitor.scheduler().setCoalescing(std::chrono::milliseconds(coalesceMs));
    qint64 attempts = 0;
    qint64 failures = 0;
    QMap<QString, qint64> failedBy;
    std::vector<std::chrono::milliseconds> latencies; // polled (not hanging) endpoints
    std::vector<std::chrono::milliseconds> waits;
    std::vector<std::chrono::milliseconds> wholes; // queue + latency: what one shared manager reported
    std::vector<qint64> starts; // first attempts' start times, ms
    QObject::connect(&monitor, &Monitor::attemptRecorded, &app, [&](const AttemptRecord &r) {
        if (r.attempt == 1)
            starts.push_back(r.timeUtc.toMSecsSinceEpoch());
        ++attempts;
        failures += r.category == ErrorCategory::Ok ? 0 : 1;
        if (r.category != ErrorCategory::Ok)
            ++failedBy[QString(categoryName(r.category))];
        if (r.latency && r.endpoint.startsWith(u'e')) {
            latencies.push_back(*r.latency);
            waits.push_back(r.phases.queued.value_or(std::chrono::milliseconds(0)));
            wholes.push_back(*r.latency + waits.back());
        }
    });
    int peakThreads = threadCount();
    int peakLanes = 0;
    QTimer threads;
    QObject::connect(&threads, &QTimer::timeout, &app, [&] {
        peakThreads = std::max(peakThreads, threadCount());
        peakLanes = std::max(peakLanes, monitor.managers().laneCount(endpoints.first().url));
    });
    threads.start(std::chrono::milliseconds(500));
    const double cpuBefore = Bench::cpuSeconds();
    monitor.setEndpoints(endpoints);
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    const double cpu = Bench::cpuSeconds() - cpuBefore;
    monitor.stop();
    server.terminate();
    server.waitForFinished(5000);

    std::vector<std::chrono::milliseconds> lags = monitor.scheduler().lags();
    std::sort(lags.begin(), lags.end());
    const auto at = [&lags](double p) {
        return lags.empty() ? qint64(-1) : qint64(lags[std::min(lags.size() - 1, size_t(p * lags.size()))].count());
    };
    std::printf("polling %lld endpoints (%s) + %lld hanging at 1 s for %lld s, at most %lld lanes per origin: "
                "%lld attempts (%lld failed), %.0f attempts/s\n",
                count, delayMs > 0 ? qPrintable(QStringLiteral("/delay/%1").arg(delayMs)) : "/ok", hanging, seconds,
                lanes, attempts, failures, double(attempts) / seconds);
    QStringList failed;
    for (auto it = failedBy.cbegin(); it != failedBy.cend(); ++it)
        failed.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    std::printf("failed attempts by category: %s (the hanging endpoints' attempts end cancelled at the stop)\n",
                failed.isEmpty() ? "none" : qPrintable(failed.join(QStringLiteral(", "))));
    std::printf("latency (polled endpoints): p50 %lld ms, p99 %lld ms; queue_ms p99 %lld ms, max %lld ms; "
                "queue+latency p50 %lld ms, p99 %lld ms\n",
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(waits, 0.99),
                percentile(waits, 1.0), percentile(wholes, 0.5), percentile(wholes, 0.99));
    std::printf("threads: peak %d; managers: %d; lanes to the server: peak %d\n", peakThreads,
                monitor.managers().managerCount(), peakLanes);
    std::printf("cpu: %.2f s = %.1f%% of one core, %.1f us per attempt\n", cpu, 100.0 * cpu / seconds,
                attempts ? 1e6 * cpu / attempts : 0.0);
    std::printf("scheduling lag: p50 %lld ms, p99 %lld ms, max %lld ms over %zu starts (target p99 <= 10 ms)\n",
                at(0.50), at(0.99), lags.empty() ? qint64(-1) : qint64(lags.back().count()), lags.size());
    std::printf("peak resident: %.1f MiB\n", Bench::peakResidentMiB());
    if (!starts.empty()) {
        std::sort(starts.begin(), starts.end());
        const qint64 from = starts.back() - 10000;
        QMap<qint64, int> buckets;
        for (const qint64 t : starts)
            if (t >= from)
                ++buckets[t / 10];
        std::vector<int> counts(buckets.begin(), buckets.end());
        std::sort(counts.begin(), counts.end());
        std::printf("cycle starts per 10 ms over the last 10 s: %zu busy buckets of 1000, p50 %d, p99 %d, max %d\n",
                    counts.size(), counts[counts.size() / 2], counts[size_t(0.99 * double(counts.size()))],
                    counts.back());
    }
    return 0;
}
