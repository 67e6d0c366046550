// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/responseassertions.h"

#include "core/policy/retrypolicy.h"
#include "core/util/jsonfieldreader.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace {

using K = FieldKind;
using A = ResponseAssertions;
using std::chrono::milliseconds;

const FieldCodec<A> equalsCodec{
    [](JsonFieldReader &reader, QLatin1String key, A &target) {
        if (const auto value = reader.anyValue(key))
            target.equals = *value;
    },
    [](const A &source) { return source.equals; },
};

const std::array<Field<A>, 4> fields{{
    {{.key = QLatin1String("bodyContains"),
      .label = "Body contains",
      .kind = K::Text,
      .help = "Text the answer's body must contain (in its first 1 MiB), matched exactly, case included.",
      .offText = "no check",
      .writtenWhenEmpty = false},
     &A::bodyContains},
    {{.key = QLatin1String("jsonPointer"),
      .label = "JSON value at",
      .kind = K::Text,
      .help = "A JSON Pointer (RFC 6901) into the body, such as /status or /checks/0/ok: the body must be JSON "
              "and hold a value there; with \"Equals\", that value.",
      .offText = "no check",
      .writtenWhenEmpty = false},
     &A::jsonPointer},
    {{.key = QLatin1String("equals"),
      .label = "Equals",
      .kind = K::Text,
      .help = "The JSON value the pointer must find, written as JSON: \"UP\" (with the quotes), 200, true, null "
              "or an object. Empty: the value need only exist.",
      .offText = "any value",
      .writtenWhenEmpty = false},
     equalsCodec},
    {{.key = QLatin1String("maxLatencyMs"),
      .label = "Answer within",
      .kind = K::Milliseconds,
      .max = double(RetryPolicy::maxDuration.count()),
      .help = "An answer that takes longer than this fails the check (it still arrived: it is not a timeout).",
      .offText = "no check"},
     &A::maxLatency},
}};

// The value `pointer` designates in `document`, or why there is none.
std::optional<QJsonValue> resolve(const QJsonValue &document, const QString &pointer, QString *why)
{
    QJsonValue current = document;
    QString walked;
    const QStringList tokens = pointer.split(u'/').mid(1);
    for (QString token : tokens) {
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
        walked += u'/' + token;
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd()) {
                *why = QStringLiteral("%1 is missing").arg(walked);
                return std::nullopt;
            }
            current = *it;
        } else if (current.isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            const QJsonArray array = current.toArray();
            if (!ok || (token.size() > 1 && token.startsWith(u'0')) || token.startsWith(u'+') || index < 0
                || index >= array.size()) {
                *why = QStringLiteral("%1 is missing (the array has %2 items)").arg(walked).arg(array.size());
                return std::nullopt;
            }
            current = array.at(index);
        } else {
            *why = QStringLiteral("%1 is missing (%2 is %3, not an object or array)")
                       .arg(walked,
                            walked.left(walked.lastIndexOf(u'/')).isEmpty() ? QStringLiteral("the body")
                                                                            : walked.left(walked.lastIndexOf(u'/')),
                            jsonValueText(current));
            return std::nullopt;
        }
    }
    return current;
}

} // namespace

std::span<const Field<ResponseAssertions>> responseAssertionFields()
{
    return fields;
}

QString jsonPointerProblem(const QString &pointer)
{
    if (pointer.isEmpty())
        return {};
    if (!pointer.startsWith(u'/'))
        return QStringLiteral("\"%1\" is not a JSON Pointer: it must start with / (e.g. /status)").arg(pointer);
    for (qsizetype i = 0; i < pointer.size(); ++i) {
        if (pointer[i] == u'~' && (i + 1 >= pointer.size() || (pointer[i + 1] != u'0' && pointer[i + 1] != u'1')))
            return QStringLiteral("\"%1\" is not a JSON Pointer: ~ must be followed by 0 or 1 (~0 is ~, ~1 is /)")
                .arg(pointer);
    }
    return {};
}

QString jsonValueText(const QJsonValue &value)
{
    const QString text = jsonValueJson(value);
    return text.size() > 60 ? text.left(59) + u'…' : text;
}

QString jsonValueJson(const QJsonValue &value)
{
    QString text;
    switch (value.type()) {
    case QJsonValue::Object:
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Array:
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        break;
    default: {
        // A scalar: serialised inside an array, then unwrapped, so that
        // strings get JSON's quotes and escapes.
        const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        text = QString::fromUtf8(array.mid(1, array.size() - 2));
    }
    }
    return text;
}

QStringList ResponseAssertions::validate() const
{
    QStringList problems = FieldTable::rangeProblems(*this, responseAssertionFields(), QStringLiteral("assert."));
    if (const QString problem = jsonPointerProblem(jsonPointer); !problem.isEmpty())
        problems.append(QStringLiteral("assert.jsonPointer: ") + problem);
    if (!equals.isUndefined() && jsonPointer.isEmpty())
        problems.append(QStringLiteral("assert.equals: needs assert.jsonPointer, the place in the body to compare"));
    return problems;
}

QString ResponseAssertions::failure(QByteArrayView body, milliseconds latency) const
{
    QStringList failed;
    if (maxLatency.count() > 0 && latency > maxLatency)
        failed.append(QStringLiteral("took %1 ms, more than %2 ms").arg(latency.count()).arg(maxLatency.count()));
    if (!bodyContains.isEmpty() && !body.toByteArray().contains(bodyContains.toUtf8()))
        failed.append(QStringLiteral("the body does not contain %1").arg(jsonValueText(bodyContains)));
    if (!jsonPointer.isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError) {
            failed.append(
                QStringLiteral("the body is not JSON (%1 at byte %2)").arg(error.errorString()).arg(error.offset));
        } else {
            const QJsonValue root = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
            QString why;
            const auto found = resolve(root, jsonPointer, &why);
            if (!found)
                failed.append(why);
            else if (!equals.isUndefined() && *found != equals)
                failed.append(QStringLiteral("%1 is %2, expected %3")
                                  .arg(jsonPointer, jsonValueText(*found), jsonValueText(equals)));
        }
    }
    return failed.join(QStringLiteral("; "));
}

AssertionsReadResult readResponseAssertions(const QJsonObject &object, const ResponseAssertions &base)
{
    return FieldTable::readObject(object, base, QStringLiteral("assert"), responseAssertionFields());
}

QJsonObject toJson(const ResponseAssertions &assertions)
{
    return FieldTable::writeObject(assertions, responseAssertionFields());
}
