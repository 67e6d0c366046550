// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/attemptwindow.h"

AttemptWindow::AttemptWindow(std::chrono::milliseconds span, qsizetype maxRecords)
    : m_span(span)
    , m_maxRecords(maxRecords)
{ }

void AttemptWindow::add(const AttemptRecord &record)
{
    m_records.push_back(record);
    const qint64 newest = record.timeUtc.toMSecsSinceEpoch();
    while (!m_records.empty()
           && (qsizetype(m_records.size()) > m_maxRecords
               || m_records.front().timeUtc.toMSecsSinceEpoch() < newest - m_span.count()))
        m_records.pop_front();
}

bool AttemptWindow::wanted(const AttemptRecord &record, qint64 fromMs, const QStringList &endpoints) const
{
    return record.timeUtc.toMSecsSinceEpoch() >= fromMs && (endpoints.isEmpty() || endpoints.contains(record.endpoint));
}

QList<AttemptWindow::LatencyPoint> AttemptWindow::latencies(qint64 fromMs, const QStringList &endpoints) const
{
    QList<LatencyPoint> points;
    for (const AttemptRecord &r : m_records) {
        if (r.latency && wanted(r, fromMs, endpoints))
            points.append({r.timeUtc.toMSecsSinceEpoch(), r.latency->count(), r.category, r.attempt > 1});
    }
    return points;
}

QList<AttemptWindow::DelayPoint> AttemptWindow::delays(qint64 fromMs, const QStringList &endpoints) const
{
    QList<DelayPoint> points;
    for (const AttemptRecord &r : m_records) {
        if (r.delay && wanted(r, fromMs, endpoints))
            points.append({r.attempt, r.delay->count(), r.retryAfter && *r.retryAfter >= *r.delay});
    }
    return points;
}

QMap<ErrorCategory, QList<int>> AttemptWindow::categoryBuckets(qint64 fromMs, qint64 toMs,
                                                               std::chrono::milliseconds bucket,
                                                               const QStringList &endpoints) const
{
    QMap<ErrorCategory, QList<int>> counts;
    const qint64 width = std::max<qint64>(1, bucket.count());
    const int buckets = int(std::max<qint64>(1, (toMs - fromMs + width - 1) / width));
    for (const AttemptRecord &r : m_records) {
        const qint64 time = r.timeUtc.toMSecsSinceEpoch();
        if (time >= toMs || !wanted(r, fromMs, endpoints))
            continue;
        QList<int> &series = counts[r.category];
        if (series.isEmpty())
            series.fill(0, buckets);
        ++series[int((time - fromMs) / width)];
    }
    return counts;
}
