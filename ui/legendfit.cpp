// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/legendfit.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>

LegendFit::LegendFit(QObject *parent)
    : QObject(parent)
{ }

void LegendFit::keep(QChartView *view)
{
    view->installEventFilter(new LegendFit(view));
    place(view);
}

int LegendFit::rowWidth(const QChart *chart)
{
    const QFontMetrics metrics(chart->legend()->font());
    int width = 0;
    for (const QLegendMarker *marker : chart->legend()->markers()) {
        if (marker->isVisible()) // swatch, gap, label, gap to the next entry
            width += metrics.height() + metrics.horizontalAdvance(marker->label()) + metrics.height();
    }
    return width;
}

void LegendFit::place(QChartView *view)
{
    QChart *chart = view->chart();
    if (!chart || !chart->legend()->isVisible())
        return;
    const Qt::Alignment wanted = rowWidth(chart) <= view->width() - 16 ? Qt::AlignBottom : Qt::AlignRight;
    if (chart->legend()->alignment() != wanted)
        chart->legend()->setAlignment(wanted);
}

bool LegendFit::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
        place(static_cast<QChartView *>(watched));
    return QObject::eventFilter(watched, event);
}
