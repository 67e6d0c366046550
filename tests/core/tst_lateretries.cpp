// SPDX-License-Identifier: GPL-3.0-or-later
// Retries whose backoff ended while the process did not run (a suspend: the
// wall clock jumps, the monotonic one stood still) are spread on waking, as
// the scheduler spreads the cycles that fell due, instead of all leaving in
// one instant. The live client on a FakeClock, answered by Lab::VirtualAttempt.
#include "core/lab/virtualattempt.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

Endpoint endpoint(const char *name)
{
    Endpoint e;
    e.name = QString::fromLatin1(name);
    e.url = QUrl(QStringLiteral("http://%1.invalid/").arg(e.name));
    e.retry.maxAttempts = 2;
    e.retry.initialDelay = 1000ms;
    e.retry.jitter = JitterMode::None;
    return e;
}

} // namespace

class TestLateRetries final : public QObject
{
    Q_OBJECT

private:
    // Four endpoints answer 503 and then 200, 10 ms each; their retries are
    // all due at 1010 ms. `sleep` jumps the wall clock just before.
    static QStringList sendTimes(std::chrono::seconds sleep, std::chrono::milliseconds interval = Endpoint().interval)
    {
        FakeClock clock;
        SeededRandom random(1);
        ManagerPool pool;
        RetryingClient client(pool, clock, random);
        QStringList sent;
        client.setAttemptFactory(Lab::VirtualAttempt::factory(clock, [&](const AttemptRequest &request) {
            const QString host = request.url.host().section(u'.', 0, 0);
            const bool first = !sent.join(u' ').contains(host + u'@');
            sent << host + u'@' + QString::number(clock.now().time_since_epoch() / 1ms);
            Lab::VirtualAnswer answer;
            answer.result.outcome.httpStatus = first ? 503 : 200;
            answer.after = 10ms;
            return answer;
        }));
        QSignalSpy finished(&client, &RetryingClient::cycleFinished);
        for (const char *name : {"d", "b", "a", "c"}) {
            Endpoint e = endpoint(name);
            e.interval = interval;
            client.startCycle(e);
        }
        clock.advance(1000ms);
        clock.setUtcNow(clock.utcNow().addSecs(sleep.count()));
        clock.advance(1h);
        if (finished.size() != 4)
            return {QStringLiteral("cycles finished: %1").arg(finished.size())};
        return sent.mid(4);
    }

private slots:
    void retriesDueOnTimeLeaveTogether()
    {
        QCOMPARE(sendTimes(0s),
                 (QStringList{QStringLiteral("d@1010"), QStringLiteral("b@1010"), QStringLiteral("a@1010"),
                              QStringLiteral("c@1010")}));
    }

    // Asleep for a minute: the four overdue retries leave i/4 of 2 s apart,
    // in name order.
    void retriesOverdueAfterASleepAreSpread()
    {
        QCOMPARE(sendTimes(60s),
                 (QStringList{QStringLiteral("a@1010"), QStringLiteral("b@1510"), QStringLiteral("c@2010"),
                              QStringLiteral("d@2510")}));
    }

    // Endpoints polled every second spread over that second, as their cycles
    // do, not over the full 2 s.
    void overdueRetriesSpreadOverAShorterInterval()
    {
        QCOMPARE(sendTimes(60s, 1000ms),
                 (QStringList{QStringLiteral("a@1010"), QStringLiteral("b@1260"), QStringLiteral("c@1510"),
                              QStringLiteral("d@1760")}));
    }

    // Late by no more than the threshold is a busy program, not a sleep.
    void aLateTimerWithinTheThresholdSpreadsNothing()
    {
        QCOMPARE(sendTimes(4s),
                 (QStringList{QStringLiteral("d@1010"), QStringLiteral("b@1010"), QStringLiteral("a@1010"),
                              QStringLiteral("c@1010")}));
    }
};

QTEST_GUILESS_MAIN(TestLateRetries)
#include "tst_lateretries.moc"
