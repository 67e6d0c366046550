// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/historyqueries.h"

#include "core/store/csv.h"
#include "core/store/recordcsv.h"
#include "core/store/sqlitestatement.h"
#include "core/store/sqlwindow.h"
#include "core/util/writeerror.h"

#include <QSaveFile>
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

std::optional<milliseconds> optionalMs(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<milliseconds>(value.toLongLong());
}

template<typename Enum> Enum enumOr(std::optional<Enum> value, Enum fallback)
{
    return value ? *value : fallback;
}

const QString attemptColumns = QStringLiteral(
    "id, time_ms, endpoint, method, url, cycle, attempt, outcome, category, http_status, retriable, reason,"
    " latency_ms, delay_ms, retry_after_ms, breaker_state, error, transmissions, redirects, body_bytes, breaker,"
    " connecting_ms, encrypted_ms, request_sent_ms, first_byte_ms, queue_ms");

AttemptRecord recordFrom(const QSqlQuery &q)
{
    AttemptRecord r;
    r.timeUtc = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
    r.endpoint = q.value(2).toString();
    r.method = q.value(3).toString().toLatin1();
    r.url = q.value(4).toString();
    r.cycle = q.value(5).toLongLong();
    r.attempt = q.value(6).toInt();
    r.outcome = enumOr(outcomeFromName(q.value(7).toString()), AttemptOutcome::Failed);
    r.category = enumOr(categoryFromName(q.value(8).toString()), ErrorCategory::NetworkError);
    if (!q.value(9).isNull())
        r.httpStatus = q.value(9).toInt();
    if (!q.value(10).isNull())
        r.retriable = q.value(10).toInt() != 0;
    if (!q.value(11).isNull())
        r.reason = reasonFromName(q.value(11).toString());
    r.latency = optionalMs(q.value(12));
    r.delay = optionalMs(q.value(13));
    r.retryAfter = optionalMs(q.value(14));
    r.breakerState = enumOr(breakerStateFromName(q.value(15).toString()), BreakerState::Closed);
    r.error = q.value(16).toString();
    r.transmissions = q.value(17).toInt();
    r.redirects = q.value(18).toInt();
    r.bodyBytes = q.value(19).toLongLong();
    r.breaker = q.value(20).toString();
    r.phases.connecting = optionalMs(q.value(21));
    r.phases.encrypted = optionalMs(q.value(22));
    r.phases.requestSent = optionalMs(q.value(23));
    r.phases.firstByte = optionalMs(q.value(24));
    r.phases.queued = optionalMs(q.value(25));
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
                      .arg(attemptColumns, endpointFilter(range.endpoints)));
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
    const QByteArray sql = QStringLiteral("SELECT time_ms, endpoint, method, url, cycle, attempt, outcome, category,"
                                          " http_status, retriable, reason, latency_ms, delay_ms, retry_after_ms,"
                                          " breaker_state, error, transmissions, queue_ms FROM attempts"
                                          " WHERE time_ms >= ? AND time_ms < ?%1"
                                          // Chronological, straight off the time index: no sort.
                                          " ORDER BY time_ms, id")
                               .arg(endpointFilter(range.endpoints))
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
        // Integers are formatted here: asking SQLite for their text costs a
        // conversion and an allocation per value.
        const auto number = [&select, &out](int column) {
            if (!select.isNull(column))
                out.integer(select.integer(column));
            out.put(',');
        };
        const auto name = [&select, &out](int column) {
            if (!select.isNull(column))
                out.raw(select.text(column));
            out.put(',');
        };
        while (select.step() && !select.done()) {
            const QByteArrayView endpoint = select.text(1);
            const QByteArrayView method = select.text(2);
            QByteArrayView url = select.text(3);
            QByteArray redacted;
            if (url.contains('@')) {
                redacted = RecordCsv::exportedUrl(QString::fromUtf8(url)).toUtf8();
                url = redacted;
            }
            const QByteArrayView error = select.text(15);
            // Fixed part: timestamp, 13 numbers or names of at most 24 bytes,
            // 21 separators, CRLF; plus the four free-text fields.
            out.reserve(RecordCsv::timestampBytes + 14 * 24 + 25 + Csv::fieldBound(endpoint) + Csv::fieldBound(method)
                        + Csv::fieldBound(url) + Csv::fieldBound(error));
            RecordCsv::writeTimestamp(out.claim(RecordCsv::timestampBytes), select.integer(0));
            out.put(',');
            out.field(endpoint, true);
            out.put(',');
            out.field(method, true);
            out.put(',');
            out.field(url, true);
            out.put(',');
            number(4); // cycle
            number(5); // attempt
            name(6); // outcome
            name(7); // category
            number(8); // http_status
            if (!select.isNull(9))
                out.raw(select.integer(9) ? QByteArrayView("true") : QByteArrayView("false"));
            out.put(',');
            name(10); // reason
            number(11); // latency
            number(12); // delay
            number(13); // retry-after
            name(14); // breaker state
            out.field(error, true);
            out.put(',');
            // version 2: transmissions (empty when not sent), queue_ms, and
            // the three columns not measured yet
            if (!select.isNull(11))
                out.integer(select.integer(16));
            out.put(',');
            if (!select.isNull(17))
                out.integer(select.integer(17));
            out.raw(",,,\r\n");
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
