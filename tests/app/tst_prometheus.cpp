// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #9's end-to-end check: two headless agents and a real Prometheus
// server (Debian's `prometheus`) on loopback. Prometheus scrapes both (it
// asks for OpenMetrics first, so that path is what it parses), and the
// aggregated attempt counts come back through its HTTP API.
#include "core/net/faultserver.h"
#include "tests/support/appprocess.h"
#include "tests/support/httpget.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

namespace {

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_manager;
    quint16 m_port = 0;

    // One PromQL query through the HTTP API: the result vector as
    // "label=value,..." -> value (the empty key for a result without labels).
    QHash<QString, double> query(const QString &promql)
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(m_port));
        url.setQuery(QUrlQuery{{QStringLiteral("query"), promql}});
        const HttpResult result = sendAndWait(m_manager, QNetworkRequest(url));
        QHash<QString, double> values;
        const QJsonObject data = QJsonDocument::fromJson(result.body).object().value(QStringLiteral("data")).toObject();
        for (const QJsonValue item : data.value(QStringLiteral("result")).toArray()) {
            const QJsonObject metric = item.toObject().value(QStringLiteral("metric")).toObject();
            QStringList labels;
            for (auto it = metric.begin(); it != metric.end(); ++it)
                labels.append(it.key() + u'=' + it.value().toString());
            values.insert(labels.join(u','),
                          item.toObject().value(QStringLiteral("value")).toArray().at(1).toString().toDouble());
        }
        return values;
    }

private slots:
    void prometheusAggregatesTwoAgents()
    {
        const QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        if (prometheus.isEmpty())
            QSKIP("prometheus not found (Debian package prometheus, which installer/install-deps.sh installs): "
                  "the end-to-end check did not run");
        const SystemClock clock;
        FaultServer faults(clock);
        QVERIFY(faults.listen(0));
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("endpoints.json"));
        // Per agent: 1 attempt to "ok", 3 to "unavailable" (2 retries), then
        // nothing for an hour.
        QVERIFY(writeJsonFile(
            config,
            {{QStringLiteral("version"), 1},
             {QStringLiteral("defaults"),
              QJsonObject{{QStringLiteral("intervalMs"), 3600000},
                          {QStringLiteral("retry"),
                           QJsonObject{{QStringLiteral("maxAttempts"), 3}, {QStringLiteral("initialDelayMs"), 20}}}}},
             {QStringLiteral("endpoints"),
              QJsonArray{
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("ok")},
                              {QStringLiteral("url"), faults.url(QStringLiteral("/ok")).toString()}},
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("unavailable")},
                              {QStringLiteral("url"), faults.url(QStringLiteral("/status/503")).toString()}}}}}));
        QProcess agents[2];
        QStringList targets;
        for (int i = 0; i < 2; ++i) {
            const QString home = dir.filePath(QStringLiteral("agent%1").arg(i));
            QByteArray out;
            const QUrl url = startAgent(agents[i], QStringLiteral(RETRYSCOPE_BINARY), home, config, {}, out);
            QVERIFY2(url.isValid(), out.constData());
            targets.append(QStringLiteral("'127.0.0.1:%1'").arg(url.port()));
        }

        m_port = freePort();
        QVERIFY(m_port != 0);
        QFile yml(dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(yml.open(QIODevice::WriteOnly));
        yml.write(QStringLiteral("global:\n  scrape_interval: 1s\n"
                                 "scrape_configs:\n  - job_name: retryscope\n    static_configs:\n"
                                 "      - targets: [%1]\n")
                      .arg(targets.join(QStringLiteral(", ")))
                      .toUtf8());
        yml.close();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(prometheus,
                     {QStringLiteral("--config.file=") + yml.fileName(),
                      QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("data")),
                      QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port)});
        QVERIFY(server.waitForStarted());

        // Both targets up, and the sum over both agents of every attempt.
        QTRY_COMPARE_WITH_TIMEOUT(query(QStringLiteral("count(up{job=\"retryscope\"} == 1)")).value(QString()), 2.0,
                                  60000);
        QTRY_COMPARE_WITH_TIMEOUT(query(QStringLiteral("sum(retryscope_attempts_total)")).value(QString()), 8.0, 60000);
        const auto byEndpoint = query(QStringLiteral("sum by (endpoint) (retryscope_attempts_total)"));
        QCOMPARE(byEndpoint.value(QStringLiteral("endpoint=ok")), 2.0);
        QCOMPARE(byEndpoint.value(QStringLiteral("endpoint=unavailable")), 6.0);
        QCOMPARE(query(QStringLiteral("sum(retryscope_retry_delay_seconds_count)")).value(QString()), 4.0);
        QCOMPARE(
            query(QStringLiteral("sum by (result) (retryscope_cycles_total)")).value(QStringLiteral("result=failed")),
            2.0);
        QCOMPARE(query(QStringLiteral("count(retryscope_build_info)")).value(QString()), 2.0);

        server.terminate();
        QVERIFY(server.waitForFinished(30000));
        for (QProcess &agent : agents) {
            agent.terminate();
            QVERIFY(agent.waitForFinished(30000));
            QCOMPARE(agent.exitCode(), 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
