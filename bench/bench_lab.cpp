// SPDX-License-Identifier: GPL-3.0-or-later
// The policy lab's speed (docs/policy-lab.md): one endpoint's day at 1 s
// replayed (target: under 1 s of one core), and a sweep of one key over many
// endpoints' days, run one replay after another here (the sweep's target is
// on two cores: this prints what one core takes and what two would). Prints
// numbers and ratios; asserts nothing.
//   bench_lab [--hours 24] [--endpoints 100] [--values 20]
#include "core/lab/replay.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimeZone>

#include "bench/benchsupport.h"

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

// A day of a service polled every second: 10 ms answers, an outage of 2
// minutes every hour (503s), a 429 with Retry-After 5 s every 10 minutes,
// the odd timeout. What one endpoint's history of a day holds.
QList<AttemptRecord> day(qint64 seconds, int variant)
{
    const QDateTime origin(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc());
    QList<AttemptRecord> records;
    records.reserve(seconds);
    for (qint64 k = 0; k < seconds; ++k) {
        AttemptRecord r;
        r.timeUtc = origin.addMSecs(k * 1000 + variant);
        r.endpoint = QStringLiteral("api");
        r.cycle = k + 1;
        r.attempt = 1;
        r.latency = milliseconds(10 + (k * 7 + variant) % 13);
        const qint64 inHour = (k + variant * 37) % 3600;
        if (inHour < 120) {
            r.category = ErrorCategory::ServerError;
            r.httpStatus = 503;
        } else if (k % 600 == 300) {
            r.category = ErrorCategory::RateLimited;
            r.httpStatus = 429;
            r.retryAfter = 5000ms;
        } else if (k % 997 == 0) {
            r.category = ErrorCategory::Timeout;
            r.latency = 5000ms;
        } else {
            r.category = ErrorCategory::Ok;
            r.httpStatus = 200;
        }
        r.outcome = r.category == ErrorCategory::Ok ? AttemptOutcome::Success : AttemptOutcome::Failed;
        records << r;
    }
    return records;
}

Endpoint endpoint()
{
    Endpoint e;
    e.name = QStringLiteral("api");
    e.url = QUrl(QStringLiteral("http://api.invalid/health"));
    e.interval = 1s;
    e.timeout = 5s;
    return e;
}

} // namespace

int main(int argc, char **argv)
{
    const QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 hours = Bench::intArgument(arguments, "--hours", 24);
    const qint64 endpoints = Bench::intArgument(arguments, "--endpoints", 100);
    const qint64 values = Bench::intArgument(arguments, "--values", 20);
    QTextStream out(stdout);

    const QList<AttemptRecord> trace = day(hours * 3600, 0);
    const Lab::ServiceModel model(trace, 1s);
    QElapsedTimer wall;
    const double cpu0 = Bench::cpuSeconds();
    wall.start();
    const Lab::Replay replay = Lab::replay(endpoint(), model, 1);
    const double oneCpu = Bench::cpuSeconds() - cpu0;
    const double oneWall = double(wall.elapsed()) / 1000.0;
    out << "one endpoint, " << hours << " h at 1 s: " << replay.figures.cycles << " cycles, " << replay.figures.attempts
        << " attempts replayed in " << QString::number(oneWall, 'f', 3) << " s (" << QString::number(oneCpu, 'f', 3)
        << " s CPU); target 1 s for 24 h: " << QString::number(oneCpu / (double(hours) / 24.0), 'f', 3)
        << " s per day, " << QString::number(oneCpu / (double(hours) / 24.0), 'f', 2) << " of the target\n";

    // The sweep: `values` settings of maxAttempts over `endpoints` endpoints'
    // days, one after another on this core.
    const qint64 sample = std::min<qint64>(endpoints, 5);
    const double cpu1 = Bench::cpuSeconds();
    qint64 cycles = 0;
    for (qint64 e = 0; e < sample; ++e) {
        const QList<AttemptRecord> other = day(hours * 3600, int(e) + 1);
        const Lab::ServiceModel otherModel(other, 1s);
        Endpoint candidate = endpoint();
        candidate.retry.maxAttempts = int(1 + e % 8);
        cycles += Lab::replay(candidate, otherModel, 1).figures.cycles;
    }
    const double perReplay = (Bench::cpuSeconds() - cpu1) / double(sample);
    const double sweepOneCore = perReplay * double(endpoints * values);
    out << "sweep of " << values << " values over " << endpoints << " endpoints x " << hours
        << " h: " << QString::number(perReplay, 'f', 3) << " s CPU per replay (measured on " << sample << ", " << cycles
        << " cycles), " << QString::number(sweepOneCore, 'f', 1) << " s on one core, "
        << QString::number(sweepOneCore / 2.0, 'f', 1)
        << " s on two; target 10 s on two cores: " << QString::number(sweepOneCore / 2.0 / 10.0, 'f', 2)
        << " of the target\n";
    out << "peak memory " << QString::number(Bench::peakResidentMiB(), 'f', 1) << " MiB\n";
    return 0;
}
