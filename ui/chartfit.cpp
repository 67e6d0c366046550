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
    QObject::connect(chart, &QChart::plotAreaChanged, view, [chart, view](const QRectF &plot) {
        // Also after the legend's own layout: a new entry counts as visible
        // only from then on, which may be later than place() looked.
        place(view);
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

// A marker's own visibility flickers while the legend lays itself out (Qt
// hides entries it is about to place), so the entries are counted by what
// the chart asked for.
void LegendFit::show(QLegendMarker *marker, bool shown)
{
    marker->setProperty("legendFitShown", shown);
    marker->setVisible(shown);
}

bool LegendFit::isShown(const QLegendMarker *marker)
{
    const QVariant shown = marker->property("legendFitShown");
    return shown.isValid() ? shown.toBool() : true;
}

int LegendFit::rowWidth(const QChart *chart)
{
    return rowWidth(chart, chart->legend()->font());
}

int LegendFit::rowWidth(const QChart *chart, const QFont &font)
{
    const QFontMetrics metrics(font);
    int width = 0;
    for (const QLegendMarker *marker : chart->legend()->markers()) {
        if (isShown(marker)) // swatch, gap, label, gap to the next entry
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
        QLegend *legend = chart->legend();
        QFont font = legend->font();
        const qreal base = legend->property("basePointSize").isValid() ? legend->property("basePointSize").toReal()
                                                                       : font.pointSizeF();
        legend->setProperty("basePointSize", base);
        font.setPointSizeF(base);
        const bool row = rowWidth(chart, font) <= view->width() - 16;
        // Beside the plot Qt Charts gives the legend at most 40 % of the
        // chart's width and cuts longer labels: a smaller font, down to
        // 7 pt, keeps them whole in a narrow dock.
        if (!row) {
            const int room = int(view->width() * 0.4) - 16;
            while (font.pointSizeF() > 7.0 && columnWidth(chart, font) > room)
                font.setPointSizeF(font.pointSizeF() - 0.5);
        }
        if (legend->font() != font)
            legend->setFont(font);
        const Qt::Alignment wanted = row ? Qt::AlignBottom : Qt::AlignRight;
        if (legend->alignment() != wanted)
            legend->setAlignment(wanted);
    });
}

int LegendFit::columnWidth(const QChart *chart, const QFont &font)
{
    const QFontMetrics metrics(font);
    int width = 0;
    for (const QLegendMarker *marker : chart->legend()->markers()) {
        if (isShown(marker)) // swatch, gap, label, margins
            width = std::max(width, metrics.height() * 2 + metrics.horizontalAdvance(marker->label()));
    }
    return width;
}

bool LegendFit::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
        place(static_cast<QChartView *>(watched));
    return QObject::eventFilter(watched, event);
}
