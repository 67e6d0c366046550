// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/attemptlogreader.h"

#include "core/breaker/breakerpolicy.h"
#include "core/store/attemptcolumns.h"
#include "core/store/csvreader.h"
#include "core/util/messagetext.h"

#include <QDateTime>
#include <QTimeZone>

#include <limits>

namespace {

// A bad value quoted in an error: one line, and not the whole of a long one.
QString shown(const QByteArray &field)
{
    constexpr qsizetype limit = 60;
    const QString text = MessageText::oneLine(QString::fromUtf8(field.left(limit * 4)));
    return text.size() > limit ? text.left(limit) + QStringLiteral("...") : text;
}

// Whether `text` is one of the names the column `name` holds.
bool knownName(QLatin1String column, const QString &text)
{
    if (column == QLatin1String("outcome"))
        return outcomeFromName(text).has_value();
    if (column == QLatin1String("category"))
        return categoryFromName(text).has_value();
    if (column == QLatin1String("reason"))
        return reasonFromName(text).has_value();
    if (column == QLatin1String("breaker_state"))
        return breakerStateFromName(text).has_value();
    return true;
}

// The field as the column's setter takes it (as the history hands it
// over), or an error in words.
QVariant value(const AttemptColumns::Column &column, const QByteArray &field, QString &error)
{
    using K = AttemptColumns::Kind;
    if (field.isEmpty() && column.kind != K::Text && column.kind != K::Url) {
        if (column.required && column.csvVersion == 1)
            error = QStringLiteral("is empty");
        return {};
    }
    switch (column.kind) {
    case K::Time: {
        const QDateTime time = QDateTime::fromString(QString::fromLatin1(field), Qt::ISODateWithMs);
        if (!time.isValid()) {
            error = QStringLiteral("\"%1\" is not a time like 2026-11-28T14:50:47.123Z").arg(shown(field));
            return {};
        }
        return time.toMSecsSinceEpoch();
    }
    case K::Integer: {
        bool ok = false;
        const qint64 number = field.toLongLong(&ok);
        if (!ok || number < 0) {
            error = QStringLiteral("\"%1\" is not a whole number of 0 or more").arg(shown(field));
            return {};
        }
        // The columns a record holds in an int (the others hold 64 bits).
        const bool narrow = column.csv == QLatin1String("attempt") || column.csv == QLatin1String("http_status")
            || column.csv == QLatin1String("transmissions");
        if (narrow && number > std::numeric_limits<int>::max()) {
            error = QStringLiteral("%1 is too large (at most %2)").arg(number).arg(std::numeric_limits<int>::max());
            return {};
        }
        return number;
    }
    case K::Flag:
        if (field == "true")
            return 1;
        if (field == "false")
            return 0;
        error = QStringLiteral("\"%1\" is neither true nor false").arg(shown(field));
        return {};
    case K::Name: {
        const QString name = QString::fromLatin1(field);
        if (!knownName(column.csv, name)) {
            error = QStringLiteral("\"%1\" is not one of its names").arg(shown(field));
            return {};
        }
        return name;
    }
    case K::Text:
    case K::Url: return Csv::unguarded(field);
    }
    return {};
}

} // namespace

AttemptLogRead readAttemptLog(QByteArrayView bytes)
{
    AttemptLogRead result;
    Csv::Reader reader(bytes);
    QList<QByteArray> fields;
    if (!reader.next(fields)) {
        result.error = reader.error().isEmpty() ? QStringLiteral("the file is empty") : reader.error();
        return result;
    }
    // The columns this log has, by their place in it.
    QList<std::pair<qsizetype, const AttemptColumns::Column *>> wanted;
    for (const AttemptColumns::Column &column : AttemptColumns::all()) {
        if (column.csvVersion == 0 || !column.set)
            continue;
        const qsizetype at = fields.indexOf(QByteArray(column.csv.data(), column.csv.size()));
        if (at < 0) {
            if (column.csvVersion == 1) {
                result.error = QStringLiteral("line 1: not an attempt log's header (no column %1)").arg(column.csv);
                return result;
            }
            continue;
        }
        wanted.append({at, &column});
        result.version = std::max(result.version, column.csvVersion);
    }
    while (reader.next(fields)) {
        if (fields.size() == 1 && fields.first().isEmpty())
            continue; // a blank line
        AttemptRecord record;
        for (const auto &[at, column] : std::as_const(wanted)) {
            if (at >= fields.size()) {
                result.error = QStringLiteral("line %1: %2 fields, the header has more (no %3)")
                                   .arg(reader.line())
                                   .arg(fields.size())
                                   .arg(column->csv);
                result.records.clear();
                return result;
            }
            QString problem;
            const QVariant v = value(*column, fields.at(at), problem);
            if (!problem.isEmpty()) {
                result.error = QStringLiteral("line %1, column %2: %3").arg(reader.line()).arg(column->csv, problem);
                result.records.clear();
                return result;
            }
            column->set(record, v);
        }
        result.records.append(record);
    }
    if (!reader.error().isEmpty()) {
        result.error = reader.error();
        result.records.clear();
    }
    return result;
}
