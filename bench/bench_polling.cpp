// SPDX-License-Identifier: GPL-3.0-or-later
// Headless polling of many endpoints at 1 s against the fault server, which
// runs as its own process (retryscope --fault-server 0) so that its work is
// not counted: CPU, resident memory, and how late cycles start (lag).
//   bench_polling [--endpoints 1000] [--seconds 30]
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "bench/benchsupport.h"

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 count = Bench::intArgument(arguments, "--endpoints", 1000);
    const qint64 seconds = Bench::intArgument(arguments, "--seconds", 30);

    QProcess server;
    const int port = Bench::startFaultServer(server, QStringLiteral(RETRYSCOPE_BINARY));
    if (port < 0)
        return 1;

    QList<Endpoint> endpoints;
    for (qint64 i = 0; i < count; ++i) {
        Endpoint e;
        e.name = QStringLiteral("e%1").arg(i);
        e.url = QUrl(QStringLiteral("http://127.0.0.1:%1/ok").arg(port));
        e.interval = std::chrono::milliseconds(1000);
        endpoints.append(e);
    }
    const SystemClock clock;
    SeededRandom random(1);
    Monitor monitor(clock, random);
    qint64 attempts = 0;
    qint64 failures = 0;
    QObject::connect(&monitor, &Monitor::attemptRecorded, &app, [&](const AttemptRecord &r) {
        ++attempts;
        failures += r.category == ErrorCategory::Ok ? 0 : 1;
    });
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
    std::printf("polling %lld endpoints at 1 s for %lld s: %lld attempts (%lld failed), %.0f attempts/s\n", count,
                seconds, attempts, failures, double(attempts) / seconds);
    std::printf("cpu: %.2f s = %.1f%% of one core, %.1f us per attempt\n", cpu, 100.0 * cpu / seconds,
                attempts ? 1e6 * cpu / attempts : 0.0);
    std::printf("scheduling lag: p50 %lld ms, p99 %lld ms, max %lld ms over %zu starts (target p99 <= 10 ms)\n",
                at(0.50), at(0.99), lags.empty() ? qint64(-1) : qint64(lags.back().count()), lags.size());
    std::printf("peak resident: %.1f MiB\n", Bench::peakResidentMiB());
    return 0;
}
