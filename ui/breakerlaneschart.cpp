// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/breakerlaneschart.h"

#include "ui/breakerstyle.h"
#include "ui/chartfit.h"
#include "ui/chartpalette.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>

namespace {

constexpr double halfHeight = 0.35;
const QList<BreakerState> allStates{BreakerState::Closed, BreakerState::HalfOpen, BreakerState::Open,
                                    BreakerState::ForcedOpen, BreakerState::Disabled};

// The busiest lanes first (most transitions, then any not closed), by name.
QList<BreakerLane> busiest(QList<BreakerLane> lanes, int limit)
{
    if (lanes.size() <= limit)
        return lanes;
    const auto weight = [](const BreakerLane &lane) {
        const bool notClosed = std::any_of(lane.segments.begin(), lane.segments.end(),
                                           [](const auto &s) { return s.state != BreakerState::Closed; });
        return lane.transitions.size() * 2 + (notClosed ? 1 : 0);
    };
    std::stable_sort(lanes.begin(), lanes.end(),
                     [&weight](const BreakerLane &a, const BreakerLane &b) { return weight(a) > weight(b); });
    lanes.resize(limit);
    std::sort(lanes.begin(), lanes.end(),
              [](const BreakerLane &a, const BreakerLane &b) { return a.breaker < b.breaker; });
    return lanes;
}

} // namespace

BreakerLanesChart::BreakerLanesChart(QWidget *parent)
    : QChartView(new QChart, parent)
    , m_time(new QDateTimeAxis)
    , m_lanes(new QCategoryAxis)
    , m_marks(new QScatterSeries)
{
    setObjectName(QStringLiteral("breakerChart"));
    setRenderHint(QPainter::Antialiasing);
    QChart *chart = this->chart();
    chart->setTitle(tr("Breaker state per breaker (hover a mark for the reason)"));
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTickCount(5);
    m_lanes->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_lanes->setGridLineVisible(false);
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_lanes, Qt::AlignLeft);

    m_marks->setName(tr("transition"));
    m_marks->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_marks->setMarkerSize(7);
    chart->addSeries(m_marks);
    m_marks->attachAxis(m_time);
    m_marks->attachAxis(m_lanes);
    // Hovering near a mark, not only exactly on its 7 pixels, explains it.
    viewport()->setMouseTracking(true);
    followPalette(chart, palette());
    m_marks->setColor(palette().color(QPalette::Text));
    LegendFit::keep(this);
}

BreakerLanesChart::~BreakerLanesChart() = default;

void BreakerLanesChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        followPalette(chart(), palette());
        m_marks->setColor(palette().color(QPalette::Text));
    }
    QChartView::changeEvent(event);
}

QLineSeries *BreakerLanesChart::upper(int lane, BreakerState state)
{
    const int key = lane * 8 + int(state);
    if (QAreaSeries *area = m_areas.value(key))
        return area->upperSeries();
    auto *area = new QAreaSeries(new QLineSeries(this), new QLineSeries(this));
    area->setName(BreakerStyle::label(state));
    area->setColor(BreakerStyle::color(state));
    area->setBorderColor(Qt::transparent);
    chart()->addSeries(area);
    area->attachAxis(m_time);
    area->attachAxis(m_lanes);
    // One legend entry per state: the first lane's.
    const bool firstOfState
        = std::none_of(m_areas.keyBegin(), m_areas.keyEnd(), [state](int k) { return k % 8 == int(state); });
    LegendFit::show(chart()->legend()->markers(area).constFirst(), firstOfState);
    m_areas.insert(key, area);
    LegendFit::place(this);
    // Series draw in the order they were added: the marks go back on top.
    chart()->removeSeries(m_marks);
    chart()->addSeries(m_marks);
    m_marks->attachAxis(m_time);
    m_marks->attachAxis(m_lanes);
    return area->upperSeries();
}

void BreakerLanesChart::setLanes(QList<BreakerLane> lanes, qint64 fromMs, qint64 toMs)
{
    m_data = busiest(std::move(lanes), maxLanes);
    m_shown.clear();
    const auto labels = m_lanes->categoriesLabels();
    for (const QString &label : labels)
        m_lanes->remove(label);
    QList<QPointF> marks;
    QSet<int> used;
    for (int lane = 0; lane < m_data.size(); ++lane) {
        const BreakerLane &data = m_data.at(lane);
        m_shown.append(data.breaker);
        m_lanes->append(data.breaker, lane);
        const double low = lane - halfHeight;
        const double high = lane + halfHeight;
        // Per state, a step line that is high where the lane is in that state.
        QHash<int, QList<QPointF>> steps;
        for (const BreakerLane::Segment &segment : widenHalfOpen(data.segments, (toMs - fromMs) / 150, toMs)) {
            QList<QPointF> &line = steps[int(segment.state)];
            line.append({double(segment.fromMs), low});
            line.append({double(segment.fromMs), high});
            line.append({double(segment.toMs), high});
            line.append({double(segment.toMs), low});
        }
        for (auto it = steps.begin(); it != steps.end(); ++it) {
            QLineSeries *line = upper(lane, BreakerState(it.key()));
            QAreaSeries *area = m_areas.value(lane * 8 + it.key());
            area->lowerSeries()->replace({QPointF(double(fromMs), low), QPointF(double(toMs), low)});
            line->replace(it.value());
            used.insert(lane * 8 + it.key());
        }
        for (const BreakerTransition &t : data.transitions)
            marks.append({double(t.timeUtc.toMSecsSinceEpoch()), double(lane)});
    }
    for (auto it = m_areas.constBegin(); it != m_areas.constEnd(); ++it) {
        if (!used.contains(it.key())) {
            it.value()->upperSeries()->clear();
            it.value()->lowerSeries()->clear();
        }
    }
    m_marks->replace(marks);
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    // At least six lanes of height, so that one breaker is not a wall of
    // colour; fewer lanes sit in the middle, not at the bottom.
    const double pad = double(std::max<qsizetype>(0, 6 - m_data.size())) / 2.0;
    m_lanes->setRange(-0.5 - pad, double(m_data.size()) - 0.5 + pad);
    m_time->setFormat(toMs - fromMs > 6 * 3600 * 1000 ? QStringLiteral("dd HH:mm") : QStringLiteral("HH:mm:ss"));
}

QList<BreakerLane::Segment> BreakerLanesChart::widenHalfOpen(QList<BreakerLane::Segment> segments, qint64 minMs,
                                                             qint64 toMs)
{
    for (qsizetype i = 0; i < segments.size(); ++i) {
        BreakerLane::Segment &segment = segments[i];
        if (segment.state != BreakerState::HalfOpen || segment.toMs - segment.fromMs >= minMs)
            continue;
        segment.toMs = std::min(toMs, segment.fromMs + minMs);
        // What follows starts when the widened stretch ends (and goes when
        // it ends before that).
        for (qsizetype j = i + 1; j < segments.size() && segments[j].fromMs < segment.toMs;) {
            segments[j].fromMs = segment.toMs;
            if (segments[j].toMs <= segments[j].fromMs)
                segments.removeAt(j);
            else
                ++j;
        }
    }
    return segments;
}

QList<std::pair<qint64, qint64>> BreakerLanesChart::drawn(int lane, BreakerState state) const
{
    QList<std::pair<qint64, qint64>> stretches;
    const QAreaSeries *area = m_areas.value(lane * 8 + int(state));
    if (!area)
        return stretches;
    const QList<QPointF> points = area->upperSeries()->points();
    for (qsizetype i = 0; i + 3 < points.size(); i += 4) // low, high, high, low per stretch
        stretches.append({qint64(points[i].x()), qint64(points[i + 3].x())});
    return stretches;
}

QPoint BreakerLanesChart::markPosition(qint64 timeMs, int lane) const
{
    const QPointF inChart = chart()->mapToPosition(QPointF(double(timeMs), double(lane)), m_marks);
    return mapFromScene(chart()->mapToScene(inChart));
}

QString BreakerLanesChart::describeAt(QPoint pos) const
{
    constexpr int reach = 10; // pixels
    int bestDistance = reach * reach + 1;
    QString best;
    for (int lane = 0; lane < m_data.size(); ++lane) {
        for (const BreakerTransition &t : m_data.at(lane).transitions) {
            const QPoint d = markPosition(t.timeUtc.toMSecsSinceEpoch(), lane) - pos;
            const int distance = d.x() * d.x() + d.y() * d.y();
            if (distance < bestDistance) {
                bestDistance = distance;
                best = describeNearest(t.timeUtc.toMSecsSinceEpoch(), lane);
            }
        }
    }
    return best;
}

void BreakerLanesChart::mouseMoveEvent(QMouseEvent *event)
{
    QChartView::mouseMoveEvent(event);
    const QString tip = describeAt(event->position().toPoint());
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
}

QString BreakerLanesChart::describeNearest(qint64 timeMs, int lane) const
{
    if (lane < 0 || lane >= m_data.size() || m_data.at(lane).transitions.isEmpty())
        return {};
    const auto &transitions = m_data.at(lane).transitions;
    const auto nearest = std::min_element(
        transitions.begin(), transitions.end(), [timeMs](const auto &a, const auto &b) {
            return std::abs(a.timeUtc.toMSecsSinceEpoch() - timeMs) < std::abs(b.timeUtc.toMSecsSinceEpoch() - timeMs);
        });
    return tr("%1 at %2: %3 → %4\n%5")
        .arg(nearest->breaker, nearest->timeUtc.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
             BreakerStyle::label(nearest->from), BreakerStyle::label(nearest->to), nearest->reason);
}
