// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/cycletimeline.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;
using Phase = CycleTimeline::Phase;

namespace {

const QDateTime t0(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc());

AttemptRecord attempt(int number, qint64 startMs, qint64 latencyMs)
{
    AttemptRecord r;
    r.endpoint = QStringLiteral("api");
    r.cycle = 7;
    r.attempt = number;
    r.timeUtc = t0.addMSecs(startMs);
    r.latency = std::chrono::milliseconds(latencyMs);
    return r;
}

QList<Phase> phases(const CycleTimeline::Row &row)
{
    QList<Phase> list;
    for (const auto &segment : row.segments)
        list.append(segment.phase);
    return list;
}

} // namespace

class TestCycleTimeline final : public QObject
{
    Q_OBJECT

private slots:
    void attemptWaitAttempt()
    {
        AttemptRecord first = attempt(1, 0, 40);
        first.phases = {5ms, std::nullopt, 12ms, 35ms, 40ms, std::nullopt};
        first.delay = 1000ms;
        AttemptRecord second = attempt(2, 1040, 20);
        second.phases = {2ms, 8ms, 9ms, 19ms, 20ms, std::nullopt};
        second.delay = 2000ms;
        second.retryAfter = 2000ms; // the server set this wait
        AttemptRecord third = attempt(3, 3060, 0); // rejected: never sent
        third.latency.reset();

        const CycleTimeline t = layOutCycle({third, first, second}); // any order in
        QCOMPARE(t.rows.size(), 3);
        QCOMPARE(t.rows[0].record.attempt, 1);
        // Never waited for a connection: no queued phase; connecting runs
        // from the hand-off to the request (no TLS).
        QCOMPARE(phases(t.rows[0]),
                 (QList<Phase>{Phase::Connecting, Phase::Waiting, Phase::Receiving, Phase::Backoff}));
        QCOMPARE(t.rows[0].segments[0].fromMs, 0);
        QCOMPARE(t.rows[0].segments[0].toMs, 12);
        QCOMPARE(t.rows[0].segments[1].toMs, 35);
        QCOMPARE(t.rows[0].segments[3].fromMs, 40);
        QCOMPARE(t.rows[0].segments[3].toMs, 1040);
        QCOMPARE(
            phases(t.rows[1]),
            (QList<Phase>{Phase::Connecting, Phase::Sending, Phase::Waiting, Phase::Receiving, Phase::RetryAfter}));
        QCOMPARE(t.rows[1].segments[0].fromMs, 1040);
        QCOMPARE(t.rows[1].segments[4].toMs, 1060 + 2000);
        QVERIFY(t.rows[2].segments.isEmpty());
        QCOMPARE(t.totalMs, 3060);
    }

    // Waited 100 ms for a free connection: that is the queued phase, and the
    // latency (20 ms) runs from the hand-off.
    void waitForAConnectionIsTheQueuedPhase()
    {
        AttemptRecord r = attempt(1, 0, 20);
        r.phases.queued = 100ms;
        r.phases.connecting = 102ms;
        r.phases.requestSent = 105ms;
        r.phases.firstByte = 115ms;
        const CycleTimeline t = layOutCycle({r});
        QCOMPARE(phases(t.rows[0]), (QList<Phase>{Phase::Queued, Phase::Connecting, Phase::Waiting, Phase::Receiving}));
        QCOMPARE(t.rows[0].segments[0].toMs, 100);
        QCOMPARE(t.rows[0].segments[1].fromMs, 100);
        QCOMPARE(t.rows[0].segments[1].toMs, 105);
        QCOMPARE(t.rows[0].segments[3].toMs, 120);
        QCOMPARE(t.totalMs, 120);
        // A kept-alive connection: from the hand-off straight to sending.
        AttemptRecord reused = attempt(1, 0, 10);
        reused.phases.queued = 0ms;
        reused.phases.requestSent = 1ms;
        reused.phases.firstByte = 9ms;
        QCOMPARE(phases(layOutCycle({reused}).rows[0]),
                 (QList<Phase>{Phase::Sending, Phase::Waiting, Phase::Receiving}));
    }

    void unknownPhasesAreOneBar()
    {
        const CycleTimeline t = layOutCycle({attempt(1, 0, 30)});
        QCOMPARE(phases(t.rows[0]), (QList<Phase>{Phase::Waiting}));
        QCOMPARE(t.rows[0].segments[0].toMs, 30);
        QVERIFY(layOutCycle({}).rows.isEmpty());
        // Answered within the millisecond: still a (zero-length) bar, not "not sent".
        const CycleTimeline instant = layOutCycle({attempt(1, 0, 0)});
        QCOMPARE(phases(instant.rows[0]), (QList<Phase>{Phase::Waiting}));
    }
};

QTEST_GUILESS_MAIN(TestCycleTimeline)
#include "tst_cycletimeline.moc"
