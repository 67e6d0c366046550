// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

#include <initializer_list>

class QAbstractItemModel;
class QTableView;

// The window's tables share one look: whole rows selected, alternating
// colours, uniform row height, no header narrower than its title.
[[nodiscard]] QTableView *makeTableView(QAbstractItemModel *model, const QString &objectName);

// A column as wide as what it usually holds (`sample`, plus `extra` pixels
// for an icon), and never narrower than its title.
struct ColumnSample
{
    int column;
    const char *sample; // UTF-8
    int extra = 0;
};
void sizeColumns(QTableView *view, std::initializer_list<ColumnSample> samples);

// Elides in the middle: "http://127.0.0.1:…/status/503" says more than
// "http://127.0.0.1:80…".
class MiddleElidingDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
