// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/backoffpreviewchart.h"

#include "ui/chartfit.h"
#include "ui/chartpalette.h"

#include <QAreaSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace {

// Each retry k owns the x range [k - 0.5, k + 0.5]; band and envelope are
// drawn as steps over it, the samples spread across its middle.
constexpr double halfStep = 0.5;
constexpr double sampleSpread = 0.6;

void styleLine(QLineSeries *series, const QString &name, const QColor &color, Qt::PenStyle style)
{
    series->setName(name);
    QPen pen(color);
    pen.setStyle(style);
    pen.setWidthF(1.5);
    series->setPen(pen);
}

void styleDots(QScatterSeries *series, const QString &name, const QColor &color, QScatterSeries::MarkerShape shape,
               qreal size)
{
    series->setName(name);
    series->setMarkerShape(shape);
    series->setMarkerSize(size);
    series->setColor(color);
    series->setBorderColor(Qt::transparent);
}

} // namespace

BackoffPreviewChart::BackoffPreviewChart(QWidget *parent)
    // Built with its chart: QChartView(QWidget *) would create a default
    // chart that setChart() then releases without deleting.
    : QChartView(new QChart, parent)
    , m_lower(new QLineSeries(this))
    , m_upper(new QLineSeries(this))
    , m_envelope(new QLineSeries)
    , m_samples(new QScatterSeries)
    , m_cap(new QLineSeries)
    , m_observed(new QScatterSeries)
    , m_observedRetryAfter(new QScatterSeries)
    , m_observedPacing(new QScatterSeries)
    , m_axisX(new QValueAxis)
    , m_axisY(new QValueAxis)
{
    setObjectName(QStringLiteral("backoffPreviewChart"));
    setRenderHint(QPainter::Antialiasing);

    QChart *chart = this->chart();
    chart->setTitle(tr("Delay before each retry"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    m_band = new QAreaSeries(m_upper, m_lower);
    m_band->setName(tr("possible delays"));
    m_band->setColor(QColor(70, 130, 200, 60));
    m_band->setBorderColor(QColor(70, 130, 200, 160));

    styleLine(m_envelope, tr("before jitter"), QColor(40, 40, 40), Qt::DashLine);
    styleLine(m_cap, tr("cap (max delay)"), QColor(176, 0, 32), Qt::DotLine);
    styleDots(m_samples, tr("sampled delays"), QColor(220, 110, 30, 170), QScatterSeries::MarkerShapeCircle, 6.0);
    styleDots(m_observed, tr("observed delays"), QColor(30, 90, 200), QScatterSeries::MarkerShapeRectangle, 7.0);
    styleDots(m_observedRetryAfter, tr("Retry-After waits"), QColor(150, 40, 160), QScatterSeries::MarkerShapeRectangle,
              9.0);
    styleDots(m_observedPacing, tr("quota waits (pacing)"), QColor(0, 140, 130), QScatterSeries::MarkerShapeCircle,
              9.0);

    chart->addSeries(m_band);
    chart->addSeries(m_envelope);
    chart->addSeries(m_cap);
    chart->addSeries(m_samples);
    chart->addSeries(m_observed);
    chart->addSeries(m_observedRetryAfter);
    chart->addSeries(m_observedPacing);
    // Observed series stay out of the legend until there is something in them.
    for (QScatterSeries *series : {m_observed, m_observedRetryAfter, m_observedPacing})
        LegendFit::show(chart->legend()->markers(series).constFirst(), false);

    m_axisX->setTitleText(tr("retry"));
    m_axisX->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setTitleText(tr("delay (ms)"));
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    }
    applyPalette();
    LegendFit::keep(this);
}

void BackoffPreviewChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void BackoffPreviewChart::applyPalette()
{
    followPalette(chart(), palette());
    QPen envelope = m_envelope->pen();
    envelope.setColor(palette().color(QPalette::Text));
    m_envelope->setPen(envelope);
}

BackoffPreviewChart::~BackoffPreviewChart() = default;

void BackoffPreviewChart::showObserved(const QList<QPointF> &backoff, const QList<QPointF> &retryAfter,
                                       const QList<QPointF> &pacing)
{
    m_observed->replace(backoff);
    m_observedRetryAfter->replace(retryAfter);
    m_observedPacing->replace(pacing);
    LegendFit::show(chart()->legend()->markers(m_observed).constFirst(), !backoff.isEmpty());
    LegendFit::show(chart()->legend()->markers(m_observedRetryAfter).constFirst(), !retryAfter.isEmpty());
    LegendFit::show(chart()->legend()->markers(m_observedPacing).constFirst(), !pacing.isEmpty());
    LegendFit::place(this);
    double top = m_axisY->max();
    for (const QList<QPointF> *points : {&backoff, &retryAfter, &pacing}) {
        for (const QPointF &point : *points)
            top = std::max(top, point.y() * 1.08);
    }
    if (top > m_axisY->max())
        m_axisY->setMax(top);
}

void BackoffPreviewChart::showPreview(const QList<RetryPreview> &preview, std::chrono::milliseconds cap)
{
    QList<QPointF> lower;
    QList<QPointF> upper;
    QList<QPointF> envelope;
    QList<QPointF> samples;
    double top = 0;
    for (const RetryPreview &entry : preview) {
        const double k = entry.retry;
        const double low = static_cast<double>(entry.band.min.count());
        const double high = static_cast<double>(entry.band.max.count());
        lower << QPointF(k - halfStep, low) << QPointF(k + halfStep, low);
        upper << QPointF(k - halfStep, high) << QPointF(k + halfStep, high);
        envelope << QPointF(k - halfStep, entry.envelopeMs) << QPointF(k + halfStep, entry.envelopeMs);
        const qsizetype count = entry.samples.size();
        for (qsizetype i = 0; i < count; ++i) {
            const double offset = count > 1 ? sampleSpread * (double(i) / double(count - 1) - 0.5) : 0.0;
            samples << QPointF(k + offset, static_cast<double>(entry.samples[i].count()));
        }
        top = std::max({top, high, entry.envelopeMs});
    }
    m_lower->replace(lower);
    m_upper->replace(upper);
    m_envelope->replace(envelope);
    m_samples->replace(samples);

    const int retries = static_cast<int>(preview.size());
    const double capMs = static_cast<double>(cap.count());
    if (retries > 0)
        m_cap->replace({QPointF(1 - halfStep, capMs), QPointF(retries + halfStep, capMs)});
    else
        m_cap->clear();
    // Show the cap when the delays come near it, not when it is far above.
    if (capMs <= top * 1.5)
        top = std::max(top, capMs);
    m_axisX->setRange(1 - halfStep, std::max(1, retries) + halfStep);
    // Ticks on whole retry numbers, at most about a dozen of them.
    m_axisX->setTickType(QValueAxis::TicksDynamic);
    m_axisX->setTickAnchor(1);
    m_axisX->setTickInterval(std::max(1, (retries + 11) / 12));
    m_axisY->setRange(0, top > 0 ? top * 1.08 : 1000.0);
    m_axisY->applyNiceNumbers();
}
