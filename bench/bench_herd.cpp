// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #8 §3: the thundering-herd lab. For each jitter mode of docs/endpoints-file.md,
// without and with the retry budget and breaker: M clients against a
// service down for D seconds that then takes K = M/50 requests per 100 ms
// (20 % of the herd per second). Simulated in virtual time for each M (mean
// over seeds), then run for real on loopback at a smaller M and compared
// with the simulation of that same scenario. Writes herd.csv and herd.png.
//   bench_herd [--clients 10,100,1000] [--seeds 5] [--down 10]
//              [--real-clients 50] [--real-down 3] [--real-guards 0|1]
//              [--open-jitter 0.1] [--out DIR] [--name herd]
// --open-jitter sets the guarded variants' breaker.openJitter (default: the
// endpoint's default); --name names the files (NAME.csv, NAME.png).
#include "core/policy/retrypolicy.h"

#include <QApplication>
#include <QDir>
#include <QSaveFile>

#include <cmath>
#include <cstdio>

#include "bench/benchsupport.h"
#include "bench/herdchart.h"
#include "bench/herdlab.h"

namespace {

struct Summary
{
    HerdLab::Variant variant;
    int clients = 0;
    int seeds = 0;
    double attempts = 0; // per client
    double afterRecovery = 0; // per client, from the recovery on
    double rejected = 0; // per client
    double allSucceeded = 0; // seconds after recovery; horizon when not all did
    int unfinished = 0; // seeds in which some client never succeeded
    double peakToMean = 0;
    int peak = 0;
    double mean = 0;
    HerdLab::Result first; // the first seed's run, for the chart
};

QList<HerdLab::Variant> variants(double openJitter)
{
    QList<HerdLab::Variant> all;
    for (const bool guarded : {false, true}) {
        for (const JitterMode mode : allJitterModes())
            all.append({mode, guarded, openJitter});
    }
    return all;
}

HerdLab::Scenario scenarioFor(int clients, int downSeconds)
{
    HerdLab::Scenario s;
    s.clients = clients;
    s.downSeconds = downSeconds;
    s.capacityPer100ms = std::max(1, clients / 50);
    s.horizon = std::chrono::milliseconds(1000 * (downSeconds + 290));
    return s;
}

Summary begin(const HerdLab::Variant &variant, int clients)
{
    Summary sum;
    sum.variant = variant;
    sum.clients = clients;
    return sum;
}

void add(Summary &sum, const HerdLab::Result &r, const HerdLab::Scenario &scenario)
{
    if (sum.seeds == 0)
        sum.first = r;
    ++sum.seeds;
    sum.attempts += double(r.attempts) / scenario.clients;
    sum.afterRecovery += double(r.attemptsAfterRecovery) / scenario.clients;
    sum.rejected += double(r.rejected) / scenario.clients;
    sum.allSucceeded
        += r.allSucceededAfterRecovery.value_or(double(scenario.horizon.count()) / 1000 - scenario.downSeconds);
    sum.unfinished += r.allSucceededAfterRecovery ? 0 : 1;
    sum.peak += r.peakAfterRecovery;
    sum.mean += r.meanAfterRecovery;
    sum.peakToMean += r.meanAfterRecovery > 0 ? r.peakAfterRecovery / r.meanAfterRecovery : 0;
}

Summary averaged(Summary sum)
{
    const double n = std::max(1, sum.seeds);
    sum.attempts /= n;
    sum.afterRecovery /= n;
    sum.rejected /= n;
    sum.allSucceeded /= n;
    sum.peakToMean /= n;
    sum.mean /= n;
    sum.peak = int(std::lround(sum.peak / n));
    return sum;
}

void printHeader(const char *title, const HerdLab::Scenario &s)
{
    std::printf("\n%s: %d clients, down %d s, then %d requests per 100 ms\n", title, s.clients, s.downSeconds,
                s.capacityPer100ms);
    std::printf("  %-22s %10s %10s %10s %12s %12s %12s\n", "variant", "req/client", "after rec.", "rejected",
                "peak/100ms", "peak/mean", "all done(s)");
}

void printRow(const Summary &s)
{
    std::printf("  %-22s %10.1f %10.1f %10.1f %12d %12.1f %11.1f%s\n", qPrintable(s.variant.name()), s.attempts,
                s.afterRecovery, s.rejected, s.peak, s.peakToMean, s.allSucceeded, s.unfinished ? "+" : "");
}

QByteArray csvRow(const char *kind, const HerdLab::Scenario &scenario, const Summary &s)
{
    return QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,")
               .arg(QLatin1String(kind))
               .arg(scenario.clients)
               .arg(scenario.downSeconds)
               .arg(scenario.capacityPer100ms)
               .arg(s.variant.name(), QString(jitterName(s.variant.jitter)),
                    s.variant.guarded ? QStringLiteral("true") : QStringLiteral("false"))
               .arg(s.seeds)
               .arg(s.attempts, 0, 'f', 2)
               .toUtf8()
        + QStringLiteral("%1,%2,%3,%4,%5,%6,%7\r\n")
              .arg(s.afterRecovery, 0, 'f', 2)
              .arg(s.rejected, 0, 'f', 2)
              .arg(s.unfinished ? QString() : QString::number(s.allSucceeded, 'f', 2))
              .arg(s.peak)
              .arg(s.mean, 0, 'f', 2)
              .arg(s.peakToMean, 0, 'f', 2)
              .arg(s.seeds - s.unfinished)
              .toUtf8();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv); // Qt Charts draws the PNG (offscreen works)
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows as it comes
    const QStringList arguments = QCoreApplication::arguments();
    QList<int> sizes;
    for (const QString &m : Bench::stringArgument(arguments, "--clients", QStringLiteral("10,100,1000")).split(u','))
        sizes.append(m.toInt());
    const int seeds = int(Bench::intArgument(arguments, "--seeds", 5));
    const int down = int(Bench::intArgument(arguments, "--down", 10));
    const int realClients = int(Bench::intArgument(arguments, "--real-clients", 50));
    const int realDown = int(Bench::intArgument(arguments, "--real-down", 3));
    const bool realGuards = Bench::intArgument(arguments, "--real-guards", 0) != 0;
    const QString out = Bench::stringArgument(arguments, "--out", QStringLiteral("."));
    const QString name = Bench::stringArgument(arguments, "--name", QStringLiteral("herd"));
    bool jitterOk = false;
    const double openJitter
        = Bench::stringArgument(arguments, "--open-jitter", QString::number(BreakerPolicy{}.openJitter))
              .toDouble(&jitterOk);
    if (!jitterOk || openJitter < 0 || openJitter > 1) {
        std::fprintf(stderr, "--open-jitter must be a number from 0 to 1\n");
        return 2;
    }
    const QString csvPath = QDir(out).filePath(name + QStringLiteral(".csv"));
    const QString pngPath = QDir(out).filePath(name + QStringLiteral(".png"));
    QDir().mkpath(out);

    QByteArray csv = "kind,clients,down_s,capacity_per_100ms,variant,jitter,guarded,seeds,requests_per_client,"
                     "requests_after_recovery_per_client,rejected_per_client,all_succeeded_after_recovery_s,peak_per_"
                     "100ms,mean_per_100ms,peak_to_mean,"
                     "seeds_all_succeeded\r\n";
    QList<HerdChart::Run> chartRuns;
    const int chartClients = sizes.contains(100) ? 100 : sizes.value(0);
    for (const int clients : sizes) {
        const HerdLab::Scenario scenario = scenarioFor(clients, down);
        printHeader("simulation", scenario);
        for (const HerdLab::Variant &variant : variants(openJitter)) {
            Summary sum = begin(variant, clients);
            for (int seed = 1; seed <= seeds; ++seed)
                add(sum, HerdLab::simulate(scenario, variant, std::uint64_t(seed)), scenario);
            const Summary s = averaged(sum);
            printRow(s);
            csv += csvRow("simulation", scenario, s);
            if (clients == chartClients)
                chartRuns.append({variant, s.first, s.attempts, s.allSucceeded});
        }
    }
    if (realClients > 0) {
        HerdLab::Scenario scenario = scenarioFor(realClients, realDown);
        scenario.horizon = std::chrono::milliseconds(1000 * (realDown + 60));
        std::printf("\nloopback against the simulation of the same scenario (%d clients, down %d s, %d per 100 ms, "
                    "at most %d s; simulation: mean of %d seeds)\n",
                    scenario.clients, scenario.downSeconds, scenario.capacityPer100ms,
                    int(scenario.horizon.count() / 1000), seeds);
        std::printf("  %-22s %21s %21s %21s %21s\n", "variant", "req/client sim|real", "after rec. sim|real",
                    "peak/100ms sim|real", "all done(s) sim|real");
        for (const HerdLab::Variant &variant : variants(openJitter)) {
            if (variant.guarded && !realGuards)
                continue; // a minute each when breakers probe in step (see bench/README.md)
            Summary simulated = begin(variant, realClients);
            for (int seed = 1; seed <= seeds; ++seed)
                add(simulated, HerdLab::simulate(scenario, variant, std::uint64_t(seed)), scenario);
            const Summary sim = averaged(simulated);
            Summary measured = begin(variant, realClients);
            add(measured, HerdLab::runOnLoopback(scenario, variant, 1), scenario);
            const Summary real = averaged(measured);
            std::printf("  %-22s %10.1f|%-10.1f %10.1f|%-10.1f %10d|%-10d %10.1f|%.1f%s\n", qPrintable(variant.name()),
                        sim.attempts, real.attempts, sim.afterRecovery, real.afterRecovery, sim.peak, real.peak,
                        sim.allSucceeded, real.allSucceeded, real.unfinished ? "+" : "");
            csv += csvRow("simulation", scenario, sim);
            csv += csvRow("loopback", scenario, real);
        }
    }

    QSaveFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(file.fileName()), qPrintable(file.errorString()));
        return 1;
    }
    if (const QString error = HerdChart::save(pngPath, scenarioFor(chartClients, down), chartRuns); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("\nwrote %s and %s (+ after a figure: some seeds did not finish within the horizon)\n",
                qPrintable(csvPath), qPrintable(pngPath));
    return 0;
}
