// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep's shared replays: variants rest through healthy stretches and
// take the cycles they skipped from one shared run. What they report must be
// what whole replays of each variant report, on a trace of hours with every
// kind of trouble; and they must really rest.
#include "core/lab/replay.h"
#include "core/lab/sharedsweep.h"
#include "core/lab/sweep.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/clock.h"
#include "core/util/randomsource.h"

#include <QTest>
#include <QThreadPool>
#include <QTimeZone>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

const QDateTime origin(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());

// Hours of a service polled every second, each attempt starting 1 s after
// the last one ended and 2-12 ms late (as a busy program's timers fire; a
// replay is as late on average, not in lockstep with them): 10-22
// ms answers; a 2 minute outage of 503s each hour; a 429 asking for 5 s
// every 10 minutes; a timeout every 997 s; a burst of three slow answers
// (800 ms) every 7 minutes; and 20 minutes in which nothing was logged (the
// program stopped). Record k is the k-th second's.
QList<AttemptRecord> hours(int count)
{
    QList<AttemptRecord> records;
    qint64 at = 0;
    for (qint64 k = 0; k < count * 3600; ++k) {
        AttemptRecord r;
        r.timeUtc = origin.addMSecs(at);
        r.endpoint = QStringLiteral("api");
        r.cycle = k + 1;
        r.attempt = 1;
        r.latency = milliseconds(10 + (k * 7) % 13);
        r.category = ErrorCategory::Ok;
        r.httpStatus = 200;
        if (k % 3600 >= 1800 && k % 3600 < 1920) {
            r.category = ErrorCategory::ServerError;
            r.httpStatus = 503;
        } else if (k % 600 == 300) {
            r.category = ErrorCategory::RateLimited;
            r.httpStatus = 429;
            r.retryAfter = 5000ms;
        } else if (k % 997 == 0) {
            r.category = ErrorCategory::Timeout;
            r.httpStatus.reset();
            r.latency = 2000ms;
        } else if (k % 420 < 3) {
            r.latency = 800ms;
        }
        r.outcome = r.category == ErrorCategory::Ok ? AttemptOutcome::Success : AttemptOutcome::Failed;
        at += r.latency->count() + 1000 + 2 + (k * 37) % 11;
        if (k < 5000 || k >= 6200)
            records << r; // else unknown
    }
    return records;
}

Endpoint own()
{
    Endpoint e;
    e.name = QStringLiteral("api");
    e.url = QUrl(QStringLiteral("http://api.invalid/health"));
    e.interval = 1s;
    e.timeout = 2s;
    e.retry.initialDelay = 200ms;
    e.breaker.failureRatePercent = 50;
    return e;
}

const EndpointKey &key(const char *path)
{
    const EndpointKey *found = findEndpointKey(QString::fromLatin1(path));
    if (!found)
        qFatal("no key %s", path);
    return *found;
}

// The shared replays of `values` of `path` over `trace`, as a long trace's
// sweep makes them, however short the trace (Lab::sweep replays a short one's
// values whole).
QList<Lab::SweepPoint> sharedSweep(const Lab::Trace &trace, const Endpoint &base, const char *path,
                                   const QList<double> &values, std::uint64_t seed, QThreadPool *pool = nullptr)
{
    QList<Endpoint> variants;
    QList<Lab::SweepPoint> points;
    for (const double value : values) {
        Endpoint variant;
        if (!Lab::withKey(base, key(path), value, variant).isEmpty())
            qFatal("%s cannot be %f", path, value);
        variants << variant;
        points << Lab::SweepPoint{value, {}, {}};
    }
    const QList<Lab::Figures> figures = Lab::sharedReplays(variants, trace.model, seed, pool);
    for (qsizetype i = 0; i < points.size(); ++i)
        points[i].figures = figures.value(i);
    return points;
}

// |a - b| within `percent` of b, or within `absolute`.
bool near(qint64 a, qint64 b, double percent, qint64 absolute)
{
    const qint64 off = std::abs(a - b);
    return off <= absolute || double(off) <= percent / 100.0 * double(std::abs(b));
}

} // namespace

class TestLabSharedSweep final : public QObject
{
    Q_OBJECT

private slots:
    // Every answer in force inside a restable stretch is a plain success for
    // every variant; the slow answers count only for a variant that has a
    // slow-call limit they reach, the timeout only against the shortest.
    void restableStretchesHoldOnlyPlainSuccesses()
    {
        const QList<AttemptRecord> records = hours(1);
        const Lab::ServiceModel model(records, 1s);
        QCOMPARE(model.attemptOverhead(), 7ms); // the median lateness after a sent attempt
        Endpoint fast = own();
        const QList<Lab::Span> plain = Lab::restableStretches(model, {fast});
        QVERIFY(!plain.isEmpty());
        // The timeout at 0 s comes before the first stretch, the 429 at 300 s
        // ends it; the next starts with the answer after it; the 800 ms
        // answers at 420..422 s are plain here.
        const auto time = [&records](int k) { return records.at(k).timeUtc.toMSecsSinceEpoch(); };
        QCOMPARE(plain.first(), (Lab::Span{time(1), time(300)}));
        QCOMPARE(plain.at(1).fromMs, time(301));
        for (const Lab::Span &s : plain) {
            QVERIFY(s.length() > 0);
            for (qint64 t = s.fromMs; t < s.toMs; t += 250) {
                QVERIFY(model.isKnown(t));
                const Lab::Observation *seen = model.answerAt(t);
                QCOMPARE(seen->category, ErrorCategory::Ok);
                QVERIFY(!seen->retryAfter);
            }
        }
        Endpoint slowLimit = own();
        slowLimit.breaker.slowCallDuration = 500ms;
        const QList<Lab::Span> withSlow = Lab::restableStretches(model, {fast, slowLimit});
        QVERIFY(withSlow.size() > plain.size());
        for (const Lab::Span &s : withSlow)
            QVERIFY(model.answerAt(s.fromMs)->latency < 500ms);
        Endpoint shortTimeout = own();
        shortTimeout.timeout = 700ms;
        QCOMPARE(Lab::restableStretches(model, {shortTimeout}), withSlow);
    }

    // Against whole replays of each value, over six hours, for keys of the
    // retry, the breaker, the budget and the timeout.
    void sharedReplaysReportWhatWholeReplaysReport_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QList<double>>("values");
        QTest::newRow("retry.maxAttempts") << QStringLiteral("retry.maxAttempts") << QList<double>{1, 3, 6};
        QTest::newRow("breaker.failureThreshold")
            << QStringLiteral("breaker.failureThreshold") << QList<double>{2, 5, 20};
        QTest::newRow("breaker.openMs") << QStringLiteral("breaker.openMs") << QList<double>{1000, 30000};
        QTest::newRow("breaker.slowCallDurationMs")
            << QStringLiteral("breaker.slowCallDurationMs") << QList<double>{0, 500};
        QTest::newRow("budget.maxTokens") << QStringLiteral("budget.maxTokens") << QList<double>{2, 10};
        QTest::newRow("timeoutMs") << QStringLiteral("timeoutMs") << QList<double>{500, 3000};
    }

    void sharedReplaysReportWhatWholeReplaysReport()
    {
        QFETCH(QString, path);
        QFETCH(QList<double>, values);
        const auto trace = Lab::makeTrace(hours(6), own());
        QVERIFY(trace);
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        const QList<Lab::SweepPoint> points
            = sharedSweep(*trace, own(), path.toLatin1().constData(), values, 11, &pool);
        for (const Lab::SweepPoint &point : points) {
            QVERIFY2(point.error.isEmpty(), qPrintable(point.error));
            Endpoint variant;
            QVERIFY(Lab::withKey(own(), key(path.toLatin1().constData()), point.value, variant).isEmpty());
            const Lab::Figures whole = Lab::replay(variant, trace->model, 11).figures;
            const Lab::Figures &shared = point.figures;
            const QString both = QStringLiteral("%1 = %2: shared %3 cycles %4 ok %5 attempts %6 while failing %7 "
                                                "rejected %8 budget %9 open ms; whole %10 %11 %12 %13 %14 %15 %16")
                                     .arg(path)
                                     .arg(point.value)
                                     .arg(shared.cycles)
                                     .arg(shared.successfulCycles)
                                     .arg(shared.attempts)
                                     .arg(shared.attemptsWhileFailing)
                                     .arg(shared.rejectedCycles)
                                     .arg(shared.budgetExhaustedCycles)
                                     .arg(shared.openMs)
                                     .arg(whole.cycles)
                                     .arg(whole.successfulCycles)
                                     .arg(whole.attempts)
                                     .arg(whole.attemptsWhileFailing)
                                     .arg(whole.rejectedCycles)
                                     .arg(whole.budgetExhaustedCycles)
                                     .arg(whole.openMs);
            qInfo("%s", qPrintable(both));
            // Cycles within 0.2 %. What happens around a
            // failure depends on where in it a cycle lands, and a value's
            // timing after a rest is the shared cycles' moved, not its own to
            // the millisecond: a retry 200 ms after a timeout can land in
            // the same recorded answer or the next. So attempts and successes
            // within 1 %,
            // and the failing part (attempts then, rejections, the open
            // breaker) within 10 %: a value that learnt nothing in its rests
            // is off by far more (its breaker opens on old failures).
            QVERIFY2(near(shared.cycles, whole.cycles, 0.2, 3), qPrintable(both));
            QVERIFY2(near(shared.attempts, whole.attempts, 1, 3), qPrintable(both));
            QVERIFY2(near(shared.successfulCycles, whole.successfulCycles, 1, 3), qPrintable(both));
            QVERIFY2(near(shared.attemptsWhileFailing, whole.attemptsWhileFailing, 10, 10), qPrintable(both));
            QVERIFY2(near(shared.rejectedCycles, whole.rejectedCycles, 10, 10), qPrintable(both));
            QVERIFY2(near(shared.budgetExhaustedCycles, whole.budgetExhaustedCycles, 10, 10), qPrintable(both));
            QVERIFY2(near(shared.openMs, whole.openMs, 10, 10000), qPrintable(both));
            QCOMPARE(shared.knownMs, whole.knownMs);
            // Which cycles meet a recorded timeout (it is in force for a
            // second) depends on their phase, which drifts a little.
            QVERIFY2(near(shared.censored, whole.censored, 25, 5),
                     qPrintable(QStringLiteral("censored %1 against %2").arg(shared.censored).arg(whole.censored)));
        }
    }

    // Ten minutes of a service that fails a quarter of the attempts at
    // random, each failure retried 100, 200, 400 ms later and recorded: the
    // recorded answers change several times a second, and healthy stretches
    // last a few seconds. Swept against whole replays, cycles and attempts
    // agree within 1 %. (A value once took its rest's cycles from the shared
    // run before the failure that began the stretch, and lost a cycle in
    // fifty.)
    void aServiceThatFailsAtRandomSweepsAsWholeReplays()
    {
        QList<AttemptRecord> records;
        qint64 at = 0;
        quint32 state = 12345;
        for (qint64 k = 0; k < 600; ++k) {
            for (int attempt = 1; attempt <= 4; ++attempt) {
                state = state * 1103515245U + 12345U;
                const bool bad = (state >> 16) % 4 == 0;
                AttemptRecord r;
                r.timeUtc = origin.addMSecs(at);
                r.endpoint = QStringLiteral("api");
                r.cycle = k + 1;
                r.attempt = attempt;
                r.latency = milliseconds(3 + (k * 7) % 5);
                r.category = bad ? ErrorCategory::ServerError : ErrorCategory::Ok;
                r.httpStatus = bad ? 503 : 200;
                r.outcome = !bad  ? AttemptOutcome::Success
                    : attempt < 4 ? AttemptOutcome::Retry
                                  : AttemptOutcome::Failed;
                const auto delay = milliseconds(100 << (attempt - 1));
                if (bad && attempt < 4)
                    r.delay = delay;
                records << r;
                at += r.latency->count() + 3;
                if (!bad || attempt == 4)
                    break;
                at += delay.count();
            }
            at += 1000 + 2 + (k * 37) % 11;
        }
        Endpoint e = own();
        e.breaker.failureRatePercent = 0;
        e.breaker.failureThreshold = 8;
        e.retry.maxAttempts = 4;
        e.retry.initialDelay = 100ms;
        e.retry.jitter = JitterMode::None;
        const auto trace = Lab::makeTrace(records, e);
        const QList<double> values{1, 2, 4, 8};
        const QList<Lab::SweepPoint> points = sharedSweep(*trace, e, "retry.maxAttempts", values, 1);
        for (const Lab::SweepPoint &point : points) {
            Endpoint variant;
            QVERIFY(Lab::withKey(e, key("retry.maxAttempts"), point.value, variant).isEmpty());
            const Lab::Figures whole = Lab::replay(variant, trace->model, 1).figures;
            const QString both = QStringLiteral("%1 attempts: shared %2 cycles %3 attempts %4 ok; whole %5 %6 %7")
                                     .arg(point.value)
                                     .arg(point.figures.cycles)
                                     .arg(point.figures.attempts)
                                     .arg(point.figures.successfulCycles)
                                     .arg(whole.cycles)
                                     .arg(whole.attempts)
                                     .arg(whole.successfulCycles);
            QVERIFY2(near(point.figures.cycles, whole.cycles, 0.5, 1), qPrintable(both));
            QVERIFY2(near(point.figures.attempts, whole.attempts, 1, 1), qPrintable(both));
            QVERIFY2(near(point.figures.successfulCycles, whole.successfulCycles, 1, 1), qPrintable(both));
        }
        QVERIFY(points.last().figures.attempts > points.first().figures.attempts);
    }

    // A variant really rests: over six hours it makes a small part of the
    // cycles itself.
    void aVariantRestsThroughHealthyStretches()
    {
        const auto trace = Lab::makeTrace(hours(6), own());
        const QList<Lab::Span> restable = Lab::restableStretches(trace->model, {own()});
        const Lab::Run whole = Lab::run(own(), trace->model, 3, trace->model.known());
        qint64 told = 0;
        const Lab::Run resting
            = Lab::run(own(), trace->model, 3, trace->model.known(), restable, [&told](const Lab::Span &rest) {
                  told += (rest.toMs - rest.fromMs) / 1000;
                  return Lab::Resting{(rest.toMs - rest.fromMs) / 1000, rest.toMs};
              });
        QVERIFY(whole.rests.isEmpty());
        QVERIFY(resting.rests.size() > 30);
        QVERIFY2(resting.attempts.size() * 4 < whole.attempts.size(),
                 qPrintable(QStringLiteral("%1 of %2").arg(resting.attempts.size()).arg(whole.attempts.size())));
        QVERIFY(told > 15000);
        for (const Lab::AttemptFacts &a : resting.attempts) {
            for (const Lab::Span &rest : resting.rests)
                QVERIFY(a.startMs < rest.fromMs || a.startMs >= rest.toMs);
        }
    }

    // The shared run copies a cycle at rest that meets an answer one already
    // met, and is then exactly the live run: every attempt at the same
    // moment with the same outcome and latency, and the same next start at
    // the end of each span. Only a few hundred of some 16,000 cycles run.
    void theSharedRunCopiesWhatItAlreadyKnowsExactly()
    {
        const auto trace = Lab::makeTrace(hours(6), own());
        QList<Lab::Span> spans;
        for (const Lab::Span &stretch : Lab::restableStretches(trace->model, {own()})) {
            if (stretch.length() > 1000)
                spans.append({stretch.fromMs + 500, stretch.toMs - 1});
        }
        QVERIFY(spans.size() > 30);
        const Lab::Run live = Lab::run(own(), trace->model, 3, spans);
        const Lab::Run reused = Lab::healthyRun(own(), trace->model, 3, spans);
        QCOMPARE(reused.attempts.size(), live.attempts.size());
        for (qsizetype i = 0; i < live.attempts.size(); ++i) {
            const Lab::AttemptFacts &a = live.attempts[i];
            const Lab::AttemptFacts &b = reused.attempts[i];
            const QString where = QStringLiteral("attempt %1 at %2 / %3").arg(i).arg(a.startMs).arg(b.startMs);
            QVERIFY2(a.startMs == b.startMs && a.latency == b.latency && a.outcome == b.outcome
                         && a.attempt == b.attempt && a.category == b.category && a.httpStatus == b.httpStatus,
                     qPrintable(where));
        }
        QCOMPARE(reused.nextStartMs, live.nextStartMs);
        QCOMPARE(live.copiedCycles, 0);
        QVERIFY2(reused.copiedCycles * 10 > live.attempts.size() * 9,
                 qPrintable(QStringLiteral("%1 of %2 copied").arg(reused.copiedCycles).arg(live.attempts.size())));
    }

    // A run that copies the cycles an open breaker rejects is exactly the
    // live run: the same attempts at the same moments, probes and all, for
    // breakers that open for long and short, and most rejections copied.
    void copiedRejectionsAreExactlyTheLiveOnes()
    {
        const auto trace = Lab::makeTrace(hours(6), own());
        for (const int openMs : {2000, 30000, 120000}) {
            Endpoint e = own();
            e.breaker.openDuration = milliseconds(openMs);
            const Lab::Run live = Lab::run(e, trace->model, 3, trace->model.known());
            const Lab::Run copying = Lab::run(e, trace->model, 3, trace->model.known(), {}, {}, true);
            QCOMPARE(copying.attempts.size(), live.attempts.size());
            qint64 rejected = 0;
            for (qsizetype i = 0; i < live.attempts.size(); ++i) {
                const Lab::AttemptFacts &a = live.attempts[i];
                const Lab::AttemptFacts &b = copying.attempts[i];
                const QString where = QStringLiteral("open %1 ms, attempt %2 at %3 / %4")
                                          .arg(openMs)
                                          .arg(i)
                                          .arg(a.startMs)
                                          .arg(b.startMs);
                QVERIFY2(a.startMs == b.startMs && a.latency == b.latency && a.outcome == b.outcome
                             && a.attempt == b.attempt && a.category == b.category && a.breakerState == b.breakerState,
                         qPrintable(where));
                rejected += a.outcome == AttemptOutcome::Rejected ? 1 : 0;
            }
            QCOMPARE(live.copiedCycles, 0);
            if (openMs >= 30000) {
                QVERIFY2(copying.copiedCycles * 2 > rejected,
                         qPrintable(QStringLiteral("%1 of %2 copied").arg(copying.copiedCycles).arg(rejected)));
            }
        }
    }

    // At rest: nothing running, the breaker closed with no slow call in its
    // window, no quota waited for. The plain successes learnt refill the
    // budget and fill the breaker's window as cycles would, and stop
    // costing anything once they have filled both.
    void theClientIsAtRestOnlyWhenNothingShapesItsNextCycles()
    {
        FakeClock clock;
        SeededRandom random(1);
        ManagerPool pool;
        RetryingClient client(pool, clock, random);
        Endpoint e = own();
        QVERIFY(!client.isAtRest(e)); // no breaker yet
        CircuitBreaker &breaker = client.breaker(e);
        RetryBudget &budget = client.budget(e);
        QVERIFY(client.isAtRest(e));
        for (int i = 0; i < 4; ++i) {
            breaker.record(ErrorCategory::ServerError, false);
            budget.recordFailure();
        }
        QCOMPARE(breaker.state(), BreakerState::Closed);
        QVERIFY(client.isAtRest(e)); // failures in the window: a success never opens on them
        client.learnPlainSuccesses(e, 15);
        QCOMPARE(breaker.progress().consecutiveFailures, 0);
        QCOMPARE(breaker.progress().windowCalls, 19);
        QCOMPARE(budget.tokens(), 6 + 15 * 0.1);
        // A year of successes at once: the window all successes, the budget
        // full, without learning them one by one.
        client.learnPlainSuccesses(e, qint64(365) * 86400 * 1000);
        QCOMPARE(breaker.progress().windowCalls, e.breaker.windowSize);
        QCOMPARE(breaker.progress().windowFailures, 0);
        QCOMPARE(budget.tokens(), e.budget.maxTokens);
        breaker.record(ErrorCategory::Ok, false, 900ms);
        e.breaker.slowCallDuration = 500ms;
        Endpoint slowAware = e;
        RetryingClient other(pool, clock, random);
        CircuitBreaker &slowBreaker = other.breaker(slowAware);
        slowBreaker.record(ErrorCategory::Ok, false, 900ms);
        QVERIFY(!other.isAtRest(slowAware)); // a slow call in the window
        other.learnPlainSuccesses(slowAware, slowAware.breaker.windowSize);
        QVERIFY(other.isAtRest(slowAware));
        slowBreaker.forceOpen();
        QVERIFY(!other.isAtRest(slowAware));
    }
};

QTEST_GUILESS_MAIN(TestLabSharedSweep)
#include "tst_labsharedsweep.moc"
