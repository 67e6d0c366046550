// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QChart;
class QChartView;
class QFont;
class QFontMetrics;
class QLegendMarker;

// Text that fits a chart: the legend kept whole (LegendFit) and as many
// time-axis labels as fit its width (timeTicksFor).

// How many labels a time axis ("14:05:17") of `width` pixels can carry
// without cutting one short: 2 to 6.
[[nodiscard]] int timeTicksFor(int width, const QFontMetrics &metrics);

// Keeps a chart's legend whole: below the plot while its entries fit in
// one row there (Qt Charts never wraps a legend, it cuts each label short),
// to the right of the plot, one entry per line, when they do not (in a
// smaller font if the widest entry would be cut there too). Follows
// the view's size and the entries shown. Also gives every time axis as many
// labels as its plot's width carries (timeTicksFor).
class LegendFit final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LegendFit)

public:
    // Watches `view` (and is owned by it).
    static void keep(QChartView *view);
    // Shows or hides a legend entry; entries are counted by this, not by
    // the marker's visibility, which Qt changes while it lays them out.
    static void show(QLegendMarker *marker, bool shown);
    [[nodiscard]] static bool isShown(const QLegendMarker *marker);
    // Places the legend of `view` now (after entries were shown or hidden).
    static void place(QChartView *view);
    // The width the visible legend entries need in one row, and the widest
    // entry (the width of a column of them), in the legend's font or `font`.
    [[nodiscard]] static int rowWidth(const QChart *chart);
    [[nodiscard]] static int rowWidth(const QChart *chart, const QFont &font);
    [[nodiscard]] static int columnWidth(const QChart *chart, const QFont &font);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit LegendFit(QObject *parent);
};
