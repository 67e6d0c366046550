// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QMap>

#include <deque>

// The attempts of the last few minutes, shaped for the dashboard's charts:
// latency points, backoff delays by retry number, and counts per category in
// time buckets. Bounded by time and by count; no widgets here.
class AttemptWindow
{
public:
    struct LatencyPoint
    {
        qint64 timeMs;
        qint64 latencyMs;
        ErrorCategory category;
        bool retry; // attempt > 1
    };
    struct DelayPoint
    {
        int retry; // 1 = the wait before the second attempt
        qint64 delayMs;
        bool fromRetryAfter; // the delay is the server's Retry-After, not the backoff draw
    };

    explicit AttemptWindow(std::chrono::milliseconds span = std::chrono::minutes(5), qsizetype maxRecords = 200000);

    void add(const AttemptRecord &record);
    [[nodiscard]] qsizetype size() const { return qsizetype(m_records.size()); }

    // Everything since `fromMs`, for the named endpoints (empty: all).
    [[nodiscard]] QList<LatencyPoint> latencies(qint64 fromMs, const QStringList &endpoints = {}) const;
    [[nodiscard]] QList<DelayPoint> delays(qint64 fromMs, const QStringList &endpoints = {}) const;
    // Attempts per category in buckets of `bucket` from `fromMs` to `toMs`;
    // each list has one count per bucket.
    [[nodiscard]] QMap<ErrorCategory, QList<int>> categoryBuckets(qint64 fromMs, qint64 toMs,
                                                                  std::chrono::milliseconds bucket,
                                                                  const QStringList &endpoints = {}) const;

private:
    [[nodiscard]] bool wanted(const AttemptRecord &record, qint64 fromMs, const QStringList &endpoints) const;

    std::chrono::milliseconds m_span;
    qsizetype m_maxRecords;
    std::deque<AttemptRecord> m_records;
};
