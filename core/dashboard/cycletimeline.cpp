// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/cycletimeline.h"

CycleTimeline layOutCycle(QList<AttemptRecord> attempts)
{
    CycleTimeline timeline;
    if (attempts.isEmpty())
        return timeline;
    std::sort(attempts.begin(), attempts.end(),
              [](const AttemptRecord &a, const AttemptRecord &b) { return a.attempt < b.attempt; });
    const qint64 start = attempts.constFirst().timeUtc.toMSecsSinceEpoch();
    using Phase = CycleTimeline::Phase;
    for (const AttemptRecord &r : std::as_const(attempts)) {
        CycleTimeline::Row row{r, {}};
        const qint64 at = r.timeUtc.toMSecsSinceEpoch() - start;
        // The latency runs from the hand-off to a connection; before it, the
        // attempt may have waited for one (`queued`).
        const qint64 queued = r.phases.queued ? std::max<qint64>(r.phases.queued->count(), 0) : 0;
        const qint64 length = r.latency ? r.latency->count() + queued : 0;
        const auto offset = [&r, length](std::optional<std::chrono::milliseconds> PhaseTimings::*phase) {
            const auto value = r.phases.*phase;
            return value ? std::clamp<qint64>(value->count(), 0, length) : -1;
        };
        const qint64 connecting = offset(&PhaseTimings::connecting);
        const qint64 encrypted = offset(&PhaseTimings::encrypted);
        const qint64 sent = offset(&PhaseTimings::requestSent);
        const qint64 firstByte = offset(&PhaseTimings::firstByte);
        // Each known boundary closes the phase before it; unknown ones are skipped.
        qint64 cursor = 0;
        const auto close = [&](Phase phase, qint64 boundary) {
            if (boundary >= cursor && boundary >= 0) {
                if (boundary > cursor)
                    row.segments.append({phase, at + cursor, at + boundary});
                cursor = boundary;
            }
        };
        if (length > 0) {
            close(Phase::Queued, queued);
            if (connecting >= 0) // a new connection (a kept-alive one has no such phase)
                close(Phase::Connecting, encrypted >= 0 ? encrypted : sent);
            close(Phase::Sending, sent);
            close(Phase::Waiting, firstByte >= 0 ? firstByte : length);
            close(Phase::Receiving, length);
        }
        if (r.latency && row.segments.isEmpty()) // answered within the millisecond
            row.segments.append({Phase::Waiting, at, at + length});
        qint64 end = at + length;
        if (r.delay) {
            const bool serverSaid = r.retryAfter && *r.retryAfter >= *r.delay;
            row.segments.append({serverSaid ? Phase::RetryAfter : Phase::Backoff, end, end + r.delay->count()});
            end += r.delay->count();
        }
        timeline.totalMs = std::max(timeline.totalMs, end);
        timeline.rows.append(row);
    }
    return timeline;
}
