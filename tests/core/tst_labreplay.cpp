// SPDX-License-Identifier: GPL-3.0-or-later
// The policy lab's replay: the live code in virtual time over a recorded
// service, each figure checked against the count done by hand in the comments.
#include "core/faultserver/faultserver.h"
#include "core/lab/replay.h"
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"
#include "tests/support/laboutage.h"

#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

const QDateTime origin = LabOutage::origin();

// The k-th cycle of a recording at 1 s: one attempt at k s.
AttemptRecord cycle(int k, ErrorCategory category, std::optional<int> status, milliseconds latency)
{
    AttemptRecord r;
    r.timeUtc = origin.addMSecs(k * 1000);
    r.endpoint = QStringLiteral("api");
    r.cycle = k + 1;
    r.attempt = 1;
    r.outcome = category == ErrorCategory::Ok ? AttemptOutcome::Success : AttemptOutcome::Failed;
    r.category = category;
    r.httpStatus = status;
    r.latency = latency;
    return r;
}

// One 10 ms attempt a second for 30 s, answered 503 from 10 s to 20 s and
// 200 otherwise. Known: [0, 29.01 s).
Lab::ServiceModel outage()
{
    QList<AttemptRecord> records;
    for (int k = 0; k < 30; ++k) {
        const bool down = k >= 10 && k < 20;
        records << cycle(k, down ? ErrorCategory::ServerError : ErrorCategory::Ok, down ? 503 : 200, 10ms);
    }
    return {records, 1s};
}

Endpoint withBreaker(milliseconds open)
{
    Endpoint e = LabOutage::endpoint(1);
    e.breaker.enabled = true;
    e.breaker.failureThreshold = 2;
    e.breaker.failureRatePercent = 0;
    e.breaker.openDuration = open;
    e.breaker.maxOpenDuration = open;
    e.breaker.openJitter = 0;
    return e;
}

QList<qint64> starts(const Lab::Replay &replay)
{
    QList<qint64> at;
    for (const Lab::AttemptFacts &r : replay.attempts) {
        if (r.outcome != AttemptOutcome::Rejected)
            at << r.startMs - origin.toMSecsSinceEpoch();
    }
    return at;
}

} // namespace

class TestLabReplay final : public QObject
{
    Q_OBJECT

private slots:
    // One attempt a cycle: a cycle of 10 ms, the next 1 s after its end, so
    // cycles start at 1010 k ms for 1010 k < 29010: 29 cycles. Those at
    // 10.1 s to 19.19 s (k = 10..19) meet the 503s: 19 succeed.
    void oneAttemptACycle()
    {
        const Lab::ServiceModel model = outage();
        const Lab::Replay run = Lab::replay(LabOutage::endpoint(1), model, 1);
        QCOMPARE(starts(run).size(), 29);
        QCOMPARE(starts(run).at(28), 28280);
        QCOMPARE(run.figures.cycles, 29);
        QCOMPARE(run.figures.successfulCycles, 19);
        QCOMPARE(run.figures.attempts, 29);
        QCOMPARE(run.figures.attemptsWhileFailing, 10);
        QCOMPARE(run.figures.censored, 0);
    }

    // Three attempts: a failed cycle takes 10 + 100 + 10 + 100 + 10 = 230 ms.
    // Cycles at 1010 k up to 10.1 s, then 11.33, 12.56, 13.79, 15.02, 16.25,
    // 17.48 and 18.71 s (each failing three times: 24 attempts), then 19.94 s,
    // whose retry at 20.05 s meets the 200 (2 attempts, 120 ms), then 21.06 s
    // and every 1010 ms to 28.13 s: 27 cycles, 19 successes (70.4 %), 44
    // attempts, 25 of them while failing. Against one attempt a cycle: more
    // requests during the outage, and more success.
    void moreAttemptsSendMoreAndSucceedMore()
    {
        const Lab::ServiceModel model = outage();
        const Lab::Replay run = Lab::replay(LabOutage::endpoint(3), model, 1);
        const QList<qint64> at = starts(run);
        QVERIFY2(at.contains(19940) && at.contains(20050) && at.contains(28130),
                 qPrintable(QString::number(at.size())));
        QCOMPARE(run.figures.cycles, 27);
        QCOMPARE(run.figures.successfulCycles, 19);
        QCOMPARE(run.figures.attempts, 44);
        QCOMPARE(run.figures.attemptsWhileFailing, 25);
        const Lab::Replay fewer = Lab::replay(LabOutage::endpoint(1), model, 1);
        QVERIFY(fewer.figures.attemptsWhileFailing < run.figures.attemptsWhileFailing);
        QVERIFY(fewer.figures.successPercent() < run.figures.successPercent());
    }

    // A breaker opening on 2 failures in a row, one attempt a cycle. The
    // failures at 10.1 and 11.11 s open it at 11.12 s.
    // Open 3 s: rejected at 12.12 and 13.12 s; probes at 14.12 s (fails,
    // open again until 17.13 s), 17.13 s (fails, until 20.14 s) and 20.14 s
    // (succeeds); rejected at 15.13, 16.13, 18.14 and 19.14 s; then 8 cycles
    // to 28.22 s. 29 cycles, 6 rejected, 23 attempts, 19 successes.
    // Open 6 s: rejected 12.12 to 16.12 s (5), a failing probe at 17.12 s,
    // rejected 18.13 to 22.13 s (5), the probe at 23.13 s succeeds, then 5
    // cycles to 28.18 s: 29 cycles, 10 rejected, 19 attempts, 16 successes.
    void longerOpenPeriodSendsFewer()
    {
        const Lab::ServiceModel model = outage();
        const Lab::Replay shortOpen = Lab::replay(withBreaker(3s), model, 1);
        QCOMPARE(shortOpen.figures.cycles, 29);
        QCOMPARE(shortOpen.figures.rejectedCycles, 6);
        QCOMPARE(shortOpen.figures.attempts, 23);
        QCOMPARE(shortOpen.figures.successfulCycles, 19);
        QVERIFY(starts(shortOpen).contains(14120) && starts(shortOpen).contains(20140));
        const Lab::Replay longOpen = Lab::replay(withBreaker(6s), model, 1);
        QCOMPARE(longOpen.figures.cycles, 29);
        QCOMPARE(longOpen.figures.rejectedCycles, 10);
        QCOMPARE(longOpen.figures.attempts, 19);
        QCOMPARE(longOpen.figures.successfulCycles, 16);
        QVERIFY(starts(longOpen).contains(17120) && starts(longOpen).contains(23130));
    }

    // Jittered backoff draws from the seed: the same seed, the same replay,
    // record for record; another seed, other delays.
    void sameSeedSameReplay()
    {
        const Lab::ServiceModel model = outage();
        Endpoint e = LabOutage::endpoint(4);
        e.retry.jitter = JitterMode::Full;
        e.retry.multiplier = 2;
        const Lab::Replay a = Lab::replay(e, model, 42);
        const Lab::Replay b = Lab::replay(e, model, 42);
        const Lab::Replay c = Lab::replay(e, model, 43);
        QCOMPARE(a.attempts.size(), b.attempts.size());
        for (qsizetype i = 0; i < a.attempts.size(); ++i) {
            QCOMPARE(a.attempts[i].startMs, b.attempts[i].startMs);
            QCOMPARE(a.attempts[i].delay, b.attempts[i].delay);
        }
        QVERIFY(starts(a) != starts(c));
    }

    // The self-check on a recording of the live monitor against the fault
    // server: an outage that flaps every 2 s, retried and guarded by a
    // breaker. Replaying the same policy over it gives the recording's
    // cycles and attempts within 5 % and its success within 5 points.
    void replayReproducesALiveRecording()
    {
        const SystemClock clock;
        SeededRandom random(5);
        FaultServer server(clock);
        QVERIFY(server.listen(0));
        Endpoint e;
        e.name = QStringLiteral("flapping");
        e.url = server.url(QStringLiteral("/outage?up_s=2&down_s=2&first=up"));
        e.interval = 100ms;
        e.timeout = 1s;
        e.retry.maxAttempts = 3;
        e.retry.initialDelay = 50ms;
        e.breaker.failureThreshold = 4;
        // Short and not growing: the first answer after a recovery is a probe,
        // and a replayed probe a millisecond before the recorded one meets the
        // answer before it (the model's rule), which costs one open period.
        e.breaker.openDuration = 150ms;
        e.breaker.maxOpenDuration = 150ms;
        QList<AttemptRecord> recording;
        {
            Monitor monitor(clock, random);
            connect(&monitor, &Monitor::attemptRecorded, this,
                    [&recording](const AttemptRecord &r) { recording << r; });
            monitor.setEndpoints({e});
            QTest::qWait(12000);
            monitor.stop();
        }
        // The cycle the stop cancelled is not the service's answer.
        recording.removeIf([](const AttemptRecord &r) { return r.category == ErrorCategory::Cancelled; });
        const Lab::ServiceModel model(recording, e.interval);
        const Lab::Figures recorded = Lab::figures(recording, model, e.retry);
        const Lab::Replay replayed = Lab::replay(e, model, 5);
        const auto close = [](double a, double b) { return std::abs(a - b) <= 0.05 * std::max(a, b); };
        const QString both = QStringLiteral("recorded %1 cycles, %2 attempts, %3 % success; replayed %4, %5, %6 %")
                                 .arg(recorded.cycles)
                                 .arg(recorded.attempts)
                                 .arg(recorded.successPercent(), 0, 'f', 1)
                                 .arg(replayed.figures.cycles)
                                 .arg(replayed.figures.attempts)
                                 .arg(replayed.figures.successPercent(), 0, 'f', 1);
        qInfo().noquote() << both;
        QVERIFY2(recorded.cycles >= 60 && recorded.successfulCycles < recorded.cycles, qPrintable(both));
        QVERIFY2(close(double(recorded.cycles), double(replayed.figures.cycles)), qPrintable(both));
        QVERIFY2(close(double(recorded.attempts), double(replayed.figures.attempts)), qPrintable(both));
        QVERIFY2(std::abs(recorded.successPercent() - replayed.figures.successPercent()) <= 5, qPrintable(both));
    }

    // Nothing is sent, so nothing the sending needs may change the figures:
    // not a proxy or a CA file the replaying machine does not have, nor a
    // proxy variable of its environment that cannot be read. The figures are
    // those of oneAttemptACycle().
    void nothingTheSendingNeedsChangesTheReplay()
    {
        Endpoint e = LabOutage::endpoint(1);
        e.proxy = QStringLiteral("${env:RETRYSCOPE_LAB_UNSET_PROXY}");
        e.tls.caFile = QStringLiteral("/nonexistent/retryscope-lab-ca.pem");
        e.headers.append({QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:RETRYSCOPE_LAB_UNSET}")});
        qputenv("http_proxy", "http://[not a proxy");
        qputenv("HTTP_PROXY", "http://[not a proxy");
        const Lab::Replay run = Lab::replay(e, outage(), 1);
        qunsetenv("http_proxy");
        qunsetenv("HTTP_PROXY");
        QCOMPARE(run.figures.cycles, 29);
        QCOMPARE(run.figures.successfulCycles, 19);
        QCOMPARE(run.figures.attempts, 29);
    }

    // A recorded timeout is censored: the service is only known not to have
    // answered within the recorded 300 ms. A shorter timeout (200 ms) times
    // out at its own; a longer one (1 s) still at 300 ms.
    void censoredTimeoutsEndAtTheRecordedLatency()
    {
        QList<AttemptRecord> records;
        for (int k = 0; k < 5; ++k)
            records << cycle(k, ErrorCategory::Timeout, std::nullopt, 300ms);
        const Lab::ServiceModel model(records, 1s);
        for (const auto &[timeout, ends] : {std::pair{200ms, 200ms}, std::pair{1000ms, 300ms}}) {
            Endpoint e = LabOutage::endpoint(1);
            e.timeout = timeout;
            const Lab::Replay run = Lab::replay(e, model, 1);
            QVERIFY(!run.attempts.isEmpty());
            for (const Lab::AttemptFacts &r : run.attempts) {
                QCOMPARE(r.category, ErrorCategory::Timeout);
                QCOMPARE(r.latency, std::optional<milliseconds>(ends));
            }
            QCOMPARE(run.figures.censored, run.figures.attempts);
        }
    }
};

QTEST_GUILESS_MAIN(TestLabReplay)
#include "tst_labreplay.moc"
