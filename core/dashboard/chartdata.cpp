// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/chartdata.h"

#include <QSet>

QList<BreakerLane> buildLanes(const QList<BreakerTransition> &transitions, const QHash<QString, BreakerState> &current,
                              qint64 fromMs, qint64 toMs, const QHash<QString, qint64> &firstSeenMs)
{
    const auto begins
        = [&](const QString &breaker) { return std::clamp(firstSeenMs.value(breaker, fromMs), fromMs, toMs); };
    QHash<QString, BreakerLane> lanes;
    QHash<QString, qint64> segmentStart;
    QHash<QString, BreakerState> state;
    for (const BreakerTransition &t : transitions) {
        const qint64 at = std::clamp(t.timeUtc.toMSecsSinceEpoch(), fromMs, toMs);
        BreakerLane &lane = lanes[t.breaker];
        if (lane.breaker.isEmpty()) {
            lane.breaker = t.breaker;
            segmentStart.insert(t.breaker, std::min(begins(t.breaker), at));
            state.insert(t.breaker, t.from);
        }
        if (at > segmentStart.value(t.breaker))
            lane.segments.append({segmentStart.value(t.breaker), at, state.value(t.breaker)});
        segmentStart.insert(t.breaker, at);
        state.insert(t.breaker, t.to);
        lane.transitions.append(t);
    }
    for (auto it = current.constBegin(); it != current.constEnd(); ++it) {
        if (!lanes.contains(it.key())) {
            const qint64 start = begins(it.key());
            lanes.insert(it.key(), BreakerLane{it.key(), {}, {}});
            if (start < toMs)
                lanes[it.key()].segments.append({start, toMs, it.value()});
            segmentStart.insert(it.key(), toMs);
        }
    }
    for (auto it = lanes.begin(); it != lanes.end(); ++it) {
        const qint64 start = segmentStart.value(it.key(), toMs);
        if (start < toMs)
            it->segments.append({start, toMs, state.value(it.key())});
    }
    QList<BreakerLane> sorted = lanes.values();
    std::sort(sorted.begin(), sorted.end(),
              [](const BreakerLane &a, const BreakerLane &b) { return a.breaker < b.breaker; });
    return sorted;
}

std::chrono::milliseconds bucketFor(std::chrono::milliseconds span)
{
    using namespace std::chrono_literals;
    for (const std::chrono::milliseconds width : {1s, 5s, 10s, 30s, 60s, 120s, 300s, 600s, 1800s, 3600s}) {
        if (span / width <= 60)
            return width;
    }
    return span / 48;
}

ChartData liveChartData(const AttemptWindow &window, qint64 fromMs, qint64 toMs, const QStringList &endpoints,
                        qsizetype maxPoints, int parts)
{
    ChartData data;
    data.fromMs = fromMs;
    data.toMs = toMs;
    data.bucket = bucketFor(std::chrono::milliseconds(toMs - fromMs));
    if (parts & LatencyPart) {
        data.latencies = window.latencies(fromMs, endpoints, maxPoints);
        data.attempts = window.countLatencies(fromMs, endpoints);
    }
    if (parts & DelayPart)
        data.delays = window.delays(fromMs, endpoints, maxPoints);
    if (parts & CategoryPart)
        data.categories = window.categoryBuckets(fromMs, toMs, data.bucket, endpoints);
    return data;
}
