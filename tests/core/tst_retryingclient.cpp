// SPDX-License-Identifier: GPL-3.0-or-later
// The retry rules of docs/endpoints-file.md and docs/attempt-log.md and one test per category, checked against
// what the fault server received.
#include "tests/support/clientfixture.h"
#include "tests/support/localports.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(ErrorCategory)

class TestRetryingClient final : public ClientFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { registerTypes(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void successIsOneCompleteRecord()
    {
        const CycleResult result = run(endpoint(QStringLiteral("/ok")));
        QCOMPARE(result.outcome, AttemptOutcome::Success);
        QCOMPARE(result.attempts, 1);
        QCOMPARE(m_records.size(), 1);
        const AttemptRecord &r = m_records.first();
        QCOMPARE(r.endpoint, QStringLiteral("api"));
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.url, m_server->url(QStringLiteral("/ok")).toString());
        QCOMPARE(r.cycle, 1);
        QCOMPARE(r.attempt, 1);
        QCOMPARE(r.outcome, AttemptOutcome::Success);
        QCOMPARE(r.category, ErrorCategory::Ok);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(!r.retriable);
        QVERIFY(!r.reason);
        QVERIFY(r.latency.has_value());
        QVERIFY(!r.delay);
        QVERIFY(!r.retryAfter);
        QCOMPARE(r.breakerState, BreakerState::Closed);
        QCOMPARE(r.error, QString());
        QCOMPARE(r.transmissions, 1);
        QCOMPARE(r.bodyBytes, 7); // "200 OK\n"
        QVERIFY(r.phases.requestSent && r.phases.firstByte && r.phases.finished);
        QVERIFY(*r.phases.requestSent <= *r.phases.firstByte);
        QVERIFY(*r.phases.firstByte <= *r.phases.finished);
        QCOMPARE(r.phases.queued, std::chrono::milliseconds(0)); // a connection at once
        QCOMPARE(*r.phases.finished, *r.phases.queued + *r.latency);
        QCOMPARE(m_server->received().size(), 1);
        QCOMPARE(m_server->received().first().header("User-Agent"), QByteArray("Retryscope/" RETRYSCOPE_VERSION));
        QCOMPARE(run(endpoint(QStringLiteral("/ok"))).cycle, 2);
    }

    // One cycle per docs/attempt-log.md category that a response or transport can cause,
    // with maxAttempts 1 so that each ends after its first attempt.
    void categories_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<ErrorCategory>("category");
        QTest::addColumn<bool>("retriable");
        QTest::addColumn<std::optional<int>>("status");
        // "local:" paths go to the fault server, "tls:" paths to it over https,
        // "refused" to a closed port; resolved in categories() once it runs.
        const auto local = [](const char *path) -> QString { return QStringLiteral("local:") + QLatin1String(path); };
        using C = ErrorCategory;
        const std::optional<int> none;
        QTest::newRow("timeout via /hang") << local("/hang") << C::Timeout << true << none;
        QTest::newRow("408") << local("/status/408") << C::Timeout << true << std::optional<int>(408);
        QTest::newRow("refused") << QStringLiteral("refused") << C::ConnectionRefused << true << none;
        QTest::newRow("reset") << local("/reset") << C::ConnectionReset << true << none;
        QTest::newRow("truncated body") << local("/truncate?declared=100&sent=10") << C::ConnectionReset << true
                                        << std::optional<int>(200);
        QTest::newRow("dns") << QStringLiteral("http://retryscope-test.invalid/") << C::DnsFailure << false << none;
        QTest::newRow("tls to a plain port") << QStringLiteral("tls:/ok") << C::TlsError << false << none;
        QTest::newRow("429") << local("/status/429") << C::RateLimited << true << std::optional<int>(429);
        QTest::newRow("500") << local("/status/500") << C::ServerError << false << std::optional<int>(500);
        QTest::newRow("503") << local("/status/503") << C::ServerError << true << std::optional<int>(503);
        QTest::newRow("404") << local("/status/404") << C::ClientError << false << std::optional<int>(404);
        QTest::newRow("304") << local("/status/304") << C::UnexpectedStatus << false << std::optional<int>(304);
        QTest::newRow("redirect loop") << local("/redirect/9") << C::UnexpectedStatus << false
                                       << std::optional<int>(302);
    }

    void categories()
    {
        QFETCH(QString, url);
        QFETCH(ErrorCategory, category);
        QFETCH(bool, retriable);
        QFETCH(std::optional<int>, status);
        Endpoint e = endpoint(QStringLiteral("/"));
        if (url.startsWith(QLatin1String("local:")))
            e.url = m_server->url(url.mid(6));
        else if (url.startsWith(QLatin1String("tls:")))
            e.url = QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(m_server->port()).arg(url.mid(4)));
        else if (url == QLatin1String("refused"))
            e.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(LocalPorts::closed()));
        else
            e.url = QUrl(url);
        e.timeout = 300ms;
        e.retry.maxAttempts = 1;
        e.breaker.enabled = false;
        const CycleResult result = run(e);
        QCOMPARE(result.outcome, AttemptOutcome::Failed);
        QCOMPARE(m_records.size(), 1);
        const AttemptRecord &r = m_records.first();
        QCOMPARE(categoryName(r.category), categoryName(category));
        QCOMPARE(r.retriable, retriable);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(r.outcome, AttemptOutcome::Failed);
        QCOMPARE(r.reason, retriable ? CycleEndReason::MaxAttempts : CycleEndReason::NotRetriable);
        QVERIFY2(!r.error.isEmpty(), "every failure says what happened");
        QCOMPARE(r.breakerState, BreakerState::Disabled);
        if (category == ErrorCategory::Timeout && !status)
            QVERIFY(*r.latency >= 300ms);
    }

    // The `assert` checks on real answers of the fault server: each kind
    // passing and failing, the failure said in the record's error; an
    // assertion failure is retried only when retryOnErrors lists it, and
    // counts as a failure for the breaker.
    void assertionsCheckTheAnswer_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonObject>("checks");
        QTest::addColumn<QString>("failure");
        const auto checks = [](const char *json) { return QJsonDocument::fromJson(json).object(); };
        QTest::newRow("pointer equals, holds") << QStringLiteral("/json?status=UP&checks=3")
                                               << checks(R"({"jsonPointer": "/status", "equals": "UP"})") << QString();
        QTest::newRow("pointer equals, fails")
            << QStringLiteral("/json?status=degraded") << checks(R"({"jsonPointer": "/status", "equals": "UP"})")
            << QStringLiteral("/status is \"degraded\", expected \"UP\"");
        QTest::newRow("number") << QStringLiteral("/json?checks=3")
                                << checks(R"({"jsonPointer": "/checks", "equals": 4})")
                                << QStringLiteral("/checks is 3, expected 4");
        QTest::newRow("not JSON") << QStringLiteral("/ok") << checks(R"({"jsonPointer": "/status"})")
                                  << QStringLiteral("the body is not JSON (illegal value at byte 1)");
        QTest::newRow("contains, holds") << QStringLiteral("/ok") << checks(R"({"bodyContains": "200 OK"})")
                                         << QString();
        QTest::newRow("contains, fails") << QStringLiteral("/ok") << checks(R"({"bodyContains": "UP"})")
                                         << QStringLiteral("the body does not contain \"UP\"");
        QTest::newRow("latency, holds") << QStringLiteral("/ok") << checks(R"({"maxLatencyMs": 1000})") << QString();
        QTest::newRow("latency, fails") << QStringLiteral("/delay/150") << checks(R"({"maxLatencyMs": 50})")
                                        << QStringLiteral("took");
    }

    void assertionsCheckTheAnswer()
    {
        QFETCH(QString, path);
        QFETCH(QJsonObject, checks);
        QFETCH(QString, failure);
        Endpoint e = endpoint(path);
        const auto read = readResponseAssertions(checks);
        QVERIFY2(read.ok(), qPrintable(read.problems.join(u'\n')));
        e.assertions = read.policy;
        e.breaker.failureThreshold = 1;
        const CycleResult result = run(e);
        QCOMPARE(m_server->received().size(), 1); // not retried: retryOnErrors does not list assertion_failed
        const AttemptRecord &r = m_records.first();
        QCOMPARE(r.httpStatus, 200);
        if (failure.isEmpty()) {
            QCOMPARE(result.outcome, AttemptOutcome::Success);
            QCOMPARE(r.category, ErrorCategory::Ok);
            return;
        }
        QCOMPARE(categoryName(r.category), QLatin1String("assertion_failed"));
        QVERIFY2(r.error.startsWith(failure), qPrintable(r.error));
        QCOMPARE(r.retriable, false);
        QCOMPARE(r.reason, CycleEndReason::NotRetriable);
        QCOMPARE(m_client->findBreaker(e.name)->state(), BreakerState::Open); // a failure for the breaker
    }

    void assertionFailuresRetryWhenListed()
    {
        Endpoint e = endpoint(QStringLiteral("/json?status=degraded"));
        e.assertions.jsonPointer = QStringLiteral("/status");
        e.assertions.equals = QStringLiteral("UP");
        e.retry.retryOnErrors.append(ErrorCategory::AssertionFailed);
        QCOMPARE(run(e).reason, CycleEndReason::MaxAttempts);
        QCOMPARE(summary(m_records),
                 QStringLiteral("1:retry/assertion_failed 2:retry/assertion_failed "
                                "3:failed/assertion_failed/max_attempts"));
        QCOMPARE(m_server->received().size(), 3);
    }

    void unexpectedStatusAgainstExpectStatus()
    {
        Endpoint e = endpoint(QStringLiteral("/status/201"));
        e.expectStatus = {200};
        run(e);
        QCOMPARE(m_records.first().category, ErrorCategory::UnexpectedStatus);
        e.url = m_server->url(QStringLiteral("/status/404"));
        e.expectStatus = {404};
        run(e);
        QCOMPARE(m_records.last().category, ErrorCategory::Ok);
    }

    void clientErrorsAreSentOnce_data()
    {
        QTest::addColumn<int>("status");
        for (const int status : {400, 401, 403, 404, 422})
            QTest::addRow("%d", status) << status;
    }

    void clientErrorsAreSentOnce()
    {
        QFETCH(int, status);
        Endpoint e = endpoint(QStringLiteral("/status/%1").arg(status));
        e.retry.maxAttempts = 5;
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::NotRetriable);
        QCOMPARE(m_server->received().size(), 1);
    }

    // 503 with maxAttempts 4: four requests, spaced by the delays the
    // records say were scheduled.
    void retriesAreSpacedByTheScheduledDelays()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.retry.maxAttempts = 4;
        e.retry.initialDelay = 60ms;
        e.retry.maxDelay = 400ms;
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::MaxAttempts);
        QCOMPARE(summary(m_records),
                 QStringLiteral("1:retry/server_error 2:retry/server_error 3:retry/server_error "
                                "4:failed/server_error/max_attempts"));
        const QList<ReceivedRequest> received = m_server->received();
        QCOMPARE(received.size(), 4);
        for (int i = 0; i < 3; ++i) {
            const qint64 delay = m_records[i].delay->count();
            QVERIFY(Backoff::band(e.retry, i + 1).contains(milliseconds(delay)));
            const qint64 gap = ms(received[i + 1].arrivedAt - received[i].arrivedAt);
            // Never sooner than scheduled; later only by the response's own latency and scheduling noise.
            QVERIFY2(gap >= delay && gap < delay + 250,
                     qPrintable(QStringLiteral("gap %1 ms, scheduled %2 ms").arg(gap).arg(delay)));
        }
    }

    void retryAfterIsHonouredNeverSooner()
    {
        Endpoint e = endpoint(QStringLiteral("/status/429?retry_after=1"));
        e.retry.maxAttempts = 2;
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::MaxAttempts);
        QCOMPARE(m_records.first().retryAfter, 1000ms);
        QCOMPARE(m_records.first().delay, 1000ms); // max(backoff of ~20 ms, 1000 ms)
        const QList<ReceivedRequest> received = m_server->received();
        QCOMPARE(received.size(), 2);
        const qint64 gap = ms(received[1].arrivedAt - received[0].arrivedAt);
        QVERIFY2(gap >= 1000, qPrintable(QString::number(gap)));
        QVERIFY(result.notBefore.has_value());
    }

    void retryAfterLongerThanAllowedEndsTheCycle()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503?retry_after=120"));
        e.retry.maxRetryAfter = 1000ms;
        const auto before = m_clock.now();
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::RetryAfterTooLong);
        QCOMPARE(m_records.size(), 1);
        QCOMPARE(m_records.first().retryAfter, 120000ms);
        // The next cycle still waits, but at most maxRetryAfterMs.
        QVERIFY(result.notBefore && *result.notBefore - before >= 1000ms && *result.notBefore - before < 2000ms);
    }

    void garbageRetryAfterKeepsTheBackoff()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503?retry_after=soon"));
        e.retry.maxAttempts = 2;
        run(e);
        QVERIFY(!m_records.first().retryAfter);
        QVERIFY(m_records.first().delay <= 80ms);
    }

    void deadlineStopsRetries()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.retry.maxAttempts = 10;
        e.retry.initialDelay = 100ms;
        e.retry.maxDelay = 100ms;
        e.retry.jitter = JitterMode::None;
        e.retry.deadline = 250ms;
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::Deadline);
        QCOMPARE(summary(m_records),
                 QStringLiteral("1:retry/server_error 2:retry/server_error "
                                "3:failed/server_error/deadline"));
    }

    void postIsNotRetriedBlindly()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.method = "POST";
        e.body = "{\"charge\": 100}";
        const CycleResult result = run(e);
        QCOMPARE(result.reason, CycleEndReason::NonIdempotent);
        QCOMPARE(m_server->received().size(), 1);
        QCOMPARE(m_server->received().first().body, e.body);
        QVERIFY(m_server->received().first().header("Idempotency-Key").isNull());
    }

    void idempotencyKeyIsStablePerCycle()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.method = "POST";
        e.idempotencyKey = true;
        e.budget.enabled = false; // six failures would otherwise drain it
        e.breaker.enabled = false;
        run(e);
        run(e);
        const QList<ReceivedRequest> received = m_server->received();
        QCOMPARE(received.size(), 6);
        const QByteArray first = received[0].header("Idempotency-Key");
        QCOMPARE(first.size(), 36); // a UUID
        QCOMPARE(received[1].header("Idempotency-Key"), first);
        QCOMPARE(received[2].header("Idempotency-Key"), first);
        const QByteArray second = received[3].header("Idempotency-Key");
        QVERIFY(second != first);
        QCOMPARE(received[5].header("Idempotency-Key"), second);
    }

    void retryNonIdempotentAllowsPost()
    {
        Endpoint e = endpoint(QStringLiteral("/status/503"));
        e.method = "PATCH";
        e.retry.retryNonIdempotent = true;
        QCOMPARE(run(e).reason, CycleEndReason::MaxAttempts);
        QCOMPARE(m_server->received().size(), 3);
        QCOMPARE(m_server->received().first().method, QByteArray("PATCH"));
    }
};

QTEST_GUILESS_MAIN(TestRetryingClient)
#include "tst_retryingclient.moc"
