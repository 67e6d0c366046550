// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/faultserver/faultserver.h"
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

class TestMonitor final : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    SeededRandom m_random{3};

    static void write(const QString &path, const QByteArray &bytes)
    {
        // As editors do: write a new file and rename it over the old one.
        QSaveFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        QVERIFY(file.commit());
    }

    static QByteArray config(const FaultServer &server, const QStringList &names)
    {
        QJsonArray endpoints;
        for (const QString &name : names)
            endpoints.append(QJsonObject{{QStringLiteral("name"), name},
                                         {QStringLiteral("url"), server.url(QStringLiteral("/ok")).toString()},
                                         {QStringLiteral("intervalMs"), 200}});
        return QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), endpoints}})
            .toJson();
    }

private slots:
    void initTestCase() { qRegisterMetaType<AttemptRecord>(); }

    void appliesValidEditsAndKeepsRunningOnInvalidOnes()
    {
        FaultServer server(m_clock);
        QVERIFY(server.listen(0));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("endpoints.json"));
        write(path, config(server, {QStringLiteral("a"), QStringLiteral("b")}));

        Monitor monitor(m_clock, m_random);
        QStringList seen;
        connect(&monitor, &Monitor::attemptRecorded, this,
                [&seen](const AttemptRecord &r) { seen.append(r.endpoint); });
        QSignalSpy changed(&monitor, &Monitor::endpointsChanged);
        const auto loaded = EndpointsFile::load(path, {});
        QVERIFY(loaded.ok());
        monitor.setEndpoints(loaded.document.endpoints);
        QCOMPARE(changed.size(), 1);
        monitor.setEndpoints(loaded.document.endpoints); // the same again: no change
        QCOMPARE(changed.size(), 1);
        monitor.watch(path, {});
        QTRY_VERIFY(seen.contains(QStringLiteral("b")));

        QSignalSpy reloaded(&monitor, &Monitor::configReloaded);
        QSignalSpy rejected(&monitor, &Monitor::configRejected);
        write(path, config(server, {QStringLiteral("a"), QStringLiteral("c")}));
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(reloaded.last().at(1).toInt(), 2);
        QCOMPARE(changed.size(), 2); // a reload that changes the set says so
        QCOMPARE(monitor.endpoints().last().name, QStringLiteral("c"));
        QCOMPARE(monitor.scheduler().endpointNames(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        seen.clear();
        QTRY_VERIFY(seen.contains(QStringLiteral("c")));
        QTest::qWait(500);
        QVERIFY(!seen.contains(QStringLiteral("b")));

        write(path, "{\"version\": 1, \"endpoints\": [{\"name\": \"a\"}]}");
        QVERIFY(rejected.wait(5000));
        QVERIFY2(rejected.last().at(0).toString().endsWith(QLatin1String("endpoints[0] (\"a\"): url: missing")),
                 qPrintable(rejected.last().at(0).toString()));
        QCOMPARE(changed.size(), 2); // a rejected file changes nothing
        QCOMPARE(monitor.scheduler().endpointNames(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        seen.clear();
        QTRY_VERIFY(seen.contains(QStringLiteral("c"))); // still polling the previous set

        // And a fixed file is picked up again.
        write(path, config(server, {QStringLiteral("d")}));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.scheduler().endpointNames(), QStringList{QStringLiteral("d")}, 5000);
    }

    // After a restart the history's breaker states and Retry-After moments
    // hold: nothing reaches the server before they pass.
    void restoredStateKeepsServicesAlone()
    {
        FaultServer server(m_clock);
        QVERIFY(server.listen(0));
        Monitor monitor(m_clock, m_random);
        Endpoint open;
        open.name = QStringLiteral("open");
        open.url = server.url(QStringLiteral("/status/201"));
        open.interval = 200ms;
        Endpoint deferred = open;
        deferred.name = QStringLiteral("deferred");
        deferred.url = server.url(QStringLiteral("/status/202"));
        PersistedState state;
        state.breakers.insert(QStringLiteral("open"), {BreakerState::Open, m_clock.utcNow().addMSecs(1500), 30000ms});
        state.notBeforeUtc.insert(QStringLiteral("deferred"), m_clock.utcNow().addMSecs(800));
        monitor.restore(state, {open, deferred});
        monitor.setEndpoints({open, deferred});
        QTest::qWait(600);
        QCOMPARE(server.received().size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(server.receivedOn(QStringLiteral("/status/202")).size() > 0, true, 3000);
        QCOMPARE(server.receivedOn(QStringLiteral("/status/201")).size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(server.receivedOn(QStringLiteral("/status/201")).size(), 1, 3000); // the probe
    }

    void stopCancelsWhatRuns()
    {
        FaultServer server(m_clock);
        QVERIFY(server.listen(0));
        Monitor monitor(m_clock, m_random);
        QList<AttemptRecord> records;
        connect(&monitor, &Monitor::attemptRecorded, this, [&records](const AttemptRecord &r) { records.append(r); });
        Endpoint hang;
        hang.name = QStringLiteral("hang");
        hang.url = server.url(QStringLiteral("/hang"));
        monitor.setEndpoints({hang});
        QTRY_COMPARE(server.received().size(), 1);
        monitor.stop();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.first().category, ErrorCategory::Cancelled);
        QCOMPARE(records.first().reason, CycleEndReason::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
