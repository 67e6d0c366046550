// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/columnchooser.h"

#include "ui/dashboardsettings.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>

ColumnChooser::ColumnChooser(QTableView *view, const QList<int> &priority, const QString &settingsKey)
    : QObject(view)
    , m_view(view)
    , m_priority(priority)
    , m_key(settingsKey + QStringLiteral("/hiddenColumns"))
    , m_menu(new QMenu(tr("&Columns"), view))
{
    QHeaderView *header = view->horizontalHeader();
    for (int column = 0; column < header->count(); ++column)
        m_widths.append(header->sectionSize(column));

    m_fitAction = m_menu->addAction(tr("&Fit to the window"), this, [this] { setFitsToWidth(true); });
    m_fitAction->setCheckable(true);
    m_fitAction->setToolTip(tr("Show the columns that fit whole, the most useful first"));
    m_menu->addSeparator();
    for (int column = 0; column < header->count(); ++column) {
        QAction *action = m_menu->addAction(view->model()->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setEnabled(!priority.isEmpty() && column != priority.constFirst());
        connect(action, &QAction::triggered, this, [this, column](bool shown) { setColumnShown(column, shown); });
        m_columnActions.append(action);
    }
    connect(m_menu, &QMenu::aboutToShow, this, &ColumnChooser::updateMenu);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this,
            [this, header](const QPoint &at) { m_menu->exec(header->mapToGlobal(at)); });

    const DashboardSettings settings;
    if (settings.contains(m_key)) {
        m_fit = false;
        QSet<int> hidden;
        for (const QVariant &column : settings.value(m_key).toList())
            hidden.insert(column.toInt());
        show(hidden);
    }
    view->viewport()->installEventFilter(this);
}

void ColumnChooser::setFitsToWidth(bool fit)
{
    m_fit = fit;
    if (fit) {
        DashboardSettings().remove(m_key);
        this->fit();
    } else {
        save();
    }
}

void ColumnChooser::setColumnShown(int column, bool shown)
{
    if (column < 0 || column >= m_widths.size() || (!shown && column == m_priority.value(0, -1)))
        return;
    m_fit = false;
    m_view->horizontalHeader()->setSectionHidden(column, !shown);
    if (shown && m_view->horizontalHeader()->sectionSize(column) < m_widths.at(column))
        m_view->horizontalHeader()->resizeSection(column, m_widths.at(column));
    save();
}

bool ColumnChooser::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && m_fit)
        fit();
    return QObject::eventFilter(watched, event);
}

// Most wanted first; a column that does not fit whole is left out and a
// narrower one after it may still take the room that is left.
void ColumnChooser::fit()
{
    int room = m_view->viewport()->width() - 2; // a pixel of rounding must not bring the scroll bar
    QSet<int> hidden;
    for (const int column : m_priority) {
        if (column < 0 || column >= m_widths.size())
            continue;
        if (m_widths.at(column) <= room || column == m_priority.constFirst())
            room -= m_widths.at(column);
        else
            hidden.insert(column);
    }
    show(hidden);
}

void ColumnChooser::show(const QSet<int> &hidden)
{
    QHeaderView *header = m_view->horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        const bool hide = hidden.contains(column) && column != m_priority.value(0, -1);
        if (header->isSectionHidden(column) == hide)
            continue;
        header->setSectionHidden(column, hide);
        if (!hide && column < m_widths.size())
            header->resizeSection(column, m_widths.at(column));
    }
}

void ColumnChooser::updateMenu()
{
    m_fitAction->setChecked(m_fit);
    for (int column = 0; column < m_columnActions.size(); ++column)
        m_columnActions.at(column)->setChecked(!m_view->horizontalHeader()->isSectionHidden(column));
}

void ColumnChooser::save() const
{
    QVariantList hidden;
    for (int column = 0; column < m_widths.size(); ++column) {
        if (m_view->horizontalHeader()->isSectionHidden(column))
            hidden.append(column);
    }
    DashboardSettings().setValue(m_key, hidden);
}
