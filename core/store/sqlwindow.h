// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlQuery>
#include <QStringList>

// The history's queries are all "in a time window, for some names":
// `time_ms >= ? AND time_ms < ?` (or `<=`), then this filter, bound in order.
namespace SqlWindow {

// " AND column IN (?, ?, ...)" for `values`, or nothing when it is empty.
[[nodiscard]] inline QString inFilter(const QStringList &values, const char *column)
{
    if (values.isEmpty())
        return {};
    QStringList marks;
    for (qsizetype i = 0; i < values.size(); ++i)
        marks.append(QStringLiteral("?"));
    return QStringLiteral(" AND %1 IN (%2)").arg(QLatin1String(column), marks.join(QStringLiteral(", ")));
}

// Binds the window's two ends, then the filter's values.
inline void bind(QSqlQuery &query, qint64 fromMs, qint64 toMs, const QStringList &values)
{
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    for (const QString &value : values)
        query.addBindValue(value);
}

} // namespace SqlWindow
