// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/chartdata.h"

#include <QObject>

class QSqlDatabase; // only by reference: no QtSql for whoever includes this

namespace HistoryCharts {

// The charts' data for [fromMs, toMs) read from the history: latencies and
// delays thinned in SQL to about `maxPoints`, categories counted per bucket,
// and the breaker transitions. `endpoints` and `breakers` filter (empty: all).
[[nodiscard]] ChartData load(const QSqlDatabase &db, qint64 fromMs, qint64 toMs, const QStringList &endpoints,
                             const QStringList &breakers, qsizetype maxPoints);

} // namespace HistoryCharts

// Runs HistoryCharts::load on its own connection, in whatever thread it is
// moved to, so that a day of history never stalls the window. Requests are
// queued calls; a newer request supersedes older ones still waiting.
class HistoryChartLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryChartLoader)

public:
    explicit HistoryChartLoader(QString path, QObject *parent = nullptr);
    ~HistoryChartLoader() override;

    // Thread-safe: asks for a load; loaded() answers with the same ticket.
    void request(quint64 ticket, qint64 fromMs, qint64 toMs, const QStringList &endpoints, const QStringList &breakers,
                 qsizetype maxPoints);

signals:
    void loaded(quint64 ticket, const ChartData &data);
    void failed(quint64 ticket, const QString &error);

private:
    void run(quint64 ticket, qint64 fromMs, qint64 toMs, const QStringList &endpoints, const QStringList &breakers,
             qsizetype maxPoints);

    QString m_path;
    QString m_connection;
    std::atomic<quint64> m_latest{0};
};
