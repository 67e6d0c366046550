// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chartpalette.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

void followPalette(QChart *chart, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    // Grid lines a little off the background, whichever way it leans.
    const QColor grid = base.lightness() < 128 ? base.lighter(180) : base.darker(115);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(palette.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid.lightness() < 128 ? grid.darker(130) : grid.lighter(105));
    }
}
