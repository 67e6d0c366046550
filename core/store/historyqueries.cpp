// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/historyqueries.h"

#include "core/store/attemptcolumns.h"
#include "core/store/csv.h"
#include "core/store/recordcsv.h"
#include "core/store/sqlitestatement.h"
#include "core/store/sqlwindow.h"
#include "core/util/writeerror.h"

#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

#include <cerrno>
#include <cmath>

namespace {

using std::chrono::milliseconds;

// " AND endpoint IN (?, ?)" for a range's endpoints.
QString endpointFilter(const QStringList &endpoints, const char *column = "endpoint")
{
    return SqlWindow::inFilter(endpoints, column);
}

void bindRange(QSqlQuery &query, const HistoryRange &range)
{
    SqlWindow::bind(query, range.fromUtc.toMSecsSinceEpoch(), range.toUtc.toMSecsSinceEpoch(), range.endpoints);
}

const QString &attemptColumns()
{
    static const QString columns = QStringLiteral("id, ") + AttemptColumns::sqlColumnList();
    return columns;
}

// A row of attemptColumns() back into a record.
AttemptRecord recordFrom(const QSqlQuery &q)
{
    AttemptRecord r;
    int index = 0;
    for (const AttemptColumns::Column &c : AttemptColumns::all()) {
        if (c.sql.isEmpty())
            continue;
        ++index; // after the id
        if (c.set)
            c.set(r, q.value(index));
    }
    if (r.latency) // the latency runs from the hand-off to a connection
        r.phases.finished = *r.latency + r.phases.queued.value_or(milliseconds(0));
    return r;
}

qint64 countIn(const QSqlDatabase &db, const char *table, const char *endpointColumn, const HistoryRange &range)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE time_ms >= ? AND time_ms < ?%2")
                      .arg(QLatin1String(table), endpointFilter(range.endpoints, endpointColumn)));
    bindRange(query, range);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

// Writes the last bytes and commits, unless the user cancelled: QSaveFile
// then discards everything, leaving any earlier file as it was.
QString finishExport(QSaveFile &file, const QByteArray &buffer, qint64 done, qint64 total,
                     const HistoryQueries::Progress &progress)
{
    if (const QString reason = WriteError::writeAll(file, buffer); !reason.isEmpty())
        return QStringLiteral("%1: write failed: %2").arg(file.fileName(), reason);
    if (progress && !progress(done, total))
        return QStringLiteral("export cancelled");
    errno = 0;
    if (!file.commit())
        return QStringLiteral("%1: write failed: %2").arg(file.fileName(), WriteError::reason(file, errno));
    return {};
}

// Streams a SELECT into a CSV file through QSaveFile.
QString streamCsv(QSqlQuery &query, qint64 total, const QString &path, const QStringList &header,
                  const std::function<QByteArray(const QSqlQuery &)> &line, const HistoryQueries::Progress &progress)
{
    query.setForwardOnly(true); // constant memory: rows are not kept
    if (!query.exec())
        return QStringLiteral("export: %1").arg(query.lastError().text());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    QByteArray buffer = Csv::line(header);
    qint64 done = 0;
    while (query.next()) {
        buffer += line(query);
        if (++done % 4096 == 0) {
            if (const QString reason = WriteError::writeAll(file, buffer); !reason.isEmpty())
                return QStringLiteral("%1: write failed: %2").arg(path, reason); // QSaveFile discards the rest
            buffer.clear();
            if (progress && !progress(done, total))
                return QStringLiteral("export cancelled"); // QSaveFile discards what was written
        }
    }
    return finishExport(file, buffer, done, total, progress);
}

} // namespace

AttemptPage HistoryQueries::attempts(const QSqlDatabase &db, const HistoryRange &range, qint64 afterId, int limit)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM attempts WHERE time_ms >= ? AND time_ms < ?%2 AND id > ?"
                                 " ORDER BY id LIMIT ?")
                      .arg(attemptColumns(), endpointFilter(range.endpoints)));
    bindRange(query, range);
    query.addBindValue(afterId);
    query.addBindValue(limit);
    AttemptPage page;
    page.lastId = afterId;
    if (!query.exec())
        return page;
    while (query.next()) {
        page.records.append(recordFrom(query));
        page.lastId = query.value(0).toLongLong();
    }
    return page;
}

QList<EndpointAggregate> HistoryQueries::aggregates(const QSqlDatabase &db, const HistoryRange &range)
{
    QMap<QString, EndpointAggregate> byName;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT endpoint, outcome, category, attempt = 1, COUNT(*) FROM attempts"
                                 " WHERE time_ms >= ? AND time_ms < ?%1 GROUP BY 1, 2, 3, 4")
                      .arg(endpointFilter(range.endpoints)));
    bindRange(query, range);
    if (!query.exec())
        return {};
    while (query.next()) {
        EndpointAggregate &a = byName[query.value(0).toString()];
        a.endpoint = query.value(0).toString();
        const QString outcome = query.value(1).toString();
        const qint64 count = query.value(4).toLongLong();
        a.attempts += count;
        a.categories[query.value(2).toString()] += count;
        if (outcome == outcomeName(AttemptOutcome::Success)) {
            a.successfulCycles += count;
            a.firstTrySuccesses += query.value(3).toBool() ? count : 0;
        } else if (outcome == outcomeName(AttemptOutcome::Failed)) {
            a.failedCycles += count;
        } else if (outcome == outcomeName(AttemptOutcome::Rejected)) {
            a.rejectedCycles += count;
        } else if (outcome == outcomeName(AttemptOutcome::Retry)) {
            a.retries += count;
        }
    }
    for (EndpointAggregate &a : byName) {
        a.cycles = a.successfulCycles + a.failedCycles + a.rejectedCycles;
        // Nearest-rank percentiles over the attempts that were sent.
        QSqlQuery latencies(db);
        latencies.prepare(QStringLiteral("SELECT COUNT(latency_ms) FROM attempts WHERE time_ms >= ? AND time_ms < ?"
                                         " AND endpoint = ?"));
        latencies.addBindValue(range.fromUtc.toMSecsSinceEpoch());
        latencies.addBindValue(range.toUtc.toMSecsSinceEpoch());
        latencies.addBindValue(a.endpoint);
        if (!latencies.exec() || !latencies.next())
            continue;
        const qint64 n = latencies.value(0).toLongLong();
        const auto percentile = [&](double p) -> std::optional<qint64> {
            if (n == 0)
                return std::nullopt;
            const qint64 rank = std::max<qint64>(1, qint64(std::ceil(p * n)));
            QSqlQuery at(db);
            at.prepare(QStringLiteral("SELECT latency_ms FROM attempts WHERE time_ms >= ? AND time_ms < ?"
                                      " AND endpoint = ? AND latency_ms IS NOT NULL ORDER BY latency_ms"
                                      " LIMIT 1 OFFSET ?"));
            at.addBindValue(range.fromUtc.toMSecsSinceEpoch());
            at.addBindValue(range.toUtc.toMSecsSinceEpoch());
            at.addBindValue(a.endpoint);
            at.addBindValue(rank - 1);
            return at.exec() && at.next() ? std::optional<qint64>(at.value(0).toLongLong()) : std::nullopt;
        };
        a.latencyP50 = percentile(0.50);
        a.latencyP95 = percentile(0.95);
    }
    return byName.values();
}

QString HistoryQueries::exportAttempts(const QSqlDatabase &db, const HistoryRange &range, const QString &path,
                                       const Progress &progress)
{
    // Straight from SQLite's rows to CSV bytes: no QVariant, no record, no
    // QString per field (see sqlitestatement.h for why not Qt SQL here). The
    // output is byte for byte what RecordCsv::attemptLine() writes.
    const qint64 total = countIn(db, "attempts", "endpoint", range);
    // The log's columns that are stored, selected in the log's order; the
    // others are written empty.
    struct Field
    {
        AttemptColumns::Kind kind;
        int select; // -1: not stored
        bool onlyWhenSent;
    };
    QList<Field> fields;
    QStringList selected;
    int latencyAt = -1;
    for (const AttemptColumns::Column &c : AttemptColumns::all()) {
        if (c.csvVersion == 0)
            break; // the log's columns come first
        const int at = c.sql.isEmpty() ? -1 : int(selected.size());
        if (at >= 0)
            selected.append(c.sql);
        if (c.sql == AttemptColumns::sentColumn)
            latencyAt = at; // an attempt with a latency was sent
        fields.append({c.kind, at, c.csvOnlyWhenSent});
    }
    const QByteArray sql = QStringLiteral("SELECT %1 FROM attempts WHERE time_ms >= ? AND time_ms < ?%2"
                                          // Chronological, straight off the time index: no sort.
                                          " ORDER BY time_ms, id")
                               .arg(selected.join(QLatin1String(", ")), endpointFilter(range.endpoints))
                               .toUtf8();
    SqliteStatement select(db, sql.constData());
    if (!select.isValid())
        return QStringLiteral("export: %1").arg(select.error());
    select.bind(1, range.fromUtc.toMSecsSinceEpoch());
    select.bind(2, range.toUtc.toMSecsSinceEpoch());
    for (qsizetype i = 0; i < range.endpoints.size(); ++i)
        select.bind(int(i) + 3, range.endpoints[i]);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    QByteArray buffer = Csv::line(RecordCsv::attemptHeader());
    qint64 done = 0;
    QString writeFailure;
    {
        Csv::Writer out(buffer);
        using AttemptColumns::Kind;
        while (select.step() && !select.done()) {
            const bool sent = !select.isNull(latencyAt);
            bool first = true;
            for (const Field &f : std::as_const(fields)) {
                out.reserve(1);
                if (!first)
                    out.put(',');
                first = false;
                if (f.select < 0 || (f.onlyWhenSent && !sent))
                    continue;
                // Integers are formatted here: asking SQLite for their text
                // costs a conversion and an allocation per value. NULL text
                // reads as empty, which is what the log writes for it.
                if (f.kind == Kind::Time || f.kind == Kind::Integer || f.kind == Kind::Flag) {
                    if (!select.isNull(f.select))
                        AttemptColumns::appendCsvNumber(out, f.kind, select.integer(f.select));
                } else {
                    AttemptColumns::appendCsvText(out, f.kind, select.text(f.select));
                }
            }
            out.reserve(2);
            out.raw("\r\n");
            if (++done % 8192 == 0) {
                out.finish();
                if (writeFailure = WriteError::writeAll(file, buffer); !writeFailure.isEmpty())
                    break;
                buffer.clear();
                out.rebase();
                if (progress && !progress(done, total))
                    return QStringLiteral("export cancelled"); // QSaveFile discards what was written
            }
        }
    }
    if (!writeFailure.isEmpty())
        return QStringLiteral("%1: write failed: %2").arg(path, writeFailure); // QSaveFile discards the partial file
    if (!select.done())
        return QStringLiteral("export: %1").arg(select.error()); // QSaveFile discards the partial file
    return finishExport(file, buffer, done, total, progress);
}

QString HistoryQueries::exportTransitions(const QSqlDatabase &db, const HistoryRange &range, const QString &path,
                                          const Progress &progress)
{
    const qint64 total = countIn(db, "transitions", "breaker", range);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT time_ms, breaker, from_state, to_state, reason FROM transitions"
                                 " WHERE time_ms >= ? AND time_ms < ?%1 ORDER BY id")
                      .arg(endpointFilter(range.endpoints, "breaker")));
    bindRange(query, range);
    return streamCsv(
        query, total, path, RecordCsv::transitionHeader(),
        [](const QSqlQuery &row) {
            BreakerTransition t;
            t.timeUtc = QDateTime::fromMSecsSinceEpoch(row.value(0).toLongLong(), QTimeZone::utc());
            t.breaker = row.value(1).toString();
            t.from = breakerStateFromName(row.value(2).toString()).value_or(BreakerState::Closed);
            t.to = breakerStateFromName(row.value(3).toString()).value_or(BreakerState::Closed);
            t.reason = row.value(4).toString();
            return RecordCsv::transitionLine(t);
        },
        progress);
}
