// SPDX-License-Identifier: GPL-3.0-or-later
// The policy lab's speed (docs/policy-lab.md): one endpoint's day at 1 s
// replayed (target: under 1 s of one core), and a sweep of one key over many
// endpoints' days on two threads (target: 20 values over 100 endpoints in
// 10 s), measured on a sample of the endpoints and scaled. Prints numbers
// and ratios; asserts nothing.
//   bench_lab [--hours 24] [--endpoints 100] [--values 20]
#include "core/lab/replay.h"
#include "core/lab/sweep.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QThreadPool>

#include <algorithm>
#include <memory>
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

    // The sweep as the editor runs it (Lab::sweep on a pool of two threads):
    // `values` settings of retry.maxAttempts over a sample of the endpoints'
    // days, timed on the wall, then scaled to `endpoints`. Once with the
    // endpoints polled every second as recorded, once at the default
    // intervalMs (5 s) over the same recordings.
    const qint64 sample = std::min<qint64>(endpoints, 5);
    std::vector<std::shared_ptr<const Lab::Trace>> traces; // each endpoint's history, read once
    for (qint64 e = 0; e < sample; ++e)
        traces.push_back(Lab::makeTrace(day(hours * 3600, int(e) + 1), labEndpoint()));
    const EndpointKey &key = *findEndpointKey(u"retry.maxAttempts");
    const QList<double> settings = Lab::sweepValues(key, 1, double(values), int(values));
    QThreadPool twoCores;
    twoCores.setMaxThreadCount(2);
    for (const auto interval : {milliseconds(1000), Endpoint().interval}) {
        Endpoint own = labEndpoint();
        own.interval = interval;
        QElapsedTimer sweepWall;
        sweepWall.start();
        qint64 cycles = 0;
        for (const auto &trace : traces) {
            for (const Lab::SweepPoint &point : Lab::sweep(*trace, own, key, settings, 1, &twoCores))
                cycles += point.figures.cycles;
        }
        const double measured = double(sweepWall.elapsed()) / 1000.0;
        const double scaled = measured * double(endpoints) / double(sample);
        out << "sweep of " << settings.size() << " values of retry.maxAttempts over " << endpoints << " endpoints x "
            << hours << " h, polled every " << interval.count()
            << " ms, on two threads: " << QString::number(measured, 'f', 2) << " s for " << sample << " endpoints ("
            << cycles << " cycles, " << QString::number(measured * 2e9 / double(std::max<qint64>(1, cycles)), 'f', 0)
            << " ns of CPU a cycle), " << QString::number(scaled, 'f', 1) << " s for " << endpoints
            << "; target 10 s: " << QString::number(scaled / 10.0, 'f', 2) << " of the target\n";
    }
    out << "peak memory " << QString::number(Bench::peakResidentMiB(), 'f', 1) << " MiB\n";
    return 0;
}
