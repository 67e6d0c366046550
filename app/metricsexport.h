// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"
#include "core/metrics/metricsserver.h"
#include "core/metrics/monitormetrics.h"

#include <memory>

class Monitor;

// --metrics-port: the monitor's metrics served for Prometheus, the same in
// headless and GUI mode. Start it before the monitor polls, so that every
// attempt is counted.
struct MetricsExport
{
    std::unique_ptr<MonitorMetrics> metrics;
    std::unique_ptr<MetricsServer> server;
    QString url; // http://127.0.0.1:9464/metrics, when serving
    QString error; // why it could not listen
};

[[nodiscard]] MetricsExport startMetricsExport(const CommandLine &commandLine, Monitor &monitor, const Clock &clock);
