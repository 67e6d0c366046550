// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/clock.h"

#include <QTimeZone>

Clock::TimePoint SystemClock::now() const
{
    return std::chrono::steady_clock::now();
}

QDateTime SystemClock::utcNow() const
{
    return QDateTime::currentDateTimeUtc();
}

FakeClock::FakeClock(QDateTime utcStart)
    : m_utc(std::move(utcStart))
{
    Q_ASSERT(m_utc.isValid());
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
    m_elapsed += by;
    m_utc = m_utc.addMSecs(by.count());
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
