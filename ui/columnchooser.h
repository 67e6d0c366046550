// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QSet>

class QAction;
class QMenu;
class QTableView;

// Which of a table's columns show. Until the user chooses, the table fits
// its width: the columns that matter most come first and a column is shown
// only while it fits whole, so a small window shows fewer columns, each
// readable, instead of a row that scrolls sideways. The header's context
// menu (and menu(), for the View menu) lets the user choose columns; that
// choice then holds, across sessions, until "Fit to the window" is chosen
// again.
class ColumnChooser final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColumnChooser)

public:
    // `priority` lists every column, most wanted first; the first is never
    // hidden. The columns' current widths are the widths they need.
    ColumnChooser(QTableView *view, const QList<int> &priority, const QString &settingsKey);

    [[nodiscard]] QMenu *menu() const { return m_menu; }
    [[nodiscard]] bool fitsToWidth() const { return m_fit; }
    void setFitsToWidth(bool fit);
    void setColumnShown(int column, bool shown); // the user's choice: fitting stops

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fit();
    void show(const QSet<int> &hidden);
    void updateMenu();
    void save() const;

    QTableView *m_view;
    QList<int> m_priority;
    QList<int> m_widths; // by column: what each needs
    QString m_key;
    QMenu *m_menu;
    QAction *m_fitAction = nullptr;
    QList<QAction *> m_columnActions; // by column
    bool m_fit = true;
};
