// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/endpointstats.h"

#include <algorithm>
#include <cmath>
#include <vector>

std::optional<double> EndpointStats::Snapshot::successRate() const
{
    return cycles ? std::optional<double>(double(successfulCycles) / double(cycles)) : std::nullopt;
}

std::optional<double> EndpointStats::Snapshot::firstTrySuccessRate() const
{
    return cycles ? std::optional<double>(double(firstTrySuccesses) / double(cycles)) : std::nullopt;
}

std::optional<double> EndpointStats::Snapshot::retriesPerCycle() const
{
    return cycles ? std::optional<double>(double(retries) / double(cycles)) : std::nullopt;
}

EndpointStats::EndpointStats(std::chrono::milliseconds window)
    : m_window(window)
{ }

void EndpointStats::add(const AttemptRecord &record)
{
    Series &series = m_series[record.endpoint];
    const qint64 time = record.timeUtc.toMSecsSinceEpoch();
    series.entries.push_back({time, record.outcome, record.attempt,
                              record.latency ? std::optional<qint64>(record.latency->count()) : std::nullopt,
                              record.slow});
    series.last = record;
    if (record.certificateExpiryUtc.isValid())
        series.certificateExpiryUtc = record.certificateExpiryUtc;
    if (record.rateLimitRemaining) {
        series.quotaRemaining = record.rateLimitRemaining;
        // The reset counts from the answer, which came latency after the start.
        series.quotaResetUtc = record.rateLimitReset
            ? record.timeUtc.addMSecs(record.latency.value_or(std::chrono::milliseconds(0)).count()
                                      + record.rateLimitReset->count())
            : QDateTime();
    }
    if (record.category != ErrorCategory::Cancelled && record.outcome != AttemptOutcome::Retry) {
        series.beats.append(record.outcome == AttemptOutcome::Rejected     ? Beat::Rejected
                                : record.outcome == AttemptOutcome::Failed ? Beat::Failed
                                : record.slow                              ? Beat::Slow
                                : record.attempt == 1                      ? Beat::FirstTry
                                                                           : Beat::AfterRetries);
        if (series.beats.size() > maxBeats)
            series.beats.removeFirst();
    }
    // Keep memory bounded by the window, judged by the newest record.
    while (!series.entries.empty() && series.entries.front().timeMs < time - m_window.count())
        series.entries.pop_front();
}

void EndpointStats::forget(const QString &endpoint)
{
    m_series.remove(endpoint);
}

EndpointStats::Snapshot EndpointStats::snapshot(const QString &endpoint, const QDateTime &nowUtc) const
{
    Snapshot snapshot;
    const auto it = m_series.constFind(endpoint);
    if (it == m_series.constEnd())
        return snapshot;
    snapshot.last = it->last;
    snapshot.beats = it->beats;
    snapshot.quotaRemaining = it->quotaRemaining;
    snapshot.quotaResetUtc = it->quotaResetUtc;
    snapshot.certificateExpiryUtc = it->certificateExpiryUtc;
    const qint64 from = nowUtc.toMSecsSinceEpoch() - m_window.count();
    std::vector<qint64> latencies;
    for (const Entry &entry : it->entries) {
        if (entry.timeMs < from)
            continue;
        ++snapshot.attempts;
        switch (entry.outcome) {
        case AttemptOutcome::Success:
            ++snapshot.cycles;
            ++snapshot.successfulCycles;
            snapshot.firstTrySuccesses += entry.attempt == 1 ? 1 : 0;
            snapshot.slowSuccesses += entry.slow ? 1 : 0;
            break;
        case AttemptOutcome::Failed:
        case AttemptOutcome::Rejected: ++snapshot.cycles; break;
        case AttemptOutcome::Retry: ++snapshot.retries; break;
        }
        if (entry.latencyMs)
            latencies.push_back(*entry.latencyMs);
    }
    if (!latencies.empty()) {
        // Nearest rank, as HistoryQueries::aggregates() computes it; two
        // partial selections instead of a sort (this runs for every endpoint
        // several times a second).
        const auto index = [&latencies](double p) {
            return std::max<qint64>(1, qint64(std::ceil(p * double(latencies.size())))) - 1;
        };
        const auto p95 = latencies.begin() + index(0.95);
        std::nth_element(latencies.begin(), p95, latencies.end());
        const auto p50 = latencies.begin() + index(0.50);
        std::nth_element(latencies.begin(), p50, p95); // everything before p95 is no larger
        snapshot.latencyP50 = *p50;
        snapshot.latencyP95 = *p95;
    }
    return snapshot;
}
