// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #9: the real binary, headless, serving /metrics. A scrape agrees
// with the CSV the same run wrote, passes `promtool check metrics` (Debian's
// prometheus package), and a port already taken is a clear error.
#include "core/faultserver/faultserver.h"
#include "tests/support/appprocess.h"
#include "tests/support/exposition.h"
#include "tests/support/httpget.h"
#include "tests/support/rfc4180reader.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The attempt counter series a CSV's rows add up to, keyed as the
// exposition writes them (the name's quotes escaped).
QHash<QByteArray, int> attemptSeries(const Rfc4180Result &rows)
{
    QHash<QByteArray, int> counts;
    if (rows.records.isEmpty())
        return counts;
    const QStringList &header = rows.records.constFirst();
    const auto column = [&header](const char *name) { return header.indexOf(QLatin1String(name)); };
    for (qsizetype i = 1; i < rows.records.size(); ++i) {
        const QStringList &row = rows.records[i];
        QString name = row[column("endpoint")];
        name.replace(u'"', QStringLiteral("\\\""));
        ++counts["retryscope_attempts_total{endpoint=\"" + name.toUtf8() + "\",category=\""
                 + row[column("category")].toUtf8() + "\",outcome=\"" + row[column("outcome")].toUtf8() + "\"}"];
    }
    return counts;
}

QJsonObject endpoint(const QString &name, const QString &url, const QJsonObject &extra = {})
{
    QJsonObject e{{QStringLiteral("name"), name}, {QStringLiteral("url"), url}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        e.insert(it.key(), it.value());
    return e;
}

} // namespace

class TestAgentMetrics : public QObject
{
    Q_OBJECT

private slots:
    void scrapeAgreesWithTheCsvAndPassesPromtool()
    {
        const SystemClock clock;
        FaultServer faults(clock);
        QVERIFY(faults.listen(0));
        QTemporaryDir home;
        const QString config = home.filePath(QStringLiteral("endpoints.json"));
        const QString csv = home.filePath(QStringLiteral("attempts.csv"));
        // One cycle each (an hour's interval), so that the run goes quiet and
        // the CSV and the scrape can be compared exactly.
        const QJsonObject quickRetries{{QStringLiteral("maxAttempts"), 3},
                                       {QStringLiteral("initialDelayMs"), 20},
                                       {QStringLiteral("jitter"), QStringLiteral("none")}};
        const QJsonObject shared{{QStringLiteral("key"), QStringLiteral("db")}};
        QVERIFY(writeJsonFile(
            config,
            {{QStringLiteral("version"), 1},
             {QStringLiteral("defaults"),
              QJsonObject{{QStringLiteral("intervalMs"), 3600000}, {QStringLiteral("retry"), quickRetries}}},
             {QStringLiteral("endpoints"),
              QJsonArray{endpoint(QStringLiteral("ok"), faults.url(QStringLiteral("/ok")).toString()),
                         endpoint(QStringLiteral("unavailable"), faults.url(QStringLiteral("/status/503")).toString()),
                         endpoint(QStringLiteral("missing"), faults.url(QStringLiteral("/status/404")).toString()),
                         endpoint(QStringLiteral("refused"), QStringLiteral("http://127.0.0.1:1/")),
                         endpoint(QStringLiteral("db \"a\""), faults.url(QStringLiteral("/ok?a")).toString(),
                                  {{QStringLiteral("breaker"), shared}}),
                         endpoint(QStringLiteral("db-b"), faults.url(QStringLiteral("/ok?b")).toString(),
                                  {{QStringLiteral("breaker"), shared}})}}}));
        QProcess agent;
        QByteArray out;
        const QUrl url = startAgent(agent, QStringLiteral(RETRYSCOPE_BINARY), home.path(), config,
                                    {QStringLiteral("--csv"), csv}, out);
        QVERIFY2(url.isValid() && url.host() == QLatin1String("127.0.0.1"), out.constData());

        // 1 + 3 + 1 + 3 + 1 + 1 attempts, then nothing for an hour.
        const auto csvRows = [&csv] {
            QFile file(csv);
            return file.open(QIODevice::ReadOnly) ? readRfc4180(file.readAll()) : Rfc4180Result{};
        };
        QTRY_COMPARE_WITH_TIMEOUT(csvRows().records.size(), 1 + 10, 20000);
        QNetworkAccessManager manager;
        const HttpResult scrape = sendAndWait(manager, QNetworkRequest(url));
        QCOMPARE(scrape.status, 200);
        const Rfc4180Result rows = csvRows();
        QVERIFY2(rows.error.isEmpty(), qPrintable(rows.error));
        const auto s = exposedSamples(scrape.body);

        const QHash<QByteArray, int> fromCsv = attemptSeries(rows);
        double scraped = 0;
        for (auto it = s.cbegin(); it != s.cend(); ++it) {
            if (it.key().startsWith("retryscope_attempts_total{"))
                scraped += it.value();
        }
        QCOMPARE(scraped, 10.0);
        for (auto it = fromCsv.cbegin(); it != fromCsv.cend(); ++it)
            QCOMPARE(s.value(it.key(), -1), double(it.value()));
        QCOMPARE(s.value("retryscope_cycles_total{endpoint=\"unavailable\",result=\"failed\"}"), 1);
        QCOMPARE(s.value("retryscope_cycles_total{endpoint=\"ok\",result=\"first_try_success\"}"), 1);
        // Backoff without jitter: 20 ms, then 40 ms.
        QCOMPARE(s.value("retryscope_retry_delay_seconds_count{endpoint=\"unavailable\"}"), 2);
        QCOMPARE(s.value("retryscope_retry_delay_seconds_sum{endpoint=\"unavailable\"}"), 0.06);
        QCOMPARE(s.value("retryscope_breaker_state{key=\"db\",state=\"closed\"}"), 1);
        QCOMPARE(s.value("retryscope_breaker_state{endpoint=\"missing\",state=\"closed\"}"), 1);
        QVERIFY(scrape.body.contains("retryscope_attempts_total{endpoint=\"db \\\"a\\\"\""));

        agent.terminate();
        QVERIFY(agent.waitForFinished(20000));
        QCOMPARE(agent.exitCode(), 0);

        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool not found (Debian package prometheus): the exposition was not linted");
        QProcess lint;
        lint.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(lint.waitForStarted());
        lint.write(scrape.body);
        lint.closeWriteChannel();
        QVERIFY(lint.waitForFinished(20000));
        QVERIFY2(lint.exitCode() == 0, lint.readAllStandardError().constData());
        QCOMPARE(lint.readAllStandardOutput() + lint.readAllStandardError(), QByteArray()); // no lint warnings either
    }

    // The built-in demo, polling on and on: every attempt series of a scrape
    // lies between the CSV read just before it and the CSV read just after
    // (both are written by the same signal in the same thread).
    void demoScrapeIsBracketedByItsCsv()
    {
        QTemporaryDir home;
        const QString csv = home.filePath(QStringLiteral("demo.csv"));
        QProcess agent;
        QByteArray out;
        const QUrl url = startAgent(agent, QStringLiteral(RETRYSCOPE_BINARY), home.path(), QString(),
                                    {QStringLiteral("--demo"), QStringLiteral("--csv"), csv}, out);
        QVERIFY2(url.isValid(), out.constData());
        const auto countCsv = [&csv] {
            QFile file(csv);
            QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            bytes.truncate(bytes.lastIndexOf("\r\n") + 2); // whole lines only
            return attemptSeries(readRfc4180(bytes));
        };
        QTRY_VERIFY_WITH_TIMEOUT(countCsv().size() >= 8, 30000); // most demo endpoints heard from
        QNetworkAccessManager manager;
        const QHash<QByteArray, int> before = countCsv();
        const HttpResult scrape = sendAndWait(manager, QNetworkRequest(url));
        const QHash<QByteArray, int> after = countCsv();
        QCOMPARE(scrape.status, 200);
        const auto s = exposedSamples(scrape.body);
        int series = 0;
        for (auto it = s.cbegin(); it != s.cend(); ++it) {
            if (!it.key().startsWith("retryscope_attempts_total{"))
                continue;
            ++series;
            QVERIFY2(before.value(it.key()) <= it.value() && it.value() <= after.value(it.key()),
                     qPrintable(QStringLiteral("%1: CSV %2 before, %3 scraped, CSV %4 after")
                                    .arg(QString::fromUtf8(it.key()))
                                    .arg(before.value(it.key()))
                                    .arg(it.value())
                                    .arg(after.value(it.key()))));
        }
        QVERIFY(series >= before.size());
        agent.terminate();
        QVERIFY(agent.waitForFinished(20000));
        QCOMPARE(agent.exitCode(), 0);
    }

    // The window serves the same metrics (offscreen platform: a real
    // QApplication and MainWindow, no display needed).
    void theGuiServesMetricsToo()
    {
        QTemporaryDir home;
        QProcess gui;
        QProcessEnvironment environment = privateEnvironment(home.path());
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        gui.setProcessEnvironment(environment);
        gui.start(QStringLiteral(RETRYSCOPE_BINARY),
                  {QStringLiteral("--demo"), QStringLiteral("--metrics-port"), QStringLiteral("0")});
        QVERIFY(gui.waitForStarted());
        QByteArray err;
        const QRegularExpression pattern(QStringLiteral("metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)"));
        QTRY_VERIFY_WITH_TIMEOUT(pattern.match(QString::fromUtf8(err += gui.readAllStandardError())).hasMatch(), 20000);
        const QUrl url(pattern.match(QString::fromUtf8(err)).captured(1));
        QNetworkAccessManager manager;
        // The demo's endpoints show up as they are polled.
        QTRY_VERIFY_WITH_TIMEOUT(
            sendAndWait(manager, QNetworkRequest(url)).body.contains("retryscope_attempts_total{endpoint=\"healthy\""),
            20000);
        QVERIFY(sendAndWait(manager, QNetworkRequest(url)).body.contains("retryscope_build_info{"));
        gui.kill();
        QVERIFY(gui.waitForFinished(10000));
    }

    void aTakenPortIsAClearError()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir home;
        QProcess agent;
        agent.setProcessEnvironment(privateEnvironment(home.path()));
        agent.start(QStringLiteral(RETRYSCOPE_BINARY),
                    {QStringLiteral("--demo"), QStringLiteral("--headless"), QStringLiteral("--duration"),
                     QStringLiteral("5"), QStringLiteral("--metrics-port"), QString::number(taken.serverPort())});
        QVERIFY(agent.waitForFinished(30000));
        QCOMPARE(agent.exitCode(), 1);
        const QString err = QString::fromUtf8(agent.readAllStandardError());
        QVERIFY2(err.startsWith(
                     QStringLiteral("retryscope: metrics: cannot listen on 127.0.0.1:%1: ").arg(taken.serverPort())),
                 qPrintable(err));
        QCOMPARE(err.count(u'\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestAgentMetrics)
#include "tst_agentmetrics.moc"
