// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard under load: N endpoints polled every second against the
// fault server (its own process, so its work is not counted), with the real
// main window, history and charts, on the offscreen platform unless a
// display is given. Reports how late the GUI event loop runs (a 10 ms timer's
// lateness), how often the charts refresh, CPU and memory.
//   bench_dashboard [--endpoints 500] [--seconds 60] [--span 5|60|1440] [--trace]
#include "core/store/history.h"
#include "core/util/randomsource.h"
#include "ui/chartspanel.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "bench/benchsupport.h"
#include "bench/lagprobe.h"

namespace {

// With --trace: every event that kept the loop busy for 15 ms or more,
// by receiver class and event type, to find what makes the lag.
class TracingApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    bool trace = false;
    QHash<QString, QPair<int, qint64>> slow; // what -> count, total ms

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!trace)
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = event->type();
        const bool result = QApplication::notify(receiver, event);
        const qint64 ms = timer.elapsed();
        if (ms >= 15) {
            auto &entry
                = slow[QStringLiteral("%1 event %2").arg(QLatin1String(receiver->metaObject()->className())).arg(type)];
            ++entry.first;
            entry.second += ms;
        }
        return result;
    }
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 count = Bench::intArgument(arguments, "--endpoints", 500);
    const qint64 seconds = Bench::intArgument(arguments, "--seconds", 60);
    const qint64 span = Bench::intArgument(arguments, "--span", 5);
    app.trace = arguments.contains(QStringLiteral("--trace"));

    QProcess server;
    const int port = Bench::startFaultServer(server, QStringLiteral(RETRYSCOPE_BINARY));
    if (port < 0)
        return 1;

    // A realistic mix: most answer, some flake, some are down (retries,
    // breakers opening and probing).
    QList<Endpoint> endpoints;
    for (qint64 i = 0; i < count; ++i) {
        Endpoint e;
        e.name = QStringLiteral("e%1").arg(i, 4, 10, QLatin1Char('0'));
        const char *route = i % 10 < 7 ? "/ok" : i % 10 < 9 ? "/flaky?fail=0.3&code=503" : "/status/503";
        e.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(QLatin1String(route)));
        e.interval = std::chrono::milliseconds(1000);
        e.retry.initialDelay = std::chrono::milliseconds(100);
        e.retry.maxDelay = std::chrono::milliseconds(1000);
        endpoints.append(e);
    }
    const SystemClock clock;
    SeededRandom random(1);
    QTemporaryDir dir;
    History history(clock);
    if (const QString error = history.open(dir.filePath(QStringLiteral("history.sqlite"))); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    Monitor monitor(clock, random);
    QObject::connect(&monitor, &Monitor::attemptRecorded, &history, qOverload<const AttemptRecord &>(&History::add));
    QObject::connect(&monitor, &Monitor::transitioned, &history, qOverload<const BreakerTransition &>(&History::add));
    qint64 attempts = 0;
    QObject::connect(&monitor, &Monitor::attemptRecorded, &app, [&attempts] { ++attempts; });

    MainWindow window(monitor, clock, &history);
    window.charts()->setSpan(std::chrono::minutes(span));
    window.show();

    Bench::LagProbe lag;

    monitor.setEndpoints(endpoints);
    // Measure after a warm-up, so the charts hold a full load.
    const qint64 warmUp = std::min<qint64>(10, seconds / 3);
    int refreshesBefore = 0;
    double cpuBefore = 0;
    QTimer::singleShot(std::chrono::seconds(warmUp), &app, [&] {
        refreshesBefore = window.charts()->refreshCount();
        cpuBefore = Bench::cpuSeconds();
        attempts = 0;
        lag.start();
    });
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [] { QCoreApplication::quit(); });
    QApplication::exec();
    const double measured = double(seconds - warmUp);
    const double cpu = Bench::cpuSeconds() - cpuBefore;
    const int refreshes = window.charts()->refreshCount() - refreshesBefore;
    monitor.stop();
    server.terminate();
    server.waitForFinished(5000);

    std::printf("dashboard, %lld endpoints at 1 s, charts over %lld min, %.0f s measured after %lld s warm-up\n", count,
                span, measured, warmUp);
    std::printf("attempts: %lld (%.0f/s); chart points shown: %d latency\n", attempts, double(attempts) / measured,
                window.charts()->latencyPointCount());
    std::printf("event-loop lag: p50 %lld ms, p99 %lld ms, max %lld ms over %zu samples (target p99 <= 30 ms: %s)\n",
                lag.at(0.5), lag.at(0.99), lag.max(), lag.samples(), lag.at(0.99) <= 30 ? "met" : "MISSED");
    const double rate = double(refreshes) / measured;
    std::printf("chart refreshes: %.1f per second (target >= 5: %s)\n", rate, rate >= 4.95 ? "met" : "MISSED");
    std::printf("cpu: %.2f s = %.1f%% of one core\n", cpu, 100.0 * cpu / measured);
    std::printf("peak resident: %.1f MiB\n", Bench::peakResidentMiB());
    for (auto it = app.slow.constBegin(); it != app.slow.constEnd(); ++it)
        std::printf("slow: %s x%d, %lld ms in all\n", qPrintable(it.key()), it->first, it->second);
    return 0;
}
