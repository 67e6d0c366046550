// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/attemptwindow.h"

AttemptWindow::AttemptWindow(std::chrono::milliseconds span, qsizetype maxRecords)
    : m_span(span)
    , m_maxRecords(maxRecords)
{ }

void AttemptWindow::add(const AttemptRecord &record)
{
    auto id = m_ids.constFind(record.endpoint);
    if (id == m_ids.constEnd()) {
        id = m_ids.insert(record.endpoint, quint32(m_names.size()));
        m_names.append(record.endpoint);
    }
    const qint64 newest = record.timeUtc.toMSecsSinceEpoch();
    const auto clampMs = [](std::chrono::milliseconds ms) { return qint32(std::min<qint64>(ms.count(), INT32_MAX)); };
    m_entries.push_back(Entry{
        newest, record.latency ? clampMs(*record.latency) : -1, record.delay ? clampMs(*record.delay) : -1, *id,
        record.category, quint16(std::clamp(record.attempt, 0, 65535)),
        record.delay ? waitSource(
            record.delay->count(), record.retryAfter ? std::optional<qint64>(record.retryAfter->count()) : std::nullopt,
            record.rateLimitRemaining,
            record.rateLimitReset ? std::optional<qint64>(record.rateLimitReset->count()) : std::nullopt)
                     : WaitSource::Backoff,
        record.slow});
    while (!m_entries.empty()
           && (qsizetype(m_entries.size()) > m_maxRecords || m_entries.front().timeMs < newest - m_span.count()))
        m_entries.pop_front();
}

QList<bool> AttemptWindow::selection(const QStringList &endpoints) const
{
    if (endpoints.isEmpty())
        return {};
    QList<bool> selected(m_names.size() + 1, false); // never empty: "none of these" differs from "all"
    for (const QString &name : endpoints) {
        if (const auto id = m_ids.constFind(name); id != m_ids.constEnd())
            selected[*id] = true;
    }
    return selected;
}

bool AttemptWindow::wanted(const Entry &entry, qint64 fromMs, const QList<bool> &selected)
{
    return entry.timeMs >= fromMs && (selected.isEmpty() || selected.at(entry.endpoint));
}

template<typename Point, typename Make>
QList<Point> AttemptWindow::collect(qint64 fromMs, const QStringList &endpoints, qsizetype limit,
                                    bool (*has)(const Entry &), Make make) const
{
    const QList<bool> selected = selection(endpoints);
    qsizetype matching = 0;
    if (limit > 0) {
        for (const Entry &e : m_entries)
            matching += has(e) && wanted(e, fromMs, selected) ? 1 : 0;
    }
    // Keep every k-th match, k fractional so that about `limit` remain.
    const double step = limit > 0 && matching > limit ? double(matching) / double(limit) : 1.0;
    QList<Point> points;
    points.reserve(limit > 0 ? std::min(matching, limit) : 0);
    double next = 0;
    qsizetype index = 0;
    for (const Entry &e : m_entries) {
        if (!has(e) || !wanted(e, fromMs, selected))
            continue;
        if (double(index++) >= next) {
            points.append(make(e));
            next += step;
        }
    }
    return points;
}

qsizetype AttemptWindow::countLatencies(qint64 fromMs, const QStringList &endpoints) const
{
    const QList<bool> selected = selection(endpoints);
    return std::count_if(m_entries.begin(), m_entries.end(),
                         [&](const Entry &e) { return e.latencyMs >= 0 && wanted(e, fromMs, selected); });
}

QList<AttemptWindow::LatencyPoint> AttemptWindow::latencies(qint64 fromMs, const QStringList &endpoints,
                                                            qsizetype limit) const
{
    return collect<LatencyPoint>(
        fromMs, endpoints, limit, [](const Entry &e) { return e.latencyMs >= 0; },
        [](const Entry &e) {
            return LatencyPoint{e.timeMs, e.latencyMs, e.category, e.attempt > 1, e.slow};
        });
}

QList<AttemptWindow::DelayPoint> AttemptWindow::delays(qint64 fromMs, const QStringList &endpoints,
                                                       qsizetype limit) const
{
    return collect<DelayPoint>(
        fromMs, endpoints, limit, [](const Entry &e) { return e.delayMs >= 0; },
        [](const Entry &e) {
            return DelayPoint{e.attempt, e.delayMs, e.source};
        });
}

QMap<ErrorCategory, QList<int>> AttemptWindow::categoryBuckets(qint64 fromMs, qint64 toMs,
                                                               std::chrono::milliseconds bucket,
                                                               const QStringList &endpoints) const
{
    QMap<ErrorCategory, QList<int>> counts;
    const QList<bool> selected = selection(endpoints);
    const qint64 width = std::max<qint64>(1, bucket.count());
    const int buckets = int(std::max<qint64>(1, (toMs - fromMs + width - 1) / width));
    for (const Entry &e : m_entries) {
        if (e.timeMs >= toMs || !wanted(e, fromMs, selected))
            continue;
        QList<int> &series = counts[e.category];
        if (series.isEmpty())
            series.fill(0, buckets);
        ++series[int((e.timeMs - fromMs) / width)];
    }
    return counts;
}
