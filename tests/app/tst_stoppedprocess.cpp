// SPDX-License-Identifier: GPL-3.0-or-later
// The real binary stopped (SIGSTOP, as a suspended laptop or a debugger
// leaves it) and continued: what fell due meanwhile must reach the server
// spread out, not in one instant, and the time it did not run must not be
// recorded as a timeout (docs/networks.md, "A laptop that sleeps").
#include "core/faultserver/faultserver.h"
#include "core/util/clock.h"
#include "tests/support/appprocess.h"
#include "tests/support/rfc4180reader.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace std::chrono_literals;

namespace {

constexpr int pollers = 4;

QJsonObject endpoint(const QString &name, const QUrl &url, int timeoutMs)
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("url"), url.toString()},
        {QStringLiteral("intervalMs"), 1000},
        {QStringLiteral("timeoutMs"), timeoutMs},
        {QStringLiteral("retry"), QJsonObject{{QStringLiteral("maxAttempts"), 1}}},
        {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("enabled"), false}}},
    };
}

QString writeConfig(const QString &dir, const FaultServer &server)
{
    QJsonArray endpoints;
    for (int i = 0; i < pollers; ++i)
        endpoints.append(endpoint(QStringLiteral("e%1").arg(i), server.url(QStringLiteral("/ok?e=%1").arg(i)), 5000));
    // Its attempt waits for a timeout of 2 s that passes while the process is stopped.
    endpoints.append(endpoint(QStringLiteral("hang"), server.url(QStringLiteral("/hang")), 2000));
    QString path = dir + QStringLiteral("/endpoints.json");
    if (!writeJsonFile(path, QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), endpoints}}))
        return {};
    return path;
}

void signalProcess(const QProcess &process, int signal)
{
    ::kill(static_cast<pid_t>(process.processId()), signal);
}

} // namespace

class TestStoppedProcess final : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    FaultServer m_server{m_clock};

private slots:
    void initTestCase() { QVERIFY2(m_server.listen(0), qPrintable(m_server.errorString())); }

    void aStopNeitherBurstsNorRecordsTimeouts()
    {
        QTemporaryDir home;
        const QString config = writeConfig(home.path(), m_server);
        QVERIFY(!config.isEmpty());
        const QString csv = home.filePath(QStringLiteral("attempts.csv"));
        QProcess process;
        process.setProcessEnvironment(privateEnvironment(home.path()));
        process.start(QStringLiteral(RETRYSCOPE_BINARY),
                      {QStringLiteral("--headless"), QStringLiteral("--config"), config, QStringLiteral("--csv"), csv});
        QVERIFY(process.waitForStarted());

        // Running steadily: every poller answered twice.
        const auto polled = [this] {
            QList<int> answered(pollers);
            for (const ReceivedRequest &request : m_server.receivedOn(QStringLiteral("/ok")))
                ++answered[request.query.queryItemValue(QStringLiteral("e")).toInt() % pollers];
            return std::all_of(answered.cbegin(), answered.cend(), [](int count) { return count >= 2; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(polled() || process.state() != QProcess::Running, 30000);
        QVERIFY2(process.state() == QProcess::Running, process.readAllStandardError().constData());

        // Stop it just after a /hang request arrived: that attempt's 2 s
        // timeout falls inside the 9 s stop, as do a few cycles of each poller.
        const qsizetype hangsBefore = m_server.receivedOn(QStringLiteral("/hang")).size();
        QTRY_VERIFY_WITH_TIMEOUT(m_server.receivedOn(QStringLiteral("/hang")).size() > hangsBefore, 10000);
        signalProcess(process, SIGSTOP);
        const Clock::TimePoint stoppedAt = m_clock.now();
        QTest::qWait(9000);
        const Clock::TimePoint continuedAt = m_clock.now();
        signalProcess(process, SIGCONT);
        QTest::qWait(4000);
        signalProcess(process, SIGINT); // ends cleanly, the CSV complete
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());

        // Nothing arrived while it was stopped (what was sent before the
        // stop arrives within a few ms of it); then each poller's first
        // request after the stop arrived spread over the start spread
        // (i/4 of a second: 0, 250, 500 and 750 ms), not in one instant.
        QList<Clock::TimePoint> firstAfter(pollers);
        for (const ReceivedRequest &request : m_server.receivedOn(QStringLiteral("/ok"))) {
            QVERIFY2(request.arrivedAt < stoppedAt + 200ms || request.arrivedAt >= continuedAt,
                     "a request arrived while the process was stopped");
            const int poller = request.query.queryItemValue(QStringLiteral("e")).toInt();
            if (request.arrivedAt >= continuedAt && firstAfter[poller] == Clock::TimePoint())
                firstAfter[poller] = request.arrivedAt;
        }
        for (const Clock::TimePoint at : std::as_const(firstAfter)) {
            QVERIFY2(at != Clock::TimePoint(), "a poller did not start again after the stop");
            QVERIFY(at - continuedAt < 3s);
        }
        const auto [earliest, latest] = std::minmax_element(firstAfter.cbegin(), firstAfter.cend());
        const auto span = std::chrono::duration_cast<std::chrono::milliseconds>(*latest - *earliest);
        qInfo("the first requests after the stop arrived over %lld ms", qint64(span.count()));
        QVERIFY2(span >= 600ms, qPrintable(QStringLiteral("spread over only %1 ms").arg(span.count())));

        static const QRegularExpression woke(QStringLiteral("Z  WOKE (\\d+\\.\\d) s late \\(the process did not run"));
        const QRegularExpressionMatch wokeLine = woke.match(out);
        QVERIFY2(wokeLine.hasMatch(), qPrintable(out));
        QVERIFY(wokeLine.captured(1).toDouble() > 5.0);

        // The attempt that waited through the stop is `cancelled`, saying
        // why; the other /hang attempts, before and after, are `timeout`s
        // of about 2 s: none counts the 9 s it did not run.
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Rfc4180Result rows = readRfc4180(file.readAll());
        QVERIFY2(rows.error.isEmpty(), qPrintable(rows.error));
        QVERIFY(rows.records.size() > 1);
        const QStringList &header = rows.records.first();
        const auto column = [&header](const char *name) { return header.indexOf(QLatin1String(name)); };
        int cancelled = 0;
        for (qsizetype i = 1; i < rows.records.size(); ++i) {
            const QStringList &row = rows.records[i];
            if (row[column("category")] == QLatin1String("timeout"))
                QVERIFY2(row[column("latency_ms")].toInt() < 4000, qPrintable(row.join(u',')));
            if (row[column("endpoint")] == QLatin1String("hang")
                && row[column("category")] == QLatin1String("cancelled")
                && row[column("error")].contains(QLatin1String("the process did not run for")))
                ++cancelled;
        }
        QCOMPARE(cancelled, 1);
    }
};

QTEST_GUILESS_MAIN(TestStoppedProcess)
#include "tst_stoppedprocess.moc"
