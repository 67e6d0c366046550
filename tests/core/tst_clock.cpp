// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/clock.h"

#include <QPointer>
#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

qint64 sinceStart(const Clock &clock)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
}

} // namespace

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

    // Virtual time: timers fire inside advance(), in due order (ties in the
    // order started), each with the clock at its due time; a timer started
    // by another fires in the same advance() when due by then; stopped and
    // restarted timers fire once, at their last start.
    void fakeTimersFireInOrderAtTheirTime()
    {
        FakeClock clock;
        QStringList fired;
        const auto at = [&clock](const char *name) {
            return QStringLiteral("%1@%2").arg(QLatin1String(name)).arg(sinceStart(clock));
        };
        std::unique_ptr<ClockTimer> chained;
        const auto late = clock.timer([&] { fired << at("late"); });
        const auto first = clock.timer([&] {
            fired << at("first");
            chained->start(50ms);
        });
        const auto tie = clock.timer([&] { fired << at("tie"); });
        chained = clock.timer([&] { fired << at("chained"); });
        const auto moved = clock.timer([&] { fired << at("moved"); });
        const auto stopped = clock.timer([&] { fired << at("stopped"); });
        late->start(300ms);
        first->start(100ms);
        tie->start(100ms);
        moved->start(10ms);
        moved->start(120ms); // moves it
        stopped->start(20ms);
        stopped->stop();
        QVERIFY(!stopped->isActive());
        QCOMPARE(clock.nextTimerDue(), Clock::TimePoint{} + 100ms);
        clock.advance(99ms);
        QVERIFY(fired.isEmpty());
        clock.advance(101ms); // to 200 ms
        QCOMPARE(fired,
                 QStringList({QStringLiteral("first@100"), QStringLiteral("tie@100"), QStringLiteral("moved@120"),
                              QStringLiteral("chained@150")}));
        QCOMPARE(clock.now(), Clock::TimePoint{} + 200ms);
        QVERIFY(late->isActive());
        QVERIFY(!first->isActive());
        clock.advance(100ms);
        QCOMPARE(fired.last(), QStringLiteral("late@300"));
        QCOMPARE(clock.nextTimerDue(), std::nullopt);
    }

    // What a timer's callback posts (a queued signal, a deleteLater) is
    // delivered at the timer's moment, before the next timer fires.
    void fakeTimersDeliverPostedEvents()
    {
        FakeClock clock;
        QList<qint64> delivered;
        QObject receiver;
        auto *doomed = new QObject;
        QPointer<QObject> watch(doomed);
        const auto posting = clock.timer([&] {
            QMetaObject::invokeMethod(
                &receiver, [&] { delivered << sinceStart(clock); }, Qt::QueuedConnection);
            doomed->deleteLater();
        });
        const auto later = clock.timer([&] { delivered << -sinceStart(clock); });
        posting->start(10ms);
        later->start(10ms);
        clock.advance(1s);
        QCOMPARE(delivered, QList<qint64>({10, -10}));
        QVERIFY(watch.isNull());
    }

    // The real clock's timers are QTimers: they fire on the event loop.
    void systemTimersFireOnTheEventLoop()
    {
        const SystemClock clock;
        bool fired = false;
        const auto timer = clock.timer([&fired] { fired = true; });
        timer->start(20ms);
        QVERIFY(timer->isActive());
        QTRY_VERIFY_WITH_TIMEOUT(fired, 5000);
        QVERIFY(!timer->isActive());
    }
};

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
