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

#include <vector>

#include "bench/benchsupport.h"
#include "bench/labday.h"

using namespace std::chrono_literals;
using std::chrono::milliseconds;

using Bench::day;
using Bench::labEndpoint;

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
    const Lab::Replay replay = Lab::replay(labEndpoint(), model, 1);
    const double oneCpu = Bench::cpuSeconds() - cpu0;
    const double oneWall = double(wall.elapsed()) / 1000.0;
    out << "one endpoint, " << hours << " h at 1 s: " << replay.figures.cycles << " cycles, " << replay.figures.attempts
        << " attempts replayed in " << QString::number(oneWall, 'f', 3) << " s (" << QString::number(oneCpu, 'f', 3)
        << " s CPU); target 1 s for 24 h: " << QString::number(oneCpu / (double(hours) / 24.0), 'f', 3)
        << " s per day, " << QString::number(oneCpu / (double(hours) / 24.0), 'f', 2) << " of the target\n";

    // The sweep: `values` settings of maxAttempts over `endpoints` endpoints'
    // days, one after another on this core.
    const qint64 sample = std::min<qint64>(endpoints, 5);
    std::vector<Lab::ServiceModel> models; // each endpoint's trace is read once, then replayed per value
    for (qint64 e = 0; e < sample; ++e)
        models.emplace_back(day(hours * 3600, int(e) + 1), 1s);
    const double cpu1 = Bench::cpuSeconds();
    qint64 cycles = 0;
    for (qint64 e = 0; e < sample; ++e) {
        Endpoint candidate = labEndpoint();
        candidate.retry.maxAttempts = int(1 + e % 8);
        cycles += Lab::replay(candidate, models[std::size_t(e)], 1).figures.cycles;
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
