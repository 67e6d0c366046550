// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>

// A table of the most recent rows, at most `capacity`: appending removes the
// oldest rows first, then inserts the new ones, in two signals each batch
// (as qBittorrent's log model does), so a view stays cheap at any rate.
template<typename Row> class RollingTableModel : public QAbstractTableModel
{
public:
    explicit RollingTableModel(int capacity, QObject *parent = nullptr)
        : QAbstractTableModel(parent)
        , m_capacity(capacity)
    { }

    void append(QList<Row> rows)
    {
        if (rows.isEmpty())
            return;
        if (rows.size() > m_capacity)
            rows = rows.mid(rows.size() - m_capacity);
        const qsizetype overflow = m_rows.size() + rows.size() - m_capacity;
        if (overflow > 0) {
            beginRemoveRows({}, 0, int(overflow) - 1);
            m_rows.remove(0, overflow);
            endRemoveRows();
        }
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
    }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    [[nodiscard]] const Row &at(int row) const { return m_rows.at(row); }
    [[nodiscard]] int capacity() const { return m_capacity; }

private:
    QList<Row> m_rows;
    int m_capacity;
};
