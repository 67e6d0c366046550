// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tableviews.h"

#include <QHeaderView>
#include <QTableView>

QTableView *makeTableView(QAbstractItemModel *model, const QString &objectName)
{
    auto *view = new QTableView;
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // uniform rows: no per-row bookkeeping
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    // No header narrower than its own title (with room for the sort mark).
    QHeaderView *header = view->horizontalHeader();
    for (int column = 0; column < header->count(); ++column)
        header->resizeSection(column, std::max(header->sectionSize(column), header->sectionSizeHint(column)));
    return view;
}

void sizeColumns(QTableView *view, std::initializer_list<ColumnSample> samples)
{
    QHeaderView *header = view->horizontalHeader();
    const QFontMetrics metrics = view->fontMetrics();
    const int padding = metrics.horizontalAdvance(u'M') * 2;
    for (const ColumnSample &sample : samples)
        header->resizeSection(
            sample.column,
            std::max(metrics.horizontalAdvance(QString::fromUtf8(sample.sample)) + padding + sample.extra,
                     header->sectionSizeHint(sample.column)));
}

void MiddleElidingDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode = Qt::ElideMiddle;
}
