// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sweepchart.h"

#include "ui/chartpalette.h"

#include <QLocale>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

QPointF pointOf(const Lab::Figures &figures)
{
    return {figures.amplification(), figures.successPercent()};
}

// The success axis's step: a round number giving about five ticks over
// `span`, and wider than the room kept above 100 % for the labels, so that
// no tick reads more than 100.
double successStep(double span, double above100)
{
    for (const double step : {1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0}) {
        if (step >= span / 5.0 && step > above100)
            return step;
    }
    return 100.0;
}

} // namespace

SweepChart::SweepChart(QWidget *parent)
    // Built with its chart: QChartView(QWidget *) would create a default
    // chart that setChart() then releases without deleting.
    : QChartView(new QChart, parent)
    , m_amplification(new QValueAxis)
    , m_success(new QValueAxis)
{
    setObjectName(QStringLiteral("sweepChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    QChart *chart = this->chart();
    chart->setTitle(tr("Sweep: cycle success % against amplification, one point per value"));
    m_amplification->setTitleText(tr("amplification (attempts per cycle; lower spares the server)"));
    m_amplification->setLabelFormat(QStringLiteral("%.2f"));
    m_success->setTitleText(tr("cycle success %"));
    m_success->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_amplification, Qt::AlignBottom);
    chart->addAxis(m_success, Qt::AlignLeft);
    // One series per point, so each carries its own label: the legend would
    // only repeat them.
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    followPalette(chart, palette());
}

SweepChart::~SweepChart() = default;

void SweepChart::clear()
{
    chart()->removeAllSeries();
    m_values.clear();
    m_points.clear();
    m_labels.clear();
}

void SweepChart::setPoints(const QList<Lab::SweepPoint> &points, const QString &unit, const Lab::Figures &current)
{
    clear();
    QList<QPointF> drawn{pointOf(current)};
    const auto add = [this](QScatterSeries *series) {
        chart()->addSeries(series);
        series->attachAxis(m_amplification);
        series->attachAxis(m_success);
        series->setPointLabelsVisible(true);
        series->setPointLabelsClipping(false);
        series->setPointLabelsColor(palette().color(QPalette::WindowText));
    };
    // Values whose figures are the same as shown (one decimal of success,
    // two of amplification) share one point and one label: "4 – 12 ms".
    const auto shown
        = [](const QPointF &p) { return QPointF(std::round(p.x() * 100) / 100, std::round(p.y() * 10) / 10); };
    struct Group
    {
        QPointF at;
        QList<qsizetype> indices; // into `points`
    };
    QList<Group> groups;
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (!points[i].error.isEmpty())
            continue;
        const QPointF at = shown(pointOf(points[i].figures));
        const auto same = std::find_if(groups.begin(), groups.end(), [&at](const Group &g) { return g.at == at; });
        if (same != groups.end())
            same->indices.append(i);
        else
            groups.append(Group{at, {i}});
        m_values.append(points[i].value);
        m_points.append(pointOf(points[i].figures));
        drawn.append(m_points.last());
    }
    const QLocale locale;
    const auto text = [&](qsizetype i) { return locale.toString(points[i].value, 'g', 6); };
    const QPointF currentAt = shown(pointOf(current));
    bool currentShared = false;
    for (const Group &group : groups) {
        const QList<qsizetype> &in = group.indices;
        QString label;
        if (in.size() == 1)
            label = text(in.first());
        else if (in.last() - in.first() + 1 == in.size())
            label = text(in.first()) + QStringLiteral(" – ") + text(in.last());
        else
            label = [&] {
                QStringList all;
                for (const qsizetype i : in)
                    all.append(text(i));
                return all.join(QStringLiteral(", "));
            }();
        label += unit;
        if (group.at == currentAt) {
            label += tr(" (same as current)");
            currentShared = true;
        }
        auto *series = new QScatterSeries;
        series->setName(label);
        series->setMarkerSize(11);
        series->setColor(QColor(0x1e, 0x88, 0xe5));
        series->setBorderColor(QColor(0x0d, 0x47, 0xa1));
        series->append(pointOf(points[in.first()].figures));
        // A label that is a constant: "@" in a format would be replaced.
        series->setPointLabelsFormat(label);
        add(series);
        // The same figures: the first of the values is the one picked.
        const double value = points[in.first()].value;
        connect(series, &QScatterSeries::clicked, this, [this, value] { emit valueClicked(value); });
        m_labels.append(label);
    }
    auto *mark = new QScatterSeries;
    mark->setName(tr("current"));
    mark->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    mark->setMarkerSize(15);
    mark->setColor(Qt::transparent);
    mark->setBorderColor(QColor(0xe6, 0x51, 0x00));
    mark->setPen(QPen(QColor(0xe6, 0x51, 0x00), 2.5));
    mark->append(pointOf(current));
    mark->setPointLabelsFormat(tr("current"));
    add(mark);
    // A value with the current figures says so in its own label.
    mark->setPointLabelsVisible(!currentShared);
    mark->setPointLabelsColor(QColor(0xe6, 0x51, 0x00));

    // Axes with room around the points for their labels.
    const auto [left, right] = std::minmax_element(drawn.cbegin(), drawn.cend(),
                                                   [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    const auto [low, high] = std::minmax_element(drawn.cbegin(), drawn.cend(),
                                                 [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
    const double xPad = std::max(0.05, (right->x() - left->x()) * 0.12);
    const double yPad = std::max(2.0, (high->y() - low->y()) * 0.12);
    m_amplification->setRange(std::max(0.0, left->x() - xPad), right->x() + xPad);
    const double top = std::min(100.0 + yPad, high->y() + yPad);
    double bottom = std::max(0.0, low->y() - yPad);
    // Ticks counted from 100 %, none above it (the room above is for the
    // labels), and at least two of them: the range reaches down a step below
    // the highest tick if the points lie closer together than that.
    const double step = successStep(top - bottom, top - 100.0);
    const double highestTick = std::floor(top / step) * step;
    bottom = std::max(0.0, std::min(bottom, highestTick - step));
    m_success->setRange(bottom, top);
    m_success->setTickType(QValueAxis::TicksDynamic);
    m_success->setTickAnchor(100);
    m_success->setTickInterval(step);
}
