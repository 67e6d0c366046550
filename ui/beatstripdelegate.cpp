// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/beatstripdelegate.h"

#include "core/dashboard/endpointstats.h"
#include "ui/breakerstyle.h"
#include "ui/endpointtablemodel.h"

#include <QPainter>

namespace {

constexpr int beatWidth = 5;
constexpr int beatGap = 2;

} // namespace

BeatStripDelegate::~BeatStripDelegate() = default;

void BeatStripDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index); // background, selection
    const QVariantList beats = index.data(EndpointTableModel::BeatsRole).toList();
    const QRect area = option.rect.adjusted(3, 3, -3, -3);
    const int fit = std::max(0, (area.width() + beatGap) / (beatWidth + beatGap));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    int x = area.right() - beatWidth + 1;
    const QColor ok = BreakerStyle::color(BreakerState::Closed);
    const QColor amber = BreakerStyle::color(BreakerState::HalfOpen);
    const QColor bad = BreakerStyle::color(BreakerState::Open);
    const QColor grey = BreakerStyle::color(BreakerState::Disabled);
    for (qsizetype i = beats.size() - 1; i >= 0 && i >= beats.size() - fit; --i, x -= beatWidth + beatGap) {
        const QRect bar(x, area.top(), beatWidth, area.height());
        switch (EndpointStats::Beat(beats.at(i).toInt())) {
        case EndpointStats::Beat::FirstTry: painter->fillRect(bar, ok); break;
        case EndpointStats::Beat::AfterRetries:
            painter->fillRect(bar, ok);
            painter->fillRect(QRect(bar.left(), bar.top(), beatWidth, bar.height() / 3), amber);
            break;
        case EndpointStats::Beat::Failed:
            painter->fillRect(bar, bad.lighter(150));
            painter->fillRect(bar, QBrush(bad.darker(120), Qt::BDiagPattern));
            break;
        case EndpointStats::Beat::Slow: // a pale bar with an outline: answered, but slowly
            painter->fillRect(bar, ok.lighter(175));
            painter->setPen(ok.darker(130));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(bar.adjusted(0, 0, -1, -1));
            break;
        case EndpointStats::Beat::Rejected:
            painter->setPen(grey);
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(QRect(bar.left(), bar.center().y(), beatWidth - 1, bar.height() / 2));
            break;
        }
    }
    painter->restore();
}

QSize BeatStripDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {int(EndpointStats::maxBeats) * (beatWidth + beatGap) + 6, base.height()};
}
