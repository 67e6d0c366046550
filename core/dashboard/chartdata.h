// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/dashboard/attemptwindow.h"

#include <QHash>
#include <QMetaType>

// One breaker's lane on the breaker chart: its state over time as segments,
// and the transitions that cut them (with their reasons, for hover).
struct BreakerLane
{
    struct Segment
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        BreakerState state = BreakerState::Closed;
    };
    QString breaker;
    QList<Segment> segments;
    QList<BreakerTransition> transitions;
};

// Builds lanes over [fromMs, toMs] from the transitions in that span (in
// time order) and each breaker's state now; a breaker's state before its
// first transition is that transition's `from`. Lanes are sorted by name.
// A breaker in `firstSeenMs` (its first attempt) begins there, not at
// fromMs: what came before it existed is not drawn as a state it was in.
[[nodiscard]] QList<BreakerLane> buildLanes(const QList<BreakerTransition> &transitions,
                                            const QHash<QString, BreakerState> &current, qint64 fromMs, qint64 toMs,
                                            const QHash<QString, qint64> &firstSeenMs = {});

// Everything the dashboard's charts draw for one time window, whether it
// comes from the live window (the last minutes) or from the history (an
// hour, a day). Point lists are thinned evenly (AttemptWindow in memory,
// HistoryCharts in SQL).
struct ChartData
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    std::chrono::milliseconds bucket{10000};
    QList<AttemptWindow::LatencyPoint> latencies;
    QList<AttemptWindow::DelayPoint> delays;
    QMap<ErrorCategory, QList<int>> categories; // one count per bucket from fromMs
    QList<BreakerTransition> transitions; // in the window, in time order
    QHash<QString, qint64> firstAttemptMs; // per breaker: its first attempt in the window (history only)
    qint64 attempts = 0; // before thinning
    QString error; // reading the history failed (the data is incomplete)
};
Q_DECLARE_METATYPE(ChartData)

// The bucket width that gives a chart over `span` about 30-60 bars.
[[nodiscard]] std::chrono::milliseconds bucketFor(std::chrono::milliseconds span);

// Which parts of a ChartData to compute: only the chart on show needs its own.
enum ChartPart { LatencyPart = 1, DelayPart = 2, CategoryPart = 4, AllParts = 7 };

// The chart data of the live window for [fromMs, toMs], for `endpoints`
// (empty: all); transitions are added by the caller.
[[nodiscard]] ChartData liveChartData(const AttemptWindow &window, qint64 fromMs, qint64 toMs,
                                      const QStringList &endpoints, qsizetype maxPoints, int parts = AllParts);
