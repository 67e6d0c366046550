// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/sweep.h"

#include <QChartView>

class QValueAxis;

// The sweep drawn as the trade-off it is: each value of the swept key one
// labelled point at (amplification, cycle success %), the current policy a
// square of its own. Values with the same figures share a point ("4 – 12").
// Clicking a point picks its (first) value.
class SweepChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SweepChart)

public:
    explicit SweepChart(QWidget *parent = nullptr);
    ~SweepChart() override;

    // `unit` follows each value in its label ("ms", or empty).
    void setPoints(const QList<Lab::SweepPoint> &points, const QString &unit, const Lab::Figures &current);
    void clear();

    // The point drawn for each value, for tests (values that failed have none).
    [[nodiscard]] QList<QPointF> pointsDrawn() const { return m_points; }
    [[nodiscard]] QList<double> valuesDrawn() const { return m_values; }
    // One label per point drawn: values with the same figures share one.
    [[nodiscard]] QStringList labelsDrawn() const { return m_labels; }

signals:
    void valueClicked(double value);

private:
    QValueAxis *m_amplification;
    QValueAxis *m_success;
    QList<double> m_values;
    QList<QPointF> m_points;
    QStringList m_labels;
};
