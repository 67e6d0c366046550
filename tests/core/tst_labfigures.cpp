// SPDX-License-Identifier: GPL-3.0-or-later
// The policy lab's report figures on a small hand-made trace, each checked
// against the count done by hand in the comments.
#include "core/lab/figures.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

const QDateTime origin(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());

AttemptRecord record(qint64 at, qint64 cycle, int attempt, AttemptOutcome outcome, ErrorCategory category,
                     std::optional<milliseconds> latency, BreakerState state = BreakerState::Closed)
{
    AttemptRecord r;
    r.timeUtc = origin.addMSecs(at);
    r.endpoint = QStringLiteral("api");
    r.cycle = cycle;
    r.attempt = attempt;
    r.outcome = outcome;
    r.category = category;
    r.latency = latency;
    r.breakerState = state;
    if (outcome == AttemptOutcome::Rejected)
        r.reason = CycleEndReason::CircuitOpen;
    return r;
}

using O = AttemptOutcome;
using C = ErrorCategory;

// Interval 1 s. Ten cycles in two known stretches, [0, 10.61 s) and
// [30 s, 30.01 s); a lone rejection at 50 s is a stretch of no length.
QList<AttemptRecord> trace()
{
    QList<AttemptRecord> t;
    t << record(0, 1, 1, O::Success, C::Ok, 20ms); // c1: first try, 20 ms
    AttemptRecord failure = record(1020, 2, 1, O::Retry, C::ServerError, 10ms);
    failure.delay = 100ms;
    AttemptRecord timeout = record(1130, 2, 2, O::Failed, C::Timeout, 2000ms); // censored
    timeout.reason = CycleEndReason::CircuitOpen; // c2: 2110 ms, opens the breaker at 3.13 s
    t << failure << timeout;
    t << record(4130, 3, 1, O::Rejected, C::CircuitOpen, std::nullopt, BreakerState::Open); // c3
    t << record(5130, 4, 1, O::Rejected, C::CircuitOpen, std::nullopt, BreakerState::Open); // c4
    t << record(6130, 5, 1, O::Success, C::Ok, 10ms, BreakerState::HalfOpen); // c5: the probe; open 3 s
    AttemptRecord limited = record(7140, 6, 1, O::Retry, C::RateLimited, 3ms);
    limited.retryAfter = 1000ms; // not before 8.143 s
    limited.delay = 1000ms;
    t << limited << record(8143, 6, 2, O::Success, C::Ok, 7ms); // c6: 1010 ms, kept the wait
    AttemptRecord quota = record(9150, 7, 1, O::Success, C::Ok, 5ms);
    quota.rateLimitRemaining = 0;
    quota.rateLimitReset = 500ms; // not before 9.655 s
    t << quota;
    t << record(9600, 8, 1, O::Success, C::Ok, 5ms); // c8: 55 ms early, a violation
    AttemptRecord dry = record(10605, 9, 1, O::Failed, C::ServerError, 5ms);
    dry.reason = CycleEndReason::BudgetExhausted;
    t << dry; // c9
    t << record(30000, 1, 1, O::Success, C::Ok, 10ms); // c10, after a restart: numbers start again
    t << record(50000, 2, 1, O::Rejected, C::CircuitOpen, std::nullopt, BreakerState::Open); // not known
    return t;
}

} // namespace

class TestLabFigures final : public QObject
{
    Q_OBJECT

private slots:
    // Nearest ranks of 200 cycles lasting 1 to 200 ms, in shuffled order.
    void cyclePercentilesAreNearestRanks()
    {
        QList<AttemptRecord> t;
        for (int k = 0; k < 200; ++k)
            t << record(1000 * k, k + 1, 1, O::Success, C::Ok, milliseconds((k * 37) % 200 + 1));
        const Lab::ServiceModel model(t, 1000ms);
        const Lab::Figures f = Lab::figures(t, model, RetryPolicy{});
        QCOMPARE(f.cycles, 200);
        QCOMPARE(f.cycleP50, 100ms);
        QCOMPARE(f.cycleP95, 190ms);
        QCOMPARE(f.cycleP99, 198ms);
        QCOMPARE(f.cycleMax, 200ms);
    }

    void byHand()
    {
        const QList<AttemptRecord> t = trace();
        const Lab::ServiceModel model(t, 1000ms);
        QCOMPARE(model.known(),
                 (QList<Lab::Span>{{origin.toMSecsSinceEpoch(), origin.toMSecsSinceEpoch() + 10610},
                                   {origin.toMSecsSinceEpoch() + 30000, origin.toMSecsSinceEpoch() + 30010}}));
        const Lab::Figures f = Lab::figures(t, model, RetryPolicy{});
        QCOMPARE(f.cycles, 10); // c1-c9 and c10; not the rejection at 50 s
        QCOMPARE(f.successfulCycles, 6); // c1, c5, c6, c7, c8, c10
        QCOMPARE(f.successPercent(), 60.0);
        QCOMPARE(f.firstTrySuccesses, 5); // c6 needed two
        QCOMPARE(f.firstTryPercent(), 50.0);
        QCOMPARE(f.attempts, 10); // 12 records less 2 rejections (the third is not counted)
        QCOMPARE(f.amplification(), 1.0);
        QCOMPARE(f.attemptsWhileFailing, 4); // 503, timeout, 429, 503
        QCOMPARE(f.rejectedCycles, 2);
        QCOMPARE(f.budgetExhaustedCycles, 1);
        QCOMPARE(f.knownMs, 10620);
        QCOMPARE(f.openMs, 3000); // 3.13 s to the probe at 6.13 s
        QCOMPARE(QString::number(f.openPercent(), 'f', 1), QStringLiteral("28.2"));
        // Cycle times: 0 0 5 5 5 10 10 20 1010 2110.
        QCOMPARE(f.cycleP50, 5ms);
        QCOMPARE(f.cycleP95, 2110ms);
        QCOMPARE(f.cycleP99, 2110ms);
        QCOMPARE(f.cycleMax, 2110ms);
        QCOMPARE(f.violations, 1); // c8 came before the quota's reset
        QCOMPARE(f.censored, 1);
    }

    // With pacing off the quota asks for nothing; a Retry-After longer than
    // maxRetryAfterMs is kept only up to it, as the client keeps it.
    void violationsFollowThePolicy()
    {
        const QList<AttemptRecord> t = trace();
        const Lab::ServiceModel model(t, 1000ms);
        RetryPolicy unpaced;
        unpaced.respectRateLimit = false;
        QCOMPARE(Lab::figures(t, model, unpaced).violations, 0);

        QList<AttemptRecord> longer = t;
        longer[6].retryAfter = 120000ms; // the 429 asked for 2 min
        RetryPolicy capped;
        capped.respectRateLimit = false;
        capped.maxRetryAfter = 1000ms; // the client waits 1 s at most: c6's retry kept it
        QCOMPARE(Lab::figures(longer, model, capped).violations, 0);
        capped.maxRetryAfter = 60000ms; // waits up to 1 min: c6's retry at 1 s broke it, and c7 to c10 too
        QCOMPARE(Lab::figures(longer, model, capped).violations, 5);
    }

    void percentiles()
    {
        QList<milliseconds> values{40ms, 10ms, 30ms, 20ms};
        QCOMPARE(Lab::percentile(values, 50), 20ms); // rank 2 of 4
        QCOMPARE(Lab::percentile(values, 75), 30ms);
        QCOMPARE(Lab::percentile(values, 99), 40ms);
        QCOMPARE(Lab::percentile(values, 0), 10ms);
        QList<milliseconds> none;
        QCOMPARE(Lab::percentile(none, 50), 0ms);
    }
};

QTEST_GUILESS_MAIN(TestLabFigures)
#include "tst_labfigures.moc"
