// SPDX-License-Identifier: GPL-3.0-or-later
// The `connectivity` check on real sockets: a check URL on a fault server of
// its own, closed to take the machine "offline" and opened again on the same
// port. Offline, no endpoint request reaches the endpoints' server, the
// request in flight ends `cancelled`, and no breaker moves; back online,
// polling resumes. The endpoints file's `connectivity` object is read with
// messages naming the key.
#include "core/config/endpointsfile.h"
#include "core/faultserver/faultserver.h"
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestConnectivity final : public QObject
{
    Q_OBJECT

    SystemClock m_clock;
    SeededRandom m_random{11};

    static Endpoint endpoint(const FaultServer &server, const QString &name, const QString &path)
    {
        Endpoint e;
        e.name = name;
        e.url = server.url(path);
        e.interval = 150ms;
        e.timeout = 5000ms;
        e.retry.maxAttempts = 1;
        e.breaker.failureThreshold = 1; // one failure would open it
        e.breaker.openDuration = 200ms;
        return e;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<AttemptRecord>();
        qRegisterMetaType<BreakerTransition>();
    }

    void offlineStopsPollingAndOnlineResumes()
    {
        FaultServer endpoints(m_clock);
        FaultServer check(m_clock);
        QVERIFY(endpoints.listen(0));
        QVERIFY(check.listen(0));
        const quint16 checkPort = check.port();

        Monitor monitor(m_clock, m_random);
        QSignalSpy changes(&monitor, &Monitor::connectivityChanged);
        QSignalSpy transitions(&monitor, &Monitor::transitioned);
        QList<AttemptRecord> records;
        connect(&monitor, &Monitor::attemptRecorded, this, [&records](const AttemptRecord &r) { records.append(r); });
        EndpointsDocument document;
        document.connectivity.checkUrl = check.url(QStringLiteral("/ok"));
        document.connectivity.interval = 100ms;
        document.endpoints = {endpoint(endpoints, QStringLiteral("a"), QStringLiteral("/ok?a")),
                              endpoint(endpoints, QStringLiteral("b"), QStringLiteral("/ok?b")),
                              endpoint(endpoints, QStringLiteral("slow"), QStringLiteral("/hang"))};
        monitor.setDocument(document);
        QVERIFY(monitor.connectivity().isOnline()); // the monitor starts online
        QTRY_VERIFY_WITH_TIMEOUT(endpoints.receivedOn(QStringLiteral("/ok")).size() >= 4, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(endpoints.receivedOn(QStringLiteral("/hang")).size(), 1, 5000);
        QVERIFY(check.received().size() >= 1);

        // The check fails: offline, with the reason.
        check.close();
        QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 5000);
        QCOMPARE(changes.first().at(0).toBool(), false);
        QVERIFY2(changes.first().at(1).toString().contains(QStringLiteral("/ok failed: Connection refused")),
                 qPrintable(changes.first().at(1).toString()));
        QVERIFY(!monitor.connectivity().isOnline());
        QVERIFY(!monitor.scheduler().isOnline());
        // The hanging request ended `cancelled`, saying why, counted by no breaker.
        const auto cancelled = std::find_if(records.cbegin(), records.cend(), [](const AttemptRecord &r) {
            return r.endpoint == QLatin1String("slow") && r.category == ErrorCategory::Cancelled;
        });
        QVERIFY(cancelled != records.cend());
        QCOMPARE(cancelled->error, QStringLiteral("the machine went offline: ") + changes.first().at(1).toString());
        const qsizetype sent = endpoints.received().size();
        const qsizetype recorded = records.size();
        QTest::qWait(1000); // more than six intervals
        QCOMPARE(endpoints.received().size(), sent);
        QCOMPARE(records.size(), recorded);
        QVERIFY(transitions.isEmpty());

        // The check passes again: online, and polling resumes.
        QVERIFY(check.listen(checkPort));
        QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 2, 5000);
        QCOMPARE(changes.last().at(0).toBool(), true);
        QTRY_VERIFY_WITH_TIMEOUT(endpoints.received().size() >= sent + 4, 5000);
        QVERIFY(transitions.isEmpty());
        // Stopping cancels the hanging request in flight, saying so.
        QTRY_COMPARE_WITH_TIMEOUT(endpoints.receivedOn(QStringLiteral("/hang")).size(), 2, 5000);
        monitor.stop();
        const auto stopped = std::find_if(records.crbegin(), records.crend(),
                                          [](const AttemptRecord &r) { return r.endpoint == QLatin1String("slow"); });
        QVERIFY(stopped != records.crend());
        QCOMPARE(stopped->category, ErrorCategory::Cancelled);
        QCOMPARE(stopped->error, QStringLiteral("Retryscope stopped"));
    }

    // A check that answers another status, or too late, says so.
    void aStatusOrSilenceIsOffline()
    {
        FaultServer check(m_clock);
        QVERIFY(check.listen(0));
        ConnectivityCheck connectivity(m_clock);
        QSignalSpy changes(&connectivity, &ConnectivityCheck::changed);
        ConnectivitySettings settings;
        settings.checkUrl = check.url(QStringLiteral("/status/503"));
        settings.interval = 200ms;
        connectivity.setSettings(settings, QProcessEnvironment());
        QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 5000);
        QVERIFY2(connectivity.reason().endsWith(QStringLiteral("/status/503 answered HTTP 503")),
                 qPrintable(connectivity.reason()));
        settings.checkUrl = check.url(QStringLiteral("/hang"));
        connectivity.setSettings(settings, QProcessEnvironment());
        QTRY_VERIFY_WITH_TIMEOUT(connectivity.reason().contains(QStringLiteral("no answer within 200 ms")), 5000);
        QCOMPARE(changes.size(), 1); // offline all along
        settings.checkUrl.clear(); // no check: online
        connectivity.setSettings(settings, QProcessEnvironment());
        QVERIFY(connectivity.isOnline());
        QCOMPARE(changes.size(), 2);
    }

    void theObjectIsCheckedAtLoad_data()
    {
        QTest::addColumn<QByteArray>("connectivity");
        QTest::addColumn<QString>("error");
        const auto row = [](const char *name, const char *json, const char *error) {
            QTest::newRow(name) << QByteArray(json) << QString::fromUtf8(error);
        };
        row("not an object", "3", "connectivity: expected an object with checkUrl and intervalMs, got 3");
        row("no url", "{\"intervalMs\": 1000}",
            "connectivity.checkUrl: missing (a URL whose 2xx answer means this machine is online)");
        row("bad url", "{\"checkUrl\": \"ftp://x.test/\"}",
            "connectivity.checkUrl: \"ftp://x.test/\" is not an http or https URL");
        row("too often", "{\"checkUrl\": \"http://x.test/\", \"intervalMs\": 99}",
            "connectivity.intervalMs: must be at least 100 (got 99)");
        row("unknown key", "{\"checkUrl\": \"http://x.test/\", \"timeoutMs\": 100}",
            "connectivity.timeoutMs: unknown key");
        row("fine", "{\"checkUrl\": \"http://x.test/generate_204\", \"intervalMs\": 5000}", "");
    }

    void theObjectIsCheckedAtLoad()
    {
        QFETCH(QByteArray, connectivity);
        QFETCH(QString, error);
        // Read as the whole file: {"version": 1, "connectivity": ...}, no endpoints.
        const EndpointsLoadResult loaded = EndpointsFile::parse(QByteArray("{\"version\": 1, \"connectivity\": ")
                                                                    + connectivity + ", \"endpoints\": []}",
                                                                QStringLiteral("f.json"), QProcessEnvironment());
        QCOMPARE(loaded.error, error.isEmpty() ? QString() : QStringLiteral("f.json: ") + error);
        if (error.isEmpty()) {
            QCOMPARE(loaded.document.connectivity.interval, 5000ms);
            QCOMPARE(loaded.document.connectivity.timeout(), 5000ms);
            // Saved as read.
            QCOMPARE(loaded.document.toJson().value(QStringLiteral("connectivity")).toObject(),
                     QJsonDocument::fromJson(connectivity).object());
        }
    }
};

QTEST_GUILESS_MAIN(TestConnectivity)
#include "tst_connectivity.moc"
