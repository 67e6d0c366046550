// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/chartdata.h"

#include <QChartView>

class QAreaSeries;
class QCategoryAxis;
class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;

// The breaker chart: one lane per breaker, filled with the colour of its
// state over time (closed, half-open, open, forced open, disabled), each
// transition marked with a shape, its reason shown on hover. Series are
// reused between refreshes (replace(), never rebuilt).
class BreakerLanesChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BreakerLanesChart)

public:
    // More lanes than this do not read; the busiest breakers are shown.
    static constexpr int maxLanes = 16;

    explicit BreakerLanesChart(QWidget *parent = nullptr);
    ~BreakerLanesChart() override;

    void setLanes(QList<BreakerLane> lanes, qint64 fromMs, qint64 toMs);

    [[nodiscard]] QStringList shownLanes() const { return m_shown; }
    [[nodiscard]] QScatterSeries *transitionMarks() const { return m_marks; }
    // What hovering the transition nearest to (timeMs, lane) shows.
    [[nodiscard]] QString describeNearest(qint64 timeMs, int lane) const;
    // What hovering at `pos` (viewport coordinates) shows: the transition
    // whose mark is within a few pixels, else nothing.
    [[nodiscard]] QString describeAt(QPoint pos) const;
    // Where the mark of a lane's transition is drawn (viewport coordinates).
    [[nodiscard]] QPoint markPosition(qint64 timeMs, int lane) const;
    // The stretches drawn for one state of a lane, as [from, to] pairs.
    [[nodiscard]] QList<std::pair<qint64, qint64>> drawn(int lane, BreakerState state) const;

    // A half-open stretch lasts as long as one probe: often a few
    // milliseconds, invisible over minutes. It is drawn at least `minMs` wide
    // (what follows starts later), so that every probe shows.
    [[nodiscard]] static QList<BreakerLane::Segment> widenHalfOpen(QList<BreakerLane::Segment> segments, qint64 minMs,
                                                                   qint64 toMs);

protected:
    void changeEvent(QEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QLineSeries *upper(int lane, BreakerState state);

    QDateTimeAxis *m_time = nullptr;
    QCategoryAxis *m_lanes = nullptr;
    QScatterSeries *m_marks = nullptr;
    QHash<int, QAreaSeries *> m_areas; // by lane * 8 + state
    QStringList m_shown;
    QList<BreakerLane> m_data;
};
