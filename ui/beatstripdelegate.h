// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

// Draws an endpoint's recent cycles as a strip of beats, newest on the
// right: a first-try success is a plain green bar, a success after retries a
// green bar with an amber cap, a failure a hatched red bar, a cycle the
// breaker rejected a short hollow grey bar — told apart by shape as well as
// colour.
class BeatStripDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BeatStripDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~BeatStripDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
