// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chartfit.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFontMetrics>
#include <QLegend>
#include <QLegendMarker>
#include <QTimer>

#include <algorithm>

int timeTicksFor(int width, const QFontMetrics &metrics)
{
    const int label = metrics.horizontalAdvance(QStringLiteral("00:00:00")) + metrics.horizontalAdvance(u'M') * 3;
    return std::clamp(width / std::max(1, label), 2, 6);
}

LegendFit::LegendFit(QObject *parent)
    : QObject(parent)
{ }

void LegendFit::keep(QChartView *view)
{
    view->installEventFilter(new LegendFit(view));
    QChart *chart = view->chart();
    QObject::connect(chart, &QChart::plotAreaChanged, view, [chart](const QRectF &plot) {
        for (QAbstractAxis *axis : chart->axes(Qt::Horizontal)) {
            auto *time = qobject_cast<QDateTimeAxis *>(axis);
            if (!time)
                continue;
            const int ticks = timeTicksFor(int(plot.width()), QFontMetrics(time->labelsFont()));
            if (time->tickCount() != ticks)
                time->setTickCount(ticks);
        }
    });
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
    // Once the legend has caught up: a marker made or shown a moment ago is
    // visible only after the legend's next layout.
    QTimer::singleShot(0, view, [view] {
        QChart *chart = view->chart();
        if (!chart || !chart->legend()->isVisible())
            return;
        const Qt::Alignment wanted = rowWidth(chart) <= view->width() - 16 ? Qt::AlignBottom : Qt::AlignRight;
        if (chart->legend()->alignment() != wanted)
            chart->legend()->setAlignment(wanted);
    });
}

bool LegendFit::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
        place(static_cast<QChartView *>(watched));
    return QObject::eventFilter(watched, event);
}
