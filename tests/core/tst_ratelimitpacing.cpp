// SPDX-License-Identifier: GPL-3.0-or-later
// Rate-limit pacing (docs/endpoints-file.md) on real sockets: what the fault
// server received, and when, is the truth. A request before an announced
// reset (plus the jitter drawn for it) is a failure of the rule.
#include "tests/support/clientfixture.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

class TestRateLimitPacing final : public ClientFixture
{
    Q_OBJECT

    // A fault-server path whose answer carries `status` and the field `RateLimit: value`.
    [[nodiscard]] static QString announcing(int status, const QString &value, const QString &extra = {})
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("header"), QStringLiteral("RateLimit:") + value);
        QString path = QStringLiteral("/status/%1?").arg(status) + query.toString(QUrl::FullyEncoded);
        return extra.isEmpty() ? path : path + u'&' + extra;
    }

    [[nodiscard]] static milliseconds between(const ReceivedRequest &a, const ReceivedRequest &b)
    {
        return std::chrono::duration_cast<milliseconds>(b.arrivedAt - a.arrivedAt);
    }

    // Starts a cycle of every endpoint at once and waits for them all.
    void runAll(const QList<Endpoint> &endpoints)
    {
        QSignalSpy finished(m_client.get(), &RetryingClient::cycleFinished);
        for (const Endpoint &e : endpoints)
            QVERIFY(m_client->startCycle(e));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), endpoints.size(), 15000);
    }

private slots:
    void initTestCase() { registerTypes(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    // The fault server's /ratelimit announces its quota on every answer; at
    // 0 left the next cycle is deferred to the reset plus its jitter, and a
    // cycle started meanwhile waits for it: the server never says 429.
    void nextCycleWaitsForTheAnnouncedReset()
    {
        Endpoint e = endpoint(QStringLiteral("/ratelimit?rps=1&retry_after=0"));
        const CycleResult first = run(e);
        QCOMPARE(first.outcome, AttemptOutcome::Success);
        QCOMPARE(m_records.first().rateLimitRemaining, 0);
        QCOMPARE(m_records.first().rateLimitReset, 1000ms);
        QVERIFY(first.notBefore);
        const auto deferred = std::chrono::duration_cast<milliseconds>(*first.notBefore - m_clock.now());
        QVERIFY2(deferred > 800ms && deferred <= 1100ms, qPrintable(QString::number(deferred.count())));

        const CycleResult second = run(e); // started at once, as a shared budget's would be
        QCOMPARE(second.outcome, AttemptOutcome::Success);
        QCOMPARE(m_records.size(), 2);
        QCOMPARE(m_records.last().category, ErrorCategory::Ok);
        const QList<ReceivedRequest> &received = m_server->received();
        QCOMPARE(received.size(), 2);
        QVERIFY2(received[1].arrivedAt >= *first.notBefore,
                 qPrintable(QString::number(between(received[0], received[1]).count())));
    }

    // A retry waits for the later of its backoff (20 ms here) and the reset
    // plus up to 10 % jitter, and delay_ms says exactly that wait.
    void retryWaitsForTheReset()
    {
        Endpoint e = endpoint(announcing(503, QStringLiteral("\"default\";r=0;t=1")));
        e.retry.maxAttempts = 2;
        QCOMPARE(run(e).reason, CycleEndReason::MaxAttempts);
        QCOMPARE(m_records.size(), 2);
        const AttemptRecord &retry = m_records.first();
        QCOMPARE(retry.outcome, AttemptOutcome::Retry);
        QVERIFY(!retry.retryAfter);
        QVERIFY2(retry.delay && *retry.delay >= 1000ms && *retry.delay <= 1100ms,
                 qPrintable(QString::number(retry.delay.value_or(-1ms).count())));
        const QList<ReceivedRequest> &received = m_server->received();
        QCOMPARE(received.size(), 2);
        QVERIFY(between(received[0], received[1]) >= *retry.delay);
    }

    // Retry-After on the same answer wins, even when it is the shorter wait.
    void retryAfterWinsOverPacing()
    {
        Endpoint e = endpoint(announcing(503, QStringLiteral("\"default\";r=0;t=3"), QStringLiteral("retry_after=1")));
        e.retry.maxAttempts = 2;
        QCOMPARE(run(e).reason, CycleEndReason::MaxAttempts);
        const AttemptRecord &retry = m_records.first();
        QCOMPARE(retry.retryAfter, 1000ms);
        QCOMPARE(retry.delay, 1000ms);
        QCOMPARE(retry.rateLimitReset, 3000ms);
        const QList<ReceivedRequest> &received = m_server->received();
        QCOMPARE(received.size(), 2);
        QVERIFY(between(received[0], received[1]) >= 1000ms);
        QVERIFY(between(received[0], received[1]) < 3000ms);
    }

    // A reset further than maxRetryAfterMs ends a failing cycle as an
    // over-long Retry-After would, and defers the next by that much only.
    void overLongPacingEndsTheCycle()
    {
        Endpoint e = endpoint(announcing(429, QStringLiteral("\"default\";r=0;t=120")));
        e.retry.maxRetryAfter = 5000ms;
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::RetryAfterTooLong);
        QCOMPARE(m_server->received().size(), 1);
        QVERIFY(result.notBefore);
        const auto deferred = std::chrono::duration_cast<milliseconds>(*result.notBefore - m_clock.now());
        QVERIFY2(deferred > 4000ms && deferred <= 5000ms, qPrintable(QString::number(deferred.count())));
    }

    // Endpoints sharing a budget share the quota: b waits for what a
    // learnt, c (its own budget) does not.
    void aSharedBudgetSharesTheQuota()
    {
        Endpoint a = endpoint(announcing(200, QStringLiteral("\"default\";r=0;t=1")), QStringLiteral("a"));
        a.budget.key = QStringLiteral("quota");
        Endpoint b = endpoint(QStringLiteral("/ok?who=b"), QStringLiteral("b"));
        b.budget.key = QStringLiteral("quota");
        Endpoint c = endpoint(QStringLiteral("/ok?who=c"), QStringLiteral("c"));
        QCOMPARE(run(a).outcome, AttemptOutcome::Success);
        QCOMPARE(run(c).outcome, AttemptOutcome::Success);
        QVERIFY(!m_client->waitingForQuotaUntil(c.name));
        // b's cycle starts, and says it waits for the quota until its request leaves.
        QSignalSpy finished(m_client.get(), &RetryingClient::cycleFinished);
        QVERIFY(m_client->startCycle(b));
        const auto until = m_client->waitingForQuotaUntil(b.name);
        QVERIFY(until);
        QVERIFY2(*until - m_clock.now() > 800ms, qPrintable(QString::number(ms(*until - m_clock.now()))));
        QCOMPARE(m_server->received().size(), 2);
        QVERIFY(finished.wait(5000));
        QVERIFY(!m_client->waitingForQuotaUntil(b.name));
        const QList<ReceivedRequest> &received = m_server->received();
        QCOMPARE(received.size(), 3);
        QVERIFY2(between(received[0], received[1]) < 900ms, "c has its own quota");
        QVERIFY2(between(received[0], received[2]) >= 1000ms,
                 qPrintable(QString::number(between(received[0], received[2]).count())));
    }

    // Twenty endpoints told at once that their quota resets in 1 s come back
    // spread over the jitter, each no earlier than its own reset and no later
    // than its reset plus 10 %.
    void returnsAtAResetAreSpread()
    {
        QList<Endpoint> endpoints;
        for (int i = 0; i < 20; ++i) {
            endpoints.append(
                endpoint(announcing(200, QStringLiteral("\"default\";r=0;t=1"), QStringLiteral("who=%1").arg(i)),
                         QStringLiteral("e%1").arg(i)));
        }
        runAll(endpoints);
        const qsizetype firstRound = m_server->received().size();
        QCOMPARE(firstRound, 20);
        runAll(endpoints);
        const QList<ReceivedRequest> &received = m_server->received();
        QCOMPARE(received.size(), 40);
        QList<qint64> late; // ms after each endpoint's own reset
        for (int i = 0; i < 20; ++i) {
            const QString who = QString::number(i);
            QList<ReceivedRequest> mine;
            for (const ReceivedRequest &r : received) {
                if (r.query.queryItemValue(QStringLiteral("who")) == who)
                    mine.append(r);
            }
            QCOMPARE(mine.size(), 2);
            late.append(between(mine[0], mine[1]).count() - 1000);
        }
        const auto [low, high] = std::minmax_element(late.begin(), late.end());
        QVERIFY2(*low >= 0, qPrintable(QString::number(*low)));
        QVERIFY2(*high <= 100 + 150, qPrintable(QString::number(*high))); // 10 % of 1 s, plus scheduling slack
        QVERIFY2(*high - *low >= 30, qPrintable(QStringLiteral("spread %1 ms").arg(*high - *low)));
    }

    // With respectRateLimit off the quota is still logged, but nothing waits.
    void pacingOffOnlyLogs()
    {
        Endpoint e = endpoint(announcing(200, QStringLiteral("\"default\";r=0;t=5")));
        e.retry.respectRateLimit = false;
        const CycleResult first = run(e);
        QVERIFY(!first.notBefore);
        QCOMPARE(m_records.first().rateLimitRemaining, 0);
        QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        QVERIFY(between(m_server->received()[0], m_server->received()[1]) < 1000ms);
    }
};

QTEST_GUILESS_MAIN(TestRateLimitPacing)
#include "tst_ratelimitpacing.moc"
