// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/util/clock.h"
#include "core/util/latewake.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <set>
#include <utility>
#include <vector>

class CycleRunner;
struct CycleResult;

// Polls every enabled endpoint (docs/endpoints-file.md): the next cycle starts intervalMs
// after the previous one ended, never before a Retry-After moment; at start
// endpoint i of N begins at i/N x min(2000 ms, its interval). Time comes only
// from the Clock; the timer merely wakes the scheduler, so a FakeClock plus
// tick() drives it exactly in tests.
class Scheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scheduler)

public:
    Scheduler(CycleRunner &runner, const Clock &clock, QObject *parent = nullptr);
    ~Scheduler() override;

    // Replaces the set of endpoints. Unchanged endpoints keep their schedule;
    // changed ones start over (a running cycle is cancelled); removed ones are
    // cancelled and dropped; new ones are spread over the next two seconds.
    void setEndpoints(const QList<Endpoint> &endpoints);

    // Pausing cancels a running cycle; resuming makes an overdue endpoint
    // start at once.
    void pause(const QString &name);
    void resume(const QString &name);
    void pauseAll();
    void resumeAll();
    [[nodiscard]] bool isPaused(const QString &name) const;

    // The next cycle of `name` does not start before `notBefore` (a
    // Retry-After moment restored from the history, for instance). For an
    // endpoint not yet known, it applies when the endpoint is added.
    void deferUntil(const QString &name, Clock::TimePoint notBefore);
    [[nodiscard]] std::optional<Clock::TimePoint> nextDue(const QString &name) const;
    [[nodiscard]] QStringList endpointNames() const;

    // Offline (the connectivity check failed): no cycle starts, and running
    // ones are cancelled. Back online, every waiting endpoint starts again
    // spread as at start, never before a Retry-After moment. `reason` is
    // why the check failed, recorded in the cancelled attempts.
    void setOnline(bool online, const QString &reason = QString());
    [[nodiscard]] bool isOnline() const { return !m_offline; }

    // Starts every cycle that is due, then sleeps until the next one.
    void tick();

    // Cycles due within `window` of a wake-up start in it, up to that much
    // early: their requests reach the network thread in one hand-off instead
    // of one wake-up each (1,000 endpoints at 1 s: a third less CPU per
    // attempt, bench/README.md). The next cycle is then due an interval after
    // the end plus what the start was early by, so coalescing never pulls
    // endpoints together over time. 0 (the default) starts each cycle at
    // its due time.
    void setCoalescing(std::chrono::milliseconds window) { m_coalescing = window; }

signals:
    // The scheduler woke `late` after it should have (the process did not
    // run: a suspend or a stop); the `overdue` endpoints that fell due
    // meanwhile start spread as at start instead of all at once.
    void wokeLate(std::chrono::milliseconds late, int overdue);

public:
    // How late cycles started against their due time, most recent last
    // (bounded), for the benchmarks.
    [[nodiscard]] const std::vector<std::chrono::milliseconds> &lags() const { return m_lags; }

private:
    struct Slot
    {
        Endpoint endpoint;
        Clock::TimePoint due{};
        Clock::TimePoint notBefore{}; // the latest Retry-After moment, which no spreading moves
        bool running = false;
        bool paused = false;
        Clock::TimePoint::duration early{}; // the running cycle started this much before due (coalescing)
    };

    // A slot waits in m_queue exactly while it is neither running, paused nor
    // disabled, under the key (due, index): the next cycle to start is the
    // queue's first, ties in the endpoints' order. Every change to a slot's
    // due time or state goes through update(), which keeps that true; so a
    // start, an end or a wake-up costs O(log n), not a scan of every
    // endpoint (which cost 10 % of the CPU at 200 endpoints).
    using QueueKey = std::pair<Clock::TimePoint, std::size_t>;
    [[nodiscard]] static bool waits(const Slot &slot);
    template<typename Change> void update(std::size_t index, Change &&change);
    void rebuildIndex();
    [[nodiscard]] std::optional<std::size_t> indexOf(const QString &name) const;
    [[nodiscard]] const Slot *find(const QString &name) const;
    void cycleFinished(const CycleResult &result);
    void probeWanted(const QString &breakerName);
    void startCycle(std::size_t index);
    void rearm();
    void wokeUp(); // the wake-up timer fired
    // The i-th of these M waiting endpoints is due at i/M x min(2 s, its
    // interval) from now (or at its Retry-After moment, if later).
    void spread(const std::vector<std::size_t> &indices, Clock::TimePoint now);

    CycleRunner &m_runner;
    const Clock &m_clock;
    std::vector<Slot> m_slots; // in the endpoints' order
    QHash<QString, std::size_t> m_index; // name -> position in m_slots
    std::set<QueueKey> m_queue;
    std::unique_ptr<ClockTimer> m_wakeUp; // on m_clock: real or virtual time
    LateWake::Moment m_wakeUpDue; // when m_wakeUp should fire, by both clocks
    Clock::TimePoint m_spreadUntil{}; // after a late wake-up: probes wait their turn until then
    std::chrono::milliseconds m_coalescing{0};
    bool m_offline = false;
    std::vector<std::chrono::milliseconds> m_lags;
    QHash<QString, Clock::TimePoint> m_deferred; // for endpoints not yet added
};
