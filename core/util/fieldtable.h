// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/jsonfieldreader.h"
#include "core/util/policyreadresult.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <limits>
#include <span>
#include <variant>

// The keys of one object of the endpoints file, described once: a table of
// Field rows per value type (retry policy, budget, breaker, endpoint). The
// file's reader, its writer, the value type's range checks, the editor's
// fields, labels and tooltips and the docs test all read these rows, so a key
// is added, renamed or re-ranged in one place (docs/architecture.md).
// Defaults are not in the rows: they are the value type's member initialisers,
// read back through the row (fieldDefaultText).

enum class FieldKind {
    Flag, // true or false
    Whole, // a whole number in [min, max]
    Milliseconds, // a whole number of milliseconds in [min, max]
    Number, // any number in the range the row states
    Text, // a string
    Choice, // one name of a closed set
    StatusList, // HTTP statuses, each in [min, max]
    NameList, // names of a closed set
    Headers, // an object of header names to values
    Url, // an http or https URL with a host
    Object, // a nested object with a table of its own
};

// What a row says about its key, whatever type holds the value.
struct FieldInfo
{
    QLatin1String key; // as the file spells it inside its object
    const char *label = ""; // the editor's label ("Max &attempts"; a check box's text)
    FieldKind kind = FieldKind::Text;
    double min = 0; // numbers, durations and each status of a list
    double max = std::numeric_limits<double>::infinity(); // infinity: no upper bound
    bool aboveMin = false; // min itself is not allowed
    bool belowMax = false; // max itself is not allowed
    const char *help = ""; // what it does, in a sentence or two
    const char *offText = nullptr; // what the lowest number or an empty value means ("off", "any 2xx")
    const char *unit = nullptr; // shown after a number (" %"); durations are always " ms"
    bool required = false; // no default: every endpoint states it
    bool writtenWhenEmpty = true; // false: an empty string is left out of the written object
};

// "must be from 1 to 100 (got 0)" for `value` of `field`, or empty when in range.
[[nodiscard]] QString fieldRangeProblem(const FieldInfo &field, double value);
// "From 1 to 100.", "At least 100 ms.", "Above 0 and below 1.": the range in words, empty when none.
[[nodiscard]] QString fieldRangeText(const FieldInfo &field);
// A default as a person reads it: "1000 ms", "on", "408, 429, 502", "none (off)".
[[nodiscard]] QString fieldDefaultText(const FieldInfo &field, const QJsonValue &value);

// A key the generic code cannot read or write by itself (a name of a closed
// set, a list of categories): its own two functions.
template<typename Owner> struct FieldCodec
{
    void (*read)(JsonFieldReader &reader, QLatin1String key, Owner &target);
    QJsonValue (*write)(const Owner &source);
};

// Where the value lives in the owner. std::monostate: read and written by the
// owner's own code (URLs, headers, nested objects), named here for the key
// list, the editor and the docs.
template<typename Owner>
using FieldMember
    = std::variant<std::monostate, bool Owner::*, int Owner::*, double Owner::*, std::chrono::milliseconds Owner::*,
                   QString Owner::*, QList<int> Owner::*, FieldCodec<Owner>>;

template<typename Owner> struct Field : FieldInfo
{
    FieldMember<Owner> member;
};

namespace FieldTable {

template<typename... Lambdas> struct Overloaded : Lambdas...
{
    using Lambdas::operator()...;
};
template<typename... Lambdas> Overloaded(Lambdas...) -> Overloaded<Lambdas...>;

// Every key of `fields`, for JsonFieldReader::rejectUnknownKeys.
template<typename Owner> QList<QLatin1String> keys(std::span<const Field<Owner>> fields)
{
    QList<QLatin1String> names;
    for (const Field<Owner> &field : fields)
        names.append(field.key);
    return names;
}

// Reads every key of `fields` that the object holds into `target` (types only:
// ranges are the owner's validate(), through rangeProblems).
template<typename Owner> void read(JsonFieldReader &reader, std::span<const Field<Owner>> fields, Owner &target)
{
    for (const Field<Owner> &field : fields) {
        const QLatin1String key = field.key;
        std::visit(Overloaded{
                       [](std::monostate) {},
                       [&](bool Owner::*m) { reader.boolean(key, target.*m); },
                       [&](int Owner::*m) { reader.wholeNumber(key, target.*m); },
                       [&](double Owner::*m) { reader.number(key, target.*m); },
                       [&](std::chrono::milliseconds Owner::*m) { reader.milliseconds(key, target.*m); },
                       [&](QString Owner::*m) { reader.string(key, target.*m); },
                       [&](QList<int> Owner::*m) { reader.wholeNumberList(key, target.*m); },
                       [&](const FieldCodec<Owner> &codec) { codec.read(reader, key, target); },
                   },
                   field.member);
    }
}

// The value of one row as the file writes it (undefined for the owner's own keys).
template<typename Owner> QJsonValue value(const Owner &source, const Field<Owner> &field)
{
    return std::visit(Overloaded{
                          [](std::monostate) { return QJsonValue(QJsonValue::Undefined); },
                          [&](bool Owner::*m) { return QJsonValue(source.*m); },
                          [&](int Owner::*m) { return QJsonValue(source.*m); },
                          [&](double Owner::*m) { return QJsonValue(source.*m); },
                          [&](std::chrono::milliseconds Owner::*m) { return QJsonValue(qint64((source.*m).count())); },
                          [&](QString Owner::*m) { return QJsonValue(source.*m); },
                          [&](QList<int> Owner::*m) {
                              QJsonArray array;
                              for (const int item : source.*m)
                                  array.append(item);
                              return QJsonValue(array);
                          },
                          [&](const FieldCodec<Owner> &codec) { return codec.write(source); },
                      },
                      field.member);
}

// Every key of `fields` the generic code holds, as the file writes it.
template<typename Owner> void write(const Owner &source, std::span<const Field<Owner>> fields, QJsonObject &object)
{
    for (const Field<Owner> &field : fields) {
        const QJsonValue json = value(source, field);
        if (json.isUndefined() || (!field.writtenWhenEmpty && json.isString() && json.toString().isEmpty()))
            continue;
        object.insert(QString(field.key), json);
    }
}

// One message per value outside its row's range, each naming `prefix` + key.
template<typename Owner>
QStringList rangeProblems(const Owner &source, std::span<const Field<Owner>> fields, const QString &prefix)
{
    QStringList problems;
    const auto check = [&](const Field<Owner> &field, double number) {
        if (QString problem = fieldRangeProblem(field, number); !problem.isEmpty())
            problems.append(prefix + QString(field.key) + QStringLiteral(": ") + problem);
    };
    for (const Field<Owner> &field : fields) {
        std::visit(Overloaded{
                       [&](int Owner::*m) { check(field, source.*m); },
                       [&](double Owner::*m) { check(field, source.*m); },
                       [&](std::chrono::milliseconds Owner::*m) { check(field, double((source.*m).count())); },
                       [&](QList<int> Owner::*m) {
                           for (const int item : source.*m)
                               check(field, item);
                       },
                       [](const auto &) {},
                   },
                   field.member);
    }
    return problems;
}

// A nested object of the file (`retry`, `breaker`, ...) read on top of
// `base` by its table: unknown keys and types first, then the owner's
// validate() (its ranges and the rules between its keys).
template<typename Owner>
PolicyReadResult<Owner> readObject(const QJsonObject &object, const Owner &base, const QString &name,
                                   std::span<const Field<Owner>> fields)
{
    PolicyReadResult<Owner> result{base, {}};
    JsonFieldReader reader(object, name);
    reader.rejectUnknownKeys(keys(fields));
    read(reader, fields, result.policy);
    result.problems = reader.problems();
    if (result.problems.isEmpty())
        result.problems = result.policy.validate();
    return result;
}

// The same object as the file writes it.
template<typename Owner> QJsonObject writeObject(const Owner &source, std::span<const Field<Owner>> fields)
{
    QJsonObject object;
    write(source, fields, object);
    return object;
}

} // namespace FieldTable
