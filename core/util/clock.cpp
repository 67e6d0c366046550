// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/clock.h"

#include <QCoreApplication>
#include <QTimeZone>
#include <QTimer>

namespace {

class QtClockTimer final : public ClockTimer
{
public:
    explicit QtClockTimer(std::function<void()> fire)
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, std::move(fire));
    }
    void start(std::chrono::milliseconds in) override { m_timer.start(std::max(in, std::chrono::milliseconds(0))); }
    void stop() override { m_timer.stop(); }
    [[nodiscard]] bool isActive() const override { return m_timer.isActive(); }

private:
    QTimer m_timer;
};

} // namespace

class FakeClock::Timer final : public ClockTimer
{
public:
    Timer(const FakeClock &clock, std::function<void()> fire)
        : m_clock(clock)
        , m_fire(std::move(fire))
    { }
    ~Timer() override { stop(); }
    void start(std::chrono::milliseconds in) override
    {
        stop();
        m_entry = {m_clock.m_elapsed + std::max(in, std::chrono::milliseconds(0)) + m_clock.m_lateness,
                   ++m_clock.m_started, this};
        m_clock.m_due.insert(m_entry);
        m_active = true;
    }
    void stop() override
    {
        if (m_active)
            m_clock.m_due.erase(m_entry);
        m_active = false;
    }
    [[nodiscard]] bool isActive() const override { return m_active; }
    void fire()
    {
        m_active = false; // already taken off the clock's list
        const std::function<void()> fire = m_fire; // the call may delete this timer
        fire();
    }

private:
    const FakeClock &m_clock;
    std::function<void()> m_fire;
    std::tuple<Duration, quint64, Timer *> m_entry;
    bool m_active = false;
};

Clock::TimePoint SystemClock::now() const
{
    return std::chrono::steady_clock::now();
}

QDateTime SystemClock::utcNow() const
{
    return QDateTime::currentDateTimeUtc();
}

std::unique_ptr<ClockTimer> SystemClock::timer(std::function<void()> fire) const
{
    return std::make_unique<QtClockTimer>(std::move(fire));
}

FakeClock::FakeClock(const QDateTime &utcStart)
    // In UTC by offset, not by QTimeZone::utc(): Qt 6.4 then adds to it ten
    // times faster, and a replay moves it at every timer (bench/README.md).
    : m_utc(utcStart.toUTC())
{
    Q_ASSERT(m_utc.isValid());
}

FakeClock::~FakeClock()
{
    Q_ASSERT_X(m_due.empty(), "FakeClock", "a timer outlives its clock");
}

std::unique_ptr<ClockTimer> FakeClock::timer(std::function<void()> fire) const
{
    return std::make_unique<Timer>(*this, std::move(fire));
}

std::optional<Clock::TimePoint> FakeClock::nextTimerDue() const
{
    if (m_due.empty())
        return std::nullopt;
    return TimePoint{} + std::get<0>(*m_due.begin());
}

void FakeClock::moveTo(Duration elapsed)
{
    m_utc = m_utc.addMSecs((elapsed - m_elapsed).count());
    m_elapsed = elapsed;
}

Clock::TimePoint FakeClock::now() const
{
    return TimePoint{} + m_elapsed;
}

QDateTime FakeClock::utcNow() const
{
    return m_utc;
}

void FakeClock::advance(Duration by)
{
    Q_ASSERT_X(by.count() >= 0, "FakeClock::advance", "monotonic time cannot go back");
    const Duration target = m_elapsed + by;
    while (!m_due.empty() && std::get<0>(*m_due.begin()) <= target) {
        const auto [due, order, timer] = *m_due.begin();
        m_due.erase(m_due.begin());
        moveTo(std::max(due, m_elapsed)); // a timer started inside a nested advance() may be behind
        timer->fire();
        if (QCoreApplication::instance()) {
            QCoreApplication::sendPostedEvents();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
    }
    moveTo(std::max(target, m_elapsed));
}

void FakeClock::setUtcNow(const QDateTime &utc)
{
    Q_ASSERT(utc.isValid());
    m_utc = utc.toUTC();
}

QDateTime FakeClock::defaultStart()
{
    return QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
}
