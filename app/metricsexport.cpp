// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/metricsexport.h"

MetricsExport startMetricsExport(const CommandLine &commandLine, Monitor &monitor, const Clock &clock)
{
    MetricsExport result;
    if (!commandLine.metricsPort)
        return result;
    result.metrics = std::make_unique<MonitorMetrics>(monitor, clock, QStringLiteral(RETRYSCOPE_VERSION));
    MonitorMetrics *metrics = result.metrics.get();
    result.server
        = std::make_unique<MetricsServer>([metrics](PromText::Format format) { return metrics->scrape(format); });
    result.error = result.server->listen(commandLine.metricsAddress, *commandLine.metricsPort);
    if (!result.error.isEmpty()) {
        result.server.reset();
        result.metrics.reset();
        return result;
    }
    const QHostAddress address = result.server->address();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(address.toString())
        : address.toString();
    result.url = QStringLiteral("http://%1:%2/metrics").arg(host).arg(result.server->port());
    return result;
}
