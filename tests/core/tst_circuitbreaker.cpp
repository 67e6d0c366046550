// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/circuitbreaker.h"
#include "tests/support/scriptedrandom.h"

#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using Admission = CircuitBreaker::Admission;

Q_DECLARE_METATYPE(BreakerTransition)

namespace {

constexpr auto F = ErrorCategory::ServerError;
constexpr auto S = ErrorCategory::Ok;

QString describe(const BreakerTransition &t)
{
    return QStringLiteral("%1 -> %2: %3").arg(breakerStateName(t.from), breakerStateName(t.to), t.reason);
}

QStringList transitions(const QSignalSpy &spy)
{
    QStringList list;
    for (const auto &arguments : spy)
        list.append(describe(arguments.at(0).value<BreakerTransition>()));
    return list;
}

} // namespace

class TestCircuitBreaker final : public QObject
{
    Q_OBJECT

private:
    ScriptedRandom m_noJitter{{0.0}}; // every open period exactly its d

    // Sends `count` attempts through the closed breaker with one outcome.
    static void attempts(CircuitBreaker &breaker, ErrorCategory category, int count = 1)
    {
        for (int i = 0; i < count; ++i) {
            QCOMPARE(breaker.admit(), Admission::Allowed);
            breaker.record(category, false);
        }
    }

private slots:
    void initTestCase() { qRegisterMetaType<BreakerTransition>(); }

    void stateNames()
    {
        QStringList names;
        for (const auto state : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen,
                                 BreakerState::ForcedOpen, BreakerState::Disabled}) {
            names.append(breakerStateName(state));
            QCOMPARE(breakerStateFromName(breakerStateName(state)), state);
        }
        QCOMPARE(names.join(u' '), QStringLiteral("closed open half_open forced_open disabled"));
    }

    // Open periods are drawn from [d, d·(1 + openJitter)]; the next one grows
    // from d, not from the draw; the transition says the period drawn.
    void openPeriodsAreJittered()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.failureThreshold = 1;
        policy.openDuration = 10s;
        policy.openBackoffMultiplier = 2.0;
        policy.openJitter = 0.5;
        ScriptedRandom random({0.5, 0.999, 0.0});
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, random);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        attempts(breaker, F);
        QCOMPARE(breaker.drawnOpenDuration(), 12500ms); // 10 s · (1 + 0.5 · 0.5)
        QCOMPARE(breaker.currentOpenDuration(), 10s);
        clock.advance(12499ms);
        breaker.updateState();
        QCOMPARE(breaker.state(), BreakerState::Open);
        clock.advance(1ms);
        breaker.updateState();
        QCOMPARE(breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(F, true);
        QCOMPARE(breaker.currentOpenDuration(), 20s); // from d = 10 s, not from 12.5 s
        QCOMPARE(breaker.drawnOpenDuration(), 29990ms); // 20 s · (1 + 0.5 · 0.999)
        clock.advance(29990ms);
        breaker.updateState();
        QCOMPARE(transitions(spy).at(1), QStringLiteral("open -> half_open: open period of 12500 ms elapsed"));
        QCOMPARE(transitions(spy).at(3), QStringLiteral("open -> half_open: open period of 29990 ms elapsed"));
        QCOMPARE(random.draws(), 2);

        // openJitter 0 draws nothing, so backoff's share of the source is untouched.
        policy.openJitter = 0;
        CircuitBreaker exact(QStringLiteral("exact"), policy, clock, random);
        attempts(exact, F);
        QCOMPARE(exact.drawnOpenDuration(), 10s);
        QCOMPARE(random.draws(), 2);
    }

    // Many breakers opened in the same instant probe over [d, d·(1 + j)], not together.
    void breakersOpenedTogetherProbeApart()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.failureThreshold = 1;
        policy.openDuration = 10s;
        SeededRandom random(7);
        std::vector<std::unique_ptr<CircuitBreaker>> breakers;
        QSet<qint64> probeTimes;
        for (int i = 0; i < 100; ++i) {
            breakers.push_back(std::make_unique<CircuitBreaker>(QString::number(i), policy, clock, random));
            attempts(*breakers.back(), F);
            const qint64 drawn = breakers.back()->drawnOpenDuration().count();
            QVERIFY2(drawn >= 10000 && drawn <= 11000, qPrintable(QString::number(drawn)));
            probeTimes.insert(drawn / 100); // 100 ms buckets
        }
        QVERIFY2(probeTimes.size() >= 9, qPrintable(QString::number(probeTimes.size()))); // of 10 buckets
    }

    void opensAfterConsecutiveFailures()
    {
        FakeClock clock;
        CircuitBreaker breaker(QStringLiteral("api"), BreakerPolicy{}, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        attempts(breaker, F, 4);
        attempts(breaker, S); // a success resets the run
        attempts(breaker, F, 2);
        attempts(breaker, ErrorCategory::ClientError); // neither failure nor success
        attempts(breaker, ErrorCategory::UnexpectedStatus); // likewise
        attempts(breaker, ErrorCategory::Cancelled); // counts for nothing
        QCOMPARE(breaker.consecutiveFailures(), 2);
        attempts(breaker, ErrorCategory::Timeout);
        attempts(breaker, ErrorCategory::RateLimited);
        QCOMPARE(breaker.state(), BreakerState::Closed);
        clock.advance(5s);
        QCOMPARE(breaker.admit(), Admission::Allowed);
        breaker.record(ErrorCategory::ConnectionRefused, false);
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(transitions(spy), QStringList{QStringLiteral("closed -> open: 5 consecutive failures")});
        const auto transition = spy.first().at(0).value<BreakerTransition>();
        QCOMPARE(transition.breaker, QStringLiteral("api"));
        QCOMPARE(transition.timeUtc, FakeClock::defaultStart().addSecs(5));
        QCOMPARE(breaker.openUntil(), Clock::TimePoint{} + 5s + 30s);
    }

    void rejectsWhileOpenThenProbesOnce()
    {
        FakeClock clock;
        CircuitBreaker breaker(QStringLiteral("api"), BreakerPolicy{}, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        QSignalSpy probeWanted(&breaker, &CircuitBreaker::probeWanted);
        attempts(breaker, F, 5);
        QCOMPARE(breaker.admit(), Admission::Rejected);
        clock.advance(29999ms);
        breaker.updateState();
        QCOMPARE(breaker.admit(), Admission::Rejected);
        QCOMPARE(probeWanted.size(), 0);
        clock.advance(1ms);
        breaker.updateState();
        QCOMPARE(breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(probeWanted.size(), 1);
        QCOMPARE(breaker.admit(), Admission::Probe);
        QCOMPARE(breaker.admit(), Admission::Rejected); // one probe only
        breaker.record(S, true);
        QCOMPARE(breaker.state(), BreakerState::Closed);
        QCOMPARE(transitions(spy),
                 (QStringList{QStringLiteral("closed -> open: 5 consecutive failures"),
                              QStringLiteral("open -> half_open: open period of 30000 ms elapsed"),
                              QStringLiteral("half_open -> closed: probe succeeded")}));
        // Closed again with a clean slate: it takes five new failures.
        attempts(breaker, F, 4);
        QCOMPARE(breaker.state(), BreakerState::Closed);
    }

    void failedProbesLengthenTheOpenPeriodUpToTheCap()
    {
        FakeClock clock;
        CircuitBreaker breaker(QStringLiteral("api"), BreakerPolicy{}, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        attempts(breaker, F, 5);
        QList<qint64> openPeriods{breaker.currentOpenDuration().count()};
        for (int i = 0; i < 5; ++i) {
            clock.advance(breaker.currentOpenDuration());
            QCOMPARE(breaker.admit(), Admission::Probe); // admit() notices the time itself
            breaker.record(ErrorCategory::Timeout, true);
            QCOMPARE(breaker.state(), BreakerState::Open);
            openPeriods.append(breaker.currentOpenDuration().count());
        }
        QCOMPARE(openPeriods, (QList<qint64>{30000, 60000, 120000, 240000, 300000, 300000}));
        QVERIFY(transitions(spy).contains(QStringLiteral("half_open -> open: probe failed")));
        // Success resets the open period to openMs.
        clock.advance(300s);
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(S, true);
        attempts(breaker, F, 5);
        QCOMPARE(breaker.currentOpenDuration(), 30s);
    }

    void probesThatSettleNothingKeepItHalfOpen()
    {
        FakeClock clock;
        CircuitBreaker breaker(QStringLiteral("api"), BreakerPolicy{}, clock, m_noJitter);
        attempts(breaker, F, 5);
        clock.advance(30s);
        for (const auto category :
             {ErrorCategory::ClientError, ErrorCategory::UnexpectedStatus, ErrorCategory::Cancelled}) {
            QCOMPARE(breaker.admit(), Admission::Probe);
            breaker.record(category, true);
            QCOMPARE(breaker.state(), BreakerState::HalfOpen);
        }
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(S, true);
        QCOMPARE(breaker.state(), BreakerState::Closed);
    }

    void everyProbeMustSucceed()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.halfOpenProbes = 3;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        attempts(breaker, F, 5);
        clock.advance(30s);
        QCOMPARE(breaker.admit(), Admission::Probe);
        QCOMPARE(breaker.admit(), Admission::Probe);
        QCOMPARE(breaker.admit(), Admission::Probe);
        QCOMPARE(breaker.admit(), Admission::Rejected);
        breaker.record(S, true);
        breaker.record(S, true);
        QCOMPARE(breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(breaker.admit(), Admission::Rejected); // two succeeded, one still in flight
        breaker.record(S, true);
        QCOMPARE(breaker.state(), BreakerState::Closed);

        attempts(breaker, F, 5);
        clock.advance(30s);
        QCOMPARE(breaker.admit(), Admission::Probe);
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(S, true);
        breaker.record(F, true);
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(breaker.currentOpenDuration(), 60s);
    }

    void opensOnFailureRate()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.failureThreshold = 100;
        policy.failureRatePercent = 50;
        policy.windowSize = 6;
        policy.minimumCalls = 4;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        attempts(breaker, F, 2); // 100 %, but below minimumCalls
        attempts(breaker, S, 4); // window F F S S S S: 33 %
        attempts(breaker, F); // window F S S S S F: 33 %
        attempts(breaker, F); // window S S S S F F: 33 %
        QCOMPARE(breaker.state(), BreakerState::Closed);
        attempts(breaker, F); // window S S S F F F: 50 %
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(transitions(spy), QStringList{QStringLiteral("closed -> open: failure rate 50% ≥ 50% over 6 calls")});
    }

    // docs/endpoints-file.md's slow calls: a success at or above
    // slowCallDurationMs; the breaker opens when they reach slowCallRatePercent
    // of the window's calls (failures are calls, not slow ones), once the
    // window holds minimumCalls.
    void opensOnSlowCallRate()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.slowCallDuration = 500ms;
        policy.slowCallRatePercent = 50;
        policy.windowSize = 4;
        policy.minimumCalls = 4;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        QVERIFY(!breaker.isSlowCall(S, 499ms));
        QVERIFY(breaker.isSlowCall(S, 500ms));
        QVERIFY(!breaker.isSlowCall(F, 9000ms)); // a failure is a failure, never slow
        QVERIFY(!breaker.isSlowCall(S, std::nullopt));
        const auto call = [&](ErrorCategory category, std::chrono::milliseconds latency) {
            QCOMPARE(breaker.admit(), Admission::Allowed);
            breaker.record(category, false, latency);
        };
        call(S, 800ms);
        call(S, 900ms); // 2 of 2 slow, below minimumCalls
        call(S, 10ms); // 2 of 3
        QCOMPARE(breaker.state(), BreakerState::Closed);
        QCOMPARE(breaker.progress().windowSlowCalls, 2);
        call(F, 10ms); // the window reaches its minimum with 2 of 4 slow
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(transitions(spy),
                 QStringList{QStringLiteral("closed -> open: slow-call rate 50% ≥ 50% over 4 calls")});
    }

    // Below the rate, slow calls slide out of the window like any call; with
    // slowCallDurationMs 0 nothing is slow, however long it took.
    void slowCallsSlideOutAndZeroIsOff()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.slowCallDuration = 500ms;
        policy.slowCallRatePercent = 75;
        policy.windowSize = 4;
        policy.minimumCalls = 4;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        for (const auto latency : {600ms, 600ms, 10ms, 10ms, 10ms, 600ms, 600ms}) {
            QCOMPARE(breaker.admit(), Admission::Allowed);
            breaker.record(S, false, latency);
        }
        QCOMPARE(breaker.progress().windowSlowCalls, 2); // window: fast fast slow slow
        QCOMPARE(breaker.state(), BreakerState::Closed);
        QCOMPARE(breaker.admit(), Admission::Allowed);
        breaker.record(S, false, 600ms); // fast slow slow slow: 75 %
        QCOMPARE(breaker.state(), BreakerState::Open);

        policy.slowCallDuration = 0ms;
        CircuitBreaker off(QStringLiteral("off"), policy, clock, m_noJitter);
        QVERIFY(!off.isSlowCall(S, 3600s));
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(off.admit(), Admission::Allowed);
            off.record(S, false, 3600s);
        }
        QCOMPARE(off.state(), BreakerState::Closed);
        QCOMPARE(off.progress().windowSlowCalls, 0);
    }

    // A slow probe fails the probe (Resilience4j judges half-open calls by
    // both rates), and the reason says it was slow.
    void aSlowProbeFails()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.failureThreshold = 1;
        policy.openDuration = 1s;
        policy.slowCallDuration = 500ms;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        attempts(breaker, F);
        clock.advance(1s);
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(S, true, 700ms);
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(breaker.currentOpenDuration(), 2s);
        clock.advance(2s);
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(S, true, 499ms);
        QCOMPARE(transitions(spy),
                 (QStringList{QStringLiteral("closed -> open: 1 consecutive failures"),
                              QStringLiteral("open -> half_open: open period of 1000 ms elapsed"),
                              QStringLiteral("half_open -> open: probe failed: slow call (700 ms ≥ 500 ms)"),
                              QStringLiteral("open -> half_open: open period of 2000 ms elapsed"),
                              QStringLiteral("half_open -> closed: probe succeeded")}));
    }

    void manualStates()
    {
        FakeClock clock;
        CircuitBreaker breaker(QStringLiteral("api"), BreakerPolicy{}, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        breaker.forceOpen();
        QCOMPARE(breaker.admit(), Admission::Rejected);
        clock.advance(1h);
        breaker.updateState();
        QCOMPARE(breaker.state(), BreakerState::ForcedOpen); // stays until reset
        breaker.disable();
        attempts(breaker, F, 50); // a disabled breaker lets all through, counts nothing
        QCOMPARE(breaker.state(), BreakerState::Disabled);
        breaker.reset();
        QCOMPARE(breaker.state(), BreakerState::Closed);
        attempts(breaker, F, 4);
        QCOMPARE(breaker.state(), BreakerState::Closed);
        QCOMPARE(transitions(spy),
                 (QStringList{QStringLiteral("closed -> forced_open: manual"),
                              QStringLiteral("forced_open -> disabled: manual"),
                              QStringLiteral("disabled -> closed: manual")}));
    }

    void notEnabledMeansDisabled()
    {
        FakeClock clock;
        BreakerPolicy policy;
        policy.enabled = false;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        QCOMPARE(breaker.state(), BreakerState::Disabled);
        attempts(breaker, F, 20);
        QCOMPARE(breaker.state(), BreakerState::Disabled);
    }

    // With the real clock the breaker half-opens on its own, when the open
    // period ends, and asks for the probe then.
    void halfOpensByItself()
    {
        SystemClock clock;
        BreakerPolicy policy;
        policy.failureThreshold = 1;
        policy.openDuration = 50ms;
        CircuitBreaker breaker(QStringLiteral("api"), policy, clock, m_noJitter);
        QSignalSpy probeWanted(&breaker, &CircuitBreaker::probeWanted);
        attempts(breaker, F);
        QCOMPARE(breaker.state(), BreakerState::Open);
        QVERIFY(probeWanted.wait(5000));
        QCOMPARE(breaker.state(), BreakerState::HalfOpen);
        QVERIFY(clock.now() >= breaker.openUntil());
    }

    void restoresStateAfterARestart()
    {
        FakeClock clock;
        CircuitBreaker breaker(QStringLiteral("api"), BreakerPolicy{}, clock, m_noJitter);
        QSignalSpy spy(&breaker, &CircuitBreaker::transitioned);
        breaker.restore(BreakerState::Open, 10s, 60s);
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(breaker.currentOpenDuration(), 60s);
        QCOMPARE(breaker.openUntil(), Clock::TimePoint{} + 10s);
        const auto transition = spy.first().at(0).value<BreakerTransition>();
        QCOMPARE(transition.reason, QStringLiteral("restored after restart"));
        QCOMPARE(transition.openUntilUtc, clock.utcNow().addSecs(10));
        QCOMPARE(breaker.admit(), Admission::Rejected);
        clock.advance(10s);
        QCOMPARE(breaker.admit(), Admission::Probe);
        breaker.record(F, true);
        QCOMPARE(breaker.currentOpenDuration(), 120s); // the restored period keeps growing

        CircuitBreaker forced(QStringLiteral("f"), BreakerPolicy{}, clock, m_noJitter);
        forced.restore(BreakerState::ForcedOpen, 0ms, 0ms);
        QCOMPARE(forced.state(), BreakerState::ForcedOpen);

        BreakerPolicy off;
        off.enabled = false;
        CircuitBreaker disabled(QStringLiteral("d"), off, clock, m_noJitter);
        disabled.restore(BreakerState::Open, 10s, 30s); // the file now says "not enabled"
        QCOMPARE(disabled.state(), BreakerState::Disabled);
    }

    void policyFromJson()
    {
        const auto read
            = [](const char *text) { return readBreakerPolicy(QJsonDocument::fromJson(QByteArray(text)).object()); };
        const auto ok = read(R"({"failureThreshold": 3, "openMs": 1000.0, "maxOpenMs": 8000, "key": "shared"})");
        QVERIFY2(ok.ok(), qPrintable(ok.problems.join(u'\n')));
        QCOMPARE(ok.policy.failureThreshold, 3);
        QCOMPARE(ok.policy.openDuration, 1000ms);
        QCOMPARE(ok.policy.key, QStringLiteral("shared"));
        QCOMPARE(readBreakerPolicy(toJson(ok.policy)).policy, ok.policy);
        QCOMPARE(read(R"({"windowSize": 5, "minimumCalls": 6})").problems,
                 QStringList{QStringLiteral("breaker.minimumCalls: must not exceed breaker.windowSize (6 > 5)")});
        QCOMPARE(read(R"({"failureRatePercent": 101})").problems,
                 QStringList{QStringLiteral("breaker.failureRatePercent: must be from 0 to 100 (got 101)")});
        QCOMPARE(read(R"({"openBackoffMultiplier": 0.5})").problems,
                 QStringList{QStringLiteral("breaker.openBackoffMultiplier: must be a number >= 1 (got 0.5)")});
        QCOMPARE(read(R"({"halfOpenProbe": 1})").problems,
                 QStringList{QStringLiteral("breaker.halfOpenProbe: unknown key")});
        QCOMPARE(read(R"({"slowCallDurationMs": 2000, "slowCallRatePercent": 60})").policy.slowCallDuration, 2000ms);
        QCOMPARE(read(R"({"slowCallRatePercent": 0})").problems,
                 QStringList{QStringLiteral("breaker.slowCallRatePercent: must be from 1 to 100 (got 0)")});
        QCOMPARE(read(R"({"openMs": 60000, "maxOpenMs": 1000})").problems,
                 QStringList{QStringLiteral("breaker.maxOpenMs: must not be less than breaker.openMs (1000 < 60000)")});
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
