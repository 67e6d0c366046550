// SPDX-License-Identifier: GPL-3.0-or-later
// The policy lab's service model on a hand-made trace: the answer in force
// at any moment, unknown stretches, rejected stretches, censored timeouts.
#include "core/lab/servicemodel.h"

#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <random>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

const QDateTime origin(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
const qint64 t0 = origin.toMSecsSinceEpoch();

AttemptRecord sent(qint64 at, ErrorCategory category, std::optional<int> status, milliseconds latency,
                   AttemptOutcome outcome = AttemptOutcome::Success)
{
    AttemptRecord r;
    r.timeUtc = origin.addMSecs(at);
    r.endpoint = QStringLiteral("api");
    r.category = category;
    r.httpStatus = status;
    r.latency = latency;
    r.outcome = outcome;
    r.attempt = 1;
    return r;
}

AttemptRecord rejected(qint64 at)
{
    AttemptRecord r;
    r.timeUtc = origin.addMSecs(at);
    r.endpoint = QStringLiteral("api");
    r.category = ErrorCategory::CircuitOpen;
    r.outcome = AttemptOutcome::Rejected;
    r.breakerState = BreakerState::Open;
    r.attempt = 1;
    return r;
}

// Interval 1 s. Known from 0 to 5.13 s (a failure, a timeout, then the
// breaker open), nothing for 14.9 s (the program was not running), known
// again from 20 s, through a Retry-After of 8 s, to 30.004 s.
QList<AttemptRecord> trace()
{
    AttemptRecord failure = sent(1020, ErrorCategory::ServerError, 503, 10ms, AttemptOutcome::Retry);
    failure.delay = 100ms;
    AttemptRecord limited = sent(21005, ErrorCategory::RateLimited, 429, 3ms, AttemptOutcome::Failed);
    limited.retryAfter = 8000ms;
    return {sent(0, ErrorCategory::Ok, 200, 20ms),
            failure,
            sent(1130, ErrorCategory::Timeout, std::nullopt, 2000ms, AttemptOutcome::Failed),
            rejected(4130),
            rejected(5130),
            sent(20000, ErrorCategory::Ok, 200, 5ms),
            limited,
            sent(30000, ErrorCategory::Ok, 200, 4ms)};
}

} // namespace

class TestServiceModel final : public QObject
{
    Q_OBJECT

private slots:
    void answerInForce()
    {
        const Lab::ServiceModel model(trace(), 1000ms);
        QCOMPARE(model.observations().size(), 6); // the rejected attempts said nothing
        const auto answerAt = [&model](qint64 ms) { return model.answerAt(t0 + ms); };
        QCOMPARE(answerAt(-5000)->timeMs, t0); // before the first: the first
        QCOMPARE(answerAt(0)->category, ErrorCategory::Ok);
        QCOMPARE(answerAt(1019)->category, ErrorCategory::Ok);
        QCOMPARE(answerAt(1020)->httpStatus, 503); // at it: that one
        QCOMPARE(answerAt(1129)->httpStatus, 503);
        QCOMPARE(answerAt(1130)->category, ErrorCategory::Timeout);
        // Through the open breaker the service keeps its latest answer.
        QCOMPARE(answerAt(4500)->category, ErrorCategory::Timeout);
        QVERIFY(model.failingAt(t0 + 4500));
        QCOMPARE(answerAt(21005)->retryAfter, 8000ms);
        QCOMPARE(answerAt(99999)->timeMs, t0 + 30000);
        QVERIFY(!model.failingAt(t0 + 99999));
    }

    // Asked in time order with a hint, as a replay asks, and out of order,
    // the answer is the one a search finds, at every millisecond.
    void answerWithAHintIsTheAnswer()
    {
        const Lab::ServiceModel model(trace(), 1000ms);
        qsizetype hint = 0;
        for (qint64 ms = -2000; ms < 32000; ms += 1) {
            QCOMPARE(model.answerAt(t0 + ms, hint), model.answerAt(t0 + ms));
            QCOMPARE(model.answerAt(t0 + ms, hint) - model.observations().data(), hint);
        }
        QCOMPARE(model.answerAt(t0 + 1020, hint)->httpStatus, 503); // back from the end
        QCOMPARE(model.answerAt(t0 + 99999, hint)->timeMs, t0 + 30000);
        QCOMPARE(model.answerAt(t0 - 99999, hint)->timeMs, t0);
        QVERIFY(model.failingAt(t0 + 4500, hint));
        QVERIFY(!model.failingAt(t0 + 20000, hint));
        hint = 0;
        const Lab::ServiceModel empty(QList<AttemptRecord>{}, 1000ms);
        QCOMPARE(empty.answerAt(t0, hint), nullptr);
    }

    void unknownStretchesAreLeftOut()
    {
        const Lab::ServiceModel model(trace(), 1000ms);
        QCOMPARE(model.known(), (QList<Lab::Span>{{t0, t0 + 5130}, {t0 + 20000, t0 + 30004}}));
        QVERIFY(model.isKnown(t0));
        QVERIFY(model.isKnown(t0 + 4500)); // the breaker was open: known
        QVERIFY(model.isKnown(t0 + 5129));
        QVERIFY(!model.isKnown(t0 + 5130));
        QVERIFY(!model.isKnown(t0 + 12000)); // 14.9 s of silence > 5 intervals
        QVERIFY(!model.isKnown(t0 - 1));
        QVERIFY(model.isKnown(t0 + 25000)); // 9 s of silence, but the server asked for 8
        QVERIFY(!model.isKnown(t0 + 30004));

        // With a longer interval the same silence is within 5 intervals.
        const Lab::ServiceModel slower(trace(), 3000ms);
        QCOMPARE(slower.known(), (QList<Lab::Span>{{t0, t0 + 30004}}));
    }

    void censoredTimeouts()
    {
        const Lab::ServiceModel model(trace(), 1000ms);
        const auto censored = std::count_if(model.observations().begin(), model.observations().end(),
                                            [](const Lab::Observation &o) { return o.censored(); });
        QCOMPARE(censored, 1);
        QCOMPARE(model.answerAt(t0 + 1130)->latency, 2000ms); // the timeout, not the service's time
    }

    // The order of the records does not matter (a CSV sorted by endpoint).
    void orderDoesNotMatter()
    {
        QList<AttemptRecord> shuffled = trace();
        std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
        const Lab::ServiceModel a(trace(), 1000ms);
        const Lab::ServiceModel b(shuffled, 1000ms);
        QCOMPARE(b.known(), a.known());
        QCOMPARE(b.observations().size(), a.observations().size());
        for (qsizetype i = 0; i < a.observations().size(); ++i)
            QCOMPARE(b.observations()[i].timeMs, a.observations()[i].timeMs);
    }

    // The program's own pace: how late each attempt came after a plain
    // wait. Here 3, 2, 2 and 5 ms after sent attempts (median 3 ms, the
    // upper middle of four); a wait the server asked for (Retry-After), a cycle started
    // early (a probe) and an unknown gap are no measure of it.
    void overheadIsTheMedianLateness()
    {
        AttemptRecord retried = sent(0, ErrorCategory::ServerError, 503, 10ms, AttemptOutcome::Retry);
        retried.cycle = 1;
        retried.attempt = 1;
        retried.delay = 100ms;
        AttemptRecord second = sent(113, ErrorCategory::Ok, 200, 10ms); // 3 ms late after its delay
        second.cycle = 1;
        second.attempt = 2;
        AttemptRecord third = sent(1125, ErrorCategory::Ok, 200, 8ms); // 2 ms late after the interval
        third.cycle = 2;
        third.attempt = 1;
        AttemptRecord limited = sent(2135, ErrorCategory::RateLimited, 429, 5ms, AttemptOutcome::Failed); // 2 ms
        limited.cycle = 3;
        limited.attempt = 1;
        limited.retryAfter = 5000ms;
        AttemptRecord deferred = sent(7140, ErrorCategory::Ok, 200, 10ms); // after a Retry-After: no measure
        deferred.cycle = 4;
        deferred.attempt = 1;
        AttemptRecord probe = sent(7400, ErrorCategory::Ok, 200, 10ms); // early: no measure
        probe.cycle = 5;
        probe.attempt = 1;
        AttemptRecord late = sent(8415, ErrorCategory::Ok, 200, 10ms); // 5 ms
        late.cycle = 6;
        late.attempt = 1;
        AttemptRecord restarted = sent(60000, ErrorCategory::Ok, 200, 10ms); // unknown gap: no measure
        restarted.cycle = 1;
        restarted.attempt = 1;
        const Lab::ServiceModel model({retried, second, third, limited, deferred, probe, late, restarted}, 1000ms);
        QCOMPARE(model.timerLateness(), 0ms); // nothing rejected
        QCOMPARE(model.attemptOverhead(), 3ms);
        QCOMPARE(Lab::ServiceModel({sent(0, ErrorCategory::Ok, 200, 10ms)}, 1000ms).attemptOverhead(), 0ms);
        // Rejected cycles only wait: 1 ms late each, the timers' lateness;
        // after the probe (sent), 4 ms: 3 ms of it the attempt's own.
        const Lab::ServiceModel open(
            {rejected(0), rejected(1001), rejected(2002), sent(3003, ErrorCategory::Ok, 200, 10ms), rejected(4017)},
            1000ms);
        QCOMPARE(open.timerLateness(), 1ms);
        QCOMPARE(open.attemptOverhead(), 3ms);
    }

    void nothingSent()
    {
        const Lab::ServiceModel model({rejected(0), rejected(1000)}, 1000ms);
        QVERIFY(model.isEmpty());
        QCOMPARE(model.answerAt(t0), nullptr);
        QCOMPARE(model.known(), (QList<Lab::Span>{{t0, t0 + 1000}}));
    }
};

QTEST_GUILESS_MAIN(TestServiceModel)
#include "tst_servicemodel.moc"
