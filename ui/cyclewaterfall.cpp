// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/cyclewaterfall.h"

#include "core/util/durationtext.h"
#include "ui/categorystyle.h"
#include "ui/cycleendtext.h"

#include <QPainter>

namespace {

using Phase = CycleTimeline::Phase;

QColor phaseColor(Phase phase, const QPalette &palette)
{
    switch (phase) {
    case Phase::Queued: return palette.color(QPalette::Mid);
    case Phase::Connecting: return QColor(230, 145, 30);
    case Phase::Sending: return QColor(160, 90, 200);
    case Phase::Waiting: return QColor(40, 130, 210);
    case Phase::Receiving: return QColor(40, 170, 120);
    case Phase::Backoff:
    case Phase::RetryAfter: return palette.color(QPalette::PlaceholderText);
    }
    return {};
}

QString phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Queued: return QObject::tr("waiting for a free connection");
    case Phase::Connecting: return QObject::tr("connecting");
    case Phase::Sending: return QObject::tr("sending");
    case Phase::Waiting: return QObject::tr("waiting for the server");
    case Phase::Receiving: return QObject::tr("receiving");
    case Phase::Backoff: return QObject::tr("backoff");
    case Phase::RetryAfter: return QObject::tr("Retry-After");
    }
    return {};
}

} // namespace

CycleWaterfall::CycleWaterfall(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("cycleWaterfall"));
    setMinimumHeight(fontMetrics().height() * 6);
}

CycleWaterfall::~CycleWaterfall() = default;

void CycleWaterfall::setCycle(const QList<AttemptRecord> &attempts)
{
    m_timeline = layOutCycle(attempts);
    QStringList tip;
    if (!m_timeline.rows.isEmpty()) {
        tip.append(heading());
        if (const auto reason = m_timeline.rows.constLast().record.reason)
            tip.append(CycleEndText::explanation(*reason));
    }
    for (const auto &row : std::as_const(m_timeline.rows)) {
        QStringList parts;
        for (const auto &segment : row.segments)
            parts.append(QStringLiteral("%1 %2").arg(
                phaseName(segment.phase), durationText(std::chrono::milliseconds(segment.toMs - segment.fromMs))));
        tip.append(QStringLiteral("#%1: %2").arg(row.record.attempt).arg(parts.join(QStringLiteral(", "))));
    }
    setToolTip(tip.join(u'\n'));
    update();
}

QString CycleWaterfall::heading() const
{
    if (m_timeline.rows.isEmpty())
        return {};
    const AttemptRecord &first = m_timeline.rows.constFirst().record;
    return tr("%1 · cycle %2 · %3 in all · %4")
        .arg(first.endpoint)
        .arg(first.cycle)
        .arg(durationText(std::chrono::milliseconds(m_timeline.totalMs)),
             CycleEndText::ending(m_timeline.rows.constLast().record));
}

QSize CycleWaterfall::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(u'M') * 40, fontMetrics().height() * 8};
}

void CycleWaterfall::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const int line = metrics.height() + 6;
    if (m_timeline.rows.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Select an attempt to see its cycle as a waterfall"));
        return;
    }
    const AttemptRecord &first = m_timeline.rows.constFirst().record;
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(4, 2, width() - 8, line), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(heading(), Qt::ElideRight, width() - 8));
    const int labelWidth = metrics.horizontalAdvance(QStringLiteral("#00 connection_refused 000")) + 8;
    const int left = labelWidth;
    const int plot = std::max(20, width() - left - 8);
    const double scale = double(plot) / double(std::max<qint64>(1, m_timeline.totalMs));
    int y = line + 4;
    for (const auto &row : std::as_const(m_timeline.rows)) {
        const AttemptRecord &r = row.record;
        painter.setPen(CategoryStyle::color(r.category));
        painter.drawText(QRect(4, y, labelWidth - 8, line), Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("#%1 %2 %3")
                             .arg(r.attempt)
                             .arg(categoryName(r.category))
                             .arg(r.httpStatus ? QString::number(*r.httpStatus) : QString()));
        for (const auto &segment : row.segments) {
            const int x0 = left + int(double(segment.fromMs) * scale);
            const int x1 = std::max(x0 + 2, left + int(double(segment.toMs) * scale));
            const QRect bar(x0, y + 3, x1 - x0, line - 6);
            const QColor color = phaseColor(segment.phase, palette());
            if (segment.phase == Phase::Backoff || segment.phase == Phase::RetryAfter) {
                // A wait is an outline (hatched when the server asked for it).
                painter.setPen(QPen(color, 1, Qt::DashLine));
                painter.setBrush(segment.phase == Phase::RetryAfter ? QBrush(color, Qt::BDiagPattern) : Qt::NoBrush);
                painter.drawRect(bar.adjusted(0, 2, -1, -2));
                const QString text = durationText(std::chrono::milliseconds(segment.toMs - segment.fromMs));
                if (metrics.horizontalAdvance(text) + 6 < bar.width()) {
                    painter.setPen(palette().color(QPalette::Text));
                    painter.drawText(bar, Qt::AlignCenter, text);
                }
            } else {
                painter.fillRect(bar, color);
            }
        }
        if (!r.latency) { // not sent
            painter.setPen(palette().color(QPalette::PlaceholderText));
            const QString text = tr("not sent");
            const int x = std::min(
                left + int(double(r.timeUtc.toMSecsSinceEpoch() - first.timeUtc.toMSecsSinceEpoch()) * scale),
                width() - metrics.horizontalAdvance(text) - 6);
            painter.drawText(QRect(x, y, plot, line), Qt::AlignLeft | Qt::AlignVCenter, text);
        }
        y += line;
    }
    // Legend.
    int x = 4;
    y += 4;
    for (const Phase phase : {Phase::Connecting, Phase::Sending, Phase::Waiting, Phase::Receiving}) {
        painter.fillRect(QRect(x, y + 4, 10, line - 8), phaseColor(phase, palette()));
        painter.setPen(palette().color(QPalette::Text));
        const QString name = phaseName(phase);
        painter.drawText(QRect(x + 14, y, metrics.horizontalAdvance(name) + 4, line), Qt::AlignVCenter, name);
        x += 14 + metrics.horizontalAdvance(name) + 12;
    }
}
