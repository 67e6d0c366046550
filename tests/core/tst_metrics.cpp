// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #9's metrics: the exposition formats, the registry's figures, the
// /metrics server on a real socket, and a running monitor's scrape against
// what it reported.
#include "core/breaker/circuitbreaker.h"
#include "core/faultserver/faultserver.h"
#include "core/metrics/metricsregistry.h"
#include "core/metrics/metricsserver.h"
#include "core/metrics/monitormetrics.h"
#include "core/metrics/promtext.h"
#include "core/monitor/monitor.h"
#include "core/util/randomsource.h"
#include "tests/support/exposition.h"
#include "tests/support/httpget.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

// "name{labels}" -> value, for every sample line of an exposition.

AttemptRecord record(const QString &endpoint, AttemptOutcome outcome, ErrorCategory category,
                     std::optional<std::chrono::milliseconds> latency, std::optional<std::chrono::milliseconds> delay)
{
    AttemptRecord r;
    r.endpoint = endpoint;
    r.outcome = outcome;
    r.category = category;
    r.latency = latency;
    r.delay = delay;
    return r;
}

Endpoint endpoint(const QString &name, const QString &breakerKey = {}, const QString &budgetKey = {})
{
    Endpoint e;
    e.name = name;
    e.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    e.breaker.key = breakerKey;
    e.budget.key = budgetKey;
    return e;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void labelValuesAreEscaped()
    {
        QCOMPARE(PromText::escapeLabelValue(u"plain"), QByteArray("plain"));
        QCOMPARE(PromText::escapeLabelValue(u"a\\b\"c\nd"), QByteArray("a\\\\b\\\"c\\nd"));
        QCOMPARE(PromText::escapeLabelValue(u"caf\u00e9 \u2603"), QByteArray("caf\xc3\xa9 \xe2\x98\x83"));
    }

    void valuesAreFormattedAsBothFormatsWant()
    {
        QCOMPARE(PromText::formatValue(42), QByteArray("42"));
        QCOMPARE(PromText::formatValue(0.25), QByteArray("0.25"));
        QCOMPARE(PromText::formatValue(0.1 + 0.2), QByteArray("0.30000000000000004"));
        QCOMPARE(PromText::formatValue(-3), QByteArray("-3"));
        QCOMPARE(PromText::formatValue(std::numeric_limits<double>::infinity()), QByteArray("+Inf"));
        QCOMPARE(PromText::formatValue(std::nan("")), QByteArray("NaN"));
    }

    void formatsAreNegotiated()
    {
        QCOMPARE(PromText::negotiate(""), PromText::Format::Text);
        QCOMPARE(PromText::negotiate("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"), PromText::Format::Text);
        // What Prometheus 2.x sends.
        QCOMPARE(PromText::negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                                     "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
                 PromText::Format::OpenMetrics);
    }

    void textAndOpenMetricsNameCountersDifferently()
    {
        PromText::Family counter{"x_requests", PromText::Family::Type::Counter, "Requests.", {}, {}};
        counter.samples.append({"_total", {{"endpoint", QStringLiteral("a \"b\"")}}, 3});
        PromText::Family delay{"x_delay_seconds", PromText::Family::Type::Histogram, "Delay.", "seconds", {}};
        delay.samples.append({"_count", {}, 1});
        const QByteArray text = PromText::render({counter, delay}, PromText::Format::Text);
        QCOMPARE(text,
                 QByteArray("# HELP x_requests_total Requests.\n"
                            "# TYPE x_requests_total counter\n"
                            "x_requests_total{endpoint=\"a \\\"b\\\"\"} 3\n"
                            "# HELP x_delay_seconds Delay.\n"
                            "# TYPE x_delay_seconds histogram\n"
                            "x_delay_seconds_count 1\n"));
        const QByteArray open = PromText::render({counter, delay}, PromText::Format::OpenMetrics);
        QCOMPARE(open,
                 QByteArray("# HELP x_requests Requests.\n"
                            "# TYPE x_requests counter\n"
                            "x_requests_total{endpoint=\"a \\\"b\\\"\"} 3\n"
                            "# HELP x_delay_seconds Delay.\n"
                            "# TYPE x_delay_seconds histogram\n"
                            "# UNIT x_delay_seconds seconds\n"
                            "x_delay_seconds_count 1\n"
                            "# EOF\n"));
    }

    void registryCountsAttemptsCyclesAndHistograms()
    {
        MetricsRegistry registry;
        registry.setEndpoints({endpoint(QStringLiteral("api"))});
        registry.recordAttempt(
            record(QStringLiteral("api"), AttemptOutcome::Retry, ErrorCategory::ServerError, 30ms, 700ms));
        registry.recordAttempt(
            record(QStringLiteral("api"), AttemptOutcome::Retry, ErrorCategory::ServerError, 3ms, 1500ms));
        registry.recordAttempt(record(QStringLiteral("api"), AttemptOutcome::Success, ErrorCategory::Ok, 7ms, {}));
        registry.recordAttempt(
            record(QStringLiteral("api"), AttemptOutcome::Rejected, ErrorCategory::CircuitOpen, {}, {}));
        registry.recordCycle({QStringLiteral("api"), 1, AttemptOutcome::Success, {}, 3, {}});
        registry.recordCycle({QStringLiteral("api"), 2, AttemptOutcome::Success, {}, 1, {}});
        registry.recordCycle({QStringLiteral("api"), 3, AttemptOutcome::Rejected, CycleEndReason::CircuitOpen, 1, {}});
        registry.recordCycle({QStringLiteral("api"), 4, AttemptOutcome::Failed, CycleEndReason::MaxAttempts, 5, {}});
        registry.recordCycle({QStringLiteral("api"), 5, AttemptOutcome::Failed, CycleEndReason::Cancelled, 1, {}});
        const auto s
            = exposedSamples(PromText::render(registry.families({}, QStringLiteral("1.2.3")), PromText::Format::Text));

        QCOMPARE(s.value("retryscope_attempts_total{endpoint=\"api\",category=\"server_error\",outcome=\"retry\"}"), 2);
        QCOMPARE(s.value("retryscope_attempts_total{endpoint=\"api\",category=\"ok\",outcome=\"success\"}"), 1);
        QCOMPARE(s.value("retryscope_attempts_total{endpoint=\"api\",category=\"circuit_open\",outcome=\"rejected\"}"),
                 1);
        QCOMPARE(s.value("retryscope_cycles_total{endpoint=\"api\",result=\"success_after_retries\"}"), 1);
        QCOMPARE(s.value("retryscope_cycles_total{endpoint=\"api\",result=\"first_try_success\"}"), 1);
        QCOMPARE(s.value("retryscope_cycles_total{endpoint=\"api\",result=\"rejected\"}"), 1);
        QCOMPARE(s.value("retryscope_cycles_total{endpoint=\"api\",result=\"failed\"}"), 1); // not the cancelled one
        // Delays 0.7 s and 1.5 s: cumulative buckets.
        QCOMPARE(s.value("retryscope_retry_delay_seconds_bucket{endpoint=\"api\",le=\"0.5\"}"), 0);
        QCOMPARE(s.value("retryscope_retry_delay_seconds_bucket{endpoint=\"api\",le=\"1\"}"), 1);
        QCOMPARE(s.value("retryscope_retry_delay_seconds_bucket{endpoint=\"api\",le=\"2.5\"}"), 2);
        QCOMPARE(s.value("retryscope_retry_delay_seconds_bucket{endpoint=\"api\",le=\"+Inf\"}"), 2);
        QCOMPARE(s.value("retryscope_retry_delay_seconds_sum{endpoint=\"api\"}"), 2.2);
        QCOMPARE(s.value("retryscope_retry_delay_seconds_count{endpoint=\"api\"}"), 2);
        // Latencies of the three attempts sent (the rejected one has none); a
        // value on a bound falls in that bucket (le = "less or equal").
        QCOMPARE(s.value("retryscope_attempt_latency_seconds_bucket{endpoint=\"api\",le=\"0.005\"}"), 1);
        QCOMPARE(s.value("retryscope_attempt_latency_seconds_bucket{endpoint=\"api\",le=\"0.01\"}"), 2);
        QCOMPARE(s.value("retryscope_attempt_latency_seconds_bucket{endpoint=\"api\",le=\"0.025\"}"), 2);
        QCOMPARE(s.value("retryscope_attempt_latency_seconds_bucket{endpoint=\"api\",le=\"0.05\"}"), 3);
        QCOMPARE(s.value("retryscope_attempt_latency_seconds_count{endpoint=\"api\"}"), 3);
        QCOMPARE(s.value(QByteArray("retryscope_build_info{version=\"1.2.3\",qt_version=\"") + qVersion() + "\"}"), 1);
        // Nothing slow, nothing announced: the counters say 0, the gauge is absent.
        QCOMPARE(s.value("retryscope_slow_calls_total{endpoint=\"api\"}", -1), 0);
        QCOMPARE(s.value("retryscope_ratelimit_exhausted_total{endpoint=\"api\"}", -1), 0);
        QVERIFY(!s.contains("retryscope_ratelimit_remaining{endpoint=\"api\"}"));
    }

    // Slow calls and the announced quota, counted as the records say.
    void slowCallsAndQuota()
    {
        MetricsRegistry registry;
        registry.setEndpoints({endpoint(QStringLiteral("api"))});
        AttemptRecord slow = record(QStringLiteral("api"), AttemptOutcome::Success, ErrorCategory::Ok, 900ms, {});
        slow.slow = true;
        slow.rateLimitRemaining = 3;
        registry.recordAttempt(slow);
        AttemptRecord exhausted
            = record(QStringLiteral("api"), AttemptOutcome::Retry, ErrorCategory::RateLimited, 5ms, 1600ms);
        exhausted.rateLimitRemaining = 0;
        exhausted.rateLimitReset = 1500ms;
        registry.recordAttempt(exhausted);
        exhausted.certificateExpiryUtc = QDateTime::fromSecsSinceEpoch(1800000000, QTimeZone::utc());
        registry.recordAttempt(exhausted);
        const auto s
            = exposedSamples(PromText::render(registry.families({}, QStringLiteral("1")), PromText::Format::Text));
        QCOMPARE(s.value("retryscope_slow_calls_total{endpoint=\"api\"}"), 1);
        QCOMPARE(s.value("retryscope_ratelimit_exhausted_total{endpoint=\"api\"}"), 2);
        QCOMPARE(s.value("retryscope_pacing_wait_seconds_total{endpoint=\"api\"}"), 3.0);
        QCOMPARE(s.value("retryscope_ratelimit_remaining{endpoint=\"api\"}"), 0);
        QCOMPARE(s.value("retryscope_tls_certificate_expiry_timestamp_seconds{endpoint=\"api\"}"), 1800000000.0);
    }

    void breakersAndBudgetsAreLabelledByEndpointOrSharedKey()
    {
        MetricsRegistry registry;
        Endpoint off = endpoint(QStringLiteral("off"));
        off.breaker.enabled = false;
        off.budget.enabled = false;
        registry.setEndpoints({endpoint(QStringLiteral("solo")),
                               endpoint(QStringLiteral("a"), QStringLiteral("db"), QStringLiteral("pool")),
                               endpoint(QStringLiteral("b"), QStringLiteral("db"), QStringLiteral("pool")), off});
        registry.recordTransition({{}, QStringLiteral("db"), BreakerState::Closed, BreakerState::Open, {}, {}});
        registry.recordTransition({{}, QStringLiteral("db"), BreakerState::Open, BreakerState::HalfOpen, {}, {}});
        registry.recordTransition({{}, QStringLiteral("db"), BreakerState::HalfOpen, BreakerState::Open, {}, {}});
        registry.recordTransition({{}, QStringLiteral("db"), BreakerState::Closed, BreakerState::Open, {}, {}});
        MetricsRegistry::Readings readings;
        readings.breakers.insert(QStringLiteral("solo"), {BreakerState::Closed, 0});
        readings.breakers.insert(QStringLiteral("db"), {BreakerState::Open, 12.5});
        readings.budgetTokens.insert(QStringLiteral("solo"), 10);
        readings.budgetTokens.insert(QStringLiteral("pool"), 4.5);
        const QByteArray text = PromText::render(registry.families(readings, {}), PromText::Format::Text);
        const auto s = exposedSamples(text);

        QCOMPARE(s.value("retryscope_breaker_state{endpoint=\"solo\",state=\"closed\"}"), 1);
        QCOMPARE(s.value("retryscope_breaker_state{endpoint=\"solo\",state=\"open\"}"), 0);
        QCOMPARE(s.value("retryscope_breaker_state{key=\"db\",state=\"open\"}"), 1);
        QCOMPARE(s.value("retryscope_breaker_state{key=\"db\",state=\"closed\"}"), 0);
        QCOMPARE(s.value("retryscope_breaker_state{endpoint=\"off\",state=\"disabled\"}"), 1);
        QCOMPARE(text.count("retryscope_breaker_state{key=\"db\""), 5); // once for the key, not per endpoint
        QVERIFY(!text.contains("endpoint=\"a\",state="));
        QCOMPARE(s.value("retryscope_breaker_until_probe_seconds{key=\"db\"}"), 12.5);
        QCOMPARE(s.value("retryscope_breaker_until_probe_seconds{endpoint=\"solo\"}"), 0);
        QCOMPARE(s.value("retryscope_breaker_transitions_total{key=\"db\",from=\"closed\",to=\"open\"}"), 2);
        QCOMPARE(s.value("retryscope_breaker_transitions_total{key=\"db\",from=\"half_open\",to=\"open\"}"), 1);
        QCOMPARE(s.value("retryscope_retry_budget_tokens{endpoint=\"solo\"}"), 10);
        QCOMPARE(s.value("retryscope_retry_budget_tokens{key=\"pool\"}"), 4.5);
        QVERIFY(!text.contains("retryscope_retry_budget_tokens{endpoint=\"off\""));
    }

    void removedEndpointsDisappear()
    {
        MetricsRegistry registry;
        registry.setEndpoints({endpoint(QStringLiteral("keep")), endpoint(QStringLiteral("gone"))});
        registry.recordAttempt(record(QStringLiteral("keep"), AttemptOutcome::Success, ErrorCategory::Ok, 1ms, {}));
        registry.recordAttempt(record(QStringLiteral("gone"), AttemptOutcome::Success, ErrorCategory::Ok, 1ms, {}));
        registry.recordTransition({{}, QStringLiteral("gone"), BreakerState::Closed, BreakerState::Open, {}, {}});
        QVERIFY(PromText::render(registry.families({}, {}), PromText::Format::Text).contains("\"gone\""));
        registry.setEndpoints({endpoint(QStringLiteral("keep"))});
        const QByteArray text = PromText::render(registry.families({}, {}), PromText::Format::Text);
        QVERIFY(!text.contains("gone"));
        QVERIFY(text.contains("retryscope_attempts_total{endpoint=\"keep\""));
    }

    void serverAnswersScrapesOnARealSocket()
    {
        int scrapes = 0;
        MetricsServer server([&scrapes](PromText::Format format) {
            ++scrapes;
            return format == PromText::Format::OpenMetrics ? QByteArray("om 1\n# EOF\n") : QByteArray("text 1\n");
        });
        QCOMPARE(server.listen(QHostAddress::LocalHost, 0), QString());
        QNetworkAccessManager manager;
        const QUrl base(QStringLiteral("http://127.0.0.1:%1").arg(server.port()));

        const HttpResult text = sendAndWait(manager, QNetworkRequest(base.resolved(QUrl(QStringLiteral("/metrics")))));
        QCOMPARE(text.status, 200);
        QCOMPARE(text.body, QByteArray("text 1\n"));
        QCOMPARE(text.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));

        QNetworkRequest asksOpenMetrics(base.resolved(QUrl(QStringLiteral("/metrics"))));
        asksOpenMetrics.setRawHeader("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
        const HttpResult open = sendAndWait(manager, asksOpenMetrics);
        QCOMPARE(open.body, QByteArray("om 1\n# EOF\n"));
        QCOMPARE(open.header("Content-Type"), QByteArray("application/openmetrics-text; version=1.0.0; charset=utf-8"));

        const HttpResult head
            = sendAndWait(manager, QNetworkRequest(base.resolved(QUrl(QStringLiteral("/metrics")))), "HEAD");
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());
        QCOMPARE(sendAndWait(manager, QNetworkRequest(base.resolved(QUrl(QStringLiteral("/other"))))).status, 404);
        QCOMPARE(
            sendAndWait(manager, QNetworkRequest(base.resolved(QUrl(QStringLiteral("/metrics")))), "POST", "x").status,
            405);
        QCOMPARE(scrapes, 3);

        // Garbage gets a 400 and the connection closed, not a hang.
        QTcpSocket raw;
        raw.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(raw.waitForConnected(5000));
        raw.write("NONSENSE\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).startsWith("HTTP/1.1 400"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(raw.state(), QAbstractSocket::UnconnectedState, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(server.openConnections(), 0, 5000);
    }

    void aTakenPortIsAClearError()
    {
        MetricsServer first([](PromText::Format) { return QByteArray(); });
        QCOMPARE(first.listen(QHostAddress::LocalHost, 0), QString());
        MetricsServer second([](PromText::Format) { return QByteArray(); });
        const QString error = second.listen(QHostAddress::LocalHost, first.port());
        QVERIFY2(error.startsWith(QStringLiteral("metrics: cannot listen on 127.0.0.1:%1: ").arg(first.port())),
                 qPrintable(error));
    }

    // A monitor polling the fault server: the scrape's counters equal what
    // the monitor reported, and the breaker that opened shows as open.
    void aRunningMonitorIsScrapedAsItReported()
    {
        const SystemClock clock;
        FaultServer faults(clock);
        QVERIFY(faults.listen(0));
        SeededRandom random(7);
        Monitor monitor(clock, random);
        MonitorMetrics metrics(monitor, clock, QStringLiteral("test"));
        QHash<QByteArray, int> reported;
        QObject::connect(&monitor, &Monitor::attemptRecorded, &monitor, [&reported](const AttemptRecord &r) {
            ++reported["retryscope_attempts_total{endpoint=\"" + r.endpoint.toUtf8() + "\",category=\""
                       + QByteArray(categoryName(r.category).data()) + "\",outcome=\""
                       + QByteArray(outcomeName(r.outcome).data()) + "\"}"];
        });
        Endpoint ok = endpoint(QStringLiteral("ok"));
        ok.url = faults.url(QStringLiteral("/ok"));
        ok.interval = 100ms;
        Endpoint down = endpoint(QStringLiteral("down"));
        down.url = faults.url(QStringLiteral("/status/503"));
        down.interval = 100ms;
        down.retry.initialDelay = 10ms;
        down.retry.maxAttempts = 2;
        down.breaker.failureThreshold = 3;
        down.breaker.openDuration = 60s;
        monitor.setEndpoints({ok, down});
        QTRY_VERIFY_WITH_TIMEOUT(monitor.client().findBreaker(QStringLiteral("down"))
                                     && monitor.client().findBreaker(QStringLiteral("down"))->state()
                                         == BreakerState::Open,
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            reported.value("retryscope_attempts_total{endpoint=\"ok\",category=\"ok\",outcome=\"success\"}") >= 3,
            10000);
        const auto s = exposedSamples(metrics.scrape(PromText::Format::Text));
        for (auto it = reported.cbegin(); it != reported.cend(); ++it)
            QCOMPARE(s.value(it.key()), double(it.value()));
        QCOMPARE(s.value("retryscope_breaker_state{endpoint=\"down\",state=\"open\"}"), 1);
        QVERIFY(s.value("retryscope_breaker_until_probe_seconds{endpoint=\"down\"}") > 50);
        QCOMPARE(s.value("retryscope_breaker_transitions_total{endpoint=\"down\",from=\"closed\",to=\"open\"}"), 1);
        QVERIFY(s.value("retryscope_cycles_total{endpoint=\"ok\",result=\"first_try_success\"}") >= 3);
        QVERIFY(s.contains("retryscope_retry_budget_tokens{endpoint=\"down\"}"));

        monitor.setEndpoints({ok}); // "down" removed from the configuration
        const QByteArray after = metrics.scrape(PromText::Format::OpenMetrics);
        QVERIFY(!after.contains("\"down\""));
        QVERIFY(after.endsWith("# EOF\n"));
        monitor.stop();
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
