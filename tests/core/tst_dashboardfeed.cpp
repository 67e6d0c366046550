// SPDX-License-Identifier: GPL-3.0-or-later
// The live dashboard's data without a window: what the monitor reports is
// gathered, handed over in bulk, counted and expired on the injected clock.
#include "core/dashboard/dashboardfeed.h"
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestDashboardFeed final : public QObject
{
    Q_OBJECT

private:
    static AttemptRecord attempt(const FakeClock &clock, const QString &endpoint, bool sent = true,
                                 const QString &breaker = {})
    {
        AttemptRecord r;
        r.timeUtc = clock.utcNow();
        r.endpoint = endpoint;
        r.breaker = breaker.isEmpty() ? endpoint : breaker;
        r.method = "GET";
        r.cycle = 1;
        r.attempt = 1;
        if (sent) {
            r.latency = 12ms;
            r.httpStatus = 200;
        } else {
            r.outcome = AttemptOutcome::Rejected;
            r.category = ErrorCategory::CircuitOpen;
        }
        return r;
    }

    static BreakerTransition transition(const FakeClock &clock, const QString &breaker, BreakerState to)
    {
        return {clock.utcNow(), breaker, BreakerState::Closed, to, QStringLiteral("5 consecutive failures"), {}};
    }

private slots:
    void handsOverWhatArrivedInOrderAndOnlyOnce()
    {
        FakeClock clock;
        SeededRandom random(1);
        Monitor monitor(clock, random);
        DashboardFeed feed(monitor, clock);

        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a")));
        clock.advance(1s);
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("b")));
        emit monitor.transitioned(transition(clock, QStringLiteral("b"), BreakerState::Open));

        const QList<AttemptRecord> taken = feed.takeAttempts();
        QCOMPARE(taken.size(), 2);
        QCOMPARE(taken[0].endpoint, QStringLiteral("a"));
        QCOMPARE(taken[1].endpoint, QStringLiteral("b"));
        QVERIFY(feed.takeAttempts().isEmpty()); // taken once
        const QList<BreakerTransition> transitions = feed.takeTransitions();
        QCOMPARE(transitions.size(), 1);
        QCOMPARE(transitions[0].to, BreakerState::Open);
        QVERIFY(feed.takeTransitions().isEmpty());

        // The stats and the window saw both, whatever was taken.
        QCOMPARE(feed.stats().snapshot(QStringLiteral("a"), clock.utcNow()).attempts, 1);
        QCOMPARE(feed.stats().snapshot(QStringLiteral("b"), clock.utcNow()).attempts, 1);
    }

    void countsOnlySentAttemptsOfTheLastMinute()
    {
        FakeClock clock;
        SeededRandom random(1);
        Monitor monitor(clock, random);
        DashboardFeed feed(monitor, clock);

        for (int i = 0; i < 3; ++i)
            emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a")));
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a"), false)); // rejected: never left
        QCOMPARE(feed.attemptsLastMinute(), 3);
        clock.advance(30s);
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a")));
        QCOMPARE(feed.attemptsLastMinute(), 4);
        clock.advance(30s);
        QCOMPARE(feed.attemptsLastMinute(), 4); // exactly a minute: still in
        clock.advance(1ms);
        QCOMPARE(feed.attemptsLastMinute(), 1); // the first three are older than a minute
        clock.advance(30s);
        QCOMPARE(feed.attemptsLastMinute(), 0);
    }

    void remembersEachBreakersFirstAttempt()
    {
        FakeClock clock;
        SeededRandom random(1);
        Monitor monitor(clock, random);
        DashboardFeed feed(monitor, clock);
        QCOMPARE(feed.startedMs(), clock.utcNow().toMSecsSinceEpoch());

        clock.advance(2s);
        const qint64 first = clock.utcNow().toMSecsSinceEpoch();
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a"), true, QStringLiteral("shared")));
        clock.advance(3s);
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("b"), true, QStringLiteral("shared")));
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("c")));
        QCOMPARE(feed.firstSeen().size(), 2);
        QCOMPARE(feed.firstSeen().value(QStringLiteral("shared")), first); // the first one, not the latest
        QCOMPARE(feed.firstSeen().value(QStringLiteral("c")), first + 3000);
    }

    void liveChartsCoverTheLiveSpanOfTheChosenEndpointsAndBreakers()
    {
        FakeClock clock;
        SeededRandom random(1);
        Monitor monitor(clock, random);
        DashboardFeed feed(monitor, clock);

        emit monitor.transitioned(transition(clock, QStringLiteral("a"), BreakerState::Open)); // will age out
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a")));
        clock.advance(DashboardFeed::liveSpan + 1s);
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("a")));
        emit monitor.attemptRecorded(attempt(clock, QStringLiteral("b")));
        emit monitor.transitioned(transition(clock, QStringLiteral("a"), BreakerState::HalfOpen));
        emit monitor.transitioned(transition(clock, QStringLiteral("b"), BreakerState::Open));

        const auto everyone = [](const QString &) { return true; };
        const ChartData all = feed.liveCharts({}, everyone, 100);
        QCOMPARE(all.toMs, clock.utcNow().toMSecsSinceEpoch());
        QCOMPARE(all.fromMs, all.toMs - std::chrono::milliseconds(DashboardFeed::liveSpan).count());
        QCOMPARE(all.latencies.size(), 2); // the first attempt is older than the span
        QCOMPARE(all.transitions.size(), 2); // so is the first transition
        QCOMPARE(all.transitions[0].to, BreakerState::HalfOpen);

        const ChartData onlyA = feed.liveCharts(
            {QStringLiteral("a")}, [](const QString &breaker) { return breaker == u"a"; }, 100);
        QCOMPARE(onlyA.latencies.size(), 1);
        QCOMPARE(onlyA.transitions.size(), 1);
        QCOMPARE(onlyA.transitions[0].breaker, QStringLiteral("a"));
    }

    void tellsTheViewsToCatchUpFiveTimesASecond()
    {
        FakeClock clock;
        SeededRandom random(1);
        Monitor monitor(clock, random);
        DashboardFeed feed(monitor, clock);
        QSignalSpy ticks(&feed, &DashboardFeed::tick);
        QVERIFY(ticks.wait(2000));
        QVERIFY(ticks.wait(2000)); // and again
    }
};

QTEST_GUILESS_MAIN(TestDashboardFeed)
#include "tst_dashboardfeed.moc"
