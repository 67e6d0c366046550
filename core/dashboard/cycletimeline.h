// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

// One cycle laid out on a time line from its first attempt's start, for the
// waterfall: each attempt's phases, then the wait before the next attempt.
struct CycleTimeline
{
    enum class Phase {
        Queued, // waiting for a free connection (every one to the origin busy)
        Connecting, // TCP (and TLS): to `encrypted`, or to `requestSent` without TLS
        Sending, // with TLS: handshake done to request sent
        Waiting, // request sent, to the first response byte (the server's time);
                 // the whole attempt when its phases are unknown
        Receiving, // first byte to the end
        Backoff, // the wait scheduled after the attempt
        RetryAfter, // the same wait, set by the server's Retry-After
    };
    struct Segment
    {
        Phase phase;
        qint64 fromMs; // since the cycle started
        qint64 toMs;
    };
    struct Row
    {
        AttemptRecord record;
        QList<Segment> segments;
    };
    QList<Row> rows;
    qint64 totalMs = 0;
};

// The attempts of one cycle (any order); an empty timeline for none.
[[nodiscard]] CycleTimeline layOutCycle(QList<AttemptRecord> attempts);
