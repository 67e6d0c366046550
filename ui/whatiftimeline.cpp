// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/whatiftimeline.h"

#include "core/util/durationtext.h"
#include "ui/chartfit.h"
#include "ui/chartpalette.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace {

// Attempts sent (not those a breaker rejected) per slice of [from, to).
QList<int> countSent(const QList<Lab::AttemptFacts> &attempts, qint64 from, qint64 to)
{
    QList<int> counts(WhatIfTimeline::slices, 0);
    const double width = double(std::max<qint64>(1, to - from)) / WhatIfTimeline::slices;
    for (const Lab::AttemptFacts &r : attempts) {
        if (r.outcome == AttemptOutcome::Rejected)
            continue;
        const qint64 at = r.startMs;
        if (at < from || at >= to)
            continue;
        ++counts[std::min(WhatIfTimeline::slices - 1, int(double(at - from) / width))];
    }
    return counts;
}

// A step line: each slice's count held across the slice.
void fillSteps(QLineSeries *series, const QList<int> &counts, qint64 from, double width)
{
    QList<QPointF> points;
    points.reserve(2 * counts.size());
    for (int k = 0; k < counts.size(); ++k) {
        points.append({double(from) + k * width, double(counts[k])});
        points.append({double(from) + (k + 1) * width, double(counts[k])});
    }
    series->replace(points);
}

} // namespace

WhatIfTimeline::WhatIfTimeline(QWidget *parent)
    // Built with its chart: QChartView(QWidget *) would create a default
    // chart that setChart() then releases without deleting.
    : QChartView(new QChart, parent)
    , m_currentLine(new QLineSeries)
    , m_editedLine(new QLineSeries)
    , m_failingUpper(new QLineSeries(this)) // not owned by the area series
    , m_failingArea(new QAreaSeries(m_failingUpper))
    , m_time(new QDateTimeAxis)
    , m_count(new QValueAxis)
{
    setObjectName(QStringLiteral("whatIfTimeline"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    QChart *chart = this->chart();
    m_failingArea->setName(tr("recorded service failing"));
    m_failingArea->setColor(QColor(0xc6, 0x28, 0x28, 40));
    m_failingArea->setBorderColor(Qt::transparent);
    m_currentLine->setName(tr("current policy"));
    m_currentLine->setPen(QPen(QColor(0x60, 0x7d, 0x8b), 2));
    m_editedLine->setName(tr("edited policy"));
    m_editedLine->setPen(QPen(QColor(0x1e, 0x88, 0xe5), 2, Qt::DashLine));
    chart->addSeries(m_failingArea);
    chart->addSeries(m_currentLine);
    chart->addSeries(m_editedLine);
    m_time->setFormat(QStringLiteral("HH:mm"));
    m_count->setTitleText(tr("attempts"));
    m_count->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_count, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(m_time);
        series->attachAxis(m_count);
    }
    chart->setMargins(QMargins(4, 4, 4, 4));
    followPalette(chart, palette());
    LegendFit::keep(this);
}

WhatIfTimeline::~WhatIfTimeline() = default;

void WhatIfTimeline::setReplays(const Lab::Trace &trace, const Lab::Replay &current, const Lab::Replay &edited)
{
    const QList<Lab::Span> &known = trace.model.known();
    if (known.isEmpty()) {
        clear();
        return;
    }
    const qint64 from = known.first().fromMs;
    const qint64 to = std::max(from + 1, known.last().toMs);
    const double width = double(to - from) / slices;
    chart()->setTitle(tr("Attempts sent per %1").arg(durationText(std::chrono::milliseconds(qint64(width)))));
    m_current = countSent(current.attempts, from, to);
    m_edited = countSent(edited.attempts, from, to);
    const int highest = std::max({1, *std::max_element(m_current.cbegin(), m_current.cend()),
                                  *std::max_element(m_edited.cbegin(), m_edited.cend())});
    m_failing.clear();
    QList<int> band;
    for (int k = 0; k < slices; ++k) {
        const qint64 middle = from + qint64((k + 0.5) * width);
        m_failing.append(trace.model.isKnown(middle) && trace.model.failingAt(middle));
        band.append(m_failing.last() ? highest + 1 : 0);
    }
    fillSteps(m_currentLine, m_current, from, width);
    fillSteps(m_editedLine, m_edited, from, width);
    fillSteps(m_failingUpper, band, from, width);
    const qint64 span = to - from;
    m_time->setFormat(span > 24LL * 3600 * 1000  ? QStringLiteral("d MMM HH:mm")
                          : span > 3600LL * 1000 ? QStringLiteral("HH:mm")
                                                 : QStringLiteral("HH:mm:ss"));
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(to));
    // Whole attempts only: a tick every 1, 2, 5, 10, ... so that about five show.
    const int top = highest + 1;
    int step = 1;
    for (const int candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
        step = candidate;
        if (top / candidate <= 5)
            break;
    }
    const int roundedUp = (top + step - 1) / step * step; // whole steps
    m_count->setRange(0, roundedUp);
    m_count->setTickType(QValueAxis::TicksDynamic);
    m_count->setTickAnchor(0);
    m_count->setTickInterval(step);
}

void WhatIfTimeline::clear()
{
    m_current.clear();
    m_edited.clear();
    m_failing.clear();
    m_currentLine->clear();
    m_editedLine->clear();
    m_failingUpper->clear();
}
