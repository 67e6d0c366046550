// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/scheduler.h"
#include "core/net/cyclerunner.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

// A runner whose cycles last until the test ends them.
class ScriptedRunner final : public CycleRunner
{
public:
    explicit ScriptedRunner(const Clock &clock)
        : m_clock(clock)
    { }

    bool startCycle(const Endpoint &endpoint) override
    {
        if (running.contains(endpoint.name)) {
            overlaps.append(endpoint.name);
            return false;
        }
        running.append(endpoint.name);
        starts.append(QStringLiteral("%1@%2").arg(endpoint.name).arg(sinceStart()));
        return true;
    }

    void cancelCycle(const QString &name, const QString & /*why*/) override
    {
        if (!running.contains(name))
            return;
        cancels.append(name);
        finish(name, {}, CycleEndReason::Cancelled);
    }

    void finish(const QString &name, std::optional<Clock::TimePoint> notBefore = {},
                std::optional<CycleEndReason> reason = {})
    {
        QVERIFY(running.removeOne(name));
        CycleResult result;
        result.endpoint = name;
        result.reason = reason;
        result.notBefore = notBefore;
        emit cycleFinished(result);
    }

    void wantProbe(const QString &breaker) { emit probeWanted(breaker); }

    qint64 sinceStart() const
    {
        return std::chrono::duration_cast<milliseconds>(m_clock.now().time_since_epoch()).count();
    }

    QStringList starts;
    QStringList running;
    QStringList cancels;
    QStringList overlaps;

private:
    const Clock &m_clock;
};

Endpoint endpoint(const char *name, milliseconds interval = 5000ms)
{
    Endpoint e;
    e.name = QString::fromLatin1(name);
    e.url = QUrl(QStringLiteral("http://a.test/"));
    e.interval = interval;
    return e;
}

} // namespace

class TestScheduler final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeClock> m_clockOwner;
    FakeClock *m_clockPtr = nullptr;
    std::unique_ptr<ScriptedRunner> m_runner;
    std::unique_ptr<Scheduler> m_scheduler;

    void advance(milliseconds by)
    {
        // In steps of 10 ms, ticking as the wake-up timer would.
        for (milliseconds done{0}; done < by; done += 10ms) {
            m_clockPtr->advance(std::min(10ms, by - done));
            m_scheduler->tick();
        }
    }

private slots:
    void init()
    {
        m_clockOwner = std::make_unique<FakeClock>();
        m_clockPtr = m_clockOwner.get();
        m_runner = std::make_unique<ScriptedRunner>(*m_clockPtr);
        m_scheduler = std::make_unique<Scheduler>(*m_runner, *m_clockPtr);
    }

    void cleanup()
    {
        m_scheduler.reset();
        m_runner.reset();
        m_clockOwner.reset();
    }

    void firstCyclesAreSpreadOverTwoSeconds()
    {
        m_scheduler->setEndpoints({endpoint("a"), endpoint("b"), endpoint("c"), endpoint("d", 1000ms)});
        advance(2000ms);
        // i/N x min(2000, interval): 0, 500, 1000 and, for d (1 s interval), 750.
        QCOMPARE(m_runner->starts,
                 (QStringList{QStringLiteral("a@0"), QStringLiteral("b@500"), QStringLiteral("d@750"),
                              QStringLiteral("c@1000")}));
    }

    void nextCycleStartsIntervalAfterTheEndAndNeverOverlaps()
    {
        m_scheduler->setEndpoints({endpoint("a", 1000ms)});
        QCOMPARE(m_runner->starts, QStringList{QStringLiteral("a@0")});
        advance(3000ms); // a slow cycle: nothing starts while it runs
        QCOMPARE(m_runner->starts.size(), 1);
        m_runner->finish(QStringLiteral("a"));
        advance(999ms);
        QCOMPARE(m_runner->starts.size(), 1);
        advance(1ms);
        QCOMPARE(m_runner->starts.last(), QStringLiteral("a@4000"));
        QVERIFY(m_runner->overlaps.isEmpty());
        QCOMPARE(m_scheduler->lags().back(), 0ms);
    }

    // Cycles due within the window start in one wake-up, early; the next
    // cycle is due from the original time, so an endpoint started early does
    // not drift toward the others round after round.
    void coalescingStartsNearbyCyclesTogetherWithoutDrift()
    {
        m_scheduler->setCoalescing(5ms);
        QList<Endpoint> many;
        for (int i = 0; i < 200; ++i) // spread 5 ms apart over the 1 s interval
            many.append(endpoint(qPrintable(QStringLiteral("e%1").arg(i)), 1000ms));
        m_scheduler->setEndpoints(many);
        QCOMPARE(m_runner->starts, (QStringList{QStringLiteral("e0@0"), QStringLiteral("e1@0")}));
        QCOMPARE(m_scheduler->lags().back(), 0ms); // early is not late
        m_runner->finish(QStringLiteral("e1")); // at 0: e1 was due at 5, so next due 1005
        m_clockPtr->advance(999ms);
        m_scheduler->tick();
        QVERIFY(!m_runner->starts.contains(QStringLiteral("e1@999"))); // 1005 is 6 ms away
        m_clockPtr->advance(1ms);
        m_scheduler->tick();
        QVERIFY2(m_runner->starts.contains(QStringLiteral("e1@1000")), qPrintable(m_runner->starts.join(u' ')));
        // Without the window, each cycle starts at its due time.
        cleanup();
        init();
        m_scheduler->setEndpoints(many);
        QCOMPARE(m_runner->starts, QStringList{QStringLiteral("e0@0")});
    }

    void retryAfterDefersTheNextCycle()
    {
        m_scheduler->setEndpoints({endpoint("a", 1000ms)});
        m_runner->finish(QStringLiteral("a"), m_clockPtr->now() + 8000ms);
        QCOMPARE(m_scheduler->nextDue(QStringLiteral("a")), Clock::TimePoint{} + 8000ms);
        advance(7990ms);
        QCOMPARE(m_runner->starts.size(), 1);
        advance(10ms);
        QCOMPARE(m_runner->starts.last(), QStringLiteral("a@8000"));
        // A Retry-After shorter than the interval changes nothing.
        m_runner->finish(QStringLiteral("a"), m_clockPtr->now() + 10ms);
        QCOMPARE(m_scheduler->nextDue(QStringLiteral("a")), Clock::TimePoint{} + 9000ms);
        // A restored "not before" moment defers as well.
        m_scheduler->deferUntil(QStringLiteral("a"), Clock::TimePoint{} + 20000ms);
        QCOMPARE(m_scheduler->nextDue(QStringLiteral("a")), Clock::TimePoint{} + 20000ms);
    }

    void pauseCancelsAndResumeCatchesUp()
    {
        m_scheduler->setEndpoints({endpoint("a", 1000ms), endpoint("b", 1000ms)});
        QCOMPARE(m_runner->running, QStringList{QStringLiteral("a")});
        m_scheduler->pause(QStringLiteral("a"));
        QCOMPARE(m_runner->cancels, QStringList{QStringLiteral("a")});
        QVERIFY(m_scheduler->isPaused(QStringLiteral("a")));
        advance(5000ms);
        QVERIFY(!m_runner->starts.contains(QStringLiteral("a@1000")));
        QVERIFY(m_runner->starts.contains(QStringLiteral("b@500"))); // 1 of 2 x min(2 s, 1 s)
        m_scheduler->resume(QStringLiteral("a"));
        QCOMPARE(m_runner->starts.last(), QStringLiteral("a@5000")); // overdue: at once
        m_scheduler->pauseAll();
        QVERIFY(m_runner->running.isEmpty());
        const qsizetype before = m_runner->starts.size();
        advance(5000ms);
        QCOMPARE(m_runner->starts.size(), before);
        m_scheduler->resumeAll();
        QCOMPARE(m_runner->starts.size(), before + 2);
    }

    // Offline: running cycles are cancelled, nothing starts, a breaker's
    // call for a probe waits. Back online, every endpoint starts again
    // spread as at start (i/N x min(2 s, interval)), a Retry-After moment
    // still holding its endpoint back.
    void offlineStopsEverythingAndOnlineSpreadsTheStart()
    {
        m_scheduler->setEndpoints(
            {endpoint("a", 1000ms), endpoint("b", 1000ms), endpoint("c", 8000ms), endpoint("d", 1000ms)});
        advance(1000ms); // a@0 b@250 c@500 d@750, all still running
        m_runner->finish(QStringLiteral("d"), m_clockPtr->now() + 30000ms); // d: not before 31 s
        QCOMPARE(m_runner->running, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        m_scheduler->setOnline(false);
        QVERIFY(!m_scheduler->isOnline());
        QCOMPARE(m_runner->cancels, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        const qsizetype before = m_runner->starts.size();
        m_runner->wantProbe(QStringLiteral("a"));
        advance(20000ms);
        QCOMPARE(m_runner->starts.size(), before);
        m_scheduler->setOnline(true); // at 21 s
        advance(2000ms);
        // The four are spread i/4 x min(2 s, interval): a at 0, b at 250 ms,
        // c (8 s interval) at 1000 ms; d waits for its Retry-After moment.
        QCOMPARE(m_runner->starts.mid(before),
                 (QStringList{QStringLiteral("a@21000"), QStringLiteral("b@21250"), QStringLiteral("c@22000")}));
        advance(9000ms);
        QVERIFY2(m_runner->starts.contains(QStringLiteral("d@31000")), qPrintable(m_runner->starts.join(u' ')));
        QVERIFY(m_runner->overlaps.isEmpty());
    }

    // A suspended laptop: the monotonic clock stood still, the wall clock
    // jumped. The wake-up is late by the wall clock, and the four endpoints
    // that fell due meanwhile start spread as at start, not in one instant.
    void aLateWakeUpSpreadsWhatFellDue()
    {
        m_scheduler->setEndpoints(
            {endpoint("a", 1000ms), endpoint("b", 1000ms), endpoint("c", 1000ms), endpoint("d", 1000ms)});
        m_clockPtr->advance(1000ms); // a@0 b@250 c@500 d@750
        for (const char *name : {"a", "b", "c", "d"})
            m_runner->finish(QString::fromLatin1(name)); // all due at 2000
        QSignalSpy late(m_scheduler.get(), &Scheduler::wokeLate);
        const qsizetype before = m_runner->starts.size();
        m_clockPtr->setUtcNow(m_clockPtr->utcNow().addSecs(60)); // asleep for a minute
        m_clockPtr->advance(1000ms); // the wake-up, on time by the monotonic clock
        QCOMPARE(late.size(), 1);
        QVERIFY(late.first().at(0).value<milliseconds>() >= 60000ms);
        QCOMPARE(late.first().at(1).toInt(), 4);
        QCOMPARE(m_runner->starts.mid(before), QStringList{QStringLiteral("a@2000")});
        m_clockPtr->advance(1000ms);
        QCOMPARE(m_runner->starts.mid(before),
                 (QStringList{QStringLiteral("a@2000"), QStringLiteral("b@2250"), QStringLiteral("c@2500"),
                              QStringLiteral("d@2750")}));
        // A wake-up on time spreads nothing.
        for (const char *name : {"a", "b", "c", "d"})
            m_runner->finish(QString::fromLatin1(name));
        m_clockPtr->advance(2000ms);
        QCOMPARE(late.size(), 1);
    }

    void changesApplyWithoutDisturbingTheRest()
    {
        m_scheduler->setEndpoints({endpoint("a", 1000ms), endpoint("b", 4000ms), endpoint("c", 1000ms)});
        advance(1500ms);
        m_runner->finish(QStringLiteral("b"));
        const auto bDue = m_scheduler->nextDue(QStringLiteral("b"));
        QVERIFY(m_runner->running.contains(QStringLiteral("a")));

        Endpoint changed = endpoint("a", 1000ms);
        changed.url = QUrl(QStringLiteral("http://changed.test/"));
        m_scheduler->setEndpoints({changed, endpoint("b", 4000ms), endpoint("d", 1000ms)});
        // a was mid-cycle: cancelled and restarted with the new settings; c
        // removed (cancelled); b untouched; d new.
        QCOMPARE(m_runner->cancels, (QStringList{QStringLiteral("c"), QStringLiteral("a")}));
        QCOMPARE(m_runner->starts.mid(3), (QStringList{QStringLiteral("a@1500"), QStringLiteral("d@1500")}));
        QCOMPARE(m_scheduler->nextDue(QStringLiteral("b")), bDue);
        QCOMPARE(m_scheduler->endpointNames(),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("d")}));
        advance(10000ms);
        QVERIFY(!m_runner->starts.join(u' ').contains(QLatin1String("c@2")));
    }

    void disabledEndpointsNeverStart()
    {
        Endpoint off = endpoint("off", 1000ms);
        off.enabled = false;
        m_scheduler->setEndpoints({off});
        advance(5000ms);
        QVERIFY(m_runner->starts.isEmpty());
    }

    void probeIsSentWhenTheBreakerAsks()
    {
        Endpoint a = endpoint("a", 60000ms);
        a.breaker.key = QStringLiteral("shared");
        Endpoint b = a;
        b.name = QStringLiteral("b");
        m_scheduler->setEndpoints({a, b});
        advance(2000ms);
        m_runner->finish(QStringLiteral("a"));
        m_runner->finish(QStringLiteral("b"));
        advance(1000ms);
        const qsizetype before = m_runner->starts.size();
        m_runner->wantProbe(QStringLiteral("shared"));
        QCOMPARE(m_runner->starts.size(), before + 1); // one cycle, not one per endpoint
        QCOMPARE(m_runner->starts.last(), QStringLiteral("a@3000"));
        m_runner->wantProbe(QStringLiteral("unknown"));
        QCOMPARE(m_runner->starts.size(), before + 1);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
