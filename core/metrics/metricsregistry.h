// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/metrics/promtext.h"
#include "core/net/retrycycle.h"

#include <QHash>

#include <map>

struct BreakerTransition;

// What an agent exposes to Prometheus (issue #9): counters and histograms
// accumulated from the monitor's records, cycles and transitions, and gauges
// read at scrape time. Series are labelled by `endpoint`, or by `key` where
// endpoints share a breaker or a budget (one series per shared key, so that
// sums across series count each breaker once). Endpoints removed from the
// configuration disappear from the output.
class MetricsRegistry
{
public:
    // Upper bounds of the histograms' buckets, in seconds.
    static const QList<double> &retryDelayBuckets();
    static const QList<double> &latencyBuckets();

    void recordAttempt(const AttemptRecord &record);
    // Cancelled cycles (shutdown, an endpoint removed or paused) are not counted.
    void recordCycle(const CycleResult &cycle);
    void recordTransition(const BreakerTransition &transition);
    // The configured endpoints: series of others are dropped.
    void setEndpoints(const QList<Endpoint> &endpoints);

    // Read at scrape time, per breaker or budget name (an endpoint's name or a
    // shared key).
    struct BreakerReading
    {
        BreakerState state = BreakerState::Closed;
        double secondsUntilProbe = 0; // 0 unless open
    };
    struct Readings
    {
        QHash<QString, BreakerReading> breakers;
        QHash<QString, double> budgetTokens;
        bool online = true; // by the connectivity check; always without one
    };

    [[nodiscard]] QList<PromText::Family> families(const Readings &readings, const QString &version) const;

private:
    struct Histogram
    {
        QList<qint64> counts; // per bucket, not cumulative; the last is +Inf
        double sum = 0;
        qint64 count = 0;
        void observe(double value, const QList<double> &bounds);
    };
    struct EndpointSeries
    {
        std::map<std::pair<ErrorCategory, AttemptOutcome>, qint64> attempts;
        std::map<QByteArray, qint64> cycles; // by result
        Histogram retryDelay;
        Histogram latency;
        qint64 slowCalls = 0;
        qint64 quotaExhausted = 0; // answers that announced no quota left
        double pacingWaitSeconds = 0; // the resets those answers announced
        std::optional<qint64> quotaRemaining; // the newest announcement
        QDateTime certificateExpiryUtc; // the newest https handshake's
    };

    QList<Endpoint> m_endpoints;
    std::map<QString, EndpointSeries> m_series; // sorted: stable output
    std::map<QString, std::map<std::pair<BreakerState, BreakerState>, qint64>> m_transitions;
};
