// SPDX-License-Identifier: GPL-3.0-or-later
// What goes on the wire (docs/qt-network-notes.md): endpoints sharing a host
// never share a queue, a non-idempotent request is transmitted at most once
// whatever the server does, every other transmission is counted, and the
// latency and the timeout are the wire's. Each test asserts on what the fault
// server received, not on what the client believes it sent.
#include "tests/support/clientfixture.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

class TestWireTruth final : public ClientFixture
{
    Q_OBJECT

    // Starts `count` cycles that hang until cancelled (or their 30 s timeout).
    void startHanging(RetryingClient &client, int count)
    {
        for (int i = 0; i < count; ++i) {
            Endpoint e = endpoint(QStringLiteral("/hang"), QStringLiteral("hang-%1").arg(i));
            e.timeout = 30s;
            e.retry.maxAttempts = 1;
            QVERIFY(client.startCycle(e));
        }
    }

private slots:
    void initTestCase() { registerTypes(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    // A POST that §2 does not allow to repeat arrives exactly once per cycle,
    // for 20 cycles, under every way a server can drop it; the record says
    // so, attempt 1, not retried.
    void postArrivesOncePerCycle_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<ErrorCategory>("category");
        QTest::newRow("closed after reading (FIN)") << QStringLiteral("/close") << ErrorCategory::ConnectionReset;
        QTest::newRow("reset after reading (RST)") << QStringLiteral("/reset") << ErrorCategory::ConnectionReset;
        QTest::newRow("closed half-way through the head")
            << QStringLiteral("/partial-head") << ErrorCategory::ConnectionReset;
    }

    void postArrivesOncePerCycle()
    {
        QFETCH(QString, path);
        QFETCH(ErrorCategory, category);
        Endpoint e = endpoint(path);
        e.method = "POST";
        e.body = "{\"n\":1}";
        e.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        e.breaker.enabled = false; // every cycle sends
        for (int cycle = 1; cycle <= 20; ++cycle) {
            const CycleResult result = run(e);
            QCOMPARE(result.outcome, AttemptOutcome::Failed);
            QCOMPARE(result.reason, CycleEndReason::NonIdempotent);
            QCOMPARE(m_server->receivedOn(path).size(), cycle);
            // Qt may still be about to re-send: give it the time to, then look again.
            QTest::qWait(cycle == 1 ? 300 : 10);
            QCOMPARE(m_server->receivedOn(path).size(), cycle);
        }
        QCOMPARE(m_records.size(), 20);
        for (const AttemptRecord &r : std::as_const(m_records)) {
            QCOMPARE(r.attempt, 1);
            QCOMPARE(r.category, category);
            QCOMPARE(r.reason, CycleEndReason::NonIdempotent);
            QCOMPARE(r.transmissions, 1);
            QVERIFY(r.latency);
        }
        for (const ReceivedRequest &received : m_server->received())
            QCOMPARE(received.body, QByteArray("{\"n\":1}"));
    }

    // A server that closes kept-alive connections after 150 ms idle, and a
    // POST every 400 ms: never sent twice, never failed falsely, and each on
    // a connection of its own (none is reused, so none can be stale).
    void postNeverRidesAStaleConnection()
    {
        Endpoint e = endpoint(QStringLiteral("/ok?idle_ms=150"));
        e.method = "POST";
        e.body = "x";
        Endpoint get = endpoint(QStringLiteral("/ok?idle_ms=150"), QStringLiteral("get"));
        for (int cycle = 1; cycle <= 10; ++cycle) {
            QCOMPARE(run(get).outcome, AttemptOutcome::Success); // leaves a kept-alive connection
            QCOMPARE(run(e).outcome, AttemptOutcome::Success);
            QTest::qWait(400);
        }
        const QList<ReceivedRequest> received = m_server->received();
        QCOMPARE(received.size(), 20);
        QSet<int> postConnections;
        for (const ReceivedRequest &r : received) {
            if (r.method == "POST") {
                QCOMPARE(r.onConnection, 1); // the first request on its connection
                postConnections.insert(r.connection);
            }
        }
        QCOMPARE(postConnections.size(), 10);
        for (const AttemptRecord &r : std::as_const(m_records)) {
            if (r.method == "POST")
                QCOMPARE(r.transmissions, 1);
        }
    }

    // Requests that may be repeated: Qt re-sends them when the connection
    // closes before the answer, and every transmission is counted.
    void resendsOfIdempotentRequestsAreCounted_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::newRow("GET, closed") << QByteArray("GET") << QByteArray() << QStringLiteral("/close");
        QTest::newRow("GET, reset") << QByteArray("GET") << QByteArray() << QStringLiteral("/reset");
        QTest::newRow("PUT with a body, closed") << QByteArray("PUT") << QByteArray("abc") << QStringLiteral("/close");
        QTest::newRow("POST with a key, closed") << QByteArray("POST") << QByteArray("abc") << QStringLiteral("/close");
    }

    void resendsOfIdempotentRequestsAreCounted()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QFETCH(QString, path);
        Endpoint e = endpoint(path);
        e.method = method;
        e.body = body;
        e.idempotencyKey = method == "POST";
        e.retry.maxAttempts = 1;
        run(e);
        QTest::qWait(200); // nothing more arrives later
        QCOMPARE(m_records.size(), 1);
        QCOMPARE(m_records.first().category, ErrorCategory::ConnectionReset);
        QVERIFY2(m_server->received().size() >= 2, "Qt re-sends once at least");
        QCOMPARE(m_records.first().transmissions, m_server->received().size());
    }

    // A healthy endpoint beside N hanging ones of the same origin answers
    // with its true latency, at once, and never times out.
    void healthyBesideHangingNeighbours_data()
    {
        QTest::addColumn<int>("hanging");
        QTest::newRow("8") << 8;
        QTest::newRow("300") << 300;
    }

    void healthyBesideHangingNeighbours()
    {
        QFETCH(int, hanging);
        startHanging(*m_client, hanging);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOn(QStringLiteral("/hang")).size(), hanging, 20000);
        Endpoint ok = endpoint(QStringLiteral("/ok"), QStringLiteral("healthy"));
        ok.timeout = 2000ms;
        for (int cycle = 0; cycle < 5; ++cycle) {
            const CycleResult result = run(ok);
            QCOMPARE(result.outcome, AttemptOutcome::Success);
            const AttemptRecord &r = m_records.last();
            QCOMPARE(r.endpoint, QStringLiteral("healthy"));
            QCOMPARE(r.category, ErrorCategory::Ok);
            QVERIFY2(r.latency && *r.latency < 500ms, qPrintable(QString::number(r.latency->count())));
            QCOMPARE(r.phases.queued, milliseconds(0));
        }
        QCOMPARE(m_server->receivedOn(QStringLiteral("/ok")).size(), 5);
        QCOMPARE(m_pool->inFlight(ok.url), hanging);
        QCOMPARE(m_pool->waiting(ok.url), 0);
        // Enough lanes for all, and for plain http all on one manager: one
        // HTTP thread however many lanes.
        QVERIFY(m_pool->laneCount(ok.url)
                >= (hanging + 1 + ManagerPool::connectionsPerLane - 1) / ManagerPool::connectionsPerLane);
        QCOMPARE(m_pool->managerCount(), 1);
        m_client->cancelAll();
        QCOMPARE(m_pool->inFlight(ok.url), 0);
    }

    // Past the pool's limit a request waits for a connection: the wait is
    // `queue_ms`, not latency, and the timeout starts only at the hand-off.
    void beyondTheLimitTheWaitIsQueueNotLatency()
    {
        ManagerPool small(1); // one lane: 6 connections per origin
        RetryingClient client(small, m_clock, m_random);
        QList<AttemptRecord> records;
        connect(&client, &RetryingClient::attemptRecorded, this,
                [&records](const AttemptRecord &r) { records.append(r); });
        startHanging(client, ManagerPool::connectionsPerLane);
        QTRY_COMPARE(m_server->receivedOn(QStringLiteral("/hang")).size(), ManagerPool::connectionsPerLane);

        Endpoint ok = endpoint(QStringLiteral("/ok"), QStringLiteral("healthy"));
        ok.timeout = 300ms; // shorter than the wait below: must not count
        QSignalSpy finished(&client, &RetryingClient::cycleFinished);
        QVERIFY(client.startCycle(ok));
        QCOMPARE(small.waiting(ok.url), 1);
        QTest::qWait(600);
        QVERIFY(finished.isEmpty());
        QVERIFY(m_server->receivedOn(QStringLiteral("/ok")).isEmpty());

        client.cancelCycle(QStringLiteral("hang-0"), QString()); // frees one connection
        QTRY_COMPARE(finished.size(), 2);
        const AttemptRecord &r = records.last();
        QCOMPARE(r.endpoint, QStringLiteral("healthy"));
        QCOMPARE(r.category, ErrorCategory::Ok);
        QVERIFY2(r.phases.queued >= 550ms, qPrintable(QString::number(r.phases.queued->count())));
        QVERIFY2(r.latency < 250ms, qPrintable(QString::number(r.latency->count())));
        QCOMPARE(m_server->receivedOn(QStringLiteral("/ok")).size(), 1);

        // Cancelled while waiting: not sent, no latency, the wait recorded.
        QVERIFY(client.startCycle(ok));
        QVERIFY(client.startCycle([&] {
            Endpoint second = ok;
            second.name = QStringLiteral("second");
            return second;
        }()));
        QCOMPARE(small.waiting(ok.url), 1); // "healthy" took the free connection
        client.cancelCycle(QStringLiteral("second"), QString());
        QCOMPARE(small.waiting(ok.url), 0);
        client.cancelAll();
        QTRY_COMPARE(finished.size(), 2 + ManagerPool::connectionsPerLane - 1 + 2);
        const auto second = std::find_if(records.cbegin(), records.cend(), [](const AttemptRecord &record) {
            return record.endpoint == QLatin1String("second");
        });
        QVERIFY(second != records.cend());
        const AttemptRecord &cancelled = *second;
        QCOMPARE(cancelled.category, ErrorCategory::Cancelled);
        QVERIFY(!cancelled.latency);
        QVERIFY(cancelled.phases.queued);
        QCOMPARE(small.inFlight(ok.url), 0);
        QCOMPARE(small.waiting(ok.url), 0);
    }

    // An https POST gets a manager of its own (a lane there is a manager),
    // deleted once the attempt is done; so does each https lane beyond the
    // first. A plain port answers no TLS handshake: tls_error, sent once.
    void httpsOneShotsAndLanesAreManagers()
    {
        Endpoint e = endpoint(QStringLiteral("/"));
        e.url = QUrl(QStringLiteral("https://127.0.0.1:%1/ok").arg(m_server->port()));
        e.method = "POST";
        e.body = "x";
        e.retry.maxAttempts = 1;
        QVERIFY(m_client->startCycle(e));
        QCOMPARE(m_pool->oneShotCount(), 1);
        QCOMPARE(m_pool->managerCount(), 1); // its own, and no shared one yet
        QSignalSpy finished(m_client.get(), &RetryingClient::cycleFinished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_records.last().category, ErrorCategory::TlsError);
        QCOMPARE(m_pool->oneShotCount(), 0);
        QTRY_COMPARE(m_pool->managers().size(), 0);

        // Seven GETs in flight to one https origin: two lanes, two managers.
        for (int i = 0; i < 7; ++i) {
            Endpoint get = endpoint(QStringLiteral("/"), QStringLiteral("get-%1").arg(i));
            get.url = e.url;
            get.retry.maxAttempts = 1;
            QVERIFY(m_client->startCycle(get));
        }
        QCOMPARE(m_pool->laneCount(e.url), 2);
        QCOMPARE(m_pool->managerCount(), 2);
        QTRY_COMPARE(m_pool->inFlight(e.url), 0);
    }

    // One-shot managers are gone once their request is: nothing accumulates.
    void oneShotConnectionsDoNotPileUp()
    {
        Endpoint e = endpoint(QStringLiteral("/ok"));
        e.method = "POST";
        for (int i = 0; i < 5; ++i)
            QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        QTRY_COMPARE(m_pool->oneShotCount(), 0);
        QCOMPARE(m_pool->managerCount(), 1); // http one-shots are tags on the shared manager
        QTRY_COMPARE(m_server->openConnections(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWireTruth)
#include "tst_wiretruth.moc"
