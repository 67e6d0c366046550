// SPDX-License-Identifier: GPL-3.0-or-later
// The virtual-time seam: a retry cycle of the live code, on a FakeClock, with
// attempts answered by a modelled service (Lab::VirtualAttempt).
#include "core/lab/virtualattempt.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

Lab::VirtualAnswer status(int code, milliseconds after)
{
    Lab::VirtualAnswer answer;
    answer.result.outcome.httpStatus = code;
    answer.after = after;
    return answer;
}

qint64 at(const FakeClock &clock)
{
    return std::chrono::duration_cast<milliseconds>(clock.now().time_since_epoch()).count();
}

} // namespace

class TestVirtualAttempt final : public QObject
{
    Q_OBJECT

private slots:
    // The answer comes after its latency; one later than the timeout, or
    // one that never comes, ends as a timeout at the timeout; a cancel ends
    // it at once. Each finished exactly once.
    void answersTimesOutAndCancels()
    {
        FakeClock clock;
        AttemptRequest request;
        request.timeout = 500ms;
        QList<std::pair<qint64, AttemptResult>> ends;
        const auto run = [&](Lab::VirtualAnswer answer) {
            auto *attempt
                = new Lab::VirtualAttempt(clock, request, [answer](const AttemptRequest &) { return answer; });
            connect(attempt, &Attempt::finished, attempt, [&](const AttemptResult &result) {
                ends.append({at(clock), result});
            });
            attempt->start();
            return attempt;
        };
        std::unique_ptr<Attempt> quick(run(status(200, 40ms)));
        clock.advance(39ms);
        QVERIFY(ends.isEmpty() && quick->isRunning());
        clock.advance(1ms);
        QCOMPARE(ends.size(), 1);
        QCOMPARE(ends[0].first, 40);
        QCOMPARE(ends[0].second.outcome.httpStatus, 200);
        QCOMPARE(ends[0].second.latency, 40ms);
        QVERIFY(ends[0].second.handedOver);

        std::unique_ptr<Attempt> slow(run(status(200, 900ms)));
        Lab::VirtualAnswer never;
        never.result.outcome.httpStatus = 200; // never seen: the timeout decides
        std::unique_ptr<Attempt> censored(run(never));
        clock.advance(2s);
        QCOMPARE(ends.size(), 3);
        for (int i : {1, 2}) {
            QCOMPARE(ends[i].first, 40 + 500);
            QCOMPARE(ends[i].second.outcome.abort, AbortReason::Timeout);
            QCOMPARE(ends[i].second.outcome.httpStatus, std::nullopt);
            QCOMPARE(ErrorClassifier::classify(ends[i].second.outcome, {}).category, ErrorCategory::Timeout);
        }

        std::unique_ptr<Attempt> cancelled(run(status(200, 100ms)));
        clock.advance(30ms);
        cancelled->cancel(QString());
        QCOMPARE(ends.size(), 4);
        QCOMPARE(ends[3].second.outcome.abort, AbortReason::Cancelled);
        QCOMPARE(ends[3].second.latency, 30ms);
        clock.advance(1s);
        QCOMPARE(ends.size(), 4); // nothing fires after a cancel
    }

    // The live client in virtual time: two 503s then a 200, backoff 100 ms
    // doubling without jitter, 10 ms per answer. Attempts start at 0, 110 and
    // 320 ms, exactly, and the cycle ends at 330 ms.
    void liveCycleRunsInVirtualTime()
    {
        FakeClock clock;
        SeededRandom random(1);
        ManagerPool pool;
        RetryingClient client(pool, clock, random);
        QList<int> answers{503, 503, 200};
        QList<qint64> sent;
        client.setAttemptFactory(Lab::VirtualAttempt::factory(clock, [&](const AttemptRequest &) {
            sent << at(clock);
            return status(answers.takeFirst(), 10ms);
        }));
        QSignalSpy records(&client, &RetryingClient::attemptRecorded);
        QSignalSpy finished(&client, &RetryingClient::cycleFinished);
        Endpoint e;
        e.name = QStringLiteral("api");
        e.url = QUrl(QStringLiteral("http://lab.invalid/"));
        e.retry.maxAttempts = 5;
        e.retry.initialDelay = 100ms;
        e.retry.multiplier = 2;
        e.retry.jitter = JitterMode::None;
        QVERIFY(client.startCycle(e));
        clock.advance(1h);
        QCOMPARE(sent, QList<qint64>({0, 110, 320}));
        QCOMPARE(records.size(), 3);
        QCOMPARE(records[1][0].value<AttemptRecord>().delay, 200ms);
        QCOMPARE(records[2][0].value<AttemptRecord>().outcome, AttemptOutcome::Success);
        QCOMPARE(records[2][0].value<AttemptRecord>().latency, 10ms);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(at(clock), 3600 * 1000);
    }
};

QTEST_GUILESS_MAIN(TestVirtualAttempt)
#include "tst_virtualattempt.moc"
