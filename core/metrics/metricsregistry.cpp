// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metrics/metricsregistry.h"

#include "core/breaker/circuitbreaker.h"

#include <QSet>

#include <algorithm>

using PromText::Family;
using PromText::Labels;

namespace {

QString number(double bound)
{
    return QString::fromLatin1(PromText::formatValue(bound));
}

QByteArray cycleResult(const CycleResult &cycle)
{
    switch (cycle.outcome) {
    case AttemptOutcome::Success: return cycle.attempts <= 1 ? "first_try_success" : "success_after_retries";
    case AttemptOutcome::Rejected: return "rejected";
    case AttemptOutcome::Failed:
    case AttemptOutcome::Retry: break;
    }
    return "failed";
}

const QList<BreakerState> &allStates()
{
    static const QList<BreakerState> states{BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen,
                                            BreakerState::ForcedOpen, BreakerState::Disabled};
    return states;
}

// `endpoint` for an endpoint's own breaker or budget, `key` for a shared one.
Labels ownerLabels(const QString &name, bool shared)
{
    return {{shared ? QByteArray("key") : QByteArray("endpoint"), name}};
}

void appendHistogram(Family &family, const Labels &labels, const QList<qint64> &counts, double sum, qint64 count,
                     const QList<double> &bounds)
{
    qint64 cumulative = 0;
    for (qsizetype i = 0; i <= bounds.size(); ++i) {
        cumulative += counts.value(i);
        Labels withLe = labels;
        withLe.append({"le", i < bounds.size() ? number(bounds[i]) : QStringLiteral("+Inf")});
        family.samples.append({"_bucket", withLe, double(cumulative)});
    }
    family.samples.append({"_sum", labels, sum});
    family.samples.append({"_count", labels, double(count)});
}

} // namespace

const QList<double> &MetricsRegistry::retryDelayBuckets()
{
    static const QList<double> bounds{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
    return bounds;
}

const QList<double> &MetricsRegistry::latencyBuckets()
{
    static const QList<double> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return bounds;
}

void MetricsRegistry::Histogram::observe(double value, const QList<double> &bounds)
{
    if (counts.isEmpty())
        counts.resize(bounds.size() + 1);
    const auto bucket = std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin();
    ++counts[bucket];
    sum += value;
    ++count;
}

void MetricsRegistry::recordAttempt(const AttemptRecord &record)
{
    EndpointSeries &series = m_series[record.endpoint];
    ++series.attempts[{record.category, record.outcome}];
    if (record.latency)
        series.latency.observe(double(record.latency->count()) / 1000, latencyBuckets());
    if (record.delay)
        series.retryDelay.observe(double(record.delay->count()) / 1000, retryDelayBuckets());
    series.slowCalls += record.slow ? 1 : 0;
    if (record.certificateExpiryUtc.isValid())
        series.certificateExpiryUtc = record.certificateExpiryUtc;
    if (record.rateLimitRemaining) {
        series.quotaRemaining = record.rateLimitRemaining;
        if (*record.rateLimitRemaining == 0 && record.rateLimitReset) {
            ++series.quotaExhausted;
            series.pacingWaitSeconds += double(record.rateLimitReset->count()) / 1000;
        }
    }
}

void MetricsRegistry::recordCycle(const CycleResult &cycle)
{
    if (cycle.reason == CycleEndReason::Cancelled)
        return;
    ++m_series[cycle.endpoint].cycles[cycleResult(cycle)];
}

void MetricsRegistry::recordTransition(const BreakerTransition &transition)
{
    ++m_transitions[transition.breaker][{transition.from, transition.to}];
}

void MetricsRegistry::setEndpoints(const QList<Endpoint> &endpoints)
{
    m_endpoints = endpoints;
    QSet<QString> names;
    QSet<QString> breakers;
    for (const Endpoint &e : endpoints) {
        names.insert(e.name);
        breakers.insert(e.breakerName());
    }
    std::erase_if(m_series, [&names](const auto &entry) { return !names.contains(entry.first); });
    std::erase_if(m_transitions, [&breakers](const auto &entry) { return !breakers.contains(entry.first); });
}

QList<Family> MetricsRegistry::families(const Readings &readings, const QString &version) const
{
    Family attempts{"retryscope_attempts",
                    Family::Type::Counter,
                    "Attempts by error category and outcome (rejected: not sent, breaker open).",
                    {},
                    {}};
    Family cycles{"retryscope_cycles",
                  Family::Type::Counter,
                  "Cycles (a poll with its retries) by result: first_try_success, success_after_retries, failed, "
                  "rejected.",
                  {},
                  {}};
    Family delays{"retryscope_retry_delay_seconds",
                  Family::Type::Histogram,
                  "Backoff delays scheduled before retries.",
                  "seconds",
                  {}};
    Family latency{"retryscope_attempt_latency_seconds",
                   Family::Type::Histogram,
                   "Attempt latency, request start to response end or error.",
                   "seconds",
                   {}};
    Family slowCalls{"retryscope_slow_calls",
                     Family::Type::Counter,
                     "Successful attempts that were slow calls (at least breaker.slowCallDurationMs).",
                     {},
                     {}};
    Family exhausted{"retryscope_ratelimit_exhausted",
                     Family::Type::Counter,
                     "Answers that announced no quota left; with pacing on, each holds the next request until the "
                     "reset.",
                     {},
                     {}};
    Family pacing{"retryscope_pacing_wait_seconds",
                  Family::Type::Counter,
                  "Seconds until the reset that those answers announced (the pacing waits, before jitter).",
                  "seconds",
                  {}};
    Family remaining{"retryscope_ratelimit_remaining",
                     Family::Type::Gauge,
                     "The quota left that the newest announcing answer gave (absent until one did).",
                     {},
                     {}};
    // As blackbox_exporter's probe_ssl_earliest_cert_expiry: a timestamp, so
    // that "days left" is (this - time()) / 86400 and needs no scrape clock.
    Family certificate{"retryscope_tls_certificate_expiry_timestamp_seconds",
                       Family::Type::Gauge,
                       "When the server's certificate expires, in Unix seconds (https endpoints, after a handshake).",
                       "seconds",
                       {}};
    for (const auto &[endpoint, series] : m_series) {
        const Labels labels{{"endpoint", endpoint}};
        if (series.certificateExpiryUtc.isValid())
            certificate.samples.append({{}, labels, double(series.certificateExpiryUtc.toSecsSinceEpoch())});
        slowCalls.samples.append({"_total", labels, double(series.slowCalls)});
        exhausted.samples.append({"_total", labels, double(series.quotaExhausted)});
        pacing.samples.append({"_total", labels, series.pacingWaitSeconds});
        if (series.quotaRemaining)
            remaining.samples.append({{}, labels, double(*series.quotaRemaining)});
        for (const auto &[key, count] : series.attempts) {
            attempts.samples.append({"_total",
                                     {{"endpoint", endpoint},
                                      {"category", QString(categoryName(key.first))},
                                      {"outcome", QString(outcomeName(key.second))}},
                                     double(count)});
        }
        for (const auto &[result, count] : series.cycles)
            cycles.samples.append(
                {"_total", {{"endpoint", endpoint}, {"result", QString::fromLatin1(result)}}, double(count)});
        if (series.retryDelay.count > 0)
            appendHistogram(delays, labels, series.retryDelay.counts, series.retryDelay.sum, series.retryDelay.count,
                            retryDelayBuckets());
        if (series.latency.count > 0)
            appendHistogram(latency, labels, series.latency.counts, series.latency.sum, series.latency.count,
                            latencyBuckets());
    }

    Family state{"retryscope_breaker_state",
                 Family::Type::Gauge,
                 "Circuit breaker state: 1 for the current state, 0 for the others.",
                 {},
                 {}};
    Family untilProbe{"retryscope_breaker_until_probe_seconds",
                      Family::Type::Gauge,
                      "Seconds until an open breaker lets its half-open probe through (0 when not open).",
                      "seconds",
                      {}};
    Family transitions{
        "retryscope_breaker_transitions", Family::Type::Counter, "Breaker state changes by from and to.", {}, {}};
    Family tokens{"retryscope_retry_budget_tokens",
                  Family::Type::Gauge,
                  "Retry budget tokens; retries are allowed while tokens > maxTokens/2.",
                  {},
                  {}};
    // Each breaker and budget once, in the endpoints' order.
    QSet<QString> seenBreakers;
    QSet<QString> seenBudgets;
    for (const Endpoint &e : m_endpoints) {
        const QString breaker = e.breakerName();
        if (!seenBreakers.contains(breaker)) {
            seenBreakers.insert(breaker);
            const Labels owner = ownerLabels(breaker, !e.breaker.key.isEmpty());
            const BreakerReading reading = e.breaker.enabled ? readings.breakers.value(breaker, BreakerReading{})
                                                             : BreakerReading{BreakerState::Disabled, 0};
            for (const BreakerState s : allStates()) {
                Labels labels = owner;
                labels.append({"state", QString(breakerStateName(s))});
                state.samples.append({{}, labels, s == reading.state ? 1.0 : 0.0});
            }
            untilProbe.samples.append({{}, owner, reading.secondsUntilProbe});
            const auto it = m_transitions.find(breaker);
            if (it != m_transitions.end()) {
                for (const auto &[fromTo, count] : it->second) {
                    Labels labels = owner;
                    labels.append({"from", QString(breakerStateName(fromTo.first))});
                    labels.append({"to", QString(breakerStateName(fromTo.second))});
                    transitions.samples.append({"_total", labels, double(count)});
                }
            }
        }
        const QString budget = e.budgetName();
        if (e.budget.enabled && !seenBudgets.contains(budget) && readings.budgetTokens.contains(budget)) {
            seenBudgets.insert(budget);
            tokens.samples.append(
                {{}, ownerLabels(budget, !e.budget.key.isEmpty()), readings.budgetTokens.value(budget)});
        }
    }
    Family online{"retryscope_online",
                  Family::Type::Gauge,
                  "1 while this machine is online by the connectivity check (always without one); 0 while offline, "
                  "when no endpoint is polled.",
                  {},
                  {}};
    online.samples.append({{}, {}, readings.online ? 1.0 : 0.0});
    Family build{"retryscope_build", Family::Type::Info, "Retryscope's version and the Qt it runs on.", {}, {}};
    build.samples.append({"_info", {{"version", version}, {"qt_version", QString::fromLatin1(qVersion())}}, 1.0});
    return {attempts,    cycles, delays,     latency,     slowCalls, exhausted, pacing, remaining,
            certificate, state,  untilProbe, transitions, tokens,    online,    build};
}
