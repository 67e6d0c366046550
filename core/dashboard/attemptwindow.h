// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QHash>
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
        bool slow; // a success that was a slow call
    };
    struct DelayPoint
    {
        int retry; // 1 = the wait before the second attempt
        qint64 delayMs;
        WaitSource source; // what decided the wait (core/net/attemptrecord.h)
    };

    explicit AttemptWindow(std::chrono::milliseconds span = std::chrono::minutes(5), qsizetype maxRecords = 200000);

    void add(const AttemptRecord &record);
    [[nodiscard]] qsizetype size() const { return qsizetype(m_entries.size()); }

    // Everything since `fromMs`, for the named endpoints (empty: all),
    // thinned evenly to about `limit` points (0: all).
    [[nodiscard]] QList<LatencyPoint> latencies(qint64 fromMs, const QStringList &endpoints = {},
                                                qsizetype limit = 0) const;
    [[nodiscard]] QList<DelayPoint> delays(qint64 fromMs, const QStringList &endpoints = {}, qsizetype limit = 0) const;
    // Attempts with a latency since `fromMs` (what latencies() thins).
    [[nodiscard]] qsizetype countLatencies(qint64 fromMs, const QStringList &endpoints = {}) const;
    // Attempts per category in buckets of `bucket` from `fromMs` to `toMs`;
    // each list has one count per bucket.
    [[nodiscard]] QMap<ErrorCategory, QList<int>> categoryBuckets(qint64 fromMs, qint64 toMs,
                                                                  std::chrono::milliseconds bucket,
                                                                  const QStringList &endpoints = {}) const;

private:
    // What the charts need of a record, in 32 bytes rather than a whole
    // AttemptRecord: five minutes of 500 endpoints scan in well under a
    // millisecond, several times a second.
    struct Entry
    {
        qint64 timeMs;
        qint32 latencyMs; // -1: not sent
        qint32 delayMs; // -1: no wait after it
        quint32 endpoint; // index into m_names
        ErrorCategory category;
        quint16 attempt;
        WaitSource source; // what decided the wait (core/net/attemptrecord.h)
        bool slow;
    };
    // The endpoints as indexes into m_names; empty for "all". A name never
    // seen matches nothing.
    [[nodiscard]] QList<bool> selection(const QStringList &endpoints) const;
    [[nodiscard]] static bool wanted(const Entry &entry, qint64 fromMs, const QList<bool> &selected);
    template<typename Point, typename Make>
    QList<Point> collect(qint64 fromMs, const QStringList &endpoints, qsizetype limit, bool (*has)(const Entry &),
                         Make make) const;

    std::chrono::milliseconds m_span;
    qsizetype m_maxRecords;
    std::deque<Entry> m_entries;
    QHash<QString, quint32> m_ids;
    QStringList m_names;
};
