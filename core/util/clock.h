// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

// A single-shot timer on a clock's time: what the retry wait, the breaker's
// open period and the scheduler sleep on, so that the same code runs on real
// time and in virtual time (the policy lab, the herd lab, tests).
class ClockTimer
{
public:
    ClockTimer() = default;
    virtual ~ClockTimer() = default;
    Q_DISABLE_COPY_MOVE(ClockTimer)

    // Fires once, `in` from now (0: as soon as the clock next runs timers);
    // starting an active timer moves it.
    virtual void start(std::chrono::milliseconds in) = 0;
    virtual void stop() = 0;
    [[nodiscard]] virtual bool isActive() const = 0;
};

// The one source of time for everything time-based in core. Production code is
// handed a SystemClock; tests and virtual-time simulations a FakeClock, so that
// timing logic can be checked exactly and without sleeping.
class Clock
{
public:
    using Duration = std::chrono::milliseconds;
    using TimePoint = std::chrono::steady_clock::time_point;

    Clock() = default;
    virtual ~Clock() = default;
    Q_DISABLE_COPY_MOVE(Clock)

    // Monotonic time: for durations, timeouts and schedules. Never jumps.
    [[nodiscard]] virtual TimePoint now() const = 0;
    // Wall-clock time in UTC: for timestamps people read and HTTP dates.
    [[nodiscard]] virtual QDateTime utcNow() const = 0;
    // A timer on this clock calling `fire` when it is due, in the thread
    // that made it. It must not outlive the clock.
    [[nodiscard]] virtual std::unique_ptr<ClockTimer> timer(std::function<void()> fire) const = 0;
};

// Real time; its timers are QTimers (precise, single-shot).
class SystemClock final : public Clock
{
public:
    [[nodiscard]] TimePoint now() const override;
    [[nodiscard]] QDateTime utcNow() const override;
    [[nodiscard]] std::unique_ptr<ClockTimer> timer(std::function<void()> fire) const override;
};

// A clock that only moves when told to. Monotonic and wall-clock time advance
// together; the wall clock can also be set on its own to model a skewed or
// adjusted system clock. Its timers fire inside advance(), in the order they
// are due (equal times in the order they were started), each with the clock
// standing at its due time; after each, the thread's posted events (queued
// signals, deleteLater) are delivered, as an event loop would at that moment.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(const QDateTime &utcStart = defaultStart());
    ~FakeClock() override;
    Q_DISABLE_COPY_MOVE(FakeClock)

    [[nodiscard]] TimePoint now() const override;
    [[nodiscard]] QDateTime utcNow() const override;
    [[nodiscard]] std::unique_ptr<ClockTimer> timer(std::function<void()> fire) const override;

    // Moves time forward by `by`, firing every timer due on the way.
    void advance(Duration by);
    void setUtcNow(const QDateTime &utc);
    // Every timer fires this much after its time, as a busy program's do
    // (the policy lab keeps a recording's pace with it). 0 by default.
    void setTimerLateness(Duration lateness) { m_lateness = lateness; }
    // When the next active timer is due; empty when none is.
    [[nodiscard]] std::optional<TimePoint> nextTimerDue() const;

    // 2026-01-01T00:00:00Z: a fixed, readable origin for tests.
    [[nodiscard]] static QDateTime defaultStart();

private:
    class Timer;
    void moveTo(Duration elapsed);

    Duration m_elapsed{0};
    Duration m_lateness{0};
    QDateTime m_utc;
    // Active timers by (due, start order). Mutable: a const clock hands out
    // timers, as time itself does not change by it.
    mutable std::set<std::tuple<Duration, quint64, Timer *>> m_due;
    mutable quint64 m_started = 0;
};
