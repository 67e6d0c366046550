// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/dashboardfeed.h"

#include "core/monitor/monitor.h"

namespace {

// At most this many transitions are kept for the live span, whatever the rate.
constexpr std::size_t maxRecentTransitions = 20000;

} // namespace

DashboardFeed::DashboardFeed(Monitor &monitor, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_stats(liveSpan)
    , m_window(liveSpan)
    , m_startedMs(clock.utcNow().toMSecsSinceEpoch())
{
    connect(&monitor, &Monitor::attemptRecorded, this, qOverload<const AttemptRecord &>(&DashboardFeed::add));
    connect(&monitor, &Monitor::transitioned, this, qOverload<const BreakerTransition &>(&DashboardFeed::add));
    connect(&m_tick, &QTimer::timeout, this, &DashboardFeed::tick);
    m_tick.start(tickInterval);
}

void DashboardFeed::add(const AttemptRecord &record)
{
    if (!m_firstSeen.contains(record.breaker))
        m_firstSeen.insert(record.breaker, record.timeUtc.toMSecsSinceEpoch());
    m_stats.add(record);
    m_window.add(record);
    m_pendingAttempts.append(record);
    if (record.latency) {
        m_recentAttempts.push_back(m_clock.now());
        forgetOlderThanAMinute();
    }
}

void DashboardFeed::add(const BreakerTransition &transition)
{
    m_pendingTransitions.append(transition);
    m_recentTransitions.push_back(transition);
    const qint64 span = std::chrono::milliseconds(liveSpan).count();
    while (m_recentTransitions.size() > maxRecentTransitions
           || m_recentTransitions.front().timeUtc.msecsTo(transition.timeUtc) > span)
        m_recentTransitions.pop_front();
}

void DashboardFeed::forgetOlderThanAMinute()
{
    const Clock::TimePoint now = m_clock.now();
    while (!m_recentAttempts.empty() && now - m_recentAttempts.front() > std::chrono::minutes(1))
        m_recentAttempts.pop_front();
}

qsizetype DashboardFeed::attemptsLastMinute()
{
    forgetOlderThanAMinute();
    return qsizetype(m_recentAttempts.size());
}

ChartData DashboardFeed::liveCharts(const QStringList &endpoints,
                                    const std::function<bool(const QString &breaker)> &shown, qsizetype maxPoints,
                                    int parts) const
{
    const qint64 now = m_clock.utcNow().toMSecsSinceEpoch();
    const qint64 from = now - std::chrono::milliseconds(liveSpan).count();
    ChartData data = liveChartData(m_window, from, now, endpoints, maxPoints, parts);
    for (const BreakerTransition &t : m_recentTransitions) {
        if (t.timeUtc.toMSecsSinceEpoch() >= from && shown(t.breaker))
            data.transitions.append(t);
    }
    return data;
}
