// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/historycharts.h"

#include "core/store/sqlwindow.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

namespace {

// Prepares `sql` (with "%1" for the filter) and binds the window and filter.
QSqlQuery select(const QSqlDatabase &db, const QString &sql, qint64 fromMs, qint64 toMs, const QStringList &filter,
                 const char *column)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(sql.arg(SqlWindow::inFilter(filter, column)));
    SqlWindow::bind(query, fromMs, toMs, filter);
    query.exec();
    return query;
}

// Every k-th row, so that about `maxPoints` of `rows` remain.
qint64 stride(const QSqlDatabase &db, const char *condition, qint64 fromMs, qint64 toMs, const QStringList &endpoints,
              qsizetype maxPoints, qint64 *rows)
{
    QSqlQuery count = select(db,
                             QStringLiteral("SELECT COUNT(*) FROM attempts WHERE time_ms >= ? AND time_ms < ? AND ")
                                 + QLatin1String(condition) + QStringLiteral("%1"),
                             fromMs, toMs, endpoints, "endpoint");
    *rows = count.next() ? count.value(0).toLongLong() : 0;
    return std::max<qint64>(1, (*rows + maxPoints - 1) / std::max<qsizetype>(1, maxPoints));
}

} // namespace

ChartData HistoryCharts::load(const QSqlDatabase &db, qint64 fromMs, qint64 toMs, const QStringList &endpoints,
                              const QStringList &breakers, qsizetype maxPoints)
{
    ChartData data;
    data.fromMs = fromMs;
    data.toMs = toMs;
    data.bucket = bucketFor(std::chrono::milliseconds(toMs - fromMs));

    qint64 rows = 0;
    qint64 k = stride(db, "latency_ms IS NOT NULL", fromMs, toMs, endpoints, maxPoints, &rows);
    data.attempts = rows;
    QSqlQuery latencies
        = select(db,
                 QStringLiteral("SELECT time_ms, latency_ms, category, attempt, slow FROM attempts WHERE "
                                "time_ms >= ? AND time_ms < ? AND latency_ms IS NOT NULL"
                                " AND id % ")
                     + QString::number(k) + QStringLiteral(" = 0%1 ORDER BY time_ms"),
                 fromMs, toMs, endpoints, "endpoint");
    const auto check = [&data](const QSqlQuery &query) {
        if (query.lastError().isValid() && data.error.isEmpty())
            data.error = QStringLiteral("cannot read the history: %1").arg(query.lastError().text());
    };
    check(latencies);
    while (latencies.next())
        data.latencies.append({latencies.value(0).toLongLong(), latencies.value(1).toLongLong(),
                               categoryFromName(latencies.value(2).toString()).value_or(ErrorCategory::NetworkError),
                               latencies.value(3).toInt() > 1, latencies.value(4).toInt() != 0});

    k = stride(db, "delay_ms IS NOT NULL", fromMs, toMs, endpoints, maxPoints, &rows);
    QSqlQuery delays
        = select(db,
                 QStringLiteral("SELECT attempt, delay_ms, retry_after_ms, ratelimit_remaining, ratelimit_reset_ms "
                                "FROM attempts WHERE "
                                "time_ms >= ? AND time_ms < ? AND delay_ms IS NOT NULL"
                                " AND id % ")
                     + QString::number(k) + QStringLiteral(" = 0%1"),
                 fromMs, toMs, endpoints, "endpoint");
    check(delays);
    while (delays.next()) {
        const qint64 delay = delays.value(1).toLongLong();
        const auto optional = [&delays](int column) {
            return delays.value(column).isNull() ? std::nullopt
                                                 : std::optional<qint64>(delays.value(column).toLongLong());
        };
        data.delays.append({delays.value(0).toInt(), delay, waitSource(delay, optional(2), optional(3), optional(4))});
    }

    const qint64 width = std::max<qint64>(1, data.bucket.count());
    const int buckets = int(std::max<qint64>(1, (toMs - fromMs + width - 1) / width));
    QSqlQuery categories = select(db,
                                  QStringLiteral("SELECT (time_ms - ") + QString::number(fromMs)
                                      + QStringLiteral(") / ") + QString::number(width)
                                      + QStringLiteral(" AS b, category, COUNT(*) FROM attempts "
                                                       "WHERE time_ms >= ? AND time_ms < ?%1 GROUP BY b, category"),
                                  fromMs, toMs, endpoints, "endpoint");
    check(categories);
    while (categories.next()) {
        const auto category = categoryFromName(categories.value(1).toString());
        const int bucket = categories.value(0).toInt();
        if (!category || bucket < 0 || bucket >= buckets)
            continue;
        QList<int> &series = data.categories[*category];
        if (series.isEmpty())
            series.fill(0, buckets);
        series[bucket] += categories.value(2).toInt();
    }

    // Where each lane begins: a breaker's first attempt in the window.
    QSqlQuery first = select(db,
                             QStringLiteral("SELECT breaker, MIN(time_ms) FROM attempts WHERE time_ms >= ? AND "
                                            "time_ms < ?%1 GROUP BY breaker"),
                             fromMs, toMs, breakers, "breaker");
    check(first);
    while (first.next())
        data.firstAttemptMs.insert(first.value(0).toString(), first.value(1).toLongLong());

    QSqlQuery transitions = select(db,
                                   QStringLiteral("SELECT time_ms, breaker, from_state, to_state, reason, "
                                                  "open_until_ms FROM transitions WHERE time_ms >= ? AND "
                                                  "time_ms < ?%1 ORDER BY time_ms, id"),
                                   fromMs, toMs, breakers, "breaker");
    check(transitions);
    while (transitions.next()) {
        BreakerTransition t;
        t.timeUtc = QDateTime::fromMSecsSinceEpoch(transitions.value(0).toLongLong(), QTimeZone::utc());
        t.breaker = transitions.value(1).toString();
        t.from = breakerStateFromName(transitions.value(2).toString()).value_or(BreakerState::Closed);
        t.to = breakerStateFromName(transitions.value(3).toString()).value_or(BreakerState::Closed);
        t.reason = transitions.value(4).toString();
        if (!transitions.value(5).isNull())
            t.openUntilUtc = QDateTime::fromMSecsSinceEpoch(transitions.value(5).toLongLong(), QTimeZone::utc());
        data.transitions.append(t);
    }
    return data;
}

HistoryChartLoader::HistoryChartLoader(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connection(QStringLiteral("charts-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    qRegisterMetaType<ChartData>();
}

HistoryChartLoader::~HistoryChartLoader()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

void HistoryChartLoader::request(quint64 ticket, qint64 fromMs, qint64 toMs, const QStringList &endpoints,
                                 const QStringList &breakers, qsizetype maxPoints)
{
    m_latest = ticket;
    QMetaObject::invokeMethod(
        this, [=, this] { run(ticket, fromMs, toMs, endpoints, breakers, maxPoints); }, Qt::QueuedConnection);
}

void HistoryChartLoader::run(quint64 ticket, qint64 fromMs, qint64 toMs, const QStringList &endpoints,
                             const QStringList &breakers, qsizetype maxPoints)
{
    if (ticket != m_latest)
        return; // superseded while it waited
    if (!QSqlDatabase::contains(m_connection)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (!db.open()) {
            emit failed(ticket, QStringLiteral("cannot read the history %1: %2").arg(m_path, db.lastError().text()));
            return;
        }
    }
    const ChartData data = HistoryCharts::load(QSqlDatabase::database(m_connection, false), fromMs, toMs, endpoints,
                                               breakers, maxPoints);
    if (!data.error.isEmpty())
        emit failed(ticket, data.error);
    emit loaded(ticket, data);
}
