// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/attemptwindow.h"
#include "core/dashboard/chartdata.h"
#include "core/dashboard/endpointstats.h"
#include "core/util/clock.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

class Monitor;

// What the live dashboard shows, gathered from the monitor without a window:
// each endpoint's recent stats, the attempt window the live charts draw, the
// records that arrived since the views last took them, the last minutes'
// breaker transitions, and the tick at which the views catch up. Records
// arrive at any rate; views take them in bulk a few times a second.
class DashboardFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardFeed)

public:
    static constexpr std::chrono::milliseconds tickInterval{200}; // tables and charts at 5 Hz
    static constexpr std::chrono::minutes liveSpan{5}; // what the live charts cover

    DashboardFeed(Monitor &monitor, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] const EndpointStats &stats() const { return m_stats; }
    [[nodiscard]] const AttemptWindow &window() const { return m_window; }

    // What arrived since the last take, in arrival order.
    [[nodiscard]] QList<AttemptRecord> takeAttempts() { return std::exchange(m_pendingAttempts, {}); }
    [[nodiscard]] QList<BreakerTransition> takeTransitions() { return std::exchange(m_pendingTransitions, {}); }

    // Attempts sent in the last minute (not the rejected ones: they never left).
    [[nodiscard]] qsizetype attemptsLastMinute();

    // The live charts' data for the last liveSpan: attempts of `endpoints`
    // (empty: all), and the transitions of the breakers `shown` accepts.
    [[nodiscard]] ChartData liveCharts(const QStringList &endpoints,
                                       const std::function<bool(const QString &breaker)> &shown, qsizetype maxPoints,
                                       int parts = AllParts) const;
    // Per breaker, its first attempt since the feed started: a lane begins there.
    [[nodiscard]] const QHash<QString, qint64> &firstSeen() const { return m_firstSeen; }
    // When the feed started (ms since the epoch): nothing before is known.
    [[nodiscard]] qint64 startedMs() const { return m_startedMs; }

signals:
    // Time for the views to catch up (every tickInterval).
    void tick();

private:
    void add(const AttemptRecord &record);
    void add(const BreakerTransition &transition);
    void forgetOlderThanAMinute();

    const Clock &m_clock;
    EndpointStats m_stats;
    AttemptWindow m_window;
    QList<AttemptRecord> m_pendingAttempts;
    QList<BreakerTransition> m_pendingTransitions;
    std::deque<Clock::TimePoint> m_recentAttempts; // sent, for attempts per minute
    std::deque<BreakerTransition> m_recentTransitions; // the live span's
    QHash<QString, qint64> m_firstSeen;
    qint64 m_startedMs = 0;
    QTimer m_tick;
};
