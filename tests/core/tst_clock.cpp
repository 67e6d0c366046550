// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/clock.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

class TestClock final : public QObject
{
    Q_OBJECT

private slots:
    void fakeClockStartsAtItsOrigin()
    {
        const FakeClock clock;
        QCOMPARE(clock.utcNow(), QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()));
        QCOMPARE(clock.now().time_since_epoch(), Clock::TimePoint::duration::zero());
    }

    void advanceMovesBothClocksTogether()
    {
        FakeClock clock;
        const auto start = clock.now();
        const QDateTime wallStart = clock.utcNow();
        clock.advance(1500ms);
        clock.advance(0ms);
        clock.advance(2h);
        QCOMPARE(clock.now() - start, Clock::Duration(1500 + 2 * 3600 * 1000));
        QCOMPARE(wallStart.msecsTo(clock.utcNow()), 1500 + 2 * 3600 * 1000);
    }

    void settingTheWallClockLeavesMonotonicTimeAlone()
    {
        FakeClock clock;
        clock.advance(10s);
        const auto before = clock.now();
        const QDateTime skewed(QDate(2025, 6, 1), QTime(12, 0), QTimeZone::utc());
        clock.setUtcNow(skewed);
        QCOMPARE(clock.now(), before);
        QCOMPARE(clock.utcNow(), skewed);
        clock.advance(1s);
        QCOMPARE(clock.utcNow(), skewed.addSecs(1));
    }

    void systemClockIsMonotonicAndNearTheRealTime()
    {
        const SystemClock clock;
        const auto first = clock.now();
        const auto second = clock.now();
        QVERIFY(second >= first);
        const qint64 skew = clock.utcNow().msecsTo(QDateTime::currentDateTimeUtc());
        QVERIFY2(std::abs(skew) < 5000, qPrintable(QString::number(skew)));
        QCOMPARE(clock.utcNow().timeSpec(), Qt::UTC);
    }
};

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
