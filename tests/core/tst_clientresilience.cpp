// SPDX-License-Identifier: GPL-3.0-or-later
// The client's breakers (docs/endpoints-file.md), retry budget (§2) and cancellation, on
// real sockets.
#include "tests/support/clientfixture.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

class TestClientResilience final : public ClientFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { registerTypes(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void budgetStopsRetriesAndRefills()
    {
        Endpoint failing = endpoint(QStringLiteral("/status/503"), QStringLiteral("failing"));
        failing.retry.maxAttempts = 5;
        failing.breaker.enabled = false;
        failing.budget.maxTokens = 4;
        failing.budget.tokenRatio = 0.5;
        failing.budget.key = QStringLiteral("shared");
        Endpoint healthy = failing;
        healthy.name = QStringLiteral("healthy");
        healthy.url = m_server->url(QStringLiteral("/ok"));

        // 4 tokens: a failure leaves 3 (> 2, retry), the next leaves 2 (stop).
        QCOMPARE(run(failing).reason, CycleEndReason::BudgetExhausted);
        QCOMPARE(m_server->receivedOn(QStringLiteral("/status/503")).size(), 2);
        QCOMPARE(m_client->budget(failing).tokens(), 2.0);
        m_records.clear();
        QCOMPARE(run(failing).reason, CycleEndReason::BudgetExhausted); // no retry at all now
        QCOMPARE(m_records.size(), 1);
        QCOMPARE(m_client->budget(failing).tokens(), 1.0);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(run(healthy).outcome, AttemptOutcome::Success); // 1 + 5 x 0.5 = 3.5
        QCOMPARE(m_client->budget(failing).tokens(), 3.5);
        m_records.clear();
        QCOMPARE(run(failing).reason, CycleEndReason::BudgetExhausted);
        // 3.5 - 1 = 2.5 > 2: one retry; 2.5 - 1 = 1.5: exhausted again.
        QCOMPARE(summary(m_records), QStringLiteral("1:retry/server_error 2:failed/server_error/budget_exhausted"));
    }

    void breakerOpensRejectsAndProbesOnce()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.retry.maxAttempts = 5;
        e.breaker.failureThreshold = 3;
        e.breaker.openDuration = 300ms;
        e.breaker.openJitter = 0; // the periods below are exact
        QSignalSpy probeWanted(m_client.get(), &RetryingClient::probeWanted);

        QCOMPARE(run(e).reason, CycleEndReason::CircuitOpen);
        QCOMPARE(summary(m_records),
                 QStringLiteral("1:retry/server_error 2:retry/server_error "
                                "3:failed/server_error/circuit_open"));
        QCOMPARE(m_server->received().size(), 3);

        // While open nothing is sent: the cycle ends at once, rejected.
        m_records.clear();
        const CycleResult rejected = run(e);
        QCOMPARE(rejected.outcome, AttemptOutcome::Rejected);
        QCOMPARE(summary(m_records), QStringLiteral("1:rejected/circuit_open/circuit_open"));
        QVERIFY(!m_records.first().latency);
        QCOMPARE(m_records.first().breakerState, BreakerState::Open);
        QCOMPARE(m_server->received().size(), 3);

        // The breaker half-opens by itself and asks for the probe; the probe
        // fails, and the next open period is longer.
        QVERIFY(probeWanted.wait(5000));
        QCOMPARE(probeWanted.first().at(0).toString(), QStringLiteral("api"));
        m_records.clear();
        QCOMPARE(run(e).reason, CycleEndReason::CircuitOpen);
        QCOMPARE(summary(m_records), QStringLiteral("1:failed/server_error/circuit_open"));
        QCOMPARE(m_records.first().breakerState, BreakerState::HalfOpen);
        QCOMPARE(m_server->received().size(), 4); // exactly one probe
        QCOMPARE(m_client->findBreaker(QStringLiteral("api"))->currentOpenDuration(), 600ms);

        // Next probe succeeds: closed again.
        QVERIFY(probeWanted.wait(5000));
        e.url = m_server->url(QStringLiteral("/ok"));
        QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        QCOMPARE(m_client->findBreaker(QStringLiteral("api"))->state(), BreakerState::Closed);

        QTRY_COMPARE(m_transitions.size(), 5);
        QStringList described;
        for (const BreakerTransition &t : std::as_const(m_transitions))
            described.append(t.reason);
        QCOMPARE(described,
                 (QStringList{QStringLiteral("3 consecutive failures"), QStringLiteral("open period of 300 ms elapsed"),
                              QStringLiteral("probe failed"), QStringLiteral("open period of 600 ms elapsed"),
                              QStringLiteral("probe succeeded")}));
    }

    // Slow successes on a real socket: marked `slow`, still successes (no
    // retry, the server sees one request each), and the breaker opens on
    // their rate with the documented reason; a fast answer is not slow.
    void breakerOpensOnSlowCalls()
    {
        Endpoint e = endpoint(QStringLiteral("/delay/250"));
        e.breaker.slowCallDuration = 200ms;
        e.breaker.slowCallRatePercent = 60;
        e.breaker.windowSize = 3;
        e.breaker.minimumCalls = 3;
        Endpoint fast = e;
        fast.url = m_server->url(QStringLiteral("/ok"));
        QCOMPARE(run(fast).outcome, AttemptOutcome::Success);
        QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        QCOMPARE(m_client->findBreaker(QStringLiteral("api"))->state(), BreakerState::Closed); // 1 of 2, minimum 3
        QCOMPARE(run(e).outcome, AttemptOutcome::Success); // 2 of 3 slow: 66 % ≥ 60 %
        QCOMPARE(m_client->findBreaker(QStringLiteral("api"))->state(), BreakerState::Open);
        QCOMPARE(m_server->received().size(), 3);
        QCOMPARE(summary(m_records), QStringLiteral("1:success/ok 1:success/ok 1:success/ok"));
        QCOMPARE(m_records[0].slow, false);
        QVERIFY(m_records[1].slow && *m_records[1].latency >= 200ms);
        QVERIFY(m_records[2].slow);
        QTRY_COMPARE(m_transitions.size(), 1);
        QCOMPARE(m_transitions.first().reason, QStringLiteral("slow-call rate 66% ≥ 60% over 3 calls"));
        QCOMPARE(run(e).outcome, AttemptOutcome::Rejected);
        QCOMPARE(m_server->received().size(), 3);
    }

    // Breakers that open together do not probe together: 20 endpoints fail
    // in the same instant, each breaker opens for a period drawn from
    // [d, d·(1 + openJitter)], and the server sees each probe no earlier
    // than d after that endpoint's failure, no later than d·(1 + openJitter)
    // (plus scheduling slack), and the probes spread over that band.
    void openPeriodsSpreadTheProbes()
    {
        constexpr int count = 20;
        constexpr milliseconds d = 400ms;
        QList<Endpoint> endpoints;
        for (int i = 0; i < count; ++i) {
            Endpoint e = endpoint(QStringLiteral("/status/503?who=%1").arg(i), QStringLiteral("e%1").arg(i));
            e.retry.maxAttempts = 1;
            e.breaker.failureThreshold = 1;
            e.breaker.openDuration = d;
            e.breaker.openJitter = 1.0; // periods from 400 to 800 ms
            endpoints.append(e);
        }
        QSignalSpy finished(m_client.get(), &RetryingClient::cycleFinished);
        connect(m_client.get(), &RetryingClient::probeWanted, this, [&](const QString &breaker) {
            const QString who = breaker.mid(1);
            QVERIFY(m_client->startCycle(endpoints.at(who.toInt())));
        });
        for (const Endpoint &e : std::as_const(endpoints))
            QVERIFY(m_client->startCycle(e));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2 * count, 15000);

        const QList<ReceivedRequest> &received = m_server->received();
        QCOMPARE(received.size(), 2 * count); // one failure and exactly one probe each
        QList<qint64> waited; // ms from each endpoint's failure to its probe
        for (int i = 0; i < count; ++i) {
            QList<Clock::TimePoint> mine;
            for (const ReceivedRequest &r : received) {
                if (r.query.queryItemValue(QStringLiteral("who")) == QString::number(i))
                    mine.append(r.arrivedAt);
            }
            QCOMPARE(mine.size(), 2);
            waited.append(ms(mine[1] - mine[0]));
        }
        const auto [low, high] = std::minmax_element(waited.begin(), waited.end());
        QVERIFY2(*low >= d.count(), qPrintable(QStringLiteral("a probe after %1 ms").arg(*low)));
        QVERIFY2(*high <= 2 * d.count() + 150, qPrintable(QStringLiteral("a probe after %1 ms").arg(*high)));
        // 20 uniform draws over 400 ms span less than 150 ms with a
        // probability below 1e-6; without the jitter they span a few ms.
        QVERIFY2(*high - *low >= 150, qPrintable(QStringLiteral("probes spread over %1 ms").arg(*high - *low)));
    }

    void hangingProbeFailsAtTheTimeout()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.timeout = 300ms;
        e.breaker.failureThreshold = 1;
        e.breaker.openDuration = 100ms;
        QSignalSpy probeWanted(m_client.get(), &RetryingClient::probeWanted);
        QCOMPARE(run(e).reason, CycleEndReason::CircuitOpen);
        QVERIFY(probeWanted.wait(5000));
        e.url = m_server->url(QStringLiteral("/hang"));
        m_records.clear();
        const CycleResult probe = run(e);
        QCOMPARE(probe.reason, CycleEndReason::CircuitOpen);
        QCOMPARE(m_records.first().category, ErrorCategory::Timeout);
        QCOMPARE(m_client->findBreaker(QStringLiteral("api"))->state(), BreakerState::Open);
    }

    void sharedBreakerByKey()
    {
        Endpoint a = endpoint(QStringLiteral("/status/503"), QStringLiteral("a"));
        a.retry.maxAttempts = 1;
        a.breaker.failureThreshold = 2;
        a.breaker.key = QStringLiteral("upstream");
        Endpoint b = a;
        b.name = QStringLiteral("b");
        b.url = m_server->url(QStringLiteral("/ok"));
        run(a);
        run(a);
        QCOMPARE(run(b).outcome, AttemptOutcome::Rejected); // b shares the open breaker
        QCOMPARE(m_records.last().breaker, QStringLiteral("upstream"));
        QTRY_COMPARE(m_transitions.size(), 1);
        QCOMPARE(m_transitions.first().breaker, QStringLiteral("upstream"));
    }

    void cancellationLeavesNothingBehind()
    {
        Endpoint e = endpoint(QStringLiteral("/hang"));
        QSignalSpy finished(m_client.get(), &RetryingClient::cycleFinished);
        QVERIFY(m_client->startCycle(e));
        QVERIFY(!m_client->startCycle(e)); // cycles of one endpoint never overlap
        QTRY_COMPARE(m_server->received().size(), 1);
        m_client->cancelCycle(QStringLiteral("api"), QStringLiteral("the endpoint was paused"));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(0).value<CycleResult>().reason, CycleEndReason::Cancelled);
        QCOMPARE(summary(m_records), QStringLiteral("1:failed/cancelled/cancelled"));
        QCOMPARE(m_records.first().error, QStringLiteral("the endpoint was paused")); // the reason it was given
        QVERIFY(!m_client->isRunning(QStringLiteral("api")));
        for (QNetworkAccessManager *manager : m_pool->managers())
            QTRY_VERIFY(manager->findChildren<QNetworkReply *>().isEmpty());
        QCOMPARE(m_pool->inFlight(e.url), 0);
        QTRY_VERIFY(m_client->findChildren<RetryCycle *>().isEmpty());

        // Cancelled while waiting out a backoff: no further request goes out.
        Endpoint slow = endpoint(QStringLiteral("/status/503"));
        slow.retry.initialDelay = 300ms;
        slow.retry.maxDelay = 300ms;
        m_server->clearReceived();
        m_records.clear();
        QVERIFY(m_client->startCycle(slow));
        QTRY_COMPARE(m_records.size(), 1);
        m_client->cancelCycle(QStringLiteral("api"), QString());
        QTest::qWait(500);
        QCOMPARE(m_server->received().size(), 1);
        QTRY_VERIFY(m_client->findChildren<RetryCycle *>().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClientResilience)
#include "tst_clientresilience.moc"
