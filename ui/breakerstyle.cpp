// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/breakerstyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

QColor BreakerStyle::color(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed: return QColor(46, 160, 67);
    case BreakerState::HalfOpen: return QColor(219, 154, 4);
    case BreakerState::Open: return QColor(207, 34, 46);
    case BreakerState::ForcedOpen: return QColor(130, 20, 30);
    case BreakerState::Disabled: return QColor(128, 128, 128);
    }
    return {};
}

QIcon BreakerStyle::icon(BreakerState state)
{
    QIcon icon;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF box(size * 0.15, size * 0.15, size * 0.7, size * 0.7);
        painter.setPen(QPen(color(state).darker(130), size / 12.0));
        painter.setBrush(color(state));
        switch (state) {
        case BreakerState::Closed: painter.drawEllipse(box); break;
        case BreakerState::HalfOpen: {
            QPainterPath triangle;
            triangle.moveTo(box.center().x(), box.top());
            triangle.lineTo(box.bottomRight());
            triangle.lineTo(box.bottomLeft());
            triangle.closeSubpath();
            painter.drawPath(triangle);
            break;
        }
        case BreakerState::Open: painter.drawRect(box); break;
        case BreakerState::ForcedOpen:
            painter.drawRect(box);
            painter.setPen(QPen(Qt::white, size / 8.0));
            painter.drawLine(QPointF(box.left() + size * 0.1, box.center().y()),
                             QPointF(box.right() - size * 0.1, box.center().y()));
            break;
        case BreakerState::Disabled:
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(box);
            break;
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString BreakerStyle::label(BreakerState state)
{
    return QString(breakerStateName(state)).replace(u'_', u'-');
}
