// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/metrics/metricsregistry.h"
#include "core/util/clock.h"

#include <QObject>

class Monitor;

// Feeds a MetricsRegistry from a running monitor (attempts, cycles, breaker
// transitions) and renders the exposition at scrape time with the gauges
// read then: breaker states, seconds until each probe, budget tokens. The
// endpoint set is the monitor's at scrape time, so removed endpoints vanish
// from the next scrape.
class MonitorMetrics final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorMetrics)

public:
    MonitorMetrics(Monitor &monitor, const Clock &clock, QString version, QObject *parent = nullptr);

    [[nodiscard]] QByteArray scrape(PromText::Format format);
    [[nodiscard]] const MetricsRegistry &registry() const { return m_registry; }

private:
    Monitor &m_monitor;
    const Clock &m_clock;
    QString m_version;
    MetricsRegistry m_registry;
};
