// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metrics/monitormetrics.h"

#include "core/monitor/monitor.h"

MonitorMetrics::MonitorMetrics(Monitor &monitor, const Clock &clock, QString version, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_clock(clock)
    , m_version(std::move(version))
{
    connect(&monitor, &Monitor::attemptRecorded, this,
            [this](const AttemptRecord &record) { m_registry.recordAttempt(record); });
    connect(&monitor, &Monitor::transitioned, this,
            [this](const BreakerTransition &transition) { m_registry.recordTransition(transition); });
    connect(&monitor.client(), &RetryingClient::cycleFinished, this,
            [this](const CycleResult &cycle) { m_registry.recordCycle(cycle); });
}

QByteArray MonitorMetrics::scrape(PromText::Format format)
{
    const QList<Endpoint> &endpoints = m_monitor.endpoints();
    m_registry.setEndpoints(endpoints);
    MetricsRegistry::Readings readings;
    const RetryingClient &client = m_monitor.client();
    const Clock::TimePoint now = m_clock.now();
    for (const Endpoint &e : endpoints) {
        if (const CircuitBreaker *breaker = client.findBreaker(e.breakerName())) {
            MetricsRegistry::BreakerReading reading{breaker->state(), 0};
            if (reading.state == BreakerState::Open && breaker->openUntil() > now)
                reading.secondsUntilProbe = std::chrono::duration<double>(breaker->openUntil() - now).count();
            readings.breakers.insert(breaker->name(), reading);
        }
        if (const RetryBudget *budget = client.findBudget(e.budgetName()))
            readings.budgetTokens.insert(e.budgetName(), budget->tokens());
    }
    readings.online = m_monitor.connectivity().isOnline();
    return PromText::render(m_registry.families(readings, m_version), format);
}
