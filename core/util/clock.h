// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

#include <chrono>

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
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] TimePoint now() const override;
    [[nodiscard]] QDateTime utcNow() const override;
};

// A clock that only moves when told to. Monotonic and wall-clock time advance
// together; the wall clock can also be set on its own to model a skewed or
// adjusted system clock.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(QDateTime utcStart = defaultStart());

    [[nodiscard]] TimePoint now() const override;
    [[nodiscard]] QDateTime utcNow() const override;

    void advance(Duration by);
    void setUtcNow(const QDateTime &utc);

    // 2026-01-01T00:00:00Z: a fixed, readable origin for tests.
    [[nodiscard]] static QDateTime defaultStart();

private:
    Duration m_elapsed{0};
    QDateTime m_utc;
};
