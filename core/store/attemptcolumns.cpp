// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/attemptcolumns.h"

#include <QTimeZone>

#include <algorithm>
#include <array>

namespace AttemptColumns {

namespace {

using std::chrono::milliseconds;
using K = Kind;

constexpr bool required = true;
constexpr bool nullable = false;
constexpr bool sentOnly = true;
constexpr bool always = false;

Cell ms(const std::optional<milliseconds> &value)
{
    return value ? Cell(qint64(value->count())) : Cell();
}

std::optional<milliseconds> msFrom(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<milliseconds>(value.toLongLong());
}

template<typename Enum> Enum enumOr(std::optional<Enum> value, Enum fallback)
{
    return value ? *value : fallback;
}

constexpr QLatin1String none;

// The columns. `get` hands out text that points into the record (the insert
// binds it without a copy). Rules for a new column: append it (to the log's
// columns for the log, which only ever grow at the end) with the next log
// version and the next schema version, nullable (SQLite adds a NOT NULL column
// only with a default), and extend the tests in tst_csv and tst_history.
constexpr std::array columns{
    // Version 1 of the attempt log; schema 1 of the history.
    Column{QLatin1String("time_utc"), 1, QLatin1String("time_ms"), 1, K::Time, required, always,
           [](const AttemptRecord &r) { return Cell(r.timeUtc.toMSecsSinceEpoch()); },
           [](AttemptRecord &r, const QVariant &v) {
               r.timeUtc = QDateTime::fromMSecsSinceEpoch(v.toLongLong(), QTimeZone::utc());
           }},
    Column{QLatin1String("endpoint"), 1, QLatin1String("endpoint"), 1, K::Text, required, always,
           [](const AttemptRecord &r) { return Cell(r.endpoint); },
           [](AttemptRecord &r, const QVariant &v) { r.endpoint = v.toString(); }},
    Column{QLatin1String("method"), 1, QLatin1String("method"), 1, K::Text, required, always,
           [](const AttemptRecord &r) { return Cell(QByteArrayView(r.method)); },
           // The bytes the file or the history holds: the writer puts them back as they are.
           [](AttemptRecord &r, const QVariant &v) { r.method = v.toString().toUtf8(); }},
    Column{QLatin1String("url"), 1, QLatin1String("url"), 1, K::Url, required, always,
           [](const AttemptRecord &r) { return Cell(r.url); },
           [](AttemptRecord &r, const QVariant &v) { r.url = v.toString(); }},
    Column{QLatin1String("cycle"), 1, QLatin1String("cycle"), 1, K::Integer, required, always,
           [](const AttemptRecord &r) { return Cell(r.cycle); },
           [](AttemptRecord &r, const QVariant &v) { r.cycle = v.toLongLong(); }},
    Column{QLatin1String("attempt"), 1, QLatin1String("attempt"), 1, K::Integer, required, always,
           [](const AttemptRecord &r) { return Cell(qint64(r.attempt)); },
           [](AttemptRecord &r, const QVariant &v) { r.attempt = v.toInt(); }},
    Column{QLatin1String("outcome"), 1, QLatin1String("outcome"), 1, K::Name, required, always,
           [](const AttemptRecord &r) { return Cell(outcomeName(r.outcome)); },
           [](AttemptRecord &r, const QVariant &v) {
               r.outcome = enumOr(outcomeFromName(v.toString()), AttemptOutcome::Failed);
           }},
    Column{QLatin1String("category"), 1, QLatin1String("category"), 1, K::Name, required, always,
           [](const AttemptRecord &r) { return Cell(categoryName(r.category)); },
           [](AttemptRecord &r, const QVariant &v) {
               r.category = enumOr(categoryFromName(v.toString()), ErrorCategory::NetworkError);
           }},
    Column{QLatin1String("http_status"), 1, QLatin1String("http_status"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return r.httpStatus ? Cell(qint64(*r.httpStatus)) : Cell(); },
           [](AttemptRecord &r, const QVariant &v) {
               r.httpStatus = v.isNull() ? std::nullopt : std::optional<int>(v.toInt());
           }},
    Column{QLatin1String("retriable"), 1, QLatin1String("retriable"), 1, K::Flag, nullable, always,
           [](const AttemptRecord &r) { return r.retriable ? Cell(qint64(*r.retriable ? 1 : 0)) : Cell(); },
           [](AttemptRecord &r, const QVariant &v) {
               r.retriable = v.isNull() ? std::nullopt : std::optional<bool>(v.toInt() != 0);
           }},
    Column{QLatin1String("reason"), 1, QLatin1String("reason"), 1, K::Name, nullable, always,
           [](const AttemptRecord &r) { return r.reason ? Cell(reasonName(*r.reason)) : Cell(); },
           [](AttemptRecord &r, const QVariant &v) {
               r.reason = v.isNull() ? std::nullopt : reasonFromName(v.toString());
           }},
    Column{QLatin1String("latency_ms"), 1, QLatin1String("latency_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.latency); },
           [](AttemptRecord &r, const QVariant &v) { r.latency = msFrom(v); }},
    Column{QLatin1String("delay_ms"), 1, QLatin1String("delay_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.delay); },
           [](AttemptRecord &r, const QVariant &v) { r.delay = msFrom(v); }},
    Column{QLatin1String("retry_after_ms"), 1, QLatin1String("retry_after_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.retryAfter); },
           [](AttemptRecord &r, const QVariant &v) { r.retryAfter = msFrom(v); }},
    Column{QLatin1String("breaker_state"), 1, QLatin1String("breaker_state"), 1, K::Name, required, always,
           [](const AttemptRecord &r) { return Cell(breakerStateName(r.breakerState)); },
           [](AttemptRecord &r, const QVariant &v) {
               r.breakerState = enumOr(breakerStateFromName(v.toString()), BreakerState::Closed);
           }},
    Column{QLatin1String("error"), 1, QLatin1String("error"), 1, K::Text, required, always,
           [](const AttemptRecord &r) { return Cell(r.error); },
           [](AttemptRecord &r, const QVariant &v) { r.error = v.toString(); }},
    // Version 2 of the attempt log.
    Column{QLatin1String("transmissions"), 2, QLatin1String("transmissions"), 1, K::Integer, required, sentOnly,
           [](const AttemptRecord &r) { return Cell(qint64(r.transmissions)); },
           [](AttemptRecord &r, const QVariant &v) { r.transmissions = v.toInt(); }},
    Column{QLatin1String("queue_ms"), 2, QLatin1String("queue_ms"), 2, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.phases.queued); },
           [](AttemptRecord &r, const QVariant &v) { r.phases.queued = msFrom(v); }},
    Column{QLatin1String("slow"), 2, QLatin1String("slow"), 3, K::Flag, nullable, always,
           [](const AttemptRecord &r) { return r.slow ? Cell(qint64(1)) : Cell(); },
           [](AttemptRecord &r, const QVariant &v) { r.slow = !v.isNull() && v.toInt() != 0; }},
    Column{QLatin1String("ratelimit_remaining"), 2, QLatin1String("ratelimit_remaining"), 3, K::Integer, nullable,
           always, [](const AttemptRecord &r) { return r.rateLimitRemaining ? Cell(*r.rateLimitRemaining) : Cell(); },
           [](AttemptRecord &r, const QVariant &v) {
               r.rateLimitRemaining = v.isNull() ? std::nullopt : std::optional<qint64>(v.toLongLong());
           }},
    Column{QLatin1String("ratelimit_reset_ms"), 2, QLatin1String("ratelimit_reset_ms"), 3, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.rateLimitReset); },
           [](AttemptRecord &r, const QVariant &v) { r.rateLimitReset = msFrom(v); }},
    // Only in the history.
    Column{none, 0, QLatin1String("redirects"), 1, K::Integer, required, always,
           [](const AttemptRecord &r) { return Cell(qint64(r.redirects)); },
           [](AttemptRecord &r, const QVariant &v) { r.redirects = v.toInt(); }},
    Column{none, 0, QLatin1String("body_bytes"), 1, K::Integer, required, always,
           [](const AttemptRecord &r) { return Cell(r.bodyBytes); },
           [](AttemptRecord &r, const QVariant &v) { r.bodyBytes = v.toLongLong(); }},
    Column{none, 0, QLatin1String("breaker"), 1, K::Text, required, always,
           [](const AttemptRecord &r) { return Cell(r.breaker); },
           [](AttemptRecord &r, const QVariant &v) { r.breaker = v.toString(); }},
    Column{none, 0, QLatin1String("connecting_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.phases.connecting); },
           [](AttemptRecord &r, const QVariant &v) { r.phases.connecting = msFrom(v); }},
    Column{none, 0, QLatin1String("encrypted_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.phases.encrypted); },
           [](AttemptRecord &r, const QVariant &v) { r.phases.encrypted = msFrom(v); }},
    Column{none, 0, QLatin1String("request_sent_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.phases.requestSent); },
           [](AttemptRecord &r, const QVariant &v) { r.phases.requestSent = msFrom(v); }},
    Column{none, 0, QLatin1String("first_byte_ms"), 1, K::Integer, nullable, always,
           [](const AttemptRecord &r) { return ms(r.phases.firstByte); },
           [](AttemptRecord &r, const QVariant &v) { r.phases.firstByte = msFrom(v); }},
};

constexpr int highestSchema()
{
    int highest = 0;
    for (const Column &c : columns)
        highest = std::max(highest, c.schema);
    return highest;
}
static_assert(highestSchema() == schemaVersion, "schemaVersion must be the highest schema a column needs");

constexpr bool logColumnsComeFirst()
{
    bool inLog = true;
    int version = 1;
    for (const Column &c : columns) {
        if (c.csvVersion == 0)
            inLog = false;
        else if (!inLog || c.csvVersion < version)
            return false; // the log's columns come first, in version order
        else
            version = c.csvVersion;
        if (c.required && c.schema > 1)
            return false; // SQLite adds NOT NULL columns only with a default
    }
    return true;
}
static_assert(logColumnsComeFirst(), "log columns first, in version order; later schema columns nullable");

} // namespace

std::span<const Column> all()
{
    return columns;
}

qsizetype csvColumns(int version)
{
    return std::count_if(columns.begin(), columns.end(),
                         [version](const Column &c) { return c.csvVersion > 0 && c.csvVersion <= version; });
}

QStringList csvHeader(int version)
{
    QStringList header;
    for (const Column &c : columns) {
        if (c.csvVersion > 0 && c.csvVersion <= version)
            header.append(c.csv);
    }
    return header;
}

QString sqlType(const Column &column)
{
    const bool integer = column.kind == Kind::Time || column.kind == Kind::Integer || column.kind == Kind::Flag;
    return QLatin1String(integer ? "INTEGER" : "TEXT") + QLatin1String(column.required ? " NOT NULL" : "");
}

QString sqlColumnList()
{
    QStringList names;
    for (const Column &c : columns) {
        if (!c.sql.isEmpty())
            names.append(c.sql);
    }
    return names.join(QLatin1String(", "));
}

void appendCsvTime(Csv::Writer &out, qint64 epochMs)
{
    if (RecordCsv::fitsTimestamp(epochMs)) {
        out.reserve(RecordCsv::timestampBytes);
        RecordCsv::writeTimestamp(out.claim(RecordCsv::timestampBytes), epochMs);
        return;
    }
    // Outside years 0-9999 (only a broken clock gets there): Qt's longer
    // form, as a quoted field.
    const QByteArray text
        = QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc()).toString(Qt::ISODateWithMs).toUtf8();
    out.reserve(Csv::fieldBound(text));
    out.field(text, true);
}

void appendCsvRedactedUrl(Csv::Writer &out, QByteArrayView utf8)
{
    const QByteArray redacted = RecordCsv::exportedUrl(QString::fromUtf8(utf8)).toUtf8();
    out.reserve(Csv::fieldBound(redacted));
    out.field(redacted, true);
}

void appendCsvField(Csv::Writer &out, Kind kind, const Cell &cell)
{
    if (const qint64 *number = std::get_if<qint64>(&cell))
        appendCsvNumber(out, kind, *number);
    else if (const QLatin1String *name = std::get_if<QLatin1String>(&cell))
        appendCsvText(out, kind, QByteArrayView(name->data(), name->size()));
    else if (const QString *text = std::get_if<QString>(&cell))
        appendCsvText(out, kind, text->toUtf8());
    else if (const QByteArrayView *bytes = std::get_if<QByteArrayView>(&cell))
        appendCsvText(out, kind, *bytes);
}

} // namespace AttemptColumns
