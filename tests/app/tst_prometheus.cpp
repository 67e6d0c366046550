// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #9's end-to-end check: two headless agents and a real Prometheus
// server (Debian's `prometheus`) on loopback. Prometheus scrapes both (it
// asks for OpenMetrics first, so that path is what it parses), and the
// aggregated attempt counts come back through its HTTP API.
#include "core/faultserver/faultserver.h"
#include "tests/support/appprocess.h"
#include "tests/support/httpget.h"
#include "tests/support/localports.h"
#include "tests/support/opensslserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestPrometheus : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_manager;
    quint16 m_port = 0;

    // One PromQL query through the HTTP API: the result vector as
    // "label=value,..." -> value (the empty key for a result without labels).
    // The API's query URL; '+' encoded too (QUrlQuery leaves it, and a form
    // decoder reads it as a space).
    QUrl queryUrl(const QString &promql) const
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(m_port));
        url.setQuery(QStringLiteral("query=") + QString::fromLatin1(QUrl::toPercentEncoding(promql)), QUrl::StrictMode);
        return url;
    }

    QHash<QString, double> query(const QString &promql)
    {
        const HttpResult result = sendAndWait(m_manager, QNetworkRequest(queryUrl(promql)));
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
        OpensslServer tls; // a certificate for 10 days, which the agents refuse (self-signed) but report
        const QString tlsProblem = tls.start(10);
        QVERIFY2(tlsProblem.isEmpty(), qPrintable(tlsProblem));
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("endpoints.json"));
        // Per agent: 1 attempt to "ok", 3 to "unavailable" (2 retries; the
        // third failure opens its breaker), 1 to "quota" (which announces 5
        // a second, shared by both agents: 4 left, then 3), then nothing for
        // an hour; 1 to "certificate" (refused, not retried, its breaker
        // off), which reports when the server's certificate expires.
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
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("certificate")},
                              {QStringLiteral("url"), tls.url().toString()},
                              {QStringLiteral("retry"), QJsonObject{{QStringLiteral("maxAttempts"), 1}}},
                              {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("enabled"), false}}}},
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("quota")},
                              {QStringLiteral("url"), faults.url(QStringLiteral("/ratelimit?rps=5")).toString()}},
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("unavailable")},
                              {QStringLiteral("url"), faults.url(QStringLiteral("/status/503")).toString()},
                              {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("failureThreshold"), 3}}}}}}}));
        QProcess agents[2];
        QStringList targets;
        for (int i = 0; i < 2; ++i) {
            const QString home = dir.filePath(QStringLiteral("agent%1").arg(i));
            QByteArray out;
            const QUrl url = startAgent(agents[i], QStringLiteral(RETRYSCOPE_BINARY), home, config, {}, out);
            QVERIFY2(url.isValid(), out.constData());
            targets.append(QStringLiteral("'127.0.0.1:%1'").arg(url.port()));
        }

        m_port = LocalPorts::closed();
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
        QTRY_COMPARE_WITH_TIMEOUT(query(QStringLiteral("sum(retryscope_attempts_total)")).value(QString()), 12.0,
                                  60000);
        const auto byEndpoint = query(QStringLiteral("sum by (endpoint) (retryscope_attempts_total)"));
        QCOMPARE(byEndpoint.value(QStringLiteral("endpoint=ok")), 2.0);
        QCOMPARE(byEndpoint.value(QStringLiteral("endpoint=unavailable")), 6.0);
        QCOMPARE(byEndpoint.value(QStringLiteral("endpoint=quota")), 2.0);
        QCOMPARE(byEndpoint.value(QStringLiteral("endpoint=certificate")), 2.0);
        // Both agents saw the certificate expire 10 days from now.
        QCOMPARE(query(QStringLiteral("count(retryscope_tls_certificate_expiry_timestamp_seconds)")).value(QString()),
                 2.0);
        const double left = query(QStringLiteral("min(retryscope_tls_certificate_expiry_timestamp_seconds) - time()"))
                                .value(QString());
        QVERIFY2(left > 10 * 86400 - 900 && left <= 10 * 86400, qPrintable(QString::number(left)));
        QCOMPARE(query(QStringLiteral("sum(retryscope_ratelimit_remaining)")).value(QString()), 7.0);
        QCOMPARE(query(QStringLiteral("sum(retryscope_slow_calls_total)")).value(QString()), 0.0);
        QCOMPARE(query(QStringLiteral("sum(retryscope_retry_delay_seconds_count)")).value(QString()), 4.0);
        QCOMPARE(
            query(QStringLiteral("sum by (result) (retryscope_cycles_total)")).value(QStringLiteral("result=failed")),
            4.0);
        QCOMPARE(query(QStringLiteral("count(retryscope_build_info)")).value(QString()), 2.0);
        QCOMPARE(query(QStringLiteral("sum(retryscope_breaker_transitions_total{to=\"open\"})")).value(QString()), 2.0);
        QCOMPARE(query(QStringLiteral("sum(retryscope_breaker_state{state=\"open\"})")).value(QString()), 2.0);

        // The Grafana dashboard: every panel's query is valid PromQL that this
        // Prometheus accepts, over metrics the agents really expose.
        QFile file(QStringLiteral(RETRYSCOPE_SOURCE_DIR "/resources/grafana/retryscope.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject dashboard = QJsonDocument::fromJson(file.readAll()).object();
        QStringList expressions;
        const auto collect = [&expressions](const QJsonArray &panels, const auto &self) -> void {
            for (const QJsonValue panel : panels) {
                for (const QJsonValue target : panel[QStringLiteral("targets")].toArray())
                    expressions.append(target[QStringLiteral("expr")].toString());
                self(panel[QStringLiteral("panels")].toArray(), self);
            }
        };
        collect(dashboard[QStringLiteral("panels")].toArray(), collect);
        QVERIFY(expressions.size() >= 15);
        const QHash<QString, double> exposed = query(QStringLiteral("count by (__name__) ({job=\"retryscope\"})"));
        static const QRegularExpression metricName(QStringLiteral("retryscope_[a-z_]+"));
        for (QString expression : std::as_const(expressions)) {
            for (const auto &match : metricName.globalMatch(expression)) {
                QVERIFY2(exposed.contains(QStringLiteral("__name__=") + match.captured()),
                         qPrintable(match.captured() + QStringLiteral(" is not exposed")));
            }
            expression.replace(QStringLiteral("$__rate_interval"), QStringLiteral("1m"));
            for (const char *variable : {"$job", "$instance", "$endpoint"})
                expression.replace(QLatin1String(variable), QStringLiteral(".*"));
            const HttpResult answer = sendAndWait(m_manager, QNetworkRequest(queryUrl(expression)));
            QVERIFY2(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("status")).toString()
                         == QLatin1String("success"),
                     qPrintable(expression + QStringLiteral(": ") + QString::fromUtf8(answer.body)));
        }

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
