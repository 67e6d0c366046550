// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"
#include "core/store/csv.h"
#include "core/store/recordcsv.h"

#include <QByteArrayView>
#include <QLatin1String>
#include <QVariant>

#include <span>
#include <variant>

// The attempt record's columns, described once. The attempt log's header and
// lines (RecordCsv), the history's table (its migrations), its insert, its
// select and its bulk export are all derived from this one list, so adding a
// column is one row in attemptcolumns.cpp plus its test (docs/architecture.md
// walks through it).
namespace AttemptColumns {

// What a column holds, which decides how it is stored and written.
enum class Kind {
    Time, // ms since the epoch; in the CSV, ISO 8601 UTC with milliseconds
    Integer, // a number, or nothing
    Flag, // 1 or 0 (true/false in the CSV), or nothing
    Name, // one of a fixed set of names (an outcome, a category), written as is
    Text, // free text: quoted where needed and guarded against formulas in the CSV
    Url, // free text whose credentials the CSV replaces by ***
};

// One value on its way out of a record or a database row: nothing (SQL NULL,
// an empty CSV field), a number, a fixed name, or text (UTF-16 from a record,
// UTF-8 from a row or a record's byte array). Views point into their source.
using Cell = std::variant<std::monostate, qint64, QLatin1String, QString, QByteArrayView>;

struct Column
{
    QLatin1String csv; // the attempt log's header; empty when not in the log
    int csvVersion; // the attempt-log version that added it (0: not in the log)
    QLatin1String sql; // the history table's column; empty when not stored
    int schema; // the history schema version that added it (0: not stored)
    Kind kind;
    bool required; // NOT NULL in the table (only columns of schema 1 can be)
    bool csvOnlyWhenSent; // the log leaves it empty when the attempt was never sent
    Cell (*get)(const AttemptRecord &record);
    void (*set)(AttemptRecord &record, const QVariant &value); // null when never read back
};

// Every column: the log's in its order first, then the ones only stored.
[[nodiscard]] std::span<const Column> all();

// The stored column whose value says the attempt was sent (`csvOnlyWhenSent`).
inline constexpr QLatin1String sentColumn("latency_ms");

// The history schema version the columns need (the highest `schema`).
inline constexpr int schemaVersion = 3;

// The attempt log's header for `version` (1 or 2).
[[nodiscard]] QStringList csvHeader(int version);
[[nodiscard]] qsizetype csvColumns(int version);

// "INTEGER NOT NULL", "TEXT", ...: the column's type in the history table.
[[nodiscard]] QString sqlType(const Column &column);
// The stored columns, joined by ", ", in all()'s order.
[[nodiscard]] QString sqlColumnList();

// Appends one CSV field (without its separator) for `cell` of a column of
// `kind`; reserves its own room in `out`.
void appendCsvField(Csv::Writer &out, Kind kind, const Cell &cell);

// The same for a number or for text (fixed names included), without a Cell:
// the bulk export's per-field path.
void appendCsvTime(Csv::Writer &out, qint64 epochMs);
inline void appendCsvNumber(Csv::Writer &out, Kind kind, qint64 number)
{
    out.reserve(RecordCsv::timestampBytes);
    if (kind == Kind::Time) {
        if (RecordCsv::fitsTimestamp(number))
            RecordCsv::writeTimestamp(out.claim(RecordCsv::timestampBytes), number);
        else
            appendCsvTime(out, number);
    } else if (kind == Kind::Flag) {
        out.raw(number ? QByteArrayView("true") : QByteArrayView("false"));
    } else {
        out.integer(number);
    }
}
void appendCsvRedactedUrl(Csv::Writer &out, QByteArrayView utf8);
inline void appendCsvText(Csv::Writer &out, Kind kind, QByteArrayView utf8)
{
    if (kind == Kind::Name) { // fixed names need no quoting and no guard
        out.reserve(utf8.size());
        out.raw(utf8);
    } else if (kind == Kind::Url && utf8.contains('@')) {
        appendCsvRedactedUrl(out, utf8);
    } else {
        out.reserve(Csv::fieldBound(utf8));
        out.field(utf8, true);
    }
}

} // namespace AttemptColumns
