// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QChart;
class QChartView;
class QFontMetrics;

// Text that fits a chart: the legend kept whole (LegendFit) and as many
// time-axis labels as fit its width (timeTicksFor).

// How many labels a time axis ("14:05:17") of `width` pixels can carry
// without cutting one short: 2 to 6.
[[nodiscard]] int timeTicksFor(int width, const QFontMetrics &metrics);

// Keeps a chart's legend whole: below the plot while its entries fit in
// one row there (Qt Charts never wraps a legend, it cuts each label short),
// to the right of the plot, one entry per line, when they do not. Follows
// the view's size and the entries shown. Also gives every time axis as many
// labels as its plot's width carries (timeTicksFor).
class LegendFit final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LegendFit)

public:
    // Watches `view` (and is owned by it).
    static void keep(QChartView *view);
    // Places the legend of `view` now (after entries were shown or hidden).
    static void place(QChartView *view);
    // The width the visible legend entries need in one row.
    [[nodiscard]] static int rowWidth(const QChart *chart);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit LegendFit(QObject *parent);
};
