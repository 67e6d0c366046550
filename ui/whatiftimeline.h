// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/whatif.h"

#include <QChartView>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

// The what-if's timeline: the attempts each policy sent, counted in equal
// slices of the recording, over a band where the recorded service was
// failing, so that a reader sees where the two policies part.
class WhatIfTimeline final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WhatIfTimeline)

public:
    explicit WhatIfTimeline(QWidget *parent = nullptr);
    ~WhatIfTimeline() override;

    static constexpr int slices = 60;

    void setReplays(const Lab::Trace &trace, const Lab::Replay &current, const Lab::Replay &edited);
    void clear();

    // What is drawn, for tests: attempts per slice, and whether the recorded
    // answer was failing in the middle of each slice.
    [[nodiscard]] QList<int> currentCounts() const { return m_current; }
    [[nodiscard]] QList<int> editedCounts() const { return m_edited; }
    [[nodiscard]] QList<bool> failing() const { return m_failing; }

private:
    QLineSeries *m_currentLine;
    QLineSeries *m_editedLine;
    QLineSeries *m_failingUpper;
    QAreaSeries *m_failingArea;
    QDateTimeAxis *m_time;
    QValueAxis *m_count;
    QList<int> m_current;
    QList<int> m_edited;
    QList<bool> m_failing;
};
